//! The KSK rating formula (docs/rating.md). Pure: the inputs are counted elsewhere.

/// What was counted for one KSK or OSI in one quarter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub organization_id: i64,
    /// Standing votes (voided ones do not count) and the sum of their scores (1–5).
    pub votes: i64,
    pub vote_sum: i64,
    /// Apartments in the buildings the organization manages.
    pub apartments: i64,
    /// Appeals registered in the quarter and routed to the organization.
    pub appeals: i64,
    /// Appeals due in the quarter (up to now), and those resolved by their deadline.
    pub due: i64,
    pub met_deadline: i64,
    /// Appeals of the quarter that were reopened after a resolution.
    pub reopened: i64,
    /// Residents' ratings of handled appeals rated in the quarter: count and sum (1–5).
    pub ratings: i64,
    pub rating_sum: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub inputs: Inputs,
    /// The vote average smoothed toward the city mean (1–5).
    pub vote_score: f64,
    pub appeals_per_100: Option<f64>,
    pub deadline_compliance: Option<f64>,
    pub reopen_rate: Option<f64>,
    /// The residents' ratings of appeals, smoothed toward the city mean (1–5).
    pub appeal_rating: f64,
    /// The composite, 0–100.
    pub score: f64,
    pub rank: usize,
}

/// Smoothing: the number of votes (and of appeal ratings) worth as much as the city mean.
pub const MIN_VOTES: f64 = 10.0;
pub const MIN_RATINGS: f64 = 5.0;
/// Weights of the components; they sum to 1.
pub const WEIGHTS: Weights = Weights { votes: 0.40, appeal_ratings: 0.15, deadlines: 0.20, load: 0.15, reopens: 0.10 };

