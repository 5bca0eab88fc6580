//! A contact's account cannot be taken over by whoever manages it: an invitation never
//! replaces a password, an address changes only once the new address confirms it (and the old
//! one is told), and every such change is journaled with before and after.
use guichet_domain::{Email, JournalEntry, User};
use reqwest::StatusCode;

use crate::harness::{PASSWORD, TestApp};

async fn user(app: &TestApp, id: guichet_domain::UserId) -> User {
    app.store.user(app.a.id, id).await.unwrap().unwrap()
}

async fn journal(app: &TestApp) -> Vec<JournalEntry> {
    app.store.chain(app.a.id).await.unwrap()
}

fn contact_form<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", email),
        ("phone", ""),
        ("locale", "fr"),
    ]
}

/// The reproduction of the issue: a manager points a contact's address to their own, sends an
/// invitation and sets a password from it. Now the invitation is refused, the address waits
/// for confirmation, and the contact hears of it at the address they still have.
async fn a_manager_cannot_take_a_contact_over(app: TestApp) {
    let (c, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let manager = app.browser(&app.a);
    manager.signed_in_as("manager@a.example").await;

    let saved = manager
        .post(
            &format!("/staff/contacts/{}", camille.id),
            &contact_form("Camille Contact", "mallory@evil.example"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        saved.location.as_deref(),
        Some(format!("/staff/customers/{}?done=address-pending", c.id).as_str())
    );
    let notice = manager.get(saved.location.as_deref().unwrap()).await;
    assert!(notice.has("confirm"), "{}", notice.body);
    assert_eq!(
        user(&app, camille.id).await.email.as_str(),
        "camille@client.example",
        "the address stays until the new one confirms"
    );
    let told = app.last_mail_to("camille@client.example").await;
    assert!(
        told.subject.contains("changement de votre adresse") && told.body.contains("mallory@evil.example"),
        "the contact is told, in their language: {} / {}",
        told.subject,
        told.body
    );

    // No invitation for a person who has a password: it would replace it.
    let invite = manager
        .post(&format!("/staff/contacts/{}/invite", camille.id), &[])
        .await;
    assert_eq!(invite.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invite.has("déjà choisi un mot de passe") || invite.has("already chosen a password"));
    assert!(
        app.mails_to("mallory@evil.example")
            .await
            .iter()
            .all(|m| !m.body.contains("/auth/invitation/")),
        "no invitation reached the new address"
    );
    // A sign-in link goes to the contact's own address only.
    let link = manager
        .post(&format!("/staff/contacts/{}/sign-in-link", camille.id), &[])
        .await;
    assert_eq!(link.status, StatusCode::SEE_OTHER);
    assert!(
        app.last_mail_to("camille@client.example")
            .await
            .body
            .contains("/auth/link/")
    );

    let entries = journal(&app).await;
    let asked = entries
        .iter()
        .find(|e| e.action == "contact.email-asked")
        .expect("the request is journaled");
    assert_eq!(asked.detail, "camille@client.example → mallory@evil.example");
    assert_eq!(asked.object_id, camille.id.0);
    assert!(entries.iter().any(|e| e.action == "contact.sign-in-link"));
}

/// The new address confirms itself once; the old one is told; links sent before stop working;
/// the person signs in with the new address and their password.
async fn a_new_address_is_confirmed_from_itself(app: TestApp) {
    let (_, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let visitor = app.browser(&app.a);
    visitor
        .post("/forgot-password", &[("email", "camille@client.example")])
        .await;
    let reset = app
        .last_mail_to("camille@client.example")
        .await
        .link(&format!("{}/auth/reset/", app.a.base_url));
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    admin
        .post(
            &format!("/staff/contacts/{}", camille.id),
            &contact_form("Camille Contact", "camille@new.example"),
        )
        .await;
    let mail = app.last_mail_to("camille@new.example").await;
    assert!(mail.subject.contains("Confirmez"), "{}", mail.subject);
    let confirm = mail.link(&format!("{}/auth/email/", app.a.base_url));
    for tampered in [format!("{confirm}x"), format!("{}/auth/email/%00", app.a.base_url)] {
        assert_eq!(visitor.get(&tampered).await.status, StatusCode::GONE);
        assert_eq!(visitor.post(&tampered, &[]).await.status, StatusCode::GONE);
    }
    let page = visitor.get(&confirm).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("camille@new.example"));
    assert_eq!(
        user(&app, camille.id).await.email.as_str(),
        "camille@client.example",
        "looking at the link changes nothing"
    );
    let done = visitor.post(&confirm, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(
        user(&app, camille.id).await.email.as_str(),
        "camille@new.example"
    );
    assert_eq!(visitor.post(&confirm, &[]).await.status, StatusCode::GONE);
    assert_eq!(
        visitor.get(&reset).await.status,
        StatusCode::GONE,
        "a reset link sent to the old address died with the change"
    );
    let told = app.last_mail_to("camille@client.example").await;
    assert!(
        told.subject.contains("changée") && told.body.contains("camille@new.example"),
        "{}",
        told.subject
    );
    let b = app.browser(&app.a);
    b.signed_in_as("camille@new.example").await;
    let entries = journal(&app).await;
    let confirmed = entries
        .iter()
        .find(|e| e.action == "contact.email-confirmed")
        .expect("journaled");
    assert_eq!(confirmed.detail, "camille@client.example → camille@new.example");
    assert_eq!(confirmed.actor, Some(camille.id));
}

/// A contact who never set a password gets the new address at once (the invitation sent there
/// is the confirmation); an invitation sent to the old address stops working. An address
/// another person has is refused, in the form.
async fn an_invited_contact_is_corrected_at_once(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let noah = app
        .portal
        .add_contact(
            &admin_user,
            &app.a,
            c.id,
            &guichet_core::accounts::ContactInput {
                role: String::new(),
                name: "Noah Typo".into(),
                email: "noah@typo.example".into(),
                phone: String::new(),
                locale: "fr".into(),
            },
            true,
        )
        .await
        .unwrap();
    let old_invitation = app
        .last_mail_to("noah@typo.example")
        .await
        .link(&format!("{}/auth/invitation/", app.a.base_url));
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let taken = admin
        .post(
            &format!("/staff/contacts/{}", noah.id),
            &contact_form("Noah Typo", "camille@client.example"),
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = admin
        .post(
            &format!("/staff/contacts/{}", noah.id),
            &contact_form("Noah Right", "noah@client.example"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(saved.location.unwrap().ends_with("done=saved"));
    let now = user(&app, noah.id).await;
    assert_eq!(
        (now.name.as_str(), now.email.as_str()),
        ("Noah Right", "noah@client.example")
    );
    assert_eq!(
        app.browser(&app.a).get(&old_invitation).await.status,
        StatusCode::GONE
    );
    let entries = journal(&app).await;
    let update = entries
        .iter()
        .find(|e| e.action == "contact.update")
        .expect("journaled");
    assert_eq!(update.detail, "name: Noah Typo → Noah Right");
    let email = entries
        .iter()
        .find(|e| e.action == "contact.email")
        .expect("journaled");
    assert_eq!(email.detail, "noah@typo.example → noah@client.example");
    // Now invited at the right address, and able to set a password.
    let invite = admin
        .post(&format!("/staff/contacts/{}/invite", noah.id), &[])
        .await;
    assert_eq!(invite.status, StatusCode::SEE_OTHER);
    let link = app
        .last_mail_to("noah@client.example")
        .await
        .link(&format!("{}/auth/invitation/", app.a.base_url));
    let b = app.browser(&app.a);
    let set = b
        .post(&link, &[("password", PASSWORD), ("confirm", PASSWORD)])
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let _ = Email::parse("x@y.example");
}

/// Deactivating and reactivating a contact is journaled.
async fn deactivation_is_journaled(app: TestApp) {
    let (_, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    admin
        .post(&format!("/staff/contacts/{}/deactivate", camille.id), &[])
        .await;
    admin
        .post(&format!("/staff/contacts/{}/activate", camille.id), &[])
        .await;
    let actions: Vec<String> = journal(&app)
        .await
        .into_iter()
        .filter(|e| e.object_id == camille.id.0)
        .map(|e| format!("{} {}", e.action, e.ip))
        .collect();
    assert_eq!(
        actions,
        ["contact.deactivate 127.0.0.1", "contact.activate 127.0.0.1"]
    );
}

/// Changes to customer accounts, roles and memberships are journaled with before → after, and
/// where they came from.
async fn customer_role_and_membership_changes_are_journaled(app: TestApp) {
    let (c, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let manager = app.browser(&app.a);
    manager.signed_in_as("manager@a.example").await;
    let saved = manager
        .post(
            &format!("/staff/customers/{}", c.id),
            &[
                ("number", "C-1"),
                ("name", "Société renommée"),
                ("locale", "fr"),
                ("currency", "CAD"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let admin = app.staff(&app.a, "admin").await;
    let here = guichet_core::Client {
        ip: "203.0.113.5".into(),
        user_agent: String::new(),
    };
    let role = app
        .portal
        .create_role(
            &admin,
            &here,
            &crate::harness::role_form(vec![("name".into(), "Chantier".into())]),
        )
        .await
        .unwrap();
    app.portal
        .update_role(
            &admin,
            &here,
            role.id,
            &crate::harness::role_form(vec![
                ("name".into(), "Chantier".into()),
                ("op.projects".into(), "view".into()),
                ("scope.projects".into(), "company".into()),
            ]),
        )
        .await
        .unwrap();
    app.portal
        .move_contacts(&admin, &here, &[(c.id, camille.id)], &role.id.to_string())
        .await
        .unwrap();
    let entries = journal(&app).await;
    let find = |action: &str| {
        entries
            .iter()
            .find(|e| e.action == action)
            .unwrap_or_else(|| panic!("no {action} in {entries:?}"))
    };
    let customer = find("customer.update");
    assert_eq!(customer.detail, format!("name: Société C-1 → Société renommée"));
    assert_eq!(customer.ip, "127.0.0.1");
    assert!(find("role.create").detail.starts_with("Chantier"));
    let update = find("role.update");
    assert!(update.detail.starts_with("rights: ") && update.detail.contains("→"), "{}", update.detail);
    assert_eq!(update.ip, "203.0.113.5");
    let moved = find("membership.role");
    assert_eq!(moved.object_id, camille.id.0);
    assert!(moved.detail.ends_with("→ Chantier"), "{}", moved.detail);
}

crate::both_backends!(
    customer_role_and_membership_changes_are_journaled,
    a_manager_cannot_take_a_contact_over,
    a_new_address_is_confirmed_from_itself,
    an_invited_contact_is_corrected_at_once,
    deactivation_is_journaled,
);
