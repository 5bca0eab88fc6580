//! Colleagues: the contacts of one customer account, as a contact sees them; company
//! administrators invite and deactivate them, within the roles staff let them give.
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::{Client, Portal};
use crate::access::{field_access, is_company_admin, may_grant, may_in};
use crate::accounts::ContactInput;
use crate::error::{CoreError, CoreResult};

/// A colleague as the viewer's role shows them (hidden fields are `None`).
#[derive(Clone, Debug)]
pub struct Colleague {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_name: String,
    pub active: bool,
    /// Invited but has not chosen a password yet.
    pub pending: bool,
    pub invited_by: Option<String>,
    pub since: Millis,
    pub is_self: bool,
}

#[derive(Clone, Debug)]
pub struct ColleaguesView {
    pub colleagues: Vec<Colleague>,
    /// The viewer administers the company: may invite and deactivate.
    pub can_manage: bool,
    /// Roles the viewer may give: (id, name).
    pub grantable: Vec<(RoleId, String)>,
}

/// Something that happened in the company's account, for its administrators.
#[derive(Clone, Debug)]
pub struct CompanyEvent {
    pub at: Millis,
    pub kind: CompanyEventKind,
}

#[derive(Clone, Debug)]
pub enum CompanyEventKind {
    /// `who` joined, invited by `by` (None: by the provider's setup).
    Joined { who: String, by: Option<String> },
    /// `by` changed a company detail.
    Changed {
        by: String,
        field: Field,
        status: ChangeStatus,
    },
}

fn refuse(actor: &SignedIn, account: &Account, what: &str) -> CoreError {
    tracing::warn!(
        user = %actor.user.id, customer = %account.customer.id, attempt = what,
        "refused: not allowed for this contact's role"
    );
    CoreError::Forbidden
}

impl Portal {
    /// Whether the viewer may see the colleagues page at all.
    pub fn may_see_colleagues(&self, actor: &SignedIn, account: &Account) -> bool {
        may_in(&actor.user, account, Module::Contacts, Op::View)
            || is_company_admin(&actor.user, account)
    }

    pub async fn colleagues(
        &self,
        actor: &SignedIn,
        account: &Account,
    ) -> CoreResult<ColleaguesView> {
        if !self.may_see_colleagues(actor, account) {
            return Err(CoreError::Forbidden);
        }
        let tenant = account.customer.tenant_id;
        let roles = self.store.roles(tenant).await?;
        let role_name = |id: RoleId| {
            roles
                .iter()
                .find(|(r, _)| r.id == id)
                .map(|(r, _)| r.name.clone())
                .unwrap_or_default()
        };
        // An administrator manages colleagues, so sees how to reach them.
        let admin = is_company_admin(&actor.user, account);
        let shows = |f: Field| {
            admin || field_access(&account.role, Module::Contacts, f) != FieldAccess::Hidden
        };
        let members = self.store.contacts_of(tenant, account.customer.id).await?;
        let colleagues = members
            .into_iter()
            .map(|m| Colleague {
                id: m.user.id,
                email: shows(Field::ContactEmail).then(|| m.user.email.to_string()),
                phone: shows(Field::ContactPhone).then(|| m.user.phone.clone()),
                role_name: role_name(m.role_id),
                active: m.user.active,
                pending: m.user.password_hash.is_none(),
                invited_by: m.invited_by_name,
                since: m.since,
                is_self: m.user.id == actor.user.id,
                name: m.user.name,
            })
            .collect();
        let grantable = if admin {
            roles
                .iter()
                .filter(|(r, _)| may_grant(&actor.user, account, r.id))
                .map(|(r, _)| (r.id, r.name.clone()))
                .collect()
        } else {
            Vec::new()
        };
        Ok(ColleaguesView {
            colleagues,
            can_manage: admin,
            grantable,
        })
    }

