//! Who serves a building: its manager (with the history of management forms, on the building)
//! and, per building or per entrance, the organizations that keep its lifts, heat, water,
//! electricity and gas, and its district akimat.

use crate::orgs::OrgKind;
use crate::string_enum;

/// The highest entrance number a building can have; 0 stands for the whole building.
pub const MAX_ENTRANCE: i32 = 99;

/// An entrance a resident or an admin names: 1 to `MAX_ENTRANCE`.
pub fn check_entrance(entrance: i32) -> Result<(), String> {
    if (1..=MAX_ENTRANCE).contains(&entrance) {
        Ok(())
    } else {
        Err(format!("an entrance is a number from 1 to {MAX_ENTRANCE}"))
    }
}

string_enum! {
    /// An organization's part in serving a building, which routing rules can name.
    BuildingRole {
        /// The KSK, OSI, management company or akimat-appointed manager.
        Manager = "manager",
        Elevator = "elevator",
        Heat = "heat",
        Water = "water",
        Electricity = "electricity",
        Gas = "gas",
        Akimat = "akimat",
    }
}

impl BuildingRole {
    /// The organization kinds that can hold the role.
    pub fn takes(self, kind: OrgKind) -> bool {
        match self {
            BuildingRole::Manager => kind.manages_housing() || kind == OrgKind::DistrictAkimat,
            BuildingRole::Elevator => kind == OrgKind::ElevatorOperator,
            BuildingRole::Heat | BuildingRole::Water | BuildingRole::Electricity | BuildingRole::Gas => {
                kind == OrgKind::Utility
            }
            BuildingRole::Akimat => kind == OrgKind::DistrictAkimat,
        }
    }

    /// The roles stored per building or entrance (the manager is stored on the building).
    pub fn served(self) -> bool {
        self != BuildingRole::Manager
    }
}

/// One organization serving a building in a role; entrance 0 is the whole building.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Serves {
    pub role_code: String,
    pub entrance: i32,
    pub org_id: i64,
}

/// The organization that serves `entrance` (when the resident named one) in `role`: the
/// entrance's own, else the whole building's. `None` with entrance-level rows but no entrance
/// named means the caller has to ask which entrance.
pub fn serving(rows: &[Serves], role: BuildingRole, entrance: Option<i32>) -> Serving {
    let of_role: Vec<&Serves> = rows.iter().filter(|r| r.role_code == role.as_str()).collect();
    if let Some(e) = entrance.filter(|e| *e > 0) {
        if let Some(row) = of_role.iter().find(|r| r.entrance == e) {
            return Serving::Org(row.org_id);
        }
    }
    if let Some(row) = of_role.iter().find(|r| r.entrance == 0) {
        return Serving::Org(row.org_id);
    }
    let mut per_entrance: Vec<i64> = of_role.iter().map(|r| r.org_id).collect();
    per_entrance.sort_unstable();
    per_entrance.dedup();
    match per_entrance.as_slice() {
        [] => Serving::Nobody,
        [only] => Serving::Org(*only),
        _ => Serving::DependsOnEntrance,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serving {
    Org(i64),
    /// No organization holds the role at this building.
    Nobody,
    /// Entrances are served by different organizations and none was named.
    DependsOnEntrance,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(role: BuildingRole, entrance: i32, org_id: i64) -> Serves {
        Serves { role_code: role.as_str().into(), entrance, org_id }
    }

    #[test]
    fn an_entrance_of_its_own_overrides_the_building() {
        let rows =
            [row(BuildingRole::Elevator, 0, 1), row(BuildingRole::Elevator, 3, 2), row(BuildingRole::Heat, 0, 9)];
        assert_eq!(serving(&rows, BuildingRole::Elevator, Some(3)), Serving::Org(2));
        assert_eq!(serving(&rows, BuildingRole::Elevator, Some(1)), Serving::Org(1));
        assert_eq!(serving(&rows, BuildingRole::Elevator, None), Serving::Org(1));
        assert_eq!(serving(&rows, BuildingRole::Heat, Some(3)), Serving::Org(9));
        assert_eq!(serving(&rows, BuildingRole::Gas, None), Serving::Nobody);
    }

    #[test]
    fn entrances_served_differently_need_the_entrance() {
        let rows = [row(BuildingRole::Elevator, 1, 1), row(BuildingRole::Elevator, 2, 2)];
        assert_eq!(serving(&rows, BuildingRole::Elevator, None), Serving::DependsOnEntrance);
        assert_eq!(serving(&rows, BuildingRole::Elevator, Some(4)), Serving::DependsOnEntrance);
        assert_eq!(serving(&rows, BuildingRole::Elevator, Some(2)), Serving::Org(2));
        let same = [row(BuildingRole::Elevator, 1, 5), row(BuildingRole::Elevator, 2, 5)];
        assert_eq!(serving(&same, BuildingRole::Elevator, None), Serving::Org(5));
    }

    #[test]
    fn each_role_takes_its_kinds() {
        assert!(BuildingRole::Elevator.takes(OrgKind::ElevatorOperator));
        assert!(!BuildingRole::Elevator.takes(OrgKind::Utility));
        assert!(BuildingRole::Heat.takes(OrgKind::Utility));
        assert!(BuildingRole::Manager.takes(OrgKind::Osi));
        assert!(!BuildingRole::Akimat.takes(OrgKind::Ksk));
    }
}
