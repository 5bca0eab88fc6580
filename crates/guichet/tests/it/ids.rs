//! A malformed id in a path answers the "not found" page in the visitor's language, as an id
//! that names nothing does — never a bare 400 or a 500 — on portal and staff pages, GET and
//! POST, for one id or several.
use reqwest::StatusCode;

use crate::harness::{Browser, Page, TestApp};

fn is_localized_not_found(p: &Page, lang: &str, title: &str) -> bool {
    p.status == StatusCode::NOT_FOUND && p.has(&format!("<html lang=\"{lang}\"")) && p.has(title)
}

async fn check(b: &Browser, lang: &str, title: &str, gets: &[String], posts: &[String]) {
    for path in gets {
        let p = b.get(path).await;
        assert!(
            is_localized_not_found(&p, lang, title),
            "GET {path}: {} {}",
            p.status,
            p.body
        );
    }
    for path in posts {
        let p = b.post(path, &[("revision", "1")]).await;
        assert!(
            is_localized_not_found(&p, lang, title),
            "POST {path}: {} {}",
            p.status,
            p.body
        );
    }
}

async fn malformed_ids_answer_the_localized_not_found_page(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-404", "camille@client.example", "fr")
        .await;
    let project = app.project(c.id, "Chantier du lac").await;

    // Staff, in English.
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let gets = [
        "/staff/customers/not-an-id".to_string(),
        "/staff/projects/42".into(),
        "/staff/projects/zz/journal.csv".into(),
        "/staff/roles/%20/preview".into(),
        "/staff/flows/nope/steps/documentation".into(),
        "/documents/0000".into(),
        "/files/not-a-version".into(),
    ];
    let posts = [
        "/staff/customers/not-an-id/contacts".to_string(),
        "/staff/contacts/bad/deactivate".into(),
        format!("/staff/projects/{}/links/not-a-link/revoke", project.id),
        "/staff/company-changes/x/approve".into(),
    ];
    check(&staff, "en-CA", "Page not found", &gets, &posts).await;

    // A contact, in French.
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let gets = [
        "/portal/projects/not-an-id".to_string(),
        "/portal/projects/1/visit.ics".into(),
        "/portal/addresses/nope".into(),
    ];
    let posts = [
        "/portal/addresses/nope/archive".to_string(),
        "/portal/colleagues/nope/deactivate".into(),
        "/portal/projects/nope/flow".into(),
        "/projects/nope/follow".into(),
    ];
    check(&contact, "fr-CA", "Page introuvable", &gets, &posts).await;
}

crate::both_backends!(malformed_ids_answer_the_localized_not_found_page);
