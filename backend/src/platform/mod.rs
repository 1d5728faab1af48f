//! Administering cities on the shared deployment: manifests and onboarding, branding, listing and
//! suspending tenants.

mod branding;
pub mod graphql;
pub mod manifest;
pub mod onboard;
pub mod service;
