//! Benchmark data: migrations, the demo tenant (`Portal::seed_demo`), then N more customers
//! with 3 contacts each (through the real use cases, acting as the demo administrator) and
//! about 20,000 extra session rows, so tables have realistic sizes.
//!
//! Idempotent: the demo tenant is kept if it exists; customers whose number exists already
//! are skipped, and their sessions with them (sessions are made with each new contact).
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use guichet_core::Portal;
use guichet_core::accounts::{AddressInput, ContactInput, CustomerInput};
use guichet_domain::{Email, Millis, Session, SessionId, Tenant, User};
use tokio::task::JoinSet;

#[derive(Parser)]
#[command(name = "bench-gen", about = "Seeds the benchmark database")]
struct Args {
    /// sqlite://… (created if missing) or postgres://…
    #[arg(long)]
    database_url: String,
    /// Host name of the demo tenant (must match the Host of benchmark requests, port aside).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Base URL of the tenant's links (default http://HOST; http keeps cookies non-Secure).
    #[arg(long)]
    base_url: Option<String>,
    /// Extra customers, each with 3 contacts.
    #[arg(long, default_value_t = 2000)]
    customers: usize,
    /// Extra session rows, spread over the new contacts (a quarter of them expired).
    #[arg(long, default_value_t = 20_000)]
    sessions: usize,
}

const ADMIN_EMAIL: &str = "admin@geotech-laurentides.example";

const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Montréal", "QC", "H2X 1Y4", "fr"),
    ("Québec", "QC", "G1R 4P5", "fr"),
    ("Sherbrooke", "QC", "J1H 1Z1", "fr"),
    ("Gatineau", "QC", "J8X 2K1", "fr"),
    ("Ottawa", "ON", "K1P 1J1", "en"),
    ("Toronto", "ON", "M5H 2N2", "en"),
    ("Moncton", "NB", "E1C 1E2", "en"),
    ("Laval", "QC", "H7N 5H9", "fr"),
];
const KINDS: &[&str] = &[
    "Construction",
    "Excavation",
    "Habitations",
    "Ingénierie",
    "Transport",
    "Développements",
    "Béton",
    "Arpentage",
];
const SURNAMES: &[&str] = &[
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Smith", "Brown", "Wilson", "Nguyen", "Patel",
];
const GIVEN: &[&str] = &[
    "Marie", "Jean", "Sophie", "Luc", "Émilie", "Olivier", "Chloé", "William", "Léa", "Noah",
];
const AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];

fn number(i: usize) -> String {
    format!("B-{i:05}")
}

fn customer_input(i: usize) -> CustomerInput {
    let (city, region, postal, locale) = CITIES[i % CITIES.len()];
    let kind = KINDS[i % KINDS.len()];
    let surname = SURNAMES[(i / KINDS.len()) % SURNAMES.len()];
    let addr = AddressInput {
        line1: format!("{}, rue Principale", 100 + i),
        line2: if i.is_multiple_of(3) {
            format!("Bureau {}", 200 + i % 50)
        } else {
            String::new()
        },
        city: city.into(),
        region: region.into(),
        postal_code: postal.into(),
        country: "CA".into(),
    };
    CustomerInput {
        number: number(i),
        name: format!("{kind} {surname} {i} inc."),
        locale: locale.into(),
        currency: "CAD".into(),
        billing: addr.clone(),
        shipping: addr,
    }
}

fn contact_input(i: usize, j: usize) -> ContactInput {
    let given = GIVEN[(i + j) % GIVEN.len()];
    let surname = SURNAMES[(i * 3 + j) % SURNAMES.len()];
    ContactInput {
        role: String::new(),
        name: format!("{given} {surname}"),
        email: format!("contact{j}.c{i}@client{i}.example"),
        phone: format!("514 555-{:04}", (i * 3 + j) % 10_000),
        locale: if (i + j).is_multiple_of(4) {
            "en"
        } else {
            "fr"
        }
        .into(),
    }
}

/// How many sessions the `k`-th new contact gets so that `total` are spread over `contacts`.
fn sessions_for(k: usize, contacts: usize, total: usize) -> usize {
    if contacts == 0 {
        return 0;
    }
    total / contacts + usize::from(k < total % contacts)
}

