//! Sales data for the sales benchmark (issue 16), on a database already seeded by `bench-gen`
//! (the demo tenant, with its catalog, Construction Boréale's orders and quotes):
//!
//! - `--products` more products (10,000) in the demo provider's catalog, with French and
//!   English names, descriptions and categories, each with a base price (a quarter also with a
//!   quantity break, a tenth with a price for the customer's segment), through the store's own
//!   `insert_product` and `insert_price`;
//! - `--customer-rules` price rules (100) for the customer alone: its own prices on 70 products,
//!   quantity breaks on 30 of them, some with validity dates (all in force today);
//! - `--orders` orders (100,000) of the customer, placed by its contacts over three years, at
//!   every status (the newest thousand at all of them, older ones delivered or cancelled), 1 to 4
//!   lines each, with their timeline. These go in multi-row statements (as `bench-docs` does for
//!   documents): through `place_order`, one transaction of about ten statements each, the load
//!   took several minutes per database. The provider's order counter is moved past them.
//!
//! Prints the id of the customer's open (sent) quote, for the quote page.
use std::collections::HashMap;
use std::time::Instant;

use clap::Parser;
use futures_util::{StreamExt, TryStreamExt, stream};
use guichet_domain::*;
use guichet_store::{QuoteQuery, Store};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "bench-sales",
    about = "Seeds the sales benchmark's catalog and orders"
)]
struct Args {
    /// sqlite://… or postgres://… (seeded by bench-gen first)
    #[arg(long)]
    database_url: String,
    /// Host name of the demo tenant.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The customer whose prices and orders these are (Construction Boréale).
    #[arg(long, default_value = "C-1001")]
    customer: String,
    /// Products added to the provider's catalog.
    #[arg(long, default_value_t = 10_000)]
    products: usize,
    /// Price rules for the customer alone.
    #[arg(long, default_value_t = 100)]
    customer_rules: usize,
    /// Orders of the customer.
    #[arg(long, default_value_t = 100_000)]
    orders: usize,
}

/// (French, English) product families: their noun, category and unit.
const FAMILIES: &[(&str, &str, &str, &str, Unit)] = &[
    (
        "Piézomètre",
        "Piezometer",
        "Instruments de terrain",
        "Field instruments",
        Unit::Each,
    ),
    (
        "Inclinomètre",
        "Inclinometer",
        "Instruments de terrain",
        "Field instruments",
        Unit::Each,
    ),
    ("Tubage", "Casing", "Forage", "Drilling", Unit::Metre),
    ("Tarière", "Auger", "Forage", "Drilling", Unit::Each),
    ("Carottier", "Core barrel", "Forage", "Drilling", Unit::Each),
    (
        "Bentonite",
        "Bentonite",
        "Fournitures",
        "Supplies",
        Unit::Kilogram,
    ),
    (
        "Sable filtrant",
        "Filter sand",
        "Fournitures",
        "Supplies",
        Unit::Kilogram,
    ),
    ("Bouchons", "Caps", "Fournitures", "Supplies", Unit::Box),
    (
        "Géotextile",
        "Geotextile",
        "Géosynthétiques",
        "Geosynthetics",
        Unit::Metre,
    ),
    (
        "Géomembrane",
        "Geomembrane",
        "Géosynthétiques",
        "Geosynthetics",
        Unit::Metre,
    ),
    (
        "Enregistreur de données",
        "Data logger",
        "Électronique",
        "Electronics",
        Unit::Each,
    ),
    (
        "Capteur de pression",
        "Pressure sensor",
        "Électronique",
        "Electronics",
        Unit::Each,
    ),
    (
        "Câble blindé",
        "Shielded cable",
        "Électronique",
        "Electronics",
        Unit::Metre,
    ),
    (
        "Essai Proctor",
        "Proctor test",
        "Laboratoire",
        "Laboratory",
        Unit::Each,
    ),
    (
        "Analyse granulométrique",
        "Grain size analysis",
        "Laboratoire",
        "Laboratory",
        Unit::Each,
    ),
    (
        "Technicien de chantier",
        "Site technician",
        "Services",
        "Services",
        Unit::Hour,
    ),
    (
        "Scellant",
        "Sealant",
        "Produits chimiques",
        "Chemicals",
        Unit::Litre,
    ),
    (
        "Coulis de ciment",
        "Cement grout",
        "Produits chimiques",
        "Chemicals",
        Unit::Kilogram,
    ),
    (
        "Pénétromètre",
        "Penetrometer",
        "Instruments de terrain",
        "Field instruments",
        Unit::Each,
    ),
    (
        "Trousse d’échantillonnage",
        "Sampling kit",
        "Laboratoire",
        "Laboratory",
        Unit::Box,
    ),
];

