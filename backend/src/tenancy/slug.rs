use std::fmt;

/// A tenant's identifier: `[a-z][a-z0-9_]{1,30}`. Safe to splice into a schema name
/// (`t_<slug>`) and a file name, which is why nothing else may construct one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let valid = (2..=31).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && raw.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(format!("`{raw}` is not a tenant slug (2–31 characters: a-z, 0-9, _; starting with a letter)"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The PostgreSQL schema that holds this tenant's tables.
    pub fn schema(&self) -> String {
        format!("t_{}", self.0)
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn slugs_that_could_escape_a_schema_name_are_refused() {
        for bad in ["", "a", "Astana", "as-tana", "a;drop", "1city", "a\"b", &"x".repeat(32)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Slug::parse("astana").map(|s| s.schema()), Ok("t_astana".to_owned()));
    }
}