pub struct Weights {
    pub votes: f64,
    pub appeal_ratings: f64,
    pub deadlines: f64,
    pub load: f64,
    pub reopens: f64,
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn mean(sum: i64, count: i64, fallback: f64) -> f64 {
    if count > 0 {
        sum as f64 / count as f64
    } else {
        fallback
    }
}

/// Scores and ranks every organization: highest score first, ties by more votes, then by id.
pub fn score(all: Vec<Inputs>) -> Vec<Scored> {
    let total = |f: fn(&Inputs) -> i64| all.iter().map(f).sum::<i64>();
    let city_vote = mean(total(|i| i.vote_sum), total(|i| i.votes), 3.0);
    let city_rating = mean(total(|i| i.rating_sum), total(|i| i.ratings), 3.0);
    let city_per_100 = ratio(total(|i| i.appeals) * 100, total(|i| i.apartments));
    let city_compliance = ratio(total(|i| i.met_deadline), total(|i| i.due)).unwrap_or(1.0);
    let city_reopen = ratio(total(|i| i.reopened), total(|i| i.appeals)).unwrap_or(0.0);

    let mut scored: Vec<Scored> = all
        .into_iter()
        .map(|i| {
            let vote_score = (MIN_VOTES * city_vote + i.vote_sum as f64) / (MIN_VOTES + i.votes as f64);
            let appeal_rating = (MIN_RATINGS * city_rating + i.rating_sum as f64) / (MIN_RATINGS + i.ratings as f64);
            let appeals_per_100 = ratio(i.appeals * 100, i.apartments);
            let deadline_compliance = ratio(i.met_deadline, i.due);
            let reopen_rate = ratio(i.reopened, i.appeals);
            // Load: 1 with no appeals, ½ at the city's rate, toward 0 far above it.
            let load = match (appeals_per_100, city_per_100) {
                (Some(own), Some(city)) if city > 0.0 => city / (city + own),
                // No appeals anywhere in the city: nobody is loaded.
                (Some(_), Some(_)) => 1.0,
                _ => 0.5,
            };
            let score = 100.0
                * (WEIGHTS.votes * (vote_score - 1.0) / 4.0
                    + WEIGHTS.appeal_ratings * (appeal_rating - 1.0) / 4.0
                    + WEIGHTS.deadlines * deadline_compliance.unwrap_or(city_compliance)
                    + WEIGHTS.load * load
                    + WEIGHTS.reopens * (1.0 - reopen_rate.unwrap_or(city_reopen)));
            Scored {
                inputs: i,
                vote_score,
                appeals_per_100,
                deadline_compliance,
                reopen_rate,
                appeal_rating,
                score,
                rank: 0,
            }
        })
        .collect();
    scored.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.inputs.votes.cmp(&a.inputs.votes))
            .then(a.inputs.organization_id.cmp(&b.inputs.organization_id))
    });
    for (n, s) in scored.iter_mut().enumerate() {
        s.rank = n + 1;
    }
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Two KSKs, computed by hand:
    /// A: 20 votes summing 90 (avg 4.5), 200 apartments, 10 appeals, 8 due of which 6 met,
    ///    1 reopened, 4 ratings summing 18.
    /// B: 2 votes summing 10 (avg 5.0), 100 apartments, 10 appeals, 10 due of which 5 met,
    ///    0 reopened, no ratings.
    /// City: vote mean 100/22 = 4.545454…; rating mean 18/4 = 4.5; appeals per 100 = 20·100/300
    /// = 6.666…; compliance 11/18; reopen rate 1/20.
    #[test]
    fn the_formula_on_a_hand_computed_case() {
        let a = Inputs {
            organization_id: 1,
            votes: 20,
            vote_sum: 90,
            apartments: 200,
            appeals: 10,
            due: 8,
            met_deadline: 6,
            reopened: 1,
            ratings: 4,
            rating_sum: 18,
        };
        let b = Inputs {
            organization_id: 2,
            votes: 2,
            vote_sum: 10,
            apartments: 100,
            appeals: 10,
            due: 10,
            met_deadline: 5,
            ..Default::default()
        };
        let ranked = score(vec![a, b]);
        let city_vote = 100.0 / 22.0;
        // A: vote (10·4.5454 + 90) / 30 = 4.515151…; rating (5·4.5 + 18) / 9 = 4.5;
        //    per 100 = 5, load = 6.666/(6.666+5) = 0.571428…; compliance 0.75; reopen 0.1.
        let vote_a = (10.0 * city_vote + 90.0) / 30.0;
        let load_a = (20.0 / 3.0) / (20.0 / 3.0 + 5.0);
        let score_a =
            100.0 * (0.40 * (vote_a - 1.0) / 4.0 + 0.15 * (4.5 - 1.0) / 4.0 + 0.20 * 0.75 + 0.15 * load_a + 0.10 * 0.9);
        // B: vote (10·4.5454 + 10) / 12 = 4.621212…; rating = city 4.5; per 100 = 10,
        //    load = 6.666/16.666 = 0.4; compliance 0.5; reopen 0.
        let vote_b = (10.0 * city_vote + 10.0) / 12.0;
        let score_b =
            100.0 * (0.40 * (vote_b - 1.0) / 4.0 + 0.15 * (4.5 - 1.0) / 4.0 + 0.20 * 0.5 + 0.15 * 0.4 + 0.10 * 1.0);
        assert!(score_a > score_b, "two votes of 5 do not beat twenty of 4.5 with better service");
        assert_eq!((ranked[0].inputs.organization_id, ranked[0].rank), (1, 1));
        assert!(close(ranked[0].vote_score, vote_a) && close(ranked[0].score, score_a), "{:?}", ranked[0]);
        assert!(close(ranked[1].vote_score, vote_b) && close(ranked[1].score, score_b), "{:?}", ranked[1]);
        assert!(close(ranked[0].appeals_per_100.unwrap_or_default(), 5.0));
        assert!(close(ranked[1].deadline_compliance.unwrap_or_default(), 0.5));
        assert!(close(ranked[0].appeal_rating, 4.5) && close(ranked[1].appeal_rating, 4.5));
    }

    #[test]
    fn with_no_data_everyone_scores_alike_and_ties_rank_by_votes_then_id() {
        let ranked = score(vec![
            Inputs { organization_id: 7, ..Default::default() },
            Inputs { organization_id: 3, ..Default::default() },
        ]);
        assert!(close(ranked[0].score, ranked[1].score));
        // Neutral: vote 3 → 0.5, rating 3 → 0.5, compliance 1, load ½ (no apartments), no reopens.
        assert!(close(ranked[0].score, 100.0 * (0.40 * 0.5 + 0.15 * 0.5 + 0.20 + 0.15 * 0.5 + 0.10)));
        assert_eq!(ranked.iter().map(|r| r.inputs.organization_id).collect::<Vec<_>>(), [3, 7]);
    }
}
