//! The doors appeals come through besides the operator's console: the phone system, whose
//! incoming-call webhook gives the operator who picks up the caller's history, and Open311
//! GeoReport v2 for the client apps a city admits.

pub mod graphql;
pub mod model;
pub mod open311;
pub mod phone;
pub mod secrets;
