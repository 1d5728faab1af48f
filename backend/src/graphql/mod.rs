pub mod pagination;
pub mod schema;

pub use schema::{build_schema, QalaSchema};
