//! Who may do what. Every decision is made here, never in a template or a handler.
use guichet_domain::{StaffRole, User, UserKind};

use crate::error::{CoreError, CoreResult};

/// What a signed-in person tries to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the back-office customer list and records.
    ViewCustomers,
    /// Create and edit customer accounts.
    ManageCustomers,
    /// Add, edit, invite, deactivate contacts.
    ManageContacts,
    /// Read the local email outbox (it holds live links: administrators only).
    ViewOutbox,
    /// See one's own portal home (contacts).
    UsePortal,
}

pub fn staff_may(role: StaffRole, action: Action) -> bool {
    use Action::*;
    use StaffRole::*;
    match action {
        ViewCustomers => true,
        ManageCustomers | ManageContacts => matches!(role, Admin | Manager | Agent),
        ViewOutbox => role == Admin,
        UsePortal => false,
    }
}

pub fn may(user: &User, action: Action) -> bool {
    if !user.active {
        return false;
    }
    match user.kind {
        UserKind::Staff => user.staff_role.is_some_and(|r| staff_may(r, action)),
        UserKind::Contact => action == Action::UsePortal,
    }
}

pub fn require(user: &User, action: Action) -> CoreResult<()> {
    if may(user, action) {
        Ok(())
    } else {
        Err(CoreError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_domain::*;

    fn user(kind: UserKind, role: Option<StaffRole>) -> User {
        User {
            id: UserId::new(),
            tenant_id: TenantId::new(),
            kind,
            email: Email::parse("a@b.example").unwrap(),
            name: "A".into(),
            phone: String::new(),
            locale: Locale::Fr,
            time_zone: DEFAULT_TIME_ZONE.into(),
            staff_role: role,
            active: true,
            password_hash: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    #[test]
    fn matrix() {
        use Action::*;
        let actions = [
            ViewCustomers,
            ManageCustomers,
            ManageContacts,
            ViewOutbox,
            UsePortal,
        ];
        let expect = |u: &User, allowed: &[Action]| {
            for a in actions {
                assert_eq!(
                    may(u, a),
                    allowed.contains(&a),
                    "{:?} {:?} {a:?}",
                    u.kind,
                    u.staff_role
                );
            }
        };
        expect(
            &user(UserKind::Staff, Some(StaffRole::Admin)),
            &[ViewCustomers, ManageCustomers, ManageContacts, ViewOutbox],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Manager)),
            &[ViewCustomers, ManageCustomers, ManageContacts],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Agent)),
            &[ViewCustomers, ManageCustomers, ManageContacts],
        );
        expect(
            &user(UserKind::Staff, Some(StaffRole::Accountant)),
            &[ViewCustomers],
        );
        expect(&user(UserKind::Staff, None), &[]);
        expect(&user(UserKind::Contact, None), &[UsePortal]);
        let mut inactive = user(UserKind::Staff, Some(StaffRole::Admin));
        inactive.active = false;
        expect(&inactive, &[]);
    }
}
