//! Documents for the documents benchmark, on a database already seeded by `bench-gen`:
//! a project of 200 documents in the demo contact's account, and `--documents` more spread over
//! accounts of 10 (one project each), inserted in multi-row statements. Prints the id of the
//! 200-document project.
use std::time::Instant;

use clap::Parser;
use guichet_domain::{DocumentKind, Millis};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "bench-docs",
    about = "Seeds documents for the documents benchmark"
)]
struct Args {
    /// sqlite://… or postgres://… (seeded by bench-gen first)
    #[arg(long)]
    database_url: String,
    /// Host name of the demo tenant.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The contact whose account gets the 200-document project.
    #[arg(long, default_value = "genevieve.lavoie@boreale.example")]
    contact: String,
    /// Documents in the other accounts (10 per account).
    #[arg(long, default_value_t = 10_000)]
    documents: usize,
    /// Documents in the contact's benchmark project.
    #[arg(long, default_value_t = 200)]
    project_documents: usize,
}

/// Rows per statement (10 columns each: well under both databases' bind limits).
const BATCH: usize = 1000;

struct Doc {
    id: Uuid,
    customer: Uuid,
    project: Uuid,
    title: String,
    kind: DocumentKind,
    at: i64,
}

macro_rules! seeder {
    ($name:ident, $db:ty, $pool:ty) => {
        async fn $name(pool: &$pool, args: &Args) -> anyhow::Result<Uuid> {
            use sqlx::Row;
            let tenant: Uuid = sqlx::query("SELECT id FROM tenants WHERE host = $1")
                .bind(&args.host)
                .fetch_one(pool)
                .await?
                .try_get(0)?;
            let row = sqlx::query(
                "SELECT m.customer_id, u.id FROM users u CROSS JOIN memberships m \
                 WHERE u.tenant_id = $1 AND u.email = $2 AND m.user_id = u.id",
            )
            .bind(tenant)
            .bind(&args.contact)
            .fetch_one(pool)
            .await?;
            let (home, _contact): (Uuid, Uuid) = (row.try_get(0)?, row.try_get(1)?);
            let admin: Uuid = sqlx::query(
                "SELECT id FROM users WHERE tenant_id = $1 AND kind = 'staff' ORDER BY created_at LIMIT 1",
            )
            .bind(tenant)
            .fetch_one(pool)
            .await?
            .try_get(0)?;
            let base = Millis::now().0 - 400 * 86_400_000;
            let project = |customer: Uuid, title: String, at: i64| (Uuid::now_v7(), customer, title, at);
            let mut customers: Vec<(Uuid, String, i64)> = Vec::new();
            let mut projects = vec![project(home, "Banc d'essai — 200 documents".into(), base)];
            let accounts = args.documents.div_ceil(10);
            for i in 0..accounts {
                let at = base + i as i64 * 1000;
                let c = Uuid::now_v7();
                customers.push((c, format!("D-{i:06}"), at));
                projects.push(project(c, format!("Dossier {i}"), at));
            }
            let started = Instant::now();
            for chunk in customers.chunks(BATCH) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO customers (id, tenant_id, number, name, locale, currency, \
                     billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, billing_country, \
                     shipping_line1, shipping_line2, shipping_city, shipping_region, shipping_postal_code, shipping_country, \
                     created_at, updated_at) ",
                );
                b.push_values(chunk, |mut r, (id, number, at)| {
                    r.push_bind(*id)
                        .push_bind(tenant)
                        .push_bind(number.clone())
                        .push_bind(format!("Compte {number}"))
                        .push_bind("fr")
                        .push_bind("CAD");
                    for _ in 0..2 {
                        r.push_bind("1, rue Principale")
                            .push_bind("")
                            .push_bind("Montréal")
                            .push_bind("QC")
                            .push_bind("H2X 1Y4")
                            .push_bind("CA");
                    }
                    r.push_bind(*at).push_bind(*at);
                });
                b.build().execute(pool).await?;
            }
            for chunk in projects.chunks(BATCH) {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO projects (id, tenant_id, customer_id, title, reference, description, site, status, created_by, created_at, updated_at) ",
                );
                b.push_values(chunk, |mut r, (id, customer, title, at)| {
                    r.push_bind(*id)
                        .push_bind(tenant)
                        .push_bind(*customer)
                        .push_bind(title.clone())
                        .push_bind("")
                        .push_bind("")
                        .push_bind("")
                        .push_bind("open")
                        .push_bind(admin)
                        .push_bind(*at)
                        .push_bind(*at);
                });
                b.build().execute(pool).await?;
            }
            let bench_project = projects[0].0;
            let mut n = 0usize;
            let mut docs: Vec<Doc> = Vec::with_capacity(BATCH);
            let flush = |docs: Vec<Doc>| async move {
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO documents (id, tenant_id, customer_id, project_id, title, kind, status, created_by, created_at, updated_at) ",
                );
                b.push_values(&docs, |mut r, d| {
                    r.push_bind(d.id)
                        .push_bind(tenant)
                        .push_bind(d.customer)
                        .push_bind(d.project)
                        .push_bind(d.title.clone())
                        .push_bind(d.kind.as_str())
                        .push_bind(d.kind.first_status().as_str())
                        .push_bind(admin)
                        .push_bind(d.at)
                        .push_bind(d.at);
                });
                b.build().execute(pool).await?;
                let mut b = sqlx::QueryBuilder::<$db>::new(
                    "INSERT INTO document_versions (id, tenant_id, document_id, number, filename, content_type, size, sha256, uploaded_by, uploaded_at) ",
                );
                b.push_values(&docs, |mut r, d| {
                    r.push_bind(Uuid::now_v7())
                        .push_bind(tenant)
                        .push_bind(d.id)
                        .push_bind(1i64)
                        .push_bind(format!("{}.pdf", d.title))
                        .push_bind("application/pdf")
                        .push_bind(250_000i64)
                        .push_bind("0".repeat(64))
                        .push_bind(admin)
                        .push_bind(d.at);
                });
                b.build().execute(pool).await?;
                anyhow::Ok(())
            };
            for (p, (project, customer, _, at)) in projects.iter().enumerate() {
                let count = if p == 0 { args.project_documents } else { 10 };
                for j in 0..count {
                    if p > 0 && n >= args.documents {
                        break;
                    }
                    let kind = DocumentKind::ALL[(n + j) % DocumentKind::ALL.len()];
                    docs.push(Doc {
                        id: Uuid::now_v7(),
                        customer: *customer,
                        project: *project,
                        title: format!("Document {j:03} — {kind}"),
                        kind,
                        at: at + j as i64 * 60_000,
                    });
                    if p > 0 {
                        n += 1;
                    }
                    if docs.len() == BATCH {
                        flush(std::mem::take(&mut docs)).await?;
                    }
                }
            }
            if !docs.is_empty() {
                flush(docs).await?;
            }
            eprintln!(
                "bench-docs: {} accounts, {} + {} documents in {:.1} s",
                accounts,
                n,
                args.project_documents,
                started.elapsed().as_secs_f64()
            );
            Ok(bench_project)
        }
    };
}

