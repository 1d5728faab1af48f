//! Appeals: registration, routing, deadlines, the lifecycle, repeats, escalation, attachments.

pub mod access;
pub mod attachments;
pub mod calendar;
pub mod deadline;
pub mod escalation;
pub mod graphql;
pub mod journal;
pub mod lifecycle;
pub mod links;
pub mod load;
pub mod model;
mod numbering;
pub mod outages;
pub mod portal;
pub mod public_note;
pub mod public_record;
pub mod queue;
pub mod register;
pub mod resident_view;
pub mod routing;
pub mod rules;
pub mod seed;
pub mod settings;
pub mod tracking;

pub use rules::{AppealStatus, Channel, Transition};
