//! Organizations of a city: departments, akimats, utilities, KSK/OSI, elevator operators, police.

pub mod graphql;
mod kind;
pub mod model;
pub mod service;

pub use kind::{check_digit, Bin, OrgKind};
