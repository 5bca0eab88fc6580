//! Databases made before the store kept its migrations with `sqlx::migrate!` upgrade in place:
//! what the former runner (`guichet_migrations`) applied is recorded under sqlx's bookkeeping
//! without running twice, the rest is applied, the data stays, and a migration changed after
//! it was applied is refused.
//!
//! `fixtures/main-2026-12-05.*.sql` are dumps of databases made by `guichet migrate` and
//! `guichet admin tenant create` of main on 2026-12-05 (the last build with the former runner):
//! `sqlite3`'s `.dump` format and `pg_dump --inserts` (psql meta-commands removed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::sync::Arc;

use guichet_domain::{
    ChainCursor, Email, EntryId, GENESIS_HASH, JournalEntry, JournalKey, Millis, StaffRole,
    TenantId, check_chain,
};
use guichet_store::{Store, StoreError};
use guichet_store_sql::testing::fresh_pg_database;
use sqlx::Connection;

const SQLITE_FIXTURE: &str = include_str!("fixtures/main-2026-12-05.sqlite.sql");
const POSTGRES_FIXTURE: &str = include_str!("fixtures/main-2026-12-05.postgres.sql");
const HOST: &str = "portail.example.com";
/// The last migration the fixtures' build had (the same number on both backends).
const FIXTURE_VERSION: u32 = 21;

/// How many migrations this build has beyond the fixtures' (they run at the upgrade).
fn newer_migrations() -> usize {
    migrations_after(FIXTURE_VERSION)
}

/// How many migrations this build has beyond number `version`.
fn migrations_after(version: u32) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|name| name.split('_').next().and_then(|n| n.parse::<u32>().ok()))
        .filter(|n| *n > version)
        .count()
}

