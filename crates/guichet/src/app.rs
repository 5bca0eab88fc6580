//! Building and running an instance: store, mailer, web server, workers, metrics.
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use guichet_core::{Chain, CoreSettings, HashingLimit, PasswordCost, Portal};
use guichet_mail::{Mailer, OutboxDirMailer, SmtpMailer, SmtpSettings};
use guichet_web::{AppState, Metrics, WebSettings};
use secrecy::ExposeSecret;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::Config;

/// A built instance, not yet serving.
pub struct Instance {
    pub portal: Arc<Portal>,
    /// The database the portal works on (operators' commands and tests reach it directly).
    pub store: Arc<dyn guichet_store::Store>,
    pub mailer: Arc<dyn Mailer>,
    pub state: AppState,
    pub config: Config,
}

/// The core's settings; `journal_key` as `journal_key::load_or_create` (or `load`) read it.
pub fn core_settings(c: &Config, journal_key: guichet_domain::JournalKey) -> CoreSettings {
    CoreSettings {
        password_cost: PasswordCost {
            memory_kib: c.password_memory_kib,
            iterations: c.password_iterations,
        },
        password_hashing: HashingLimit {
            concurrent: match c.password_hashing_concurrent {
                0 => HashingLimit::default().concurrent,
                n => n,
            },
            wait: Duration::from_millis(c.password_hashing_wait_ms),
        },
        session_ttl_secs: c.session_ttl_hours * 3600,
        max_upload_bytes: c.max_upload_mb.saturating_mul(1_000_000),
        outbox_shows_links: c.demo,
        journal: guichet_core::journal::JournalSettings {
            key: journal_key,
            checkpoint_file: Some(c.journal_checkpoint_path()),
        },
        preview: guichet_preview::PreviewSettings {
            cache_dir: c.preview_cache_path(),
            cache_max_bytes: c.preview_cache_max_mb.saturating_mul(1_000_000),
            max_pages: c.preview_max_pages.max(1),
            timeout: Duration::from_secs(c.preview_timeout_secs.max(1)),
            memory_bytes: c.preview_memory_mb.saturating_mul(1_000_000),
            concurrent: c.preview_concurrent.max(1),
            poppler_dir: c.preview_poppler_dir.clone(),
            font_file: c.preview_font_file.clone(),
        },
        payments: guichet_core::billing::PaymentsConfig {
            stripe_api: c.stripe_api_url.trim().to_string(),
            stripe_js: c.stripe_js_url.trim().to_string(),
        },
        ..CoreSettings::default()
    }
}

pub fn mailer(c: &Config) -> anyhow::Result<Arc<dyn Mailer>> {
    Ok(match &c.smtp {
        Some(s) => Arc::new(
            SmtpMailer::new(&SmtpSettings {
                host: s.host.clone(),
                port: s.port,
                security: s.security,
                username: s.username.clone(),
                password: s.password.as_ref().map(|p| p.expose_secret().to_string()),
                from: c.mail_from.clone(),
            })
            .context("SMTP configuration")?,
        ),
        None => Arc::new(
            OutboxDirMailer::new(c.data_dir.join("outbox"), &c.mail_from).context("mail_from")?,
        ),
    })
}

/// Opens a database, creating the folder of a SQLite file if needed.
pub async fn connect(
    url: &str,
    max_connections: u32,
) -> anyhow::Result<std::sync::Arc<dyn guichet_store::Store>> {
    if let Some(path) = url.strip_prefix("sqlite://")
        && let Some(dir) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    guichet_store_sql::connect(url, max_connections)
        .await
        .map_err(|e| anyhow::anyhow!("database: {e}"))
}

/// Connects to the database (creating the SQLite folder if needed) and applies migrations
/// when `auto_migrate` is on.
/// Where file contents go: an S3-compatible bucket when configured, else local files.
async fn blob_store(config: &Config) -> anyhow::Result<Arc<dyn guichet_blob::BlobStore>> {
    if let Some(s3) = &config.s3 {
        let c = guichet_blob::S3Config {
            endpoint: s3.endpoint.clone(),
            bucket: s3.bucket.clone(),
            region: s3.region.clone(),
            access_key: s3.access_key.clone(),
            secret_key: s3.secret_key.expose_secret().to_string(),
            path_style: s3.path_style,
            prefix: s3.prefix.clone(),
        };
        let store = guichet_blob::S3BlobStore::open(&c, config.data_dir.join("spool"))
            .await
            .map_err(|e| anyhow::anyhow!("object storage {} / {}: {e}", s3.endpoint, s3.bucket))?;
        return Ok(Arc::new(store));
    }
    let blob_dir = config
        .blob_dir
        .clone()
        .unwrap_or_else(|| config.data_dir.join("blobs"));
    let blobs = guichet_blob::LocalBlobStore::open(&blob_dir)
        .await
        .map_err(|e| anyhow::anyhow!("blob store at {}: {e}", blob_dir.display()))?;
    Ok(Arc::new(blobs))
}

