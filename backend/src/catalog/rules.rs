//! What a service type says about the appeals filed under it.

use crate::orgs::OrgKind;
use crate::string_enum;

string_enum! {
    /// JARDEM's classification of appeals.
    AppealType {
        Complaint = "complaint",
        Incident = "incident",
        Problem = "problem",
        ServiceRequest = "service_request",
        InformationRequest = "information_request",
    }
}

/// Who handles a service type: an organization kind, or the building's managing organization.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Responsible {
    Kind(OrgKind),
    /// The building's KSK, OSI, management company or akimat-appointed manager.
    Housing,
}

impl Responsible {
    pub fn parse(raw: &str) -> Result<Self, String> {
        if raw == "housing" {
            return Ok(Self::Housing);
        }
        OrgKind::parse(raw).map(Self::Kind).map_err(|e| format!("{e}, housing"))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kind(kind) => kind.as_str(),
            Self::Housing => "housing",
        }
    }
}

string_enum! {
    /// How a deadline is counted.
    DeadlineUnit {
        Hours = "hours",
        WorkingDays = "working_days",
    }
}

/// A service type's deadline: `24h` (clock hours) or `15wd` (working days).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub value: i32,
    pub unit: DeadlineUnit,
}

impl Deadline {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let (digits, unit) = if let Some(d) = raw.strip_suffix("wd") {
            (d, DeadlineUnit::WorkingDays)
        } else if let Some(d) = raw.strip_suffix('h') {
            (d, DeadlineUnit::Hours)
        } else {
            return Err(format!("`{raw}` is not a deadline: write hours as `24h` or working days as `15wd`"));
        };
        let value: i32 = digits.parse().map_err(|_| format!("`{raw}` is not a deadline: the number is missing"))?;
        let max = match unit {
            DeadlineUnit::Hours => 24 * 90,
            DeadlineUnit::WorkingDays => 60,
        };
        if !(1..=max).contains(&value) {
            return Err(format!("`{raw}`: the deadline must be between 1 and {max}"));
        }
        Ok(Self { value, unit })
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unit {
            DeadlineUnit::Hours => write!(f, "{}h", self.value),
            DeadlineUnit::WorkingDays => write!(f, "{}wd", self.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_parse_in_hours_and_working_days() {
        assert_eq!(Deadline::parse("24h"), Ok(Deadline { value: 24, unit: DeadlineUnit::Hours }));
        assert_eq!(Deadline::parse("15wd").map(|d| d.to_string()), Ok("15wd".into()));
        for bad in ["", "h", "15", "0h", "-3wd", "61wd", "3d"] {
            assert!(Deadline::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn responsible_is_a_kind_or_housing() {
        assert_eq!(Responsible::parse("housing"), Ok(Responsible::Housing));
        assert_eq!(Responsible::parse("utility"), Ok(Responsible::Kind(OrgKind::Utility)));
        assert!(Responsible::parse("mayor").is_err());
    }
}
