//! Black-box tests of the `qala` application over HTTP and its database, on SQLite or
//! PostgreSQL (see helpers.rs).

mod analytics;
mod appeals_flow;
mod appeals_more;
mod auth;
mod cases;
mod config_admin;
mod email;
mod files_s3;
mod fuzz;
mod graphql_contract;
mod helpers;
mod limits;
mod notify;
mod offered;
mod onboarding;
mod open311;
mod operator_views;
mod phone;
mod portal;
mod privacy;
mod reports;
mod routing;
mod search;
mod smtp_sink;
mod stand_in;
mod telegram;
mod tenancy;
mod transparency;
