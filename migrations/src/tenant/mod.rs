pub mod m0001_core;
pub mod m0002_appeals;
