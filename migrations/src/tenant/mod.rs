pub mod m0001_core;
pub mod m0002_appeals;
pub mod m0003_transparency;
pub mod m0004_channels;
pub mod m0005_open311;
pub mod m0006_messaging;
pub mod m0007_building_location;
pub mod m0008_outbox_parking;
