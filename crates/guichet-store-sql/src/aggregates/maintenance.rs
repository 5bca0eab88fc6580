//! Health, migrations (embedded and checksummed by `sqlx::migrate!`), and whole-installation
//! copies for `migrate-db`.
use async_trait::async_trait;
use guichet_store::{Dump, Maintenance, StoreError, StoreResult};
use sqlx::migrate::Migrate;

use super::{
    Db, MIGRATOR, SqlStore, addresses, catalog, checkouts, comments, company, customers, documents,
    flows, invoices, jobs, journal, links, notifications, orders, outbox, projects, quotes,
    requests, roles, sessions, shares, tenants, tokens, users,
};
use crate::error::{Result, changed, conflict};

/// Where sqlx keeps the migrations it applied.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";
/// Where Guichet's own runner kept them before (adopted, then dropped, by `migrate`).
const LEGACY_TABLE: &str = "guichet_migrations";

async fn table_exists(pool: &sqlx::Pool<Db>, name: &str) -> Result<bool> {
    let (exists,): (bool,) = sqlx::query_as(SqlStore::TABLE_EXISTS)
        .bind(name)
        .fetch_one(pool)
        .await?;
    Ok(exists)
}

/// The versions applied successfully so far (none on an empty database).
async fn applied(pool: &sqlx::Pool<Db>) -> Result<Vec<i64>> {
    if !table_exists(pool, MIGRATIONS_TABLE).await? {
        return Ok(Vec::new());
    }
    let mut conn = pool.acquire().await?;
    let applied = conn.list_applied_migrations(MIGRATIONS_TABLE).await?;
    Ok(applied.into_iter().map(|m| m.version).collect())
}

/// A database migrated by Guichet's former runner (`guichet_migrations`, whose SQLite numbers
/// lacked PostgreSQL's 0003): its migrations are recorded as applied under today's numbers
/// (without running them again), then the old table is dropped.
async fn adopt_legacy_bookkeeping(pool: &sqlx::Pool<Db>) -> Result<()> {
    if !table_exists(pool, LEGACY_TABLE).await? {
        return Ok(());
    }
    let legacy: Vec<(i64,)> =
        sqlx::query_as("SELECT version FROM guichet_migrations ORDER BY version")
            .fetch_all(pool)
            .await?;
    // The former runner applied them in order, one transaction each: always 1, 2, … n.
    let contiguous = legacy
        .iter()
        .enumerate()
        .all(|(i, (v,))| i64::try_from(i + 1) == Ok(*v));
    if !contiguous {
        return Err(StoreError::corrupt(format!(
            "{LEGACY_TABLE}: versions are not 1 to n: {:?}",
            legacy.iter().map(|(v,)| *v).collect::<Vec<_>>()
        ))
        .into());
    }
    if let Some((last,)) = legacy.last() {
        let today = SqlStore::version_of_legacy(*last);
        MIGRATOR.skip(pool, Some(today)).await?;
        tracing::info!(
            legacy_version = last,
            version = today,
            "migrations of the former runner recorded"
        );
    }
    sqlx::query("DROP TABLE guichet_migrations")
        .execute(pool)
        .await?;
    Ok(())
}

async fn migrate(store: &SqlStore) -> Result<usize> {
    let _changing = store.cache.changing();
    adopt_legacy_bookkeeping(&store.pool).await?;
    let before = applied(&store.pool).await?;
    MIGRATOR.run(&store.pool).await?;
    let mut count = 0;
    for m in MIGRATOR.iter().filter(|m| !before.contains(&m.version)) {
        tracing::info!(version = m.version, name = %m.description, "migration applied");
        count += 1;
    }
    Ok(count)
}

async fn ping(pool: &sqlx::Pool<Db>) -> Result<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

/// True when every migration this build embeds is applied.
async fn current(pool: &sqlx::Pool<Db>) -> Result<bool> {
    let applied = applied(pool).await?;
    Ok(MIGRATOR.iter().all(|m| applied.contains(&m.version)))
}

