//! Staff authentication (argon2id passwords, rotating refresh tokens, the login throttle) and
//! user administration. The caller, its roles and the access tokens are `crate::access`.

pub mod graphql;
pub mod model;
pub mod password;
pub mod service;
mod throttle;
mod tokens;
pub mod users;
