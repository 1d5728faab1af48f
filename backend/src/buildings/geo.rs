//! Distances on the city map, and the boxes that let an index narrow a search around a point
//! before the exact distance is taken.

/// Great-circle distance in meters.
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6_371_000.0 * h.sqrt().asin()
}

/// The latitude and longitude ranges holding every point within `radius_m` of `(lat, lon)`.
pub fn bounding_box(lat: f64, lon: f64, radius_m: f64) -> ((f64, f64), (f64, f64)) {
    let dlat = radius_m / 111_320.0;
    let dlon = radius_m / (111_320.0 * lat.to_radians().cos().max(0.01));
    ((lat - dlat, lat + dlat), (lon - dlon, lon + dlon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_in_meters() {
        let d = distance_m((51.1282, 71.4304), (51.1282, 71.4448));
        assert!((d - 1005.0).abs() < 15.0, "{d}");
    }

    #[test]
    fn the_box_holds_the_circle() {
        let ((lat_lo, lat_hi), (lon_lo, lon_hi)) = bounding_box(51.16, 71.47, 50.0);
        for corner in [(lat_lo, 71.47), (lat_hi, 71.47), (51.16, lon_lo), (51.16, lon_hi)] {
            let d = distance_m((51.16, 71.47), corner);
            assert!((d - 50.0).abs() < 1.0, "{corner:?} is {d} m away");
        }
    }
}
