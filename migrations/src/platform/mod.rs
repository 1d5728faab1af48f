pub mod m0001_platform;
