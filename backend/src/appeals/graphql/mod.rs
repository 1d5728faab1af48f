//! The appeals API: the queue and the appeal page (query), intake and the lifecycle (mutation).

mod mutation;
mod query;
pub mod types;

pub use mutation::AppealsMutation;
pub use query::{AppealsQuery, TrackingQuery};
