//! Appeals: registration, routing, deadlines, the lifecycle, repeats, escalation, attachments.

mod access;
pub mod attachments;
mod calendar;
mod deadline;
pub mod escalation;
pub mod graphql;
pub mod journal;
mod lifecycle;
mod links;
mod load;
pub mod model;
mod numbering;
mod outages;
pub mod plan;
mod portal;
mod public_note;
pub mod public_record;
pub mod queue;
pub mod register;
mod resident_view;
pub mod rollup;
pub mod rules;
pub mod seed;
mod seed_mix;
pub mod settings;
mod tracking;

pub use rules::{AppealStatus, Channel, Transition};
