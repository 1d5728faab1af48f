//! Routing: which organization receives an appeal. A city's ordered routing table (a service
//! type, category or sphere, optionally a district or buildings, sent to an organization or to
//! the building's organization in a role), then the building, the catalog and the kind. An
//! appeal nobody receives carries the reason, for the operators' "needs routing" queue.

pub mod engine;
pub mod graphql;
pub mod model;
pub mod rules;
pub mod service;

pub use engine::{route, Ask, Route, Routed};
pub use rules::Unrouted;