/// Builds an instance; the journal key file is created if there is none yet.
pub async fn build(config: Config) -> anyhow::Result<Instance> {
    let key = crate::journal_key::load_or_create(&config.journal_key_path())?;
    build_with_key(config, key).await
}

/// Builds an instance around a journal key already read.
pub async fn build_with_key(
    config: Config,
    journal_key: guichet_domain::JournalKey,
) -> anyhow::Result<Instance> {
    let store = connect(config.database_url.expose_secret(), config.max_connections).await?;
    if config.auto_migrate {
        store
            .migrate()
            .await
            .map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
    }
    let catalogs = Arc::new(
        guichet_i18n::Catalogs::load().map_err(|e| anyhow::anyhow!("message catalogs: {e}"))?,
    );
    let blobs = blob_store(&config).await?;
    let portal = Arc::new(Portal::new(
        store.clone(),
        blobs,
        catalogs,
        core_settings(&config, journal_key),
    ));
    let mailer = mailer(&config)?;
    let web = WebSettings {
        max_form_bytes: config.max_form_bytes,
        local_outbox: config.smtp.is_none(),
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let state = AppState::new(portal.clone(), web, Arc::new(Metrics::new()));
    Ok(Instance {
        portal,
        store,
        mailer,
        state,
        config,
    })
}

/// Checkpoints every tenant's journal that grew, and shows how far each is checkpointed in
/// the metrics. A chain that does not hold is not checkpointed: that is logged as an error.
pub async fn checkpoint_journals(portal: &Portal, metrics: &Metrics) {
    let tenants = match portal.tenants().await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %Chain(&e), "journal checkpoints: listing tenants failed");
            return;
        }
    };
    for t in tenants {
        match portal.checkpoint_journal(t.id).await {
            Ok(guichet_core::journal::CheckpointOutcome::Refused(problem)) => {
                tracing::error!(tenant = %t.host, %problem, "journal not checkpointed: run `guichet audit verify`");
            }
            Ok(done) => {
                if let Some(seq) = done.last_seq() {
                    metrics.journal_checkpointed(&t.host, seq);
                }
            }
            Err(e) => {
                tracing::warn!(tenant = %t.host, error = %Chain(&e), "journal checkpoint failed")
            }
        }
    }
}

/// The workers' rounds: every two seconds, due jobs (reminders…) then the outbox; due
/// reminders planned at start and every five minutes; due daily summaries every minute; old
/// throttle records pruned hourly; journals checkpointed every `checkpoint_every` (and at
/// start). Time is `clock`'s (the system's, except in tests that move past due dates).
pub async fn run_workers(
    portal: Arc<Portal>,
    mailer: Arc<dyn Mailer>,
    metrics: Arc<Metrics>,
    checkpoint_every: Duration,
    mut stop: watch::Receiver<bool>,
    clock: guichet_core::jobs::Clock,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    let mut last_prune = std::time::Instant::now();
    let mut last_checkpoint: Option<std::time::Instant> = None;
    // The first round sends what is due at start.
    let mut last_digest = std::time::Instant::now() - Duration::from_secs(3600);
    let mut last_plan: Option<std::time::Instant> = None;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        if last_plan.is_none_or(|at| at.elapsed() >= Duration::from_secs(300)) {
            last_plan = Some(std::time::Instant::now());
            match portal.plan_reminders(clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(reminders = n, "reminders planned"),
                Err(e) => tracing::warn!(error = %Chain(&e), "planning reminders failed"),
            }
        }
        loop {
            match portal.run_jobs(clock.now(), 50).await {
                Ok(r) if r.claimed == 50 => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::error!(error = %Chain(&e), "job round failed");
                    break;
                }
            }
        }
        loop {
            match portal
                .deliver_outbox_at(mailer.as_ref(), 20, clock.now())
                .await
            {
                Ok(d) if d.sent + d.failed == 20 => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::error!(error = %Chain(&e), "outbox delivery round failed");
                    break;
                }
            }
        }
        if last_digest.elapsed() > Duration::from_secs(60) {
            last_digest = std::time::Instant::now();
            match portal.send_digests(clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(emails = n, "daily summaries queued"),
                Err(e) => tracing::warn!(error = %Chain(&e), "daily summaries failed"),
            }
        }
        if portal.checkpoints_enabled()
            && last_checkpoint.is_none_or(|at| at.elapsed() >= checkpoint_every)
        {
            last_checkpoint = Some(std::time::Instant::now());
            checkpoint_journals(&portal, &metrics).await;
        }
        if last_prune.elapsed() > Duration::from_secs(3600) {
            last_prune = std::time::Instant::now();
            let before = clock.now().plus_secs(-24 * 3600);
            if let Err(e) = portal.prune_throttle_records(before).await {
                tracing::warn!(error = %Chain(&e), "pruning throttle records failed");
            }
        }
    }
}

