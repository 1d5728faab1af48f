pub mod db;
pub mod files;
pub mod kv;
pub mod links;
pub mod migrate;
pub mod paging;
pub mod seal;
pub mod sql;

pub use db::Db;
pub use files::Files;
pub use kv::Kv;
