//! Staff authentication (argon2id passwords, JWT access tokens, rotating refresh tokens) and
//! user administration.

pub mod graphql;
pub mod jwt;
pub mod model;
pub mod password;
mod roles;
pub mod service;
mod throttle;
mod tokens;
pub mod users;

pub use roles::{parse_roles, store_roles, Role};
