pub mod errors;
mod introspection;
pub mod pagination;
pub mod request;
pub mod schema;

pub use schema::{build_schemas, QalaSchema, Schemas};