async fn dump(pool: &sqlx::Pool<Db>) -> Result<Dump> {
    let (reminder_rules, jobs) = jobs::dump(pool).await?;
    Ok(Dump {
        tenants: tenants::dump(pool).await?,
        users: users::dump(pool).await?,
        customers: customers::dump(pool).await?,
        roles: roles::dump(pool).await?,
        memberships: customers::dump_memberships(pool).await?,
        profiles: company::dump_profiles(pool).await?,
        company_changes: company::dump_changes(pool).await?,
        approval_fields: company::dump_approval_fields(pool).await?,
        notification_prefs: notifications::dump_prefs(pool).await?,
        addresses: addresses::dump(pool).await?,
        projects: projects::dump(pool).await?,
        documents: documents::dump(pool).await?,
        versions: documents::dump_versions(pool).await?,
        journal: journal::dump(pool).await?,
        links: links::dump(pool).await?,
        requests: requests::dump(pool).await?,
        comments: comments::dump(pool).await?,
        shares: shares::dump(pool).await?,
        followers: comments::dump_followers(pool).await?,
        project_team: projects::dump_team(pool).await?,
        thread_reads: comments::dump_reads(pool).await?,
        flows: flows::dump(pool).await?,
        project_flows: flows::dump_places(pool).await?,
        sessions: sessions::dump(pool).await?,
        tokens: tokens::dump(pool).await?,
        emails: outbox::dump(pool).await?,
        segments: catalog::dump_segments(pool).await?,
        customer_terms: catalog::dump_terms(pool).await?,
        products: catalog::dump_products(pool).await?,
        prices: catalog::dump_prices(pool).await?,
        cart_lines: orders::dump_carts(pool).await?,
        orders: orders::dump_orders(pool).await?,
        order_events: orders::dump_events(pool).await?,
        approval_thresholds: orders::dump_thresholds(pool).await?,
        shipments: orders::dump_shipments(pool).await?,
        quotes: quotes::dump_quotes(pool).await?,
        quote_revisions: quotes::dump_revisions(pool).await?,
        quote_messages: quotes::dump_messages(pool).await?,
        invoices: invoices::dump_invoices(pool).await?,
        payments: invoices::dump_payments(pool).await?,
        online_payments: checkouts::dump(pool).await?,
        reminder_rules,
        jobs,
        notices: notifications::dump_notices(pool).await?,
    })
}

