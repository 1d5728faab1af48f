//! What the public may know of an appeal, written once for every public door (Open311's request
//! list, public tracking, and any export to come): its status, service and dates, the note staff
//! wrote for the public, the building's address (never the resident's own words for it, which
//! carry apartment numbers), a point rounded to about 100 m when there is no building, and, for
//! an appeal whose text was posted to be public, that text with phone numbers, IINs and e-mail
//! addresses masked.

use chrono::{DateTime, Utc};

use super::model::appeal;
use super::rules::Channel;
use crate::buildings::model::building;

/// Stands in for whatever was masked.
pub const MASK: &str = "***";
/// The longest public text (GeoReport v2's limit on a description).
pub const MAX_TEXT_CHARS: usize = 4000;

pub struct PublicRecord {
    pub description: Option<String>,
    pub note: Option<String>,
    pub address: Option<String>,
    /// The building's code.
    pub address_id: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// When it last changed: for a closed request when it was closed, for a resolved one when it
    /// was resolved, else when it was last updated.
    pub updated_at: DateTime<Utc>,
}

/// The public record of `a`, filed at `building` (the appeal's own, when it has one).
pub fn of(a: &appeal::Model, building: Option<&building::Model>) -> PublicRecord {
    // Only a text its sender posted to a public list is published (Open311 apps); a call, a
    // chat or a letter was told to the center alone.
    let posted_publicly = a.channel == Channel::Open311.as_str();
    let (lat, lon) = match building {
        Some(b) => (Some(b.lat), Some(b.lon)),
        None => (a.lat.map(round_point), a.lon.map(round_point)),
    };
    PublicRecord {
        description: posted_publicly.then(|| mask(&a.description).chars().take(MAX_TEXT_CHARS).collect()),
        note: a.public_note.as_deref().map(mask),
        address: building.map(|b| b.address.clone()),
        address_id: building.map(|b| b.code.clone()),
        lat,
        lon,
        updated_at: match a.status.as_str() {
            "closed" => a.closed_at.unwrap_or(a.updated_at),
            "resolved" => a.resolved_at.unwrap_or(a.updated_at),
            _ => a.updated_at,
        },
    }
}

/// A coordinate to three decimals: about 111 m of latitude, 70–80 m of longitude in Kazakhstan.
pub fn round_point(degrees: f64) -> f64 {
    (degrees * 1000.0).round() / 1000.0
}

/// `text` with phone numbers and IINs (runs of ten or more digits, spaced or not, wherever they
/// stand), e-mail addresses and control characters taken out. Appeal numbers
/// (`AST-2026-000001`) and dates stay.
pub fn mask(text: &str) -> String {
    let words: Vec<String> = text.split(' ').map(mask_email).collect();
    let spaced = words.join(" ");
    let mut out = String::with_capacity(spaced.len());
    let chars: Vec<char> = spaced.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        let starts_number = chars[i].is_ascii_digit() || plus;
        if !starts_number || (i > 0 && chars[i - 1].is_ascii_digit()) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let (end, digits) = number_run(&chars, i);
        if digits >= 10 && !is_appeal_number(&chars, i, end) {
            out.push_str(MASK);
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

/// Whether the run is the year and sequence of an appeal number: `<PREFIX>-2026-000001`.
fn is_appeal_number(chars: &[char], start: usize, end: usize) -> bool {
    let run: String = chars[start..end].iter().collect();
    let shaped = run.len() == 11 && run.as_bytes()[4] == b'-' && run.chars().filter(char::is_ascii_digit).count() == 10;
    shaped && start >= 2 && chars[start - 1] == '-' && chars[start - 2].is_ascii_uppercase()
}

/// Where the run of digits and phone separators from `start` ends (never on a separator), and
/// how many digits it holds. Separators (space, no-break space, `-`, `(`, `)`, `/` between two
/// numbers) come at most three in a row, as in `+7 (701) 555-03-01` or `8 - 701 - 555 03 01`.
fn number_run(chars: &[char], start: usize) -> (usize, usize) {
    let separator = |c: char| matches!(c, ' ' | '\u{a0}' | '-' | '(' | ')' | '/');
    let (mut end, mut digits, mut gap) = (start + 1, usize::from(chars[start].is_ascii_digit()), 0);
    let mut i = start + 1;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            digits += 1;
            gap = 0;
            end = i + 1;
        } else if separator(chars[i]) && gap < 3 {
            gap += 1;
        } else {
            break;
        }
        i += 1;
    }
    (end, digits)
}

/// A word that holds an e-mail address, with the address masked and its punctuation kept.
fn mask_email(word: &str) -> String {
    let edge = |c: char| matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '\'' | '.' | '!' | '?');
    let core = word.trim_matches(edge);
    let is_email = core.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.contains('@')
    });
    if !is_email {
        return word.to_owned();
    }
    let at = word.find(core).unwrap_or(0);
    format!("{}{MASK}{}", &word[..at], &word[at + core.len()..])
}

#[cfg(test)]
mod tests {
    use super::{mask, round_point};

    #[test]
    fn phones_iins_and_emails_are_masked_and_the_rest_stays() {
        let cases = [
            ("Звоните +7 701 555 03 01 вечером", "Звоните *** вечером"),
            ("тел.87015550301", "тел.***"),
            ("8(701)555-03-01, кв. 12", "***, кв. 12"),
            ("ИИН 900101300123", "ИИН ***"),
            ("пишите aigul@mail.kz!", "пишите ***!"),
            ("<ivan.petrov@gov.kz>", "<***>"),
            ("повтор AST-2026-000001 от 12.05.2026 10:30", "повтор AST-2026-000001 от 12.05.2026 10:30"),
            ("дом 12, подъезд 3, кв. 45, 2 этаж", "дом 12, подъезд 3, кв. 45, 2 этаж"),
            ("нет воды\r\nс утра\u{0}", "нет воды\nс утра"),
            ("Абая 63 @ угол", "Абая 63 @ угол"),
            ("тел87015550301", "тел***"),
            ("тел-87015550301 и ИИН900101300123", "тел-*** и ИИН***"),
            ("87015550301/87770001122", "***"),
            ("8 - 701 - 555 03 01", "***"),
        ];
        for (text, masked) in cases {
            assert_eq!(mask(text), masked, "{text}");
        }
    }

    #[test]
    fn a_point_is_rounded_to_about_a_hundred_metres() {
        assert_eq!(round_point(51.160_149), 51.16);
        assert_eq!(round_point(71.470_6), 71.471);
    }
}
