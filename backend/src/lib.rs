//! Qala 109: a multi-tenant platform for the 109 city service centers of Kazakhstan.
//!
//! Each domain context is a folder with its entities, rules, service and GraphQL resolvers;
//! `http` wires them to actix-web, `infra` holds databases and shared state.

pub mod access;
pub mod analytics;
pub mod appeals;
pub mod audit;
pub mod auth;
pub mod buildings;
pub mod catalog;
pub mod channels;
pub mod cli;
pub mod config;
pub mod context;
pub mod demo;
pub mod error;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod infra;
pub mod jobs;
pub mod notify;
pub mod orgs;
pub mod platform;
pub mod rating;
pub mod residents;
pub mod routing;
pub mod state;
mod string_enum;
pub mod telemetry;
pub mod tenancy;
pub mod validate;
pub mod words;
pub mod works;
