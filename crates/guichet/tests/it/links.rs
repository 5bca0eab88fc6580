//! Viewing links sent by email, and links that only open for the account's signed-in contacts.
use reqwest::StatusCode;

use crate::harness::TestApp;

/// The path (`/l/…`) of a link in an email.
fn link_path(app: &TestApp, url: &str) -> String {
    url.split_once(&format!(":{}", app.port))
        .unwrap()
        .1
        .to_string()
}

async fn links_are_emailed_and_may_require_sign_in(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    app.customer_with_contact(&app.a, "C-2", "autre@client.example", "en")
        .await;
    let project = app.project(c.id, "Cadastre").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let create = format!("/staff/projects/{}/links", project.id);
    let count = || async {
        app.store
            .links_of(app.a.id, project.id)
            .await
            .unwrap()
            .len()
    };

    // A bad address: 422, no link made, nothing sent.
    let p = admin
        .post(
            &create,
            &[
                ("label", "Notaire"),
                ("days", "30"),
                ("email", "pas-une-adresse"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count().await, 0);

    // Emailed to someone without an account: it opens for whoever holds it.
    let p = admin
        .post(
            &create,
            &[
                ("label", "Notaire"),
                ("days", "30"),
                ("email", "notaire@externe.example"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.has("data-testid=\"sent\""));
    app.deliver().await;
    let mail = app.last_mail_to("notaire@externe.example").await;
    assert!(mail.subject.contains("Cadastre"), "{}", mail.subject);
    assert!(
        mail.body.contains("Ce lien fonctionne jusqu"),
        "the provider's language: {}",
        mail.body
    );
    let open = link_path(&app, &mail.link("http://"));
    let visitor = app.browser(&app.a);
    assert!(visitor.get(&open).await.has("<button type=\"submit\">"));
    let p = visitor.post(&open, &[]).await;
    assert_eq!(p.location.as_deref(), Some("/shared"));

    // For signed-in contacts only, emailed to one of them (in her language).
    let p = admin
        .post(
            &create,
            &[
                ("label", "Camille"),
                ("days", "10"),
                ("email", "camille@client.example"),
                ("sign_in", "1"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    app.deliver().await;
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(mail.body.contains("connectez-vous"), "{}", mail.body);
    let guarded = link_path(&app, &mail.link("http://"));
    let anonymous = app.browser(&app.a);
    let page = anonymous.get(&guarded).await;
    assert!(page.has("data-testid=\"must-sign-in\"") && !page.has("<button type=\"submit\">"));
    let p = anonymous.post(&guarded, &[]).await;
    assert!(
        p.location.unwrap_or_default().starts_with("/sign-in?next="),
        "asked to sign in first"
    );
    let other = app.browser(&app.a);
    other.signed_in_as("autre@client.example").await;
    assert_eq!(other.get(&guarded).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        other.post(&guarded, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let camille = app.browser(&app.a);
    camille.signed_in_as("camille@client.example").await;
    let p = camille.post(&guarded, &[]).await;
    assert_eq!(p.location.as_deref(), Some("/shared"), "{}", p.body);
    assert_eq!(camille.get("/shared").await.status, StatusCode::OK);
    let p = camille.post("/sign-out", &[]).await;
    assert!(p.status.is_redirection());
    assert_eq!(
        camille.get("/shared").await.status,
        StatusCode::FORBIDDEN,
        "signing out closes what the link opened"
    );
    let staff_page = admin.get(&format!("/staff/projects/{}", project.id)).await;
    assert!(staff_page.has("Connexion requise") || staff_page.has("Sign-in required"));
    assert!(
        staff_page.has("<td>Alice Admin</td>"),
        "staff see who issued each link"
    );
    let journal = app.store.chain(app.a.id).await.unwrap();
    assert_eq!(
        journal.iter().filter(|e| e.action == "link.send").count(),
        2,
        "each sending is journaled"
    );
}

crate::both_backends!(links_are_emailed_and_may_require_sign_in);
