//! The journal proves itself (issue 13, decision 0011): entries keyed with a key kept outside
//! the database, signed checkpoints outside it, and `guichet audit verify` finding an edited
//! entry, a history recomputed without the key, a cut tail and a forged checkpoint — each
//! done here the way someone with database (or file) access would. Also: the export follows
//! the project page's rights and is journaled; refusals are journaled, at most once a minute.
use guichet_core::journal::{CheckpointOutcome, JournalProblem};
use guichet_domain::{ChainBreak, CheckpointBreak, JournalEntry, JournalKey, JournalQuery};
use reqwest::StatusCode;

use crate::harness::{Backend, TestApp, spawn_app_with};

const BIN: &str = env!("CARGO_BIN_EXE_guichet");

/// Runs statements on the app's database directly, as someone with database access would.
macro_rules! on_db {
    ($app:expr, $db:ident => $body:block) => {{
        use sqlx::Connection;
        if $app.database_url.starts_with("sqlite") {
            let mut $db = sqlx::SqliteConnection::connect(&$app.database_url)
                .await
                .unwrap();
            $body
        } else {
            let mut $db = sqlx::PgConnection::connect(&$app.database_url)
                .await
                .unwrap();
            $body
        }
    }};
}

/// Writes entries back over the stored ones (same ids), hashes and all.
async fn overwrite(app: &TestApp, entries: &[JournalEntry]) {
    on_db!(app, db => {
        for e in entries {
            sqlx::query(
                "UPDATE journal SET detail = $1, prev_hash = $2, hash = $3, keyed = $4 WHERE id = $5",
            )
            .bind(&e.detail)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .bind(e.keyed)
            .bind(e.id.0)
            .execute(&mut db)
            .await
            .unwrap();
        }
    });
}

/// `guichet audit <args>` on the app's database and data directory: (succeeded, output).
async fn audit(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = tokio::process::Command::new(BIN)
        .arg("audit")
        .args(args)
        .current_dir(&app.dir.0)
        .env("GUICHET_DATABASE_URL", &app.database_url)
        .env("GUICHET_METRICS_LISTEN", "")
        .env("GUICHET_AUTO_MIGRATE", "false")
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

/// Six entries in tenant A's journal (a customer's five projects, …), checkpointed; one in B's.
async fn checkpointed_journal(app: &TestApp) -> Vec<JournalEntry> {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    for i in 1..=5 {
        app.project(c.id, &format!("Projet {i}")).await;
    }
    let chain = app.store.chain(app.a.id).await.unwrap();
    assert!(
        chain.len() >= 5 && chain.iter().all(|e| e.keyed),
        "{chain:?}"
    );
    match app.portal.checkpoint_journal(app.a.id).await.unwrap() {
        CheckpointOutcome::Written(c) => assert_eq!(c.seq, chain.len() as i64),
        other => panic!("a first checkpoint is written: {other:?}"),
    }
    chain
}

fn checkpoint_file(app: &TestApp) -> std::path::PathBuf {
    app.dir.0.join("data").join("journal-checkpoints.log")
}

/// An untouched journal verifies, by the core and by the command; the command checkpoints
/// on demand; the key file was made at first start, for its owner only.
async fn an_untouched_journal_verifies_and_is_checkpointed(app: TestApp) {
    let chain = checkpointed_journal(&app).await;
    let n = chain.len() as i64;
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert!(check.holds(), "{check:?}");
    assert_eq!((check.keyed_from, check.checkpointed), (Some(1), Some(n)));
    assert_eq!(
        app.portal
            .checkpoint_journal(app.a.id)
            .await
            .unwrap()
            .last_seq(),
        Some(n),
        "nothing new: no new line"
    );
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!(
            "127.0.0.1\tintact\t{n} entries, keyed from #1, checkpointed up to #{n}"
        )),
        "{out}"
    );
    // One more entry, checkpointed by the command.
    let (cust, _) = app
        .customer_with_contact(&app.a, "C-2", "dominique@client.example", "fr")
        .await;
    app.project(cust.id, "Projet 6").await;
    let last = app.store.chain(app.a.id).await.unwrap().len();
    let (ok, out) = audit(&app, &["checkpoint", "--host", "127.0.0.1"]).await;
    assert!(
        ok && out.contains(&format!("checkpointed up to #{last}")),
        "{out}"
    );
    let lines = std::fs::read_to_string(checkpoint_file(&app)).unwrap();
    assert_eq!(lines.lines().count(), 2, "{lines}");
    assert!(app.portal.verify_journal(app.a.id).await.unwrap().holds());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = app.dir.0.join("data").join("journal.key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key file is its owner's only");
    }
}

