use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use guichet::app;
use guichet::config::{Config, DEFAULT_CONFIG};
use guichet_core::tenants::NewTenant;
use guichet_domain::{DocumentKind, Locale};
use secrecy::ExposeSecret;

#[derive(Parser)]
#[command(name = "guichet", version, about = "Guichet — customer portal server")]
struct Cli {
    /// Configuration file (default: ./guichet.toml if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal.
    Serve {
        /// Address to listen on, e.g. 0.0.0.0:8080.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
    },
    /// Serve with demo data (seeded once; kept between runs; no metrics endpoint).
    Demo {
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
    },
    /// Apply database migrations.
    Migrate,
    /// Copy a whole installation from one database to another (empty) one.
    MigrateDb {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
    /// Print a commented configuration file.
    DefaultConfig,
    /// Operator commands.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The activity journal.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check every tenant's journal (or one, by host) without trusting the database: the
    /// keyed hash chain under the journal key, and the signed checkpoints (forged lines, a cut
    /// tail, a rewritten entry). Reports each problem and exits with an error if any.
    Verify {
        #[arg(long)]
        host: Option<String>,
    },
    /// Checkpoint every tenant's journal (or one, by host) now: check what was appended since
    /// the last checkpoint, then append a signed line for its last entry.
    Checkpoint {
        #[arg(long)]
        host: Option<String>,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Providers (tenants).
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    /// Add a provider on its own host name, with its first administrator (invited by email).
    Create {
        /// Host name customers use, e.g. portail.example.com (the request's Host picks the tenant).
        #[arg(long)]
        host: String,
        /// The provider's name, shown on every page and in emails.
        #[arg(long)]
        name: String,
        /// Base of every link in emails, e.g. https://portail.example.com (default: https://<host>).
        #[arg(long)]
        base_url: Option<String>,
        /// Email of the first administrator, who receives an invitation.
        #[arg(long)]
        admin_email: String,
        /// Name of the first administrator.
        #[arg(long)]
        admin_name: String,
        /// Primary colour, #rrggbb.
        #[arg(long, default_value = "#1a5fb4")]
        colour: String,
        /// fr or en.
        #[arg(long, default_value = "fr")]
        locale: String,
        /// The provider's logo, an SVG file (at most 100 KB).
        #[arg(long)]
        logo: Option<PathBuf>,
    },
    /// List providers.
    List,
    /// Choose the document kinds a provider uses (its forms offer only these).
    SetDocumentKinds {
        #[arg(long)]
        host: String,
        /// Comma-separated codes among quote, purchase_order, invoice, report, diagnostic,
        /// measurement, contract, plan, certificate, other; "all" for every one.
        #[arg(long)]
        kinds: String,
    },
    /// Set a provider's largest uploaded file (413 above it, nothing kept).
    SetUploadLimit {
        #[arg(long)]
        host: String,
        /// Megabytes (10⁶ bytes), 1 to 100000; "default" follows the instance's max_upload_mb.
        #[arg(long)]
        mb: String,
    },
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("guichet: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let started = Instant::now();
    let cli = Cli::parse();
    if let Command::DefaultConfig = cli.command {
        print!("{DEFAULT_CONFIG}");
        return Ok(());
    }
    let loaded = Config::load(cli.config.as_deref())?;
    let mut config = loaded.config;
    guichet::telemetry::init(config.log_format, &config.log_level)?;
    if !loaded.ignored_variables.is_empty() {
        tracing::warn!(
            variables = loaded.ignored_variables.join(", "),
            "GUICHET_ variables that are not configuration keys were ignored"
        );
    }
    match cli.command {
        Command::DefaultConfig => Ok(()),
        Command::Serve { listen } => {
            if let Some(l) = listen {
                config.listen = l;
            }
            let instance = app::build(config).await?;
            tracing::info!(
                elapsed_ms = started.elapsed().as_millis() as u64,
                backend = instance.portal.backend_name(),
                "ready"
            );
            app::run(instance, None, app::shutdown_signal()).await
        }
        Command::Demo { listen } => {
            if let Some(l) = listen {
                config.listen = l;
            }
            // A demo serves no metrics: several may run side by side on one machine.
            config.metrics_listen = None;
            config.demo = true;
            let listener = tokio::net::TcpListener::bind(config.listen)
                .await
                .with_context(|| format!("binding {}", config.listen))?;
            let addr = listener.local_addr()?;
            let instance = app::build(config).await?;
            let host = addr.ip().to_string();
            let base_url = format!("http://{addr}");
            let demo = instance
                .portal
                .seed_demo(&host, &base_url)
                .await
                .map_err(|e| anyhow::anyhow!("demo data: {e}"))?;
            println!();
            println!(
                "Guichet demo — {} — {}",
                demo.tenant.name,
                if demo.created {
                    "demo data created"
                } else {
                    "existing demo data kept"
                }
            );
            println!(
                "Open {base_url}/ in your browser. Every demo account uses the password: {}",
                guichet_core::demo::DEMO_PASSWORD
            );
            println!("  Staff (back-office):");
            for (email, _) in &demo.staff {
                println!("    {email}");
            }
            println!("  Customer contacts (portal):");
            for (email, _, company) in &demo.contacts {
                println!("    {email}  ({company})");
            }
            println!(
                "Emails are written to {}/outbox and listed on the staff Outbox page.",
                instance.config.data_dir.display()
            );
            println!();
            app::run(instance, Some(listener), app::shutdown_signal()).await
        }
        Command::Migrate => {
            config.auto_migrate = false;
            let store = app::connect(config.database_url.expose_secret(), 2).await?;
            let n = store
                .migrate()
                .await
                .map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
            println!("{n} migration(s) applied; the database is current.");
            Ok(())
        }
        Command::MigrateDb { from, to } => {
            let source = app::connect(&from, 2).await.context("source")?;
            if !source
                .migrations_current()
                .await
                .map_err(|e| anyhow::anyhow!("source database: {e}"))?
            {
                anyhow::bail!(
                    "the source database has pending migrations: run `guichet migrate` on it first"
                );
            }
            let target = app::connect(&to, 2).await.context("target")?;
            target
                .migrate()
                .await
                .map_err(|e| anyhow::anyhow!("target migrations: {e}"))?;
            let dump = source
                .dump()
                .await
                .map_err(|e| anyhow::anyhow!("reading the source: {e}"))?;
            target
                .restore(&dump)
                .await
                .map_err(|e| anyhow::anyhow!("writing the target: {e}"))?;
            println!(
                "Copied {} tenant(s), {} user(s), {} customer(s), {} session(s), {} token(s), {} email(s).",
                dump.tenants.len(),
                dump.users.len(),
                dump.customers.len(),
                dump.sessions.len(),
                dump.tokens.len(),
                dump.emails.len()
            );
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Tenant { command },
        } => {
            config.web = false;
            let instance = app::build(config).await?;
            match command {
                TenantCommand::Create {
                    host,
                    name,
                    base_url,
                    admin_email,
                    admin_name,
                    colour,
                    locale,
                    logo,
                } => {
                    let default_locale =
                        Locale::parse(&locale).context("--locale must be fr or en")?;
                    let logo_svg = match logo {
                        Some(path) => {
                            let svg = std::fs::read_to_string(&path)
                                .with_context(|| format!("reading {}", path.display()))?;
                            if svg.len() > 100_000 || !svg.contains("<svg") {
                                anyhow::bail!("--logo must be an SVG file of at most 100 KB");
                            }
                            Some(svg)
                        }
                        None => None,
                    };
                    let base_url = base_url.unwrap_or_else(|| format!("https://{host}"));
                    let (tenant, link) = instance
                        .portal
                        .create_tenant(&NewTenant {
                            host,
                            name,
                            base_url,
                            primary_colour: colour,
                            default_locale,
                            admin_email,
                            admin_name,
                            logo_svg,
                        })
                        .await
                        .map_err(|e| match e {
                            guichet_core::CoreError::Invalid(f) => {
                                anyhow::anyhow!(
                                    "invalid: {}",
                                    f.0.iter()
                                        .map(|e| format!("{} ({})", e.field, e.message_key))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            }
                            other => anyhow::anyhow!("{other}"),
                        })?;
                    instance
                        .portal
                        .deliver_outbox(instance.mailer.as_ref(), 10)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("Tenant {} created on {}.", tenant.name, tenant.host);
                    println!(
                        "The administrator's invitation (valid 7 days) was emailed; it is also here:\n{link}"
                    );
                }
                TenantCommand::List => {
                    for t in instance
                        .portal
                        .tenants()
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                    {
                        println!("{}\t{}\t{}", t.host, t.base_url, t.name);
                    }
                }
                TenantCommand::SetDocumentKinds { host, kinds } => {
                    let list = document_kinds(&kinds)?;
                    let t = instance
                        .portal
                        .set_document_kinds(&host, &list)
                        .await
                        .map_err(|e| match e {
                            guichet_core::CoreError::NotFound => {
                                anyhow::anyhow!("no provider on host {host}")
                            }
                            e => anyhow::anyhow!("{e}"),
                        })?;
                    println!(
                        "Document kinds for {}: {}.",
                        t.host,
                        codes(&t.kinds()).join(", ")
                    );
                }
                TenantCommand::SetUploadLimit { host, mb } => {
                    let mb = match mb.trim() {
                        "default" => None,
                        n => Some(n.parse::<i64>().map_err(|_| {
                            anyhow::anyhow!("--mb must be a number of megabytes or \"default\"")
                        })?),
                    };
                    let t =
                        instance
                            .portal
                            .set_upload_limit(&host, mb)
                            .await
                            .map_err(|e| match e {
                                guichet_core::CoreError::NotFound => {
                                    anyhow::anyhow!("no provider on host {host}")
                                }
                                guichet_core::CoreError::Invalid(_) => {
                                    anyhow::anyhow!("--mb must be between 1 and 100000")
                                }
                                e => anyhow::anyhow!("{e}"),
                            })?;
                    println!(
                        "Largest upload for {}: {} MB.",
                        t.host,
                        instance.portal.upload_limit(&t) / 1_000_000
                    );
                }
            }
            Ok(())
        }
        Command::Audit { command } => audit(config, command).await,
    }
}

/// `guichet audit …`: the journal key must exist already (a new one would verify nothing).
async fn audit(config: Config, command: AuditCommand) -> anyhow::Result<()> {
    let path = config.journal_key_path();
    let key = guichet::journal_key::load(&path).with_context(|| {
        format!(
            "the journal key {} is needed (an instance creates it at its first start; \
             set journal_key_file if it is kept elsewhere)",
            path.display()
        )
    })?;
    let instance = app::build_with_key(config, key).await?;
    let portal = &instance.portal;
    let tenants = portal.tenants().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let chosen = |host: &Option<String>| {
        let host = host.clone();
        tenants
            .iter()
            .filter(move |t| host.as_deref().is_none_or(|h| h == t.host))
    };
    match command {
        AuditCommand::Verify { host } => {
            let mut broken = 0;
            for t in chosen(&host) {
                let check = portal
                    .verify_journal(t.id)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                if check.holds() {
                    let keyed = check
                        .keyed_from
                        .map_or("no keyed entry yet".to_string(), |k| {
                            format!("keyed from #{k}")
                        });
                    let checkpointed = check
                        .checkpointed
                        .map_or("no checkpoint yet".to_string(), |c| {
                            format!("checkpointed up to #{c}")
                        });
                    println!(
                        "{}\tintact\t{} entries, {keyed}, {checkpointed}",
                        t.host, check.entries
                    );
                } else {
                    broken += 1;
                    for problem in &check.problems {
                        println!("{}\tBROKEN\t{problem}", t.host);
                    }
                }
            }
            if host.is_none() {
                let checkpointed = portal
                    .checkpointed_tenants()
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                for gone in checkpointed
                    .iter()
                    .filter(|id| !tenants.iter().any(|t| t.id == **id))
                {
                    broken += 1;
                    println!(
                        "{gone}\tBROKEN\tsigned checkpoints name this tenant, but the database \
                         has no such tenant: its journal was removed"
                    );
                }
            }
            if broken > 0 {
                anyhow::bail!("{broken} journal(s) do not verify");
            }
        }
        AuditCommand::Checkpoint { host } => {
            let mut refused = 0;
            for t in chosen(&host) {
                use guichet_core::journal::CheckpointOutcome::*;
                match portal
                    .checkpoint_journal(t.id)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                {
                    Written(c) => println!("{}\tcheckpointed up to #{}", t.host, c.seq),
                    Unchanged(Some(c)) => {
                        println!("{}\tunchanged since #{}", t.host, c.seq)
                    }
                    Unchanged(None) => println!("{}\tempty journal", t.host),
                    Refused(problem) => {
                        refused += 1;
                        println!("{}\tNOT CHECKPOINTED\t{problem}", t.host);
                    }
                }
            }
            println!(
                "Checkpoints are signed by the ed25519 public key {}",
                hex_of(&portal.checkpoint_public_key())
            );
            if refused > 0 {
                anyhow::bail!("{refused} journal(s) not checkpointed: they do not verify");
            }
        }
    }
    Ok(())
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `--kinds`: comma-separated kind codes, or "all" (none listed: every kind).
fn document_kinds(list: &str) -> anyhow::Result<Vec<DocumentKind>> {
    if list.trim() == "all" {
        return Ok(Vec::new());
    }
    list.split(',')
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| {
            k.parse::<DocumentKind>().with_context(|| {
                format!(
                    "unknown kind in --kinds (known: {})",
                    codes(&DocumentKind::ALL).join(", ")
                )
            })
        })
        .collect()
}

fn codes(kinds: &[DocumentKind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.as_str()).collect()
}
