//! Delivering the notification outbox: what the appeals wrote for residents goes out as a
//! text message in the appeal's language. Organizations and supervisors are reached through
//! channels still to come (e-mail), so their rows wait.

pub mod deliver;
pub mod texts;
