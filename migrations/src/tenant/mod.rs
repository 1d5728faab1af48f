pub mod m0001_core;
