//! Billing (issue 17): staff bill an order in instalments; the customer's accounting contact
//! sees the invoice, what is due now (the instalment, not the whole balance) and the schedule;
//! an invoice is billed once, voided only as shown; and who may not.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, TestApp};
use crate::sales::{hidden, id_in, place, shop};

/// A contact of the shop's customer whose role shows invoices (and orders).
pub(crate) async fn accounting(app: &TestApp, customer: CustomerId, email: &str) -> Browser {
    app.contact_with_role(
        customer,
        &format!("Comptabilité {email}"),
        &[
            ("op.invoices", "view"),
            ("scope.invoices", "company"),
            ("op.orders", "view"),
            ("scope.orders", "company"),
        ],
        ("Carole Compta", email),
    )
    .await;
    let b = app.browser(&app.a);
    b.signed_in_as(email).await;
    b
}

/// The buyer orders two boxes of panels (2 × 199,50 $ + taxes); returns the order's id.
pub(crate) async fn an_order(b: &Browser, panel: &str) -> String {
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

/// The text of a PDF, by poppler's `pdftotext` (spaces and line breaks as laid out).
fn pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("guichet-invoice-{}.pdf", uuid::Uuid::now_v7()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let _ = std::fs::remove_file(&path);
    String::from_utf8_lossy(&out.stdout)
        .replace('\u{a0}', " ")
        .replace('\u{202f}', " ")
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
    // The contacts whose role shows invoices are told, with what is due now (the buyer's role
    // shows none).
    app.deliver().await;
    let told = app.last_mail_to("camille@client.example").await;
    assert!(told.subject.contains("facture 1"), "{}", told.subject);
    assert!(
        told.body
            .contains(&format!("/portal/invoices/{invoice_id}")),
        "{}",
        told.body
    );
    assert!(
        told.body
            .replace(['\u{a0}', '\u{202f}'], " ")
            .contains("152,93 $"),
        "{}",
        told.body
    );
    assert!(
        app.mails_to("acheteuse@client.example")
            .await
            .iter()
            .all(|m| !m.subject.contains("facture")),
        "the buyer sees no invoices"
    );

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
    // As a PDF in the reader's language: the lines, the taxes, the schedule.
    let res = compta
        .http
        .get(compta.url(&format!("/portal/invoices/{invoice_id}/pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("facture-1.pdf")
    );
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    for words in [
        "Facture 1",
        "Panneau 440 W",
        "458,75",
        "152,93",
        "Calendrier de paiement",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    // The order's page leads to its invoice, for those who may see invoices only.
    let invoice_href = format!("/portal/invoices/{invoice_id}");
    assert!(
        compta
            .get(&format!("/portal/orders/{order}"))
            .await
            .has(&invoice_href)
    );
    let buyer_view = buyer.get(&format!("/portal/orders/{order}")).await;
    assert_eq!(buyer_view.status, StatusCode::OK);
    assert!(!buyer_view.has(&invoice_href));
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
    assert_eq!(
        other.get(&format!("{portal_path}/pdf")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        buyer.get(&format!("{portal_path}/pdf")).await.status,
        StatusCode::FORBIDDEN
    );
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
    assert_eq!(
        b_staff
            .get(&format!("/staff/invoices/{invoice}/pdf"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
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

async fn payments_are_recorded_once_and_never_above_the_balance(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let order = an_order(&buyer, &shop.panel).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;
    // Five billings of the order at once (a double click, two tabs): one invoice.
    let billers = std::sync::Arc::new(staff);
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (b, path) = (billers.clone(), format!("/staff/orders/{order}/bill"));
        tasks.push(tokio::spawn(async move {
            b.post(
                &path,
                &[
                    ("first_days", "0"),
                    ("instalments", "2"),
                    ("every_days", "30"),
                ],
            )
            .await
        }));
    }
    let mut issued = Vec::new();
    for t in tasks {
        let p = t.await.unwrap();
        assert!(
            p.status == StatusCode::SEE_OTHER || p.status == StatusCode::CONFLICT,
            "{}",
            p.body
        );
        if p.status == StatusCode::SEE_OTHER {
            issued.push(p);
        }
    }
    assert_eq!(issued.len(), 1);
    assert_eq!(app.store.dump().await.unwrap().invoices.len(), 1);
    let staff = std::sync::Arc::try_unwrap(billers).ok().unwrap();
    let location = issued.pop().unwrap().location.unwrap();
    let invoice = id_in(&location, "/staff/invoices/");
    let path = format!("/staff/invoices/{invoice}/payments");
    let page = staff.get(&location).await;
    assert!(page.has("data-testid=\"record-payment\""), "{}", page.body);
    assert!(
        page.has("value=\"458.75\""),
        "the balance offered: {}",
        page.body
    );
    let key = hidden(&page, "submit_key");
    let pay = |amount: &'static str, on: &'static str, key: String| {
        let staff = &staff;
        let path = path.clone();
        async move {
            staff
                .post(
                    &path,
                    &[
                        ("amount", amount),
                        ("received_on", on),
                        ("method", "transfer"),
                        ("reference", "VIR-2026-118"),
                        ("submit_key", key.as_str()),
                    ],
                )
                .await
        }
    };
    // Bad amounts and dates: refused on their field, nothing recorded.
    for (amount, on, words) in [
        ("458,76", "", "more than the invoice's balance"),
        ("abc", "", "amount"),
        ("100", "2999-01-01", "future date"),
        ("100", "01/12/2026", "YYYY-MM-DD"),
    ] {
        let refused = pay(amount, on, key.clone()).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{amount} {on}"
        );
        assert!(
            refused.has(words) || refused.has("role=\"alert\""),
            "{words}: {}",
            refused.body
        );
    }
    assert!(app.store.dump().await.unwrap().payments.is_empty());

    // The first instalment paid; the same form again changes nothing.
    let paid = pay("229,38", "2026-12-01", key.clone()).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    let again = pay("229,38", "2026-12-01", key.clone()).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let dump = app.store.dump().await.unwrap();
    assert_eq!(dump.payments.len(), 1);
    assert_eq!(dump.invoices[0].paid_minor, 22_938);
    assert!(dump.journal.iter().any(|e| e.action == "invoice.payment"));

    // The customer sees it paid in part, the payment listed, the next instalment due.
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;
    let seen = compta.get(&format!("/portal/invoices/{invoice}")).await;
    assert!(seen.has("Payée en partie"), "{}", seen.body);
    assert!(seen.has("VIR-2026-118"));
    assert!(seen.has("229,37"), "the second instalment: {}", seen.body);
    assert!(!seen.has("data-testid=\"record-payment\""));

    // The statement of account: the invoice, the payment, the running balance, aged.
    let st = compta.get("/portal/invoices/statement").await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.body);
    assert!(st.has("Relevé de compte"));
    assert!(st.has("Solde reporté"));
    assert!(
        st.has("Facture 1") && st.has("Paiement — facture 1"),
        "{}",
        st.body
    );
    assert!(st.has("458,75") && st.has("229,38"));
    let closing = st.body.split("data-testid=\"closing\"").nth(1).unwrap();
    assert!(closing[..80].contains("229,37"), "{closing}");
    // Today alone: the payment (received on 1 December) is brought forward, the invoice listed.
    let today = TimeZone::default().date(Millis::now());
    let one_day = compta
        .get(&format!(
            "/portal/invoices/statement?from={today}&to={today}"
        ))
        .await;
    assert_eq!(one_day.status, StatusCode::OK);
    let opening = one_day
        .body
        .split("data-testid=\"opening\"")
        .nth(1)
        .unwrap();
    assert!(opening[..80].contains("-229,38"), "{opening}");
    assert!(one_day.has("Facture 1") && !one_day.has("Paiement — facture 1"));
    // Bad dates: said on their field, the page still shown.
    let bad = compta
        .get("/portal/invoices/statement?from=2026-13-01")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("AAAA-MM-JJ"), "{}", bad.body);
    let reversed = compta
        .get("/portal/invoices/statement?from=2026-12-31&to=2026-01-01")
        .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reversed.has("Le début ne peut pas suivre la fin."));
    // As a PDF in the reader's language: the same entries, balances and aging.
    assert!(st.has("data-testid=\"statement-pdf\""));
    let res = compta
        .http
        .get(compta.url("/portal/invoices/statement/pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("releve-CAD-"), "{disposition}");
    let text = pdf_text(&res.bytes().await.unwrap());
    for words in [
        "Relevé de compte",
        "Solde reporté",
        "Facture 1",
        "Paiement — facture 1",
        "458,75",
        "229,37",
        "1 à 30 jours",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    // Bad dates go back to the page, which says why.
    let bad = compta
        .get("/portal/invoices/statement/pdf?from=2026-13-01")
        .await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert!(
        bad.location
            .unwrap()
            .starts_with("/portal/invoices/statement?")
    );
    // Not for a role without invoices, nor a visitor.
    for path in [
        "/portal/invoices/statement",
        "/portal/invoices/statement/pdf",
    ] {
        assert_eq!(
            buyer.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let anon = app.browser(&app.a).get(path).await;
        assert_eq!(anon.status, StatusCode::SEE_OTHER, "{path}");
    }

    // Five payments of the whole remaining balance at once, each its own form: one passes.
    let shared = std::sync::Arc::new(staff);
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let (b, path) = (shared.clone(), path.clone());
        tasks.push(tokio::spawn(async move {
            let key = uuid::Uuid::now_v7().to_string();
            b.post(
                &path,
                &[
                    ("amount", "229,37"),
                    ("method", "cheque"),
                    ("submit_key", key.as_str()),
                ],
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::SEE_OTHER)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER
            || *s == StatusCode::CONFLICT
            || *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let staff = shared;
    let dump = app.store.dump().await.unwrap();
    assert_eq!(dump.payments.len(), 2);
    assert_eq!(dump.invoices[0].paid_minor, dump.invoices[0].total_minor);
    let seen = compta.get(&format!("/portal/invoices/{invoice}")).await;
    assert!(seen.has("Payée"));
    assert!(!seen.has("Montant dû maintenant"));
    // The statement read before (kept between visits) follows the payment at once.
    let st = compta.get("/portal/invoices/statement").await;
    assert_eq!(
        st.body.matches("Paiement — facture 1").count(),
        2,
        "{}",
        st.body
    );
    let closing = st.body.split("data-testid=\"closing\"").nth(1).unwrap();
    assert!(closing[..80].contains("0,00"), "{closing}");
    // Another contact of the account reading in English gets its rows in English.
    let english = accounting(&app, shop.customer.id, "books@client.example").await;
    english
        .post("/locale", &[("locale", "en"), ("next", "/portal")])
        .await;
    let st = english.get("/portal/invoices/statement").await;
    assert_eq!(
        st.body.matches("Payment — invoice 1").count(),
        2,
        "{}",
        st.body
    );
    assert!(!st.has("Paiement — facture 1"), "{}", st.body);
    // Paid: neither voided nor paid again.
    let page = staff.get(&location).await;
    assert!(!page.has("data-testid=\"void-invoice\""));
    assert!(!page.has("data-testid=\"record-payment\""));

    // Nobody else records payments: an agent, another provider, a contact.
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_staff
            .post(
                &path,
                &[
                    ("amount", "1"),
                    ("method", "transfer"),
                    ("submit_key", key.as_str())
                ]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        compta
            .post(
                &path,
                &[
                    ("amount", "1"),
                    ("method", "transfer"),
                    ("submit_key", key.as_str())
                ]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.store.dump().await.unwrap().payments.len(), 2);
}

async fn credit_notes_are_applied_to_their_invoice(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let order = an_order(&buyer, &shop.panel).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;
    let issued = staff
        .post(
            &format!("/staff/orders/{order}/bill"),
            &[
                ("first_days", "0"),
                ("instalments", "3"),
                ("every_days", "30"),
            ],
        )
        .await;
    let invoice_id = id_in(&issued.location.unwrap(), "/staff/invoices/");
    let path = format!("/staff/invoices/{invoice_id}/credit-notes");
    let page = staff.get(&format!("/staff/invoices/{invoice_id}")).await;
    assert!(page.has("data-testid=\"credit-form\""), "{}", page.body);

    // Above the balance, or without a reason: refused on the field, nothing issued.
    let above = staff
        .post(
            &path,
            &[("credit_amount", "500"), ("credit_reason", "Retour")],
        )
        .await;
    assert_eq!(above.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        above.has("cannot be more than what is left"),
        "{}",
        above.body
    );
    let no_reason = staff.post(&path, &[("credit_amount", "100")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invoices_of(&app).await.len(), 1);

    // Nobody else: a contact, another provider.
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;
    let form = [("credit_amount", "10"), ("credit_reason", "x")];
    assert_eq!(
        compta.post(&path, &form).await.status,
        StatusCode::FORBIDDEN
    );
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_admin.post(&path, &form).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(invoices_of(&app).await.len(), 1);

    // 100,00 $ credited: taxes split as on the invoice, applied to it at once.
    let done = staff
        .post(
            &path,
            &[
                ("credit_amount", "100,00"),
                ("credit_reason", "Panneau retourné"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let all = invoices_of(&app).await;
    let invoice = all.iter().find(|i| i.kind == InvoiceKind::Invoice).unwrap();
    let credit = all
        .iter()
        .find(|i| i.kind == InvoiceKind::CreditNote)
        .unwrap();
    assert_eq!(invoice.paid_minor, 100_00);
    assert_eq!(
        (credit.number, credit.total_minor, credit.paid_minor),
        (1, 100_00, 100_00)
    );
    assert_eq!(credit.credits, Some(invoice.id));
    // GST 19,95 and QST 39,80 of 458,75 $: 4,35 $ and 8,68 $ of 100,00 $.
    assert_eq!(
        credit.taxes.iter().map(|t| t.minor).collect::<Vec<_>>(),
        [435, 868]
    );
    assert_eq!(credit.subtotal_minor, 100_00 - 435 - 868);
    let journal = app.store.dump().await.unwrap().journal;
    assert!(journal.iter().any(|e| e.action == "invoice.credit"));

    // The customer sees it on the invoice and in the statement; what is owed follows.
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(
        page.has("Note de crédit 1") && page.has("Panneau retourné"),
        "{}",
        page.body
    );
    let st = compta.get("/portal/invoices/statement").await;
    assert!(st.has("Note de crédit 1"), "{}", st.body);
    let closing = st.body.split("data-testid=\"closing\"").nth(1).unwrap();
    assert!(closing[..80].contains("358,75"), "{closing}");
    // The whole rest credited: the invoice owes nothing; more is refused.
    let rest = staff
        .post(
            &path,
            &[("credit_amount", "358,75"), ("credit_reason", "Annulé")],
        )
        .await;
    assert_eq!(rest.status, StatusCode::SEE_OTHER, "{}", rest.body);
    let again = staff
        .post(
            &path,
            &[("credit_amount", "1"), ("credit_reason", "Encore")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let invoice = invoices_of(&app)
        .await
        .into_iter()
        .find(|i| i.kind == InvoiceKind::Invoice)
        .unwrap();
    assert_eq!(invoice.balance(), 0);
}

crate::both_backends!(
    credit_notes_are_applied_to_their_invoice,
    payments_are_recorded_once_and_never_above_the_balance,
    an_order_is_billed_in_instalments_and_the_customer_sees_what_is_due,
    strangers_and_roles_without_the_right_see_no_invoice,
);
