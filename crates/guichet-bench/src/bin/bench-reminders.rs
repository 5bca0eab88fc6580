//! The reminders benchmark (issue 17), on a fresh database: a provider with one rule ("7 days
//! after the due date") and `--invoices` overdue invoices (10,000), each due on a different
//! customer's contact; then, timed, what the workers do — plan the reminders, run each job (its
//! invoice read again, its email queued in the transaction that ends it) and deliver the
//! outbox to a real SMTP server (`--smtp-port`, bench/reminders.sh starts one that counts).
//! Then a second round on the same data, which must send nothing. Also: the invoice PDF,
//! rendered `--pdfs` times after a warm-up, p50 and p99.
use std::time::Instant;

use clap::Parser;
use guichet_core::Client;
use guichet_core::jobs::Clock;
use guichet_core::tenants::NewTenant;
use guichet_domain::*;
use guichet_mail::{Mailer, SmtpMailer, SmtpSecurity, SmtpSettings};

#[derive(Parser)]
#[command(
    name = "bench-reminders",
    about = "Times 10,000 due reminders and the invoice PDF"
)]
struct Args {
    /// sqlite://… or postgres://… (an empty database)
    #[arg(long)]
    database_url: String,
    /// Overdue invoices, one reminder each.
    #[arg(long, default_value_t = 10_000)]
    invoices: usize,
    /// Customers they belong to (one contact each).
    #[arg(long, default_value_t = 1_000)]
    customers: usize,
    /// The SMTP server that counts what it receives.
    #[arg(long)]
    smtp_port: u16,
    /// Where the SMTP server writes how many messages it received (read before and after).
    #[arg(long)]
    count_file: std::path::PathBuf,
    /// Invoice PDFs rendered for the timing (after 5 of warm-up).
    #[arg(long, default_value_t = 100)]
    pdfs: usize,
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (store, portal, _) =
        guichet_bench::open_portal(&args.database_url, "guichet-bench-reminders").await?;
    let client = Client::default();
    let (tenant, _) = portal
        .create_tenant(&NewTenant {
            host: "reminders.bench.example".into(),
            name: "Fournisseur Banc d’essai".into(),
            base_url: "http://reminders.bench.example".into(),
            primary_colour: "#0b5d4b".into(),
            default_locale: Locale::Fr,
            admin_email: "founder@reminders.bench.example".into(),
            admin_name: "Admin".into(),
            logo_svg: None,
        })
        .await
        .map_err(|e| anyhow::anyhow!("tenant: {e:?}"))?;
    let admin = portal
        .add_staff_with_password(
            &tenant,
            "admin@reminders.bench.example",
            "Alice Admin",
            StaffRole::Admin,
            Locale::Fr,
            "Une-phrase-de-passe-solide-42",
        )
        .await
        .map_err(|e| anyhow::anyhow!("admin: {e:?}"))?;

