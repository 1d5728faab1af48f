//! Open311 GeoReport v2 for each city under `/t/<slug>/open311/v2/`: client apps registered by
//! the city admin post requests with their API key; anyone reads the service list and the
//! requests, in JSON or XML, and the files posted with them. A retried delivery of the same
//! request returns the same one.

pub mod clients;
pub mod media;
pub mod requests;
