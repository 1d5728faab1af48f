//! The service catalog: spheres → categories → service types, in three languages.

pub mod attributes;
pub mod csv;
pub mod graphql;
pub mod import;
pub mod model;
mod rules;
pub mod search;
pub mod service;

pub use rules::{AppealType, Deadline, DeadlineUnit, Responsible};
