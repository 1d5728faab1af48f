//! Transparency for residents: excavation permits on the map, and public works queues.

pub mod geometry;
pub mod graphql;
pub mod model;
pub mod permits;
pub mod queue;
