//! Everyday phrases, as callers say them in Kazakh, Russian and English, against the launch
//! cities' own catalogs (tenants/*.toml and Taraz's CSV): the service an operator means must be
//! among the first three the search offers.

use std::path::Path;

use qala::catalog::import::CatalogRow;
use qala::catalog::search::{index, rank, Indexed, Texts};
use qala::i18n::LocalizedText;
use qala::platform::manifest::Manifest;

fn catalog(city: &str) -> Vec<CatalogRow> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tenants").join(format!("{city}.toml"));
    Manifest::load(&path).unwrap_or_else(|e| panic!("{city}: {e:?}")).catalog
}

fn top_three(rows: &[CatalogRow], query: &str) -> Vec<String> {
    let none = LocalizedText::default();
    let indexed: Vec<Indexed> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let texts = Texts {
                code: &row.code,
                name: &row.name,
                keywords: row.keywords.as_ref().unwrap_or(&none),
                category: &row.category_name,
                sphere: &row.sphere_name,
            };
            index(i as i64, &texts)
        })
        .collect();
    rank(query, &indexed).into_iter().take(3).map(|i| rows[i as usize].code.clone()).collect()
}

/// (phrase, the patterns the expected service's code matches: `*` stands for any part, as Taraz
/// has one service type per district, route or street; `|` separates the cities' spellings).
const PHRASES: &[(&str, &str)] = &[
    // Water.
    ("вода", "no-cold-water-*"),
    ("нет воды", "no-cold-water-*"),
    ("нет холодной воды", "no-cold-water-*"),
    ("су", "no-cold-water-*"),
    ("su", "no-cold-water-*"),
    ("су жоқ", "no-cold-water-*"),
    ("суық су жоқ", "no-cold-water-*"),
    ("no water", "no-cold-water-*"),
    ("нет горячей воды", "no-hot-water"),
    ("ыстық су жоқ", "no-hot-water"),
    ("hot water", "no-hot-water"),
    ("слабый напор воды", "low-water-pressure"),
    // Power and light.
    ("свет", "*power*"),
    ("нет света", "*power*"),
    ("света нет", "*power*"),
    ("жарық", "*power*"),
    ("жарық жоқ", "*power*"),
    ("no power", "*power*"),
    ("electricity", "*power*"),
    ("не горят фонари", "*light*"),
    ("светофор", "*traffic-light*"),
    // Waste.
    ("мусор", "waste-*not-collected"),
    ("не вывезли мусор", "waste-*not-collected"),
    ("қоқыс", "waste-*not-collected"),
    ("garbage", "waste-*not-collected"),
    ("trash", "waste-*not-collected"),
    // Elevators.
    ("лифт", "elevator-*"),
    ("lift", "elevator-*"),
    ("лифт не работает", "elevator-out-of-service"),
    ("лифт істемейді", "elevator-out-of-service"),
    ("elevator out of service", "elevator-out-of-service"),
    // Heating, roads, snow, animals.
    ("нет отопления", "no-heating-building|cold-apartment"),
    ("батареи холодные", "cold-apartment"),
    ("жылу жоқ", "no-heating-building|cold-apartment"),
    ("яма на дороге", "*pothole*"),
    ("pothole", "*pothole*"),
    ("снег", "snow-*"),
    ("қар", "snow-*"),
    ("бродячие собаки", "stray-dogs"),
    ("иттер", "stray-dogs"),
];

/// `*` matches any run of characters; `a|b` matches either.
fn like(code: &str, patterns: &str) -> bool {
    patterns.split('|').any(|pattern| like_one(code, pattern))
}

fn like_one(code: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = code;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(after) = rest.strip_prefix(part) else { return false };
            rest = after;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else { return false };
            rest = &rest[at + part.len()..];
        }
    }
    rest.is_empty()
}

#[test]
fn everyday_phrases_find_the_service_in_the_first_three_in_every_launch_city() {
    let mut misses = Vec::new();
    for city in ["astana", "petropavlovsk", "taraz"] {
        let rows = catalog(city);
        for (phrase, expected) in PHRASES {
            let found = top_three(&rows, phrase);
            if !found.iter().any(|code| like(code, expected)) {
                misses.push(format!("{city}: «{phrase}» → {found:?}, expected {expected}"));
            }
        }
    }
    assert!(misses.is_empty(), "{} misses:\n{}", misses.len(), misses.join("\n"));
}

#[test]
fn the_code_pattern_matches_as_meant() {
    assert!(like("waste-asa-not-collected", "waste-*not-collected"));
    assert!(like("waste-not-collected", "waste-*not-collected"));
    assert!(like("no-power-apartment", "*power*"));
    assert!(!like("illegal-dump", "waste-*not-collected"));
    assert!(like("stray-dogs", "stray-dogs"));
    assert!(!like("stray-dogs-school", "stray-dogs"));
    assert!(like("cold-apartment", "no-heating-building|cold-apartment"));
}
