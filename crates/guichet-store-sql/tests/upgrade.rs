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

use guichet_domain::{Email, StaffRole};
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
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|name| name.split('_').next().and_then(|n| n.parse::<u32>().ok()))
        .filter(|n| *n > FIXTURE_VERSION)
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

/// The fixture's provider, its administrator and its default role are all there after the
/// upgrade, and nothing was applied twice.
async fn upgrade_story(url: &str) {
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
