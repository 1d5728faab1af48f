//! The doors appeals come through besides the operator's console: the phone system, whose
//! incoming-call webhook gives the operator who picks up the caller's history, Open311
//! GeoReport v2 for the client apps a city admits, the city's Telegram bot and e-mail.

pub mod graphql;
mod inbound;
pub mod mail;
pub mod model;
pub mod open311;
pub mod phone;
pub mod secrets;
pub mod telegram;
