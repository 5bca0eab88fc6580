//! My company: the customer keeps its legal and billing details; each change is recorded with
//! the values before and after, and waits for staff approval on the fields staff choose.
use guichet_domain::*;
use guichet_store::{Account, SignedIn, StoreError};

use crate::Portal;
use crate::access::{Action, field_access, require, require_in};
use crate::error::{CoreError, CoreResult, FieldErrors};

/// One profile field as the contact's role shows it (hidden fields are never listed).
#[derive(Clone, Debug)]
pub struct CompanyField {
    pub field: Field,
    pub editable: bool,
    pub required: bool,
    pub value: String,
    /// A change waiting for staff approval: its new value.
    pub pending: Option<String>,
    pub needs_approval: bool,
}

#[derive(Clone, Debug)]
pub struct CompanyView {
    pub fields: Vec<CompanyField>,
    /// The profile version the form was built from (sent back to detect concurrent edits).
    pub version: i64,
    pub can_edit: bool,
    /// Recent changes of the fields this role sees, newest first.
    pub history: Vec<CompanyChange>,
}

/// What a save did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompanySaved {
    pub applied: usize,
    pub pending: usize,
}

fn empty_profile(customer: &Customer) -> CompanyProfile {
    CompanyProfile {
        tenant_id: customer.tenant_id,
        customer_id: customer.id,
        legal_name: customer.name.clone(),
        ..CompanyProfile::default()
    }
}

/// Parses one profile value as typed.
fn parse_value(e: &mut FieldErrors, f: Field, raw: &str) -> Option<String> {
    let key = f.code();
    match f {
        Field::LegalName => e.check(key, text(raw, 200, true)),
        Field::BillingContact => e.check(key, text(raw, 200, false)),
        Field::Phone => e.check(key, text(raw, 40, false)),
        Field::BillingEmail => {
            if raw.trim().is_empty() {
                Some(String::new())
            } else {
                e.check(key, Email::parse(raw).map(|m| m.to_string()))
            }
        }
        Field::TaxNumber | Field::TaxNumberQc => {
            let v: String = raw
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            if v.len() > 30 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                e.add(key, "error-tax-number");
                None
            } else {
                Some(v)
            }
        }
        _ => None,
    }
}

impl Portal {
    async fn profile_of(&self, customer: &Customer) -> CoreResult<CompanyProfile> {
        Ok(self
            .store
            .company_profile(customer.tenant_id, customer.id)
            .await?
            .unwrap_or_else(|| empty_profile(customer)))
    }

    /// The company profile as this contact's role shows it. Staff previewing a role get the
    /// same view (`preview`: no signed-in contact, read-only).
    pub async fn company_view(
        &self,
        actor: Option<&SignedIn>,
        account: &Account,
    ) -> CoreResult<CompanyView> {
        if let Some(a) = actor {
            require_in(&a.user, account, Module::Company, Op::View)?;
        }
        let profile = self.profile_of(&account.customer).await?;
        let approval = self
            .store
            .approval_fields(account.customer.tenant_id)
            .await?;
        let changes = self
            .store
            .company_changes(account.customer.tenant_id, account.customer.id, 50)
            .await?;
        let mut fields = Vec::new();
        for f in CompanyProfile::FIELDS {
            let access = field_access(&account.role, Module::Company, f);
            if access == FieldAccess::Hidden {
                continue;
            }
            fields.push(CompanyField {
                field: f,
                editable: actor.is_some() && access == FieldAccess::Editable,
                required: f.required(),
                value: profile.get(f).to_string(),
                pending: changes
                    .iter()
                    .find(|c| c.field == f && c.status == ChangeStatus::Pending)
                    .map(|c| c.after.clone()),
                needs_approval: approval.contains(&f),
            });
        }
        let visible: Vec<Field> = fields.iter().map(|f| f.field).collect();
        Ok(CompanyView {
            can_edit: fields.iter().any(|f| f.editable),
            fields,
            version: profile.version,
            history: changes
                .into_iter()
                .filter(|c| visible.contains(&c.field))
                .collect(),
        })
    }

