pub mod db;
pub mod kv;
pub mod migrate;

pub use db::Db;
pub use kv::Kv;
