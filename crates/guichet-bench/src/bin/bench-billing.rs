//! Billing data for the billing benchmark (issue 17), on a database already seeded by
//! `bench-gen` (the demo tenant, with Construction Boréale and its contacts):
//!
//! - `--accounts` customer accounts in all (100,000), the demo's own included: the others are
//!   added, each with `--invoices-per-account` invoices (10) over the last three years, so the
//!   provider holds about 1,000,000 invoices;
//! - Construction Boréale gets `--own-invoices` invoices (510) over the last two years, one
//!   every day or two, each paid twenty days after it was issued except the newest twenty:
//!   its statement over those two years has 1,000 lines (510 invoices, 490 payments);
//! - the provider's invoice counter is moved past them.
//!
//! Invoices and payments go in multi-row statements (as `bench-sales` does for orders), with
//! their lines, taxes (Quebec's) and schedule as the store writes them.
use std::time::Instant;

use clap::Parser;
use guichet_domain::*;
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "bench-billing",
    about = "Seeds the billing benchmark's invoices"
)]
struct Args {
    /// sqlite://… or postgres://… (seeded by bench-gen first)
    #[arg(long)]
    database_url: String,
    /// Host name of the demo tenant.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The customer whose invoices and statement are measured (Construction Boréale).
    #[arg(long, default_value = "C-1001")]
    customer: String,
    /// Customer accounts of the provider in all.
    #[arg(long, default_value_t = 100_000)]
    accounts: usize,
    /// Invoices of each other account.
    #[arg(long, default_value_t = 10)]
    invoices_per_account: usize,
    /// Invoices of the measured customer (all but the newest twenty paid).
    #[arg(long, default_value_t = 510)]
    own_invoices: usize,
}

/// Rows per multi-row statement (24 parameters an invoice: within both databases' limits).
const BATCH: usize = 1000;

fn day(today: jiff::civil::Date, days_ago: i64) -> String {
    today
        .checked_sub(jiff::Span::new().days(days_ago))
        .map(|d| d.to_string())
        .unwrap_or_else(|_| today.to_string())
}

/// An invoice of one line, taxed in Quebec, net 30, issued `days_ago`.
fn invoice(
    t: TenantId,
    c: CustomerId,
    number: i64,
    today: jiff::civil::Date,
    days_ago: i64,
    paid: bool,
    now: Millis,
) -> Invoice {
    let unit = 100_00 + (number * 7_919) % 9_900_00;
    let quantity = 1 + number % 4;
    let lines = vec![InvoiceLine {
        sku: format!("SRV-{}", number % 50),
        name: Texts::new("Services géotechniques", "Geotechnical services"),
        quantity,
        unit_minor: unit,
        total_minor: unit * quantity,
    }];
    let totals = InvoiceTotals::of(&lines, TaxRegion::Qc).expect("amounts within bounds");
    let issued_on = day(today, days_ago);
    let schedule = PaymentTerms::default()
        .schedule(&issued_on, totals.total_minor)
        .expect("net 30");
    Invoice {
        id: InvoiceId(Uuid::now_v7()),
        tenant_id: t,
        customer_id: c,
        customer_name: String::new(),
        number,
        kind: InvoiceKind::Invoice,
        order_id: None,
        quote_id: None,
        credits: None,
        is_deposit: false,
        deposit: None,
        currency: Currency::Cad,
        lines,
        subtotal_minor: totals.subtotal_minor,
        taxes: totals.taxes,
        total_minor: totals.total_minor,
        issued_on,
        schedule,
        paid_minor: if paid { totals.total_minor } else { 0 },
        note: String::new(),
        voided_at: None,
        created_at: now,
        updated_at: now,
    }
}

