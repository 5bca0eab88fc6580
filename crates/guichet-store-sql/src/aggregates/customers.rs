//! Customer accounts and their contacts (memberships: a contact's role in an account).
use async_trait::async_trait;
use guichet_domain::{
    Address, Customer, CustomerId, CustomerQuery, Locale, Member, Membership, Millis, RoleId,
    TenantId, User, UserId,
};
use guichet_store::{CustomerStore, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::users::{UserRow, user_columns_of_u};
use super::{Db, Keyed, SqlStore, users};
use crate::error::{Result, changed, not_found};
use crate::rows::{Row, code, contains_pattern, search_words, values};

/// A customer's columns, read from `c` under the `c_` prefix.
macro_rules! customer_columns_of_c {
    () => {
        "c.id AS c_id, c.tenant_id AS c_tenant_id, c.number AS c_number, c.name AS c_name, \
         c.locale AS c_locale, c.currency AS c_currency, \
         c.billing_line1 AS c_billing_line1, c.billing_line2 AS c_billing_line2, \
         c.billing_city AS c_billing_city, c.billing_region AS c_billing_region, \
         c.billing_postal_code AS c_billing_postal_code, c.billing_country AS c_billing_country, \
         c.shipping_line1 AS c_shipping_line1, c.shipping_line2 AS c_shipping_line2, \
         c.shipping_city AS c_shipping_city, c.shipping_region AS c_shipping_region, \
         c.shipping_postal_code AS c_shipping_postal_code, \
         c.shipping_country AS c_shipping_country, \
         c.created_at AS c_created_at, c.updated_at AS c_updated_at"
    };
}
pub(super) use customer_columns_of_c;

#[derive(FromRow)]
pub(super) struct CustomerRow {
    #[sqlx(rename = "c_id")]
    id: Uuid,
    #[sqlx(rename = "c_tenant_id")]
    tenant_id: Uuid,
    #[sqlx(rename = "c_number")]
    number: String,
    #[sqlx(rename = "c_name")]
    name: String,
    #[sqlx(rename = "c_locale")]
    locale: String,
    #[sqlx(rename = "c_currency")]
    currency: String,
    #[sqlx(rename = "c_billing_line1")]
    billing_line1: String,
    #[sqlx(rename = "c_billing_line2")]
    billing_line2: String,
    #[sqlx(rename = "c_billing_city")]
    billing_city: String,
    #[sqlx(rename = "c_billing_region")]
    billing_region: String,
    #[sqlx(rename = "c_billing_postal_code")]
    billing_postal_code: String,
    #[sqlx(rename = "c_billing_country")]
    billing_country: String,
    #[sqlx(rename = "c_shipping_line1")]
    shipping_line1: String,
    #[sqlx(rename = "c_shipping_line2")]
    shipping_line2: String,
    #[sqlx(rename = "c_shipping_city")]
    shipping_city: String,
    #[sqlx(rename = "c_shipping_region")]
    shipping_region: String,
    #[sqlx(rename = "c_shipping_postal_code")]
    shipping_postal_code: String,
    #[sqlx(rename = "c_shipping_country")]
    shipping_country: String,
    #[sqlx(rename = "c_created_at")]
    created_at: i64,
    #[sqlx(rename = "c_updated_at")]
    updated_at: i64,
}

impl Keyed for CustomerRow {
    const KEY: &'static str = "c_id";
}

impl Row for CustomerRow {
    type Value = Customer;
    fn value(self) -> Result<Customer> {
        Ok(Customer {
            id: CustomerId(self.id),
            tenant_id: TenantId(self.tenant_id),
            number: self.number,
            name: self.name,
            locale: code(&self.locale, Locale::parse, "customer locale")?,
            currency: self.currency,
            billing: Address {
                line1: self.billing_line1,
                line2: self.billing_line2,
                city: self.billing_city,
                region: self.billing_region,
                postal_code: self.billing_postal_code,
                country: self.billing_country,
            },
            shipping: Address {
                line1: self.shipping_line1,
                line2: self.shipping_line2,
                city: self.shipping_city,
                region: self.shipping_region,
                postal_code: self.shipping_postal_code,
                country: self.shipping_country,
            },
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
struct MemberRow {
    #[sqlx(flatten)]
    user: UserRow,
    role_id: Uuid,
    invited_by: Option<Uuid>,
    invited_by_name: Option<String>,
    since: i64,
}

impl Row for MemberRow {
    type Value = Member;
    fn value(self) -> Result<Member> {
        Ok(Member {
            user: self.user.value()?,
            role_id: RoleId(self.role_id),
            invited_by: self.invited_by.map(UserId),
            invited_by_name: self.invited_by_name,
            since: Millis(self.since),
        })
    }
}

#[derive(FromRow)]
struct MembershipRow {
    tenant_id: Uuid,
    customer_id: Uuid,
    user_id: Uuid,
    role_id: Uuid,
    invited_by: Option<Uuid>,
    created_at: i64,
}

impl Row for MembershipRow {
    type Value = Membership;
    fn value(self) -> Result<Membership> {
        Ok(Membership {
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            user_id: UserId(self.user_id),
            role_id: RoleId(self.role_id),
            invited_by: self.invited_by.map(UserId),
            created_at: Millis(self.created_at),
        })
    }
}

/// Binds a customer's id, tenant and fields as `$1`..`$18` (insert and update share them).
fn bind_fields<'q>(
    q: sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>,
    c: &'q Customer,
) -> sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments> {
    q.bind(c.id.0)
        .bind(c.tenant_id.0)
        .bind(&c.number)
        .bind(&c.name)
        .bind(c.locale.code())
        .bind(&c.currency)
        .bind(&c.billing.line1)
        .bind(&c.billing.line2)
        .bind(&c.billing.city)
        .bind(&c.billing.region)
        .bind(&c.billing.postal_code)
        .bind(&c.billing.country)
        .bind(&c.shipping.line1)
        .bind(&c.shipping.line2)
        .bind(&c.shipping.city)
        .bind(&c.shipping.region)
        .bind(&c.shipping.postal_code)
        .bind(&c.shipping.country)
}

pub(super) async fn insert(e: impl Executor<'_, Database = Db>, c: &Customer) -> Result<()> {
    let q = sqlx::query(
        "INSERT INTO customers (id, tenant_id, number, name, locale, currency, \
         billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, \
         billing_country, shipping_line1, shipping_line2, shipping_city, shipping_region, \
         shipping_postal_code, shipping_country, created_at, updated_at) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
    );
    bind_fields(q, c)
        .bind(c.created_at.0)
        .bind(c.updated_at.0)
        .execute(e)
        .await?;
    Ok(())
}

/// A membership; the customer, the user and the role must all be the tenant's (the insert
/// names them, so nothing crosses tenants): `NotFound` otherwise.
pub(super) async fn insert_membership(
    e: impl Executor<'_, Database = Db>,
    m: &Membership,
) -> Result<()> {
    let done = sqlx::query(
        "INSERT INTO memberships (tenant_id, customer_id, user_id, role_id, invited_by, created_at) \
         SELECT c.tenant_id, c.id, u.id, r.id, $5, $6 \
         FROM customers c CROSS JOIN users u CROSS JOIN roles r \
         WHERE c.id = $2 AND c.tenant_id = $1 AND u.id = $3 AND u.tenant_id = $1 \
         AND r.id = $4 AND r.tenant_id = $1",
    )
    .bind(m.tenant_id.0)
    .bind(m.customer_id.0)
    .bind(m.user_id.0)
    .bind(m.role_id.0)
    .bind(m.invited_by.map(|u| u.0))
    .bind(m.created_at.0)
    .execute(e)
    .await?;
    changed(done.rows_affected())
}

pub(super) async fn dump(e: impl Executor<'_, Database = Db>) -> Result<Vec<Customer>> {
    let rows: Vec<CustomerRow> = sqlx::query_as(concat!(
        "SELECT ",
        customer_columns_of_c!(),
        " FROM customers c ORDER BY c.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_memberships(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<Membership>> {
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT tenant_id, customer_id, user_id, role_id, invited_by, created_at \
         FROM memberships ORDER BY customer_id, user_id",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn update(store: &SqlStore, c: &Customer) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let _changing = store.cache.changing();
    // Invoices are read with their customer's name as it is now.
    let _billing = store
        .cache
        .topic_changing(crate::signed_in_cache::Topic::Billing);
    let q = sqlx::query(
        "UPDATE customers SET number = $3, name = $4, locale = $5, currency = $6, \
         billing_line1 = $7, billing_line2 = $8, billing_city = $9, billing_region = $10, \
         billing_postal_code = $11, billing_country = $12, shipping_line1 = $13, \
         shipping_line2 = $14, shipping_city = $15, shipping_region = $16, \
         shipping_postal_code = $17, shipping_country = $18, updated_at = $19 \
         WHERE id = $1 AND tenant_id = $2",
    );
    let done = bind_fields(q, c)
        .bind(c.updated_at.0)
        .execute(&mut *tx)
        .await?;
    changed(done.rows_affected())?;
    super::commit(tx).await
}

async fn by_id(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: CustomerId,
) -> Result<Option<Customer>> {
    super::tenant_row::<CustomerRow, _>(
        pool,
        concat!(
            "SELECT ",
            customer_columns_of_c!(),
            " FROM customers c WHERE c.tenant_id = $1 AND c.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn by_number(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    number: &str,
) -> Result<Option<Customer>> {
    super::tenant_row::<CustomerRow, _>(
        pool,
        concat!(
            "SELECT ",
            customer_columns_of_c!(),
            " FROM customers c WHERE c.tenant_id = $1 AND c.number = $2"
        ),
        tenant,
        number,
    )
    .await
}

/// A page of customers by name, then id (keyset pagination), matching the search if any.
async fn page(pool: &sqlx::Pool<Db>, tenant: TenantId, q: &CustomerQuery) -> Result<Vec<Customer>> {
    let mut b = sqlx::QueryBuilder::<Db>::new(concat!(
        "SELECT ",
        customer_columns_of_c!(),
        " FROM customers c WHERE c.tenant_id = "
    ));
    b.push_bind(tenant.0);
    if let Some(words) = search_words(q.search.as_deref()) {
        let pattern = contains_pattern(words);
        b.push(" AND (LOWER(c.name) LIKE ");
        b.push_bind(pattern.clone());
        b.push(" ESCAPE '\\' OR LOWER(c.number) LIKE ");
        b.push_bind(pattern);
        b.push(" ESCAPE '\\')");
    }
    if let Some((name, id)) = &q.after {
        b.push(" AND (c.name > ");
        b.push_bind(name.clone());
        b.push(" OR (c.name = ");
        b.push_bind(name.clone());
        b.push(" AND c.id > ");
        b.push_bind(id.0);
        b.push("))");
    }
    b.push(" ORDER BY c.name, c.id LIMIT ");
    b.push_bind(q.limit.clamp(1, 500));
    let rows: Vec<CustomerRow> = b.build_query_as().fetch_all(pool).await?;
    values(rows)
}

async fn count(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM customers WHERE tenant_id = $1")
        .bind(tenant.0)
        .fetch_one(pool)
        .await?;
    Ok(n)
}

/// A new contact and their membership, in one transaction.
async fn insert_contact(store: &SqlStore, m: &Membership, u: &User) -> Result<()> {
    let _changing = store.cache.changing();
    if m.user_id != u.id || m.tenant_id != u.tenant_id {
        return not_found();
    }
    let mut tx = store.begin_write().await?;
    users::insert(&mut *tx, u).await?;
    insert_membership(&mut *tx, m).await?;
    super::commit(tx).await
}

async fn add_membership(store: &SqlStore, m: &Membership) -> Result<()> {
    let _changing = store.cache.changing();
    insert_membership(&store.pool, m).await
}

async fn contacts(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<Vec<Member>> {
    super::tenant_rows::<MemberRow, _>(
        pool,
        concat!(
            "SELECT ",
            user_columns_of_u!(),
            ", m.role_id, m.invited_by, i.name AS invited_by_name, m.created_at AS since \
         FROM memberships m CROSS JOIN users u \
         LEFT JOIN users i ON i.id = m.invited_by AND i.tenant_id = $1 \
         WHERE u.id = m.user_id AND m.tenant_id = $1 AND m.customer_id = $2 AND u.tenant_id = $1 \
         ORDER BY u.name, u.id"
        ),
        tenant,
        customer.0,
    )
    .await
}

/// A person's accounts (`$1` tenant, `$2` person), from their memberships: written so that
/// SQLite starts from `memberships_by_user` rather than walking the tenant's customers by name
/// (checked by a plan test in `sqlite.rs`).
pub(crate) const ACCOUNTS_OF: &str = concat!(
    "SELECT ",
    customer_columns_of_c!(),
    " FROM memberships m CROSS JOIN customers c \
     WHERE c.id = m.customer_id AND m.tenant_id = $1 AND m.user_id = $2 AND c.tenant_id = $1 \
     ORDER BY c.name, c.id"
);

async fn accounts_of(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
) -> Result<Vec<Customer>> {
    super::tenant_rows::<CustomerRow, _>(pool, ACCOUNTS_OF, tenant, user.0).await
}

#[async_trait]
impl CustomerStore for SqlStore {
    async fn insert_customer(&self, customer: &Customer) -> StoreResult<()> {
        {
            let mut tx = self.begin_write().await?;
            let out = insert(&mut *tx, customer).await?;
            super::commit(tx).await?;
            Ok(out)
        }
    }
    async fn update_customer(&self, customer: &Customer) -> StoreResult<()> {
        Ok(update(self, customer).await?)
    }
    async fn customer(&self, tenant: TenantId, id: CustomerId) -> StoreResult<Option<Customer>> {
        Ok(by_id(&self.pool, tenant, id).await?)
    }
    async fn customer_by_number(
        &self,
        tenant: TenantId,
        number: &str,
    ) -> StoreResult<Option<Customer>> {
        Ok(by_number(&self.pool, tenant, number).await?)
    }
    async fn list_customers(
        &self,
        tenant: TenantId,
        query: &CustomerQuery,
    ) -> StoreResult<Vec<Customer>> {
        Ok(page(&self.pool, tenant, query).await?)
    }
    async fn count_customers(&self, tenant: TenantId) -> StoreResult<i64> {
        Ok(count(&self.pool, tenant).await?)
    }
    async fn insert_contact(&self, membership: &Membership, user: &User) -> StoreResult<()> {
        Ok(insert_contact(self, membership, user).await?)
    }
    async fn add_membership(&self, membership: &Membership) -> StoreResult<()> {
        Ok(add_membership(self, membership).await?)
    }
    async fn contacts_of(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Vec<Member>> {
        Ok(contacts(&self.pool, tenant, customer).await?)
    }
    async fn customers_of(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Customer>> {
        Ok(accounts_of(&self.pool, tenant, user).await?)
    }
}
