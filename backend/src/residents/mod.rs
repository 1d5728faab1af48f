//! Residents: the people who call, write and rate. Found by phone (the operator's screen pop).

pub mod graphql;
mod ids;
pub mod model;
mod otp;
pub mod quotas;
pub mod service;

pub use ids::{Iin, Phone};
