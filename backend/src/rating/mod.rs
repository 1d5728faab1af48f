//! The public KSK rating: residents' votes and how each KSK and OSI handles its appeals.

mod formula;
pub mod graphql;
mod model;
mod quarter;
mod service;
