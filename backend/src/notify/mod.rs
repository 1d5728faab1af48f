//! Delivering the notification outbox: residents hear of their appeals on the door they came
//! through (a text message, the Telegram chat, the mailbox), in the appeal's language; an
//! organization is e-mailed about the appeals and permits it must act on, in the city's language.
//! Supervisors' rows stay for the console; rows no configured door can carry are parked and
//! shown to the city admin.

mod backlog;
mod carriers;
pub mod deliver;
pub mod graphql;
mod organizations;
mod supervisors;
mod texts;