    /// A company administrator invites a colleague into their account, with one of the roles
    /// staff let them give (any other is an escalation attempt: 403, logged).
    pub async fn invite_colleague(
        &self,
        actor: &SignedIn,
        account: &Account,
        tenant: &Tenant,
        client: &Client,
        input: &ContactInput,
    ) -> CoreResult<User> {
        if !is_company_admin(&actor.user, account) || tenant.id != account.customer.tenant_id {
            return Err(refuse(actor, account, "invite a colleague"));
        }
        let role = input
            .role
            .parse::<RoleId>()
            .map_err(|_| CoreError::field("role", "error-choose-role"))?;
        if !may_grant(&actor.user, account, role) {
            return Err(refuse(actor, account, "grant a role not allowed"));
        }
        let u = self
            .create_member(&actor.user, tenant, account.customer.id, role, input, true)
            .await?;
        self.record(
            &actor.user,
            client,
            crate::journal::Event {
                action: "contact.invite",
                object_kind: "contact",
                object_id: u.id.0,
                customer: Some(account.customer.id),
                project: None,
                detail: u.email.to_string(),
            },
        )
        .await?;
        Ok(u)
    }

    /// A company administrator deactivates (ending their sessions at once) or reactivates a
    /// colleague of this account. Never themselves, never someone who also belongs to another
    /// customer account (staff handle those).
    pub async fn set_colleague_active(
        &self,
        actor: &SignedIn,
        account: &Account,
        client: &Client,
        colleague: UserId,
        active: bool,
    ) -> CoreResult<()> {
        if !is_company_admin(&actor.user, account) {
            return Err(refuse(actor, account, "change a colleague's access"));
        }
        if colleague == actor.user.id {
            return Err(refuse(actor, account, "change their own access"));
        }
        let tenant = account.customer.tenant_id;
        let members = self.store.contacts_of(tenant, account.customer.id).await?;
        if !members.iter().any(|m| m.user.id == colleague) {
            return Err(CoreError::NotFound);
        }
        let elsewhere = self.store.customers_of(tenant, colleague).await?;
        if elsewhere.iter().any(|c| c.id != account.customer.id) {
            return Err(refuse(
                actor,
                account,
                "change access of a contact of several accounts",
            ));
        }
        self.store
            .set_user_active(tenant, colleague, active, Millis::now())
            .await?;
        self.record(
            &actor.user,
            client,
            crate::journal::Event {
                action: if active {
                    "contact.activate"
                } else {
                    "contact.deactivate"
                },
                object_kind: "contact",
                object_id: colleague.0,
                customer: Some(account.customer.id),
                project: None,
                detail: String::new(),
            },
        )
        .await
    }

    /// What happened in the account lately (arrivals with who invited them, and changes of the
    /// company details), newest first — for its administrators.
    pub async fn company_activity(
        &self,
        actor: &SignedIn,
        account: &Account,
    ) -> CoreResult<Vec<CompanyEvent>> {
        if !is_company_admin(&actor.user, account) {
            return Err(CoreError::Forbidden);
        }
        let tenant = account.customer.tenant_id;
        let mut events: Vec<CompanyEvent> = self
            .store
            .contacts_of(tenant, account.customer.id)
            .await?
            .into_iter()
            .map(|m| CompanyEvent {
                at: m.since,
                kind: CompanyEventKind::Joined {
                    who: m.user.name,
                    by: m.invited_by_name,
                },
            })
            .collect();
        let visible =
            |f: Field| field_access(&account.role, Module::Company, f) != FieldAccess::Hidden;
        events.extend(
            self.store
                .company_changes(tenant, account.customer.id, 50)
                .await?
                .into_iter()
                .filter(|c| visible(c.field))
                .map(|c| CompanyEvent {
                    at: c.created_at,
                    kind: CompanyEventKind::Changed {
                        by: c.user_name,
                        field: c.field,
                        status: c.status,
                    },
                }),
        );
        events.sort_by_key(|e| std::cmp::Reverse(e.at));
        events.truncate(50);
        Ok(events)
    }
}