/// Loads a dump into an empty database, in one transaction: every row is written or nothing.
async fn restore(store: &SqlStore, d: &Dump) -> Result<()> {
    let _changing = store.cache.changing();
    let _catalog = store
        .cache
        .topic_changing(crate::signed_in_cache::Topic::Catalog);
    let _billing = store
        .cache
        .topic_changing(crate::signed_in_cache::Topic::Billing);
    let _orders = store
        .cache
        .topic_changing(crate::signed_in_cache::Topic::Orders);
    let _quotes = store
        .cache
        .topic_changing(crate::signed_in_cache::Topic::Quotes);
    let mut tx = store.begin_write().await?;
    let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM tenants")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return conflict("target database is not empty");
    }
    for t in &d.tenants {
        tenants::insert(&mut *tx, t).await?;
    }
    for u in &d.users {
        users::insert(&mut *tx, u).await?;
    }
    for c in &d.customers {
        customers::insert(&mut *tx, c).await?;
    }
    for r in &d.roles {
        roles::insert(&mut *tx, r).await?;
    }
    for m in &d.memberships {
        customers::insert_membership(&mut *tx, m).await?;
    }
    for p in &d.profiles {
        changed(company::insert_profile(&mut *tx, p).await?)?;
    }
    for c in &d.company_changes {
        company::insert_change(&mut *tx, c).await?;
    }
    for (t, f) in &d.approval_fields {
        company::insert_approval_field(&mut *tx, *t, *f).await?;
    }
    for p in &d.projects {
        changed(projects::insert(&mut *tx, p).await?)?;
    }
    for doc in &d.documents {
        changed(documents::insert(&mut *tx, doc).await?)?;
    }
    for v in &d.versions {
        changed(documents::insert_version(&mut *tx, v).await?)?;
    }
    for c in &d.comments {
        changed(comments::insert(&mut *tx, c).await?)?;
    }
    for q in &d.requests {
        changed(requests::insert(&mut *tx, q).await?)?;
    }
    for s in &d.shares {
        changed(shares::insert(&mut *tx, s).await?)?;
    }
    for (t, p, u, since) in &d.followers {
        comments::insert_follower(&mut *tx, *t, *p, *u, *since).await?;
    }
    for (t, p, u) in &d.project_team {
        projects::insert_team_member(&mut *tx, *t, *p, *u).await?;
    }
    for f in &d.flows {
        flows::insert(&mut *tx, f).await?;
    }
    for pf in &d.project_flows {
        changed(flows::insert_place(&mut *tx, pf).await?)?;
    }
    for (t, u, thread, at) in &d.thread_reads {
        comments::insert_read(&mut *tx, *t, *u, *thread, *at).await?;
    }
    for l in &d.links {
        changed(links::insert(&mut *tx, l).await?)?;
    }
    for j in &d.journal {
        journal::insert(&mut *tx, j).await?;
    }
    for a in &d.addresses {
        changed(addresses::insert(&mut *tx, a).await?)?;
    }
    for (t, u, kind, mode) in &d.notification_prefs {
        notifications::insert_pref(&mut *tx, *t, *u, *kind, *mode).await?;
    }
    for s in &d.sessions {
        sessions::insert(&mut *tx, s).await?;
    }
    for t in &d.tokens {
        tokens::insert(&mut *tx, t).await?;
    }
    for m in &d.emails {
        outbox::insert(&mut *tx, m).await?;
    }
    for s in &d.segments {
        catalog::insert_segment(&mut *tx, s).await?;
    }
    for t in &d.customer_terms {
        changed(catalog::write_terms(&mut *tx, t).await?)?;
    }
    for p in &d.products {
        catalog::insert_product(&mut *tx, p).await?;
    }
    for r in &d.prices {
        changed(catalog::insert_price(&mut *tx, r).await?)?;
    }
    for l in &d.cart_lines {
        changed(orders::write_cart_line(&mut *tx, l, false).await?)?;
    }
    for (q, lines) in &d.quotes {
        quotes::write_quote(&mut tx, q).await?;
        quotes::write_lines(&mut tx, q.tenant_id, q.id, lines).await?;
    }
    for r in &d.quote_revisions {
        let tenant = d
            .quotes
            .iter()
            .find(|(q, _)| q.id == r.quote_id)
            .map(|(q, _)| q.tenant_id);
        let Some(tenant) = tenant else {
            return crate::error::not_found();
        };
        quotes::write_revision(&mut *tx, tenant, r).await?;
    }
    for m in &d.quote_messages {
        quotes::write_message(&mut *tx, m).await?;
    }
    quotes::restore_counters(&mut *tx).await?;
    for (o, lines) in &d.orders {
        orders::insert_order(&mut tx, o, lines).await?;
    }
    for e in &d.order_events {
        orders::insert_event(&mut *tx, e).await?;
    }
    for r in &d.shipments {
        orders::insert_shipment(&mut *tx, r).await?;
    }
    orders::restore_counters(&mut *tx).await?;
    for (t, c, m, at) in &d.approval_thresholds {
        changed(orders::write_threshold(&mut *tx, *t, *c, *m, *at).await?)?;
    }
    for i in &d.invoices {
        invoices::write_invoice(&mut *tx, i).await?;
    }
    invoices::restore_counters(&mut *tx).await?;
    for p in &d.payments {
        invoices::write_payment(&mut *tx, p).await?;
    }
    checkouts::restore(&mut tx, &d.online_payments).await?;
    jobs::restore(&mut tx, &d.reminder_rules, &d.jobs).await?;
    for n in &d.notices {
        notifications::insert_notice(&mut *tx, n).await?;
    }
    super::commit(tx).await
}

#[async_trait]
impl Maintenance for SqlStore {
    async fn ping(&self) -> StoreResult<()> {
        Ok(ping(&self.pool).await?)
    }
    async fn migrations_current(&self) -> StoreResult<bool> {
        Ok(current(&self.pool).await?)
    }
    async fn migrate(&self) -> StoreResult<usize> {
        Ok(migrate(self).await?)
    }
    async fn dump(&self) -> StoreResult<Dump> {
        Ok(dump(&self.pool).await?)
    }
    async fn restore(&self, dump: &Dump) -> StoreResult<()> {
        Ok(restore(self, dump).await?)
    }
    fn backend_name(&self) -> &'static str {
        SqlStore::BACKEND
    }
}