async fn serve_metrics(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    mut stop: watch::Receiver<bool>,
) {
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let m = metrics.clone();
            async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    m.render(),
                )
            }
        }),
    );
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            // A closed channel means the instance is going away: stop as well.
            let _ = stop.changed().await;
        })
        .await;
    if let Err(e) = served {
        tracing::error!(error = %Chain(&e), "metrics server stopped");
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// How much of the server one client can hold.
#[derive(Clone, Copy, Debug)]
struct ConnectionLimits {
    /// Connections served at once; more wait in the listen queue until one ends.
    open: usize,
    /// Time a connection has to send a request's head, counted from when the server starts
    /// waiting for it (so it also ends idle keep-alive connections).
    header_read: Duration,
}

/// The web server: HTTP/1.1 connections, each given `header_read` to send its request head
/// (a client trickling its headers byte by byte, or sending none, is cut off), at most `open`
/// of them at once. On `shutdown` it stops accepting and lets the requests in flight finish.
async fn serve_web(
    listener: TcpListener,
    app: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let permits = Arc::new(tokio::sync::Semaphore::new(limits.open));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tracing::warn!(error = %Chain(&e), "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(remote));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %Chain(&e), %remote, "connection ended");
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Serves until `shutdown` resolves; in-flight requests finish, workers stop cleanly.
pub async fn run(
    instance: Instance,
    listener: Option<TcpListener>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    if instance.config.workers {
        tasks.spawn(run_workers(
            instance.portal.clone(),
            instance.mailer.clone(),
            instance.state.metrics.clone(),
            Duration::from_secs(instance.config.journal_checkpoint_every_secs.max(1)),
            stop_rx.clone(),
            guichet_core::jobs::Clock::system(),
        ));
    }
    if let Some(address) = instance.config.metrics_listen {
        let l = TcpListener::bind(address)
            .await
            .with_context(|| format!("binding metrics on {address}"))?;
        tracing::info!(%address, "metrics listening");
        tasks.spawn(serve_metrics(
            l,
            instance.state.metrics.clone(),
            stop_rx.clone(),
        ));
    }
    if instance.config.web {
        let listener = match listener {
            Some(l) => l,
            None => TcpListener::bind(instance.config.listen)
                .await
                .with_context(|| format!("binding {}", instance.config.listen))?,
        };
        tracing::info!(address = %listener.local_addr()?, "Guichet listening");
        let app = guichet_web::router(instance.state.clone());
        let limits = ConnectionLimits {
            open: instance.config.max_open_connections.max(1),
            header_read: Duration::from_secs(instance.config.header_read_timeout_secs.max(1)),
        };
        serve_web(listener, app, limits, shutdown).await;
    } else {
        shutdown.await;
    }
    let _ = stop_tx.send(true);
    // A worker that panicked must not end silently: say which failure ended it.
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        if let Err(e) = done {
            failed += 1;
            tracing::error!(error = %Chain(&e), "a background task failed");
        }
    }
    tracing::info!("stopped");
    if failed > 0 {
        anyhow::bail!("{failed} background task(s) failed");
    }
    Ok(())
}
