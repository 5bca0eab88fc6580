//! Projects: staff open them; contacts find those their role reaches.
use reqwest::StatusCode;

use crate::harness::TestApp;

fn project<'a>(
    title: &'a str,
    reference: &'a str,
    starts: &'a str,
    ends: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("reference", reference),
        ("site", "450, rue Saint-Paul, Québec"),
        ("starts_on", starts),
        ("ends_on", ends),
        ("status", "open"),
        ("description", "Forages et rapport."),
    ]
}

async fn staff_open_projects_and_contacts_find_them(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "fr")
        .await;
    let (cb, _) = app
        .customer_with_contact(&app.b, "C-9", "b@client.example", "fr")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;

    // Bad input: 422 with the input kept; nothing created.
    for (fields, field) in [
        (project("", "GL-1", "", ""), "title"),
        (project("Étude", "GL-1", "2026-02-30", ""), "starts_on"),
        (
            project("Étude", "GL-1", "2026-11-20", "2026-11-01"),
            "ends_on",
        ),
    ] {
        let p = admin
            .post(&format!("/staff/customers/{}/projects", c.id), &fields)
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(p.has(&format!("id=\"e-{field}\"")), "{field}");
    }
    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", cb.id),
            &project("X", "X", "", ""),
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND, "another tenant's customer");

    let p = admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &project(
                "Étude géotechnique",
                "GL-2026-014",
                "2026-11-01",
                "2026-12-15",
            ),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let edit = p.location.unwrap();
    assert!(edit.starts_with("/staff/projects/"));
    let pid = edit
        .trim_start_matches("/staff/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    admin
        .post(
            &format!("/staff/customers/{}/projects", c.id),
            &project("Arpentage du terrain", "GL-2026-015", "", ""),
        )
        .await;
    admin
        .post(
            &format!("/staff/customers/{}/projects", c2.id),
            &project("Projet d'un autre client", "GL-2026-099", "", ""),
        )
        .await;
    let staff_page = admin.get(&format!("/staff/customers/{}", c.id)).await;
    assert!(staff_page.has("Étude géotechnique") && !staff_page.has("GL-2026-099"));

    // Editing: saved; a stale form 409 and nothing written.
    let form = admin.get(&format!("/staff/projects/{pid}")).await;
    let marker = "name=\"version\" value=\"";
    let i = form.body.find(marker).unwrap() + marker.len();
    let version = form.body[i..i + form.body[i..].find('"').unwrap()].to_string();
    let mut fields = project(
        "Étude géotechnique — phase 2",
        "GL-2026-014",
        "2026-11-01",
        "2026-12-15",
    );
    fields.push(("version", &version));
    assert_eq!(
        admin
            .post(&format!("/staff/projects/{pid}"), &fields)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let mut stale = project("Écrasé", "GL-2026-014", "", "");
    stale.push(("version", &version));
    let p = admin.post(&format!("/staff/projects/{pid}"), &stale).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.has("Écrasé"), "the typed values are kept");

    // The contact (default role: the company's projects).
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    let list = b.get("/portal/projects").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("phase 2") && list.has("Arpentage du terrain"));
    assert!(!list.has("GL-2026-099"), "never another customer's");
    let list = b.get("/portal/projects?q=arpentage&sort=title").await;
    assert!(list.has("Arpentage") && !list.has("phase 2"));
    let list = b.get("/portal/projects?status=closed").await;
    assert!(!list.has("GL-2026-014") && !list.has("GL-2026-015"));
    let page = b.get(&format!("/portal/projects/{pid}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Forages et rapport.") && page.has("Du 1er novembre 2026 au 15 décembre 2026")
    );
    let others = app
        .portal
        .customer_projects(&app.staff(&app.a, "admin").await, c2.id)
        .await
        .unwrap();
    assert_eq!(
        b.get(&format!("/portal/projects/{}", others[0].id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get("/portal/projects/not-an-id").await.status,
        StatusCode::NOT_FOUND
    );
    // Staff pages are not the contact's.
    assert_eq!(
        b.get(&format!("/staff/projects/{pid}")).await.status,
        StatusCode::FORBIDDEN
    );

    // A role with the "own records" scope sees none of staff's projects; one without projects
    // gets 403.
    let admin_user = app.staff(&app.a, "admin").await;
    for (name, pairs, list_status) in [
        (
            "Propres",
            vec![("op.projects", "view"), ("scope.projects", "own")],
            StatusCode::OK,
        ),
        (
            "Sans projets",
            vec![("op.invoices", "view")],
            StatusCode::FORBIDDEN,
        ),
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
        let list = b.get("/portal/projects").await;
        assert_eq!(list.status, list_status, "{name}");
        assert!(!list.has("GL-2026-014"), "{name}");
        let page = b.get(&format!("/portal/projects/{pid}")).await;
        assert!(
            matches!(page.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{name}"
        );
    }
}

crate::both_backends!(staff_open_projects_and_contacts_find_them);
