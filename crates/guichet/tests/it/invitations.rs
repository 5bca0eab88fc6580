//! Staff invite contacts; contacts set their password and land on their portal home.
use reqwest::StatusCode;

use crate::harness::TestApp;

async fn invitation_to_portal_home(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-7", "first@client.example", "fr")
        .await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let created = staff
        .post(
            &format!("/staff/customers/{}/contacts", c.id),
            &[
                ("name", "Léa Bouchard"),
                ("email", "lea@client.example"),
                ("phone", ""),
                ("locale", "fr"),
                ("invite", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = staff.get(&format!("/staff/customers/{}", c.id)).await;
    assert!(page.has("Léa Bouchard") && page.has("Access not yet activated"));

    let mail = app.last_mail_to("lea@client.example").await;
    assert!(mail.subject.contains("Fournisseur A"), "{}", mail.subject);
    assert!(
        mail.body.contains("Bonjour Léa Bouchard"),
        "French for a French contact: {}",
        mail.body
    );
    let link = mail.link(&format!("{}/auth/invitation/", app.a.base_url));

    let lea = app.browser(&app.a);
    let form = lea.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("lang=\"fr-CA\"") && form.has("lea@client.example"));
    let short = lea
        .post(&link, &[("password", "court"), ("confirm", "court")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.has("au moins 12 caractères") && short.has("aria-invalid=\"true\""));
    let mismatch = lea
        .post(
            &link,
            &[
                ("password", "Lune-rousse-sur-Gaspé-42"),
                ("confirm", "Lune-rousse-sur-Gaspe-42"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.has("ne correspondent pas"));
    let done = lea
        .post(
            &link,
            &[
                ("password", "Lune-rousse-sur-Gaspé-42"),
                ("confirm", "Lune-rousse-sur-Gaspé-42"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some("/portal"));
    let home = lea.get("/portal").await;
    assert!(
        home.has("Bonjour Léa Bouchard") && home.has("Société C-7"),
        "{}",
        home.body
    );
    let reuse = app.browser(&app.a).get(&link).await;
    assert_eq!(reuse.status, StatusCode::GONE);
    assert!(reuse.has("déjà été utilisé"));
    let again = app
        .browser(&app.a)
        .sign_in("lea@client.example", "Lune-rousse-sur-Gaspé-42")
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
}

async fn resending_an_invitation_invalidates_the_earlier_link(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-8", "first@client.example", "en")
        .await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    staff
        .post(
            &format!("/staff/customers/{}/contacts", c.id),
            &[
                ("name", "Noah Smith"),
                ("email", "noah@client.example"),
                ("locale", "en"),
                ("invite", "1"),
            ],
        )
        .await;
    let first = app
        .last_mail_to("noah@client.example")
        .await
        .link(&format!("{}/auth/invitation/", app.a.base_url));
    let noah = app
        .store
        .user_by_email(
            app.a.id,
            &guichet_domain::Email::parse("noah@client.example").unwrap(),
        )
        .await
        .unwrap()
        .unwrap();
    let resent = staff
        .post(&format!("/staff/contacts/{}/invite", noah.id), &[])
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    let mails = app.mails_to("noah@client.example").await;
    assert_eq!(mails.len(), 2);
    let second = mails[1].link(&format!("{}/auth/invitation/", app.a.base_url));
    assert_ne!(first, second);
    let b = app.browser(&app.a);
    assert_eq!(b.get(&first).await.status, StatusCode::GONE);
    assert_eq!(b.get(&second).await.status, StatusCode::OK);
}

async fn deactivating_a_contact_ends_their_sessions(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-9", "camille@client.example", "en")
        .await;
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert_eq!(contact.get("/portal").await.status, StatusCode::OK);
    let staff = app.browser(&app.a);
    staff.signed_in_as("manager@a.example").await;
    let off = staff
        .post(&format!("/staff/contacts/{}/deactivate", u.id), &[])
        .await;
    assert_eq!(
        off.location,
        Some(format!("/staff/customers/{}?done=deactivated", c.id))
    );
    assert_eq!(
        contact.get("/portal").await.status,
        StatusCode::SEE_OTHER,
        "signed out at once"
    );
    assert_eq!(
        app.browser(&app.a)
            .sign_in("camille@client.example", crate::harness::PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    staff
        .post(&format!("/staff/contacts/{}/activate", u.id), &[])
        .await;
    assert_eq!(
        app.browser(&app.a)
            .sign_in("camille@client.example", crate::harness::PASSWORD)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn email_links_use_the_configured_base_url(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    // A forged Host-like header must not shape the link.
    let b = app.browser(&app.a);
    let token = b.csrf().await;
    b.http
        .post(b.url("/sign-in/link"))
        .header("x-forwarded-host", "evil.example")
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "camille@client.example"),
        ])
        .send()
        .await
        .unwrap();
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(
        mail.body
            .contains(&format!("{}/auth/link/", app.a.base_url))
    );
    assert!(!mail.body.contains("evil.example"));
}

crate::both_backends!(
    invitation_to_portal_home,
    resending_an_invitation_invalidates_the_earlier_link,
    deactivating_a_contact_ends_their_sessions,
    email_links_use_the_configured_base_url,
);
