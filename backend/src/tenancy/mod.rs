//! Tenants: the registry, request → tenant resolution, manifests and onboarding.

pub mod branding;
pub mod graphql;
pub mod manifest;
pub mod model;
pub mod onboard;
mod registry;
pub mod resolve;
pub mod service;
mod slug;

pub use registry::{Registry, Tenant};
pub use slug::Slug;
