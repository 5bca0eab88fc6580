//! The store implementation, written once and instantiated per backend by `sql_store!`.
//! Placeholders are `$n` (understood by both SQLite and PostgreSQL); instants are BIGINT
//! milliseconds; ids are UUIDs (native on PostgreSQL, 16-byte BLOBs on SQLite).
//! Joins are written `a CROSS JOIN b WHERE …` with the selective table first: SQLite then keeps
//! that order (without it, its planner may scan a whole tenant's customers), and PostgreSQL
//! plans it like any inner join.

/// A document (`d`) and its latest version (`v`), in the order `document_at` and `version_at`
/// (offset 10) read them; with `latest_version!()` in the `WHERE`.
macro_rules! latest_document_cols {
    () => {
        "d.id, d.tenant_id, d.customer_id, d.project_id, d.title, d.kind, d.status, d.created_by, d.created_at, d.updated_at, \
         v.id, v.tenant_id, v.document_id, v.number, v.filename, v.content_type, v.size, v.sha256, v.uploaded_by, v.uploaded_at"
    };
}
macro_rules! latest_version {
    () => {
        "v.document_id = d.id AND v.number = (SELECT MAX(x.number) FROM document_versions x WHERE x.document_id = d.id)"
    };
}
macro_rules! share_cols {
    () => {
        "tenant_id, project_id, document_id, user_id, level, granted_by, granted_at"
    };
}

macro_rules! user_cols {
    () => {
        "id, tenant_id, kind, email, name, phone, locale, staff_role, active, password_hash, created_at, updated_at, time_zone"
    };
}
macro_rules! customer_cols {
    () => {
        "id, tenant_id, number, name, locale, currency, \
         billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, billing_country, \
         shipping_line1, shipping_line2, shipping_city, shipping_region, shipping_postal_code, shipping_country, \
         created_at, updated_at"
    };
}
macro_rules! tenant_cols {
    () => {
        "id, host, name, base_url, primary_colour, logo_svg, default_locale, created_at, max_upload_mb, document_kinds"
    };
}
macro_rules! session_cols {
    () => {
        "id, tenant_id, user_id, token_hash, created_at, last_seen_at, expires_at, user_agent, ip"
    };
}
macro_rules! role_cols {
    () => {
        "id, tenant_id, name, is_default, permissions, created_at, updated_at"
    };
}
macro_rules! profile_cols {
    () => {
        "customer_id, tenant_id, legal_name, tax_number, tax_number_qc, phone, billing_contact, billing_email, version, updated_at"
    };
}
macro_rules! address_cols {
    () => {
        "id, tenant_id, customer_id, label, site, line1, line2, city, region, postal_code, country, instructions, \
         is_default, archived_at, used_at, created_at, updated_at"
    };
}
macro_rules! project_cols {
    () => {
        "id, tenant_id, customer_id, title, reference, description, site, starts_on, ends_on, status, created_by, created_at, updated_at"
    };
}
macro_rules! document_cols {
    () => {
        "id, tenant_id, customer_id, project_id, title, kind, status, created_by, created_at, updated_at"
    };
}
macro_rules! version_cols {
    () => {
        "id, tenant_id, document_id, number, filename, content_type, size, sha256, uploaded_by, uploaded_at"
    };
}
macro_rules! journal_cols {
    () => {
        "id, tenant_id, seq, at, actor, actor_label, ip, action, object_kind, object_id, customer_id, project_id, detail, prev_hash, hash"
    };
}
macro_rules! link_cols {
    () => {
        "id, tenant_id, customer_id, project_id, document_id, label, token_hash, created_by, created_at, expires_at, revoked_at, uses, last_used_at, sign_in"
    };
}
macro_rules! request_cols {
    () => {
        "id, tenant_id, customer_id, project_id, title, kind, description, due_on, created_by, created_at, fulfilled_at, fulfilled_by, document_id"
    };
}
macro_rules! token_cols {
    () => {
        "id, tenant_id, user_id, purpose, token_hash, created_at, expires_at, spent_at"
    };
}
macro_rules! email_cols {
    () => {
        "id, tenant_id, to_addr, subject, body_text, created_at, sent_at, attempts, next_attempt_at, last_error"
    };
}

