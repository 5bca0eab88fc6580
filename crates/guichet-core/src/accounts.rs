//! Customer accounts and their contacts, managed by staff.
use guichet_domain::*;
use guichet_store::{Account, CustomerQuery, Member, Membership, SignedIn, StoreError};

use crate::access::{Action, require};
use crate::email_change::{AddressChange, changes, contact_event};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::{Client, Portal};

/// A postal address as typed in a form.
#[derive(Clone, Debug, Default)]
pub struct AddressInput {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

/// A customer account as typed in a form.
#[derive(Clone, Debug, Default)]
pub struct CustomerInput {
    pub number: String,
    pub name: String,
    pub locale: String,
    pub currency: String,
    pub billing: AddressInput,
    pub shipping: AddressInput,
}

/// A contact as typed in a form.
#[derive(Clone, Debug, Default)]
pub struct ContactInput {
    /// The role in the customer account (a role id; empty: the default role). Only read when
    /// adding a contact.
    pub role: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub locale: String,
}

fn address(e: &mut FieldErrors, prefix: &'static [&'static str; 6], a: &AddressInput) -> Address {
    Address {
        line1: e
            .check(prefix[0], text(&a.line1, 200, false))
            .unwrap_or_default(),
        line2: e
            .check(prefix[1], text(&a.line2, 200, false))
            .unwrap_or_default(),
        city: e
            .check(prefix[2], text(&a.city, 100, false))
            .unwrap_or_default(),
        region: e
            .check(prefix[3], text(&a.region, 100, false))
            .unwrap_or_default(),
        postal_code: e
            .check(prefix[4], text(&a.postal_code, 20, false))
            .unwrap_or_default()
            .to_uppercase(),
        country: e
            .check(prefix[5], text(&a.country, 2, false))
            .unwrap_or_default()
            .to_uppercase(),
    }
}

const BILLING: [&str; 6] = [
    "billing_line1",
    "billing_line2",
    "billing_city",
    "billing_region",
    "billing_postal_code",
    "billing_country",
];
const SHIPPING: [&str; 6] = [
    "shipping_line1",
    "shipping_line2",
    "shipping_city",
    "shipping_region",
    "shipping_postal_code",
    "shipping_country",
];

struct ParsedCustomer {
    number: String,
    name: String,
    locale: Locale,
    currency: String,
    billing: Address,
    shipping: Address,
}

fn parse_customer(i: &CustomerInput) -> CoreResult<ParsedCustomer> {
    let mut e = FieldErrors::default();
    let number = e.check("number", text(&i.number, 40, true));
    let name = e.check("name", text(&i.name, 200, true));
    let locale = Locale::parse(&i.locale);
    if locale.is_none() {
        e.add("locale", "error-invalid");
    }
    let currency = e.check("currency", currency(&i.currency));
    let billing = address(&mut e, &BILLING, &i.billing);
    let shipping = address(&mut e, &SHIPPING, &i.shipping);
    match (number, name, locale, currency) {
        (Some(number), Some(name), Some(locale), Some(currency)) if e.is_empty() => {
            Ok(ParsedCustomer {
                number,
                name,
                locale,
                currency,
                billing,
                shipping,
            })
        }
        _ => Err(CoreError::Invalid(e)),
    }
}

struct ParsedContact {
    name: String,
    email: Email,
    phone: String,
    locale: Locale,
}

fn parse_contact(i: &ContactInput) -> CoreResult<ParsedContact> {
    let mut e = FieldErrors::default();
    let name = e.check("name", text(&i.name, 200, true));
    let email = e.check("email", Email::parse(&i.email));
    let phone = e.check("phone", text(&i.phone, 40, false));
    let locale = Locale::parse(&i.locale);
    if locale.is_none() {
        e.add("locale", "error-invalid");
    }
    match (name, email, phone, locale) {
        (Some(name), Some(email), Some(phone), Some(locale)) if e.is_empty() => Ok(ParsedContact {
            name,
            email,
            phone,
            locale,
        }),
        _ => Err(CoreError::Invalid(e)),
    }
}

/// An address on one line, for the journal.
fn address_line(a: &Address) -> String {
    [
        &a.line1,
        &a.line2,
        &a.city,
        &a.region,
        &a.postal_code,
        &a.country,
    ]
    .iter()
    .filter(|p| !p.is_empty())
    .map(|p| p.as_str())
    .collect::<Vec<_>>()
    .join(", ")
}

