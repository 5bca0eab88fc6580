//! Company administrators invite and deactivate colleagues, within the roles staff allow.
use guichet_domain::Email;
use guichet_store::Membership;
use reqwest::StatusCode;

use crate::harness::TestApp;

async fn company_admins_manage_colleagues(app: TestApp) {
    let (c1, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let (c2, other) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "en")
        .await;
    let admin = app.staff(&app.a, "admin").await;
    let roles = app.portal.roles(&admin).await.unwrap();
    let default = roles.iter().find(|(r, _)| r.is_default).unwrap().0.id;
    let company_admin = app
        .portal
        .create_role(&admin, &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), "Administration".into()),
                ("op.contacts".into(), "view".into()),
                ("company_admin".into(), "on".into()),
                ("grantable".into(), default.to_string()),
            ]),
        )
        .await
        .unwrap();
    app.portal
        .move_contacts(&admin, &guichet_core::Client::default(),
            &[(c1.id, camille.id)],
            &company_admin.id.to_string(),
        )
        .await
        .unwrap();

    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    let page = b.get("/portal/colleagues").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("href=\"/portal/colleagues/new\""));
    let form = b.get("/portal/colleagues/new").await;
    assert!(
        form.has(&default.to_string()) && !form.has(&company_admin.id.to_string()),
        "only grantable roles are offered"
    );

    // Invite a colleague with an allowed role: created, invited, "who invited whom" kept.
    let p = b
        .post(
            "/portal/colleagues",
            &[
                ("name", "Noah Collègue"),
                ("email", "noah@client.example"),
                ("locale", "fr"),
                ("role", &default.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let mail = app.last_mail_to("noah@client.example").await;
    assert!(mail.link("/auth/invitation/").contains("/auth/invitation/"));
    let members = app.store.contacts_of(app.a.id, c1.id).await.unwrap();
    let noah = members
        .iter()
        .find(|m| m.user.name == "Noah Collègue")
        .unwrap();
    assert_eq!((noah.role_id, noah.invited_by), (default, Some(camille.id)));
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let page = staff.get(&format!("/staff/customers/{}", c1.id)).await;
    let row = &page.body[page.body.find("Noah Collègue").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("Camille Contact"),
        "staff see who invited whom: {row}"
    );
    let page = b.get("/portal/colleagues").await;
    assert!(
        page.has("Noah Collègue"),
        "the activity and the list show the new colleague"
    );

    // Escalation: a role not granted to give, or another tenant's — 403, nothing created.
    let b_role = app.store.roles(app.b.id).await.unwrap()[0].0.id;
    for role in [company_admin.id, b_role] {
        let p = b
            .post(
                "/portal/colleagues",
                &[
                    ("name", "Eve"),
                    ("email", "eve@client.example"),
                    ("locale", "fr"),
                    ("role", &role.to_string()),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{role}");
    }
    let eve = Email::parse("eve@client.example").unwrap();
    assert!(
        app.store
            .user_by_email(app.a.id, &eve)
            .await
            .unwrap()
            .is_none()
    );
    // Bad input: 422 with the input kept.
    let p = b
        .post(
            "/portal/colleagues",
            &[
                ("name", "Eve"),
                ("email", "pas une adresse"),
                ("locale", "fr"),
                ("role", &default.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("pas une adresse"));

    // Deactivate and reactivate a colleague; their sessions end at once.
    let noah_id = noah.user.id;
    let p = b
        .post(&format!("/portal/colleagues/{noah_id}/deactivate"), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(
        !app.store
            .user(app.a.id, noah_id)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    let p = b
        .post(&format!("/portal/colleagues/{noah_id}/activate"), &[])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(
        app.store
            .user(app.a.id, noah_id)
            .await
            .unwrap()
            .unwrap()
            .active
    );
    // Never themselves; never someone of another account; never a contact of several accounts.
    let p = b
        .post(
            &format!("/portal/colleagues/{}/deactivate", camille.id),
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = b
        .post(&format!("/portal/colleagues/{}/deactivate", other.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    app.store
        .add_membership(&Membership {
            tenant_id: app.a.id,
            customer_id: c2.id,
            user_id: noah_id,
            role_id: default,
            invited_by: None,
            created_at: guichet_domain::Millis::now(),
        })
        .await
        .unwrap();
    let p = b
        .post(&format!("/portal/colleagues/{noah_id}/deactivate"), &[])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(
        app.store
            .user(app.a.id, other.id)
            .await
            .unwrap()
            .unwrap()
            .active
    );

    // A contact without the company-admin right sees colleagues but manages nothing.
    let o = app.browser(&app.a);
    o.signed_in_as("other@client.example").await;
    let page = o.get("/portal/colleagues").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("/portal/colleagues/new") && !page.has("/deactivate"));
    assert_eq!(
        o.get("/portal/colleagues/new").await.status,
        StatusCode::FORBIDDEN
    );
    let p = o
        .post(
            "/portal/colleagues",
            &[
                ("name", "Z"),
                ("email", "z@client.example"),
                ("locale", "fr"),
                ("role", &default.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(
        o.post(&format!("/portal/colleagues/{noah_id}/deactivate"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

crate::both_backends!(company_admins_manage_colleagues);
