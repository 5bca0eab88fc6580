//! `/staff/projects`: the provider's projects across its customers, and the flows' queues
//! together — what waits on staff, what waits on customers.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, TestApp};

/// Puts a project in `flow` and moves it to `step` (its first when `None`).
async fn at_step(
    app: &TestApp,
    staff: &Browser,
    flow: &str,
    project: ProjectId,
    step: Option<&str>,
) {
    let start = staff
        .post(
            &format!("/staff/projects/{project}/flow"),
            &[("flow", flow)],
        )
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let Some(step) = step else { return };
    let revision = app
        .store
        .project_flow(app.a.id, project)
        .await
        .unwrap()
        .unwrap()
        .revision;
    let moved = staff
        .post(
            &format!("/staff/projects/{project}/flow"),
            &[("step", step), ("revision", &revision.to_string())],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
}

/// The titles the list shows, in order, with whom each waits on.
fn listed(body: &str) -> Vec<(String, String)> {
    body.split("<tr data-project=")
        .skip(1)
        .map(|row| {
            let waiting = row
                .split('>')
                .next()
                .and_then(|tag| tag.split("data-waiting=\"").nth(1))
                .and_then(|w| w.split('"').next())
                .unwrap_or_default()
                .to_string();
            let title = row
                .split("<a href=\"/staff/projects/")
                .nth(1)
                .and_then(|a| a.split('>').nth(1))
                .and_then(|t| t.split('<').next())
                .unwrap_or_default()
                .to_string();
            (title, waiting)
        })
        .collect()
}

fn titles(body: &str) -> Vec<String> {
    listed(body).into_iter().map(|(t, _)| t).collect()
}

async fn staff_list_projects_across_customers(app: TestApp) {
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let made = staff
        .post("/staff/flows", &[("template", "study"), ("name", "")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let loc = made.location.unwrap();
    let flow = loc["/staff/flows/".len()..loc.find('?').unwrap_or(loc.len())].to_string();
    let (c1, _) = app
        .customer_with_contact(&app.a, "C-1", "lea@c1.example", "fr")
        .await;
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "noe@c2.example", "en")
        .await;
    let sent_in = app.project(c1.id, "Forage rue Principale").await;
    let in_lab = app.project(c2.id, "Étude du talus").await;
    let no_flow = app.project(c1.id, "Conseil ponctuel").await;
    let delivered = app.project(c2.id, "Rapport remis").await;
    at_step(&app, &staff, &flow, sent_in.id, None).await;
    at_step(&app, &staff, &flow, in_lab.id, Some("laboratoire")).await;
    at_step(&app, &staff, &flow, delivered.id, Some("rapport_livre")).await;

    let all = staff.get("/staff/projects").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let mut shown = titles(&all.body);
    shown.sort();
    assert_eq!(
        shown,
        [
            "Conseil ponctuel",
            "Forage rue Principale",
            "Rapport remis",
            "Étude du talus"
        ]
    );
    assert!(all.has("Société C-1") && all.has("Société C-2"));
    assert!(
        all.has("Essais en laboratoire"),
        "the step, as staff call it"
    );
    assert!(all.has("No flow"));
    assert!(
        listed(&all.body).contains(&(no_flow.title.clone(), String::new())),
        "a project outside any flow waits on no one"
    );

    // The flows' queues together: what waits on staff, what waits on the customer.
    let ours = staff.get("/staff/projects?waiting=staff").await;
    assert_eq!(
        listed(&ours.body),
        [("Étude du talus".to_string(), "staff".to_string())],
        "{}",
        ours.body
    );
    let theirs = staff.get("/staff/projects?waiting=customer").await;
    assert_eq!(
        listed(&theirs.body),
        [("Forage rue Principale".to_string(), "customer".to_string())]
    );
    // By words of the customer's name; by team.
    let mut of_c2 = titles(&staff.get("/staff/projects?q=c-2").await.body);
    of_c2.sort();
    assert_eq!(of_c2, ["Rapport remis", "Étude du talus"]);
    let admin = app.staff(&app.a, "admin").await;
    app.store
        .set_project_team(app.a.id, in_lab.id, &[admin.id])
        .await
        .unwrap();
    assert_eq!(
        titles(&staff.get("/staff/projects?mine=1").await.body),
        ["Étude du talus"]
    );
    // The desk (`/staff`) leads with the same queue, and the way to the whole list.
    let desk = staff.get("/staff").await;
    assert_eq!(desk.status, StatusCode::OK, "{}", desk.body);
    let queue = desk
        .body
        .split("data-testid=\"desk-projects\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap()
        .to_string();
    assert!(queue.contains("Étude du talus"), "{queue}");
    assert!(!queue.contains("Forage rue Principale") && !queue.contains("Rapport remis"));
    assert!(
        queue.contains("/staff/projects?waiting=staff&amp;mine=1"),
        "{queue}"
    );
    assert!(desk.has("data-testid=\"desk-quotes\"") && desk.has("data-testid=\"desk-orders\""));

    // A closed project waits on no one.
    app.store
        .update_project(
            &Project {
                status: ProjectStatus::Closed,
                updated_at: Millis(sent_in.updated_at.0 + 1),
                ..sent_in.clone()
            },
            sent_in.updated_at,
        )
        .await
        .unwrap();
    let none = staff.get("/staff/projects?waiting=customer").await;
    assert!(titles(&none.body).is_empty());
    assert!(none.has("No project matches"), "{}", none.body);
    // Hostile filters are only filters.
    for odd in [
        "/staff/projects?status=%00&waiting=nobody&mine=yes",
        "/staff/projects?q=%25%25%25_",
    ] {
        let page = staff.get(odd).await;
        assert_eq!(page.status, StatusCode::OK, "{odd}");
    }
    assert!(titles(&staff.get("/staff/projects?q=%25%25%25_").await.body).is_empty());

    // Staff who may not open a project's page (an accountant) see the list without links
    // that would refuse them.
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    let read_only = accountant.get("/staff/projects").await;
    assert_eq!(read_only.status, StatusCode::OK);
    assert!(read_only.has("Étude du talus"));
    assert!(
        !read_only.has("href=\"/staff/projects/"),
        "{}",
        read_only.body
    );
    let desk = accountant.get("/staff").await;
    assert!(desk.has("Étude du talus") && !desk.has("href=\"/staff/projects/"));

    // Another provider's staff see none of them; a contact and a visitor are refused.
    let other = app.browser(&app.b);
    other.signed_in_as("admin@b.example").await;
    let theirs = other.get("/staff/projects").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(titles(&theirs.body).is_empty(), "{}", theirs.body);
    let contact = app.browser(&app.a);
    contact.signed_in_as("lea@c1.example").await;
    for path in ["/staff/projects", "/staff"] {
        assert_eq!(
            contact.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert!(
        !other.get("/staff").await.has("Étude du talus"),
        "another provider's desk"
    );
    let visitor = app.browser(&app.a).get("/staff/projects").await;
    assert!(
        visitor.status == StatusCode::SEE_OTHER || visitor.status == StatusCode::UNAUTHORIZED,
        "{}",
        visitor.status
    );
}

crate::both_backends!(staff_list_projects_across_customers);