/// An entry edited in the database no longer matches its keyed hash.
async fn an_edited_entry_is_found(app: TestApp) {
    checkpointed_journal(&app).await;
    on_db!(app, db => {
        sqlx::query("UPDATE journal SET detail = 'falsifié' WHERE tenant_id = $1 AND seq = 2")
            .bind(app.a.id.0)
            .execute(&mut db)
            .await
            .unwrap();
    });
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert!(
        matches!(
            check.problems[..],
            [JournalProblem::Chain(ChainBreak::Altered { seq: 2, .. })]
        ),
        "{check:?}"
    );
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains("127.0.0.1\tBROKEN\tentry #2") && out.contains("does not match its hash"),
        "{out}"
    );
    assert!(
        out.contains("localhost\tintact"),
        "tenant B is untouched: {out}"
    );
}

/// Someone with only the database rewrites entry 2 and recomputes every hash: as plain hashes
/// from the first entry on (the chain links, but the checkpoint does not match), or keyed with
/// a key of their own (the first entry's HMAC does not match). The workers refuse to sign it.
async fn a_history_recomputed_without_the_key_is_found(app: TestApp) {
    let good = checkpointed_journal(&app).await;
    let n = good.len() as i64;
    let mut plain = good.clone();
    plain[1].detail = "falsifié".into();
    let mut prev = guichet_domain::GENESIS_HASH.to_string();
    for e in plain.iter_mut() {
        e.prev_hash = prev;
        e.keyed = false;
        e.hash = e.plain_hash();
        prev = e.hash.clone();
    }
    overwrite(&app, &plain).await;
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert_eq!(
        check.problems,
        [JournalProblem::Checkpoint(CheckpointBreak::Rewritten {
            seq: n
        })],
        "a plain chain links, but not to what was checkpointed"
    );
    assert!(matches!(
        app.portal.checkpoint_journal(app.a.id).await.unwrap(),
        CheckpointOutcome::Refused(_)
    ));
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(
        !ok && out.contains(&format!(
            "entry #{n} is not the one a signed checkpoint vouches for"
        )),
        "{out}"
    );

    let theirs = JournalKey::from_bytes([1; 32]);
    let mut forged = good.clone();
    forged[1].detail = "falsifié".into();
    let mut prev = guichet_domain::GENESIS_HASH.to_string();
    for e in forged.iter_mut() {
        e.prev_hash = prev;
        e.seal(&theirs);
        prev = e.hash.clone();
    }
    overwrite(&app, &forged).await;
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert!(
        matches!(
            check.problems[..],
            [
                JournalProblem::Chain(ChainBreak::Altered { seq: 1, .. }),
                JournalProblem::Checkpoint(CheckpointBreak::Rewritten { .. })
            ]
        ),
        "{check:?}"
    );
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(
        !ok && out.contains("entry #1") && out.contains("without the key"),
        "{out}"
    );
}

