pub mod bulk;
pub mod caches;
pub mod db;
pub mod dialect;
mod files;
pub mod kv;
pub mod links;
pub mod metrics;
pub mod migrate;
pub mod paging;
pub mod phone_gateway;
pub mod seal;
pub mod smtp_relay;
pub mod spreadsheet;
pub mod sql;

pub use db::Db;
pub use files::Files;
pub use kv::Kv;
