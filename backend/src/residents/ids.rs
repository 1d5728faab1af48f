//! A resident's phone number and individual identification number (IIN), parsed once.

use chrono::NaiveDate;

use crate::orgs::check_digit;

/// A phone number in the form `+7XXXXXXXXXX` (Kazakhstan; Russian numbers share the code).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Accepts `+7 701 234 56 78`, `8 (701) 234-56-78`, `77012345678` and the like.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.' | '\u{a0}')).collect();
        let national = if let Some(rest) = digits.strip_prefix("+7") {
            rest
        } else if digits.len() == 11 && (digits.starts_with('8') || digits.starts_with('7')) {
            &digits[1..]
        } else {
            return Err(format!("`{raw}` is not a phone number: write it as +7XXXXXXXXXX"));
        };
        let valid = national.len() == 10
            && national.chars().all(|c| c.is_ascii_digit())
            && matches!(national.as_bytes()[0], b'3' | b'4' | b'7' | b'8' | b'9');
        if valid {
            Ok(Self(format!("+7{national}")))
        } else {
            Err(format!("`{raw}` is not a phone number: write it as +7XXXXXXXXXX"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last four digits, which public tracking asks for.
    pub fn last_four(&self) -> &str {
        &self.0[self.0.len() - 4..]
    }
}

/// An individual identification number: birth date, century and sex, serial and check digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Iin(String);

impl Iin {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(10)).collect();
        if raw.len() != 12 || digits.len() != 12 {
            return Err("an IIN has exactly 12 digits".into());
        }
        let century = match digits[6] {
            1 | 2 => 1800,
            3 | 4 => 1900,
            5 | 6 => 2000,
            _ => return Err("the 7th digit of an IIN (century and sex) must be 1–6".into()),
        };
        let year = century + (digits[0] * 10 + digits[1]) as i32;
        if NaiveDate::from_ymd_opt(year, digits[2] * 10 + digits[3], digits[4] * 10 + digits[5]).is_none() {
            return Err("the first six digits of an IIN must be a birth date (YYMMDD)".into());
        }
        match check_digit(&digits[..11]) {
            Some(check) if check == digits[11] => Ok(Self(raw.to_owned())),
            _ => Err("check digit does not match".into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalized_to_plus_seven() {
        for raw in ["+7 701 234 56 78", "8 (701) 234-56-78", "87012345678", "77012345678", "+77012345678"] {
            assert_eq!(Phone::parse(raw).map(|p| p.0), Ok("+77012345678".to_owned()), "{raw}");
        }
        assert_eq!(Phone::parse("+7 7172 55-64-10").map(|p| p.last_four().to_owned()), Ok("6410".into()));
    }

    #[test]
    fn bad_phones_are_refused() {
        for raw in ["", "109", "+7701234567", "+770123456789", "+1 202 555 0100", "+7 101 234 56 78", "8701234567x"] {
            assert!(Phone::parse(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn an_iin_needs_a_birth_date_a_century_and_its_check_digit() {
        // 8 5 0 3 1 5 3 0 0 1 2 → 8·1+5·2+0·3+3·4+1·5+5·6+3·7+0·8+0·9+1·10+2·11 = 118 ≡ 8 (mod 11)
        assert!(Iin::parse("850315300128").is_ok());
        assert_eq!(Iin::parse("850315300129"), Err("check digit does not match".into()));
        assert!(Iin::parse("851315300128").is_err(), "month 13");
        assert!(Iin::parse("850315900128").is_err(), "century digit 9");
        assert!(Iin::parse("85031530012").is_err());
    }
}
