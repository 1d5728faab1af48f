//! Residential buildings and who manages them, with the history of management forms.

pub mod districts;
mod form;
pub mod geo;
pub mod graphql;
pub mod model;
pub mod service;

pub use form::ManagementForm;
