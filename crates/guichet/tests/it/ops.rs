//! Health, the binary's commands, demo seeding, moving an installation between databases.
use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;

use crate::harness::{Backend, TempDir, TestApp, spawn_app};

const BIN: &str = env!("CARGO_BIN_EXE_guichet");

async fn health_and_readiness(app: TestApp) {
    let b = app.browser(&app.a);
    assert_eq!(b.get("/healthz").await.status, StatusCode::OK);
    let ready = b.get("/readyz").await;
    assert_eq!(ready.status, StatusCode::OK);
    assert!(ready.has("ready"));
}

async fn demo_seeding_is_idempotent(app: TestApp) {
    let first = app
        .portal
        .seed_demo("demo.example", "http://demo.example")
        .await
        .unwrap();
    assert!(first.created);
    let t = first.tenant.id;
    let dump1 = app.store.dump().await.unwrap();
    let customers = dump1.customers.iter().filter(|c| c.tenant_id == t).count();
    let contacts = dump1
        .users
        .iter()
        .filter(|u| u.tenant_id == t && u.kind == guichet_domain::UserKind::Contact)
        .count();
    let staff = dump1
        .users
        .iter()
        .filter(|u| u.tenant_id == t && u.kind == guichet_domain::UserKind::Staff)
        .count();
    assert_eq!(customers, 10);
    assert!((20..=40).contains(&contacts), "{contacts}");
    assert!(staff >= 3);
    // Two flows, with projects at various steps of each.
    assert_eq!(dump1.flows.iter().filter(|f| f.tenant_id == t).count(), 2);
    let steps: std::collections::BTreeSet<&str> = dump1
        .project_flows
        .iter()
        .filter(|p| p.tenant_id == t)
        .map(|p| p.step.as_str())
        .collect();
    assert!(steps.len() >= 6, "{steps:?}");
    assert!(steps.contains("offre_etude") && steps.contains("documentation_initiale"));
    let second = app
        .portal
        .seed_demo("demo.example", "http://demo.example")
        .await
        .unwrap();
    assert!(!second.created);
    assert_eq!(
        app.store.dump().await.unwrap().users.len(),
        dump1.users.len()
    );
}

