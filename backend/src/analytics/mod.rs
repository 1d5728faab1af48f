//! What the center learns from its appeals: the dashboard's figures, the control of execution
//! per organization and the supervisors' inbox, read from the appeal rollups
//! (`appeals::rollup`) that the appeals context keeps exact.

pub mod cases;
pub mod dashboard;
pub mod execution;
pub mod export;
pub mod figures;
pub mod filter;
pub mod graphql;
pub mod hotspots;
pub mod inbox;
pub mod readiness;
pub mod rebuild;
pub mod reports;

use crate::access::Role;

/// Who reads the center's figures.
pub const READERS: &[Role] = &[Role::CityAdmin, Role::Supervisor, Role::Analyst];
