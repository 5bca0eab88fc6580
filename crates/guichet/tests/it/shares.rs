//! Per-contact access to a project or one document: share a whole project, only some documents,
//! view only (preview, no download), download, upload; set by staff only.
use guichet_domain::{DocumentId, ProjectId, VersionId};
use reqwest::StatusCode;

use crate::harness::{Browser, Page, TestApp};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(
    b: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> Page {
    b.post_form_data(path, fields, Some((name, bytes.to_vec())))
        .await
}

async fn status(b: &Browser, path: &str) -> StatusCode {
    b.http.get(b.url(path)).send().await.unwrap().status()
}

/// Sets a contact's access as staff; returns the response.
async fn set(
    b: &Browser,
    project: ProjectId,
    document: Option<DocumentId>,
    user: &str,
    level: &str,
) -> Page {
    let document = document.map(|d| d.to_string()).unwrap_or_default();
    b.post(
        &format!("/staff/projects/{project}/access"),
        &[("user", user), ("level", level), ("document", &document)],
    )
    .await
}

async fn contacts_get_rights_per_project_and_per_document(app: TestApp) {
    let (c, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (_, stranger) = app
        .customer_with_contact(&app.a, "C-2", "autre@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let owner_role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Propriétaire"),
                    ("op.projects", "view"),
                    ("scope.projects", "own"),
                    ("op.documents", "view"),
                    ("scope.documents", "own"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    let pierre = app
        .contact_in(
            &app.a,
            c.id,
            "Pierre Proprio",
            "pierre@client.example",
            &owner_role.id.to_string(),
            "fr",
        )
        .await;
    let compta = app
        .contact_in(
            &app.a,
            c.id,
            "Compta Alpha",
            "compta@client.example",
            "",
            "en",
        )
        .await;
    let project = app.project(c.id, "Agrandissement").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let up = format!("/projects/{}/documents", project.id);
    for (title, kind, name, bytes) in [
        ("Rapport final", "report", "rapport.pdf", PDF),
        ("Facture 12", "invoice", "facture.pdf", PDF),
        (
            "Relevé",
            "measurement",
            "releve.txt",
            b"x;y\n1;2\n".as_slice(),
        ),
    ] {
        let p = upload(
            &admin,
            &up,
            &[("title", title), ("kind", kind)],
            name,
            bytes,
        )
        .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    }
    let docs = app.store.documents_of(app.a.id, project.id).await.unwrap();
    let find = |t: &str| -> (DocumentId, VersionId) {
        let (d, v) = docs.iter().find(|(d, _)| d.title == t).unwrap();
        (d.id, v.id)
    };
    let (report, report_v) = find("Rapport final");
    let (invoice, invoice_v) = find("Facture 12");
    let (measure, measure_v) = find("Relevé");
    let project_page = format!("/portal/projects/{}", project.id);

    // Pierre's role reaches only what he created: nothing, until staff share some of it.
    let pb = app.browser(&app.a);
    pb.signed_in_as("pierre@client.example").await;
    assert!(!pb.get("/portal/projects").await.has("Agrandissement"));
    assert_eq!(status(&pb, &project_page).await, StatusCode::NOT_FOUND);
    let page = admin.get(&format!("/staff/projects/{}", project.id)).await;
    assert!(
        page.has("data-testid=\"access\"") && page.has("data-contact=\"pierre@client.example\""),
        "staff see each contact's access"
    );
    let p = set(&admin, project.id, None, &pierre.id.to_string(), "hidden").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = set(
        &admin,
        project.id,
        Some(report),
        &pierre.id.to_string(),
        "view",
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert!(pb.get("/portal/projects").await.has("Agrandissement"));
    let page = pb.get(&project_page).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Rapport final") && !page.has("Facture 12") && !page.has("Relevé"));
    assert!(
        page.has("Consultation seulement") && !page.has("data-testid=\"zip-all\""),
        "view only: no download, no ZIP"
    );
    assert!(
        pb.get(&format!("/documents/{report}"))
            .await
            .has("data-testid=\"view-only\"")
    );
    assert_eq!(
        status(&pb, &format!("/documents/{invoice}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&pb, &format!("/files/{report_v}?inline=1")).await,
        StatusCode::OK,
        "a PDF previews in the browser"
    );
    assert_eq!(
        status(&pb, &format!("/files/{report_v}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&pb, &format!("/files/{invoice_v}?inline=1")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        status(&pb, &format!("/projects/{}/zip", project.id)).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        upload(&pb, &up, &[("kind", "report")], "x.pdf", PDF)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let journal = app.store.chain(app.a.id).await.unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.action == "document.preview" && e.actor == Some(pierre.id))
    );
    assert!(
        journal
            .iter()
            .any(|e| e.action == "share.set" && e.detail.contains("Pierre Proprio"))
    );

    // Camille's role downloads everything; a project share "view" restricts her, a document
    // share lifts one document back, another hides one.
    let cb = app.browser(&app.a);
    cb.signed_in_as("camille@client.example").await;
    assert_eq!(
        status(&cb, &format!("/files/{invoice_v}")).await,
        StatusCode::OK
    );
    let camille_id = camille.id.to_string();
    set(&admin, project.id, None, &camille_id, "view").await;
    assert_eq!(
        status(&cb, &format!("/files/{invoice_v}")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        status(&cb, &format!("/files/{invoice_v}?inline=1")).await,
        StatusCode::OK
    );
    let page = cb.get(&format!("/files/{measure_v}?inline=1")).await;
    assert!(
        page.status == StatusCode::OK
            && page.has("data-testid=\"preview-unavailable\"")
            && !page.has("x;y"),
        "only PDFs and images preview; the rest needs the download right: {}",
        page.body
    );
    set(&admin, project.id, Some(invoice), &camille_id, "download").await;
    assert_eq!(
        status(&cb, &format!("/files/{invoice_v}")).await,
        StatusCode::OK
    );
    set(&admin, project.id, Some(measure), &camille_id, "hidden").await;
    assert_eq!(
        status(&cb, &format!("/documents/{measure}")).await,
        StatusCode::NOT_FOUND
    );
    let page = cb.get(&project_page).await;
    assert!(page.has("Facture 12") && !page.has("Relevé"));
    let zip = cb
        .http
        .get(cb.url(&format!("/projects/{}/zip", project.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(zip.status(), StatusCode::OK);
    let bytes = zip.bytes().await.unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), 1, "only the downloadable document");
    // Back to her role.
    set(&admin, project.id, None, &camille_id, "").await;
    set(&admin, project.id, Some(measure), &camille_id, "").await;
    assert_eq!(
        status(&cb, &format!("/files/{measure_v}")).await,
        StatusCode::OK
    );
    let page = admin.get(&format!("/documents/{invoice}")).await;
    assert!(
        page.has("data-contact=\"camille@client.example\""),
        "per-document access for staff"
    );

    // Upload: on the project (new documents), on a document (new versions).
    let kb = app.browser(&app.a);
    kb.signed_in_as("compta@client.example").await;
    assert!(!kb.get(&project_page).await.has("data-testid=\"upload\""));
    set(&admin, project.id, None, &compta.id.to_string(), "upload").await;
    assert!(kb.get(&project_page).await.has("data-testid=\"upload\""));
    let p = upload(
        &kb,
        &up,
        &[("title", "Preuve de virement"), ("kind", "other")],
        "v.pdf",
        PDF,
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let versions = format!("/documents/{report}/versions");
    assert_eq!(
        upload(&cb, &versions, &[], "r2.pdf", PDF).await.status,
        StatusCode::FORBIDDEN
    );
    set(&admin, project.id, Some(report), &camille_id, "upload").await;
    let p = upload(&cb, &versions, &[], "r2.pdf", PDF).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(app.store.versions(app.a.id, report).await.unwrap().len(), 2);

    // Only staff who manage customers set access; never across tenants or accounts.
    let before = app
        .store
        .shares_of_project(app.a.id, project.id)
        .await
        .unwrap();
    let p = set(&cb, project.id, None, &camille_id, "upload").await;
    assert_eq!(p.status, StatusCode::FORBIDDEN, "a contact");
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        set(&accountant, project.id, None, &camille_id, "upload")
            .await
            .status,
        StatusCode::FORBIDDEN,
        "staff without the right"
    );
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("admin@b.example").await;
    assert_eq!(
        set(&foreign, project.id, None, &camille_id, "upload")
            .await
            .status,
        StatusCode::NOT_FOUND,
        "another tenant"
    );
    let anonymous = app.browser(&app.a);
    assert!(
        set(&anonymous, project.id, None, &camille_id, "upload")
            .await
            .location
            .unwrap_or_default()
            .starts_with("/sign-in")
    );
    let p = set(&admin, project.id, None, &stranger.id.to_string(), "upload").await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a contact of another account"
    );
    let p = set(&admin, project.id, None, &camille_id, "owner").await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown level"
    );
    assert_eq!(
        app.store
            .shares_of_project(app.a.id, project.id)
            .await
            .unwrap(),
        before,
        "nothing changed"
    );
}

/// Staff move a document through the statuses of its kind; stale forms, wrong statuses and
/// people without the right change nothing.
async fn staff_move_documents_through_their_statuses(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let project = app.project(c.id, "Soumission").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let up = format!("/projects/{}/documents", project.id);
    let p = upload(
        &admin,
        &up,
        &[("title", "Soumission 7"), ("kind", "quote")],
        "s.pdf",
        PDF,
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let doc = app
        .store
        .documents_of(app.a.id, project.id)
        .await
        .unwrap()
        .remove(0)
        .0;
    assert_eq!(doc.status, guichet_domain::DocumentStatus::ToApprove);
    let url = format!("/documents/{}/status", doc.id);
    let version = doc.updated_at.0.to_string();
    let page = admin.get(&format!("/documents/{}", doc.id)).await;
    assert!(page.has("data-testid=\"status-form\""));
    let p = admin
        .post(&url, &[("status", "paid"), ("version", &version)])
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not a quote status"
    );
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert!(
        !contact
            .get(&format!("/documents/{}", doc.id))
            .await
            .has("status-form")
    );
    let p = contact
        .post(&url, &[("status", "approved"), ("version", &version)])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("admin@b.example").await;
    let p = foreign
        .post(&url, &[("status", "approved"), ("version", &version)])
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let anonymous = app.browser(&app.a);
    let p = anonymous
        .post(&url, &[("status", "approved"), ("version", &version)])
        .await;
    assert!(p.location.unwrap_or_default().starts_with("/sign-in"));
    let p = admin
        .post(&url, &[("status", "approved"), ("version", &version)])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = admin
        .post(&url, &[("status", "refused"), ("version", &version)])
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT, "a stale form");
    let now = app.store.document(app.a.id, doc.id).await.unwrap().unwrap();
    assert_eq!(now.status, guichet_domain::DocumentStatus::Approved);
    assert!(
        contact
            .get(&format!("/portal/projects/{}", project.id))
            .await
            .has("Approuvée")
    );
    let journal = app.store.chain(app.a.id).await.unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.action == "document.status" && e.detail.contains("to_approve → approved"))
    );
    // A provider may use only some document kinds: others are refused, nothing stored.
    app.portal
        .set_document_kinds(
            &app.a.host,
            &[
                guichet_domain::DocumentKind::Quote,
                guichet_domain::DocumentKind::Report,
            ],
        )
        .await
        .unwrap();
    let count = app
        .store
        .documents_of(app.a.id, project.id)
        .await
        .unwrap()
        .len();
    let p = upload(&admin, &up, &[("kind", "invoice")], "f.pdf", PDF).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let p = upload(&admin, &up, &[("kind", "report")], "r.pdf", PDF).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .documents_of(app.a.id, project.id)
            .await
            .unwrap()
            .len(),
        count + 1
    );
    app.portal
        .set_document_kinds(&app.a.host, &[])
        .await
        .unwrap();

    // The provider's team on the project: set by staff, shown to the customer.
    let manager = app.staff(&app.a, "manager").await;
    let team_url = format!("/staff/projects/{}/team", project.id);
    let (admin_id, manager_id) = (admin_user.id.to_string(), manager.id.to_string());
    let p = admin
        .post(&team_url, &[("member", &admin_id), ("member", &manager_id)])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = contact
        .get(&format!("/portal/projects/{}", project.id))
        .await;
    assert!(
        page.has("data-testid=\"team\"")
            && page.has("Max Manager")
            && page.has("mailto:admin@a.example")
    );
    let camille_id = app
        .store
        .user_by_email(
            app.a.id,
            &guichet_domain::Email::parse("camille@client.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let p = admin.post(&team_url, &[("member", &camille_id)]).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "only staff");
    assert_eq!(
        contact
            .post(&team_url, &[("member", &admin_id)])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        foreign
            .post(&team_url, &[("member", &admin_id)])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.store
            .project_team(app.a.id, project.id)
            .await
            .unwrap()
            .len(),
        2,
        "unchanged by refused requests"
    );

    // Staff see what happened to the document on its page; contacts do not.
    let page = admin.get(&format!("/documents/{}", doc.id)).await;
    assert!(page.has("id=\"document-journal\""));
    assert!(page.has("Status changed") || page.has("Statut modifié"));
    assert!(
        !contact
            .get(&format!("/documents/{}", doc.id))
            .await
            .has("document-journal")
    );
}

/// Documents of one project, inserted straight in the store (no files: lists only).
async fn seed_documents(
    app: &TestApp,
    project: &guichet_domain::Project,
    by: guichet_domain::UserId,
    n: usize,
) -> Vec<DocumentId> {
    let mut ids = Vec::new();
    for i in 0..n {
        let at = guichet_domain::Millis(1_780_000_000_000 + (i as i64) * 1000);
        use guichet_domain::DocumentKind;
        let kind = if i % 3 == 0 {
            DocumentKind::Invoice
        } else {
            DocumentKind::Report
        };
        let doc = guichet_domain::Document {
            id: DocumentId::new(),
            tenant_id: project.tenant_id,
            customer_id: project.customer_id,
            project_id: project.id,
            title: format!(
                "{} {i:03}",
                if kind == DocumentKind::Invoice {
                    "Facture"
                } else {
                    "Rapport"
                }
            ),
            kind,
            status: kind.first_status(),
            created_by: by,
            created_at: at,
            updated_at: at,
        };
        let v = guichet_domain::DocumentVersion {
            id: VersionId::new(),
            tenant_id: project.tenant_id,
            document_id: doc.id,
            number: 1,
            filename: format!("doc-{i}.pdf"),
            content_type: "application/pdf".into(),
            size: 1000,
            sha256: "a".repeat(64),
            uploaded_by: by,
            uploaded_at: at,
        };
        app.store.insert_document(&doc, &v).await.unwrap();
        ids.push(doc.id);
    }
    ids
}

async fn every_document_of_the_account_on_one_list(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "autre@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let owner_role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Propriétaire"),
                    ("op.projects", "view"),
                    ("scope.projects", "own"),
                    ("op.documents", "view"),
                    ("scope.documents", "own"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    let pierre = app
        .contact_in(
            &app.a,
            c.id,
            "Pierre Proprio",
            "pierre@client.example",
            &owner_role.id.to_string(),
            "fr",
        )
        .await;
    let new_project = |customer, title: &str| {
        let portal = app.portal.clone();
        let admin_user = admin_user.clone();
        let title = title.to_string();
        async move {
            portal
                .create_project(
                    &admin_user,
                    &guichet_core::Client::default(),
                    customer,
                    &guichet_core::projects::ProjectInput {
                        title,
                        ..Default::default()
                    },
                )
                .await
                .unwrap()
        }
    };
    let p1 = new_project(c.id, "Phase 1").await;
    let p2 = new_project(c.id, "Phase 2").await;
    let elsewhere = new_project(c2.id, "Ailleurs").await;
    let d1 = seed_documents(&app, &p1, admin_user.id, 40).await;
    seed_documents(&app, &p2, admin_user.id, 20).await;
    seed_documents(&app, &elsewhere, admin_user.id, 5).await;

    let cb = app.browser(&app.a);
    cb.signed_in_as("camille@client.example").await;
    let first = cb.get("/portal/documents").await;
    assert_eq!(first.status, StatusCode::OK);
    let rows = |p: &Page| p.body.matches("<tr data-document=").count();
    assert_eq!(rows(&first), 50, "a page of 50");
    assert!(!first.has("Ailleurs"), "never another account's");
    let marker = "data-testid=\"next-page\"";
    assert!(first.has(marker));
    let at = first.body.find(marker).unwrap();
    let href_start = first.body[..at].rfind("href=\"").unwrap() + 6;
    let next = first.body[href_start..at]
        .trim_end_matches("\" rel=\"next\" ")
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let next = next.trim_end_matches('"').to_string();
    let second = cb.get(&next).await;
    assert_eq!(rows(&second), 10, "{next}");
    assert!(!second.has(marker), "the last page");
    let invoices = cb.get("/portal/documents?kind=invoice").await;
    assert_eq!(rows(&invoices), 14 + 7);
    let search = cb.get("/portal/documents?q=rapport%20001").await;
    assert_eq!(rows(&search), 2, "one per project");
    assert_eq!(
        cb.get("/portal/documents?before=nonsense").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        cb.get("/portal/documents?kind=secret").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // A project's page lists its documents 50 at a time; its history is a page of its own.
    let page = cb.get(&format!("/portal/projects/{}", p1.id)).await;
    assert_eq!(rows(&page), 40);
    assert!(!page.has("data-testid=\"more-documents\""));
    let big = new_project(c.id, "Phase 3").await;
    seed_documents(&app, &big, admin_user.id, 55).await;
    let page = cb.get(&format!("/portal/projects/{}", big.id)).await;
    assert_eq!(rows(&page), 50);
    let marker = "data-testid=\"more-documents\"";
    let at = page
        .body
        .find(marker)
        .expect("a link to the next documents");
    let start = page.body[..at].rfind("href=\"").unwrap() + 6;
    let more = page.body[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    assert_eq!(rows(&cb.get(&more).await), 5, "{more}");
    assert_eq!(
        cb.get(&format!("/portal/projects/{}?before=x", big.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        cb.get(&format!("/portal/projects/{}/history", big.id))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        cb.get(&format!("/portal/projects/{}/history", elsewhere.id))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "another account's history"
    );

    // Pierre sees only what is shared with him.
    let pb = app.browser(&app.a);
    pb.signed_in_as("pierre@client.example").await;
    assert_eq!(rows(&pb.get("/portal/documents").await), 0);
    app.portal
        .set_share(
            &admin_user,
            &guichet_core::Client::default(),
            p1.id,
            Some(d1[3]),
            pierre.id,
            Some(guichet_domain::ShareLevel::View),
        )
        .await
        .unwrap();
    let page = pb.get("/portal/documents").await;
    assert_eq!(rows(&page), 1);
    assert!(page.has("Facture 003") && page.has("Consultation seulement"));

    // Visitors sign in first; another provider's host shows its own (none).
    let anonymous = app.browser(&app.a);
    assert!(
        anonymous
            .get("/portal/documents")
            .await
            .location
            .unwrap_or_default()
            .starts_with("/sign-in")
    );
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    assert_eq!(
        staff.get("/portal/documents").await.status,
        StatusCode::FORBIDDEN
    );
}

crate::both_backends!(
    contacts_get_rights_per_project_and_per_document,
    staff_move_documents_through_their_statuses,
    every_document_of_the_account_on_one_list
);
