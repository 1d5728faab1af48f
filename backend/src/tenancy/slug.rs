use std::fmt;

/// A tenant's identifier: `[a-z][a-z0-9_]{1,30}`. Safe to splice into a schema name
/// (`t_<slug>`) and a file name, which is why nothing else may construct one.
///
/// The names the platform itself uses are reserved: `platform` scopes the platform admins' keys
/// (lockouts, revocations), and a slug is also a host name (`<slug>.<base domain>`) and a path
/// segment beside the platform's own (`/graphql`, `/metrics`...).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Names a city cannot take: the platform's own scopes, host names and paths.
const RESERVED: &[&str] = &[
    "platform",
    "public",
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "graphql",
    "health",
    "healthz",
    "readyz",
    "metrics",
    "static",
    "staff",
    "www",
    "mail",
    "smtp",
    "qala",
    "root",
    "system",
    "localhost",
    "open311",
    "open_data",
    "files",
    "media",
    "pg_catalog",
    "information_schema",
];

impl Slug {
    /// A new city's name: well formed and not one the platform reserves.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let slug = Self::parse_stored(raw)?;
        if RESERVED.contains(&raw) {
            return Err(format!("`{raw}` is reserved for the platform itself: choose another name for the city"));
        }
        Ok(slug)
    }

    /// A name read back from the registry: only its form is checked, so a city registered before
    /// a name was reserved still loads.
    pub fn parse_stored(raw: &str) -> Result<Self, String> {
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
}

impl crate::infra::db::TenantName for Slug {
    fn name(&self) -> &str {
        &self.0
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
    use crate::infra::db::TenantName;

    #[test]
    fn slugs_that_could_escape_a_schema_name_are_refused() {
        for bad in ["", "a", "Astana", "as-tana", "a;drop", "1city", "a\"b", &"x".repeat(32)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Slug::parse("astana").map(|s| s.schema()), Ok("t_astana".to_owned()));
    }

    #[test]
    fn the_platforms_own_names_are_reserved() {
        for reserved in ["platform", "www", "api", "graphql", "metrics", "public"] {
            let refused = Slug::parse(reserved).err().unwrap_or_default();
            assert!(refused.contains("reserved"), "{reserved}: {refused}");
        }
        assert!(Slug::parse("platforma").is_ok(), "only the exact names");
    }
}
