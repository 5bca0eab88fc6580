//! Billing (issue 17): staff bill an order in instalments; the customer's accounting contact
//! sees the invoice, what is due now (the instalment, not the whole balance) and the schedule;
//! an invoice is billed once, voided only as shown; and who may not.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, TestApp};
use crate::sales::{hidden, id_in, place, shop};

/// A contact of the shop's customer whose role shows invoices (and orders).
async fn accounting(app: &TestApp, customer: CustomerId, email: &str) -> Browser {
    let admin = app.staff(&app.a, "admin").await;
    let role = app
        .portal
        .create_role(
            &admin,
            &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), format!("Comptabilité {email}")),
                ("op.invoices".into(), "view".into()),
                ("scope.invoices".into(), "company".into()),
                ("op.orders".into(), "view".into()),
                ("scope.orders".into(), "company".into()),
            ]),
        )
        .await
        .unwrap();
    app.contact_in(
        &app.a,
        customer,
        "Carole Compta",
        email,
        &role.id.to_string(),
        "fr",
    )
    .await;
    let b = app.browser(&app.a);
    b.signed_in_as(email).await;
    b
}

/// The buyer orders two boxes of panels (2 × 199,50 $ + taxes); returns the order's id.
async fn an_order(b: &Browser, panel: &str) -> String {
    b.post("/portal/cart/add", &[("product", panel), ("quantity", "2")])
        .await;
    let placed = place(
        b,
        &[("address", "other"), ("other_address", "1 rue du Port")],
    )
    .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    id_in(placed.location.as_deref().unwrap(), "/portal/orders/")
}

async fn invoices_of(app: &TestApp) -> Vec<Invoice> {
    app.store.dump().await.unwrap().invoices
}

async fn an_order_is_billed_in_instalments_and_the_customer_sees_what_is_due(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let order = an_order(&buyer, &shop.panel).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;

    // The order's page offers to bill it; bad terms are refused on their field.
    let page = staff.get(&format!("/staff/orders/{order}")).await;
    assert!(page.has("data-testid=\"bill-order\""), "{}", page.body);
    let bill = |first: &'static str, n: &'static str, every: &'static str| {
        let staff = &staff;
        let order = order.clone();
        async move {
            staff
                .post(
                    &format!("/staff/orders/{order}/bill"),
                    &[
                        ("first_days", first),
                        ("instalments", n),
                        ("every_days", every),
                        ("note", ""),
                    ],
                )
                .await
        }
    };
    for (first, n, every) in [
        ("0", "0", "30"),
        ("x", "1", "30"),
        ("0", "25", "30"),
        ("700", "3", "30"),
    ] {
        let refused = bill(first, n, every).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{first} {n} {every}"
        );
        assert!(
            refused.has("Enter a whole number") || refused.has("more than two years"),
            "{}",
            refused.body
        );
    }
    assert!(invoices_of(&app).await.is_empty(), "nothing half-written");

    // Three instalments: on receipt, then every 30 days.
    let issued = bill("0", "3", "30").await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let location = issued.location.unwrap();
    let invoice_id = id_in(&location, "/staff/invoices/");
    let invoices = invoices_of(&app).await;
    assert_eq!(invoices.len(), 1);
    let invoice = &invoices[0];
    // 2 × 199,50 $ = 399,00 $; GST 19,95 $ and QST 39,80 $: 458,75 $.
    assert_eq!((invoice.number, invoice.total_minor), (1, 45_875));
    assert_eq!(
        invoice
            .schedule
            .iter()
            .map(|i| i.amount_minor)
            .collect::<Vec<_>>(),
        [15_293, 15_291, 15_291]
    );
    assert_eq!(invoice.order_id.map(|o| o.to_string()), Some(order.clone()));
    let shown = staff.get(&location).await;
    assert!(shown.has("The invoice is issued."), "{}", shown.body);
    assert!(shown.has("Invoice 1"));
    let journal = app.store.dump().await.unwrap().journal;
    assert!(journal.iter().any(|e| e.action == "invoice.issue"));

    // Billed once: the same order again is refused, and says why.
    let again = bill("30", "1", "30").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.has("already invoiced"), "{}", again.body);
    assert_eq!(invoices_of(&app).await.len(), 1);

    // The accounting contact: the list, what is owed, and the invoice with the instalment due now.
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;
    let list = compta.get("/portal/invoices").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.has("Facture 1"), "{}", list.body);
    assert!(list.has("À payer"));
    assert!(list.has("458,75"), "{}", list.body);
    assert!(list.has("data-testid=\"owed-CAD\""));
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("Montant dû maintenant"));
    assert!(
        page.has("152,93"),
        "the first instalment, not the balance: {}",
        page.body
    );
    assert!(page.has("Calendrier de paiement"));
    assert!(page.has("Panneau 440 W"));
    assert!(page.has("TPS") && page.has("TVQ"), "{}", page.body);
    // The nav and the home lead there.
    assert!(compta.get("/portal").await.has("href=\"/portal/invoices\""));

    // Voided only as shown; then the customer sees it void and the order may be billed again.
    let seen = hidden(&staff.get(&location).await, "seen");
    let stale = staff
        .post(
            &format!("/staff/invoices/{invoice_id}/void"),
            &[("seen", "1")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.has("changed since the page was shown"),
        "{}",
        stale.body
    );
    let voided = staff
        .post(
            &format!("/staff/invoices/{invoice_id}/void"),
            &[("seen", seen.as_str())],
        )
        .await;
    assert_eq!(voided.status, StatusCode::SEE_OTHER, "{}", voided.body);
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(page.has("Annulée"));
    assert!(!page.has("Montant dû maintenant"));
    let again = bill("30", "1", "30").await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let numbers: Vec<i64> = invoices_of(&app).await.iter().map(|i| i.number).collect();
    assert_eq!(numbers.len(), 2);
    assert!(numbers.contains(&2));
}

