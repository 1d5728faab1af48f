//! What a routing rule matches and whom it names, as plain values: the engine reads the stored
//! rows into these, and the admin's edits are checked against the same shapes.

use crate::buildings::roles::BuildingRole;
use crate::string_enum;

use super::model::rule;

/// What a rule is about: one service type, a category or a whole sphere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ServiceType(i64),
    Category(i64),
    Sphere(i64),
}

/// Who a rule sends appeals to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Org(i64),
    Role(BuildingRole),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: i64,
    pub position: i32,
    pub scope: Scope,
    pub district: Option<String>,
    pub buildings: Vec<i64>,
    pub target: Target,
}

/// What is being routed: the service type with its category and sphere, and the place.
#[derive(Clone, Debug, Default)]
pub struct Subject<'a> {
    pub service_type_id: i64,
    pub category_id: i64,
    pub sphere_id: i64,
    pub building_id: Option<i64>,
    pub district: Option<&'a str>,
}

impl Rule {
    /// Reads a stored row; a row that names no scope or no target, or whose buildings do not
    /// read (only possible by hand in the database), is skipped by the engine rather than
    /// widened to every building.
    pub fn from_row(row: &rule::Model) -> Option<Rule> {
        let scope = match (row.service_type_id, row.category_id, row.sphere_id) {
            (Some(id), None, None) => Scope::ServiceType(id),
            (None, Some(id), None) => Scope::Category(id),
            (None, None, Some(id)) => Scope::Sphere(id),
            _ => return None,
        };
        let target = match (row.org_id, row.role.as_deref().map(BuildingRole::parse)) {
            (Some(id), None) => Target::Org(id),
            (None, Some(Ok(role))) => Target::Role(role),
            _ => return None,
        };
        Some(Rule {
            id: row.id,
            position: row.position,
            scope,
            district: row.district.clone(),
            buildings: serde_json::from_str(&row.building_ids).ok()?,
            target,
        })
    }

    pub fn matches(&self, subject: &Subject<'_>) -> bool {
        let scope = match self.scope {
            Scope::ServiceType(id) => id == subject.service_type_id,
            Scope::Category(id) => id == subject.category_id,
            Scope::Sphere(id) => id == subject.sphere_id,
        };
        let district = self.district.as_deref().is_none_or(|d| subject.district == Some(d));
        let building = self.buildings.is_empty() || subject.building_id.is_some_and(|b| self.buildings.contains(&b));
        scope && district && building
    }
}

string_enum! {
    /// Why an appeal reached no organization; it waits in the "needs routing" queue.
    Unrouted {
        /// The service goes to a building's organization and no building is known.
        NoBuilding = "no_building",
        /// The building has no organization in the role the service needs.
        NoRoleAtBuilding = "no_role_at_building",
        /// The building's entrances are served by different organizations and none was named.
        DependsOnEntrance = "depends_on_entrance",
        /// Several organizations of the kind serve the city and nothing chooses between them.
        SeveralOfKind = "several_of_kind",
        /// No active organization of the kind.
        NoneOfKind = "none_of_kind",
        /// The organization named (by a rule, the building or the catalog) is deactivated.
        InactiveOrganization = "inactive_organization",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(scope: Scope, district: Option<&str>, buildings: Vec<i64>) -> Rule {
        Rule { id: 1, position: 1, scope, district: district.map(Into::into), buildings, target: Target::Org(7) }
    }

    #[test]
    fn a_rule_matches_its_scope_district_and_buildings() {
        let at = Subject {
            service_type_id: 5,
            category_id: 50,
            sphere_id: 500,
            building_id: Some(9),
            district: Some("almaty"),
        };
        assert!(rule(Scope::ServiceType(5), None, vec![]).matches(&at));
        assert!(rule(Scope::Category(50), Some("almaty"), vec![]).matches(&at));
        assert!(rule(Scope::Sphere(500), None, vec![8, 9]).matches(&at));
        assert!(!rule(Scope::ServiceType(6), None, vec![]).matches(&at));
        assert!(!rule(Scope::Sphere(500), Some("esil"), vec![]).matches(&at));
        assert!(!rule(Scope::Sphere(500), None, vec![8]).matches(&at));
        let nowhere = Subject { building_id: None, district: None, ..at };
        assert!(!rule(Scope::Sphere(500), Some("almaty"), vec![]).matches(&nowhere));
        assert!(!rule(Scope::Sphere(500), None, vec![9]).matches(&nowhere));
        assert!(rule(Scope::Sphere(500), None, vec![]).matches(&nowhere));
    }

    #[test]
    fn rows_without_a_scope_or_a_target_are_not_rules() {
        let row = rule::Model {
            id: 1,
            code: "lifts".into(),
            position: 1,
            service_type_id: Some(1),
            category_id: None,
            sphere_id: None,
            district: None,
            building_ids: "[3]".into(),
            org_id: None,
            role: Some("elevator".into()),
            note: String::new(),
            active: true,
            created_at: chrono::Utc::now(),
            updated_at: chrono::Utc::now(),
        };
        let read = Rule::from_row(&row).expect("a rule");
        assert_eq!(read.target, Target::Role(BuildingRole::Elevator));
        assert_eq!(read.buildings, vec![3]);
        assert!(Rule::from_row(&rule::Model { category_id: Some(2), ..row.clone() }).is_none());
        assert!(Rule::from_row(&rule::Model { org_id: Some(2), ..row.clone() }).is_none());
        assert!(Rule::from_row(&rule::Model { role: Some("plumber".into()), ..row.clone() }).is_none());
        assert!(Rule::from_row(&rule::Model { building_ids: "[3,".into(), ..row }).is_none());
    }
}