fn customer_event(
    action: &'static str,
    c: &Customer,
    detail: String,
) -> crate::journal::Event<'static> {
    crate::journal::Event {
        action,
        object_kind: "customer",
        object_id: c.id.0,
        customer: Some(c.id),
        project: None,
        detail,
    }
}

fn conflict_to_field(e: StoreError, field: &'static str, key: &'static str) -> CoreError {
    match e {
        StoreError::Conflict { .. } => CoreError::field(field, key),
        other => other.into(),
    }
}

impl Portal {
    pub async fn list_customers(
        &self,
        actor: &User,
        query: &CustomerQuery,
    ) -> CoreResult<Vec<Customer>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.list_customers(actor.tenant_id, query).await?)
    }

    pub async fn count_customers(&self, actor: &User) -> CoreResult<i64> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.count_customers(actor.tenant_id).await?)
    }

    /// A customer and its contacts.
    pub async fn customer(
        &self,
        actor: &User,
        id: CustomerId,
    ) -> CoreResult<(Customer, Vec<Member>)> {
        require(actor, Action::ViewCustomers)?;
        let c = self
            .store
            .customer(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let contacts = self.store.contacts_of(actor.tenant_id, id).await?;
        Ok((c, contacts))
    }

    pub async fn create_customer(
        &self,
        actor: &User,
        client: &Client,
        input: &CustomerInput,
    ) -> CoreResult<Customer> {
        require(actor, Action::ManageCustomers)?;
        let p = parse_customer(input)?;
        let now = Millis::now();
        let c = Customer {
            id: CustomerId::new(),
            tenant_id: actor.tenant_id,
            number: p.number,
            name: p.name,
            locale: p.locale,
            currency: p.currency,
            billing: p.billing,
            shipping: p.shipping,
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            customer_event("customer.create", &c, format!("{} — {}", c.number, c.name)),
        );
        self.journaled(vec![entry], self.store.insert_customer(&c))
            .await
            .map_err(|e| conflict_to_field(e, "number", "error-number-taken"))?;
        Ok(c)
    }

    pub async fn update_customer(
        &self,
        actor: &User,
        client: &Client,
        id: CustomerId,
        input: &CustomerInput,
    ) -> CoreResult<Customer> {
        require(actor, Action::ManageCustomers)?;
        let p = parse_customer(input)?;
        let mut c = self
            .store
            .customer(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let before = c.clone();
        c.number = p.number;
        c.name = p.name;
        c.locale = p.locale;
        c.currency = p.currency;
        c.billing = p.billing;
        c.shipping = p.shipping;
        c.updated_at = Millis::now();
        let detail = changes(&[
            ("number", &before.number, &c.number),
            ("name", &before.name, &c.name),
            ("locale", before.locale.code(), c.locale.code()),
            ("currency", &before.currency, &c.currency),
            (
                "billing",
                &address_line(&before.billing),
                &address_line(&c.billing),
            ),
            (
                "shipping",
                &address_line(&before.shipping),
                &address_line(&c.shipping),
            ),
        ]);
        let entries = if detail.is_empty() {
            Vec::new()
        } else {
            vec![self.journal_entry(actor, client, customer_event("customer.update", &c, detail))]
        };
        self.journaled(entries, self.store.update_customer(&c))
            .await
            .map_err(|e| conflict_to_field(e, "number", "error-number-taken"))?;
        Ok(c)
    }

    /// A contact of this tenant, with the customers it belongs to.
    pub async fn contact(&self, actor: &User, id: UserId) -> CoreResult<(User, Vec<Customer>)> {
        require(actor, Action::ViewCustomers)?;
        let u = self
            .store
            .user(actor.tenant_id, id)
            .await?
            .filter(|u| u.kind == UserKind::Contact)
            .ok_or(CoreError::NotFound)?;
        let customers = self.store.customers_of(actor.tenant_id, id).await?;
        Ok((u, customers))
    }

    /// Adds a contact to a customer account; with `invite`, emails the invitation at once.
    pub async fn add_contact(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        customer: CustomerId,
        input: &ContactInput,
        invite: bool,
    ) -> CoreResult<User> {
        require(actor, Action::ManageContacts)?;
        let role = self
            .role_for_new_member(actor.tenant_id, &input.role)
            .await?;
        self.create_member(actor, tenant, client, customer, role, input, invite)
            .await
    }

    /// Creates a contact in a customer account with this role, invited by `actor` (checked by
    /// the caller), and emails the invitation if asked.
    /// Journaled (`contact.add`) in the contact's own transaction; the invitation link follows.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn create_member(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        customer: CustomerId,
        role: RoleId,
        input: &ContactInput,
        invite: bool,
    ) -> CoreResult<User> {
        let p = parse_contact(input)?;
        let now = Millis::now();
        let u = User {
            id: UserId::new(),
            tenant_id: actor.tenant_id,
            kind: UserKind::Contact,
            email: p.email,
            name: p.name,
            phone: p.phone,
            locale: p.locale,
            time_zone: TimeZone::default(),
            staff_role: None,
            active: true,
            password_hash: None,
            created_at: now,
            updated_at: now,
        };
        let membership = Membership {
            tenant_id: actor.tenant_id,
            customer_id: customer,
            user_id: u.id,
            role_id: role,
            invited_by: Some(actor.id),
            created_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            crate::journal::Event {
                action: "contact.add",
                object_kind: "contact",
                object_id: u.id.0,
                customer: Some(customer),
                project: None,
                detail: format!(
                    "{} — {}{}",
                    u.name,
                    u.email,
                    if invite { " — invited" } else { "" }
                ),
            },
        );
        self.journaled(vec![entry], self.store.insert_contact(&membership, &u))
            .await
            .map_err(|e| conflict_to_field(e, "email", "error-email-taken"))?;
        if invite {
            self.issue_link(tenant, &u, TokenPurpose::Invitation)
                .await?;
        }
        Ok(u)
    }

    /// Saves a contact's details. A new address of a contact who has a password waits for
    /// the new address to confirm it (and the old one is told); see `email_change`. Journaled
    /// with what changed.
    pub async fn update_contact(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        id: UserId,
        input: &ContactInput,
    ) -> CoreResult<(User, AddressChange)> {
        require(actor, Action::ManageContacts)?;
        let p = parse_contact(input)?;
        let (before, _) = self.contact(actor, id).await?;
        // Every check before any write: a refused address leaves the rest unsaved too.
        if p.email != before.email
            && let Some(other) = self.store.user_by_email(tenant.id, &p.email).await?
            && other.id != before.id
        {
            return Err(CoreError::field("email", "error-email-taken"));
        }
        let mut u = before.clone();
        u.name = p.name;
        u.phone = p.phone;
        u.locale = p.locale;
        u.updated_at = Millis::now();
        let detail = changes(&[
            ("name", &before.name, &u.name),
            ("phone", &before.phone, &u.phone),
            ("locale", before.locale.code(), u.locale.code()),
        ]);
        if !detail.is_empty() {
            let entry =
                self.journal_entry(actor, client, contact_event("contact.update", u.id, detail));
            self.journaled(vec![entry], self.store.update_user(&u))
                .await?;
        }
        let address = self
            .change_contact_address(actor, tenant, client, &u, &p.email)
            .await?;
        if address == AddressChange::Done {
            u.email = p.email;
        }
        Ok((u, address))
    }

    /// Sends (or re-sends) the invitation: a single-use link valid 7 days; any earlier
    /// invitation link stops working. Only to a contact who has no password yet: an
    /// invitation sets the password, so sending one to an active person would let whoever
    /// reads it take their account; they get a sign-in link instead.
    pub async fn invite_contact(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        id: UserId,
    ) -> CoreResult<()> {
        self.email_contact_link(actor, tenant, client, id, TokenPurpose::Invitation)
            .await
    }

    /// Sends a contact who already has a password a sign-in link, to their own address.
    pub async fn send_contact_sign_in_link(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        id: UserId,
    ) -> CoreResult<()> {
        self.email_contact_link(actor, tenant, client, id, TokenPurpose::SignInLink)
            .await
    }

    /// Staff email an active contact one of their links, journaled with the link's issue.
    async fn email_contact_link(
        &self,
        actor: &User,
        tenant: &Tenant,
        client: &Client,
        id: UserId,
        purpose: TokenPurpose,
    ) -> CoreResult<()> {
        require(actor, Action::ManageContacts)?;
        let (u, _) = self.contact(actor, id).await?;
        if !u.active {
            return Err(CoreError::Forbidden);
        }
        let action = match purpose {
            TokenPurpose::Invitation if u.password_hash.is_some() => {
                return Err(CoreError::field("invite", "error-invite-has-password"));
            }
            TokenPurpose::Invitation => "contact.invite",
            _ => "contact.sign-in-link",
        };
        let entry = self.journal_entry(
            actor,
            client,
            contact_event(action, u.id, u.email.to_string()),
        );
        self.journaled(vec![entry], self.issue_link(tenant, &u, purpose))
            .await
    }

    /// Deactivating ends the contact's sessions and links at once. Journaled.
    pub async fn set_contact_active(
        &self,
        actor: &User,
        client: &Client,
        id: UserId,
        active: bool,
    ) -> CoreResult<()> {
        require(actor, Action::ManageContacts)?;
        let (u, _) = self.contact(actor, id).await?;
        let action = if active {
            "contact.activate"
        } else {
            "contact.deactivate"
        };
        let entry = self.journal_entry(
            actor,
            client,
            contact_event(action, u.id, u.email.to_string()),
        );
        self.journaled(
            vec![entry],
            self.store
                .set_user_active(actor.tenant_id, u.id, active, Millis::now()),
        )
        .await?;
        Ok(())
    }

    /// The role a new member gets: the one named (it must be the tenant's), else the default.
    pub(crate) async fn role_for_new_member(
        &self,
        tenant: TenantId,
        wanted: &str,
    ) -> CoreResult<RoleId> {
        let roles = self.store.roles(tenant).await?;
        let found = if wanted.trim().is_empty() {
            roles.iter().find(|(r, _)| r.is_default)
        } else {
            let id = wanted
                .trim()
                .parse::<RoleId>()
                .map_err(|_| CoreError::field("role", "error-invalid"))?;
            roles.iter().find(|(r, _)| r.id == id)
        };
        found
            .map(|(r, _)| r.id)
            .ok_or_else(|| CoreError::field("role", "error-invalid"))
    }

    /// The customer accounts a contact may see in the portal (loaded with the session), each
    /// with the contact's role there.
    pub fn portal_accounts<'a>(&self, actor: &'a SignedIn) -> CoreResult<&'a [Account]> {
        require(&actor.user, Action::UsePortal)?;
        Ok(&actor.accounts)
    }

    /// The account the contact is working in: the one asked for if they belong to it, else
    /// their first. A contact without any account has nothing to see (403).
    pub fn portal_account<'a>(
        &self,
        actor: &'a SignedIn,
        wanted: Option<CustomerId>,
    ) -> CoreResult<&'a Account> {
        let accounts = self.portal_accounts(actor)?;
        wanted
            .and_then(|w| accounts.iter().find(|a| a.customer.id == w))
            .or_else(|| accounts.first())
            .ok_or(CoreError::Forbidden)
    }
}

