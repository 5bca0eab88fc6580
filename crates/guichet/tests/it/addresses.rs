//! The address book: contacts whose role edits the company keep it; postal codes per country.
use reqwest::StatusCode;

use crate::harness::TestApp;

fn address<'a>(
    label: &'a str,
    postal: &'a str,
    country: &'a str,
    region: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("label", label),
        ("line1", "450, rue Saint-Paul"),
        ("city", "Québec"),
        ("region", region),
        ("postal_code", postal),
        ("country", country),
        ("instructions", "Quai 3, sonner"),
        ("version", ""),
    ]
}

fn id_of(body: &str, label: &str) -> String {
    let at = body.find(&format!("data-address=\"{label}\"")).unwrap();
    let rest = &body[at..];
    let i = rest.find("/portal/addresses/").unwrap() + "/portal/addresses/".len();
    rest[i..i + 36].to_string()
}

async fn contacts_keep_their_address_book(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let admin = app.staff(&app.a, "admin").await;
    let editor = app
        .portal
        .create_role(&admin, &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), "Logistique".into()),
                ("op.company".into(), "edit".into()),
            ]),
        )
        .await
        .unwrap();
    app.portal
        .move_contacts(&admin, &guichet_core::Client::default(), &[(c.id, u.id)], &editor.id.to_string())
        .await
        .unwrap();
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    assert!(
        b.get("/portal/addresses")
            .await
            .has("href=\"/portal/addresses/new\"")
    );

    // Postal codes are checked against the country; the input is kept.
    for (postal, country, region) in [
        ("12345", "CA", "QC"),
        ("H2X 1Y4", "US", "NY"),
        ("G1K 3A9", "CA", "XX"),
    ] {
        let p = b
            .post(
                "/portal/addresses",
                &address("Entrepôt", postal, country, region),
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{postal} {country} {region}"
        );
        assert!(p.has(postal) && p.has("class=\"error\""));
    }
    // Good ones, written the country's way; the first becomes the default.
    let p = b
        .post(
            "/portal/addresses",
            &address("Entrepôt", "g1k3a9", "CA", "qc"),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = b
        .post(
            "/portal/addresses",
            &address("Bureau de New York", "100011234", "US", "ny"),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let list = app.store.addresses(app.a.id, c.id).await.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (
            list[0].label.as_str(),
            list[0].postal_code.as_str(),
            list[0].is_default
        ),
        ("Entrepôt", "G1K 3A9", true)
    );
    assert_eq!(
        (list[1].postal_code.as_str(), list[1].region.as_str()),
        ("10001-1234", "NY")
    );

    let page = b.get("/portal/addresses").await;
    let ny = id_of(&page.body, "Bureau de New York");
    let depot = id_of(&page.body, "Entrepôt");
    // Make New York the default; archive it (no default left); restore it.
    assert_eq!(
        b.post(&format!("/portal/addresses/{ny}/default"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let list = app.store.addresses(app.a.id, c.id).await.unwrap();
    assert!(list[0].is_default && list[0].label == "Bureau de New York" && !list[1].is_default);
    assert_eq!(
        b.post(&format!("/portal/addresses/{ny}/archive"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = b.get("/portal/addresses").await;
    assert!(page.has("/restore"));
    assert_eq!(
        b.post(&format!("/portal/addresses/{ny}/restore"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Editing: saved; a stale form gets 409 and writes nothing.
    let form = b.get(&format!("/portal/addresses/{depot}")).await;
    let marker = "name=\"version\" value=\"";
    let i = form.body.find(marker).unwrap() + marker.len();
    let version = form.body[i..i + form.body[i..].find('"').unwrap()].to_string();
    let mut fields = address("Entrepôt principal", "G1K 3A9", "CA", "QC");
    fields.retain(|(k, _)| *k != "version");
    fields.push(("version", &version));
    assert_eq!(
        b.post(&format!("/portal/addresses/{depot}"), &fields)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let mut stale = address("Écrasé", "G1K 3A9", "CA", "QC");
    stale.retain(|(k, _)| *k != "version");
    stale.push(("version", &version));
    let p = b.post(&format!("/portal/addresses/{depot}"), &stale).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(
        p.has("data-testid=\"conflict\"") && p.has("Écrasé"),
        "the typed values are kept"
    );
    assert!(
        app.store
            .addresses(app.a.id, c.id)
            .await
            .unwrap()
            .iter()
            .any(|a| a.label == "Entrepôt principal")
    );

    // Staff see the address book.
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    assert!(
        staff
            .get(&format!("/staff/customers/{}", c.id))
            .await
            .has("Entrepôt principal")
    );

    // An address used by an order is archived, never deleted; an unused one is deleted.
    let used = app.store.addresses(app.a.id, c.id).await.unwrap()[0].clone();
    app.store.delete_address(app.a.id, used.id).await.unwrap();
    let mut with_order = used.clone();
    with_order.id = guichet_domain::AddressId::new();
    with_order.used_at = Some(guichet_domain::Millis::now());
    app.store.insert_address(&with_order).await.unwrap();
    let p = b
        .post(&format!("/portal/addresses/{}/delete", with_order.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.has("role=\"alert\""));
    assert!(
        app.store
            .address(app.a.id, with_order.id)
            .await
            .unwrap()
            .is_some()
    );

    // Another customer's address, another tenant's: not found. A read-only role: refused.
    let (c2, _) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "fr")
        .await;
    let theirs = guichet_domain::ShippingAddress {
        id: guichet_domain::AddressId::new(),
        customer_id: c2.id,
        ..with_order.clone()
    };
    app.store.insert_address(&theirs).await.unwrap();
    for path in [format!("/portal/addresses/{}", theirs.id)] {
        assert_eq!(b.get(&path).await.status, StatusCode::NOT_FOUND);
    }
    for action in ["default", "archive", "delete"] {
        let p = b
            .post(&format!("/portal/addresses/{}/{action}", theirs.id), &[])
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{action}");
    }
    let o = app.browser(&app.a);
    o.signed_in_as("other@client.example").await;
    assert_eq!(
        o.get("/portal/addresses").await.status,
        StatusCode::OK,
        "the default role sees them"
    );
    assert_eq!(
        o.get("/portal/addresses/new").await.status,
        StatusCode::FORBIDDEN
    );
    let p = o
        .post("/portal/addresses", &address("X", "G1K 3A9", "CA", "QC"))
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = o
        .post(&format!("/portal/addresses/{}/archive", theirs.id), &[])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(
        app.store
            .address(app.a.id, theirs.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
}

crate::both_backends!(contacts_keep_their_address_book);
