//! Staff manage customer accounts and contacts.
use reqwest::StatusCode;

use crate::harness::{Backend, TestApp, spawn_app_with};

fn customer_form<'a>(number: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("number", number),
        ("name", name),
        ("locale", "fr"),
        ("currency", "cad"),
        ("billing_line1", "12, rue des Érables"),
        ("billing_city", "Sherbrooke"),
        ("billing_region", "QC"),
        ("billing_postal_code", "j1h 1a1"),
        ("billing_country", "ca"),
        ("shipping_line1", "Chantier 4"),
        ("shipping_city", "Magog"),
    ]
}

async fn customers_are_created_listed_and_edited(app: TestApp) {
    let staff = app.browser(&app.a);
    staff.signed_in_as("manager@a.example").await;
    let created = staff
        .post(
            "/staff/customers",
            &customer_form("C-100", "Érablière du Nord"),
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let page = staff.get(created.location.as_deref().unwrap()).await;
    assert!(
        page.has("Érablière du Nord") && page.has("CAD") && page.has("J1H 1A1"),
        "{}",
        page.body
    );

    // Invalid: messages beside the fields, input kept, nothing written.
    let mut bad = customer_form("", "Sans numéro");
    bad[3] = ("currency", "dollars");
    let invalid = staff.post("/staff/customers", &bad).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        invalid.has("id=\"e-number\"") && invalid.has("value=\"Sans numéro\""),
        "{}",
        invalid.body
    );
    let dup = staff
        .post("/staff/customers", &customer_form("C-100", "Doublon"))
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.has("already used"));
    let list = staff.get("/staff/customers?q=rabli").await;
    assert!(list.has("Érablière du Nord") && !list.has("Doublon"));

    let id = created
        .location
        .unwrap()
        .trim_start_matches("/staff/customers/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let edited = staff
        .post(
            &format!("/staff/customers/{id}"),
            &customer_form("C-100", "Érablière du Nord inc."),
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER);
    assert!(
        staff
            .get(&format!("/staff/customers/{id}"))
            .await
            .has("Érablière du Nord inc.")
    );
    assert_eq!(
        staff.get("/staff/customers/not-a-uuid").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff
            .get(&format!("/staff/customers/{}", uuid::Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn customer_list_pages_with_a_cursor(app: TestApp) {
    let admin = app.staff(&app.a, "admin").await;
    for i in 0..55 {
        app.portal
            .create_customer(&admin, &guichet_core::Client::default(),
                &guichet_core::accounts::CustomerInput {
                    number: format!("N-{i:03}"),
                    name: format!("Client {i:03}"),
                    locale: "en".into(),
                    currency: "CAD".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
    }
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let first = staff.get("/staff/customers").await;
    assert!(first.has("Client 000") && first.has("Client 049") && !first.has("Client 050"));
    let marker = "href=\"/staff/customers?q=&#38;after=";
    let start = first
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("a next-page link: {}", first.body))
        + "href=\"".len();
    let href = first.body[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#38;", "&");
    let second = staff.get(&href).await;
    assert!(second.has("Client 050") && second.has("Client 054") && !second.has("Client 049"));
}

async fn contacts_are_added_validated_and_edited(app: TestApp) {
    let (c, existing) = app
        .customer_with_contact(&app.a, "C-1", "first@client.example", "en")
        .await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let bad = staff
        .post(
            &format!("/staff/customers/{}/contacts", c.id),
            &[("name", ""), ("email", "not-an-email"), ("locale", "en")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.has("id=\"e-name\"") && bad.has("id=\"e-email\"") && bad.has("value=\"not-an-email\"")
    );
    let taken = staff
        .post(
            &format!("/staff/customers/{}/contacts", c.id),
            &[
                ("name", "X"),
                ("email", "FIRST@client.example"),
                ("locale", "en"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.has("already used by someone else"));
    assert_eq!(
        app.mails_to("first@client.example").await.len(),
        0,
        "nothing sent for a refused form"
    );
    let edit = staff
        .post(
            &format!("/staff/contacts/{}", existing.id),
            &[
                ("name", "Camille Renamed"),
                ("email", "first@client.example"),
                ("phone", "418 555-0199"),
                ("locale", "fr"),
            ],
        )
        .await;
    assert_eq!(edit.status, StatusCode::SEE_OTHER);
    assert!(
        staff
            .get(&format!("/staff/customers/{}", c.id))
            .await
            .has("Camille Renamed")
    );
    assert!(
        staff
            .get(&format!("/staff/contacts/{}/edit", existing.id))
            .await
            .has("418 555-0199")
    );
}

async fn outbox_lists_emails_for_administrators(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "first@client.example", "en")
        .await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    staff
        .post(&format!("/staff/contacts/{}/sign-in-link", u.id), &[])
        .await;
    let list = staff.get("/staff/outbox").await;
    assert!(
        list.has("first@client.example") && list.has("Queued"),
        "{}",
        list.body
    );
    app.deliver().await;
    let list = staff.get("/staff/outbox").await;
    assert!(list.has("Sent"));
    let _ = c;
}

/// Staff who read the outbox do not get the recipients' personal links (a sign-in link would let
/// them in as the contact); the demo, where nobody receives mail, shows them.
async fn outbox_hides_personal_links_outside_the_demo(backend: Backend) {
    for demo in [false, true] {
        let app = spawn_app_with(backend, false, |c| c.demo = demo).await;
        let (_, u) = app
            .customer_with_contact(&app.a, "C-1", "first@client.example", "en")
            .await;
        let staff = app.browser(&app.a);
        staff.signed_in_as("admin@a.example").await;
        staff
            .post(&format!("/staff/contacts/{}/sign-in-link", u.id), &[])
            .await;
        // Read before delivery (a delivered email's body is wiped from the outbox).
        let list = staff.get("/staff/outbox").await;
        let marker = "href=\"/staff/outbox/";
        let at = list.body.find(marker).expect("an email in the outbox") + marker.len() - 14;
        let href: String = list.body[at..].chars().take_while(|c| *c != '"').collect();
        let email = staff.get(&href).await;
        assert_eq!(email.status, StatusCode::OK);
        assert!(email.has("first@client.example"));
        let link = app
            .last_mail_to("first@client.example")
            .await
            .link(&format!("{}/auth/link/", app.a.base_url));
        if demo {
            assert!(email.has(&link), "the demo shows the link: {}", email.body);
        } else {
            let token = link.rsplit('/').next().unwrap();
            assert!(!email.body.contains(token), "{}", email.body);
            assert!(
                email.has("personal link hidden") || email.has("lien personnel masqué"),
                "{}",
                email.body
            );
        }
    }
}

crate::both_backends_own_app!(outbox_hides_personal_links_outside_the_demo);

crate::both_backends!(
    customers_are_created_listed_and_edited,
    customer_list_pages_with_a_cursor,
    contacts_are_added_validated_and_edited,
    outbox_lists_emails_for_administrators,
);