struct Dir(std::path::PathBuf);
impl Dir {
    fn new() -> Self {
        let p = std::env::temp_dir().join(format!("guichet-upgrade-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&p).unwrap();
        Dir(p)
    }
    fn sqlite_url(&self) -> String {
        format!("sqlite://{}/old.db?mode=rwc", self.0.display())
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn sqlite_with(sql: &'static str) -> (Dir, String) {
    let dir = Dir::new();
    let url = dir.sqlite_url();
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    (dir, url)
}

async fn postgres_with(sql: &'static str) -> String {
    let url = fresh_pg_database().await.unwrap();
    let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    url
}

async fn legacy_table_left(url: &str) -> bool {
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'guichet_migrations'",
        )
        .fetch_one(&mut c)
        .await
        .unwrap();
        n > 0
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        let (exists,): (bool,) =
            sqlx::query_as("SELECT to_regclass('guichet_migrations') IS NOT NULL")
                .fetch_one(&mut c)
                .await
                .unwrap();
        exists
    }
}

/// Journal entries as builds before keyed journals wrote them: plain SHA-256, chained.
fn legacy_entries(tenant: uuid::Uuid) -> Vec<JournalEntry> {
    let mut prev = GENESIS_HASH.to_string();
    (1..=3)
        .map(|seq| {
            let mut e = JournalEntry {
                id: EntryId::new(),
                tenant_id: TenantId(tenant),
                seq,
                at: Millis(1_764_900_000_000 + seq),
                actor: None,
                actor_label: "Chef".into(),
                ip: "127.0.0.1".into(),
                action: "project.create".into(),
                object_kind: "project".into(),
                object_id: uuid::Uuid::now_v7(),
                customer_id: None,
                project_id: None,
                detail: format!("Projet {seq}"),
                prev_hash: prev.clone(),
                hash: String::new(),
                keyed: false,
            };
            e.hash = e.plain_hash();
            prev = e.hash.clone();
            e
        })
        .collect()
}

const LEGACY_INSERT: &str = "INSERT INTO journal (id, tenant_id, seq, at, actor, actor_label, ip, \
     action, object_kind, object_id, customer_id, project_id, detail, prev_hash, hash) \
     VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, NULL, NULL, $10, $11, $12)";

macro_rules! insert_legacy {
    ($conn:expr) => {{
        let (tenant,): (uuid::Uuid,) = sqlx::query_as("SELECT id FROM tenants WHERE host = $1")
            .bind(HOST)
            .fetch_one(&mut $conn)
            .await
            .unwrap();
        for e in legacy_entries(tenant) {
            sqlx::query(LEGACY_INSERT)
                .bind(e.id.0)
                .bind(e.tenant_id.0)
                .bind(e.seq)
                .bind(e.at.0)
                .bind(&e.actor_label)
                .bind(&e.ip)
                .bind(&e.action)
                .bind(&e.object_kind)
                .bind(e.object_id)
                .bind(&e.detail)
                .bind(&e.prev_hash)
                .bind(&e.hash)
                .execute(&mut $conn)
                .await
                .unwrap();
        }
    }};
}

/// Writes three entries into the fixture's journal, as the former build would have.
async fn with_legacy_journal(url: &str) {
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        insert_legacy!(c);
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        insert_legacy!(c);
    }
}

/// The fixture's provider, its administrator and its default role are all there after the
/// upgrade, and nothing was applied twice. Journal entries written before keyed journals keep
/// their plain hashes; the next entry is keyed and seals them (decision 0011).
async fn upgrade_story(url: &str) {
    with_legacy_journal(url).await;
    let s: Arc<dyn Store> = guichet_store_sql::connect(url, 2).await.unwrap();
    assert!(
        !s.migrations_current().await.unwrap(),
        "not current before migrating"
    );
    assert_eq!(
        s.migrate().await.unwrap(),
        newer_migrations(),
        "what the former runner applied does not run again; only newer migrations run"
    );
    assert!(s.migrations_current().await.unwrap());
    assert!(!legacy_table_left(url).await, "the former table is dropped");
    assert_eq!(
        s.migrate().await.unwrap(),
        0,
        "migrating again changes nothing"
    );

    let tenant = s
        .tenant_by_host(HOST)
        .await
        .unwrap()
        .expect("the tenant stays");
    assert_eq!(tenant.name, "Arpentage Côté inc.");
    let admin = s
        .user_by_email(tenant.id, &Email::parse("chef@example.com").unwrap())
        .await
        .unwrap()
        .expect("the administrator stays");
    assert_eq!(admin.staff_role, Some(StaffRole::Admin));
    let roles = s.roles(tenant.id).await.unwrap();
    assert!(roles.iter().any(|(r, _)| r.is_default));
    assert_eq!(s.list_outbox(tenant.id, 10).await.unwrap().len(), 1);

    let key = JournalKey::from_bytes([11; 32]);
    let old = s.chain(tenant.id).await.unwrap();
    assert_eq!(old.len(), 3);
    assert!(
        old.iter().all(|e| !e.keyed),
        "earlier entries are marked plain"
    );
    let mut next = old[0].clone();
    next.id = EntryId::new();
    next.detail = "after the upgrade".into();
    let sealed = s.append(&next, &key).await.unwrap();
    assert_eq!((sealed.seq, sealed.keyed), (4, true));
    assert_eq!(
        sealed.prev_hash, old[2].hash,
        "the first keyed entry seals the plain ones"
    );
    let chain = s.chain(tenant.id).await.unwrap();
    assert_eq!(
        check_chain(ChainCursor::genesis(), &chain, &key).map(|c| c.seq),
        Ok(4),
        "plain then keyed verifies"
    );
}

#[tokio::test]
async fn a_sqlite_database_of_the_former_runner_upgrades_in_place() {
    let (_dir, url) = sqlite_with(SQLITE_FIXTURE).await;
    upgrade_story(&url).await;
}

#[tokio::test]
async fn a_postgres_database_of_the_former_runner_upgrades_in_place() {
    let url = postgres_with(POSTGRES_FIXTURE).await;
    upgrade_story(&url).await;
}

/// A database the former runner left part-way (its last migration not applied yet) gets the
/// rest: on SQLite, whose former numbers lacked PostgreSQL's 0003, the numbers are mapped.
#[tokio::test]
async fn a_partly_migrated_sqlite_database_gets_the_rest() {
    let (_dir, url) = sqlite_with(SQLITE_FIXTURE).await;
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    // Undo the former runner's last migration (20, "flows": today's 21).
    sqlx::raw_sql(
        "DROP TABLE project_flows; DROP TABLE flow_types; \
         DELETE FROM guichet_migrations WHERE version = 20;",
    )
    .execute(&mut c)
    .await
    .unwrap();
    c.close().await.unwrap();
    let s = guichet_store_sql::connect(&url, 2).await.unwrap();
    assert_eq!(
        s.migrate().await.unwrap(),
        1 + newer_migrations(),
        "only the flows migration (and newer ones) run"
    );
    assert!(s.migrations_current().await.unwrap());
    let tenant = s.tenant_by_host(HOST).await.unwrap().unwrap();
    assert!(s.flows(tenant.id).await.unwrap().is_empty());
}

/// What was applied is checksummed: a migration whose text changed since is refused, and the
/// database is left as it was.
#[tokio::test]
async fn a_migration_changed_after_it_was_applied_is_refused() {
    let (_dir, sqlite_url) = sqlite_with(SQLITE_FIXTURE).await;
    for url in [sqlite_url, postgres_with(POSTGRES_FIXTURE).await] {
        let s = guichet_store_sql::connect(&url, 2).await.unwrap();
        s.migrate().await.unwrap();
        drop(s);
        let tamper = "UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 2";
        if url.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query(tamper)
                .bind(vec![0u8; 48])
                .execute(&mut c)
                .await
                .unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query(tamper)
                .bind(vec![0u8; 48])
                .execute(&mut c)
                .await
                .unwrap();
        }
        let s = guichet_store_sql::connect(&url, 2).await.unwrap();
        match s.migrate().await {
            Err(StoreError::Backend(cause)) => {
                assert!(cause.to_string().contains("modified"), "{cause}");
            }
            other => panic!("a changed migration must be refused, got {other:?}"),
        }
    }
}

/// The last migration before the catalog's full-text search (0027).
const BEFORE_SEARCH: u32 = 26;

