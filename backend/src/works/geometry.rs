//! Permit geometries: a GeoJSON `Point` or `LineString` in WGS84, checked before it is stored.

use serde_json::Value;

pub fn check(raw: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(raw).map_err(|_| "the geometry is not JSON".to_owned())?;
    let position = |p: &Value| -> Result<(), String> {
        let numbers: Option<Vec<f64>> =
            p.as_array().filter(|a| a.len() == 2).and_then(|a| a.iter().map(Value::as_f64).collect());
        match numbers {
            Some(c) if (-180.0..=180.0).contains(&c[0]) && (-90.0..=90.0).contains(&c[1]) => Ok(()),
            _ => Err("a position is [longitude, latitude], two numbers in range".into()),
        }
    };
    match value["type"].as_str() {
        Some("Point") => position(&value["coordinates"])?,
        Some("LineString") => {
            let points = value["coordinates"].as_array().ok_or("a LineString needs coordinates")?;
            if points.len() < 2 || points.len() > 1000 {
                return Err("a LineString has 2–1000 positions".into());
            }
            points.iter().try_for_each(position)?;
        }
        _ => return Err("the geometry must be a GeoJSON Point or LineString".into()),
    }
    Ok(serde_json::json!({ "type": value["type"], "coordinates": value["coordinates"] }))
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn points_and_lines_pass_and_anything_else_is_refused() {
        assert!(check(r#"{"type":"Point","coordinates":[69.38,42.9]}"#).is_ok());
        assert!(check(r#"{"type":"LineString","coordinates":[[69.38,42.9],[69.39,42.91]]}"#).is_ok());
        assert!(check(r#"{"type":"Point","coordinates":[42.9]}"#).is_err());
        assert!(check(r#"{"type":"Point","coordinates":[69.3,"x",42.9]}"#).is_err());
        assert!(check(r#"{"type":"Point","coordinates":[190,42.9]}"#).is_err());
        assert!(check(r#"{"type":"Polygon","coordinates":[]}"#).is_err());
        assert!(check("not json").is_err());
    }
}
