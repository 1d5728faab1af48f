use crate::string_enum;

string_enum! {
    /// What a staff member may do. An executor is bound to one organization.
    Role {
        PlatformAdmin = "platform_admin",
        CityAdmin = "city_admin",
        Supervisor = "supervisor",
        Operator = "operator",
        Analyst = "analyst",
        Executor = "executor",
        /// A resident who proved a phone number with a one-time code (no staff rights).
        Resident = "resident",
    }
}

/// Parses the stored comma-separated list, skipping names this version does not know.
pub fn parse_roles(stored: &str) -> Vec<Role> {
    stored.split(',').filter_map(|r| Role::parse(r.trim()).ok()).collect()
}

pub fn store_roles(roles: &[Role]) -> String {
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}