macro_rules! writers {
    ($customers:ident, $invoices:ident, $payments:ident, $db:ty, $pool:ty) => {
        async fn $customers(pool: &$pool, batch: &[Customer]) -> anyhow::Result<()> {
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO customers (id, tenant_id, number, name, locale, currency, \
                 billing_line1, billing_line2, billing_city, billing_region, billing_postal_code, \
                 billing_country, shipping_line1, shipping_line2, shipping_city, shipping_region, \
                 shipping_postal_code, shipping_country, created_at, updated_at) ",
            );
            b.push_values(batch, |mut r, c| {
                r.push_bind(c.id.0)
                    .push_bind(c.tenant_id.0)
                    .push_bind(c.number.clone())
                    .push_bind(c.name.clone())
                    .push_bind(c.locale.code())
                    .push_bind(c.currency.clone());
                for a in [&c.billing, &c.shipping] {
                    r.push_bind(a.line1.clone())
                        .push_bind(a.line2.clone())
                        .push_bind(a.city.clone())
                        .push_bind(a.region.clone())
                        .push_bind(a.postal_code.clone())
                        .push_bind(a.country.clone());
                }
                r.push_bind(c.created_at.0).push_bind(c.updated_at.0);
            });
            b.build().execute(pool).await?;
            Ok(())
        }

        async fn $invoices(pool: &$pool, batch: &[Invoice]) -> anyhow::Result<()> {
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO invoices (id, tenant_id, customer_id, number, kind, order_id, quote_id, \
                 credits, currency, lines, subtotal_minor, taxes, total_minor, issued_on, schedule, \
                 paid_minor, note, voided_at, created_at, updated_at, is_deposit, deposit_from, \
                 deposit_minor, due_on) ",
            );
            b.push_values(batch, |mut r, i| {
                r.push_bind(i.id.0)
                    .push_bind(i.tenant_id.0)
                    .push_bind(i.customer_id.0)
                    .push_bind(i.number)
                    .push_bind(i.kind.code())
                    .push_bind(None::<Uuid>)
                    .push_bind(None::<Uuid>)
                    .push_bind(None::<Uuid>)
                    .push_bind(i.currency.code())
                    .push_bind(serde_json::to_string(&i.lines).unwrap_or_default())
                    .push_bind(i.subtotal_minor)
                    .push_bind(serde_json::to_string(&i.taxes).unwrap_or_default())
                    .push_bind(i.total_minor)
                    .push_bind(i.issued_on.clone())
                    .push_bind(serde_json::to_string(&i.schedule).unwrap_or_default())
                    .push_bind(i.paid_minor)
                    .push_bind(i.note.clone())
                    .push_bind(None::<i64>)
                    .push_bind(i.created_at.0)
                    .push_bind(i.updated_at.0)
                    .push_bind(false)
                    .push_bind(None::<Uuid>)
                    .push_bind(0_i64)
                    .push_bind(i.due_on().to_string());
            });
            b.build().execute(pool).await?;
            Ok(())
        }

        async fn $payments(pool: &$pool, batch: &[Payment]) -> anyhow::Result<()> {
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO payments (id, tenant_id, customer_id, invoice_id, amount_minor, \
                 currency, method, reference, received_on, recorded_by_name, submit_key, \
                 created_at) ",
            );
            b.push_values(batch, |mut r, p| {
                r.push_bind(p.id.0)
                    .push_bind(p.tenant_id.0)
                    .push_bind(p.customer_id.0)
                    .push_bind(p.invoice_id.0)
                    .push_bind(p.amount_minor)
                    .push_bind(p.currency.code())
                    .push_bind(p.method.code())
                    .push_bind(p.reference.clone())
                    .push_bind(p.received_on.clone())
                    .push_bind(p.recorded_by_name.clone())
                    .push_bind(p.submit_key)
                    .push_bind(p.created_at.0);
            });
            b.build().execute(pool).await?;
            Ok(())
        }
    };
}

writers!(
    customers_sqlite,
    invoices_sqlite,
    payments_sqlite,
    sqlx::Sqlite,
    sqlx::SqlitePool
);
writers!(
    customers_postgres,
    invoices_postgres,
    payments_postgres,
    sqlx::Postgres,
    sqlx::PgPool
);

/// A direct connection for the multi-row statements.
enum Writer {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Writer {
    async fn open(url: &str) -> anyhow::Result<Self> {
        Ok(if url.starts_with("sqlite:") {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
            Writer::Sqlite(
                sqlx::pool::PoolOptions::new()
                    .max_connections(1)
                    .connect_with(
                        options
                            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                            .busy_timeout(std::time::Duration::from_secs(30)),
                    )
                    .await?,
            )
        } else {
            Writer::Postgres(sqlx::PgPool::connect(url).await?)
        })
    }

