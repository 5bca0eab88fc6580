//! A customer's company profile (versioned), the changes made to it, and the fields whose
//! changes wait for staff approval.
use async_trait::async_trait;
use guichet_domain::{
    ChangeId, ChangeStatus, CompanyChange, CompanyProfile, CustomerId, Field, Millis, TenantId,
    UserId,
};
use guichet_store::{CompanyStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, conflict, not_found};
use crate::rows::{Row, code, value, values};

macro_rules! profile_columns {
    () => {
        "customer_id, tenant_id, legal_name, tax_number, tax_number_qc, phone, billing_contact, \
         billing_email, version, updated_at"
    };
}
/// A change with its author's name, read from `c` and `u`.
macro_rules! change_columns {
    () => {
        "c.id, c.tenant_id, c.customer_id, c.user_id, u.name AS user_name, c.field, \
         c.before_value, c.after_value, c.status, c.created_at, c.decided_by, c.decided_at"
    };
}

/// A profile saved meanwhile by someone else: nothing was written.
const VERSION_RULE: &str = "company_profiles_version";

#[derive(FromRow)]
struct ProfileRow {
    customer_id: Uuid,
    tenant_id: Uuid,
    legal_name: String,
    tax_number: String,
    tax_number_qc: String,
    phone: String,
    billing_contact: String,
    billing_email: String,
    version: i64,
    updated_at: i64,
}