async fn strangers_and_roles_without_the_right_see_no_invoice(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let order = an_order(&buyer, &shop.panel).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let issued = staff
        .post(
            &format!("/staff/orders/{order}/bill"),
            &[("instalments", "1")],
        )
        .await;
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    let invoice = id_in(issued.location.as_deref().unwrap(), "/staff/invoices/");
    let portal_path = format!("/portal/invoices/{invoice}");

    // Anonymous: sent to sign in.
    let anon = app.browser(&app.a);
    for path in ["/portal/invoices", portal_path.as_str(), "/staff/invoices"] {
        let p = anon.get(path).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        assert!(p.location.unwrap().starts_with("/sign-in"), "{path}");
    }
    // The buyer's role has no invoices: refused, and no menu entry.
    assert_eq!(
        buyer.get("/portal/invoices").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(buyer.get(&portal_path).await.status, StatusCode::FORBIDDEN);
    assert!(
        !buyer
            .get("/portal/orders")
            .await
            .has("href=\"/portal/invoices\"")
    );
    // Another customer's accounting contact: not found, and an empty list.
    let other = accounting(&app, shop.other.id, "compta@autre.example").await;
    assert_eq!(other.get(&portal_path).await.status, StatusCode::NOT_FOUND);
    assert!(!other.get("/portal/invoices").await.has("Facture 1"));
    // Another provider's staff: not found; their list does not show it.
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_staff
            .get(&format!("/staff/invoices/{invoice}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b_staff
            .post(
                &format!("/staff/orders/{order}/bill"),
                &[("instalments", "1")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(!b_staff.get("/staff/invoices").await.has(&invoice));
    // An agent reads invoices but neither bills nor voids.
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
    let page = agent.get(&format!("/staff/invoices/{invoice}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("data-testid=\"void-invoice\""));
    assert_eq!(
        agent
            .post(&format!("/staff/invoices/{invoice}/void"), &[("seen", "0")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A contact cannot reach staff pages.
    assert_eq!(
        buyer
            .get(&format!("/staff/invoices/{invoice}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(invoices_of(&app).await.len(), 1);
    assert!(invoices_of(&app).await[0].voided_at.is_none());
}

crate::both_backends!(
    an_order_is_billed_in_instalments_and_the_customer_sees_what_is_due,
    strangers_and_roles_without_the_right_see_no_invoice,
);
