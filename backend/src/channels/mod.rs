//! The doors appeals come through besides the operator's console. So far: the phone system,
//! whose incoming-call webhook gives the operator who picks up the caller's history.

pub mod graphql;
pub mod model;
pub mod phone;
pub mod secrets;