/// (French, English) qualifiers.
const QUALIFIERS: &[(&str, &str)] = &[
    ("renforcé", "reinforced"),
    ("léger", "lightweight"),
    ("haute précision", "high precision"),
    ("à corde vibrante", "vibrating wire"),
    ("en acier inoxydable", "stainless steel"),
    ("en PVC", "PVC"),
    ("pour sols argileux", "for clay soils"),
    ("pour roc", "for rock"),
    ("grand débit", "high flow"),
    ("compact", "compact"),
    ("sans fil", "wireless"),
    ("d’hiver", "winter grade"),
    ("certifié CSA", "CSA certified"),
    ("recyclé", "recycled"),
    ("à usage unique", "single use"),
    ("modulaire", "modular"),
    ("étanche", "watertight"),
    ("thermique", "thermal"),
    ("de chantier", "site grade"),
    ("de laboratoire", "lab grade"),
    ("automatique", "automatic"),
    ("manuel", "manual"),
    ("galvanisé", "galvanized"),
    ("à haute densité", "high density"),
    ("basse température", "low temperature"),
];

/// A product of the benchmark: the `i`-th, with its base price.
fn product(tenant: TenantId, i: usize, now: Millis) -> (Product, i64) {
    let f = FAMILIES[i % FAMILIES.len()];
    let q = QUALIFIERS[(i / FAMILIES.len()) % QUALIFIERS.len()];
    let model = 100 + (i * 37) % 900;
    let availability = match i % 10 {
        7 | 8 => Availability::LeadTime(5 + (i % 26) as u16),
        9 => Availability::OnOrder,
        _ => Availability::InStock,
    };
    let (min_quantity, multiple) = if i.is_multiple_of(13) { (5, 5) } else { (1, 1) };
    let base = 500 + ((i as i64 * 7919) % 199_500);
    (
        Product {
            id: ProductId::new(),
            tenant_id: tenant,
            sku: format!("BN-{i:05}"),
            name: Texts {
                fr: format!("{} {} {model}", f.0, q.0),
                en: format!("{} {}, {model}", q.1, f.1.to_lowercase()),
            },
            description: Texts {
                fr: format!(
                    "{} {} modèle {model}, pour les chantiers et les laboratoires. Fiche technique sur demande.",
                    f.0, q.0
                ),
                en: format!(
                    "{} {} model {model}, for sites and laboratories. Technical sheet on request.",
                    q.1, f.1
                ),
            },
            category: Texts {
                fr: f.2.into(),
                en: f.3.into(),
            },
            unit: f.4,
            availability,
            min_quantity,
            multiple,
            active: true,
            image: None,
            configurator: None,
            created_at: now,
            updated_at: now,
        },
        base,
    )
}

fn rule(
    tenant: TenantId,
    product: ProductId,
    target: PriceTarget,
    min_quantity: i64,
    unit_minor: i64,
    now: Millis,
) -> PriceRule {
    PriceRule {
        id: PriceId::new(),
        tenant_id: tenant,
        product_id: product,
        target,
        min_quantity,
        unit_minor,
        currency: Currency::Cad,
        valid_from: None,
        valid_until: None,
        created_at: now,
    }
}

/// Rows per multi-row statement for orders (24 columns: under both databases' bind limits).
const ORDER_BATCH: usize = 500;

/// What an order row needs beyond `Order`.
struct Seeded {
    order: Order,
    lines: Vec<OrderLine>,
    events: Vec<OrderEvent>,
}

