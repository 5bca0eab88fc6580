//! Inviting many contacts at once: a selection on a customer page, or a CSV file.
use guichet_core::accounts::ContactInput;
use guichet_domain::Email;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::harness::{Browser, Page, TestApp};

async fn upload(b: &Browser, csrf: Option<&str>, file: Vec<u8>) -> Page {
    let mut form = Form::new();
    if let Some(t) = csrf {
        form = form.text("_csrf", t.to_string());
    }
    form = form.part("file", Part::bytes(file).file_name("contacts.csv"));
    let res = b
        .http
        .post(b.url("/staff/invitations/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status();
    Page {
        status,
        location: None,
        body: res.text().await.unwrap_or_default(),
    }
}

async fn staff_invite_many(app: TestApp) {
    let (c, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let mut pending = Vec::new();
    for (name, email) in [("Ana", "ana@client.example"), ("Ben", "ben@client.example")] {
        let u = app
            .portal
            .add_contact(
                &admin_user,
                &app.a,
                c.id,
                &ContactInput {
                    role: String::new(),
                    name: name.into(),
                    email: email.into(),
                    phone: String::new(),
                    locale: "fr".into(),
                },
                false,
            )
            .await
            .unwrap();
        pending.push(u);
    }
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;

    // A selection: the two pending contacts are invited, the active one is reported.
    let ids: Vec<String> = [pending[0].id, pending[1].id, camille.id]
        .iter()
        .map(|i| i.to_string())
        .collect();
    let p = admin
        .post(
            &format!("/staff/customers/{}/invitations", c.id),
            &ids.iter()
                .map(|i| ("member", i.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(p.has("data-testid=\"import-summary\""));
    assert_eq!(p.body.matches("class=\"badge ok\"").count(), 2);
    assert_eq!(p.body.matches("class=\"badge err\"").count(), 1);
    for to in ["ana@client.example", "ben@client.example"] {
        assert!(
            app.last_mail_to(to)
                .await
                .link("/auth/invitation/")
                .contains("/auth/invitation/")
        );
    }
    // Nothing ticked: 422. Another tenant's contact: 404.
    let p = admin
        .post(&format!("/staff/customers/{}/invitations", c.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, ub) = app
        .customer_with_contact(&app.b, "C-9", "b@client.example", "en")
        .await;
    let p = admin
        .post(
            &format!("/staff/customers/{}/invitations", c.id),
            &[("member", &ub.id.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);

    // A CSV file: a header, good rows, and every kind of bad row.
    app.portal
        .create_role(&admin_user, &guichet_core::Client::default(),
            &crate::harness::role_form(vec![("name".into(), "Comptabilité".into())]),
        )
        .await
        .unwrap();
    let csv = "\u{feff}nom,courriel,numéro de client,rôle\n\
               Léa Tremblay,lea@new.example,C-1,\n\
               Marc Roy,marc@new.example,C-1,comptabilité,en\n\
               Zoé Inconnue,zoe@new.example,C-404,\n\
               Yan Rôle,yan@new.example,C-1,Pilote\n\
               Léa Bis,LEA@new.example,C-1,\n\
               Pas Courriel,pas-un-courriel,C-1,\n\
               Déjà Là,camille@client.example,C-1,\n";
    let token = admin.csrf().await;
    let p = upload(&admin, Some(&token), csv.as_bytes().to_vec()).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(
        p.body.matches("class=\"badge ok\"").count(),
        2,
        "{}",
        p.body
    );
    assert_eq!(p.body.matches("class=\"badge err\"").count(), 5);
    let marc = app
        .store
        .user_by_email(app.a.id, &Email::parse("marc@new.example").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(marc.locale, guichet_domain::Locale::En);
    let members = app.store.contacts_of(app.a.id, c.id).await.unwrap();
    let roles = app.store.roles(app.a.id).await.unwrap();
    let role_of = |name: &str| {
        let m = members.iter().find(|m| m.user.name == name).unwrap();
        roles
            .iter()
            .find(|(r, _)| r.id == m.role_id)
            .unwrap()
            .0
            .name
            .clone()
    };
    assert_eq!(role_of("Marc Roy"), "Comptabilité");
    assert_eq!(role_of("Léa Tremblay"), "Client");
    assert_eq!(
        members
            .iter()
            .find(|m| m.user.name == "Marc Roy")
            .unwrap()
            .invited_by,
        Some(admin_user.id)
    );
    assert!(
        app.last_mail_to("marc@new.example")
            .await
            .link("/auth/invitation/")
            .contains("/auth/invitation/")
    );
    for bad in ["zoe@new.example", "yan@new.example"] {
        assert!(
            app.store
                .user_by_email(app.a.id, &Email::parse(bad).unwrap())
                .await
                .unwrap()
                .is_none()
        );
    }

    // No CSRF: 403. Too large: 413. Not CSV UTF-8: 422. Empty: 422.
    assert_eq!(
        upload(&admin, None, csv.as_bytes().to_vec()).await.status,
        StatusCode::FORBIDDEN
    );
    let huge = "a,b@c.example,C-1,\n".repeat(70_000).into_bytes();
    assert_eq!(
        upload(&admin, Some(&token), huge).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        upload(&admin, Some(&token), vec![0xff, 0xfe, 0x00, 0x41])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(&admin, Some(&token), b"name,email\n".to_vec())
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Staff who may not manage contacts, and contacts: refused.
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    let t = accountant.csrf().await;
    assert_eq!(
        upload(&accountant, Some(&t), csv.as_bytes().to_vec())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        accountant.get("/staff/invitations/import").await.status,
        StatusCode::FORBIDDEN
    );
}

crate::both_backends!(staff_invite_many);