    /// Saves what the contact changed (`values`: each field sent, as typed). Only fields their
    /// role lets them edit are accepted: a hidden or read-only field sent is an attempt to go
    /// around the page, refused (403) and logged, and nothing is written. `version` is the one
    /// the form was built from.
    pub async fn update_company(
        &self,
        actor: &SignedIn,
        account: &Account,
        version: i64,
        values: &[(Field, String)],
    ) -> CoreResult<CompanySaved> {
        require_in(&actor.user, account, Module::Company, Op::Edit)?;
        let mut e = FieldErrors::default();
        let mut wanted = Vec::new();
        for (f, v) in values {
            let editable = CompanyProfile::FIELDS.contains(f)
                && field_access(&account.role, Module::Company, *f) == FieldAccess::Editable;
            if !editable {
                tracing::warn!(
                    user = %actor.user.id, customer = %account.customer.id, field = %f.code(),
                    "refused: a field this role may not edit was posted"
                );
                return Err(CoreError::Forbidden);
            }
            let f = *f;
            if let Some(value) = parse_value(&mut e, f, v) {
                wanted.push((f, value));
            }
        }
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let current = self.profile_of(&account.customer).await?;
        if current.version != version {
            return Err(CoreError::Conflict);
        }
        let approval = self
            .store
            .approval_fields(account.customer.tenant_id)
            .await?;
        let now = Millis::now();
        let mut next = current.clone();
        let mut changes = Vec::new();
        let mut saved = CompanySaved::default();
        for (f, value) in wanted {
            if current.get(f) == value {
                continue;
            }
            let status = if approval.contains(&f) {
                saved.pending += 1;
                ChangeStatus::Pending
            } else {
                saved.applied += 1;
                next.set(f, value.clone());
                ChangeStatus::Applied
            };
            changes.push(CompanyChange {
                id: ChangeId::new(),
                tenant_id: account.customer.tenant_id,
                customer_id: account.customer.id,
                user_id: actor.user.id,
                user_name: actor.user.name.clone(),
                field: f,
                before: current.get(f).to_string(),
                after: value,
                status,
                created_at: now,
                decided_by: None,
                decided_at: None,
            });
        }
        if changes.is_empty() {
            return Ok(saved);
        }
        next.version = current.version + 1;
        next.updated_at = now;
        match self
            .store
            .save_company_profile(&next, current.version, &changes)
            .await
        {
            Ok(()) => Ok(saved),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// Staff: a customer's profile and its change history.
    pub async fn company_for_staff(
        &self,
        actor: &User,
        customer: &Customer,
    ) -> CoreResult<(CompanyProfile, Vec<CompanyChange>)> {
        require(actor, Action::ViewCustomers)?;
        if customer.tenant_id != actor.tenant_id {
            return Err(CoreError::NotFound);
        }
        let p = self.profile_of(customer).await?;
        let changes = self
            .store
            .company_changes(actor.tenant_id, customer.id, 100)
            .await?;
        Ok((p, changes))
    }

    /// Staff approve (the new value replaces the old) or reject a pending change.
    pub async fn decide_company_change(
        &self,
        actor: &User,
        id: ChangeId,
        approve: bool,
    ) -> CoreResult<CompanyChange> {
        require(actor, Action::ManageCustomers)?;
        match self
            .store
            .decide_company_change(actor.tenant_id, id, approve, actor.id, Millis::now())
            .await
        {
            Ok(c) => Ok(c),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn approval_fields(&self, actor: &User) -> CoreResult<Vec<Field>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.approval_fields(actor.tenant_id).await?)
    }

    /// Staff choose which profile fields wait for their approval (codes as posted).
    pub async fn set_approval_fields(&self, actor: &User, codes: &[String]) -> CoreResult<()> {
        require(actor, Action::ManageRoles)?;
        let mut fields = Vec::new();
        for c in codes {
            match Field::parse(c).filter(|f| CompanyProfile::FIELDS.contains(f)) {
                Some(f) if !fields.contains(&f) => fields.push(f),
                Some(_) => {}
                None => return Err(CoreError::field("fields", "error-invalid")),
            }
        }
        Ok(self
            .store
            .set_approval_fields(actor.tenant_id, &fields)
            .await?)
    }
}
