//! Which city a request is for: the tenant table, the cached registry, slugs and request → tenant
//! resolution. Administering cities (onboarding, branding, suspension) is `crate::platform`.

mod migrate;
pub mod model;
mod registry;
pub mod resolve;
pub mod settings;
mod slug;

pub use migrate::migrate_all;
pub use registry::{Registry, Tenant};
pub use slug::Slug;