/// The last entries deleted (below the checkpointed number): the journal was cut.
async fn a_cut_tail_is_found(app: TestApp) {
    let chain = checkpointed_journal(&app).await;
    let n = chain.len() as i64;
    on_db!(app, db => {
        sqlx::query("DELETE FROM journal WHERE tenant_id = $1 AND seq > 3")
            .bind(app.a.id.0)
            .execute(&mut db)
            .await
            .unwrap();
    });
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert_eq!(
        check.problems,
        [JournalProblem::Checkpoint(CheckpointBreak::Truncated {
            checkpoint_seq: n,
            last_seq: 3
        })],
        "the chain that is left links, but ends before the checkpoint"
    );
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!(
            "the journal was cut: a signed checkpoint vouches for entry #{n} but the chain ends at #3"
        )),
        "{out}"
    );
    // A tenant removed from the database, checkpoints and all, is named by its checkpoints.
    let key = std::fs::read_to_string(app.dir.0.join("data").join("journal.key")).unwrap();
    let gone = guichet_domain::Checkpoint {
        tenant: guichet_domain::TenantId::new(),
        seq: 4,
        hash: "a".repeat(64),
        at: guichet_domain::Millis::now(),
    };
    let line = gone.signed_line(&JournalKey::parse_hex(&key).unwrap());
    let file = checkpoint_file(&app);
    let lines = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{lines}{line}\n")).unwrap();
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains(&format!(
            "{}\tBROKEN\tsigned checkpoints name this tenant",
            gone.tenant
        )),
        "{out}"
    );
    // Deleting a tenant's whole journal is a cut too.
    on_db!(app, db => {
        sqlx::query("DELETE FROM journal WHERE tenant_id = $1")
            .bind(app.a.id.0)
            .execute(&mut db)
            .await
            .unwrap();
    });
    assert!(matches!(
        app.portal.verify_journal(app.a.id).await.unwrap().problems[..],
        [JournalProblem::Checkpoint(CheckpointBreak::Truncated {
            last_seq: 0,
            ..
        })]
    ));
}

/// A checkpoint line that was not signed with the journal key (moved to another number, or
/// made up) is reported, and vouches for nothing.
async fn a_forged_checkpoint_is_found(app: TestApp) {
    let chain = checkpointed_journal(&app).await;
    let n = chain.len();
    let file = checkpoint_file(&app);
    let good = std::fs::read_to_string(&file).unwrap();
    let first = good.lines().next().unwrap();
    // The same line claiming more entries (a cut tail made to look checkpointed).
    let moved = first.replacen(&format!(" {n} "), &format!(" {} ", n + 100), 1);
    assert_ne!(moved, first);
    std::fs::write(&file, format!("{good}{moved}\n")).unwrap();
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert_eq!(
        check.problems,
        [JournalProblem::ForgedCheckpoint { line: 2 }],
        "reported, and not taken for a cut tail"
    );
    assert_eq!(check.checkpointed, Some(n as i64));
    let (ok, out) = audit(&app, &["verify"]).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains("127.0.0.1\tBROKEN\tcheckpoint line 2 has a bad signature"),
        "{out}"
    );
    // A garbled line is reported too.
    std::fs::write(&file, format!("{good}v1 garbage\n")).unwrap();
    assert_eq!(
        app.portal.verify_journal(app.a.id).await.unwrap().problems,
        [JournalProblem::UnreadableCheckpoint { line: 2 }]
    );
}

