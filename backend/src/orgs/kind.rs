use crate::string_enum;

string_enum! {
    /// What an organization is, which decides the appeals routed to it.
    OrgKind {
        Department = "department",
        DistrictAkimat = "district_akimat",
        Utility = "utility",
        Ksk = "ksk",
        Osi = "osi",
        ManagementCompany = "management_company",
        ElevatorOperator = "elevator_operator",
        Contractor = "contractor",
        Police = "police",
    }
}

impl OrgKind {
    /// KSK, OSI and management companies manage residential buildings.
    pub fn manages_housing(self) -> bool {
        matches!(self, OrgKind::Ksk | OrgKind::Osi | OrgKind::ManagementCompany)
    }
}

/// A Kazakhstani business identification number (BIN), 12 digits with a check digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bin(String);

impl Bin {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(10)).collect();
        if raw.len() != 12 || digits.len() != 12 {
            return Err("a BIN has exactly 12 digits".into());
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

/// The control digit of a BIN or IIN: weights 1..11; when the sum mod 11 is 10, weights
/// 3..11,1,2; when that is 10 again, the number cannot be valid.
pub fn check_digit(first_eleven: &[u32]) -> Option<u32> {
    let weighted = |offset: u32| -> u32 {
        first_eleven.iter().enumerate().map(|(i, d)| d * ((i as u32 + offset) % 11 + 1)).sum::<u32>() % 11
    };
    match weighted(0) {
        10 => Some(weighted(2)).filter(|c| *c != 10),
        check => Some(check),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bin_with_its_check_digit_is_accepted() {
        // 9·1 + 8·2 + 0·3 + 4·4 + 4·5 + 0·6 + 0·7 + 0·8 + 1·9 + 2·10 + 3·11 = 123 ≡ 2 (mod 11)
        assert!(Bin::parse("980440001232").is_ok());
    }

    #[test]
    fn a_wrong_check_digit_or_length_is_refused() {
        assert_eq!(Bin::parse("980440001233"), Err("check digit does not match".into()));
        assert!(Bin::parse("12345").is_err());
        assert!(Bin::parse("12345678901a").is_err());
    }

    #[test]
    fn the_second_weights_apply_when_the_first_sum_gives_ten() {
        // Search for eleven digits whose first weighted sum is 10, then check the second weights.
        let mut found = false;
        for n in 0..100_000u64 {
            let s = format!("{:011}", n * 7919);
            let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
            let first: u32 = d.iter().enumerate().map(|(i, x)| x * (i as u32 + 1)).sum::<u32>() % 11;
            if first == 10 {
                let second: u32 = d.iter().enumerate().map(|(i, x)| x * ((i as u32 + 2) % 11 + 1)).sum::<u32>() % 11;
                assert_eq!(check_digit(&d), Some(second).filter(|c| *c != 10));
                found = true;
                break;
            }
        }
        assert!(found);
    }
}