macro_rules! order_writer {
    ($name:ident, $db:ty, $pool:ty) => {
        async fn $name(pool: &$pool, batch: &[Seeded]) -> anyhow::Result<()> {
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO orders (id, tenant_id, customer_id, number, placed_by, placed_by_name, \
                 status, po_number, note, requested_on, address_id, ship_to, currency, subtotal_minor, \
                 taxes, total_minor, carrier, tracking, expected_on, submit_key, created_at, updated_at, \
                 quote_id, deposit_minor) ",
            );
            b.push_values(batch, |mut r, s| {
                let o = &s.order;
                r.push_bind(o.id.0)
                    .push_bind(o.tenant_id.0)
                    .push_bind(o.customer_id.0)
                    .push_bind(o.number)
                    .push_bind(o.placed_by.0)
                    .push_bind(o.placed_by_name.clone())
                    .push_bind(o.status.code())
                    .push_bind(o.po_number.clone())
                    .push_bind(o.note.clone())
                    .push_bind(o.requested_on.clone())
                    .push_bind(o.address_id.map(|a| a.0))
                    .push_bind(o.ship_to.clone())
                    .push_bind(o.currency.code())
                    .push_bind(o.subtotal_minor)
                    .push_bind(serde_json::to_string(&o.taxes).unwrap_or_default())
                    .push_bind(o.total_minor)
                    .push_bind(o.shipment.carrier.map(|c| c.code()))
                    .push_bind(o.shipment.tracking.clone())
                    .push_bind(o.shipment.expected_on.clone())
                    .push_bind(o.submit_key)
                    .push_bind(o.created_at.0)
                    .push_bind(o.updated_at.0)
                    .push_bind(o.quote_id.map(|q| q.0))
                    .push_bind(o.deposit_minor);
            });
            b.build().execute(pool).await?;
            let lines: Vec<(&Order, usize, &OrderLine)> = batch
                .iter()
                .flat_map(|s| s.lines.iter().enumerate().map(move |(i, l)| (&s.order, i, l)))
                .collect();
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO order_lines (order_id, position, tenant_id, product_id, sku, name_fr, \
                 name_en, unit, quantity, unit_minor, total_minor, shipped_quantity) ",
            );
            b.push_values(&lines, |mut r, (o, i, l)| {
                r.push_bind(o.id.0)
                    .push_bind(*i as i64)
                    .push_bind(o.tenant_id.0)
                    .push_bind(l.product_id.0)
                    .push_bind(l.sku.clone())
                    .push_bind(l.name.fr.clone())
                    .push_bind(l.name.en.clone())
                    .push_bind(l.unit.code())
                    .push_bind(l.quantity)
                    .push_bind(l.unit_minor)
                    .push_bind(l.total_minor)
                    .push_bind(l.shipped);
            });
            b.build().execute(pool).await?;
            let events: Vec<&OrderEvent> = batch.iter().flat_map(|s| s.events.iter()).collect();
            let mut b = sqlx::QueryBuilder::<$db>::new(
                "INSERT INTO order_events (id, tenant_id, order_id, at, status, by_name, note) ",
            );
            b.push_values(&events, |mut r, e| {
                r.push_bind(e.id)
                    .push_bind(e.tenant_id.0)
                    .push_bind(e.order_id.0)
                    .push_bind(e.at.0)
                    .push_bind(e.status.code())
                    .push_bind(e.by_name.clone())
                    .push_bind(e.note.clone());
            });
            b.build().execute(pool).await?;
            Ok(())
        }
    };
}

order_writer!(write_sqlite, sqlx::Sqlite, sqlx::SqlitePool);
order_writer!(write_postgres, sqlx::Postgres, sqlx::PgPool);