seeder!(seed_sqlite, sqlx::Sqlite, sqlx::SqlitePool);
seeder!(seed_postgres, sqlx::Postgres, sqlx::PgPool);

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let project = if args.database_url.starts_with("sqlite:") {
        let options: sqlx::sqlite::SqliteConnectOptions = args.database_url.parse()?;
        let pool = sqlx::SqlitePool::connect_with(
            options.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal),
        )
        .await?;
        let id = seed_sqlite(&pool, &args).await?;
        sqlx::query("ANALYZE").execute(&pool).await?;
        id
    } else {
        let pool = sqlx::PgPool::connect(&args.database_url).await?;
        let id = seed_postgres(&pool, &args).await?;
        // What autovacuum would start on its own after such inserts, done now rather than
        // during the measurements.
        sqlx::query("VACUUM (ANALYZE)").execute(&pool).await?;
        sqlx::query("CHECKPOINT").execute(&pool).await?;
        id
    };
    put_in_flow(&args.database_url, &args.host, project).await?;
    println!("{project}");
    Ok(())
}

/// The benchmark project follows the solar installation flow, at its first step with some
/// values given (as most projects of a provider using flows would).
async fn put_in_flow(url: &str, host: &str, project: Uuid) -> anyhow::Result<()> {
    use guichet_domain::*;
    let store = guichet_store_sql::connect(url, 2).await?;
    let tenant = store
        .tenant_by_host(host)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no tenant {host}"))?;
    let (name, public, def) = guichet_core::flow_templates::solar();
    let now = Millis::now();
    let flow = FlowType {
        id: FlowId::new(),
        tenant_id: tenant.id,
        name,
        public,
        def,
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    store.insert_flow(&flow).await?;
    let first = flow
        .def
        .first_step()
        .map(|s| s.key.clone())
        .unwrap_or_default();
    store
        .start_project_flow(&ProjectFlow {
            project_id: ProjectId(project),
            tenant_id: tenant.id,
            flow_id: flow.id,
            step: first.clone(),
            values: [
                ("roof_type".to_string(), "metal".to_string()),
                ("notes".to_string(), "Banc d'essai".to_string()),
            ]
            .into(),
            visit: None,
            revision: 1,
            entered_at: now,
            updated_at: now,
            visited: vec![first],
        })
        .await?;
    Ok(())
}