async fn run(args: &[&str], dir: &std::path::Path) -> (bool, String) {
    let out = tokio::process::Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("GUICHET_METRICS_LISTEN", "")
        .env("GUICHET_PASSWORD_MEMORY_KIB", "1024")
        .env("GUICHET_PASSWORD_ITERATIONS", "1")
        .output()
        .await
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// Demo data on SQLite, copied to PostgreSQL with `guichet migrate-db`, and back: equal.
#[tokio::test]
async fn migrate_db_round_trips_the_demo_data() {
    let app = spawn_app(Backend::Sqlite).await;
    app.portal
        .seed_demo("demo.example", "http://demo.example")
        .await
        .unwrap();
    let pg = guichet_store_sql::testing::fresh_pg_database()
        .await
        .unwrap();
    let (ok, out) = run(
        &["migrate-db", "--from", &app.database_url, "--to", &pg],
        &app.dir.0,
    )
    .await;
    assert!(ok, "{out}");
    assert!(out.contains("Copied 3 tenant(s)"), "{out}");
    let back = format!("sqlite://{}/back.db", app.dir.0.display());
    let (ok, out) = run(&["migrate-db", "--from", &pg, "--to", &back], &app.dir.0).await;
    assert!(ok, "{out}");
    let source = app.store.dump().await.unwrap();
    let on_pg = guichet_store_sql::connect(&pg, 2)
        .await
        .unwrap()
        .dump()
        .await
        .unwrap();
    let round = guichet_store_sql::connect(&back, 2)
        .await
        .unwrap()
        .dump()
        .await
        .unwrap();
    assert_eq!(on_pg, source);
    assert_eq!(round, source);
    let (ok, out) = run(
        &["migrate-db", "--from", &app.database_url, "--to", &pg],
        &app.dir.0,
    )
    .await;
    assert!(
        !ok && out.contains("not empty"),
        "refuses to copy over data: {out}"
    );
}

#[tokio::test]
async fn commands_default_config_migrate_and_tenant_create() {
    let dir = TempDir(std::env::temp_dir().join(format!("guichet-cmd-{}", uuid::Uuid::now_v7())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let (ok, cfg) = run(&["default-config"], &dir.0).await;
    assert!(ok && cfg.contains("database_url"));
    std::fs::write(dir.0.join("guichet.toml"), &cfg).unwrap();
    std::fs::write(
        dir.0.join("logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    let (ok, out) = run(&["migrate"], &dir.0).await;
    assert!(ok, "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "create",
            "--host",
            "portail.example.com",
            "--name",
            "Arpentage Côté",
            "--admin-email",
            "chef@cote.example",
            "--admin-name",
            "Chef Côté",
            "--logo",
            "logo.svg",
        ],
        &dir.0,
    )
    .await;
    assert!(ok, "{out}");
    assert!(
        out.contains("https://portail.example.com/auth/invitation/"),
        "{out}"
    );
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "create",
            "--host",
            "portail.example.com",
            "--name",
            "Dup",
            "--admin-email",
            "x@y.example",
            "--admin-name",
            "X",
        ],
        &dir.0,
    )
    .await;
    assert!(!ok && out.contains("host"), "{out}");
    let (ok, out) = run(&["admin", "tenant", "list"], &dir.0).await;
    assert!(ok && out.contains("portail.example.com"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-upload-limit",
            "--host",
            "portail.example.com",
            "--mb",
            "500",
        ],
        &dir.0,
    )
    .await;
    assert!(ok && out.contains("500 MB"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-upload-limit",
            "--host",
            "portail.example.com",
            "--mb",
            "0",
        ],
        &dir.0,
    )
    .await;
    assert!(!ok && out.contains("between 1 and 100000"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-upload-limit",
            "--host",
            "nowhere.example",
            "--mb",
            "5",
        ],
        &dir.0,
    )
    .await;
    assert!(!ok && out.contains("no provider"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-upload-limit",
            "--host",
            "portail.example.com",
            "--mb",
            "default",
        ],
        &dir.0,
    )
    .await;
    assert!(ok && out.contains("200 MB"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-document-kinds",
            "--host",
            "portail.example.com",
            "--kinds",
            "report, plan,invoice",
        ],
        &dir.0,
    )
    .await;
    assert!(ok && out.contains("invoice, report, plan"), "{out}");
    let (ok, out) = run(
        &[
            "admin",
            "tenant",
            "set-document-kinds",
            "--host",
            "portail.example.com",
            "--kinds",
            "report,recette",
        ],
        &dir.0,
    )
    .await;
    assert!(!ok && out.contains("unknown kind"), "{out}");
    std::fs::write(
        dir.0.join("bad.toml"),
        "listen = \"127.0.0.1:1\"\nunknown_key = 1\n",
    )
    .unwrap();
    let (ok, out) = run(&["--config", "bad.toml", "migrate"], &dir.0).await;
    assert!(
        !ok && out.contains("unknown_key"),
        "unknown keys are refused: {out}"
    );
}

/// `guichet serve`: ready quickly, metrics on their own port, stops cleanly on SIGTERM.
#[tokio::test]
async fn serve_exposes_metrics_and_stops_gracefully() {
    let dir = TempDir(std::env::temp_dir().join(format!("guichet-serve-{}", uuid::Uuid::now_v7())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mport = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = tokio::process::Command::new(BIN)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(&dir.0)
        .env("GUICHET_METRICS_LISTEN", format!("127.0.0.1:{mport}"))
        .env("GUICHET_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            && r.status() == StatusCode::OK
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(ready);
    // A token in a path never reaches the logs or the metrics: they record route templates.
    client
        .get(format!(
            "http://127.0.0.1:{port}/auth/link/SeCrEtToKeN0123456789"
        ))
        .header("host", "127.0.0.1")
        .send()
        .await
        .unwrap();
    client
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await
        .unwrap();
    let metrics = client
        .get(format!("http://127.0.0.1:{mport}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("guichet_http_requests_total") && metrics.contains("route=\"/healthz\""),
        "{metrics}"
    );
    let pid = child.id().unwrap();
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
    let mut logs = String::new();
    use tokio::io::AsyncReadExt;
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .await
        .unwrap();
    assert!(
        logs.lines()
            .any(|l| l.starts_with('{') && l.contains("\"request_id\"")),
        "JSON logs with request ids: {logs}"
    );
    assert!(
        !logs.contains("SeCrEtToKeN") && !metrics.contains("SeCrEtToKeN"),
        "tokens never logged"
    );
}

crate::both_backends!(health_and_readiness, demo_seeding_is_idempotent);

/// Two `guichet demo` on one machine both start: a demo serves no metrics (even when the
/// environment names the same metrics address for both), and `GUICHET_*` variables that are
/// not configuration (a tester's `GUICHET_TEST_PG_URL`) do not stop a start.
#[tokio::test]
async fn two_demos_run_side_by_side() {
    let free = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let metrics = format!("127.0.0.1:{}", free());
    let mut demos = Vec::new();
    for _ in 0..2 {
        let dir =
            TempDir(std::env::temp_dir().join(format!("guichet-demo-{}", uuid::Uuid::now_v7())));
        std::fs::create_dir_all(&dir.0).unwrap();
        let port = free();
        let child = tokio::process::Command::new(BIN)
            .args(["demo", "--listen", &format!("127.0.0.1:{port}")])
            .current_dir(&dir.0)
            .env("GUICHET_METRICS_LISTEN", &metrics)
            .env("GUICHET_TEST_PG_URL", "postgres://nowhere.invalid/none")
            .env("GUICHET_PASSWORD_MEMORY_KIB", "1024")
            .env("GUICHET_PASSWORD_ITERATIONS", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        demos.push((dir, port, child));
    }
    let client = reqwest::Client::new();
    for (_, port, child) in &mut demos {
        let mut ready = false;
        for _ in 0..1500 {
            if let Ok(r) = client
                .get(format!("http://127.0.0.1:{port}/readyz"))
                .send()
                .await
                && r.status() == StatusCode::OK
            {
                ready = true;
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "a demo exited before it was ready"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(ready, "the demo on port {port} never answered");
    }
    assert!(
        reqwest::get(format!("http://{metrics}/metrics"))
            .await
            .is_err(),
        "no metrics endpoint in a demo"
    );
}
