//! A form that names something by a malformed id is refused whole (422, the page says why)
//! and changes nothing — never read as some other id.
use reqwest::StatusCode;

use crate::harness::TestApp;

async fn malformed_member_ids_are_refused_and_change_nothing(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-422", "camille@client.example", "en")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let other = app
        .portal
        .create_role(&admin_user, &guichet_core::Client::default(),
            &crate::harness::role_form(vec![("name".into(), "Autre".into())]),
        )
        .await
        .unwrap();
    let role_of = |members: &[guichet_domain::Member]| {
        members
            .iter()
            .find(|m| m.user.id == u.id)
            .map(|m| m.role_id)
            .unwrap()
    };
    let before = role_of(&app.store.contacts_of(app.a.id, c.id).await.unwrap());
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;

    // Moving contacts to a role: one good id, one malformed.
    let uid = u.id.to_string();
    let rid = other.id.to_string();
    let p = admin
        .post(
            &format!("/staff/customers/{}/roles", c.id),
            &[("member", &uid), ("member", "not-an-id"), ("role", &rid)],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    assert!(p.has("role=\"alert\""), "the page says why: {}", p.body);
    let after = role_of(&app.store.contacts_of(app.a.id, c.id).await.unwrap());
    assert_eq!(after, before, "nobody moved");

    // A project's team: one good id, one malformed.
    let project = app.project(c.id, "Forage").await;
    let manager = app.staff(&app.a, "manager").await;
    let p = admin
        .post(
            &format!("/staff/projects/{}/team", project.id),
            &[
                ("member", &manager.id.to_string()),
                ("member", "00000000-zz"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    let team = app.store.project_team(app.a.id, project.id).await.unwrap();
    assert!(
        !team.iter().any(|t| t.id == manager.id),
        "the team is as it was: {team:?}"
    );
}

crate::both_backends!(malformed_member_ids_are_refused_and_change_nothing);
