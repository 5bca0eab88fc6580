//! Documents: upload (streamed, limited, sniffed), versions, downloads, and who may see what.
use std::io::Write;

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::harness::{Browser, Page, TestApp};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    b: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: Vec<u8>,
) -> Page {
    b.post_form_data(path, fields, Some((name, bytes))).await
}

/// Files in the blob directory (the stored contents, not counting temporary ones).
fn blob_files(app: &TestApp) -> usize {
    let root = app.dir.0.join("data").join("blobs");
    let mut n = 0;
    let mut dirs = vec![root.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                dirs.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

fn temp_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.dir.0.join("data").join("blobs").join("tmp"))
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn documents_are_shared_versioned_and_guarded(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let project = app.project(c.id, "Étude").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let up = format!("/projects/{}/documents", project.id);

    // Staff upload a report: stored, sniffed as PDF, listed for staff and for the contact.
    let p = upload(
        &admin,
        &up,
        &[("title", "Rapport final"), ("kind", "report")],
        "../rapport final.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let docs = app.store.documents_of(app.a.id, project.id).await.unwrap();
    let (doc, v1) = docs[0].clone();
    assert_eq!(
        (doc.kind.as_str(), doc.status.as_str()),
        ("report", "published")
    );
    assert_eq!(
        (v1.filename.as_str(), v1.content_type.as_str(), v1.size),
        ("rapport final.pdf", "application/pdf", PDF.len() as i64)
    );
    assert!(
        admin
            .get(&format!("/staff/projects/{}", project.id))
            .await
            .has("Rapport final")
    );
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let page = contact
        .get(&format!("/portal/projects/{}", project.id))
        .await;
    assert!(
        page.has("Rapport final") && !page.has("data-testid=\"upload\""),
        "the default role only views"
    );

    // Downloads: the same bytes, as an attachment; a preview only for safe types, sandboxed.
    let res = contact
        .http
        .get(contact.url(&format!("/files/{}", v1.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/octet-stream");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"rapport final.pdf\"")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("sandbox")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let res = contact
        .http
        .get(contact.url(&format!("/files/{}?inline=1", v1.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );

    // A new version keeps the old one downloadable.
    let v2_bytes = [PDF, b"% v2\n"].concat();
    let p = upload(
        &admin,
        &format!("/documents/{}/versions", doc.id),
        &[],
        "rapport-v2.pdf",
        v2_bytes.clone(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = contact.get(&format!("/documents/{}", doc.id)).await;
    assert!(page.has("rapport-v2.pdf") && page.has("rapport final.pdf"));
    let old = contact
        .http
        .get(contact.url(&format!("/files/{}", v1.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(old.bytes().await.unwrap().as_ref(), PDF);

    // HTML is never served as HTML.
    let p = upload(
        &admin,
        &up,
        &[("kind", "other")],
        "page.html",
        b"<html><script>alert(1)</script></html>".to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let html = app.store.documents_of(app.a.id, project.id).await.unwrap()[0]
        .1
        .clone();
    let res = contact
        .http
        .get(contact.url(&format!("/files/{}?inline=1", html.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "application/octet-stream");

    // Too large (the test server allows 1 MB): 413, nothing stored.
    let before = blob_files(&app);
    let count = app
        .store
        .documents_of(app.a.id, project.id)
        .await
        .unwrap()
        .len();
    let p = upload(
        &admin,
        &up,
        &[("kind", "plan")],
        "gros.pdf",
        vec![b'x'; 1_200_000],
    )
    .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        app.store
            .documents_of(app.a.id, project.id)
            .await
            .unwrap()
            .len(),
        count
    );
    assert_eq!((blob_files(&app), temp_files(&app)), (before, 0));
    assert!(
        p.body.contains("1\u{a0}Mo") || p.body.contains("1\u{a0}MB"),
        "the page says what is allowed: {}",
        p.body
    );
    let page = admin.get(&format!("/staff/projects/{}", project.id)).await;
    assert!(
        page.has("1\u{a0}Mo") || page.has("1\u{a0}MB"),
        "the form says the limit"
    );
    // Each provider may have its own limit: tenant A takes 2 MB, tenant B keeps the default.
    app.portal
        .set_upload_limit(&app.a.host, Some(2))
        .await
        .unwrap();
    assert!(matches!(
        app.portal.set_upload_limit(&app.a.host, Some(0)).await,
        Err(guichet_core::CoreError::Invalid(_))
    ));
    let other = app.project(c.id, "Gros plans").await;
    let p = upload(
        &admin,
        &format!("/projects/{}/documents", other.id),
        &[("kind", "plan")],
        "gros.pdf",
        vec![b'x'; 1_200_000],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    app.portal
        .set_upload_limit(&app.a.host, None)
        .await
        .unwrap();
    let before = blob_files(&app);
    // A bad kind: 422, nothing stored.
    let p = upload(&admin, &up, &[("kind", "secret")], "x.pdf", PDF.to_vec()).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // No CSRF token: 403.
    let form = Form::new()
        .text("kind", "plan")
        .part("file", Part::bytes(PDF.to_vec()).file_name("x.pdf"));
    let res = admin
        .http
        .post(admin.url(&up))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // An upload cut off mid-way: no document, no blob, no temporary file left.
    let token = admin.csrf().await;
    let cookie = format!("guichet_csrf={token}");
    let signed = app
        .portal
        .sign_in(
            &app.a,
            "admin@a.example",
            crate::harness::PASSWORD,
            &guichet_core::Client::default(),
        )
        .await
        .unwrap();
    let session = format!("guichet_session={}", signed.token);
    let boundary = "XYZBOUNDARY";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nplan\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"coupe.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    );
    let request = format!(
        "POST {up} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {cookie}; {session}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 900000\r\nOrigin: http://127.0.0.1:{}\r\n\r\n{head}",
        app.port, app.port
    );
    {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", app.port)).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        s.write_all(&vec![b'y'; 300_000]).unwrap();
        s.flush().unwrap();
        s.shutdown(std::net::Shutdown::Both).unwrap();
    }
    let mut settled = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        if temp_files(&app) == 0 {
            settled = true;
            break;
        }
    }
    assert!(settled, "the temporary file of the cut upload is gone");
    assert_eq!(
        app.store
            .documents_of(app.a.id, project.id)
            .await
            .unwrap()
            .len(),
        count
    );
    assert_eq!(blob_files(&app), before);

    // Who sees what: anonymous visitors, another customer's contact, another tenant, roles.
    let anonymous = app.browser(&app.a);
    for path in [
        format!("/documents/{}", doc.id),
        format!("/files/{}", v1.id),
    ] {
        let p = anonymous.get(&path).await;
        assert!(
            p.location.unwrap_or_default().starts_with("/sign-in"),
            "{path}"
        );
    }
    let p = upload(&anonymous, &up, &[("kind", "plan")], "x.pdf", PDF.to_vec()).await;
    assert!(p.location.unwrap_or_default().starts_with("/sign-in"));
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant.get(&format!("/files/{}", v1.id)).await.status,
        StatusCode::OK,
        "staff may read"
    );
    let p = upload(&accountant, &up, &[("kind", "plan")], "x.pdf", PDF.to_vec()).await;
    assert_eq!(
        p.status,
        StatusCode::FORBIDDEN,
        "but an accountant may not upload"
    );
    let other = app.browser(&app.a);
    other.signed_in_as("other@client.example").await;
    assert_eq!(
        other.get(&format!("/documents/{}", doc.id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        other.get(&format!("/files/{}", v1.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_admin.get(&format!("/files/{}", v1.id)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        contact.get("/files/not-an-id").await.status,
        StatusCode::NOT_FOUND
    );
    // The default role may not upload.
    let p = upload(&contact, &up, &[("kind", "plan")], "plan.pdf", PDF.to_vec()).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // Accounting sees invoices only, and may upload them (and nothing else).
    let role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Comptabilité"),
                    ("op.projects", "view"),
                    ("op.documents", "create"),
                    ("scope.documents", "kinds"),
                    ("kinds.documents", "invoice"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    app.portal
        .move_contacts(
            &admin_user,
            &guichet_core::Client::default(),
            &[(c.id, u.id)],
            &role.id.to_string(),
        )
        .await
        .unwrap();
    let page = contact
        .get(&format!("/portal/projects/{}", project.id))
        .await;
    assert!(!page.has("Rapport final") && page.has("data-testid=\"upload\""));
    assert_eq!(
        contact.get(&format!("/files/{}", v1.id)).await.status,
        StatusCode::NOT_FOUND
    );
    let p = upload(&contact, &up, &[("kind", "report")], "r.pdf", PDF.to_vec()).await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a kind outside the role's scope"
    );
    let p = upload(
        &contact,
        &up,
        &[("title", "Preuve de virement"), ("kind", "invoice")],
        "virement.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = contact
        .get(&format!("/portal/projects/{}", project.id))
        .await;
    assert!(page.has("Preuve de virement"));
    let _ = c2;
}

/// Every upload, view and download is journaled; staff read and export the journal; the chain
/// verifies, and `guichet audit verify` finds a tampered entry.
async fn the_journal_records_and_detects_tampering(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &[("title", "Étude journalisée"), ("status", "open")],
        )
        .await;
    let pid = p
        .location
        .unwrap()
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let up = format!("/projects/{pid}/documents");
    upload(
        &admin,
        &up,
        &[("title", "Rapport"), ("kind", "report")],
        "rapport.pdf",
        PDF.to_vec(),
    )
    .await;
    let project: guichet_domain::ProjectId = pid.parse().unwrap();
    let (doc, v) = app.store.documents_of(app.a.id, project).await.unwrap()[0].clone();
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert_eq!(
        contact.get(&format!("/documents/{}", doc.id)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        contact.get(&format!("/files/{}", v.id)).await.status,
        StatusCode::OK
    );

    // Staff see who did what, from where; filtered; exported.
    let page = admin.get(&format!("/staff/projects/{pid}")).await;
    for text in [
        "Project opened",
        "Document uploaded",
        "Document viewed",
        "Document downloaded",
        "Camille Contact",
        "127.0.0.1",
    ] {
        assert!(page.has(text), "{text}");
    }
    let downloads = admin
        .get(&format!("/staff/projects/{pid}?journal=downloads"))
        .await;
    let table = &downloads.body[downloads.body.find("data-testid=\"journal\"").unwrap()..];
    assert!(table.contains("Document downloaded") && !table.contains("Document uploaded"));
    let csv = admin
        .http
        .get(admin.url(&format!("/staff/projects/{pid}/journal.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.starts_with("seq,at_utc,actor,ip,action,object_kind,object_id,detail,hash"));
    assert!(csv.contains("document.download") && csv.lines().count() >= 5);
    // A title a spreadsheet would run as a formula is exported as text.
    upload(
        &admin,
        &up,
        &[
            ("title", "=HYPERLINK(\"https://evil.example\",\"Devis\")"),
            ("kind", "report"),
        ],
        "devis.pdf",
        PDF.to_vec(),
    )
    .await;
    let csv = admin
        .http
        .get(admin.url(&format!("/staff/projects/{pid}/journal.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");
    assert!(
        csv.lines()
            .all(|l| !l.contains(",=") && !l.contains(",\"=")),
        "no cell starts with a formula: {csv}"
    );
    assert_eq!(
        contact
            .get(&format!("/staff/projects/{pid}/journal.csv"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The contact's timeline shows their project's history.
    assert!(
        contact
            .get(&format!("/portal/projects/{pid}"))
            .await
            .has(&format!("/portal/projects/{pid}/history"))
    );
    let timeline = contact
        .get(&format!("/portal/projects/{pid}/history"))
        .await;
    assert!(timeline.has("Document déposé") && timeline.has("Document téléchargé"));
    assert!(!timeline.has("127.0.0.1"), "IP addresses are for staff");

    // The chain verifies (the customer and contact created, the two sign-ins, the two exports
    // and the contact's refused export are journaled too); a changed entry is found, by the
    // core and by the command.
    let check = app.portal.verify_journal(app.a.id).await.unwrap();
    assert!(check.holds() && check.entries == 12, "{check:?}");
    use sqlx::Connection;
    if app.database_url.starts_with("sqlite") {
        let mut db = sqlx::SqliteConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query("UPDATE journal SET detail = 'falsifié' WHERE seq = 2")
            .execute(&mut db)
            .await
            .unwrap();
    } else {
        let mut db = sqlx::PgConnection::connect(&app.database_url)
            .await
            .unwrap();
        sqlx::query("UPDATE journal SET detail = 'falsifié' WHERE seq = 2")
            .execute(&mut db)
            .await
            .unwrap();
    }
    assert!(matches!(
        app.portal.verify_journal(app.a.id).await.unwrap().problems[..],
        [guichet_core::journal::JournalProblem::Chain(
            guichet_domain::ChainBreak::Altered { seq: 2, .. }
        )]
    ));
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_guichet"))
        .args(["audit", "verify"])
        .current_dir(&app.dir.0)
        .env("GUICHET_DATABASE_URL", &app.database_url)
        .env("GUICHET_METRICS_LISTEN", "")
        .env("GUICHET_AUTO_MIGRATE", "false")
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("BROKEN") && text.contains("#2"), "{text}");
    assert!(
        text.contains("localhost\tintact"),
        "tenant B's chain is untouched: {text}"
    );
}

/// Viewing links: open without an account (the GET spends nothing), only what they open,
/// revoked at once (the open view ends too), expiry, bad tokens throttled, uses counted and
/// journaled.
async fn viewing_links_open_documents_without_an_account(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &[("title", "Projet partagé"), ("status", "open")],
        )
        .await;
    let pid = p
        .location
        .unwrap()
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let up = format!("/projects/{pid}/documents");
    upload(
        &admin,
        &up,
        &[("title", "Rapport final"), ("kind", "report")],
        "rapport.pdf",
        PDF.to_vec(),
    )
    .await;
    upload(
        &admin,
        &up,
        &[("title", "Facture interne"), ("kind", "invoice")],
        "facture.pdf",
        [PDF, b"%f"].concat(),
    )
    .await;
    let project: guichet_domain::ProjectId = pid.parse().unwrap();
    let docs = app.store.documents_of(app.a.id, project).await.unwrap();
    let report = docs
        .iter()
        .find(|(d, _)| d.title == "Rapport final")
        .unwrap()
        .clone();
    let invoice = docs
        .iter()
        .find(|(d, _)| d.title == "Facture interne")
        .unwrap()
        .clone();

    // Bad input: 422; another tenant's project: 404.
    let p = admin
        .post(
            &format!("/staff/projects/{pid}/links"),
            &[("label", ""), ("days", "30")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = admin
        .post(
            &format!("/staff/projects/{pid}/links"),
            &[("label", "X"), ("days", "9999")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A link to the report only.
    let p = admin
        .post(
            &format!("/staff/projects/{pid}/links"),
            &[
                ("label", "Propriétaire"),
                ("document", &report.0.id.to_string()),
                ("days", "30"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    let marker = "data-testid=\"link-url\"";
    let at = p.body.find(marker).unwrap();
    let value = &p.body[..at];
    let start = value.rfind("value=\"").unwrap() + 7;
    let url = value[start..start + value[start..].find('"').unwrap()].to_string();
    let path = url
        .split_once(&format!(":{}", app.port))
        .unwrap()
        .1
        .to_string();
    assert!(path.starts_with("/l/"));

    // A visitor without an account: the GET shows a button and counts nothing.
    let visitor = app.browser(&app.a);
    let landing = visitor.get(&path).await;
    assert_eq!(landing.status, StatusCode::OK);
    let links = app
        .portal
        .project_links(&app.staff(&app.a, "admin").await, project)
        .await
        .unwrap();
    assert_eq!(links[0].uses, 0);
    let p = visitor.post(&path, &[]).await;
    assert_eq!(p.location.as_deref(), Some("/shared"));
    let shared = visitor.get("/shared").await;
    assert!(
        shared.has("Rapport final") && !shared.has("Facture interne"),
        "only what the link opens"
    );
    let res = visitor
        .http
        .get(visitor.url(&format!("/shared/files/{}", report.1.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        visitor
            .get(&format!("/shared/files/{}", invoice.1.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Staff see the use and the journal names the link.
    let page = admin.get(&format!("/staff/projects/{pid}")).await;
    let table = &page.body[page.body.find("data-testid=\"links\"").unwrap()..];
    assert!(table.contains("Propriétaire") && table.contains("<td>1</td>"));
    let journal = app
        .portal
        .project_journal(
            &app.staff(&app.a, "admin").await,
            project,
            Some("document.download"),
            10,
        )
        .await
        .unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.actor.is_none() && e.actor_label.contains("Propriétaire"))
    );

    // Revoked: the next click fails with a friendly page, and the open view ends too.
    let link_id = links[0].id;
    let p = admin
        .post(
            &format!("/staff/projects/{pid}/links/{link_id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(visitor.get("/shared").await.status, StatusCode::GONE);
    assert_eq!(
        visitor
            .get(&format!("/shared/files/{}", report.1.id))
            .await
            .status,
        StatusCode::GONE
    );
    let again = app.browser(&app.a);
    let p = again.get(&path).await;
    assert_eq!(p.status, StatusCode::GONE);
    assert!(p.has("retiré") || p.has("withdrawn"));

    // An expired link: 410 with its own message.
    let now = guichet_domain::Millis::now();
    app.store
        .insert_link(&guichet_domain::ShareLink {
            id: guichet_domain::LinkId::new(),
            tenant_id: app.a.id,
            customer_id: c.id,
            project_id: project,
            document_id: None,
            label: "Ancien".into(),
            token_hash: guichet_core::secrets::hash_token("an-expired-token"),
            created_by: app.staff(&app.a, "admin").await.id,
            created_at: now.plus_secs(-90_000),
            expires_at: now.plus_secs(-10),
            revoked_at: None,
            uses: 0,
            last_used_at: None,
            sign_in: false,
        })
        .await
        .unwrap();
    let p = app.browser(&app.a).get("/l/an-expired-token").await;
    assert_eq!(p.status, StatusCode::GONE);
    assert!(p.has("expiré") || p.has("expired"));

    // Tampered tokens: 410; many of them from one address: throttled.
    let stranger = app.browser(&app.a);
    assert_eq!(
        stranger.get("/l/not-a-real-token").await.status,
        StatusCode::GONE
    );
    let mut throttled = false;
    for i in 0..40 {
        if stranger.get(&format!("/l/guess-{i}")).await.status == StatusCode::TOO_MANY_REQUESTS {
            throttled = true;
            break;
        }
    }
    assert!(throttled, "guessing is throttled");
    // Another tenant's host knows nothing of the link.
    let b = app.browser(&app.b);
    assert!(matches!(
        b.get(&path).await.status,
        StatusCode::GONE | StatusCode::TOO_MANY_REQUESTS
    ));
    // Only staff who manage customers create or revoke links.
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant
            .post(
                &format!("/staff/projects/{pid}/links"),
                &[("label", "X"), ("days", "3")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert_eq!(
        contact
            .post(
                &format!("/staff/projects/{pid}/links"),
                &[("label", "X"), ("days", "3")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// Staff ask for a file by a date; a contact who may upload fulfils it; it shows as received.
async fn document_requests_are_fulfilled_by_uploads(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &[("title", "Projet"), ("status", "open")],
        )
        .await;
    let pid = p
        .location
        .unwrap()
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    // Bad input: 422 (no title, a date that does not exist, an unknown kind).
    for fields in [
        vec![("title", ""), ("kind", "plan"), ("due_on", "")],
        vec![
            ("title", "Plan"),
            ("kind", "plan"),
            ("due_on", "2026-02-30"),
        ],
        vec![("title", "Plan"), ("kind", "secret"), ("due_on", "")],
    ] {
        let p = admin
            .post(&format!("/staff/projects/{pid}/requests"), &fields)
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    let p = admin
        .post(
            &format!("/staff/projects/{pid}/requests"),
            &[
                ("title", "Plan signé"),
                ("kind", "plan"),
                ("due_on", "2026-12-01"),
                ("description", "Signé par le propriétaire"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let project: guichet_domain::ProjectId = pid.parse().unwrap();
    let request = app.store.requests_of(app.a.id, project).await.unwrap()[0].clone();

    // The contact sees it; with the default role (view only) there is no upload form.
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let page = contact.get(&format!("/portal/projects/{pid}")).await;
    assert!(
        page.has("Plan signé") && page.has("attendu le 1er décembre 2026") && !page.has("/fulfil")
    );
    let p = upload(
        &contact,
        &format!("/requests/{}/fulfil", request.id),
        &[],
        "plan.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // A role that may upload: fulfilled by the upload.
    let admin_user = app.staff(&app.a, "admin").await;
    let role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Dépôt"),
                    ("op.projects", "view"),
                    ("op.documents", "create"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    app.portal
        .move_contacts(
            &admin_user,
            &guichet_core::Client::default(),
            &[(c.id, u.id)],
            &role.id.to_string(),
        )
        .await
        .unwrap();
    assert!(
        contact
            .get(&format!("/portal/projects/{pid}"))
            .await
            .has("/fulfil")
    );
    let p = upload(
        &contact,
        &format!("/requests/{}/fulfil", request.id),
        &[],
        "plan-signe.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let done = app
        .store
        .request(app.a.id, request.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.fulfilled_by, Some(u.id));
    let doc = app
        .store
        .document(app.a.id, done.document_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (doc.title.as_str(), doc.kind.as_str()),
        ("Plan signé", "plan")
    );
    // Once received: a second file is refused (409), nothing more stored.
    let p = upload(
        &contact,
        &format!("/requests/{}/fulfil", request.id),
        &[],
        "encore.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert_eq!(
        app.store
            .documents_of(app.a.id, project)
            .await
            .unwrap()
            .len(),
        1
    );
    // Staff see it received, with the document.
    let page = admin.get(&format!("/staff/projects/{pid}")).await;
    let list = &page.body[page.body.find("data-testid=\"requests\"").unwrap()..];
    assert!(list.contains(&format!("/documents/{}", doc.id)));
    // Another customer's contact and another tenant cannot see or fulfil it.
    let (_, _) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "fr")
        .await;
    let other = app.browser(&app.a);
    other.signed_in_as("other@client.example").await;
    assert_eq!(
        other.get(&format!("/portal/projects/{pid}")).await.status,
        StatusCode::NOT_FOUND
    );
    let b = app.browser(&app.b);
    b.signed_in_as("admin@b.example").await;
    assert_eq!(
        b.post(
            &format!("/staff/projects/{pid}/requests"),
            &[("title", "X"), ("kind", "plan")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

/// A project as a ZIP: every document the role shows (or the ticked ones), streamed.
async fn projects_download_as_zip(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &[("title", "Projet"), ("status", "open")],
        )
        .await;
    let pid = p
        .location
        .unwrap()
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let up = format!("/projects/{pid}/documents");
    let big: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
    upload(
        &admin,
        &up,
        &[("title", "Rapport"), ("kind", "report")],
        "rapport.pdf",
        PDF.to_vec(),
    )
    .await;
    upload(
        &admin,
        &up,
        &[("title", "Relevés"), ("kind", "measurement")],
        "releves.bin",
        big.clone(),
    )
    .await;
    upload(
        &admin,
        &up,
        &[("title", "Facture"), ("kind", "invoice")],
        "facture.pdf",
        [PDF, b"%i"].concat(),
    )
    .await;
    let read = |bytes: Vec<u8>| {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            out.push((f.name().to_string(), data));
        }
        out.sort();
        out
    };
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert!(
        contact
            .get(&format!("/portal/projects/{pid}"))
            .await
            .has("data-testid=\"zip-all\"")
    );
    let res = contact
        .http
        .get(contact.url(&format!("/projects/{pid}/zip")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    // Named after the project and the day, not an identifier.
    let named = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        named.contains(&format!(
            "filename=\"Projet {}.zip\"",
            guichet_core::sales::shop::today()
        )),
        "{named}"
    );
    let files = read(res.bytes().await.unwrap().to_vec());
    assert_eq!(
        files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        [
            "Facture - facture.pdf",
            "Rapport - rapport.pdf",
            "Relevés - releves.bin"
        ]
    );
    assert_eq!(files[2].1, big, "contents intact");
    // The ticked ones only.
    let docs = app
        .store
        .documents_of(app.a.id, pid.parse().unwrap())
        .await
        .unwrap();
    let report = docs
        .iter()
        .find(|(d, _)| d.title == "Rapport")
        .unwrap()
        .0
        .id;
    let res = contact
        .http
        .get(contact.url(&format!("/projects/{pid}/zip?doc={report}")))
        .send()
        .await
        .unwrap();
    let files = read(res.bytes().await.unwrap().to_vec());
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].1, PDF);
    // A role that sees invoices only gets only them; one that sees no documents gets 404.
    let admin_user = app.staff(&app.a, "admin").await;
    for (name, pairs, expected) in [
        (
            "Compta",
            vec![
                ("op.projects", "view"),
                ("op.documents", "view"),
                ("scope.documents", "kinds"),
                ("kinds.documents", "invoice"),
            ],
            Some(1),
        ),
        ("Sans documents", vec![("op.projects", "view")], None),
    ] {
        let mut all = vec![("name".to_string(), name.to_string())];
        all.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let role = app
            .portal
            .create_role(
                &admin_user,
                &guichet_core::Client::default(),
                &crate::harness::role_form(all),
            )
            .await
            .unwrap();
        app.portal
            .move_contacts(
                &admin_user,
                &guichet_core::Client::default(),
                &[(c.id, u.id)],
                &role.id.to_string(),
            )
            .await
            .unwrap();
        let res = contact
            .http
            .get(contact.url(&format!("/projects/{pid}/zip")))
            .send()
            .await
            .unwrap();
        match expected {
            Some(n) => {
                assert_eq!(res.status(), StatusCode::OK, "{name}");
                let files = read(res.bytes().await.unwrap().to_vec());
                assert_eq!(files.len(), n, "{name}");
                assert!(files[0].0.starts_with("Facture"), "{name}");
            }
            None => assert_eq!(res.status(), StatusCode::NOT_FOUND, "{name}"),
        }
    }
    // Another tenant: not found; anonymous: sign in.
    let b = app.browser(&app.b);
    b.signed_in_as("admin@b.example").await;
    assert_eq!(
        b.get(&format!("/projects/{pid}/zip")).await.status,
        StatusCode::NOT_FOUND
    );
    let anonymous = app.browser(&app.a);
    assert!(
        anonymous
            .get(&format!("/projects/{pid}/zip"))
            .await
            .location
            .unwrap_or_default()
            .starts_with("/sign-in")
    );
    // Journaled.
    let journal = app
        .portal
        .project_journal(&admin_user, pid.parse().unwrap(), Some("project.zip"), 10)
        .await
        .unwrap();
    assert!(journal.len() >= 3);
}

/// Messages on a project and on its documents, by staff and by contacts who see them.
async fn comments_on_projects_and_documents(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &[("title", "Projet"), ("status", "open")],
        )
        .await;
    let pid = p
        .location
        .unwrap()
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    upload(
        &admin,
        &format!("/projects/{pid}/documents"),
        &[("title", "Rapport"), ("kind", "report")],
        "r.pdf",
        PDF.to_vec(),
    )
    .await;
    let doc = app
        .store
        .documents_of(app.a.id, pid.parse().unwrap())
        .await
        .unwrap()[0]
        .0
        .id;
    let url = format!("/projects/{pid}/comments");

    let p = admin
        .post_form_data(&url, &[("body", "Les forages commencent lundi.")], None)
        .await;
    assert_eq!(p.location, Some(format!("/staff/projects/{pid}#comments")));
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let page = contact.get(&format!("/portal/projects/{pid}")).await;
    assert!(page.has("Les forages commencent lundi.") && page.has("Alice Admin"));
    let p = contact
        .post_form_data(
            &url,
            &[("body", "Merci, le terrain sera accessible.")],
            None,
        )
        .await;
    assert_eq!(p.location, Some(format!("/portal/projects/{pid}#comments")));
    let p = contact
        .post_form_data(
            &url,
            &[
                ("body", "Une question sur la page 3."),
                ("document", &doc.to_string()),
            ],
            None,
        )
        .await;
    assert_eq!(p.location, Some(format!("/documents/{doc}#comments")));
    let doc_page = contact.get(&format!("/documents/{doc}")).await;
    assert!(doc_page.has("Une question sur la page 3.") && !doc_page.has("Merci, le terrain"));
    let staff_page = admin.get(&format!("/staff/projects/{pid}")).await;
    assert!(
        staff_page.has("Merci, le terrain sera accessible.") && staff_page.has("Camille Contact")
    );
    // Mentions email the people named who see the project, unless they said no.
    let p = admin
        .post_form_data(
            &url,
            &[("body", "Bonjour @Camille Contact, le plan est prêt.")],
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(
        mail.link("/portal/projects/").contains(&pid),
        "a link to the project"
    );
    let before = app.mails_to("camille@client.example").await.len();
    let u = app
        .store
        .user_by_email(
            app.a.id,
            &guichet_domain::Email::parse("camille@client.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    app.portal
        .set_notification_prefs(
            &u,
            &[(
                guichet_domain::NotifyKind::CommentMention,
                guichet_domain::NotifyMode::Off,
            )],
        )
        .await
        .unwrap();
    admin
        .post_form_data(&url, &[("body", "@camille contact encore une fois")], None)
        .await;
    assert_eq!(
        app.mails_to("camille@client.example").await.len(),
        before,
        "preferences respected"
    );
    // Bad input: 422, nothing saved.
    for body in [String::new(), "   ".into(), "x".repeat(5001)] {
        let p = contact
            .post_form_data(&url, &[("body", body.as_str())], None)
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let comments = app
        .store
        .comments_of(app.a.id, pid.parse().unwrap(), None)
        .await
        .unwrap();
    assert_eq!(comments.len(), 4);
    // Journaled.
    let journal = app
        .portal
        .project_journal(
            &app.staff(&app.a, "admin").await,
            pid.parse().unwrap(),
            Some("comment."),
            10,
        )
        .await
        .unwrap();
    assert_eq!(journal.len(), 5);
    // Others: another customer's contact and another tenant get 404; accountant 403; anonymous
    // is sent to sign in; a role that does not see the document may not comment on it.
    app.customer_with_contact(&app.a, "C-2", "other@client.example", "fr")
        .await;
    let other = app.browser(&app.a);
    other.signed_in_as("other@client.example").await;
    assert_eq!(
        other
            .post_form_data(&url, &[("body", "x")], None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let b = app.browser(&app.b);
    b.signed_in_as("admin@b.example").await;
    assert_eq!(
        b.post_form_data(&url, &[("body", "x")], None).await.status,
        StatusCode::NOT_FOUND
    );
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant
            .post_form_data(&url, &[("body", "x")], None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let anonymous = app.browser(&app.a);
    assert!(
        anonymous
            .post_form_data(&url, &[("body", "x")], None)
            .await
            .location
            .unwrap_or_default()
            .starts_with("/sign-in")
    );
    let admin_user = app.staff(&app.a, "admin").await;
    let role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), "Projets seulement".into()),
                ("op.projects".into(), "view".into()),
            ]),
        )
        .await
        .unwrap();
    let u = app
        .store
        .user_by_email(
            app.a.id,
            &guichet_domain::Email::parse("camille@client.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    app.portal
        .move_contacts(
            &admin_user,
            &guichet_core::Client::default(),
            &[(c.id, u.id)],
            &role.id.to_string(),
        )
        .await
        .unwrap();
    let p = contact
        .post_form_data(&url, &[("body", "x"), ("document", &doc.to_string())], None)
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.store
            .comments_of(app.a.id, pid.parse().unwrap(), Some(doc))
            .await
            .unwrap()
            .len(),
        1
    );
}

crate::both_backends!(
    comments_on_projects_and_documents,
    projects_download_as_zip,
    document_requests_are_fulfilled_by_uploads,
    documents_are_shared_versioned_and_guarded,
    the_journal_records_and_detects_tampering,
    viewing_links_open_documents_without_an_account
);

/// With `[s3]` configured, files go to the bucket and come back verified; an oversized upload
/// stores nothing there.
async fn files_live_in_object_storage_when_configured(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let project = app.project(c.id, "Stockage objet").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let up = format!("/projects/{}/documents", project.id);
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 253) as u8).collect();
    let p = upload(
        &admin,
        &up,
        &[("kind", "plan")],
        "plan.bin",
        content.clone(),
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let (_, v) = app
        .store
        .documents_of(app.a.id, project.id)
        .await
        .unwrap()
        .remove(0);
    let (_, config) = app.s3.as_ref().unwrap();
    let direct = guichet_blob::S3BlobStore::open(config, app.dir.0.join("probe"))
        .await
        .unwrap();
    use guichet_blob::BlobStore;
    assert!(
        direct.exists(&v.sha256).await.unwrap(),
        "the content is in the bucket"
    );
    assert_eq!(blob_files(&app), 0, "and not in local files");
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let res = contact
        .http
        .get(contact.url(&format!("/files/{}", v.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), content);
    let p = upload(
        &admin,
        &up,
        &[("kind", "plan")],
        "big.bin",
        vec![7; 1_100_000],
    )
    .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    let sha_of_big = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(vec![7u8; 1_100_000]))
    };
    assert!(!direct.exists(&sha_of_big).await.unwrap());
    assert_eq!(
        app.store
            .documents_of(app.a.id, project.id)
            .await
            .unwrap()
            .len(),
        1
    );
}

mod with_s3 {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn files_live_in_object_storage_on_sqlite() {
        super::files_live_in_object_storage_when_configured(
            crate::harness::spawn_app_on(crate::harness::Backend::Sqlite, true).await,
        )
        .await;
    }
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn files_live_in_object_storage_on_postgres() {
        super::files_live_in_object_storage_when_configured(
            crate::harness::spawn_app_on(crate::harness::Backend::Postgres, true).await,
        )
        .await;
    }
}
