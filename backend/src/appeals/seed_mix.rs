//! What makes seeded appeals look like a real center's: the mix of spheres of seed 003 (health,
//! transport and electricity first), seasons (heating complaints in the cold months, snow in
//! winter, roads in spring), repeats that cluster at a minority of buildings, and organizations
//! that differ in punctuality.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use rand::rngs::StdRng;
use rand::Rng;

/// Appeals per sphere in seed 003's ten months, in thousands, by the launch catalogs' codes;
/// housing, which seed 001 finds in most appeals of a smaller city, is given a share as well.
const SPHERE_WEIGHTS: &[(&str, f64)] = &[
    ("health", 566.0),
    ("transport", 229.0),
    ("electricity", 121.0),
    ("urban-environment", 114.0),
    ("payment-document", 109.0),
    ("education", 79.0),
    ("roads", 64.0),
    ("housing", 150.0),
    ("water", 66.0),
    ("public-order", 39.0),
    ("social", 30.0),
];

/// A sphere a city named otherwise.
const OTHER_SPHERE: f64 = 40.0;

/// How much more (or less) a category is asked about in a month: heating in the cold months,
/// snow in winter, roads when the snow melts.
pub fn season_factor(category_code: &str, month: u32) -> f64 {
    let cold = matches!(month, 10..=12 | 1..=4);
    if category_code.contains("heating") {
        return if cold { 3.0 } else { 0.25 };
    }
    if category_code.contains("winter") || category_code.contains("snow") {
        return if matches!(month, 11 | 12 | 1..=3) { 4.0 } else { 0.1 };
    }
    if category_code.starts_with("roads") {
        return if matches!(month, 3..=5) { 2.0 } else { 1.0 };
    }
    if category_code.contains("greenery") {
        return if matches!(month, 4..=9) { 2.0 } else { 0.3 };
    }
    1.0
}

/// One service type as the mix sees it.
pub struct Offered {
    pub index: usize,
    pub sphere_code: String,
    pub category_code: String,
    /// How many service types share the sphere: a sphere's weight is split among them.
    pub in_sphere: usize,
}

/// Picks service types with the sphere weights and the month's season factor.
pub struct Mix {
    /// Per month (0..12): cumulative weights over `offered`.
    cumulative: Vec<Vec<f64>>,
    indexes: Vec<usize>,
}

impl Mix {
    pub fn new(offered: &[Offered]) -> Self {
        let cumulative = (1..=12)
            .map(|month| {
                let mut total = 0.0;
                offered
                    .iter()
                    .map(|o| {
                        let sphere = SPHERE_WEIGHTS
                            .iter()
                            .find(|(code, _)| *code == o.sphere_code)
                            .map_or(OTHER_SPHERE, |(_, w)| *w);
                        total += sphere / o.in_sphere.max(1) as f64 * season_factor(&o.category_code, month);
                        total
                    })
                    .collect()
            })
            .collect();
        Mix { cumulative, indexes: offered.iter().map(|o| o.index).collect() }
    }

    pub fn pick(&self, rng: &mut StdRng, at: DateTime<Utc>, tz: Tz) -> usize {
        let month = at.with_timezone(&tz).month0() as usize;
        let weights = &self.cumulative[month];
        let roll = rng.gen_range(0.0..weights.last().copied().unwrap_or(1.0).max(f64::MIN_POSITIVE));
        let at = weights.partition_point(|w| *w <= roll).min(self.indexes.len().saturating_sub(1));
        self.indexes[at]
    }
}

/// A building for an appeal: a power law over a shuffled order, so that a fifth of the
/// buildings draws most appeals and the same houses come back quarter after quarter.
pub fn pick_building(rng: &mut StdRng, count: usize) -> usize {
    let u: f64 = rng.gen_range(0.0..1.0);
    ((u.powf(2.5) * count as f64) as usize).min(count.saturating_sub(1))
}

/// How an organization keeps its deadlines: the share of its appeals resolved late and reopened.
#[derive(Debug, Clone, Copy)]
pub struct Punctuality {
    pub late: f64,
    pub reopened: f64,
}

impl Punctuality {
    /// Most organizations are punctual; one in five is not, and one in twenty fails half its
    /// appeals (seed 002: ineffective KSK and elevator operators are named).
    pub fn draw(rng: &mut StdRng) -> Self {
        let roll: f64 = rng.gen_range(0.0..1.0);
        let late = if roll < 0.05 {
            rng.gen_range(0.4..0.6)
        } else if roll < 0.25 {
            rng.gen_range(0.15..0.3)
        } else {
            rng.gen_range(0.01..0.08)
        };
        Punctuality { late, reopened: late / 3.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn heating_is_a_winter_complaint_and_health_leads_the_mix() {
        let offered = [
            Offered { index: 0, sphere_code: "health".into(), category_code: "health-primary".into(), in_sphere: 1 },
            Offered { index: 1, sphere_code: "housing".into(), category_code: "housing-heating".into(), in_sphere: 1 },
        ];
        let mix = Mix::new(&offered);
        let mut rng = StdRng::seed_from_u64(1);
        let count = |at: &str, rng: &mut StdRng| {
            let at: DateTime<Utc> = at.parse().expect("a time");
            (0..10_000).filter(|_| mix.pick(rng, at, chrono_tz::Asia::Almaty) == 1).count()
        };
        let (january, july) = (count("2026-01-15T10:00:00Z", &mut rng), count("2026-07-15T10:00:00Z", &mut rng));
        assert!(january > 5 * july, "heating in January {january}, in July {july}");
        assert!(july < 1000, "health leads in summer: {july} of 10000 were heating");
    }

    #[test]
    fn a_minority_of_buildings_draws_most_appeals() {
        let mut rng = StdRng::seed_from_u64(7);
        let mut hits = vec![0u32; 100];
        for _ in 0..100_000 {
            hits[pick_building(&mut rng, 100)] += 1;
        }
        let top_fifth: u32 = hits[..20].iter().sum();
        assert!(top_fifth > 50_000, "the first fifth drew {top_fifth} of 100000");
    }
}