/// What a person may change about themselves.
#[derive(Clone, Debug, Default)]
pub struct ProfileInput {
    pub name: String,
    pub phone: String,
    pub locale: String,
    pub time_zone: String,
}

/// The time zones offered in forms (any IANA name is accepted).
pub const TIME_ZONES: [&str; 11] = [
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "America/Whitehorse",
    "Europe/Paris",
    "UTC",
];

impl Portal {
    /// Anyone signed in edits their own name, phone and language (never their email: it is
    /// their sign-in and changes only through staff).
    /// A person changes their own details; journaled with before → after.
    pub async fn update_profile(
        &self,
        actor: &User,
        client: &Client,
        input: &ProfileInput,
    ) -> CoreResult<User> {
        if !actor.active {
            return Err(CoreError::Forbidden);
        }
        let mut e = FieldErrors::default();
        let name = e.check("name", text(&input.name, 200, true));
        let phone = e.check("phone", text(&input.phone, 40, false));
        let locale = Locale::parse(&input.locale);
        if locale.is_none() {
            e.add("locale", "error-invalid");
        }
        let tz = e.check("time_zone", TimeZone::parse(&input.time_zone));
        let (Some(name), Some(phone), Some(locale), Some(tz)) = (name, phone, locale, tz) else {
            return Err(CoreError::Invalid(e));
        };
        let mut u = self
            .store
            .user(actor.tenant_id, actor.id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let before = u.clone();
        u.name = name;
        u.phone = phone;
        u.locale = locale;
        u.time_zone = tz;
        u.updated_at = Millis::now();
        let detail = changes(&[
            ("name", &before.name, &u.name),
            ("phone", &before.phone, &u.phone),
            ("locale", before.locale.code(), u.locale.code()),
            ("time zone", before.time_zone.name(), u.time_zone.name()),
        ]);
        let entries = if detail.is_empty() {
            Vec::new()
        } else {
            vec![self.journal_entry(actor, client, contact_event("profile.update", u.id, detail))]
        };
        self.journaled(entries, self.store.update_user(&u)).await?;
        Ok(u)
    }
}