/// A direct connection for the orders' multi-row statements.
enum OrderWriter {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl OrderWriter {
    async fn open(url: &str) -> anyhow::Result<Self> {
        Ok(if url.starts_with("sqlite:") {
            let options: sqlx::sqlite::SqliteConnectOptions = url.parse()?;
            OrderWriter::Sqlite(
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
            OrderWriter::Postgres(sqlx::PgPool::connect(url).await?)
        })
    }

    async fn write(&self, batch: &[Seeded]) -> anyhow::Result<()> {
        match self {
            OrderWriter::Sqlite(p) => write_sqlite(p, batch).await,
            OrderWriter::Postgres(p) => write_postgres(p, batch).await,
        }
    }

    /// The provider's last order number (0 before its first order).
    async fn last_number(&self, t: TenantId) -> anyhow::Result<i64> {
        let q = "SELECT last FROM order_counters WHERE tenant_id = $1";
        let last: Option<(i64,)> = match self {
            OrderWriter::Sqlite(p) => sqlx::query_as(q).bind(t.0).fetch_optional(p).await?,
            OrderWriter::Postgres(p) => sqlx::query_as(q).bind(t.0).fetch_optional(p).await?,
        };
        Ok(last.map_or(0, |(n,)| n))
    }

    /// Moves the provider's counter to `last`, so the next order placed follows these.
    async fn set_counter(&self, t: TenantId, last: i64) -> anyhow::Result<()> {
        let q = "INSERT INTO order_counters (tenant_id, last) VALUES ($1, $2) \
                 ON CONFLICT (tenant_id) DO UPDATE SET last = $2";
        match self {
            OrderWriter::Sqlite(p) => {
                sqlx::query(q).bind(t.0).bind(last).execute(p).await?;
            }
            OrderWriter::Postgres(p) => {
                sqlx::query(q).bind(t.0).bind(last).execute(p).await?;
            }
        }
        Ok(())
    }

    /// Statistics for the planners, as `bench-docs` leaves them; on PostgreSQL what autovacuum
    /// would start on its own after such inserts, done now rather than during the measurements.
    async fn settle(&self) -> anyhow::Result<()> {
        match self {
            OrderWriter::Sqlite(p) => {
                sqlx::query("ANALYZE").execute(p).await?;
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                    .execute(p)
                    .await?;
            }
            OrderWriter::Postgres(p) => {
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
    let terms = store
        .customer_terms(t, customer.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("customer {} has no sales terms", args.customer))?;
    let placers: Vec<User> = store
        .contacts_of(t, customer.id)
        .await?
        .into_iter()
        .map(|m| m.user)
        .collect();
    anyhow::ensure!(
        !placers.is_empty(),
        "customer {} has no contacts",
        args.customer
    );
    // SQLite has a single writer: concurrent writes only help PostgreSQL.
    let writers = if store.backend_name() == "postgres" {
        6
    } else {
        1
    };
    let now = Millis::now();

    // Products and their prices, through the store.
    let made: Vec<(Product, i64)> = (0..args.products).map(|i| product(t, i, now)).collect();
    stream::iter(made.iter().map(|(p, _)| store.insert_product(p)))
        .buffer_unordered(writers)
        .try_collect::<Vec<()>>()
        .await?;
    let mut rules = Vec::new();
    for (i, (p, base)) in made.iter().enumerate() {
        rules.push(rule(t, p.id, PriceTarget::Base, 1, *base, now));
        if i % 4 == 1 {
            rules.push(rule(t, p.id, PriceTarget::Base, 10, base * 92 / 100, now));
        }
        if let Some(segment) = terms.segment_id.filter(|_| i % 10 == 3) {
            rules.push(rule(
                t,
                p.id,
                PriceTarget::Segment(segment),
                1,
                base * 95 / 100,
                now,
            ));
        }
    }
    let general = rules.len();
    // The customer's own: a plain price on 70% of its rules' products, quantity breaks on the
    // others' (at 25 and then 50), a tenth of them between two dates around today.
    let tz = TimeZone::default();
    let (from, until) = (
        tz.date(now.plus_secs(-30 * 86_400)),
        tz.date(now.plus_secs(335 * 86_400)),
    );
    let plain = args.customer_rules * 7 / 10;
    let mut mine = 0;
    for k in 0..plain {
        if mine == args.customer_rules || made.is_empty() {
            break;
        }
        let (p, base) = &made[(k * 97 + 11) % made.len()];
        let mut r = rule(
            t,
            p.id,
            PriceTarget::Customer(customer.id),
            1,
            base * 88 / 100,
            now,
        );
        if k % 10 == 0 {
            r.valid_from = Some(from.clone());
            r.valid_until = Some(until.clone());
        }
        rules.push(r);
        mine += 1;
        if k < args.customer_rules - plain && mine < args.customer_rules {
            let q = if k % 2 == 0 { 25 } else { 50 };
            rules.push(rule(
                t,
                p.id,
                PriceTarget::Customer(customer.id),
                q,
                base * 80 / 100,
                now,
            ));
            mine += 1;
        }
    }
    stream::iter(rules.iter().map(|r| store.insert_price(r)))
        .buffer_unordered(writers)
        .try_collect::<Vec<()>>()
        .await?;
    eprintln!(
        "bench-sales: {} products, {} price rules for everyone or the segment, {} for {} in {:.1} s",
        made.len(),
        general,
        rules.len() - general,
        customer.name,
        started.elapsed().as_secs_f64()
    );

    // Orders, in multi-row statements.
    let orders_started = Instant::now();
    let writer = OrderWriter::open(&args.database_url).await?;
    let last = writer.last_number(t).await?;
    let ship_to = format!(
        "{}\n{}\n{} {} {}",
        customer.name,
        customer.shipping.line1,
        customer.shipping.city,
        customer.shipping.region,
        customer.shipping.postal_code
    );
    let span_ms: i64 = 3 * 365 * 86_400_000;
    let newest = now.0 - 3_600_000;
    let mut batch: Vec<Seeded> = Vec::with_capacity(ORDER_BATCH);
    let mut by_status: HashMap<&str, usize> = HashMap::new();
    for i in 0..args.orders {
        // i = 0 is the oldest; the newest thousand are at every status.
        let age_rank = args.orders - 1 - i;
        let at = Millis(newest - span_ms * age_rank as i64 / args.orders.max(1) as i64);
        let status = if age_rank < 1000 {
            OrderStatus::ALL[age_rank % OrderStatus::ALL.len()]
        } else if i % 10 == 0 {
            OrderStatus::Cancelled
        } else {
            OrderStatus::Delivered
        };
        *by_status.entry(status.code()).or_default() += 1;
        let placer = &placers[i % placers.len()];
        let mut lines = Vec::new();
        for j in 0..(1 + i % 4) {
            let (p, base) = &made[(i * 7919 + j * 104_729) % made.len()];
            let quantity = p.min_quantity * (1 + ((i + j) % 12) as i64);
            let shipped = match status {
                OrderStatus::Shipped | OrderStatus::Delivered => quantity,
                OrderStatus::PartiallyShipped if j == 0 => quantity,
                _ => 0,
            };
            lines.push(OrderLine {
                product_id: p.id,
                sku: p.sku.clone(),
                name: p.name.clone(),
                unit: p.unit,
                quantity,
                unit_minor: *base,
                total_minor: base * quantity,
                shipped,
            });
        }
        let subtotal: i64 = lines.iter().map(|l| l.total_minor).sum();
        let taxes = terms.tax_region.taxes_on(subtotal);
        let total = subtotal + taxes.iter().map(|x| x.minor).sum::<i64>();
        let shipped = matches!(
            status,
            OrderStatus::PartiallyShipped | OrderStatus::Shipped | OrderStatus::Delivered
        );
        let carrier = Carrier::ALL[i % Carrier::ALL.len()];
        let id = OrderId::new();
        let moved = Millis(at.0 + 86_400_000);
        let event = |status, at: Millis, by: &str| OrderEvent {
            id: Uuid::now_v7(),
            tenant_id: t,
            order_id: id,
            at,
            status,
            by_name: by.into(),
            note: String::new(),
        };
        let first = if status == OrderStatus::AwaitingApproval {
            OrderStatus::AwaitingApproval
        } else {
            OrderStatus::Received
        };
        let mut events = vec![event(first, at, &placer.name)];
        if status != first {
            events.push(event(status, moved, "Géotechnique Laurentides"));
        }
        batch.push(Seeded {
            order: Order {
                id,
                tenant_id: t,
                customer_id: customer.id,
                customer_name: customer.name.clone(),
                number: last + 1 + i as i64,
                placed_by: placer.id,
                placed_by_name: placer.name.clone(),
                status,
                po_number: if i % 3 == 0 {
                    String::new()
                } else {
                    format!(
                        "BC-{}-{:05}",
                        2023 + i * 3 / args.orders.max(1),
                        i % 100_000
                    )
                },
                note: if i % 7 == 0 {
                    "Livrer à la guérite du chantier, entre 7 h et 15 h.".into()
                } else {
                    String::new()
                },
                requested_on: (i % 5 == 0).then(|| tz.date(Millis(at.0 + 7 * 86_400_000))),
                address_id: None,
                ship_to: ship_to.clone(),
                currency: Currency::Cad,
                subtotal_minor: subtotal,
                taxes,
                total_minor: total,
                shipment: if shipped {
                    Shipment {
                        carrier: Some(carrier),
                        tracking: format!("{}", 329_000_000_000u64 + i as u64),
                        expected_on: Some(tz.date(Millis(moved.0 + 2 * 86_400_000))),
                    }
                } else {
                    Shipment::default()
                },
                quote_id: None,
                deposit_minor: 0,
                submit_key: Uuid::now_v7(),
                created_at: at,
                updated_at: if status == first { at } else { moved },
            },
            lines,
            events,
        });
        if batch.len() == ORDER_BATCH {
            writer.write(&batch).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        writer.write(&batch).await?;
    }
    writer.set_counter(t, last + args.orders as i64).await?;
    let mut counts: Vec<_> = by_status.into_iter().collect();
    counts.sort();
    eprintln!(
        "bench-sales: {} orders of {} in {:.1} s ({})",
        args.orders,
        customer.name,
        orders_started.elapsed().as_secs_f64(),
        counts
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    writer.settle().await?;

    // The customer's open quote (sent, awaiting its decision), for the quote page.
    let quote = open_quote(store.as_ref(), t, customer.id).await?;
    eprintln!(
        "bench-sales: done in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("{}", quote.0);
    Ok(())
}

async fn open_quote(store: &dyn Store, t: TenantId, c: CustomerId) -> anyhow::Result<QuoteId> {
    let quotes = store
        .quotes(
            t,
            &QuoteQuery {
                customer: Some(c),
                requested_by: None,
                status: Some(QuoteStatus::Sent),
                limit: 10,
                ..Default::default()
            },
        )
        .await?;
    quotes
        .first()
        .map(|q| q.id)
        .ok_or_else(|| anyhow::anyhow!("the customer has no sent quote (run bench-gen first)"))
}
