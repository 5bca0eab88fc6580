//! Conformance stories: the same story runs on SQLite and on PostgreSQL, a module per
//! aggregate; `every_store_method_has_a_story` keeps it that way.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::sync::Arc;

use guichet_domain::*;
use guichet_store::*;
use guichet_store_sql::testing::fresh_pg_database;

mod addresses;
mod checkouts;
mod company;
mod customers;
mod documents;
mod flows;
mod invoices;
mod jobs;
mod journal;
mod maintenance;
mod notifications;
mod outbox;
mod projects;
mod quotes;
mod roles;
mod sales;
mod sessions;
mod sharing;
mod tenants;

async fn sqlite() -> (Arc<dyn Store>, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let url = Sql::sqlite(&dir).0;
    let store = guichet_store_sql::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

async fn postgres() -> Arc<dyn Store> {
    postgres_at().await.0
}

async fn postgres_at() -> (Arc<dyn Store>, String) {
    let url = fresh_pg_database().await.unwrap();
    let store = guichet_store_sql::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    (store, url)
}

/// A story's database reached without the store, for what the store never writes (a code it
/// does not know, as a hand edit or a newer version would leave).
pub(crate) struct Sql(String);

impl Sql {
    fn sqlite(dir: &tempdir::Dir) -> Self {
        Sql(format!("sqlite://{}/t.db", dir.0.display()))
    }

    /// Runs one statement (no parameters) on its own connection.
    pub(crate) async fn execute(&self, statement: &'static str) {
        use sqlx::Connection;
        if self.0.starts_with("sqlite:") {
            let mut c = sqlx::SqliteConnection::connect(&self.0).await.unwrap();
            sqlx::raw_sql(statement).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        } else {
            let mut c = sqlx::PgConnection::connect(&self.0).await.unwrap();
            sqlx::raw_sql(statement).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
    }
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let p = std::env::temp_dir().join(format!("guichet-store-{}", uuid::Uuid::now_v7()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tenant(host: &str) -> Tenant {
    Tenant {
        id: TenantId::new(),
        host: host.into(),
        name: format!("Provider {host}"),
        base_url: format!("https://{host}"),
        primary_colour: "#1a5fb4".into(),
        logo_svg: None,
        default_locale: Locale::Fr,
        created_at: Millis::now(),
        max_upload_mb: None,
        document_kinds: Vec::new(),
    }
}

fn user(t: TenantId, kind: UserKind, email: &str) -> User {
    User {
        id: UserId::new(),
        tenant_id: t,
        kind,
        email: Email::parse(email).unwrap(),
        name: email.split('@').next().unwrap().into(),
        phone: String::new(),
        locale: Locale::En,
        time_zone: TimeZone::default(),
        staff_role: (kind == UserKind::Staff).then_some(StaffRole::Admin),
        active: true,
        password_hash: None,
        created_at: Millis::now(),
        updated_at: Millis::now(),
    }
}

fn customer(t: TenantId, number: &str, name: &str) -> Customer {
    Customer {
        id: CustomerId::new(),
        tenant_id: t,
        number: number.into(),
        name: name.into(),
        locale: Locale::Fr,
        currency: "CAD".into(),
        billing: Address {
            line1: "1 rue Principale".into(),
            city: "Québec".into(),
            region: "QC".into(),
            postal_code: "G1R 1A1".into(),
            country: "CA".into(),
            ..Default::default()
        },
        shipping: Address::default(),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    }
}

async fn default_role(s: &Arc<dyn Store>, t: TenantId) -> RoleId {
    let roles = s.roles(t).await.unwrap();
    roles.iter().find(|(r, _)| r.is_default).unwrap().0.id
}

fn member(t: TenantId, c: CustomerId, u: UserId, role: RoleId) -> Membership {
    Membership {
        tenant_id: t,
        customer_id: c,
        user_id: u,
        role_id: role,
        invited_by: None,
        created_at: Millis::now(),
    }
}

fn project(t: TenantId, c: CustomerId, by: UserId, title: &str, at: Millis) -> Project {
    Project {
        id: ProjectId::new(),
        tenant_id: t,
        customer_id: c,
        title: title.into(),
        reference: String::new(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: by,
        created_at: at,
        updated_at: at,
    }
}

/// Two providers; A has a customer and a staff member.
async fn two_tenants(s: &Arc<dyn Store>) -> (Tenant, Tenant, Customer, User) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    (a, b, c, staff)
}

/// Every method of every store trait is called by some story: a new method without one fails
/// here, naming it.
#[test]
fn every_store_method_has_a_story() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read_dir = |dir: &std::path::Path| -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                all.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
        all
    };
    let ports = read_dir(&root.join("../guichet-store/src"));
    let stories = read_dir(&root.join("tests/conformance"));
    let mut methods = Vec::new();
    let mut in_trait = false;
    for line in ports.lines() {
        if line.starts_with("pub trait ") {
            in_trait = true;
        } else if line.starts_with('}') {
            in_trait = false;
        } else if in_trait {
            let line = line.trim_start();
            let rest = line
                .strip_prefix("async fn ")
                .or_else(|| line.strip_prefix("fn "));
            if let Some(name) = rest.and_then(|r| r.split(['(', '<']).next()) {
                methods.push(name.to_string());
            }
        }
    }
    assert!(
        methods.len() > 100,
        "the store's traits were not read: {methods:?}"
    );
    let missing: Vec<_> = methods
        .iter()
        .filter(|m| !stories.contains(&format!(".{m}(")))
        .collect();
    assert!(
        missing.is_empty(),
        "store methods without a conformance story: {missing:?}"
    );
}

fn email(t: TenantId, to: &str) -> OutboxEmail {
    OutboxEmail {
        id: EmailId::new(),
        tenant_id: t,
        to_addr: to.into(),
        subject: "Subject".into(),
        body_text: "Body with a link".into(),
        created_at: Millis::now(),
        sent_at: None,
        attempts: 0,
        next_attempt_at: Millis::now(),
        last_error: None,
    }
}

/// Runs each story on both databases; stories after `with_sql:` also get the database itself.
macro_rules! both {
    ($($module:ident :: $story:ident),* $(,)? ; with_sql: $($sql_module:ident :: $sql_story:ident),* $(,)?) => {
        mod on_sqlite { use super::*;
            $( #[tokio::test] async fn $story() { let (s, _d) = sqlite().await; super::$module::$story(s).await; } )*
            $( #[tokio::test] async fn $sql_story() { let (s, d) = sqlite().await; super::$sql_module::$sql_story(s, Sql::sqlite(&d)).await; } )*
        }
        mod on_postgres { use super::*;
            $( #[tokio::test] async fn $story() { super::$module::$story(postgres().await).await; } )*
            $( #[tokio::test] async fn $sql_story() { let (s, url) = postgres_at().await; super::$sql_module::$sql_story(s, Sql(url)).await; } )*
        }
    };
}
both!(
    tenants::tenants_and_users_story,
    tenants::tenant_settings_story,
    documents::document_pages_story,
    flows::flow_places_story,
    notifications::digests_story,
    notifications::notices_story,
    projects::project_team_story,
    projects::content_revision_story,
    sharing::request_story,
    customers::customers_story,
    sessions::sessions_and_tokens_story,
    sessions::signed_in_story,
    roles::roles_story,
    company::company_story,
    notifications::notification_prefs_story,
    addresses::address_book_story,
    projects::projects_story,
    documents::documents_story,
    journal::journal_story,
    sharing::project_sharing_story,
    flows::flows_story,
    outbox::throttle_and_outbox_story,
    sales::catalog_story,
    sales::product_search_story,
    sales::orders_story,
    sales::product_configurator_story,
    quotes::quotes_story,
    quotes::quotes_move_flows,
    quotes::quote_thread_story,
    invoices::invoices_story,
    checkouts::checkouts_story,
    jobs::jobs_story,
    ; with_sql:
    tenants::stored_time_zone_story,
    documents::unknown_codes_story,
);