/// The CSV export follows the staff project page's rights: an accountant, who may not open
/// the page, may not export its journal either; each export is journaled.
async fn the_export_follows_the_project_page_rights(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let p = app.project(c.id, "Projet").await;
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant
            .get(&format!("/staff/projects/{}", p.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        accountant
            .get(&format!("/staff/projects/{}/journal.csv", p.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let manager = app.browser(&app.a);
    manager.signed_in_as("manager@a.example").await;
    assert_eq!(
        manager
            .get(&format!("/staff/projects/{}", p.id))
            .await
            .status,
        StatusCode::OK
    );
    let csv = manager
        .get(&format!("/staff/projects/{}/journal.csv", p.id))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.contains("project.create"), "{}", csv.body);
    let exports = app
        .store
        .journal(
            app.a.id,
            &JournalQuery {
                action_prefix: Some("journal.export".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        exports.len(),
        1,
        "the manager's export, not the refused one"
    );
    assert_eq!(exports[0].actor_label, "Max Manager");
    assert_eq!(exports[0].project_id, Some(p.id));
    // Shown on the project page, in the viewer's language.
    assert!(
        manager
            .get(&format!("/staff/projects/{}", p.id))
            .await
            .has("Journal exported (CSV)")
    );
    // Another tenant's manager gets nothing.
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("manager@b.example").await;
    assert_eq!(
        foreign
            .get(&format!(
                "http://localhost:{}/staff/projects/{}/journal.csv",
                app.port, p.id
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Refused accesses and CSRF failures of signed-in people are journaled with the route (never
/// the concrete path), at most once a minute per person and kind; anonymous ones are not.
async fn refusals_are_journaled_once_a_minute(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let p = app.project(c.id, "Projet").await;
    let refused = |action: &'static str| {
        let store = app.store.clone();
        let tenant = app.a.id;
        async move {
            store
                .journal(
                    tenant,
                    &JournalQuery {
                        action_prefix: Some(action.into()),
                        limit: 100,
                        ..Default::default()
                    },
                )
                .await
                .unwrap()
        }
    };
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    for _ in 0..5 {
        assert_eq!(
            accountant
                .get(&format!("/staff/projects/{}", p.id))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
    let entries = refused("access.refused").await;
    assert_eq!(entries.len(), 1, "one entry for five refusals in a minute");
    assert_eq!(entries[0].actor_label, "Ada Accountant");
    assert_eq!(entries[0].detail, "GET /staff/projects/{id}");
    assert!(!entries[0].detail.contains(&p.id.to_string()));

    // A form without its token, from a signed-in person.
    let manager = app.browser(&app.a);
    manager.signed_in_as("manager@a.example").await;
    for _ in 0..3 {
        let page = manager
            .post_raw(
                &format!("/staff/projects/{}", p.id),
                b"title=Pirate&status=open".to_vec(),
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
    }
    let entries = refused("csrf.refused").await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        (entries[0].actor_label.as_str(), entries[0].detail.as_str()),
        ("Max Manager", "POST /staff/projects/{id}")
    );
    // Anonymous visitors leave no entry.
    let anonymous = app.browser(&app.a);
    let page = anonymous
        .post_raw("/sign-in", b"email=x%40y.z".to_vec())
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(refused("csrf.refused").await.len(), 1);
    // The chain still verifies with its refusals in it.
    assert!(app.portal.verify_journal(app.a.id).await.unwrap().holds());
}

crate::both_backends!(
    an_untouched_journal_verifies_and_is_checkpointed,
    an_edited_entry_is_found,
    a_history_recomputed_without_the_key_is_found,
    a_cut_tail_is_found,
    a_forged_checkpoint_is_found,
    the_export_follows_the_project_page_rights,
    refusals_are_journaled_once_a_minute,
);

/// The workers checkpoint every journal at start and whenever it grew, and the metrics show
/// each tenant's last checkpointed number.
async fn workers_checkpoint_and_the_metrics_show_it(backend: Backend) {
    let mport = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(backend, false, |c| {
        c.workers = true;
        c.metrics_listen = Some(([127, 0, 0, 1], mport).into());
        c.journal_checkpoint_every_secs = 1;
    })
    .await;
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    app.project(c.id, "Projet").await;
    let n = app.store.chain(app.a.id).await.unwrap().len();
    let wanted = format!("guichet_journal_checkpointed_seq{{tenant=\"127.0.0.1\"}} {n}");
    let mut metrics = String::new();
    for _ in 0..200 {
        if let Ok(r) = reqwest::get(format!("http://127.0.0.1:{mport}/metrics")).await {
            metrics = r.text().await.unwrap_or_default();
            if metrics.contains(&wanted) {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(metrics.contains(&wanted), "{wanted} in {metrics}");
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert!(
        check.holds() && check.checkpointed == Some(n as i64),
        "{check:?}"
    );
}

crate::both_backends_own_app!(workers_checkpoint_and_the_metrics_show_it);
