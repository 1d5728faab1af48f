//! Systemic cases (seed 002): the center analyses an organization that keeps failing its
//! appeals, the city's authority sets a deadline, the organization reports back, and the case
//! ends with the problem resolved or the organization named ineffective. Cases are suggested
//! when an organization's figures cross the thresholds the city sets.

pub mod model;
pub mod service;
pub mod suggest;
