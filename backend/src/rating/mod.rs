//! The public KSK rating: residents' votes and how each KSK and OSI handles its appeals.

pub mod formula;
pub mod graphql;
pub mod model;
pub mod quarter;
pub mod service;
