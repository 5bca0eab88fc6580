//! Portal roles: staff define them, contacts get one per account, the portal follows at once.
use guichet_store::Membership;
use reqwest::StatusCode;

use crate::harness::TestApp;

fn areas(body: &str) -> Vec<String> {
    body.match_indices("data-area=\"")
        .map(|(i, m)| {
            let rest = &body[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

async fn staff_define_roles_and_the_portal_follows(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let home = contact.get("/portal").await;
    assert_eq!(
        areas(&home.body),
        ["projects", "documents", "quotes", "orders", "invoices"],
        "the default role sees every area the portal has"
    );

    // A role for the accounting department: documents, quotes and invoices (orders not given).
    let p = admin
        .post(
            "/staff/roles",
            &[
                ("name", "Comptabilité"),
                ("op.invoices", "view"),
                ("op.quotes", "view"),
                ("op.documents", "view"),
                ("op.company", "view"),
                ("field.tax_number", "hidden"),
                ("field.legal_name", "read_only"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let list = admin.get("/staff/roles").await;
    assert!(list.has("Comptabilité") && list.has("Client"));
    let (accounting, _) = app
        .store
        .roles(app.a.id)
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| r.name == "Comptabilité")
        .unwrap();

    // Bad input: same name, forged permission codes, empty name — 422, nothing saved.
    for fields in [
        vec![("name", "Comptabilité")],
        vec![("name", "Autre"), ("op.payroll", "view")],
        vec![("name", "Autre"), ("field.password_hash", "editable")],
        vec![("name", "  ")],
    ] {
        let p = admin.post("/staff/roles", &fields).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(
            p.has("role=\"alert\""),
            "{fields:?}: the page says what is wrong"
        );
    }
    assert_eq!(app.store.roles(app.a.id).await.unwrap().len(), 2);

    // Moving the contact to it changes their portal on the next request.
    let p = admin
        .post(
            &format!("/staff/customers/{}/roles", c.id),
            &[
                ("member", &u.id.to_string()),
                ("role", &accounting.id.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = admin.get(&format!("/staff/customers/{}", c.id)).await;
    assert!(page.has("Comptabilité"));
    assert_eq!(
        areas(&contact.get("/portal").await.body),
        ["documents", "quotes", "invoices"]
    );

    // Nothing selected, or no role: 422 with a message.
    let p = admin
        .post(
            &format!("/staff/customers/{}/roles", c.id),
            &[("role", &accounting.id.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Editing the role applies at once too.
    let p = admin
        .post(
            &format!("/staff/roles/{}", accounting.id),
            &[("name", "Comptabilité"), ("op.projects", "view")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(areas(&contact.get("/portal").await.body), ["projects"]);

    // The preview shows what the role sees, bannered.
    let preview = admin
        .get(&format!("/staff/roles/{}/preview", accounting.id))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.has("data-testid=\"preview-banner\""));
    assert_eq!(areas(&preview.body), ["projects"]);
    // Through the eyes of the contact who holds the role, in their account — not the staff
    // member's name inside some customer.
    assert!(
        preview.has(&format!("The portal as {} ({}) sees it", u.name, c.name)),
        "{}",
        preview.body
    );
    assert!(
        preview.has(&format!("Hello {}", u.name)),
        "{}",
        preview.body
    );
    let me = app.staff(&app.a, "admin").await;
    assert!(!preview.has(&format!("Hello {}", me.name)));
    // A role nobody holds says so (the default one: its contact moved to the other).
    let (default_role, members) = app
        .store
        .roles(app.a.id)
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| r.is_default)
        .unwrap();
    assert_eq!(members, 0);
    let p = admin
        .get(&format!("/staff/roles/{}/preview", default_role.id))
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.has("No contact has the role"), "{}", p.body);

    // The default role cannot be deleted; another one moves its contacts when deleted.
    let default = app
        .store
        .roles(app.a.id)
        .await
        .unwrap()
        .into_iter()
        .find(|(r, _)| r.is_default)
        .unwrap()
        .0;
    assert_eq!(
        admin
            .get(&format!("/staff/roles/{}/delete", default.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let p = admin
        .post(
            &format!("/staff/roles/{}/delete", accounting.id),
            &[("transfer_to", &accounting.id.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "not to itself");
    let confirm = admin
        .get(&format!("/staff/roles/{}/delete", accounting.id))
        .await;
    assert!(confirm.has("1"), "says how many contacts move");
    let p = admin
        .post(
            &format!("/staff/roles/{}/delete", accounting.id),
            &[("transfer_to", &default.id.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(areas(&contact.get("/portal").await.body).len(), 5);
}

async fn contacts_add_with_a_role_and_switch_accounts(app: TestApp) {
    let (c1, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "en")
        .await;
    let (cb, _) = app
        .customer_with_contact(&app.b, "C-9", "b@client.example", "en")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), "Partenaire".into()),
                ("op.projects".into(), "view".into()),
            ]),
        )
        .await
        .unwrap();

    // Staff add a contact with a role: the page shows the role and who invited them.
    let p = admin
        .post(
            &format!("/staff/customers/{}/contacts", c1.id),
            &[
                ("role", &role.id.to_string()),
                ("name", "Paul Partenaire"),
                ("email", "paul@partner.example"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = admin.get(&format!("/staff/customers/{}", c1.id)).await;
    assert!(page.has("Paul Partenaire") && page.has("Partenaire"));
    let members = app.store.contacts_of(app.a.id, c1.id).await.unwrap();
    let paul = members
        .iter()
        .find(|m| m.user.name == "Paul Partenaire")
        .unwrap();
    assert_eq!(paul.role_id, role.id);
    assert_eq!(paul.invited_by, Some(admin_user.id));
    assert!(page.has(&admin_user.name), "who invited whom");
    // Another tenant's role id: refused with a message, nothing created.
    let b_role = app.store.roles(app.b.id).await.unwrap()[0].0.id;
    let p = admin
        .post(
            &format!("/staff/customers/{}/contacts", c1.id),
            &[
                ("role", &b_role.to_string()),
                ("name", "X"),
                ("email", "x@partner.example"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .user_by_email(
                app.a.id,
                &guichet_domain::Email::parse("x@partner.example").unwrap()
            )
            .await
            .unwrap()
            .is_none()
    );

    // Camille also works for C-2, with the partner role there.
    app.store
        .add_membership(&Membership {
            tenant_id: app.a.id,
            customer_id: c2.id,
            user_id: u.id,
            role_id: role.id,
            invited_by: None,
            created_at: guichet_domain::Millis::now(),
        })
        .await
        .unwrap();
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let home = contact.get("/portal").await;
    assert!(
        home.has("name=\"customer\""),
        "a switcher when there are two accounts"
    );
    assert_eq!(
        areas(&home.body).len(),
        5,
        "first account: the default role"
    );
    let p = contact
        .post("/portal/account", &[("customer", &c2.id.to_string())])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let home = contact.get("/portal").await;
    assert!(home.has("Société C-2"));
    assert_eq!(
        areas(&home.body),
        ["projects"],
        "second account: the partner role"
    );
    // Someone else's account, or another tenant's: refused, nothing changes.
    for other in [cb.id.to_string(), "not-an-id".to_string()] {
        let p = contact
            .post("/portal/account", &[("customer", &other)])
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{other}");
    }
    assert!(contact.get("/portal").await.has("Société C-2"));
}

/// Every module × operation, each granted alone by a role saved through staff's form and read
/// back with the session from this database; plus another tenant's session.
async fn role_permission_matrix(app: TestApp) {
    use guichet_core::access::may_in;
    use guichet_domain::{Millis, Module, Op, Session, SessionId};
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let admin = app.staff(&app.a, "admin").await;
    let now = Millis::now();
    app.store
        .insert_session(&Session {
            id: SessionId::new(),
            tenant_id: app.a.id,
            user_id: u.id,
            token_hash: "matrix".into(),
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_secs(3600),
            user_agent: String::new(),
            ip: String::new(),
        })
        .await
        .unwrap();
    for m in Module::ALL {
        for op in Op::ALL {
            let role = app
                .portal
                .create_role(
                    &admin,
                    &guichet_core::Client::default(),
                    &crate::harness::role_form(vec![
                        ("name".into(), format!("{}-{}", m.code(), op.code())),
                        (format!("op.{}", m.code()), op.code().into()),
                    ]),
                )
                .await
                .unwrap();
            app.portal
                .move_contacts(
                    &admin,
                    &guichet_core::Client::default(),
                    &[(c.id, u.id)],
                    &role.id.to_string(),
                )
                .await
                .unwrap();
            let signed = app
                .store
                .signed_in(app.a.id, "matrix", Millis::now())
                .await
                .unwrap()
                .unwrap();
            let account = app.portal.portal_account(&signed, None).unwrap();
            assert_eq!(account.role.id, role.id);
            for m2 in Module::ALL {
                for op2 in Op::ALL {
                    // Granting an operation grants viewing too.
                    let expected = m2 == m && (op2 == op || op2 == Op::View);
                    assert_eq!(
                        may_in(&signed.user, account, m2, op2),
                        expected,
                        "role {m:?}/{op:?}: {m2:?}/{op2:?}"
                    );
                }
            }
        }
    }
    // The session means nothing on another tenant.
    assert!(
        app.store
            .signed_in(app.b.id, "matrix", Millis::now())
            .await
            .unwrap()
            .is_none()
    );
}

crate::both_backends!(
    role_permission_matrix,
    staff_define_roles_and_the_portal_follows,
    contacts_add_with_a_role_and_switch_accounts
);
