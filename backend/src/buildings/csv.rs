//! The buildings CSV of `importBuildingsCsv` (docs/tenant-manifest.md): one building a row, with
//! its manager and the organizations that serve it, named by code.

use serde::Deserialize;

use super::roles::BuildingRole;

pub const HEADER: &str = "code,address,address_kk,district,lat,lon,apartments,floors,management_form,managing_org,elevator,heat,water,electricity,gas,akimat";

/// The most rows one file may hold: a city's housing stock is imported in parts beyond that.
pub const MAX_ROWS: usize = 20_000;

/// One row as written; the organizations are codes.
#[derive(Deserialize, Debug, Clone)]
pub struct Row {
    pub code: String,
    pub address: String,
    pub address_kk: String,
    pub district: String,
    pub lat: f64,
    pub lon: f64,
    pub apartments: i32,
    pub floors: Option<i32>,
    pub management_form: String,
    pub managing_org: String,
    pub elevator: String,
    pub heat: String,
    pub water: String,
    pub electricity: String,
    pub gas: String,
    pub akimat: String,
}

impl Row {
    /// The roles the row names, with the organization code of each.
    pub fn serving(&self) -> Vec<(BuildingRole, &str)> {
        [
            (BuildingRole::Elevator, &self.elevator),
            (BuildingRole::Heat, &self.heat),
            (BuildingRole::Water, &self.water),
            (BuildingRole::Electricity, &self.electricity),
            (BuildingRole::Gas, &self.gas),
            (BuildingRole::Akimat, &self.akimat),
        ]
        .into_iter()
        .filter(|(_, code)| !code.is_empty())
        .map(|(role, code)| (role, code.as_str()))
        .collect()
    }
}

/// Parses the file; each row comes with its line number. Errors name the line (at most 20).
pub fn parse(text: &str) -> Result<Vec<(usize, Row)>, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let header = reader.headers().map(|h| h.iter().collect::<Vec<_>>().join(",")).unwrap_or_default();
    if header != HEADER {
        return Err(vec![format!("line 1: the header must be exactly `{HEADER}`")]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut codes = std::collections::HashSet::new();
    for (index, record) in reader.deserialize::<Row>().enumerate() {
        let line = index + 2;
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(vec![format!("more than {MAX_ROWS} rows: import the buildings in parts")]);
        }
        match record {
            Ok(row) if !codes.insert(row.code.clone()) => {
                errors.push(format!("line {line}: code `{}` is repeated", row.code))
            }
            Ok(row) => rows.push((line, row)),
            Err(e) => errors.push(format!("line {line}: {}", e.to_string().replace('\n', " "))),
        }
        if errors.len() >= 20 {
            break;
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_their_roles_and_bad_rows_name_their_line() {
        let text = format!(
            "{HEADER}\nB-1,\"ул. Абая, 63\",\"Абай көшесі, 63\",yesil,51.1,71.4,120,9,osi,osi-1,lift-1,heat-1,,,,\nB-2,x,,,51,71,abc,,osi,osi-1,,,,,,\n"
        );
        let errors = parse(&text).expect_err("apartments is not a number");
        assert!(errors.iter().any(|e| e.starts_with("line 3:")), "{errors:?}");
        let good = format!("{HEADER}\nB-1,\"ул. Абая, 63\",,yesil,51.1,71.4,120,9,osi,osi-1,lift-1,heat-1,,,,\n");
        let rows = parse(&good).expect("one row");
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.address, "ул. Абая, 63");
        assert_eq!(rows[0].1.serving(), vec![(BuildingRole::Elevator, "lift-1"), (BuildingRole::Heat, "heat-1")]);
        assert!(parse("code,address\nB-1,x\n").is_err());
        let twice = format!("{HEADER}\nB-1,x,,,51,71,1,,osi,o,,,,,,\nB-1,y,,,51,71,1,,osi,o,,,,,,\n");
        assert!(parse(&twice).expect_err("repeated").iter().any(|e| e.contains("repeated")));
    }
}
