//! The lifecycle of an appeal: who may do what, from which status, to which status.

use crate::access::Role;
use crate::string_enum;

string_enum! {
    AppealStatus {
        Registered = "registered",
        Assigned = "assigned",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
        Reopened = "reopened",
        Rejected = "rejected",
        Merged = "merged",
        Forwarded = "forwarded",
    }
}

impl AppealStatus {
    /// Still waiting for work: the deadline runs, repeats link to it, escalation watches it.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Registered | Self::Assigned | Self::InProgress | Self::Reopened)
    }

    /// The open statuses as an SQL predicate, written as a literal so that PostgreSQL matches it
    /// to the partial indexes on open appeals with any plan.
    pub const OPEN_SQL: &'static str = "status IN ('registered', 'assigned', 'in_progress', 'reopened')";

    pub const OPEN: &'static [AppealStatus] =
        &[AppealStatus::Registered, AppealStatus::Assigned, AppealStatus::InProgress, AppealStatus::Reopened];
}

string_enum! {
    /// The door an appeal came through.
    Channel {
        Phone = "phone",
        Telegram = "telegram",
        Web = "web",
        Mobile = "mobile",
        Email = "email",
        Facebook = "facebook",
        Instagram = "instagram",
        Whatsapp = "whatsapp",
        Camera = "camera",
        WalkIn = "walk_in",
        /// A client app of Open311 GeoReport v2.
        #[graphql(name = "OPEN311")]
        Open311 = "open311",
    }
}

impl Channel {
    /// A door the resident opens themselves online (seed 003's "digital share"): everything but
    /// the phone, a visit and the city's cameras.
    pub fn is_digital(self) -> bool {
        !matches!(self, Channel::Phone | Channel::WalkIn | Channel::Camera)
    }
}

string_enum! {
    /// A change to an appeal's status.
    Transition {
        Assign = "assign",
        Take = "take",
        Resolve = "resolve",
        Close = "close",
        Reopen = "reopen",
        Reject = "reject",
        Merge = "merge",
        Forward = "forward",
    }
}

/// Who acts, as far as the lifecycle cares.
#[derive(Debug, Clone, Copy)]
pub struct Acting<'a> {
    pub roles: &'a [Role],
    /// The actor is an executor of the organization the appeal is routed to.
    pub own_organization: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The role may never do this.
    Role,
    /// Not from this status.
    Status,
}

impl Transition {
    fn from(self) -> &'static [AppealStatus] {
        use AppealStatus::*;
        match self {
            Transition::Assign => &[Registered, Assigned, InProgress, Reopened],
            Transition::Take => &[Assigned, Reopened],
            Transition::Resolve => &[Assigned, InProgress, Reopened],
            Transition::Close => &[Resolved],
            Transition::Reopen => &[Resolved, Closed],
            Transition::Reject | Transition::Merge => &[Registered, Assigned, InProgress, Reopened],
            Transition::Forward => &[Registered, Assigned],
        }
    }

    pub fn to(self) -> AppealStatus {
        match self {
            Transition::Assign => AppealStatus::Assigned,
            Transition::Take => AppealStatus::InProgress,
            Transition::Resolve => AppealStatus::Resolved,
            Transition::Close => AppealStatus::Closed,
            Transition::Reopen => AppealStatus::Reopened,
            Transition::Reject => AppealStatus::Rejected,
            Transition::Merge => AppealStatus::Merged,
            Transition::Forward => AppealStatus::Forwarded,
        }
    }

    /// Operators route and close the loop with the resident; executors work their own
    /// organization's appeals; supervisors may do everything.
    fn allowed(self, acting: &Acting) -> bool {
        let has = |role: Role| acting.roles.contains(&role);
        if has(Role::Supervisor) || has(Role::PlatformAdmin) {
            return true;
        }
        match self {
            Transition::Take | Transition::Resolve => has(Role::Executor) && acting.own_organization,
            Transition::Assign
            | Transition::Close
            | Transition::Reopen
            | Transition::Reject
            | Transition::Merge
            | Transition::Forward => has(Role::Operator),
        }
    }

    /// The status after this transition, or why it is refused.
    pub fn check(self, from: AppealStatus, acting: &Acting) -> Result<AppealStatus, Refusal> {
        if !self.allowed(acting) {
            return Err(Refusal::Role);
        }
        if !self.from().contains(&from) {
            return Err(Refusal::Status);
        }
        Ok(self.to())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_ROLES: [Role; 7] = [
        Role::PlatformAdmin,
        Role::CityAdmin,
        Role::Supervisor,
        Role::Operator,
        Role::Analyst,
        Role::Executor,
        Role::Resident,
    ];

    /// The whole role × transition matrix, from a status each transition accepts.
    #[test]
    fn the_role_by_transition_matrix() {
        use Transition::*;
        let expect = |role: Role, t: Transition, own: bool| -> bool {
            match role {
                Role::PlatformAdmin | Role::Supervisor => true,
                Role::Operator => !matches!(t, Take | Resolve),
                Role::Executor => matches!(t, Take | Resolve) && own,
                Role::CityAdmin | Role::Analyst | Role::Resident => false,
            }
        };
        for role in ALL_ROLES {
            for t in Transition::ALL {
                for own in [true, false] {
                    let from = t.from()[0];
                    let got = t.check(from, &Acting { roles: &[role], own_organization: own }).is_ok();
                    assert_eq!(got, expect(role, *t, own), "{role} {t} own={own}");
                }
            }
        }
    }

    #[test]
    fn transitions_from_a_wrong_status_are_refused() {
        let supervisor = Acting { roles: &[Role::Supervisor], own_organization: false };
        assert_eq!(Transition::Close.check(AppealStatus::InProgress, &supervisor), Err(Refusal::Status));
        assert_eq!(Transition::Resolve.check(AppealStatus::Closed, &supervisor), Err(Refusal::Status));
        assert_eq!(Transition::Take.check(AppealStatus::Registered, &supervisor), Err(Refusal::Status));
        assert_eq!(Transition::Reopen.check(AppealStatus::Closed, &supervisor), Ok(AppealStatus::Reopened));
        for status in [AppealStatus::Rejected, AppealStatus::Merged, AppealStatus::Forwarded] {
            for t in Transition::ALL {
                assert_eq!(t.check(status, &supervisor), Err(Refusal::Status), "{t} from {status}");
            }
        }
    }
}