    // Data: customers with one contact each, overdue invoices spread over them, one rule.
    let seeded = Instant::now();
    let mut customers = Vec::with_capacity(args.customers);
    for n in 0..args.customers {
        let c = portal
            .create_customer(
                &admin,
                &client,
                &guichet_core::accounts::CustomerInput {
                    number: format!("B-{n:05}"),
                    name: format!("Client {n:05}"),
                    locale: "fr".into(),
                    currency: "CAD".into(),
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("customer: {e:?}"))?;
        portal
            .add_contact(
                &admin,
                &tenant,
                &client,
                c.id,
                &guichet_core::accounts::ContactInput {
                    role: String::new(),
                    name: format!("Contact {n:05}"),
                    email: format!("contact{n:05}@client.example"),
                    phone: String::new(),
                    locale: "fr".into(),
                },
                false,
            )
            .await
            .map_err(|e| anyhow::anyhow!("contact: {e:?}"))?;
        customers.push(c);
    }
    let now = Millis::now();
    let today = reminder_day(&TimeZone::default(), now);
    let mut first = None;
    for n in 0..args.invoices {
        let c = &customers[n % customers.len()];
        let due = day_plus(&today, -10 - (n % 20) as i64).unwrap_or_default();
        let total = 10_000 + (n as i64 % 97) * 100;
        let mut inv = Invoice {
            id: InvoiceId::new(),
            tenant_id: tenant.id,
            customer_id: c.id,
            customer_name: c.name.clone(),
            number: 0,
            kind: InvoiceKind::Invoice,
            order_id: None,
            quote_id: None,
            credits: None,
            is_deposit: false,
            deposit: None,
            currency: Currency::Cad,
            lines: (0..3)
                .map(|l| InvoiceLine {
                    sku: format!("SRV-{l}"),
                    name: Texts::new("Service géotechnique", "Geotechnical service"),
                    quantity: 1,
                    unit_minor: if l == 0 { total - 2 * 1000 } else { 1000 },
                    total_minor: if l == 0 { total - 2 * 1000 } else { 1000 },
                })
                .collect(),
            subtotal_minor: total,
            taxes: vec![],
            total_minor: total,
            issued_on: day_plus(&due, -30).unwrap_or_default(),
            schedule: vec![Instalment {
                due_on: due,
                amount_minor: total,
                deposit: false,
            }],
            paid_minor: 0,
            note: String::new(),
            voided_at: None,
            created_at: now,
            updated_at: now,
        };
        inv.number = store.insert_invoice(&inv).await?;
        first.get_or_insert(inv);
    }
    let rule = portal.default_reminder_rule(tenant.id, ReminderKind::InvoiceOverdue, 7);
    store.save_reminder_rule(&rule, None).await?;
    println!(
        "bench-reminders: {} customers, {} overdue invoices seeded in {:.1} s ({})",
        customers.len(),
        args.invoices,
        seeded.elapsed().as_secs_f64(),
        store.backend_name()
    );

    let mailer = SmtpMailer::new(&SmtpSettings {
        host: "127.0.0.1".into(),
        port: args.smtp_port,
        security: SmtpSecurity::None,
        username: None,
        password: None,
        from: "Guichet <guichet@reminders.bench.example>".into(),
    })?;
    // Deliver what was queued before (invitations), untimed.
    while portal.deliver_outbox(&mailer, 200).await?.sent > 0 {}
    let received = || -> anyhow::Result<i64> {
        Ok(std::fs::read_to_string(&args.count_file)?.trim().parse()?)
    };
    let received_before = received()?;
    println!("bench-reminders: outbox empty; starting");

    let clock = Clock::system();
    let start = Instant::now();
    let planned = portal.plan_reminders(clock.now()).await?;
    let t_plan = start.elapsed();
    let mut done = 0;
    loop {
        let r = portal.run_jobs(clock.now(), 200).await?;
        done += r.done;
        if r.claimed == 0 {
            break;
        }
    }
    let t_jobs = start.elapsed();
    let mut sent = 0;
    loop {
        let d = portal.deliver_outbox(&mailer as &dyn Mailer, 200).await?;
        sent += d.sent;
        if d.sent + d.failed == 0 {
            break;
        }
    }
    let t_sent = start.elapsed();
    // The server counts each message once it has accepted it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let got = received()? - received_before;
    println!(
        "RESULT reminders planned={planned} done={done} sent={sent} received={got} plan_s={:.2} jobs_s={:.2} total_s={:.2}",
        t_plan.as_secs_f64(),
        t_jobs.as_secs_f64(),
        t_sent.as_secs_f64()
    );
    // A second round on the same day: nothing is planned or sent again.
    let again = portal.plan_reminders(clock.now()).await?;
    let r = portal.run_jobs(clock.now(), 200).await?;
    let d = portal.deliver_outbox(&mailer, 200).await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    println!(
        "RESULT again planned={again} claimed={} sent={} received={}",
        r.claimed,
        d.sent,
        received()? - received_before - got
    );

    // The invoice PDF, as staff download it.
    let invoice = first.ok_or_else(|| anyhow::anyhow!("no invoice"))?;
    for _ in 0..5 {
        portal.staff_invoice_pdf(&admin, invoice.id).await?;
    }
    let mut times = Vec::with_capacity(args.pdfs);
    let mut bytes = 0;
    for _ in 0..args.pdfs {
        let t = Instant::now();
        let (_, pdf) = portal.staff_invoice_pdf(&admin, invoice.id).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        bytes = pdf.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "RESULT pdf n={} bytes={bytes} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().copied().unwrap_or_default()
    );
    Ok(())
}