fn session_row(tenant: &Tenant, user: &User, n: usize, now: Millis) -> Session {
    let (_, token_hash) = guichet_core::secrets::new_token();
    // Created within the last 14 days; every 4th one is already expired.
    let age_secs = ((n * 7919) % (14 * 24 * 3600)) as i64;
    let created = now.plus_secs(-age_secs);
    let expires_at = if n.is_multiple_of(4) {
        now.plus_secs(-(1 + (n % 3600) as i64))
    } else {
        created.plus_secs(14 * 24 * 3600)
    };
    Session {
        id: SessionId::new(),
        tenant_id: tenant.id,
        user_id: user.id,
        token_hash,
        created_at: created,
        last_seen_at: created.plus_secs(((n * 31) % 3600) as i64),
        expires_at,
        user_agent: AGENTS[n % AGENTS.len()].into(),
        ip: format!("198.51.100.{}", n % 250 + 1),
    }
}

#[derive(Default)]
struct Counts {
    customers: usize,
    contacts: usize,
    sessions: usize,
    skipped: usize,
}

/// Creates customers `first..=last` with index ≡ `stripe` (mod `stripes`).
async fn worker(
    portal: Arc<Portal>,
    store: Arc<dyn guichet_store::Store>,
    tenant: Tenant,
    admin: User,
    args: (usize, usize, usize, usize),
) -> anyhow::Result<Counts> {
    let (stripe, stripes, customers, sessions_total) = args;
    let mut counts = Counts::default();
    let contacts_total = customers * 3;
    let now = Millis::now();
    for i in (1..=customers).filter(|i| i % stripes == stripe) {
        if store
            .customer_by_number(tenant.id, &number(i))
            .await?
            .is_some()
        {
            counts.skipped += 1;
            continue;
        }
        let customer = portal
            .create_customer(&admin, &guichet_core::Client::default(), &customer_input(i))
            .await
            .map_err(|e| anyhow::anyhow!("customer {i}: {e:?}"))?;
        counts.customers += 1;
        for j in 0..3 {
            let user = portal
                .add_contact(
                    &admin,
                    &tenant,
                    &guichet_core::Client::default(),
                    customer.id,
                    &contact_input(i, j),
                    false,
                )
                .await
                .map_err(|e| anyhow::anyhow!("contact {j} of customer {i}: {e:?}"))?;
            counts.contacts += 1;
            let k = (i - 1) * 3 + j;
            for n in 0..sessions_for(k, contacts_total, sessions_total) {
                store
                    .insert_session(&session_row(&tenant, &user, k * 7 + n, now))
                    .await?;
                counts.sessions += 1;
            }
        }
    }
    Ok(counts)
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    // The benchmark stores no files: a throw-away blob directory.
    let (store, portal, applied) =
        guichet_bench::open_portal(&args.database_url, "guichet-bench-blobs").await?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.host));
    let demo = portal
        .seed_demo(&args.host, &base_url)
        .await
        .map_err(|e| anyhow::anyhow!("demo data: {e:?}"))?;
    let tenant = demo.tenant;
    let admin_email = Email::parse(ADMIN_EMAIL).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let admin = store
        .user_by_email(tenant.id, &admin_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo administrator {ADMIN_EMAIL} not found"))?;
    println!(
        "bench-gen: {applied} migration(s) applied; demo tenant {} on {} ({})",
        tenant.name,
        tenant.host,
        if demo.created { "created" } else { "kept" }
    );

    let before = store.count_customers(tenant.id).await?;
    let mut counts = Counts::default();
    if before >= 10 + args.customers as i64 {
        println!("bench-gen: {before} customers already there; nothing to add");
    } else {
        // SQLite has a single writer: parallel inserts only help PostgreSQL.
        let stripes = if store.backend_name() == "postgres" {
            6
        } else {
            1
        };
        let mut tasks = JoinSet::new();
        for stripe in 0..stripes {
            tasks.spawn(worker(
                portal.clone(),
                store.clone(),
                tenant.clone(),
                admin.clone(),
                (stripe, stripes, args.customers, args.sessions),
            ));
        }
        while let Some(done) = tasks.join_next().await {
            let c = done.context("generator task")??;
            counts.customers += c.customers;
            counts.contacts += c.contacts;
            counts.sessions += c.sessions;
            counts.skipped += c.skipped;
        }
    }
    let after = store.count_customers(tenant.id).await?;
    println!(
        "bench-gen: +{} customers, +{} contacts, +{} sessions ({} existing skipped); {} customers in the tenant; {:.1} s",
        counts.customers,
        counts.contacts,
        counts.sessions,
        counts.skipped,
        after,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