    async fn customers(&self, batch: &[Customer]) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(p) => customers_sqlite(p, batch).await,
            Writer::Postgres(p) => customers_postgres(p, batch).await,
        }
    }

    async fn invoices(&self, batch: &[Invoice]) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(p) => invoices_sqlite(p, batch).await,
            Writer::Postgres(p) => invoices_postgres(p, batch).await,
        }
    }

    async fn payments(&self, batch: &[Payment]) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(p) => payments_sqlite(p, batch).await,
            Writer::Postgres(p) => payments_postgres(p, batch).await,
        }
    }

    /// The provider's last invoice number, and the counter moved to `last` afterwards.
    async fn last_number(&self, t: TenantId) -> anyhow::Result<i64> {
        let q = "SELECT last FROM invoice_counters WHERE tenant_id = $1 AND kind = 'invoice'";
        let last: Option<(i64,)> = match self {
            Writer::Sqlite(p) => sqlx::query_as(q).bind(t.0).fetch_optional(p).await?,
            Writer::Postgres(p) => sqlx::query_as(q).bind(t.0).fetch_optional(p).await?,
        };
        Ok(last.map_or(0, |(n,)| n))
    }

    async fn set_counter(&self, t: TenantId, last: i64) -> anyhow::Result<()> {
        let q = "INSERT INTO invoice_counters (tenant_id, kind, last) VALUES ($1, 'invoice', $2) \
                 ON CONFLICT (tenant_id, kind) DO UPDATE SET last = $2";
        match self {
            Writer::Sqlite(p) => {
                sqlx::query(q).bind(t.0).bind(last).execute(p).await?;
            }
            Writer::Postgres(p) => {
                sqlx::query(q).bind(t.0).bind(last).execute(p).await?;
            }
        }
        Ok(())
    }

    /// Statistics for the planners; on PostgreSQL what autovacuum would start on its own.
    async fn settle(&self) -> anyhow::Result<()> {
        match self {
            Writer::Sqlite(p) => {
                sqlx::query("ANALYZE").execute(p).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(p)
                    .await?;
            }
            Writer::Postgres(p) => {
                sqlx::query("VACUUM (ANALYZE)").execute(p).await?;
                sqlx::query("CHECKPOINT").execute(p).await?;
            }
        }
        Ok(())
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let store = guichet_store_sql::connect(&args.database_url, 8)
        .await
        .map_err(|e| anyhow::anyhow!("database: {e}"))?;
    let tenant = store
        .tenant_by_host(&args.host)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no tenant on host {} (run bench-gen first)", args.host))?;
    let t = tenant.id;
    let customer = store
        .customer_by_number(t, &args.customer)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no customer {}", args.customer))?;
    drop(store);
    let w = Writer::open(&args.database_url).await?;
    let now = Millis::now();
    let today = TimeZone::default().date(now);
    let today: jiff::civil::Date = today.parse()?;
    let mut number = w.last_number(t).await?;

    // The measured customer: an invoice every day or two for two years, paid 20 days later
    // (all but the newest twenty).
    let mut own = Vec::with_capacity(args.own_invoices);
    let mut payments = Vec::new();
    for k in 0..args.own_invoices {
        number += 1;
        let days_ago = 730 * (args.own_invoices - k) as i64 / args.own_invoices.max(1) as i64;
        let paid = k + 20 < args.own_invoices;
        let i = invoice(t, customer.id, number, today, days_ago, paid, now);
        if paid {
            payments.push(Payment {
                id: PaymentId(Uuid::now_v7()),
                tenant_id: t,
                customer_id: customer.id,
                invoice_id: i.id,
                amount_minor: i.total_minor,
                currency: Currency::Cad,
                method: PaymentMethod::Transfer,
                reference: format!("VIR-{number}"),
                received_on: day(today, (days_ago - 20).max(0)),
                recorded_by_name: "Comptabilité".into(),
                submit_key: Uuid::now_v7(),
                created_at: now,
            });
        }
        own.push(i);
    }
    for batch in own.chunks(BATCH) {
        w.invoices(batch).await?;
    }
    for batch in payments.chunks(BATCH) {
        w.payments(batch).await?;
    }
    eprintln!(
        "bench-billing: {} invoices and {} payments for {} in {:.1} s",
        own.len(),
        payments.len(),
        customer.name,
        started.elapsed().as_secs_f64()
    );

    // The other accounts, each with its invoices over three years.
    let others = args.accounts.saturating_sub(1);
    let mut written = 0usize;
    let mut customers = Vec::with_capacity(BATCH);
    let mut invoices = Vec::with_capacity(BATCH * args.invoices_per_account);
    for k in 0..others {
        let c = Customer {
            id: CustomerId::new(),
            tenant_id: t,
            number: format!("B-{k:06}"),
            name: format!("Compte {k:06} inc."),
            locale: if k % 3 == 0 { Locale::En } else { Locale::Fr },
            currency: "CAD".into(),
            billing: Address {
                line1: format!("{} rue Principale", 1 + k % 900),
                city: "Saint-Jérôme".into(),
                region: "QC".into(),
                postal_code: "J7Z 1A1".into(),
                country: "CA".into(),
                ..Default::default()
            },
            shipping: Address::default(),
            created_at: now,
            updated_at: now,
        };
        for j in 0..args.invoices_per_account {
            number += 1;
            let days_ago = ((k * 31 + j * 97) % 1095) as i64;
            invoices.push(invoice(t, c.id, number, today, days_ago, j % 5 != 0, now));
        }
        customers.push(c);
        if customers.len() == BATCH || k + 1 == others {
            w.customers(&customers).await?;
            for batch in invoices.chunks(BATCH) {
                w.invoices(batch).await?;
            }
            written += invoices.len();
            customers.clear();
            invoices.clear();
        }
    }
    w.set_counter(t, number).await?;
    w.settle().await?;
    eprintln!(
        "bench-billing: {} more accounts with {} invoices; last invoice number {}; {:.1} s in all",
        others,
        written,
        number,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
