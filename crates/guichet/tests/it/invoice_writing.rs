//! Invoices staff write by hand (issue 17): free lines at the customer's taxes; the same form
//! twice is one invoice; bad lines are refused on their field with nothing written; who may not.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::billing::accounting;
use crate::harness::TestApp;
use crate::sales::{hidden, id_in, shop};

async fn invoices_of(app: &TestApp) -> Vec<Invoice> {
    app.store.dump().await.unwrap().invoices
}

async fn staff_write_an_invoice_and_the_customer_sees_it(app: TestApp) {
    let (shop, _buyer) = shop(&app).await;
    let customer = shop.customer.id;
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;
    let form_path = format!("/staff/customers/{customer}/invoices/new");

    // The customer's page leads to the form; the form offers blank lines.
    let page = staff.get(&format!("/staff/customers/{customer}")).await;
    assert!(page.has(&form_path), "{}", page.body);
    let form = staff.get(&form_path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.has("name=\"description.0\"") && form.has("name=\"price.2\""));
    let key = hidden(&form, "key");

    let send = |fields: Vec<(&'static str, String)>| {
        let staff = &staff;
        let form_path = form_path.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            staff.post(&form_path, &pairs).await
        }
    };
    let good = |key: &str| {
        vec![
            ("key", key.to_string()),
            ("description.0", "Inspection du toit".to_string()),
            ("quantity.0", "3".to_string()),
            ("price.0", "95,00".to_string()),
            ("description.1", "Déplacement".to_string()),
            ("quantity.1", "".to_string()),
            ("price.1", "40".to_string()),
            ("description.2", "".to_string()),
            ("quantity.2", "".to_string()),
            ("price.2", "".to_string()),
            ("first_days", "15".to_string()),
            ("instalments", "1".to_string()),
            ("every_days", "30".to_string()),
            ("note", "Visite du 2 décembre".to_string()),
        ]
    };

    // Bad lines: each refused on its field, what was typed kept, nothing written.
    let with = |changes: &[(&'static str, &str)]| {
        let mut f = good(&key);
        for (k, v) in changes {
            match f.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 = v.to_string(),
                None => f.push((k, v.to_string())),
            }
        }
        f
    };
    let huge = "9".repeat(400);
    for (changes, says) in [
        (vec![("price.0", "abc")], "data-testid=\"write-invoice\""),
        (vec![("quantity.0", "0")], "whole quantity"),
        (vec![("quantity.0", "-2")], "whole quantity"),
        (vec![("description.0", "Toit\u{0}")], "control characters"),
        (vec![("description.0", huge.as_str())], "aria-invalid"),
        (vec![("price.1", "99999999999999")], "aria-invalid"),
        (vec![("description.1", "")], "aria-invalid"),
        (vec![("instalments", "99")], "Enter a whole number"),
        (
            vec![
                ("description.0", ""),
                ("quantity.0", ""),
                ("price.0", ""),
                ("description.1", ""),
                ("quantity.1", ""),
                ("price.1", ""),
            ],
            "at least one line",
        ),
    ] {
        let refused = send(with(&changes)).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}: {}",
            refused.body
        );
        assert!(refused.has(says), "{changes:?}: {}", refused.body);
    }
    let refused = send(with(&[
        ("description.1", "Frais de déplacement"),
        ("price.0", "abc"),
    ]))
    .await;
    assert!(
        refused.has("Frais de déplacement"),
        "what was typed is kept"
    );
    assert!(invoices_of(&app).await.is_empty(), "nothing half-written");

    // Written: the customer's taxes (Quebec: GST 5 %, QST 9,975 %), due in 15 days.
    let issued = send(good(&key)).await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let invoice_id = id_in(issued.location.as_deref().unwrap(), "/staff/invoices/");
    // The same form again (a double click, ten at once): the same invoice, written once.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let staff = crate::harness::Browser {
            http: staff.http.clone(),
            base: staff.base.clone(),
        };
        let (path, fields) = (form_path.clone(), good(&key));
        tasks.push(tokio::spawn(async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            staff.post(&path, &pairs).await
        }));
    }
    for t in tasks {
        let again = t.await.unwrap();
        assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
        assert_eq!(
            id_in(again.location.as_deref().unwrap(), "/staff/invoices/"),
            invoice_id
        );
    }
    let invoices = invoices_of(&app).await;
    assert_eq!(invoices.len(), 1, "one invoice");
    let i = &invoices[0];
    assert_eq!((i.order_id, i.quote_id, i.is_deposit), (None, None, false));
    assert_eq!(i.lines.len(), 2);
    assert_eq!((i.lines[1].quantity, i.lines[1].total_minor), (1, 40_00));
    // 3 × 95 + 40 = 325,00 $; GST 16,25 $, QST 32,42 $: 373,67 $.
    assert_eq!((i.subtotal_minor, i.total_minor), (325_00, 373_67));
    assert_eq!(
        i.subtotal_minor + i.taxes.iter().map(|t| t.minor).sum::<i64>(),
        i.total_minor
    );
    assert_eq!(i.schedule.len(), 1);
    assert!(i.adds_up());
    let journal = app.store.dump().await.unwrap().journal;
    assert!(
        journal
            .iter()
            .any(|e| e.action == "invoice.issue" && e.detail.contains("written")),
        "journaled"
    );

    // The customer's accounting contact sees it, with its lines, and is told.
    let compta = accounting(&app, customer, "compta@client.example").await;
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Inspection du toit") && page.has("373,67"),
        "{}",
        page.body
    );
    // Staff's list for that customer shows it.
    let list = staff
        .get(&format!("/staff/invoices?customer={customer}"))
        .await;
    assert!(list.has(&invoice_id), "{}", list.body);
}