/// Applies this build's migrations up to number `last` only, as an earlier build did.
async fn migrated_up_to(url: &str, last: u32) {
    let backend = if url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let mut migrator = sqlx::migrate::Migrator::new(dir).await.unwrap();
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= i64::from(last))
        .cloned()
        .collect::<Vec<_>>()
        .into();
    if backend == "sqlite" {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        migrator.run(&mut c).await.unwrap();
        c.close().await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        migrator.run(&mut c).await.unwrap();
        c.close().await.unwrap();
    }
}

/// A product row with the columns products had before the search migration.
async fn insert_product_as_before_search(url: &str, p: &guichet_domain::Product) {
    use sqlx::Connection;
    const INSERT: &str = "INSERT INTO products (id, tenant_id, sku, name_fr, name_en, \
         description_fr, description_en, category_fr, category_en, unit, availability, lead_days, \
         min_quantity, multiple, active, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
    macro_rules! run {
        ($conn:expr) => {{
            let mut c = $conn;
            sqlx::query(INSERT)
                .bind(p.id.0)
                .bind(p.tenant_id.0)
                .bind(&p.sku)
                .bind(&p.name.fr)
                .bind(&p.name.en)
                .bind(&p.description.fr)
                .bind(&p.description.en)
                .bind(&p.category.fr)
                .bind(&p.category.en)
                .bind(p.unit.code())
                .bind(p.availability.code())
                .bind(p.availability.days())
                .bind(p.min_quantity)
                .bind(p.multiple)
                .bind(p.active)
                .bind(p.created_at.0)
                .bind(p.updated_at.0)
                .execute(&mut c)
                .await
                .unwrap();
            c.close().await.unwrap();
        }};
    }
    if url.starts_with("sqlite:") {
        run!(sqlx::SqliteConnection::connect(url).await.unwrap());
    } else {
        run!(sqlx::PgConnection::connect(url).await.unwrap());
    }
}

/// Products written before the catalog had its full-text index are indexed by the migration
/// that adds it, and kept in step afterwards.
async fn search_upgrade_story(url: &str) {
    use guichet_domain::{Availability, Locale, Product, ProductId, Tenant, Texts, Unit};
    use guichet_store::ProductQuery;

    migrated_up_to(url, BEFORE_SEARCH).await;
    let s: Arc<dyn Store> = guichet_store_sql::connect(url, 2).await.unwrap();
    let tenant = Tenant {
        id: TenantId::new(),
        host: "a.example".into(),
        name: "A".into(),
        base_url: "https://a.example".into(),
        primary_colour: "#1a5fb4".into(),
        logo_svg: None,
        default_locale: Locale::Fr,
        created_at: Millis::now(),
        max_upload_mb: None,
        document_kinds: Vec::new(),
    };
    s.insert_tenant(&tenant).await.unwrap();
    let product = |sku: &str, fr: &str, en: &str| Product {
        id: ProductId::new(),
        tenant_id: tenant.id,
        sku: sku.into(),
        name: Texts::new(fr, en),
        description: Texts::new("Disjoncteur inclus", "Breaker included"),
        category: Texts::new("Distribution", "Distribution"),
        unit: Unit::Each,
        availability: Availability::LeadTime(10),
        min_quantity: 1,
        multiple: 1,
        active: true,
        image: None,
        configurator: None,
        created_at: Millis::now(),
        updated_at: Millis::now(),
    };
    let old = product("ELEC-200", "Panneau électrique", "Electrical panel");
    // Written as that build wrote it (today's store writes columns added since).
    insert_product_as_before_search(url, &old).await;
    assert_eq!(
        s.migrate().await.unwrap(),
        migrations_after(BEFORE_SEARCH),
        "the search migration (and any newer) runs"
    );
    let found = |search: &'static str| {
        let s = s.clone();
        async move {
            let q = ProductQuery {
                search: search.into(),
                category: String::new(),
                include_inactive: false,
                favourites_of: None,
                limit: 10,
                offset: 0,
            };
            s.products(tenant.id, &q)
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.sku)
                .collect::<Vec<_>>()
        }
    };
    for search in ["electrique", "pann", "breaker", "ELEC-200"] {
        assert_eq!(found(search).await, ["ELEC-200"], "searching {search:?}");
    }
    // Kept in step afterwards: the product written before, edited; a new one.
    let renamed = Product {
        name: Texts::new("Boîte de répartition", "Load centre"),
        updated_at: Millis(old.updated_at.0 + 1),
        ..old.clone()
    };
    s.update_product(&renamed, old.updated_at).await.unwrap();
    s.insert_product(&product(
        "ELEC-100",
        "Panneau électrique",
        "Electrical panel",
    ))
    .await
    .unwrap();
    assert_eq!(found("repartition").await, ["ELEC-200"]);
    assert_eq!(found("electrique").await, ["ELEC-100"]);
}

#[tokio::test]
async fn sqlite_products_from_before_search_are_found_after_the_upgrade() {
    let dir = Dir::new();
    search_upgrade_story(&dir.sqlite_url()).await;
}

#[tokio::test]
async fn postgres_products_from_before_search_are_found_after_the_upgrade() {
    search_upgrade_story(&fresh_pg_database().await.unwrap()).await;
}
