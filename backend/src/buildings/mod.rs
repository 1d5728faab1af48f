//! Residential buildings, who manages them (with the history of management forms) and who else
//! serves them (lifts, heat, water, electricity, gas, the akimat).

pub mod csv;
pub mod districts;
mod form;
pub mod geo;
pub mod graphql;
pub mod model;
pub mod roles;
pub mod service;
pub mod serving;

pub use form::ManagementForm;
