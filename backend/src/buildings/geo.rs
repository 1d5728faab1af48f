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

/// The square of side `cell_m` meters holding a point, as (row, column) of a grid anchored at
/// 0°, 0°; its columns are as wide at the row's latitude.
pub fn grid_cell(lat: f64, lon: f64, cell_m: f64) -> (i64, i64) {
    let dlat = cell_m / 111_320.0;
    let row = (lat / dlat).floor();
    (row as i64, (lon / column_width(row, dlat, cell_m)).floor() as i64)
}

/// The center of a grid cell.
pub fn cell_center(cell: (i64, i64), cell_m: f64) -> (f64, f64) {
    let dlat = cell_m / 111_320.0;
    let row = cell.0 as f64;
    ((row + 0.5) * dlat, (cell.1 as f64 + 0.5) * column_width(row, dlat, cell_m))
}

fn column_width(row: f64, dlat: f64, cell_m: f64) -> f64 {
    cell_m / (111_320.0 * ((row + 0.5) * dlat).to_radians().cos().max(0.01))
}

/// The street of an address: what comes before the house number («ул. Кенесары, 40» →
/// «ул. Кенесары»), so that appeals about a street's houses count together.
pub fn street_of(address: &str) -> String {
    let parts: Vec<&str> = address.split(',').map(str::trim).collect();
    let number_at = parts.iter().position(|p| p.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(parts.len());
    let street = parts[..number_at.max(1)].join(", ");
    // «Сарыарқа 12»: the number written without a comma.
    match street.rsplit_once(' ') {
        Some((name, number)) if number.starts_with(|c: char| c.is_ascii_digit()) => name.trim().to_owned(),
        _ => street,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fall_in_grid_cells_and_addresses_name_their_street() {
        let a = grid_cell(51.1605, 71.4704, 500.0);
        let b = grid_cell(51.1607, 71.4706, 500.0);
        assert_eq!(a, b, "30 meters apart");
        let center = cell_center(a, 500.0);
        assert!(distance_m(center, (51.1605, 71.4704)) < 500.0, "{center:?}");
        assert_ne!(grid_cell(51.1605, 71.4704, 500.0), grid_cell(51.1705, 71.4704, 500.0));
        assert_eq!(street_of("ул. Кенесары, 40"), "ул. Кенесары");
        assert_eq!(street_of("пр. Абая, 63, корпус 2"), "пр. Абая");
        assert_eq!(street_of("Сарыарқа 12"), "Сарыарқа");
    }

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
