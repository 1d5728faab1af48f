//! Transparency for residents: excavation permits on the map, and public works queues.

mod geometry;
pub mod graphql;
mod model;
pub mod permits;
mod queue;