impl Row for ProfileRow {
    type Value = CompanyProfile;
    fn value(self) -> Result<CompanyProfile> {
        Ok(CompanyProfile {
            customer_id: CustomerId(self.customer_id),
            tenant_id: TenantId(self.tenant_id),
            legal_name: self.legal_name,
            tax_number: self.tax_number,
            tax_number_qc: self.tax_number_qc,
            phone: self.phone,
            billing_contact: self.billing_contact,
            billing_email: self.billing_email,
            version: self.version,
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
struct ChangeRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    user_id: Uuid,
    user_name: Option<String>,
    field: String,
    before_value: String,
    after_value: String,
    status: String,
    created_at: i64,
    decided_by: Option<Uuid>,
    decided_at: Option<i64>,
}

impl Row for ChangeRow {
    type Value = CompanyChange;
    fn value(self) -> Result<CompanyChange> {
        Ok(CompanyChange {
            id: ChangeId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            user_id: UserId(self.user_id),
            user_name: self.user_name.unwrap_or_default(),
            field: code(&self.field, Field::parse, "change field")?,
            before: self.before_value,
            after: self.after_value,
            status: code(&self.status, ChangeStatus::parse, "change status")?,
            created_at: Millis(self.created_at),
            decided_by: self.decided_by.map(UserId),
            decided_at: self.decided_at.map(Millis),
        })
    }
}

/// A first profile; the customer must be the tenant's (the insert names it). Returns the rows
/// written (0: not the tenant's customer).
pub(super) async fn insert_profile(
    e: impl Executor<'_, Database = Db>,
    p: &CompanyProfile,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO company_profiles (customer_id, tenant_id, legal_name, tax_number, \
         tax_number_qc, phone, billing_contact, billing_email, version, updated_at) \
         SELECT c.id, c.tenant_id, $3, $4, $5, $6, $7, $8, $9, $10 \
         FROM customers c WHERE c.id = $1 AND c.tenant_id = $2",
    )
    .bind(p.customer_id.0)
    .bind(p.tenant_id.0)
    .bind(&p.legal_name)
    .bind(&p.tax_number)
    .bind(&p.tax_number_qc)
    .bind(&p.phone)
    .bind(&p.billing_contact)
    .bind(&p.billing_email)
    .bind(p.version)
    .bind(p.updated_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

/// Saves a profile if its stored version is still `expected`; returns the rows changed.
async fn update_profile(
    e: impl Executor<'_, Database = Db>,
    p: &CompanyProfile,
    expected: i64,
) -> Result<u64> {
    let done = sqlx::query(
        "UPDATE company_profiles SET legal_name = $3, tax_number = $4, tax_number_qc = $5, \
         phone = $6, billing_contact = $7, billing_email = $8, version = $9, updated_at = $10 \
         WHERE tenant_id = $1 AND customer_id = $2 AND version = $11",
    )
    .bind(p.tenant_id.0)
    .bind(p.customer_id.0)
    .bind(&p.legal_name)
    .bind(&p.tax_number)
    .bind(&p.tax_number_qc)
    .bind(&p.phone)
    .bind(&p.billing_contact)
    .bind(&p.billing_email)
    .bind(p.version)
    .bind(p.updated_at.0)
    .bind(expected)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn insert_change(
    e: impl Executor<'_, Database = Db>,
    c: &CompanyChange,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO company_changes (id, tenant_id, customer_id, user_id, field, before_value, \
         after_value, status, created_at, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(c.id.0)
    .bind(c.tenant_id.0)
    .bind(c.customer_id.0)
    .bind(c.user_id.0)
    .bind(c.field.code())
    .bind(&c.before)
    .bind(&c.after)
    .bind(c.status.code())
    .bind(c.created_at.0)
    .bind(c.decided_by.map(|u| u.0))
    .bind(c.decided_at.map(|m| m.0))
    .execute(e)
    .await?;
    Ok(())
}

pub(super) async fn insert_approval_field(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    field: Field,
) -> Result<()> {
    sqlx::query("INSERT INTO company_approval_fields (tenant_id, field) VALUES ($1, $2)")
        .bind(tenant.0)
        .bind(field.code())
        .execute(e)
        .await?;
    Ok(())
}

pub(super) async fn dump_profiles(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<CompanyProfile>> {
    let rows: Vec<ProfileRow> = sqlx::query_as(concat!(
        "SELECT ",
        profile_columns!(),
        " FROM company_profiles ORDER BY customer_id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_changes(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<CompanyChange>> {
    let rows: Vec<ChangeRow> = sqlx::query_as(concat!(
        "SELECT ",
        change_columns!(),
        " FROM company_changes c LEFT JOIN users u ON u.id = c.user_id ORDER BY c.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_approval_fields(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, Field)>> {
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT tenant_id, field FROM company_approval_fields ORDER BY tenant_id, field",
    )
    .fetch_all(e)
    .await?;
    rows.into_iter()
        .map(|(t, f)| Ok((TenantId(t), code(&f, Field::parse, "approval field")?)))
        .collect()
}

async fn profile_in(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<Option<CompanyProfile>> {
    let row: Option<ProfileRow> = sqlx::query_as(concat!(
        "SELECT ",
        profile_columns!(),
        " FROM company_profiles WHERE tenant_id = $1 AND customer_id = $2"
    ))
    .bind(tenant.0)
    .bind(customer.0)
    .fetch_optional(e)
    .await?;
    value(row)
}

/// Saves the profile at `expected + 1` and records the changes, in one transaction.
async fn save(
    store: &SqlStore,
    p: &CompanyProfile,
    expected: i64,
    changes: &[CompanyChange],
) -> Result<()> {
    if p.version != expected + 1 {
        return conflict(VERSION_RULE);
    }
    let mut tx = store.begin_write().await?;
    if expected == 0 {
        if profile_in(&mut *tx, p.tenant_id, p.customer_id)
            .await?
            .is_some()
        {
            return conflict(VERSION_RULE);
        }
        if insert_profile(&mut *tx, p).await? == 0 {
            return not_found();
        }
    } else if update_profile(&mut *tx, p, expected).await? == 0 {
        return conflict(VERSION_RULE);
    }
    for c in changes {
        if c.tenant_id != p.tenant_id || c.customer_id != p.customer_id {
            return not_found();
        }
        insert_change(&mut *tx, c).await?;
    }
    super::commit(tx).await
}

async fn latest_changes(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
    limit: i64,
) -> Result<Vec<CompanyChange>> {
    let rows: Vec<ChangeRow> = sqlx::query_as(concat!(
        "SELECT ",
        change_columns!(),
        " FROM company_changes c LEFT JOIN users u ON u.id = c.user_id \
         WHERE c.tenant_id = $1 AND c.customer_id = $2 \
         ORDER BY c.created_at DESC, c.id DESC LIMIT $3"
    ))
    .bind(tenant.0)
    .bind(customer.0)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    values(rows)
}

/// Approves (applying the new value to the profile) or rejects a pending change, in one
/// transaction.
async fn decide(
    store: &SqlStore,
    tenant: TenantId,
    id: ChangeId,
    approve: bool,
    by: UserId,
    at: Millis,
) -> Result<CompanyChange> {
    let mut tx = store.begin_write().await?;
    let row: Option<ChangeRow> = sqlx::query_as(concat!(
        "SELECT ",
        change_columns!(),
        " FROM company_changes c LEFT JOIN users u ON u.id = c.user_id \
         WHERE c.tenant_id = $1 AND c.id = $2"
    ))
    .bind(tenant.0)
    .bind(id.0)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(mut change) = value(row)? else {
        return not_found();
    };
    let status = if approve {
        ChangeStatus::Approved
    } else {
        ChangeStatus::Rejected
    };
    let done = sqlx::query(
        "UPDATE company_changes SET status = $3, decided_by = $4, decided_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND status = 'pending'",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(status.code())
    .bind(by.0)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("company_changes_decided");
    }
    if approve {
        let Some(mut p) = profile_in(&mut *tx, tenant, change.customer_id).await? else {
            return not_found();
        };
        let expected = p.version;
        p.set(change.field, change.after.clone());
        p.version += 1;
        p.updated_at = at;
        if update_profile(&mut *tx, &p, expected).await? == 0 {
            // Saved by someone else meanwhile: nothing is decided.
            return conflict(VERSION_RULE);
        }
    }
    super::commit(tx).await?;
    change.status = status;
    change.decided_by = Some(by);
    change.decided_at = Some(at);
    Ok(change)
}

async fn approval_fields(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<Field>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT field FROM company_approval_fields WHERE tenant_id = $1 ORDER BY field",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(f,)| code(&f, Field::parse, "approval field"))
        .collect()
}

async fn set_approval_fields(store: &SqlStore, tenant: TenantId, fields: &[Field]) -> Result<()> {
    let mut tx = store.begin_write().await?;
    sqlx::query("DELETE FROM company_approval_fields WHERE tenant_id = $1")
        .bind(tenant.0)
        .execute(&mut *tx)
        .await?;
    for f in fields {
        insert_approval_field(&mut *tx, tenant, *f).await?;
    }
    super::commit(tx).await
}

#[async_trait]
impl CompanyStore for SqlStore {
    async fn company_profile(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<CompanyProfile>> {
        Ok(profile_in(&self.pool, tenant, customer).await?)
    }
    async fn save_company_profile(
        &self,
        profile: &CompanyProfile,
        expected: i64,
        changes: &[CompanyChange],
    ) -> StoreResult<()> {
        Ok(save(self, profile, expected, changes).await?)
    }
    async fn company_changes(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        limit: i64,
    ) -> StoreResult<Vec<CompanyChange>> {
        Ok(latest_changes(&self.pool, tenant, customer, limit).await?)
    }
    async fn decide_company_change(
        &self,
        tenant: TenantId,
        id: ChangeId,
        approve: bool,
        by: UserId,
        at: Millis,
    ) -> StoreResult<CompanyChange> {
        Ok(decide(self, tenant, id, approve, by, at).await?)
    }
    async fn approval_fields(&self, tenant: TenantId) -> StoreResult<Vec<Field>> {
        Ok(approval_fields(&self.pool, tenant).await?)
    }
    async fn set_approval_fields(&self, tenant: TenantId, fields: &[Field]) -> StoreResult<()> {
        Ok(set_approval_fields(self, tenant, fields).await?)
    }
}