macro_rules! sql_store {
    ($store:ident, $db:ty, $row:ty, $migrations:expr, $backend:literal) => {
        use async_trait::async_trait;
        use guichet_domain::*;
        use guichet_store::*;
        use sqlx::Row;

        use crate::map_err;

        fn corrupt(what: &str) -> StoreError {
            StoreError::corrupt(what)
        }

        fn tenant_at(r: &$row) -> StoreResult<Tenant> {
            let locale: String = r.try_get(6).map_err(map_err)?;
            Ok(Tenant {
                id: TenantId(r.try_get(0).map_err(map_err)?),
                host: r.try_get(1).map_err(map_err)?,
                name: r.try_get(2).map_err(map_err)?,
                base_url: r.try_get(3).map_err(map_err)?,
                primary_colour: r.try_get(4).map_err(map_err)?,
                logo_svg: r.try_get(5).map_err(map_err)?,
                default_locale: Locale::parse(&locale).ok_or_else(|| corrupt("tenant locale"))?,
                created_at: Millis(r.try_get(7).map_err(map_err)?),
                max_upload_mb: r.try_get(8).map_err(map_err)?,
                document_kinds: r
                    .try_get::<String, _>(9)
                    .map_err(map_err)?
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        }

        fn user_at(r: &$row, o: usize) -> StoreResult<User> {
            let kind: String = r.try_get(o + 2).map_err(map_err)?;
            let email: String = r.try_get(o + 3).map_err(map_err)?;
            let locale: String = r.try_get(o + 6).map_err(map_err)?;
            let role: Option<String> = r.try_get(o + 7).map_err(map_err)?;
            Ok(User {
                id: UserId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                kind: UserKind::parse(&kind).ok_or_else(|| corrupt("user kind"))?,
                email: Email::parse(&email).map_err(|_| corrupt("user email"))?,
                name: r.try_get(o + 4).map_err(map_err)?,
                phone: r.try_get(o + 5).map_err(map_err)?,
                locale: Locale::parse(&locale).ok_or_else(|| corrupt("user locale"))?,
                staff_role: match role {
                    Some(r) => Some(StaffRole::parse(&r).ok_or_else(|| corrupt("staff role"))?),
                    None => None,
                },
                active: r.try_get(o + 8).map_err(map_err)?,
                password_hash: r.try_get(o + 9).map_err(map_err)?,
                created_at: Millis(r.try_get(o + 10).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 11).map_err(map_err)?),
                time_zone: r.try_get(o + 12).map_err(map_err)?,
            })
        }

        fn address_at(r: &$row, o: usize) -> StoreResult<Address> {
            Ok(Address {
                line1: r.try_get(o).map_err(map_err)?,
                line2: r.try_get(o + 1).map_err(map_err)?,
                city: r.try_get(o + 2).map_err(map_err)?,
                region: r.try_get(o + 3).map_err(map_err)?,
                postal_code: r.try_get(o + 4).map_err(map_err)?,
                country: r.try_get(o + 5).map_err(map_err)?,
            })
        }

        fn customer_at(r: &$row) -> StoreResult<Customer> {
            customer_from(r, 0)
        }

        fn customer_from(r: &$row, o: usize) -> StoreResult<Customer> {
            let locale: String = r.try_get(o + 4).map_err(map_err)?;
            Ok(Customer {
                id: CustomerId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                number: r.try_get(o + 2).map_err(map_err)?,
                name: r.try_get(o + 3).map_err(map_err)?,
                locale: Locale::parse(&locale).ok_or_else(|| corrupt("customer locale"))?,
                currency: r.try_get(o + 5).map_err(map_err)?,
                billing: address_at(r, o + 6)?,
                shipping: address_at(r, o + 12)?,
                created_at: Millis(r.try_get(o + 18).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 19).map_err(map_err)?),
            })
        }

        fn role_from(r: &$row, o: usize) -> StoreResult<Role> {
            let permissions: String = r.try_get(o + 4).map_err(map_err)?;
            Ok(Role {
                id: RoleId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                name: r.try_get(o + 2).map_err(map_err)?,
                is_default: r.try_get(o + 3).map_err(map_err)?,
                permissions: Permissions::from_json(&permissions).map_err(|e| corrupt(&format!("role permissions: {e}")))?,
                created_at: Millis(r.try_get(o + 5).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 6).map_err(map_err)?),
            })
        }

        async fn insert_role_in<'c, E>(e: E, role: &Role) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO roles (", role_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7)"))
                .bind(role.id.0)
                .bind(role.tenant_id.0)
                .bind(&role.name)
                .bind(role.is_default)
                .bind(role.permissions.to_json())
                .bind(role.created_at.0)
                .bind(role.updated_at.0)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        async fn insert_membership_in<'c, E>(e: E, m: &Membership) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // Customer, user and role must all be the tenant's; the insert names them, so
            // nothing crosses tenants.
            let done = sqlx::query(
                "INSERT INTO memberships (tenant_id, customer_id, user_id, role_id, invited_by, created_at) \
                 SELECT c.tenant_id, c.id, u.id, r.id, $5, $6 FROM customers c CROSS JOIN users u CROSS JOIN roles r \
                 WHERE c.id = $2 AND c.tenant_id = $1 AND u.id = $3 AND u.tenant_id = $1 AND r.id = $4 AND r.tenant_id = $1",
            )
            .bind(m.tenant_id.0)
            .bind(m.customer_id.0)
            .bind(m.user_id.0)
            .bind(m.role_id.0)
            .bind(m.invited_by.map(|u| u.0))
            .bind(m.created_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
        }

        fn profile_at(r: &$row) -> StoreResult<CompanyProfile> {
            Ok(CompanyProfile {
                customer_id: CustomerId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                legal_name: r.try_get(2).map_err(map_err)?,
                tax_number: r.try_get(3).map_err(map_err)?,
                tax_number_qc: r.try_get(4).map_err(map_err)?,
                phone: r.try_get(5).map_err(map_err)?,
                billing_contact: r.try_get(6).map_err(map_err)?,
                billing_email: r.try_get(7).map_err(map_err)?,
                version: r.try_get(8).map_err(map_err)?,
                updated_at: Millis(r.try_get(9).map_err(map_err)?),
            })
        }

        /// Reads `id, tenant_id, customer_id, user_id, <author name>, field, before_value,
        /// after_value, status, created_at, decided_by, decided_at`.
        fn change_at(r: &$row) -> StoreResult<CompanyChange> {
            let field: String = r.try_get(5).map_err(map_err)?;
            let status: String = r.try_get(8).map_err(map_err)?;
            let decided_by: Option<uuid::Uuid> = r.try_get(10).map_err(map_err)?;
            let decided_at: Option<i64> = r.try_get(11).map_err(map_err)?;
            Ok(CompanyChange {
                id: ChangeId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(2).map_err(map_err)?),
                user_id: UserId(r.try_get(3).map_err(map_err)?),
                user_name: r.try_get::<Option<String>, _>(4).map_err(map_err)?.unwrap_or_default(),
                field: Field::parse(&field).ok_or_else(|| corrupt("change field"))?,
                before: r.try_get(6).map_err(map_err)?,
                after: r.try_get(7).map_err(map_err)?,
                status: ChangeStatus::parse(&status).ok_or_else(|| corrupt("change status"))?,
                created_at: Millis(r.try_get(9).map_err(map_err)?),
                decided_by: decided_by.map(UserId),
                decided_at: decided_at.map(Millis),
            })
        }

        async fn insert_profile_in<'c, E>(e: E, p: &CompanyProfile) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // The customer must be the tenant's: the insert names it, so nothing crosses.
            let done = sqlx::query(
                "INSERT INTO company_profiles (customer_id, tenant_id, legal_name, tax_number, tax_number_qc, phone, billing_contact, billing_email, version, updated_at) \
                 SELECT c.id, c.tenant_id, $3, $4, $5, $6, $7, $8, $9, $10 FROM customers c WHERE c.id = $1 AND c.tenant_id = $2",
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
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        /// Saves a profile if its stored version is still `expected`; returns the rows changed.
        async fn update_profile_in<'c, E>(e: E, p: &CompanyProfile, expected: i64) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let done = sqlx::query(
                "UPDATE company_profiles SET legal_name = $3, tax_number = $4, tax_number_qc = $5, phone = $6, billing_contact = $7, \
                 billing_email = $8, version = $9, updated_at = $10 WHERE tenant_id = $1 AND customer_id = $2 AND version = $11",
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
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

                async fn insert_change_in<'c, E>(e: E, c: &CompanyChange) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(
                "INSERT INTO company_changes (id, tenant_id, customer_id, user_id, field, before_value, after_value, status, created_at, decided_by, decided_at) \
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
            .await
            .map_err(map_err)?;
            Ok(())
        }

        fn session_at(r: &$row) -> StoreResult<Session> {
            Ok(Session {
                id: SessionId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                user_id: UserId(r.try_get(2).map_err(map_err)?),
                token_hash: r.try_get(3).map_err(map_err)?,
                created_at: Millis(r.try_get(4).map_err(map_err)?),
                last_seen_at: Millis(r.try_get(5).map_err(map_err)?),
                expires_at: Millis(r.try_get(6).map_err(map_err)?),
                user_agent: r.try_get(7).map_err(map_err)?,
                ip: r.try_get(8).map_err(map_err)?,
            })
        }

        fn token_at(r: &$row) -> StoreResult<Token> {
            let purpose: String = r.try_get(3).map_err(map_err)?;
            let spent: Option<i64> = r.try_get(7).map_err(map_err)?;
            Ok(Token {
                id: TokenId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                user_id: UserId(r.try_get(2).map_err(map_err)?),
                purpose: TokenPurpose::parse(&purpose).ok_or_else(|| corrupt("token purpose"))?,
                token_hash: r.try_get(4).map_err(map_err)?,
                created_at: Millis(r.try_get(5).map_err(map_err)?),
                expires_at: Millis(r.try_get(6).map_err(map_err)?),
                spent_at: spent.map(Millis),
            })
        }

        fn email_at(r: &$row) -> StoreResult<OutboxEmail> {
            let sent: Option<i64> = r.try_get(6).map_err(map_err)?;
            Ok(OutboxEmail {
                id: EmailId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                to_addr: r.try_get(2).map_err(map_err)?,
                subject: r.try_get(3).map_err(map_err)?,
                body_text: r.try_get(4).map_err(map_err)?,
                created_at: Millis(r.try_get(5).map_err(map_err)?),
                sent_at: sent.map(Millis),
                attempts: r.try_get(7).map_err(map_err)?,
                next_attempt_at: Millis(r.try_get(8).map_err(map_err)?),
                last_error: r.try_get(9).map_err(map_err)?,
            })
        }

        fn all<T>(rows: Vec<$row>, f: impl Fn(&$row) -> StoreResult<T>) -> StoreResult<Vec<T>> {
            rows.iter().map(f).collect()
        }

        async fn insert_user_in<'c, E>(e: E, u: &User) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO users (", user_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"))
                .bind(u.id.0)
                .bind(u.tenant_id.0)
                .bind(u.kind.code())
                .bind(u.email.as_str())
                .bind(&u.name)
                .bind(&u.phone)
                .bind(u.locale.code())
                .bind(u.staff_role.map(|r| r.code()))
                .bind(u.active)
                .bind(&u.password_hash)
                .bind(u.created_at.0)
                .bind(u.updated_at.0)
                .bind(&u.time_zone)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        /// Binds a customer's id, tenant and fields as $1..$18 (insert and update share them).
        fn bind_customer<'q>(
            q: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments>,
            c: &'q Customer,
        ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments> {
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

        async fn insert_customer_in<'c, E>(e: E, c: &Customer) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let q = sqlx::query(concat!(
                "INSERT INTO customers (", customer_cols!(), ") VALUES ",
                "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
            ));
            bind_customer(q, c).bind(c.created_at.0).bind(c.updated_at.0).execute(e)
            .await
            .map_err(map_err)?;
            Ok(())
        }

        async fn insert_email_in<'c, E>(e: E, m: &OutboxEmail) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO outbox_emails (", email_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
                .bind(m.id.0)
                .bind(m.tenant_id.0)
                .bind(&m.to_addr)
                .bind(&m.subject)
                .bind(&m.body_text)
                .bind(m.created_at.0)
                .bind(m.sent_at.map(|t| t.0))
                .bind(m.attempts)
                .bind(m.next_attempt_at.0)
                .bind(&m.last_error)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        async fn insert_token_in<'c, E>(e: E, t: &Token) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO tokens (", token_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
                .bind(t.id.0)
                .bind(t.tenant_id.0)
                .bind(t.user_id.0)
                .bind(t.purpose.code())
                .bind(&t.token_hash)
                .bind(t.created_at.0)
                .bind(t.expires_at.0)
                .bind(t.spent_at.map(|x| x.0))
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        async fn insert_session_in<'c, E>(e: E, s: &Session) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO sessions (", session_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"))
                .bind(s.id.0)
                .bind(s.tenant_id.0)
                .bind(s.user_id.0)
                .bind(&s.token_hash)
                .bind(s.created_at.0)
                .bind(s.last_seen_at.0)
                .bind(s.expires_at.0)
                .bind(&s.user_agent)
                .bind(&s.ip)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        async fn insert_tenant_in<'c, E>(e: E, t: &Tenant) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO tenants (", tenant_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"))
                .bind(t.id.0)
                .bind(&t.host)
                .bind(&t.name)
                .bind(&t.base_url)
                .bind(&t.primary_colour)
                .bind(&t.logo_svg)
                .bind(t.default_locale.code())
                .bind(t.created_at.0)
                .bind(t.max_upload_mb)
                .bind(t.document_kinds.join(","))
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        #[async_trait]
        impl TenantStore for $store {
            async fn set_document_kinds(&self, tenant: TenantId, kinds: &[String]) -> StoreResult<()> {
                let done = sqlx::query("UPDATE tenants SET document_kinds = $2 WHERE id = $1")
                    .bind(tenant.0)
                    .bind(kinds.join(","))
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn set_upload_limit(&self, tenant: TenantId, mb: Option<i64>) -> StoreResult<()> {
                let done = sqlx::query("UPDATE tenants SET max_upload_mb = $2 WHERE id = $1")
                    .bind(tenant.0)
                    .bind(mb)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn insert_tenant(&self, t: &Tenant) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                insert_tenant_in(&mut *tx, t).await?;
                let role = Role {
                    id: RoleId::new(),
                    tenant_id: t.id,
                    name: "Client".into(),
                    is_default: true,
                    permissions: Permissions::default_role(),
                    created_at: t.created_at,
                    updated_at: t.created_at,
                };
                insert_role_in(&mut *tx, &role).await?;
                tx.commit().await.map_err(map_err)
            }
            async fn tenant_by_host(&self, host: &str) -> StoreResult<Option<Tenant>> {
                let row = sqlx::query(concat!("SELECT ", tenant_cols!(), " FROM tenants WHERE host = $1"))
                    .bind(host)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(tenant_at).transpose()
            }
            async fn tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>> {
                let row = sqlx::query(concat!("SELECT ", tenant_cols!(), " FROM tenants WHERE id = $1"))
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(tenant_at).transpose()
            }
            async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
                let rows = sqlx::query(concat!("SELECT ", tenant_cols!(), " FROM tenants ORDER BY host"))
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, tenant_at)
            }
        }

        #[async_trait]
        impl UserStore for $store {
            async fn insert_user(&self, u: &User) -> StoreResult<()> {
                insert_user_in(&self.pool, u).await
            }
            async fn user(&self, tenant: TenantId, id: UserId) -> StoreResult<Option<User>> {
                let row = sqlx::query(concat!("SELECT ", user_cols!(), " FROM users WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(|r| user_at(r, 0)).transpose()
            }
            async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>> {
                let row = sqlx::query(concat!("SELECT ", user_cols!(), " FROM users WHERE tenant_id = $1 AND email = $2"))
                    .bind(tenant.0)
                    .bind(email.as_str())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(|r| user_at(r, 0)).transpose()
            }
            async fn update_user(&self, u: &User) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let done = sqlx::query(
                    "UPDATE users SET email = $3, name = $4, phone = $5, locale = $6, staff_role = $7, active = $8, updated_at = $9, time_zone = $10 \
                     WHERE tenant_id = $1 AND id = $2",
                )
                .bind(u.tenant_id.0)
                .bind(u.id.0)
                .bind(u.email.as_str())
                .bind(&u.name)
                .bind(&u.phone)
                .bind(u.locale.code())
                .bind(u.staff_role.map(|r| r.code()))
                .bind(u.active)
                .bind(u.updated_at.0)
                .bind(&u.time_zone)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn set_user_locale(&self, tenant: TenantId, id: UserId, locale: Locale) -> StoreResult<()> {
                let _changing = self.cache.changing();
                sqlx::query("UPDATE users SET locale = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(locale.code())
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
            async fn list_staff(&self, tenant: TenantId) -> StoreResult<Vec<User>> {
                let rows = sqlx::query(concat!("SELECT ", user_cols!(), " FROM users WHERE tenant_id = $1 AND kind = 'staff' ORDER BY name, id"))
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, |r| user_at(r, 0))
            }
            async fn set_password(
                &self,
                tenant: TenantId,
                user: UserId,
                password_hash: &str,
                spend: Option<(TokenPurpose, &str)>,
                keep_session: Option<SessionId>,
                now: Millis,
            ) -> StoreResult<bool> {
                let _changing = self.cache.changing();
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if let Some((purpose, hash)) = spend {
                    let spent = sqlx::query(
                        "UPDATE tokens SET spent_at = $5 WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 \
                         AND token_hash = $4 AND spent_at IS NULL AND expires_at > $5",
                    )
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(purpose.code())
                    .bind(hash)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                    if spent.rows_affected() != 1 {
                        return Ok(false);
                    }
                }
                let done = sqlx::query("UPDATE users SET password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2 AND active = $5")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(password_hash)
                    .bind(now.0)
                    .bind(true)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() != 1 {
                    return Ok(false);
                }
                sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(keep_session.map(|s| s.0).unwrap_or(uuid::Uuid::nil()))
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(true)
            }
            async fn set_user_active(&self, tenant: TenantId, id: UserId, active: bool, now: Millis) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let done = sqlx::query("UPDATE users SET active = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(active)
                    .bind(now.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                if !active {
                    sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2")
                        .bind(tenant.0)
                        .bind(id.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    sqlx::query("UPDATE tokens SET spent_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND spent_at IS NULL")
                        .bind(tenant.0)
                        .bind(id.0)
                        .bind(now.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                tx.commit().await.map_err(map_err)?;
                Ok(())
            }
        }

        #[async_trait]
        impl CustomerStore for $store {
            async fn insert_customer(&self, c: &Customer) -> StoreResult<()> {
                insert_customer_in(&self.pool, c).await
            }
            async fn update_customer(&self, c: &Customer) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let q = sqlx::query(
                    "UPDATE customers SET number = $3, name = $4, locale = $5, currency = $6, \
                     billing_line1 = $7, billing_line2 = $8, billing_city = $9, billing_region = $10, billing_postal_code = $11, billing_country = $12, \
                     shipping_line1 = $13, shipping_line2 = $14, shipping_city = $15, shipping_region = $16, shipping_postal_code = $17, shipping_country = $18, \
                     updated_at = $19 WHERE id = $1 AND tenant_id = $2",
                );
                let done = bind_customer(q, c).bind(c.updated_at.0).execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn customer(&self, tenant: TenantId, id: CustomerId) -> StoreResult<Option<Customer>> {
                let row = sqlx::query(concat!("SELECT ", customer_cols!(), " FROM customers WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(customer_at).transpose()
            }
            async fn customer_by_number(&self, tenant: TenantId, number: &str) -> StoreResult<Option<Customer>> {
                let row = sqlx::query(concat!("SELECT ", customer_cols!(), " FROM customers WHERE tenant_id = $1 AND number = $2"))
                    .bind(tenant.0)
                    .bind(number)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(customer_at).transpose()
            }
            async fn list_customers(&self, tenant: TenantId, q: &CustomerQuery) -> StoreResult<Vec<Customer>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(concat!("SELECT ", customer_cols!(), " FROM customers WHERE tenant_id = "));
                b.push_bind(tenant.0);
                if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
                    let pattern = format!("%{}%", s.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                    b.push(" AND (LOWER(name) LIKE ");
                    b.push_bind(pattern.clone());
                    b.push(" ESCAPE '\\' OR LOWER(number) LIKE ");
                    b.push_bind(pattern);
                    b.push(" ESCAPE '\\')");
                }
                if let Some((name, id)) = &q.after {
                    b.push(" AND (name > ");
                    b.push_bind(name.clone());
                    b.push(" OR (name = ");
                    b.push_bind(name.clone());
                    b.push(" AND id > ");
                    b.push_bind(id.0);
                    b.push("))");
                }
                b.push(" ORDER BY name, id LIMIT ");
                b.push_bind(q.limit.clamp(1, 500));
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, customer_at)
            }
            async fn count_customers(&self, tenant: TenantId) -> StoreResult<i64> {
                sqlx::query("SELECT COUNT(*) FROM customers WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map_err)?
                    .try_get(0)
                    .map_err(map_err)
            }
            async fn insert_contact(&self, m: &Membership, u: &User) -> StoreResult<()> {
                let _changing = self.cache.changing();
                if m.user_id != u.id || m.tenant_id != u.tenant_id {
                    return Err(StoreError::NotFound);
                }
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                insert_user_in(&mut *tx, u).await?;
                insert_membership_in(&mut *tx, m).await?;
                tx.commit().await.map_err(map_err)
            }
            async fn add_membership(&self, m: &Membership) -> StoreResult<()> {
                let _changing = self.cache.changing();
                insert_membership_in(&self.pool, m).await
            }
            async fn contacts_of(&self, tenant: TenantId, customer: CustomerId) -> StoreResult<Vec<Member>> {
                let rows = sqlx::query(
                    "SELECT u.id, u.tenant_id, u.kind, u.email, u.name, u.phone, u.locale, u.staff_role, u.active, u.password_hash, u.created_at, u.updated_at, u.time_zone, \
                     m.role_id, m.invited_by, i.name, m.created_at \
                     FROM memberships m CROSS JOIN users u \
                     LEFT JOIN users i ON i.id = m.invited_by AND i.tenant_id = $1 \
                     WHERE u.id = m.user_id AND m.tenant_id = $1 AND m.customer_id = $2 AND u.tenant_id = $1 ORDER BY u.name, u.id",
                )
                .bind(tenant.0)
                .bind(customer.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| {
                    let invited_by: Option<uuid::Uuid> = r.try_get(14).map_err(map_err)?;
                    Ok(Member {
                        user: user_at(r, 0)?,
                        role_id: RoleId(r.try_get(13).map_err(map_err)?),
                        invited_by: invited_by.map(UserId),
                        invited_by_name: r.try_get(15).map_err(map_err)?,
                        since: Millis(r.try_get(16).map_err(map_err)?),
                    })
                })
            }
            async fn customers_of(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Customer>> {
                let rows = sqlx::query(
                    "SELECT c.id, c.tenant_id, c.number, c.name, c.locale, c.currency, \
                     c.billing_line1, c.billing_line2, c.billing_city, c.billing_region, c.billing_postal_code, c.billing_country, \
                     c.shipping_line1, c.shipping_line2, c.shipping_city, c.shipping_region, c.shipping_postal_code, c.shipping_country, \
                     c.created_at, c.updated_at \
                     FROM memberships m CROSS JOIN customers c \
                     WHERE c.id = m.customer_id AND m.tenant_id = $1 AND m.user_id = $2 AND c.tenant_id = $1 ORDER BY c.name, c.id",
                )
                .bind(tenant.0)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, customer_at)
            }
        }

        fn pref_at(r: &$row, o: usize) -> StoreResult<(NotifyKind, NotifyMode)> {
            let kind: String = r.try_get(o).map_err(map_err)?;
            let mode: String = r.try_get(o + 1).map_err(map_err)?;
            Ok((
                NotifyKind::parse(&kind).ok_or_else(|| corrupt("notification kind"))?,
                NotifyMode::parse(&mode).ok_or_else(|| corrupt("notification mode"))?,
            ))
        }

        async fn insert_pref_in<'c, E>(e: E, tenant: TenantId, user: UserId, kind: NotifyKind, mode: NotifyMode) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query("INSERT INTO notification_prefs (tenant_id, user_id, kind, mode) VALUES ($1, $2, $3, $4)")
                .bind(tenant.0)
                .bind(user.0)
                .bind(kind.code())
                .bind(mode.code())
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        fn shipping_at(r: &$row) -> StoreResult<ShippingAddress> {
            let archived: Option<i64> = r.try_get(13).map_err(map_err)?;
            let used: Option<i64> = r.try_get(14).map_err(map_err)?;
            Ok(ShippingAddress {
                id: AddressId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(2).map_err(map_err)?),
                label: r.try_get(3).map_err(map_err)?,
                site: r.try_get(4).map_err(map_err)?,
                line1: r.try_get(5).map_err(map_err)?,
                line2: r.try_get(6).map_err(map_err)?,
                city: r.try_get(7).map_err(map_err)?,
                region: r.try_get(8).map_err(map_err)?,
                postal_code: r.try_get(9).map_err(map_err)?,
                country: r.try_get(10).map_err(map_err)?,
                instructions: r.try_get(11).map_err(map_err)?,
                is_default: r.try_get(12).map_err(map_err)?,
                archived_at: archived.map(Millis),
                used_at: used.map(Millis),
                created_at: Millis(r.try_get(15).map_err(map_err)?),
                updated_at: Millis(r.try_get(16).map_err(map_err)?),
            })
        }

        async fn insert_address_in<'c, E>(e: E, a: &ShippingAddress) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // The customer must be the tenant's: the insert names it.
            let done = sqlx::query(
                "INSERT INTO addresses (id, tenant_id, customer_id, label, site, line1, line2, city, region, postal_code, country, instructions, \
                 is_default, archived_at, used_at, created_at, updated_at) \
                 SELECT $1, c.tenant_id, c.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17 \
                 FROM customers c WHERE c.id = $3 AND c.tenant_id = $2",
            )
            .bind(a.id.0)
            .bind(a.tenant_id.0)
            .bind(a.customer_id.0)
            .bind(&a.label)
            .bind(&a.site)
            .bind(&a.line1)
            .bind(&a.line2)
            .bind(&a.city)
            .bind(&a.region)
            .bind(&a.postal_code)
            .bind(&a.country)
            .bind(&a.instructions)
            .bind(a.is_default)
            .bind(a.archived_at.map(|m| m.0))
            .bind(a.used_at.map(|m| m.0))
            .bind(a.created_at.0)
            .bind(a.updated_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        async fn clear_default_in<'c, E>(e: E, tenant: TenantId, customer: CustomerId) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query("UPDATE addresses SET is_default = $3 WHERE tenant_id = $1 AND customer_id = $2 AND is_default = $4")
                .bind(tenant.0)
                .bind(customer.0)
                .bind(false)
                .bind(true)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        fn project_at(r: &$row) -> StoreResult<Project> {
            project_at_o(r, 0)
        }

        fn project_at_o(r: &$row, o: usize) -> StoreResult<Project> {
            let status: String = r.try_get(o + 9).map_err(map_err)?;
            Ok(Project {
                id: ProjectId(r.try_get(o + 0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(o + 2).map_err(map_err)?),
                title: r.try_get(o + 3).map_err(map_err)?,
                reference: r.try_get(o + 4).map_err(map_err)?,
                description: r.try_get(o + 5).map_err(map_err)?,
                site: r.try_get(o + 6).map_err(map_err)?,
                starts_on: r.try_get(o + 7).map_err(map_err)?,
                ends_on: r.try_get(o + 8).map_err(map_err)?,
                status: ProjectStatus::parse(&status).ok_or_else(|| corrupt("project status"))?,
                created_by: UserId(r.try_get(o + 10).map_err(map_err)?),
                created_at: Millis(r.try_get(o + 11).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 12).map_err(map_err)?),
            })
        }

        async fn insert_project_in<'c, E>(e: E, p: &Project) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // The customer and the author must be the tenant's: the insert names them.
            let done = sqlx::query(
                "INSERT INTO projects (id, tenant_id, customer_id, title, reference, description, site, starts_on, ends_on, status, created_by, created_at, updated_at) \
                 SELECT $1, c.tenant_id, c.id, $4, $5, $6, $7, $8, $9, $10, u.id, $12, $13 FROM customers c CROSS JOIN users u \
                 WHERE c.id = $3 AND c.tenant_id = $2 AND u.id = $11 AND u.tenant_id = $2",
            )
            .bind(p.id.0)
            .bind(p.tenant_id.0)
            .bind(p.customer_id.0)
            .bind(&p.title)
            .bind(&p.reference)
            .bind(&p.description)
            .bind(&p.site)
            .bind(&p.starts_on)
            .bind(&p.ends_on)
            .bind(p.status.code())
            .bind(p.created_by.0)
            .bind(p.created_at.0)
            .bind(p.updated_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        fn document_at(r: &$row, o: usize) -> StoreResult<Document> {
            Ok(Document {
                id: DocumentId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(o + 2).map_err(map_err)?),
                project_id: ProjectId(r.try_get(o + 3).map_err(map_err)?),
                title: r.try_get(o + 4).map_err(map_err)?,
                kind: r.try_get(o + 5).map_err(map_err)?,
                status: r.try_get(o + 6).map_err(map_err)?,
                created_by: UserId(r.try_get(o + 7).map_err(map_err)?),
                created_at: Millis(r.try_get(o + 8).map_err(map_err)?),
                updated_at: Millis(r.try_get(o + 9).map_err(map_err)?),
            })
        }

        fn version_at(r: &$row, o: usize) -> StoreResult<DocumentVersion> {
            Ok(DocumentVersion {
                id: VersionId(r.try_get(o).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(o + 1).map_err(map_err)?),
                document_id: DocumentId(r.try_get(o + 2).map_err(map_err)?),
                number: r.try_get(o + 3).map_err(map_err)?,
                filename: r.try_get(o + 4).map_err(map_err)?,
                content_type: r.try_get(o + 5).map_err(map_err)?,
                size: r.try_get(o + 6).map_err(map_err)?,
                sha256: r.try_get(o + 7).map_err(map_err)?,
                uploaded_by: UserId(r.try_get(o + 8).map_err(map_err)?),
                uploaded_at: Millis(r.try_get(o + 9).map_err(map_err)?),
            })
        }

        async fn insert_document_in<'c, E>(e: E, d: &Document) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // The project must be the tenant's and the customer's, the author the tenant's.
            let done = sqlx::query(
                "INSERT INTO documents (id, tenant_id, customer_id, project_id, title, kind, status, created_by, created_at, updated_at) \
                 SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, u.id, $9, $10 FROM projects p CROSS JOIN users u \
                 WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 AND u.id = $8 AND u.tenant_id = $2",
            )
            .bind(d.id.0)
            .bind(d.tenant_id.0)
            .bind(d.customer_id.0)
            .bind(d.project_id.0)
            .bind(&d.title)
            .bind(&d.kind)
            .bind(&d.status)
            .bind(d.created_by.0)
            .bind(d.created_at.0)
            .bind(d.updated_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        async fn insert_version_in<'c, E>(e: E, v: &DocumentVersion) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let done = sqlx::query(
                "INSERT INTO document_versions (id, tenant_id, document_id, number, filename, content_type, size, sha256, uploaded_by, uploaded_at) \
                 SELECT $1, d.tenant_id, d.id, $4, $5, $6, $7, $8, u.id, $10 FROM documents d CROSS JOIN users u \
                 WHERE d.id = $3 AND d.tenant_id = $2 AND u.id = $9 AND u.tenant_id = $2",
            )
            .bind(v.id.0)
            .bind(v.tenant_id.0)
            .bind(v.document_id.0)
            .bind(v.number)
            .bind(&v.filename)
            .bind(&v.content_type)
            .bind(v.size)
            .bind(&v.sha256)
            .bind(v.uploaded_by.0)
            .bind(v.uploaded_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        fn entry_at(r: &$row) -> StoreResult<JournalEntry> {
            let actor: Option<uuid::Uuid> = r.try_get(4).map_err(map_err)?;
            let customer: Option<uuid::Uuid> = r.try_get(10).map_err(map_err)?;
            let project: Option<uuid::Uuid> = r.try_get(11).map_err(map_err)?;
            Ok(JournalEntry {
                id: EntryId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                seq: r.try_get(2).map_err(map_err)?,
                at: Millis(r.try_get(3).map_err(map_err)?),
                actor: actor.map(UserId),
                actor_label: r.try_get(5).map_err(map_err)?,
                ip: r.try_get(6).map_err(map_err)?,
                action: r.try_get(7).map_err(map_err)?,
                object_kind: r.try_get(8).map_err(map_err)?,
                object_id: r.try_get(9).map_err(map_err)?,
                customer_id: customer.map(CustomerId),
                project_id: project.map(ProjectId),
                detail: r.try_get(12).map_err(map_err)?,
                prev_hash: r.try_get(13).map_err(map_err)?,
                hash: r.try_get(14).map_err(map_err)?,
            })
        }

        async fn insert_entry_in<'c, E>(e: E, j: &JournalEntry) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(concat!("INSERT INTO journal (", journal_cols!(), ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"))
                .bind(j.id.0)
                .bind(j.tenant_id.0)
                .bind(j.seq)
                .bind(j.at.0)
                .bind(j.actor.map(|u| u.0))
                .bind(&j.actor_label)
                .bind(&j.ip)
                .bind(&j.action)
                .bind(&j.object_kind)
                .bind(j.object_id)
                .bind(j.customer_id.map(|c| c.0))
                .bind(j.project_id.map(|p| p.0))
                .bind(&j.detail)
                .bind(&j.prev_hash)
                .bind(&j.hash)
                .execute(e)
                .await
                .map_err(map_err)?;
            Ok(())
        }

        fn link_at(r: &$row) -> StoreResult<ShareLink> {
            let document: Option<uuid::Uuid> = r.try_get(4).map_err(map_err)?;
            let revoked: Option<i64> = r.try_get(10).map_err(map_err)?;
            let last: Option<i64> = r.try_get(12).map_err(map_err)?;
            Ok(ShareLink {
                id: LinkId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(2).map_err(map_err)?),
                project_id: ProjectId(r.try_get(3).map_err(map_err)?),
                document_id: document.map(DocumentId),
                label: r.try_get(5).map_err(map_err)?,
                token_hash: r.try_get(6).map_err(map_err)?,
                created_by: UserId(r.try_get(7).map_err(map_err)?),
                created_at: Millis(r.try_get(8).map_err(map_err)?),
                expires_at: Millis(r.try_get(9).map_err(map_err)?),
                revoked_at: revoked.map(Millis),
                uses: r.try_get(11).map_err(map_err)?,
                last_used_at: last.map(Millis),
                sign_in: r.try_get(13).map_err(map_err)?,
            })
        }

        async fn insert_link_in<'c, E>(e: E, l: &ShareLink) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            // The project must be the tenant's and the customer's; the document (if any) the project's.
            let done = sqlx::query(
                "INSERT INTO share_links (id, tenant_id, customer_id, project_id, document_id, label, token_hash, created_by, created_at, expires_at, revoked_at, uses, last_used_at, sign_in) \
                 SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 FROM projects p \
                 WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 \
                 AND ($5 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $5 AND d.project_id = p.id))",
            )
            .bind(l.id.0)
            .bind(l.tenant_id.0)
            .bind(l.customer_id.0)
            .bind(l.project_id.0)
            .bind(l.document_id.map(|d| d.0))
            .bind(&l.label)
            .bind(&l.token_hash)
            .bind(l.created_by.0)
            .bind(l.created_at.0)
            .bind(l.expires_at.0)
            .bind(l.revoked_at.map(|m| m.0))
            .bind(l.uses)
            .bind(l.last_used_at.map(|m| m.0))
            .bind(l.sign_in)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        fn request_at(r: &$row) -> StoreResult<DocumentRequest> {
            let fulfilled_at: Option<i64> = r.try_get(10).map_err(map_err)?;
            let fulfilled_by: Option<uuid::Uuid> = r.try_get(11).map_err(map_err)?;
            let document: Option<uuid::Uuid> = r.try_get(12).map_err(map_err)?;
            Ok(DocumentRequest {
                id: RequestId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(2).map_err(map_err)?),
                project_id: ProjectId(r.try_get(3).map_err(map_err)?),
                title: r.try_get(4).map_err(map_err)?,
                kind: r.try_get(5).map_err(map_err)?,
                description: r.try_get(6).map_err(map_err)?,
                due_on: r.try_get(7).map_err(map_err)?,
                created_by: UserId(r.try_get(8).map_err(map_err)?),
                created_at: Millis(r.try_get(9).map_err(map_err)?),
                fulfilled_at: fulfilled_at.map(Millis),
                fulfilled_by: fulfilled_by.map(UserId),
                document_id: document.map(DocumentId),
            })
        }

        async fn insert_request_in<'c, E>(e: E, q: &DocumentRequest) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let done = sqlx::query(
                "INSERT INTO document_requests (id, tenant_id, customer_id, project_id, title, kind, description, due_on, created_by, created_at, fulfilled_at, fulfilled_by, document_id) \
                 SELECT $1, p.tenant_id, p.customer_id, p.id, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM projects p \
                 WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3",
            )
            .bind(q.id.0)
            .bind(q.tenant_id.0)
            .bind(q.customer_id.0)
            .bind(q.project_id.0)
            .bind(&q.title)
            .bind(&q.kind)
            .bind(&q.description)
            .bind(&q.due_on)
            .bind(q.created_by.0)
            .bind(q.created_at.0)
            .bind(q.fulfilled_at.map(|m| m.0))
            .bind(q.fulfilled_by.map(|u| u.0))
            .bind(q.document_id.map(|d| d.0))
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        fn comment_at(r: &$row) -> StoreResult<Comment> {
            let document: Option<uuid::Uuid> = r.try_get(4).map_err(map_err)?;
            Ok(Comment {
                id: CommentId(r.try_get(0).map_err(map_err)?),
                tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                customer_id: CustomerId(r.try_get(2).map_err(map_err)?),
                project_id: ProjectId(r.try_get(3).map_err(map_err)?),
                document_id: document.map(DocumentId),
                author: UserId(r.try_get(5).map_err(map_err)?),
                author_name: r.try_get::<Option<String>, _>(6).map_err(map_err)?.unwrap_or_default(),
                body: r.try_get(7).map_err(map_err)?,
                created_at: Millis(r.try_get(8).map_err(map_err)?),
                attachment: r.try_get::<Option<uuid::Uuid>, _>(9).map_err(map_err)?.map(DocumentId),
            })
        }

        async fn insert_comment_in<'c, E>(e: E, c: &Comment) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let done = sqlx::query(
                "INSERT INTO comments (id, tenant_id, customer_id, project_id, document_id, author, body, created_at, attachment_id) \
                 SELECT $1, p.tenant_id, p.customer_id, p.id, $5, u.id, $7, $8, $9 FROM projects p CROSS JOIN users u \
                 WHERE p.id = $4 AND p.tenant_id = $2 AND p.customer_id = $3 AND u.id = $6 AND u.tenant_id = $2 \
                 AND ($5 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $5 AND d.project_id = p.id)) \
                 AND ($9 IS NULL OR EXISTS (SELECT 1 FROM documents a WHERE a.id = $9 AND a.project_id = p.id))",
            )
            .bind(c.id.0)
            .bind(c.tenant_id.0)
            .bind(c.customer_id.0)
            .bind(c.project_id.0)
            .bind(c.document_id.map(|d| d.0))
            .bind(c.author.0)
            .bind(&c.body)
            .bind(c.created_at.0)
            .bind(c.attachment.map(|d| d.0))
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        #[async_trait]
        impl CommentStore for $store {
            async fn insert_comment(&self, c: &Comment) -> StoreResult<()> {
                if insert_comment_in(&self.pool, c).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn comments_of(&self, tenant: TenantId, project: ProjectId, document: Option<DocumentId>) -> StoreResult<Vec<Comment>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT c.id, c.tenant_id, c.customer_id, c.project_id, c.document_id, c.author, u.name, c.body, c.created_at, c.attachment_id \
                     FROM comments c LEFT JOIN users u ON u.id = c.author WHERE c.tenant_id = ",
                );
                b.push_bind(tenant.0);
                b.push(" AND c.project_id = ");
                b.push_bind(project.0);
                match document {
                    Some(d) => {
                        b.push(" AND c.document_id = ");
                        b.push_bind(d.0);
                    }
                    None => {
                        b.push(" AND c.document_id IS NULL");
                    }
                }
                b.push(" ORDER BY c.created_at, c.id LIMIT 500");
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, comment_at)
            }
            async fn follow(&self, tenant: TenantId, project: ProjectId, user: UserId, at: Millis) -> StoreResult<()> {
                let done = sqlx::query(
                    "INSERT INTO followers (tenant_id, project_id, user_id, since) \
                     SELECT p.tenant_id, p.id, u.id, $4 FROM projects p CROSS JOIN users u \
                     WHERE p.id = $2 AND p.tenant_id = $1 AND u.id = $3 AND u.tenant_id = $1 \
                     ON CONFLICT (project_id, user_id) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(project.0)
                .bind(user.0)
                .bind(at.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 && self.project(tenant, project).await?.is_none() {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }
            async fn unfollow(&self, tenant: TenantId, project: ProjectId, user: UserId) -> StoreResult<()> {
                sqlx::query("DELETE FROM followers WHERE tenant_id = $1 AND project_id = $2 AND user_id = $3")
                    .bind(tenant.0)
                    .bind(project.0)
                    .bind(user.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
            async fn followers(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<UserId>> {
                let rows = sqlx::query("SELECT user_id FROM followers WHERE tenant_id = $1 AND project_id = $2 ORDER BY since")
                    .bind(tenant.0)
                    .bind(project.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, |r| Ok(UserId(r.try_get(0).map_err(map_err)?)))
            }
            async fn mark_read(&self, tenant: TenantId, user: UserId, thread: uuid::Uuid, at: Millis) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO thread_reads (tenant_id, user_id, thread_id, read_at) SELECT u.tenant_id, u.id, $3, $4 FROM users u \
                     WHERE u.id = $2 AND u.tenant_id = $1 \
                     ON CONFLICT (user_id, thread_id) DO UPDATE SET read_at = CASE WHEN thread_reads.read_at > excluded.read_at THEN thread_reads.read_at ELSE excluded.read_at END",
                )
                .bind(tenant.0)
                .bind(user.0)
                .bind(thread)
                .bind(at.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                Ok(())
            }
            async fn read_at(&self, tenant: TenantId, user: UserId, thread: uuid::Uuid) -> StoreResult<Option<Millis>> {
                let row = sqlx::query("SELECT read_at FROM thread_reads WHERE tenant_id = $1 AND user_id = $2 AND thread_id = $3")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(thread)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.map(|r| r.try_get(0).map(Millis).map_err(map_err)).transpose()
            }
            async fn reader_state(&self, tenant: TenantId, user: UserId, project: ProjectId) -> StoreResult<(Option<Millis>, bool)> {
                let row = sqlx::query(
                    "SELECT (SELECT r.read_at FROM thread_reads r WHERE r.tenant_id = $1 AND r.user_id = $2 AND r.thread_id = $3), \
                     EXISTS (SELECT 1 FROM followers f WHERE f.tenant_id = $1 AND f.project_id = $3 AND f.user_id = $2)",
                )
                .bind(tenant.0)
                .bind(user.0)
                .bind(project.0)
                .fetch_one(&self.pool)
                .await
                .map_err(map_err)?;
                let read: Option<i64> = row.try_get(0).map_err(map_err)?;
                let following: bool = row.try_get(1).map_err(map_err)?;
                Ok((read.map(Millis), following))
            }
            async fn unread_counts(&self, tenant: TenantId, user: UserId, projects: &[ProjectId]) -> StoreResult<Vec<(ProjectId, i64)>> {
                if projects.is_empty() {
                    return Ok(Vec::new());
                }
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "SELECT c.project_id, COUNT(*) FROM comments c LEFT JOIN thread_reads r ON r.user_id = ",
                );
                b.push_bind(user.0);
                b.push(" AND r.thread_id = c.project_id WHERE c.tenant_id = ");
                b.push_bind(tenant.0);
                b.push(" AND c.document_id IS NULL AND c.author <> ");
                b.push_bind(user.0);
                b.push(" AND (r.read_at IS NULL OR c.created_at > r.read_at) AND c.project_id IN (");
                let mut list = b.separated(", ");
                for p in projects {
                    list.push_bind(p.0);
                }
                b.push(") GROUP BY c.project_id");
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, |r| Ok((ProjectId(r.try_get(0).map_err(map_err)?), r.try_get(1).map_err(map_err)?)))
            }
        }

        /// A project's documents (of one kind, when given) with their latest version, newest first.
        async fn documents_in(pool: &sqlx::Pool<$db>, tenant: TenantId, project: ProjectId, kind: Option<&str>) -> StoreResult<Vec<(Document, DocumentVersion)>> {
            let mut b = sqlx::QueryBuilder::<$db>::new(concat!(
                "SELECT ", latest_document_cols!(),
                " FROM documents d CROSS JOIN document_versions v WHERE d.tenant_id = "
            ));
            b.push_bind(tenant.0);
            b.push(" AND d.project_id = ");
            b.push_bind(project.0);
            if let Some(k) = kind {
                b.push(" AND d.kind = ");
                b.push_bind(k);
            }
            b.push(" AND v.tenant_id = ");
            b.push_bind(tenant.0);
            b.push(concat!(" AND ", latest_version!(), " ORDER BY d.created_at DESC, d.id DESC"));
            let rows = b.build().fetch_all(pool).await.map_err(map_err)?;
            all(rows, |r| Ok((document_at(r, 0)?, version_at(r, 10)?)))
        }

        /// Keyset pagination of documents newest first: only those listed after `before`.
        fn push_before(b: &mut sqlx::QueryBuilder<$db>, before: Option<(Millis, DocumentId)>) {
            if let Some((at, id)) = before {
                b.push(" AND (d.created_at < ");
                b.push_bind(at.0);
                b.push(" OR (d.created_at = ");
                b.push_bind(at.0);
                b.push(" AND d.id < ");
                b.push_bind(id.0);
                b.push("))");
            }
        }

        fn share_at(r: &$row) -> StoreResult<Share> {
            let document: Option<uuid::Uuid> = r.try_get(2).map_err(map_err)?;
            let level: String = r.try_get(4).map_err(map_err)?;
            Ok(Share {
                tenant_id: TenantId(r.try_get(0).map_err(map_err)?),
                project_id: ProjectId(r.try_get(1).map_err(map_err)?),
                document_id: document.map(DocumentId),
                user_id: UserId(r.try_get(3).map_err(map_err)?),
                level: ShareLevel::parse(&level).ok_or_else(|| StoreError::corrupt(format!("share level {level}")))?,
                granted_by: UserId(r.try_get(5).map_err(map_err)?),
                granted_at: Millis(r.try_get(6).map_err(map_err)?),
            })
        }

        async fn insert_share_in<'c, E>(e: E, s: &Share) -> StoreResult<u64>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            let done = sqlx::query(
                "INSERT INTO shares (tenant_id, project_id, document_id, user_id, level, granted_by, granted_at) \
                 SELECT p.tenant_id, p.id, $3, u.id, $5, $6, $7 FROM projects p CROSS JOIN users u \
                 WHERE p.id = $2 AND p.tenant_id = $1 AND u.id = $4 AND u.tenant_id = $1 \
                 AND ($3 IS NULL OR EXISTS (SELECT 1 FROM documents d WHERE d.id = $3 AND d.project_id = p.id))",
            )
            .bind(s.tenant_id.0)
            .bind(s.project_id.0)
            .bind(s.document_id.map(|d| d.0))
            .bind(s.user_id.0)
            .bind(s.level.code())
            .bind(s.granted_by.0)
            .bind(s.granted_at.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(done.rows_affected())
        }

        async fn delete_share_in<'c, E>(e: E, tenant: TenantId, project: ProjectId, document: Option<DocumentId>, user: UserId) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(
                "DELETE FROM shares WHERE tenant_id = $1 AND project_id = $2 AND user_id = $4 \
                 AND COALESCE(document_id, project_id) = COALESCE($3, project_id)",
            )
            .bind(tenant.0)
            .bind(project.0)
            .bind(document.map(|d| d.0))
            .bind(user.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(())
        }

        #[async_trait]
        impl ShareStore for $store {
            async fn set_share(&self, s: &Share) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                delete_share_in(&mut *tx, s.tenant_id, s.project_id, s.document_id, s.user_id).await?;
                if insert_share_in(&mut *tx, s).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                tx.commit().await.map_err(map_err)
            }
            async fn remove_share(&self, tenant: TenantId, project: ProjectId, document: Option<DocumentId>, user: UserId) -> StoreResult<()> {
                let _changing = self.cache.changing();
                delete_share_in(&self.pool, tenant, project, document, user).await
            }
            async fn shares_of_contact(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Share>> {
                let rows = sqlx::query(concat!("SELECT ", share_cols!(), " FROM shares WHERE tenant_id = $1 AND user_id = $2"))
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, share_at)
            }
            async fn project_with_shares_of(&self, tenant: TenantId, project: ProjectId, user: UserId) -> StoreResult<Option<ProjectHead>> {
                let rows = sqlx::query(
                    "SELECT p.id, p.tenant_id, p.customer_id, p.title, p.reference, p.description, p.site, p.starts_on, p.ends_on, p.status, p.created_by, p.created_at, p.updated_at, \
                     s.tenant_id, s.project_id, s.document_id, s.user_id, s.level, s.granted_by, s.granted_at, \
                     pf.project_id, pf.tenant_id, pf.flow_id, pf.step, pf.field_values, pf.visit, pf.revision, pf.entered_at, pf.updated_at, pf.visited, f.revision \
                     FROM projects p LEFT JOIN shares s ON s.project_id = p.id AND s.user_id = $3 AND s.tenant_id = $1 \
                     LEFT JOIN project_flows pf ON pf.project_id = p.id AND pf.tenant_id = $1 \
                     LEFT JOIN flow_types f ON f.id = pf.flow_id AND f.tenant_id = $1 \
                     WHERE p.tenant_id = $1 AND p.id = $2",
                )
                .bind(tenant.0)
                .bind(project.0)
                .bind(user.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                let Some(first) = rows.first() else {
                    return Ok(None);
                };
                let p = project_at_o(first, 0)?;
                let flow_revision: Option<i64> = first.try_get(30).map_err(map_err)?;
                let flow = match flow_revision {
                    Some(rev) => Some((project_flow_at_o(first, 20)?, rev)),
                    None => None,
                };
                let mut shares = Vec::new();
                for r in &rows {
                    let level: Option<String> = r.try_get(17).map_err(map_err)?;
                    let Some(level) = level else {
                        continue;
                    };
                    let document: Option<uuid::Uuid> = r.try_get(15).map_err(map_err)?;
                    shares.push(Share {
                        tenant_id: TenantId(r.try_get(13).map_err(map_err)?),
                        project_id: ProjectId(r.try_get(14).map_err(map_err)?),
                        document_id: document.map(DocumentId),
                        user_id: UserId(r.try_get(16).map_err(map_err)?),
                        level: ShareLevel::parse(&level).ok_or_else(|| StoreError::corrupt(format!("share level {level}")))?,
                        granted_by: UserId(r.try_get(18).map_err(map_err)?),
                        granted_at: Millis(r.try_get(19).map_err(map_err)?),
                    });
                }
                Ok(Some(ProjectHead { project: p, shares, flow }))
            }
            async fn shares_of_project(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<Share>> {
                let rows = sqlx::query(concat!("SELECT ", share_cols!(), " FROM shares WHERE tenant_id = $1 AND project_id = $2 ORDER BY granted_at"))
                    .bind(tenant.0)
                    .bind(project.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, share_at)
            }
        }

        #[async_trait]
        impl RequestStore for $store {
            async fn insert_request(&self, q: &DocumentRequest) -> StoreResult<()> {
                if insert_request_in(&self.pool, q).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn request(&self, tenant: TenantId, id: RequestId) -> StoreResult<Option<DocumentRequest>> {
                let row = sqlx::query(concat!("SELECT ", request_cols!(), " FROM document_requests WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(request_at).transpose()
            }
            async fn requests_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<DocumentRequest>> {
                let rows = sqlx::query(concat!(
                    "SELECT ", request_cols!(), " FROM document_requests WHERE tenant_id = $1 AND project_id = $2 \
                     ORDER BY CASE WHEN fulfilled_at IS NULL THEN 0 ELSE 1 END, COALESCE(due_on, '9999-12-31'), created_at, id"
                ))
                .bind(tenant.0)
                .bind(project.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, request_at)
            }
            async fn fulfil_request(&self, tenant: TenantId, id: RequestId, document: DocumentId, by: UserId, at: Millis) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE document_requests SET fulfilled_at = $3, fulfilled_by = $4, document_id = $5 \
                     WHERE tenant_id = $1 AND id = $2 AND fulfilled_at IS NULL",
                )
                .bind(tenant.0)
                .bind(id.0)
                .bind(at.0)
                .bind(by.0)
                .bind(document.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                match self.request(tenant, id).await? {
                    Some(_) => Err(StoreError::Conflict { constraint: "document_requests_fulfilled".into() }),
                    None => Err(StoreError::NotFound),
                }
            }
        }

        #[async_trait]
        impl LinkStore for $store {
            async fn insert_link(&self, l: &ShareLink) -> StoreResult<()> {
                if insert_link_in(&self.pool, l).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn link_by_hash(&self, tenant: TenantId, token_hash: &str) -> StoreResult<Option<ShareLink>> {
                let row = sqlx::query(concat!("SELECT ", link_cols!(), " FROM share_links WHERE tenant_id = $1 AND token_hash = $2"))
                    .bind(tenant.0)
                    .bind(token_hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(link_at).transpose()
            }
            async fn links_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<ShareLink>> {
                let rows = sqlx::query(concat!("SELECT ", link_cols!(), " FROM share_links WHERE tenant_id = $1 AND project_id = $2 ORDER BY created_at DESC, id DESC"))
                    .bind(tenant.0)
                    .bind(project.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, link_at)
            }
            async fn revoke_link(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE share_links SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(at.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(done.rows_affected() == 1)
            }
            async fn count_link_use(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<()> {
                sqlx::query("UPDATE share_links SET uses = uses + 1, last_used_at = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(at.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
        }

        #[async_trait]
        impl JournalStore for $store {
            async fn append(&self, entry: &JournalEntry) -> StoreResult<JournalEntry> {
                // Two appends at once may pick the same next number: the unique (tenant, seq)
                // refuses the second, which reads the new end of the chain and tries again.
                for _ in 0..20 {
                    let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                    let last = sqlx::query("SELECT seq, hash FROM journal WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1")
                        .bind(entry.tenant_id.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    let (seq, prev) = match last {
                        Some(r) => (r.try_get::<i64, _>(0).map_err(map_err)? + 1, r.try_get::<String, _>(1).map_err(map_err)?),
                        None => (1, GENESIS_HASH.to_string()),
                    };
                    let mut e = JournalEntry { seq, prev_hash: prev, ..entry.clone() };
                    e.hash = e.compute_hash();
                    match insert_entry_in(&mut *tx, &e).await {
                        Ok(()) => {}
                        Err(StoreError::Conflict { .. }) => continue,
                        Err(other) => return Err(other),
                    }
                    match tx.commit().await.map_err(map_err) {
                        Ok(()) => return Ok(e),
                        Err(StoreError::Conflict { .. }) => continue,
                        Err(other) => return Err(other),
                    }
                }
                Err(StoreError::Backend("journal: too many concurrent appends".into()))
            }
            async fn journal(&self, tenant: TenantId, q: &JournalQuery) -> StoreResult<Vec<JournalEntry>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(concat!("SELECT ", journal_cols!(), " FROM journal WHERE tenant_id = "));
                b.push_bind(tenant.0);
                if let Some(p) = q.project {
                    b.push(" AND project_id = ");
                    b.push_bind(p.0);
                }
                if let Some(o) = q.object {
                    b.push(" AND object_id = ");
                    b.push_bind(o);
                }
                if let Some(prefix) = q.action_prefix.as_deref().filter(|p| !p.is_empty()) {
                    b.push(" AND action LIKE ");
                    b.push_bind(format!("{}%", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")));
                    b.push(" ESCAPE '\\'");
                }
                b.push(" ORDER BY seq DESC LIMIT ");
                b.push_bind(q.limit.clamp(1, 10_000));
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, entry_at)
            }
            async fn chain(&self, tenant: TenantId) -> StoreResult<Vec<JournalEntry>> {
                let rows = sqlx::query(concat!("SELECT ", journal_cols!(), " FROM journal WHERE tenant_id = $1 ORDER BY seq"))
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, entry_at)
            }
        }

        #[async_trait]
        impl DocumentStore for $store {
            async fn insert_document(&self, d: &Document, first: &DocumentVersion) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if insert_document_in(&mut *tx, d).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                let first = DocumentVersion { number: 1, document_id: d.id, tenant_id: d.tenant_id, ..first.clone() };
                if insert_version_in(&mut *tx, &first).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                tx.commit().await.map_err(map_err)
            }
            async fn add_version(&self, v: &DocumentVersion) -> StoreResult<DocumentVersion> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let next: i64 = sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 FROM document_versions WHERE tenant_id = $1 AND document_id = $2")
                    .bind(v.tenant_id.0)
                    .bind(v.document_id.0)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .try_get(0)
                    .map_err(map_err)?;
                let saved = DocumentVersion { number: next, ..v.clone() };
                if insert_version_in(&mut *tx, &saved).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("UPDATE documents SET updated_at = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(v.tenant_id.0)
                    .bind(v.document_id.0)
                    .bind(v.uploaded_at.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(saved)
            }
            async fn set_document_status(&self, tenant: TenantId, id: DocumentId, status: &str, expected: Millis, now: Millis) -> StoreResult<()> {
                let done = sqlx::query("UPDATE documents SET status = $3, updated_at = $5 WHERE tenant_id = $1 AND id = $2 AND updated_at = $4")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(status)
                    .bind(expected.0)
                    .bind(now.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                match self.document(tenant, id).await? {
                    Some(_) => Err(StoreError::Conflict { constraint: "documents.updated_at".into() }),
                    None => Err(StoreError::NotFound),
                }
            }
            async fn document(&self, tenant: TenantId, id: DocumentId) -> StoreResult<Option<Document>> {
                let row = sqlx::query(concat!("SELECT ", document_cols!(), " FROM documents WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(|r| document_at(r, 0)).transpose()
            }
            async fn documents_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<(Document, DocumentVersion)>> {
                documents_in(&self.pool, tenant, project, None).await
            }
            async fn documents_of_kind(&self, tenant: TenantId, project: ProjectId, kind: &str) -> StoreResult<Vec<(Document, DocumentVersion)>> {
                documents_in(&self.pool, tenant, project, Some(kind)).await
            }
            async fn project_documents_page(&self, tenant: TenantId, project: ProjectId, before: Option<(Millis, DocumentId)>, limit: i64) -> StoreResult<Vec<(Document, DocumentVersion)>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(concat!(
                    "SELECT ", latest_document_cols!(),
                    " FROM documents d CROSS JOIN document_versions v WHERE d.tenant_id = ",
                ));
                b.push_bind(tenant.0);
                b.push(" AND d.project_id = ");
                b.push_bind(project.0);
                push_before(&mut b, before);
                b.push(concat!(" AND ", latest_version!(), " ORDER BY d.created_at DESC, d.id DESC LIMIT "));
                b.push_bind(limit.clamp(1, 500));
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, |r| Ok((document_at(r, 0)?, version_at(r, 10)?)))
            }
            async fn customer_documents(&self, tenant: TenantId, customer: CustomerId, q: &DocumentQuery) -> StoreResult<Vec<AccountDocument>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(concat!(
                    "SELECT ", latest_document_cols!(),
                    ", p.id, p.tenant_id, p.customer_id, p.title, p.reference, p.description, p.site, p.starts_on, p.ends_on, p.status, p.created_by, p.created_at, p.updated_at \
                     FROM documents d CROSS JOIN document_versions v CROSS JOIN projects p WHERE d.tenant_id = ",
                ));
                b.push_bind(tenant.0);
                b.push(" AND d.customer_id = ");
                b.push_bind(customer.0);
                if !q.kinds.is_empty() {
                    b.push(" AND d.kind IN (");
                    let mut list = b.separated(", ");
                    for k in &q.kinds {
                        list.push_bind(k.clone());
                    }
                    b.push(")");
                }
                if let Some(projects) = &q.projects {
                    if projects.is_empty() {
                        return Ok(Vec::new());
                    }
                    b.push(" AND d.project_id IN (");
                    let mut list = b.separated(", ");
                    for p in projects {
                        list.push_bind(p.0);
                    }
                    b.push(")");
                }
                if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
                    let pattern = format!("%{}%", s.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                    b.push(" AND LOWER(d.title) LIKE ");
                    b.push_bind(pattern);
                    b.push(" ESCAPE '\\'");
                }
                push_before(&mut b, q.before);
                b.push(concat!(" AND ", latest_version!(), " AND p.id = d.project_id ORDER BY d.created_at DESC, d.id DESC LIMIT "));
                b.push_bind(q.limit.clamp(1, 500));
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, |r| {
                    Ok(AccountDocument {
                        doc: document_at(r, 0)?,
                        latest: version_at(r, 10)?,
                        project: project_at_o(r, 20)?,
                    })
                })
            }
            async fn versions(&self, tenant: TenantId, document: DocumentId) -> StoreResult<Vec<DocumentVersion>> {
                let rows = sqlx::query(concat!("SELECT ", version_cols!(), " FROM document_versions WHERE tenant_id = $1 AND document_id = $2 ORDER BY number DESC"))
                    .bind(tenant.0)
                    .bind(document.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, |r| version_at(r, 0))
            }
            async fn version(&self, tenant: TenantId, id: VersionId) -> StoreResult<Option<DocumentVersion>> {
                let row = sqlx::query(concat!("SELECT ", version_cols!(), " FROM document_versions WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(|r| version_at(r, 0)).transpose()
            }
        }

        async fn insert_team_member_in<'c, E>(e: E, tenant: TenantId, project: ProjectId, user: UserId) -> StoreResult<()>
        where
            E: sqlx::Executor<'c, Database = $db>,
        {
            sqlx::query(
                "INSERT INTO project_team (tenant_id, project_id, user_id) SELECT u.tenant_id, $2, u.id FROM users u \
                 WHERE u.id = $3 AND u.tenant_id = $1 AND u.kind = 'staff'",
            )
            .bind(tenant.0)
            .bind(project.0)
            .bind(user.0)
            .execute(e)
            .await
            .map_err(map_err)?;
            Ok(())
        }

        #[async_trait]
        impl ProjectStore for $store {
            async fn set_project_team(&self, tenant: TenantId, project: ProjectId, staff: &[UserId]) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let found = sqlx::query("SELECT 1 FROM projects WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(project.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if found.is_none() {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM project_team WHERE tenant_id = $1 AND project_id = $2")
                    .bind(tenant.0)
                    .bind(project.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                for u in staff {
                    insert_team_member_in(&mut *tx, tenant, project, *u).await?;
                }
                tx.commit().await.map_err(map_err)
            }
            async fn project_team(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<User>> {
                let rows = sqlx::query(
                    "SELECT u.id, u.tenant_id, u.kind, u.email, u.name, u.phone, u.locale, u.staff_role, u.active, u.password_hash, u.created_at, u.updated_at, u.time_zone \
                     FROM project_team t CROSS JOIN users u \
                     WHERE t.tenant_id = $1 AND t.project_id = $2 AND u.id = t.user_id ORDER BY u.name, u.id",
                )
                .bind(tenant.0)
                .bind(project.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| user_at(r, 0))
            }
            async fn insert_project(&self, p: &Project) -> StoreResult<()> {
                if insert_project_in(&self.pool, p).await? == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn update_project(&self, p: &Project, expected_updated_at: Millis) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE projects SET title = $3, reference = $4, description = $5, site = $6, starts_on = $7, ends_on = $8, status = $9, updated_at = $10 \
                     WHERE tenant_id = $1 AND id = $2 AND updated_at = $11",
                )
                .bind(p.tenant_id.0)
                .bind(p.id.0)
                .bind(&p.title)
                .bind(&p.reference)
                .bind(&p.description)
                .bind(&p.site)
                .bind(&p.starts_on)
                .bind(&p.ends_on)
                .bind(p.status.code())
                .bind(p.updated_at.0)
                .bind(expected_updated_at.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 1 {
                    return Ok(());
                }
                match self.project(p.tenant_id, p.id).await? {
                    Some(_) => Err(StoreError::Conflict { constraint: "projects_updated_at".into() }),
                    None => Err(StoreError::NotFound),
                }
            }
            async fn project(&self, tenant: TenantId, id: ProjectId) -> StoreResult<Option<Project>> {
                let row = sqlx::query(concat!("SELECT ", project_cols!(), " FROM projects WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(project_at).transpose()
            }
            async fn projects_of(&self, tenant: TenantId, customer: CustomerId, q: &ProjectQuery) -> StoreResult<Vec<Project>> {
                let mut b = sqlx::QueryBuilder::<$db>::new(concat!("SELECT ", project_cols!(), " FROM projects WHERE tenant_id = "));
                b.push_bind(tenant.0);
                b.push(" AND customer_id = ");
                b.push_bind(customer.0);
                if let Some(s) = q.search.as_deref().filter(|s| !s.trim().is_empty()) {
                    let pattern = format!("%{}%", s.trim().to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
                    b.push(" AND (LOWER(title) LIKE ");
                    b.push_bind(pattern.clone());
                    b.push(" ESCAPE '\\' OR LOWER(reference) LIKE ");
                    b.push_bind(pattern);
                    b.push(" ESCAPE '\\')");
                }
                if let Some(status) = q.status {
                    b.push(" AND status = ");
                    b.push_bind(status.code());
                }
                if let Some(who) = q.own {
                    b.push(" AND (created_by = ");
                    b.push_bind(who.0);
                    b.push(" OR id IN (SELECT project_id FROM shares WHERE user_id = ");
                    b.push_bind(who.0);
                    b.push(" AND level <> 'hidden'))");
                }
                b.push(match q.sort {
                    ProjectSort::Recent => " ORDER BY created_at DESC, id DESC LIMIT ",
                    ProjectSort::Title => " ORDER BY title, id LIMIT ",
                });
                b.push_bind(q.limit.clamp(1, 500));
                let rows = b.build().fetch_all(&self.pool).await.map_err(map_err)?;
                all(rows, project_at)
            }
        }

        #[async_trait]
        impl AddressStore for $store {
            async fn addresses(&self, tenant: TenantId, customer: CustomerId) -> StoreResult<Vec<ShippingAddress>> {
                let rows = sqlx::query(concat!(
                    "SELECT ", address_cols!(), " FROM addresses WHERE tenant_id = $1 AND customer_id = $2 \
                     ORDER BY CASE WHEN archived_at IS NULL THEN 0 ELSE 1 END, CASE WHEN is_default = $3 THEN 0 ELSE 1 END, label, id"
                ))
                .bind(tenant.0)
                .bind(customer.0)
                .bind(true)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, shipping_at)
            }
            async fn address(&self, tenant: TenantId, id: AddressId) -> StoreResult<Option<ShippingAddress>> {
                let row = sqlx::query(concat!("SELECT ", address_cols!(), " FROM addresses WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(shipping_at).transpose()
            }
            async fn insert_address(&self, a: &ShippingAddress) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if a.is_default {
                    clear_default_in(&mut *tx, a.tenant_id, a.customer_id).await?;
                }
                if insert_address_in(&mut *tx, a).await? == 0 {
                    return Err(StoreError::NotFound);
                }
                tx.commit().await.map_err(map_err)
            }
            async fn update_address(&self, a: &ShippingAddress, expected_updated_at: Millis) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if a.is_default {
                    clear_default_in(&mut *tx, a.tenant_id, a.customer_id).await?;
                }
                let done = sqlx::query(
                    "UPDATE addresses SET label = $4, site = $5, line1 = $6, line2 = $7, city = $8, region = $9, postal_code = $10, \
                     country = $11, instructions = $12, is_default = $13, updated_at = $14 \
                     WHERE tenant_id = $1 AND customer_id = $2 AND id = $3 AND updated_at = $15",
                )
                .bind(a.tenant_id.0)
                .bind(a.customer_id.0)
                .bind(a.id.0)
                .bind(&a.label)
                .bind(&a.site)
                .bind(&a.line1)
                .bind(&a.line2)
                .bind(&a.city)
                .bind(&a.region)
                .bind(&a.postal_code)
                .bind(&a.country)
                .bind(&a.instructions)
                .bind(a.is_default)
                .bind(a.updated_at.0)
                .bind(expected_updated_at.0)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Conflict { constraint: "addresses_updated_at".into() });
                }
                tx.commit().await.map_err(map_err)
            }
            async fn set_default_address(&self, tenant: TenantId, id: AddressId, at: Millis) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let row = sqlx::query("SELECT customer_id FROM addresses WHERE tenant_id = $1 AND id = $2 AND archived_at IS NULL")
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
                let Some(row) = row else { return Err(StoreError::NotFound) };
                let customer = CustomerId(row.try_get(0).map_err(map_err)?);
                clear_default_in(&mut *tx, tenant, customer).await?;
                sqlx::query("UPDATE addresses SET is_default = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(true)
                    .bind(at.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)
            }
            async fn set_address_archived(&self, tenant: TenantId, id: AddressId, archived: bool, at: Millis) -> StoreResult<()> {
                let done = sqlx::query(
                    "UPDATE addresses SET archived_at = $3, is_default = CASE WHEN $4 THEN $5 ELSE is_default END, updated_at = $6 \
                     WHERE tenant_id = $1 AND id = $2",
                )
                .bind(tenant.0)
                .bind(id.0)
                .bind(archived.then_some(at.0))
                .bind(archived)
                .bind(false)
                .bind(at.0)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn delete_address(&self, tenant: TenantId, id: AddressId) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let row = sqlx::query("SELECT used_at FROM addresses WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
                let Some(row) = row else { return Err(StoreError::NotFound) };
                let used: Option<i64> = row.try_get(0).map_err(map_err)?;
                if used.is_some() {
                    return Err(StoreError::Conflict { constraint: "addresses_used".into() });
                }
                sqlx::query("DELETE FROM addresses WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)
            }
        }

        #[async_trait]
        impl NotificationStore for $store {
            async fn add_digest_item(&self, i: &DigestItem) -> StoreResult<()> {
                let done = sqlx::query(
                    "INSERT INTO digest_items (id, tenant_id, user_id, line, created_at, sent_at) \
                     SELECT $1, u.tenant_id, u.id, $4, $5, $6 FROM users u WHERE u.id = $3 AND u.tenant_id = $2",
                )
                .bind(i.id)
                .bind(i.tenant_id.0)
                .bind(i.user_id.0)
                .bind(&i.line)
                .bind(i.created_at.0)
                .bind(i.sent_at.map(|m| m.0))
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn digest_items_before(&self, before: Millis, limit: i64) -> StoreResult<Vec<DigestItem>> {
                let rows = sqlx::query(
                    "SELECT id, tenant_id, user_id, line, created_at, sent_at FROM digest_items \
                     WHERE sent_at IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2",
                )
                .bind(before.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| {
                    Ok(DigestItem {
                        id: r.try_get(0).map_err(map_err)?,
                        tenant_id: TenantId(r.try_get(1).map_err(map_err)?),
                        user_id: UserId(r.try_get(2).map_err(map_err)?),
                        line: r.try_get(3).map_err(map_err)?,
                        created_at: Millis(r.try_get(4).map_err(map_err)?),
                        sent_at: r.try_get::<Option<i64>, _>(5).map_err(map_err)?.map(Millis),
                    })
                })
            }
            async fn mark_digest_sent(&self, ids: &[uuid::Uuid], at: Millis) -> StoreResult<u64> {
                if ids.is_empty() {
                    return Ok(0);
                }
                let mut b = sqlx::QueryBuilder::<$db>::new("UPDATE digest_items SET sent_at = ");
                b.push_bind(at.0);
                b.push(" WHERE sent_at IS NULL AND id IN (");
                let mut list = b.separated(", ");
                for id in ids {
                    list.push_bind(*id);
                }
                b.push(")");
                let done = b.build().execute(&self.pool).await.map_err(map_err)?;
                Ok(done.rows_affected())
            }
            async fn notification_prefs(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<(NotifyKind, NotifyMode)>> {
                let rows = sqlx::query("SELECT kind, mode FROM notification_prefs WHERE tenant_id = $1 AND user_id = $2 ORDER BY kind")
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, |r| pref_at(r, 0))
            }
            async fn set_notification_prefs(&self, tenant: TenantId, user: UserId, prefs: &[(NotifyKind, NotifyMode)]) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let exists = sqlx::query("SELECT 1 FROM users WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if exists.is_none() {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM notification_prefs WHERE tenant_id = $1 AND user_id = $2")
                    .bind(tenant.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                for (kind, mode) in prefs {
                    insert_pref_in(&mut *tx, tenant, user, *kind, *mode).await?;
                }
                tx.commit().await.map_err(map_err)
            }
        }

        #[async_trait]
        impl CompanyStore for $store {
            async fn company_profile(&self, tenant: TenantId, customer: CustomerId) -> StoreResult<Option<CompanyProfile>> {
                let row = sqlx::query(concat!("SELECT ", profile_cols!(), " FROM company_profiles WHERE tenant_id = $1 AND customer_id = $2"))
                    .bind(tenant.0)
                    .bind(customer.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(profile_at).transpose()
            }
            async fn save_company_profile(&self, p: &CompanyProfile, expected: i64, changes: &[CompanyChange]) -> StoreResult<()> {
                if p.version != expected + 1 {
                    return Err(StoreError::Conflict { constraint: "company_profiles_version".into() });
                }
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if expected == 0 {
                    let exists = sqlx::query("SELECT 1 FROM company_profiles WHERE customer_id = $1")
                        .bind(p.customer_id.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    if exists.is_some() {
                        return Err(StoreError::Conflict { constraint: "company_profiles_version".into() });
                    }
                    if insert_profile_in(&mut *tx, p).await? == 0 {
                        return Err(StoreError::NotFound);
                    }
                } else {
                    if update_profile_in(&mut *tx, p, expected).await? == 0 {
                        return Err(StoreError::Conflict { constraint: "company_profiles_version".into() });
                    }
                }
                for c in changes {
                    if c.tenant_id != p.tenant_id || c.customer_id != p.customer_id {
                        return Err(StoreError::NotFound);
                    }
                    insert_change_in(&mut *tx, c).await?;
                }
                tx.commit().await.map_err(map_err)
            }
            async fn company_changes(&self, tenant: TenantId, customer: CustomerId, limit: i64) -> StoreResult<Vec<CompanyChange>> {
                let rows = sqlx::query(
                    "SELECT c.id, c.tenant_id, c.customer_id, c.user_id, u.name, c.field, c.before_value, c.after_value, c.status, c.created_at, c.decided_by, c.decided_at \
                     FROM company_changes c LEFT JOIN users u ON u.id = c.user_id \
                     WHERE c.tenant_id = $1 AND c.customer_id = $2 ORDER BY c.created_at DESC, c.id DESC LIMIT $3",
                )
                .bind(tenant.0)
                .bind(customer.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, change_at)
            }
            async fn decide_company_change(&self, tenant: TenantId, id: ChangeId, approve: bool, by: UserId, at: Millis) -> StoreResult<CompanyChange> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let row = sqlx::query(
                    "SELECT c.id, c.tenant_id, c.customer_id, c.user_id, u.name, c.field, c.before_value, c.after_value, c.status, c.created_at, c.decided_by, c.decided_at \
                     FROM company_changes c LEFT JOIN users u ON u.id = c.user_id WHERE c.tenant_id = $1 AND c.id = $2",
                )
                .bind(tenant.0)
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await
                .map_err(map_err)?;
                let Some(row) = row else { return Err(StoreError::NotFound) };
                let mut change = change_at(&row)?;
                let status = if approve { ChangeStatus::Approved } else { ChangeStatus::Rejected };
                let done = sqlx::query("UPDATE company_changes SET status = $3, decided_by = $4, decided_at = $5 WHERE tenant_id = $1 AND id = $2 AND status = 'pending'")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(status.code())
                    .bind(by.0)
                    .bind(at.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Conflict { constraint: "company_changes_decided".into() });
                }
                if approve {
                    let current = sqlx::query(concat!("SELECT ", profile_cols!(), " FROM company_profiles WHERE tenant_id = $1 AND customer_id = $2"))
                        .bind(tenant.0)
                        .bind(change.customer_id.0)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    let mut p = match current {
                        Some(r) => profile_at(&r)?,
                        None => return Err(StoreError::NotFound),
                    };
                    let expected = p.version;
                    p.set(change.field, change.after.clone());
                    p.version += 1;
                    p.updated_at = at;
                    if update_profile_in(&mut *tx, &p, expected).await? == 0 {
                        // Saved by someone else meanwhile: nothing is decided.
                        return Err(StoreError::Conflict { constraint: "company_profiles_version".into() });
                    }
                }
                tx.commit().await.map_err(map_err)?;
                change.status = status;
                change.decided_by = Some(by);
                change.decided_at = Some(at);
                Ok(change)
            }
            async fn approval_fields(&self, tenant: TenantId) -> StoreResult<Vec<Field>> {
                let rows = sqlx::query("SELECT field FROM company_approval_fields WHERE tenant_id = $1 ORDER BY field")
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, |r| {
                    let f: String = r.try_get(0).map_err(map_err)?;
                    Field::parse(&f).ok_or_else(|| corrupt("approval field"))
                })
            }
            async fn set_approval_fields(&self, tenant: TenantId, fields: &[Field]) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                sqlx::query("DELETE FROM company_approval_fields WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                for f in fields {
                    sqlx::query("INSERT INTO company_approval_fields (tenant_id, field) VALUES ($1, $2)")
                        .bind(tenant.0)
                        .bind(f.code())
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                tx.commit().await.map_err(map_err)
            }
        }

        #[async_trait]
        impl RoleStore for $store {
            async fn insert_role(&self, role: &Role) -> StoreResult<()> {
                insert_role_in(&self.pool, role).await
            }
            async fn update_role(&self, role: &Role) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let done = sqlx::query("UPDATE roles SET name = $3, permissions = $4, updated_at = $5 WHERE tenant_id = $1 AND id = $2")
                    .bind(role.tenant_id.0)
                    .bind(role.id.0)
                    .bind(&role.name)
                    .bind(role.permissions.to_json())
                    .bind(role.updated_at.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
            }
            async fn role(&self, tenant: TenantId, id: RoleId) -> StoreResult<Option<Role>> {
                let row = sqlx::query(concat!("SELECT ", role_cols!(), " FROM roles WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(|r| role_from(r, 0)).transpose()
            }
            async fn roles(&self, tenant: TenantId) -> StoreResult<Vec<(Role, i64)>> {
                let rows = sqlx::query(
                    "SELECT r.id, r.tenant_id, r.name, r.is_default, r.permissions, r.created_at, r.updated_at, \
                     (SELECT COUNT(*) FROM memberships m WHERE m.role_id = r.id) \
                     FROM roles r WHERE r.tenant_id = $1 ORDER BY r.is_default DESC, r.name, r.id",
                )
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, |r| Ok((role_from(r, 0)?, r.try_get::<i64, _>(7).map_err(map_err)?)))
            }
            async fn delete_role(&self, tenant: TenantId, id: RoleId, transfer_to: RoleId) -> StoreResult<u64> {
                let _changing = self.cache.changing();
                if id == transfer_to {
                    return Err(StoreError::Conflict { constraint: "roles_transfer_to_itself".into() });
                }
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let found = sqlx::query("SELECT id, is_default FROM roles WHERE tenant_id = $1 AND (id = $2 OR id = $3)")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(transfer_to.0)
                    .fetch_all(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if found.len() != 2 {
                    return Err(StoreError::NotFound);
                }
                for r in &found {
                    let rid: uuid::Uuid = r.try_get(0).map_err(map_err)?;
                    let is_default: bool = r.try_get(1).map_err(map_err)?;
                    if rid == id.0 && is_default {
                        return Err(StoreError::Conflict { constraint: "roles_default_kept".into() });
                    }
                }
                let moved = sqlx::query("UPDATE memberships SET role_id = $3 WHERE tenant_id = $1 AND role_id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .bind(transfer_to.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                sqlx::query("DELETE FROM roles WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(id.0)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await.map_err(map_err)?;
                Ok(moved)
            }
            async fn set_member_roles(&self, tenant: TenantId, members: &[(CustomerId, UserId)], role: RoleId) -> StoreResult<u64> {
                let _changing = self.cache.changing();
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let exists = sqlx::query("SELECT 1 FROM roles WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(role.0)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(map_err)?;
                if exists.is_none() {
                    return Err(StoreError::NotFound);
                }
                let mut changed = 0;
                for (customer, user) in members {
                    let done = sqlx::query("UPDATE memberships SET role_id = $4 WHERE tenant_id = $1 AND customer_id = $2 AND user_id = $3")
                        .bind(tenant.0)
                        .bind(customer.0)
                        .bind(user.0)
                        .bind(role.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?
                        .rows_affected();
                    if done == 0 {
                        // Not a membership of this tenant: nothing changes (the transaction
                        // rolls back).
                        return Err(StoreError::NotFound);
                    }
                    changed += done;
                }
                tx.commit().await.map_err(map_err)?;
                Ok(changed)
            }
        }

        #[async_trait]
        impl SessionStore for $store {
            async fn insert_session(&self, s: &Session) -> StoreResult<()> {
                insert_session_in(&self.pool, s).await
            }
            async fn signed_in(&self, tenant: TenantId, token_hash: &str, now: Millis) -> StoreResult<Option<SignedIn>> {
                self.listen_for_changes();
                if let Some(hit) = self.cache.get(tenant, token_hash, now) {
                    return Ok(Some(hit));
                }
                let generation = self.cache.generation();
                let rows = sqlx::query(
                    "SELECT s.id, s.tenant_id, s.user_id, s.token_hash, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip, \
                     u.id, u.tenant_id, u.kind, u.email, u.name, u.phone, u.locale, u.staff_role, u.active, u.password_hash, u.created_at, u.updated_at, u.time_zone, \
                     c.id, c.tenant_id, c.number, c.name, c.locale, c.currency, \
                     c.billing_line1, c.billing_line2, c.billing_city, c.billing_region, c.billing_postal_code, c.billing_country, \
                     c.shipping_line1, c.shipping_line2, c.shipping_city, c.shipping_region, c.shipping_postal_code, c.shipping_country, \
                     c.created_at, c.updated_at, \
                     r.id, r.tenant_id, r.name, r.is_default, r.permissions, r.created_at, r.updated_at \
                     FROM sessions s CROSS JOIN users u \
                     LEFT JOIN memberships m ON m.user_id = u.id AND m.tenant_id = $2 \
                     LEFT JOIN customers c ON c.id = m.customer_id AND c.tenant_id = $2 \
                     LEFT JOIN roles r ON r.id = m.role_id AND r.tenant_id = $2 \
                     WHERE u.id = s.user_id AND s.token_hash = $1 AND s.tenant_id = $2 AND u.tenant_id = $2 AND s.expires_at > $3 AND u.active = $4 \
                     ORDER BY c.name, c.id",
                )
                .bind(token_hash)
                .bind(tenant.0)
                .bind(now.0)
                .bind(true)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                let Some(first) = rows.first() else { return Ok(None) };
                let mut accounts = Vec::with_capacity(rows.len());
                for r in &rows {
                    let customer_id: Option<uuid::Uuid> = r.try_get(22).map_err(map_err)?;
                    let role_id: Option<uuid::Uuid> = r.try_get(42).map_err(map_err)?;
                    if customer_id.is_some() && role_id.is_some() {
                        accounts.push(Account { customer: customer_from(r, 22)?, role: role_from(r, 42)? });
                    }
                }
                let signed = SignedIn { session: session_at(first)?, user: user_at(first, 9)?, accounts };
                self.cache.put(tenant, generation, &signed);
                Ok(Some(signed))
            }
            async fn session_with_user(&self, tenant: TenantId, token_hash: &str, now: Millis) -> StoreResult<Option<(Session, User)>> {
                let row = sqlx::query(
                    "SELECT s.id, s.tenant_id, s.user_id, s.token_hash, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip, \
                     u.id, u.tenant_id, u.kind, u.email, u.name, u.phone, u.locale, u.staff_role, u.active, u.password_hash, u.created_at, u.updated_at, u.time_zone \
                     FROM sessions s CROSS JOIN users u \
                     WHERE u.id = s.user_id AND s.token_hash = $1 AND s.tenant_id = $2 AND u.tenant_id = $2 AND s.expires_at > $3 AND u.active = $4",
                )
                .bind(token_hash)
                .bind(tenant.0)
                .bind(now.0)
                .bind(true)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                match row {
                    Some(r) => Ok(Some((session_at(&r)?, user_at(&r, 9)?))),
                    None => Ok(None),
                }
            }
            async fn touch_session(&self, id: SessionId, now: Millis) -> StoreResult<()> {
                sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1")
                    .bind(id.0)
                    .bind(now.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                self.cache.forget_session(id);
                Ok(())
            }
            async fn list_sessions(&self, tenant: TenantId, user: UserId, now: Millis) -> StoreResult<Vec<Session>> {
                let rows = sqlx::query(concat!(
                    "SELECT ", session_cols!(), " FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND expires_at > $3 ORDER BY last_seen_at DESC, id"
                ))
                .bind(tenant.0)
                .bind(user.0)
                .bind(now.0)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, session_at)
            }
            async fn delete_session(&self, tenant: TenantId, user: UserId, id: SessionId) -> StoreResult<bool> {
                let _changing = self.cache.changing();
                let done = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id = $3")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(id.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(done.rows_affected() == 1)
            }
            async fn delete_sessions_of(&self, tenant: TenantId, user: UserId, except: Option<SessionId>) -> StoreResult<u64> {
                let _changing = self.cache.changing();
                let done = sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id <> $3")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(except.map(|s| s.0).unwrap_or(uuid::Uuid::nil()))
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(done.rows_affected())
            }
        }

        #[async_trait]
        impl TokenStore for $store {
            async fn issue_token(&self, t: &Token, email: &OutboxEmail, revoke_previous: bool) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                if revoke_previous {
                    sqlx::query("UPDATE tokens SET spent_at = $4 WHERE tenant_id = $1 AND user_id = $2 AND purpose = $3 AND spent_at IS NULL")
                        .bind(t.tenant_id.0)
                        .bind(t.user_id.0)
                        .bind(t.purpose.code())
                        .bind(t.created_at.0)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                insert_token_in(&mut *tx, t).await?;
                insert_email_in(&mut *tx, email).await?;
                tx.commit().await.map_err(map_err)
            }
            async fn live_token(&self, tenant: TenantId, purpose: TokenPurpose, hash: &str, now: Millis) -> StoreResult<Option<Token>> {
                let row = sqlx::query(concat!(
                    "SELECT ", token_cols!(), " FROM tokens WHERE tenant_id = $1 AND purpose = $2 AND token_hash = $3 AND spent_at IS NULL AND expires_at > $4"
                ))
                .bind(tenant.0)
                .bind(purpose.code())
                .bind(hash)
                .bind(now.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                row.as_ref().map(token_at).transpose()
            }
            async fn token(&self, tenant: TenantId, purpose: TokenPurpose, hash: &str) -> StoreResult<Option<Token>> {
                let row = sqlx::query(concat!("SELECT ", token_cols!(), " FROM tokens WHERE tenant_id = $1 AND purpose = $2 AND token_hash = $3"))
                    .bind(tenant.0)
                    .bind(purpose.code())
                    .bind(hash)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(token_at).transpose()
            }
            async fn spend_token(&self, tenant: TenantId, purpose: TokenPurpose, hash: &str, now: Millis) -> StoreResult<Option<Token>> {
                let row = sqlx::query(concat!(
                    "UPDATE tokens SET spent_at = $4 WHERE tenant_id = $1 AND purpose = $2 AND token_hash = $3 AND spent_at IS NULL AND expires_at > $4 RETURNING ",
                    token_cols!()
                ))
                .bind(tenant.0)
                .bind(purpose.code())
                .bind(hash)
                .bind(now.0)
                .fetch_optional(&self.pool)
                .await
                .map_err(map_err)?;
                row.as_ref().map(token_at).transpose()
            }
        }

        #[async_trait]
        impl ThrottleStore for $store {
            async fn record_failure(&self, tenant: TenantId, key: &str, now: Millis) -> StoreResult<()> {
                sqlx::query("INSERT INTO login_failures (tenant_id, key, at) VALUES ($1, $2, $3)")
                    .bind(tenant.0)
                    .bind(key)
                    .bind(now.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
            async fn failures_since(&self, tenant: TenantId, key: &str, since: Millis) -> StoreResult<i64> {
                sqlx::query("SELECT COUNT(*) FROM login_failures WHERE tenant_id = $1 AND key = $2 AND at > $3")
                    .bind(tenant.0)
                    .bind(key)
                    .bind(since.0)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(map_err)?
                    .try_get(0)
                    .map_err(map_err)
            }
            async fn clear_failures(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM login_failures WHERE tenant_id = $1 AND key = $2")
                    .bind(tenant.0)
                    .bind(key)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
            async fn prune_failures(&self, before: Millis) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(before.0)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(done.rows_affected())
            }
        }

        #[async_trait]
        impl OutboxStore for $store {
            async fn enqueue_email(&self, m: &OutboxEmail) -> StoreResult<()> {
                insert_email_in(&self.pool, m).await
            }
            async fn claim_emails(&self, now: Millis, lease_until: Millis, limit: i64) -> StoreResult<Vec<OutboxEmail>> {
                let rows = sqlx::query(concat!(
                    "UPDATE outbox_emails SET next_attempt_at = $2 WHERE sent_at IS NULL AND next_attempt_at <= $1 AND id IN ",
                    "(SELECT id FROM outbox_emails WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $3) RETURNING ",
                    email_cols!()
                ))
                .bind(now.0)
                .bind(lease_until.0)
                .bind(limit)
                .fetch_all(&self.pool)
                .await
                .map_err(map_err)?;
                all(rows, email_at)
            }
            async fn mark_email_sent(&self, id: EmailId, now: Millis, wipe_body: bool) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE outbox_emails SET sent_at = $2, attempts = attempts + 1, last_error = NULL, \
                     body_text = CASE WHEN $3 THEN '' ELSE body_text END WHERE id = $1",
                )
                .bind(id.0)
                .bind(now.0)
                .bind(wipe_body)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                Ok(())
            }
            async fn mark_email_failed(&self, id: EmailId, next_attempt_at: Millis, error: &str) -> StoreResult<()> {
                sqlx::query("UPDATE outbox_emails SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(next_attempt_at.0)
                    .bind(error)
                    .execute(&self.pool)
                    .await
                    .map_err(map_err)?;
                Ok(())
            }
            async fn list_outbox(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<OutboxEmail>> {
                let rows = sqlx::query(concat!("SELECT ", email_cols!(), " FROM outbox_emails WHERE tenant_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"))
                    .bind(tenant.0)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(map_err)?;
                all(rows, email_at)
            }
            async fn outbox_email(&self, tenant: TenantId, id: EmailId) -> StoreResult<Option<OutboxEmail>> {
                let row = sqlx::query(concat!("SELECT ", email_cols!(), " FROM outbox_emails WHERE tenant_id = $1 AND id = $2"))
                    .bind(tenant.0)
                    .bind(id.0)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(map_err)?;
                row.as_ref().map(email_at).transpose()
            }
        }

        #[async_trait]
        impl Maintenance for $store {
            async fn ping(&self) -> StoreResult<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await.map_err(map_err)?;
                Ok(())
            }
            async fn migrations_current(&self) -> StoreResult<bool> {
                let rows = sqlx::query("SELECT version FROM guichet_migrations").fetch_all(&self.pool).await;
                let applied: Vec<i64> = match rows {
                    Ok(rows) => rows.iter().map(|r| r.try_get::<i64, _>(0)).collect::<Result<_, _>>().map_err(map_err)?,
                    Err(_) => return Ok(false),
                };
                Ok($migrations.iter().all(|m| applied.contains(&m.version)))
            }
            async fn migrate(&self) -> StoreResult<usize> {
                let _changing = self.cache.changing();
                sqlx::raw_sql(crate::migrations::BOOKKEEPING).execute(&self.pool).await.map_err(map_err)?;
                let mut applied = 0;
                for m in $migrations {
                    let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                    let done = sqlx::query("SELECT 1 FROM guichet_migrations WHERE version = $1")
                        .bind(m.version)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    if done.is_some() {
                        continue;
                    }
                    sqlx::raw_sql(m.sql).execute(&mut *tx).await.map_err(map_err)?;
                    sqlx::query("INSERT INTO guichet_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                        .bind(m.version)
                        .bind(m.name)
                        .bind(Millis::now().0)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                    tx.commit().await.map_err(map_err)?;
                    tracing::info!(version = m.version, name = m.name, "migration applied");
                    applied += 1;
                }
                Ok(applied)
            }
            async fn dump(&self) -> StoreResult<Dump> {
                let p = &self.pool;
                let tenants = all(sqlx::query(concat!("SELECT ", tenant_cols!(), " FROM tenants ORDER BY id")).fetch_all(p).await.map_err(map_err)?, tenant_at)?;
                let users = all(sqlx::query(concat!("SELECT ", user_cols!(), " FROM users ORDER BY id")).fetch_all(p).await.map_err(map_err)?, |r| user_at(r, 0))?;
                let customers = all(sqlx::query(concat!("SELECT ", customer_cols!(), " FROM customers ORDER BY id")).fetch_all(p).await.map_err(map_err)?, customer_at)?;
                let roles = all(sqlx::query(concat!("SELECT ", role_cols!(), " FROM roles ORDER BY id")).fetch_all(p).await.map_err(map_err)?, |r| role_from(r, 0))?;
                let memberships = all(
                    sqlx::query("SELECT tenant_id, customer_id, user_id, role_id, invited_by, created_at FROM memberships ORDER BY customer_id, user_id")
                        .fetch_all(p)
                        .await
                        .map_err(map_err)?,
                    |r| {
                        let invited_by: Option<uuid::Uuid> = r.try_get(4).map_err(map_err)?;
                        Ok(Membership {
                            tenant_id: TenantId(r.try_get(0).map_err(map_err)?),
                            customer_id: CustomerId(r.try_get(1).map_err(map_err)?),
                            user_id: UserId(r.try_get(2).map_err(map_err)?),
                            role_id: RoleId(r.try_get(3).map_err(map_err)?),
                            invited_by: invited_by.map(UserId),
                            created_at: Millis(r.try_get(5).map_err(map_err)?),
                        })
                    },
                )?;
                let sessions = all(sqlx::query(concat!("SELECT ", session_cols!(), " FROM sessions ORDER BY id")).fetch_all(p).await.map_err(map_err)?, session_at)?;
                let tokens = all(sqlx::query(concat!("SELECT ", token_cols!(), " FROM tokens ORDER BY id")).fetch_all(p).await.map_err(map_err)?, token_at)?;
                let emails = all(sqlx::query(concat!("SELECT ", email_cols!(), " FROM outbox_emails ORDER BY id")).fetch_all(p).await.map_err(map_err)?, email_at)?;
                let profiles = all(sqlx::query(concat!("SELECT ", profile_cols!(), " FROM company_profiles ORDER BY customer_id")).fetch_all(p).await.map_err(map_err)?, profile_at)?;
                let company_changes = all(
                    sqlx::query(
                        "SELECT c.id, c.tenant_id, c.customer_id, c.user_id, u.name, c.field, c.before_value, c.after_value, c.status, c.created_at, c.decided_by, c.decided_at \
                         FROM company_changes c LEFT JOIN users u ON u.id = c.user_id ORDER BY c.id",
                    )
                    .fetch_all(p)
                    .await
                    .map_err(map_err)?,
                    change_at,
                )?;
                let approval_fields = all(
                    sqlx::query("SELECT tenant_id, field FROM company_approval_fields ORDER BY tenant_id, field").fetch_all(p).await.map_err(map_err)?,
                    |r| {
                        let f: String = r.try_get(1).map_err(map_err)?;
                        Ok((TenantId(r.try_get(0).map_err(map_err)?), Field::parse(&f).ok_or_else(|| corrupt("approval field"))?))
                    },
                )?;
                let notification_prefs = all(
                    sqlx::query("SELECT tenant_id, user_id, kind, mode FROM notification_prefs ORDER BY user_id, kind").fetch_all(p).await.map_err(map_err)?,
                    |r| {
                        let (kind, mode) = pref_at(r, 2)?;
                        Ok((TenantId(r.try_get(0).map_err(map_err)?), UserId(r.try_get(1).map_err(map_err)?), kind, mode))
                    },
                )?;
                let addresses = all(sqlx::query(concat!("SELECT ", address_cols!(), " FROM addresses ORDER BY id")).fetch_all(p).await.map_err(map_err)?, shipping_at)?;
                let projects = all(sqlx::query(concat!("SELECT ", project_cols!(), " FROM projects ORDER BY id")).fetch_all(p).await.map_err(map_err)?, project_at)?;
                let documents = all(sqlx::query(concat!("SELECT ", document_cols!(), " FROM documents ORDER BY id")).fetch_all(p).await.map_err(map_err)?, |r| document_at(r, 0))?;
                let versions = all(sqlx::query(concat!("SELECT ", version_cols!(), " FROM document_versions ORDER BY id")).fetch_all(p).await.map_err(map_err)?, |r| version_at(r, 0))?;
                let journal = all(sqlx::query(concat!("SELECT ", journal_cols!(), " FROM journal ORDER BY tenant_id, seq")).fetch_all(p).await.map_err(map_err)?, entry_at)?;
                let links = all(sqlx::query(concat!("SELECT ", link_cols!(), " FROM share_links ORDER BY id")).fetch_all(p).await.map_err(map_err)?, link_at)?;
                let requests = all(sqlx::query(concat!("SELECT ", request_cols!(), " FROM document_requests ORDER BY id")).fetch_all(p).await.map_err(map_err)?, request_at)?;
                let comments = all(
                    sqlx::query("SELECT c.id, c.tenant_id, c.customer_id, c.project_id, c.document_id, c.author, u.name, c.body, c.created_at, c.attachment_id FROM comments c LEFT JOIN users u ON u.id = c.author ORDER BY c.id")
                        .fetch_all(p)
                        .await
                        .map_err(map_err)?,
                    comment_at,
                )?;
                let shares = all(sqlx::query(concat!("SELECT ", share_cols!(), " FROM shares ORDER BY project_id, user_id, granted_at")).fetch_all(p).await.map_err(map_err)?, share_at)?;
                let followers = all(sqlx::query("SELECT tenant_id, project_id, user_id, since FROM followers ORDER BY project_id, user_id").fetch_all(p).await.map_err(map_err)?, |r| {
                    Ok((TenantId(r.try_get(0).map_err(map_err)?), ProjectId(r.try_get(1).map_err(map_err)?), UserId(r.try_get(2).map_err(map_err)?), Millis(r.try_get(3).map_err(map_err)?)))
                })?;
                let project_team = all(sqlx::query("SELECT tenant_id, project_id, user_id FROM project_team ORDER BY project_id, user_id").fetch_all(p).await.map_err(map_err)?, |r| {
                    Ok((TenantId(r.try_get(0).map_err(map_err)?), ProjectId(r.try_get(1).map_err(map_err)?), UserId(r.try_get(2).map_err(map_err)?)))
                })?;
                let thread_reads = all(sqlx::query("SELECT tenant_id, user_id, thread_id, read_at FROM thread_reads ORDER BY user_id, thread_id").fetch_all(p).await.map_err(map_err)?, |r| {
                    Ok((TenantId(r.try_get(0).map_err(map_err)?), UserId(r.try_get(1).map_err(map_err)?), r.try_get(2).map_err(map_err)?, Millis(r.try_get(3).map_err(map_err)?)))
                })?;
                let flows = all(sqlx::query(concat!("SELECT ", flow_cols!(), " FROM flow_types ORDER BY id")).fetch_all(p).await.map_err(map_err)?, flow_at)?;
                let project_flows = all(sqlx::query(concat!("SELECT ", project_flow_cols!(), " FROM project_flows ORDER BY project_id")).fetch_all(p).await.map_err(map_err)?, project_flow_at)?;
                Ok(Dump { tenants, users, customers, roles, memberships, profiles, company_changes, approval_fields, notification_prefs, addresses, projects, documents, versions, journal, links, requests, comments, shares, followers, project_team, thread_reads, flows, project_flows, sessions, tokens, emails })
            }
            async fn restore(&self, d: &Dump) -> StoreResult<()> {
                let _changing = self.cache.changing();
                let mut tx = self.pool.begin_with(Self::BEGIN_WRITE).await.map_err(map_err)?;
                let existing: i64 = sqlx::query("SELECT COUNT(*) FROM tenants").fetch_one(&mut *tx).await.map_err(map_err)?.try_get(0).map_err(map_err)?;
                if existing > 0 {
                    return Err(StoreError::Conflict { constraint: "target database is not empty".into() });
                }
                for t in &d.tenants {
                    insert_tenant_in(&mut *tx, t).await?;
                }
                for u in &d.users {
                    insert_user_in(&mut *tx, u).await?;
                }
                for c in &d.customers {
                    insert_customer_in(&mut *tx, c).await?;
                }
                for r in &d.roles {
                    insert_role_in(&mut *tx, r).await?;
                }
                for m in &d.memberships {
                    insert_membership_in(&mut *tx, m).await?;
                }
                for p in &d.profiles {
                    insert_profile_in(&mut *tx, p).await?;
                }
                for c in &d.company_changes {
                    insert_change_in(&mut *tx, c).await?;
                }
                for (t, f) in &d.approval_fields {
                    sqlx::query("INSERT INTO company_approval_fields (tenant_id, field) VALUES ($1, $2)")
                        .bind(t.0)
                        .bind(f.code())
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                for p in &d.projects {
                    insert_project_in(&mut *tx, p).await?;
                }
                for doc in &d.documents {
                    insert_document_in(&mut *tx, doc).await?;
                }
                for v in &d.versions {
                    insert_version_in(&mut *tx, v).await?;
                }
                for c in &d.comments {
                    insert_comment_in(&mut *tx, c).await?;
                }
                for q in &d.requests {
                    insert_request_in(&mut *tx, q).await?;
                }
                for sh in &d.shares {
                    insert_share_in(&mut *tx, sh).await?;
                }
                for (t, p, u, since) in &d.followers {
                    sqlx::query("INSERT INTO followers (tenant_id, project_id, user_id, since) VALUES ($1, $2, $3, $4)")
                        .bind(t.0).bind(p.0).bind(u.0).bind(since.0)
                        .execute(&mut *tx).await.map_err(map_err)?;
                }
                for (t, p, u) in &d.project_team {
                    insert_team_member_in(&mut *tx, *t, *p, *u).await?;
                }
                for f in &d.flows {
                    insert_flow_in(&mut *tx, f).await?;
                }
                for pf in &d.project_flows {
                    insert_project_flow_in(&mut *tx, pf).await?;
                }
                for (t, u, thread, at) in &d.thread_reads {
                    sqlx::query("INSERT INTO thread_reads (tenant_id, user_id, thread_id, read_at) VALUES ($1, $2, $3, $4)")
                        .bind(t.0).bind(u.0).bind(thread).bind(at.0)
                        .execute(&mut *tx).await.map_err(map_err)?;
                }
                for l in &d.links {
                    insert_link_in(&mut *tx, l).await?;
                }
                for j in &d.journal {
                    insert_entry_in(&mut *tx, j).await?;
                }
                for a in &d.addresses {
                    insert_address_in(&mut *tx, a).await?;
                }
                for (t, u, kind, mode) in &d.notification_prefs {
                    insert_pref_in(&mut *tx, *t, *u, *kind, *mode).await?;
                }
                for s in &d.sessions {
                    insert_session_in(&mut *tx, s).await?;
                }
                for t in &d.tokens {
                    insert_token_in(&mut *tx, t).await?;
                }
                for m in &d.emails {
                    insert_email_in(&mut *tx, m).await?;
                }
                tx.commit().await.map_err(map_err)
            }
            fn backend_name(&self) -> &'static str {
                $backend
            }
        }
    };
}