async fn who_may_not_write_an_invoice(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let customer = shop.customer.id;
    let form_path = format!("/staff/customers/{customer}/invoices/new");
    let fields = [
        ("key", uuid::Uuid::now_v7().to_string()),
        ("description.0", "Frais".to_string()),
        ("quantity.0", "1".to_string()),
        ("price.0", "10".to_string()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();

    // Anonymous: sent to sign in.
    let anon = app.browser(&app.a);
    let p = anon.get(&form_path).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p.location.unwrap().starts_with("/sign-in"));
    // A contact: refused.
    assert_eq!(buyer.get(&form_path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        buyer.post(&form_path, &pairs).await.status,
        StatusCode::FORBIDDEN
    );
    // An agent (no invoices to manage): refused, and no link on the customer's page.
    app.portal
        .add_staff_with_password(
            &app.a,
            "agent@a.example",
            "Agathe Agent",
            StaffRole::Agent,
            Locale::Fr,
            crate::harness::PASSWORD,
        )
        .await
        .unwrap();
    let agent = app.browser(&app.a);
    agent.signed_in_as("agent@a.example").await;
    assert!(
        !agent
            .get(&format!("/staff/customers/{customer}"))
            .await
            .has(&form_path)
    );
    assert_eq!(agent.get(&form_path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        agent.post(&form_path, &pairs).await.status,
        StatusCode::FORBIDDEN
    );
    // Another provider's staff: not found.
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(b_staff.get(&form_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        b_staff.post(&form_path, &pairs).await.status,
        StatusCode::NOT_FOUND
    );
    // Without the form's token: refused.
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let forged = admin
        .http
        .post(admin.url(&form_path))
        .form(&pairs)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // A form key that is not a key, or another invoice's id: refused (409), nothing written.
    let mut bad = pairs.clone();
    bad[0] = ("key", "pas-une-clé");
    assert_eq!(
        admin.post(&form_path, &bad).await.status,
        StatusCode::CONFLICT
    );
    assert!(invoices_of(&app).await.is_empty());
    // A 3 MB description: refused by the body limit or the field, never written.
    let big = "x".repeat(3 << 20);
    let mut bigger = pairs.clone();
    bigger[1] = ("description.0", big.as_str());
    let status = admin.post(&form_path, &bigger).await.status;
    assert!(
        status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    assert!(invoices_of(&app).await.is_empty());
}

crate::both_backends!(
    staff_write_an_invoice_and_the_customer_sees_it,
    who_may_not_write_an_invoice,
);
