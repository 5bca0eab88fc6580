//! Quotes (issue 16): asked for, prepared and sent as a PDF, accepted exactly as shown with an
//! e-signature (placing the order), refused, expired; and who may not.
use guichet_domain::*;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::harness::{Browser, Page, TestApp};
use crate::sales::{hidden, id_in, shop};

/// A role that orders and decides quotes, and one of its contacts in the shop's customer.
pub(crate) async fn purchaser(app: &TestApp, customer: CustomerId) -> Browser {
    app.contact_with_role(
        customer,
        "Approvisionnement",
        &[
            ("op.orders", "view"),
            ("op.orders", "create"),
            ("scope.orders", "company"),
            ("op.quotes", "view"),
            ("op.quotes", "create"),
            ("op.quotes", "edit"),
            ("scope.quotes", "company"),
        ],
        ("Paul Approvisionneur", "paul@client.example"),
    )
    .await;
    let b = app.browser(&app.a);
    b.signed_in_as("paul@client.example").await;
    b
}

async fn bytes(b: &Browser, path: &str) -> (StatusCode, Vec<u8>) {
    let res = b.http.get(b.url(path)).send().await.unwrap();
    (res.status(), res.bytes().await.unwrap().to_vec())
}

/// A day well ahead, as the date field sends it.
fn in_a_month() -> String {
    TimeZone::default().date(Millis(Millis::now().0 + 30 * 86_400_000))
}

/// Staff write the draft: one line of the panel (quantity, price, discount) and the terms.
async fn write_draft(staff: &Browser, quote: &str, fields: &[(&str, &str)]) -> Page {
    let page = staff.get(&format!("/staff/quotes/{quote}")).await;
    let seen = hidden(&page, "seen");
    let mut all = vec![("seen", seen.as_str())];
    all.extend_from_slice(fields);
    staff.post(&format!("/staff/quotes/{quote}"), &all).await
}

async fn send(staff: &Browser, quote: &str) -> Page {
    let page = staff.get(&format!("/staff/quotes/{quote}")).await;
    let seen = hidden(&page, "seen");
    staff
        .post(
            &format!("/staff/quotes/{quote}/send"),
            &[("seen", seen.as_str())],
        )
        .await
}

/// A contact asks; staff prepare and send revision 1 (10 panels at the customer's 199,50 $,
/// less 10 %, 30 % deposit). Returns the quote's id.
async fn asked_and_sent(app: &TestApp, paul: &Browser, staff: &Browser, panel: &str) -> String {
    let asked = paul
        .post(
            "/portal/quotes",
            &[
                ("title", "Toiture de l’entrepôt"),
                ("request", "Il nous faut 10 panneaux."),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let quote = id_in(asked.location.as_deref().unwrap(), "/portal/quotes/");
    let waiting = paul.get(asked.location.as_deref().unwrap()).await;
    assert!(
        waiting.has("nous préparons votre soumission"),
        "{}",
        waiting.body
    );
    assert!(!waiting.has("Accepter et signer"));
    let until = in_a_month();
    let added = write_draft(
        staff,
        &quote,
        &[
            ("title", "Toiture de l’entrepôt"),
            ("add_sku", "pv-440"),
            ("valid_until", until.as_str()),
            ("deposit_percent", "30"),
            ("lang", "fr"),
            ("terms", "Paiement net 30 jours."),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let draft = staff.get(&format!("/staff/quotes/{quote}")).await;
    assert!(draft.has("199.50"), "the customer's price: {}", draft.body);
    let lined = write_draft(
        staff,
        &quote,
        &[
            ("title", "Toiture de l’entrepôt"),
            ("product.0", panel),
            ("quantity.0", "10"),
            ("price.0", ""),
            ("discount.0", "10"),
            ("valid_until", until.as_str()),
            ("deposit_percent", "30"),
            ("lang", "fr"),
            ("terms", "Paiement net 30 jours."),
        ],
    )
    .await;
    assert_eq!(lined.status, StatusCode::SEE_OTHER, "{}", lined.body);
    let sent = send(staff, &quote).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let _ = app;
    quote
}

async fn a_quote_is_asked_sent_signed_and_becomes_an_order(app: TestApp) {
    let (shop, _buyer) = shop(&app).await;
    let paul = purchaser(&app, shop.customer.id).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let quote = asked_and_sent(&app, &paul, &staff, &shop.panel).await;

    // The contact is told, and reads it: its lines and amounts as sent, its PDF.
    app.deliver().await;
    let mail = app.last_mail_to("paul@client.example").await;
    assert!(mail.subject.contains("à accepter"), "{}", mail.subject);
    assert!(mail.body.contains("2\u{a0}064,38\u{a0}$"), "{}", mail.body);
    let page = paul.get(&format!("/portal/quotes/{quote}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("1\u{a0}795,50\u{a0}$"), "less 10 %: {}", page.body);
    assert!(page.has("2\u{a0}064,38\u{a0}$"), "taxes included");
    assert!(page.has("619,31\u{a0}$"), "the 30 % deposit");
    assert!(page.has("Paiement net 30 jours."));
    let sha = hidden(&page, "sha256");
    let (status, pdf) = bytes(&paul, &format!("/portal/quotes/{quote}/pdf/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(
        hex::encode(Sha256::digest(&pdf)),
        sha,
        "the page names the PDF it shows"
    );
    assert_eq!(
        bytes(&paul, &format!("/portal/quotes/{quote}/pdf/2"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Bad signatures: a clear message, nothing accepted.
    let accept = |rev: &str, sha: &str, strokes: &str, consent: &str| {
        vec![
            ("revision", rev.to_string()),
            ("sha256", sha.to_string()),
            ("name", "Paul Approvisionneur".to_string()),
            ("strokes", strokes.to_string()),
            ("consent", consent.to_string()),
            ("po_number", "PO-77".to_string()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let paul = &paul;
        let quote = quote.clone();
        async move {
            let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            paul.post(&format!("/portal/quotes/{quote}/accept"), &f)
                .await
        }
    };
    let forged = post(accept("1", &sha, "10,10 999,5", "1")).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        forged.has("La signature dessinée n’a pas pu être lue"),
        "{}",
        forged.body
    );
    let unconsented = post(accept("1", &sha, "", "")).await;
    assert_eq!(unconsented.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconsented.has("Cochez la case"));
    let other_pdf = post(accept("1", &"0".repeat(64), "", "1")).await;
    assert_eq!(other_pdf.status, StatusCode::CONFLICT);
    assert!(
        other_pdf.has("a changé depuis l’affichage"),
        "{}",
        other_pdf.body
    );

    // Staff revise it after the page was shown: the old form is refused (409) while it is
    // being revised, and again once revision 2 is out; the page shows revision 2.
    let reopened = staff
        .post(&format!("/staff/quotes/{quote}/reopen"), &[])
        .await;
    assert_eq!(reopened.status, StatusCode::SEE_OTHER, "{}", reopened.body);
    let during = post(accept("1", &sha, "", "1")).await;
    assert_eq!(during.status, StatusCode::CONFLICT);
    assert!(during.has("en cours de révision"), "{}", during.body);
    let until = in_a_month();
    let revised = write_draft(
        &staff,
        &quote,
        &[
            ("title", "Toiture de l’entrepôt"),
            ("product.0", &shop.panel),
            ("quantity.0", "12"),
            ("price.0", "190"),
            ("discount.0", ""),
            ("valid_until", until.as_str()),
            ("deposit_percent", "30"),
            ("lang", "fr"),
        ],
    )
    .await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER, "{}", revised.body);
    assert_eq!(send(&staff, &quote).await.status, StatusCode::SEE_OTHER);
    let stale = post(accept("1", &sha, "", "1")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.has("2\u{a0}280,00\u{a0}$"),
        "revision 2 is shown: {}",
        stale.body
    );
    let sha2 = hidden(&stale, "sha256");
    assert_ne!(sha2, sha);
    assert_eq!(hidden(&stale, "revision"), "2");

    // Accepted as shown, with a drawn signature, twenty times at once: one acceptance, one
    // order with its deposit due; the others find it settled (409).
    let mut tasks = Vec::new();
    for _ in 0..20 {
        // The same session (one cookie jar), twenty requests in flight.
        let paul = Browser {
            http: paul.http.clone(),
            base: paul.base.clone(),
        };
        let (quote, sha2) = (quote.clone(), sha2.clone());
        tasks.push(tokio::spawn(async move {
            paul.post(
                &format!("/portal/quotes/{quote}/accept"),
                &[
                    ("revision", "2"),
                    ("sha256", sha2.as_str()),
                    ("name", "Paul Approvisionneur"),
                    ("strokes", "10,50 20,40 30,60;40,40 50,45"),
                    ("consent", "1"),
                    ("po_number", "PO-77"),
                ],
            )
            .await
        }));
    }
    let mut accepted_pages = Vec::new();
    for t in tasks {
        let p = t.await.unwrap();
        match p.status {
            StatusCode::SEE_OTHER => accepted_pages.push(p),
            StatusCode::CONFLICT => {}
            other => panic!("{other}: {}", p.body),
        }
    }
    assert_eq!(accepted_pages.len(), 1, "accepted once");
    let done = accepted_pages.remove(0);
    let location = done.location.unwrap();
    assert!(location.starts_with("/portal/orders/"), "{location}");
    let order = paul.get(&location).await;
    assert!(order.has("Soumission acceptée"), "{}", order.body);
    assert!(order.has("Acompte dû"));
    assert!(order.has("PO-77"));
    // Its confirmation as a PDF, for the contact and for staff; not for another company.
    let order_id = id_in(&location, "/portal/orders/");
    let (status, pdf) = bytes(&paul, &format!("/portal/orders/{order_id}/pdf")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&pdf));
    assert!(pdf.starts_with(b"%PDF"));
    let (status, pdf) = bytes(&staff, &format!("/staff/orders/{order_id}/pdf")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(pdf.starts_with(b"%PDF"));
    let oscar = app.browser(&app.a);
    oscar.signed_in_as("oscar@autre.example").await;
    assert_eq!(
        bytes(&oscar, &format!("/portal/orders/{order_id}/pdf"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    // Twice: settled already, no second order.
    let again = post(accept("2", &sha2, "", "1")).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let dump = app.store.dump().await.unwrap();
    let from_quote: Vec<_> = dump
        .orders
        .iter()
        .filter(|(o, _)| o.quote_id.is_some())
        .collect();
    assert_eq!(from_quote.len(), 1);
    let (o, lines) = from_quote[0];
    assert_eq!((o.total_minor, o.deposit_minor), (262_143, 78_643));
    assert_eq!((lines[0].quantity, lines[0].unit_minor), (12, 19_000));
    // The deposit is asked for at once, on an invoice of its own: no taxes (a deposit is not
    // yet a supply), due on receipt — what the customer can pay now.
    let invoices = app.store.dump().await.unwrap().invoices;
    assert_eq!(invoices.len(), 1, "the deposit invoice");
    let deposit = &invoices[0];
    assert!(deposit.is_deposit);
    assert_eq!(
        (deposit.number, deposit.total_minor, deposit.order_id),
        (1, 78_643, Some(o.id))
    );
    assert!(deposit.taxes.is_empty());
    assert_eq!(deposit.due_now(&deposit.issued_on), 78_643);
    assert!(deposit.schedule[0].deposit);
    let shown = staff.get(&format!("/staff/invoices/{}", deposit.id)).await;
    assert!(
        shown.has("Deposit invoice 1") && shown.has("Deposit on quote 1"),
        "{}",
        shown.body
    );
    // Asked for once: staff cannot ask again while it stands.
    let order_page = staff.get(&format!("/staff/orders/{}", o.id)).await;
    assert!(!order_page.has("data-testid=\"bill-deposit\""));
    let twice = staff
        .post(&format!("/staff/orders/{}/bill-deposit", o.id), &[])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);
    // Billed, the order's invoice sets the deposit against its total, after its taxes; the
    // rest on the terms.
    let billed = staff
        .post(
            &format!("/staff/orders/{}/bill", o.id),
            &[
                ("first_days", "30"),
                ("instalments", "2"),
                ("every_days", "30"),
            ],
        )
        .await;
    assert_eq!(billed.status, StatusCode::SEE_OTHER, "{}", billed.body);
    let invoices = app.store.dump().await.unwrap().invoices;
    let invoice = invoices.iter().find(|i| !i.is_deposit).unwrap();
    assert_eq!(
        (invoice.subtotal_minor, invoice.total_minor),
        (o.subtotal_minor, 262_143 - 78_643)
    );
    assert_eq!(invoice.taxes, o.taxes);
    let applied = invoice.deposit.as_ref().unwrap();
    assert_eq!(
        (applied.invoice, applied.number, applied.amount_minor),
        (deposit.id, 1, 78_643)
    );
    assert_eq!(
        invoice
            .schedule
            .iter()
            .map(|i| (i.amount_minor, i.deposit))
            .collect::<Vec<_>>(),
        [(91_750, false), (91_750, false)]
    );
    let shown = staff.get(billed.location.as_deref().unwrap()).await;
    assert!(
        shown.has("Deposit invoiced (invoice 1)") && shown.has("786.43"),
        "{}",
        shown.body
    );
    // The deposit cannot be voided while the order's invoice deducts it.
    let deposit = invoices.iter().find(|i| i.is_deposit).unwrap();
    let deposit_page = staff.get(&format!("/staff/invoices/{}", deposit.id)).await;
    assert!(
        !deposit_page.has("data-testid=\"void-invoice\"")
            && deposit_page.has("data-testid=\"deposit-deducted-on\"")
            && deposit_page.has(&format!("/staff/invoices/{}", invoice.id)),
        "the deposit's page offers no void and names the invoice deducting it: {}",
        deposit_page.body
    );
    let void = staff
        .post(
            &format!("/staff/invoices/{}/void", deposit.id),
            &[("seen", deposit.updated_at.0.to_string().as_str())],
        )
        .await;
    assert_eq!(void.status, StatusCode::CONFLICT, "{}", void.body);
    assert!(void.has("void that one first"), "{}", void.body);
    // What the two invoices ask for is the order's total, exactly.
    let asked: i64 = app
        .store
        .dump()
        .await
        .unwrap()
        .invoices
        .iter()
        .filter(|i| i.voided_at.is_none())
        .map(|i| i.total_minor)
        .sum();
    assert_eq!(asked, o.total_minor);
    assert!(invoice.adds_up() && deposit.adds_up());
    let q = &dump.quotes[0].0;
    let a = q.acceptance.as_ref().unwrap();
    assert_eq!((a.revision, a.sha256.as_str()), (2, sha2.as_str()));
    assert_eq!(a.strokes.len(), 2);
    // The journal names who, which revision and which PDF.
    assert!(
        dump.journal
            .iter()
            .any(|e| e.action == "quote.accepted" && e.detail.contains(&sha2)),
        "the acceptance is journaled with its SHA-256"
    );

    // The page shows the acceptance; both sides get the receipt.
    let accepted = paul.get(&format!("/portal/quotes/{quote}")).await;
    assert!(accepted.has("Acceptée") && accepted.has(&sha2));
    assert!(!accepted.has("Accepter et signer"), "frozen");
    for (who, path) in [
        (&paul, format!("/portal/quotes/{quote}/receipt")),
        (&staff, format!("/staff/quotes/{quote}/receipt")),
    ] {
        let (status, pdf) = bytes(who, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(pdf.starts_with(b"%PDF"), "{path}");
    }
    app.deliver().await;
    let told = app.mails_to("admin@a.example").await;
    assert!(
        told.iter().any(|m| m.subject.contains("quote 1 accepted")),
        "staff are told of the acceptance"
    );
    assert!(
        told.iter().any(|m| m.subject.contains("new order")),
        "and of the order it placed"
    );
    // The customer's page lists its quotes for staff.
    let customer_page = staff
        .get(&format!("/staff/customers/{}", shop.customer.id))
        .await;
    assert!(
        customer_page.has("Toiture de l’entrepôt") && customer_page.has("Accepted"),
        "{}",
        customer_page.body
    );
    // A new quote for this customer, started from its page.
    let started = staff
        .post(
            "/staff/quotes",
            &[
                ("customer", &shop.customer.id.to_string()),
                ("title", "Agrandissement"),
            ],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    assert!(customer_page.has("new-quote-for-customer"));
    // Staff can no longer change it.
    let frozen = staff
        .post(
            &format!("/staff/quotes/{quote}"),
            &[("seen", "0"), ("title", "Autre")],
        )
        .await;
    assert_eq!(frozen.status, StatusCode::CONFLICT, "{}", frozen.body);
}

async fn a_quote_is_refused_with_a_reason_and_an_expired_one_renewed(app: TestApp) {
    let (shop, _buyer) = shop(&app).await;
    let paul = purchaser(&app, shop.customer.id).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let quote = asked_and_sent(&app, &paul, &staff, &shop.panel).await;
    let page = paul.get(&format!("/portal/quotes/{quote}")).await;
    let (rev, sha) = (hidden(&page, "revision"), hidden(&page, "sha256"));
    let refuse = |reason: &'static str| {
        let (paul, quote, rev, sha) = (&paul, quote.clone(), rev.clone(), sha.clone());
        async move {
            paul.post(
                &format!("/portal/quotes/{quote}/refuse"),
                &[("revision", &rev), ("sha256", &sha), ("reason", reason)],
            )
            .await
        }
    };
    let empty = refuse("   ").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = refuse("Trop cher pour ce trimestre.").await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    let shown = paul.get(refused.location.as_deref().unwrap()).await;
    assert!(shown.has("Refusée") && shown.has("Trop cher pour ce trimestre."));
    app.deliver().await;
    let told = app.last_mail_to("admin@a.example").await;
    assert!(told.body.contains("Trop cher"), "{}", told.body);

    // Another quote, past its last day as time passes: not accepted; a renewal is asked.
    let second = asked_and_sent(&app, &paul, &staff, &shop.panel).await;
    let page = paul.get(&format!("/portal/quotes/{second}")).await;
    let (rev, sha) = (hidden(&page, "revision"), hidden(&page, "sha256"));
    let statement = format!(
        "UPDATE quotes SET valid_until = '2020-01-31' WHERE number = {}",
        2
    );
    {
        use sqlx::Connection;
        if app.database_url.starts_with("sqlite") {
            let mut db = sqlx::SqliteConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut db)
                .await
                .unwrap();
        } else {
            let mut db = sqlx::PgConnection::connect(&app.database_url)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut db)
                .await
                .unwrap();
        }
    }
    let late = paul
        .post(
            &format!("/portal/quotes/{second}/accept"),
            &[
                ("revision", &rev),
                ("sha256", &sha),
                ("name", "Paul"),
                ("consent", "1"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.has("a expiré"), "{}", late.body);
    assert!(late.has("Expirée"));
    let renewal = paul
        .post(
            &format!("/portal/quotes/{second}/renew"),
            &[("message", "Toujours intéressés.")],
        )
        .await;
    assert_eq!(renewal.status, StatusCode::SEE_OTHER, "{}", renewal.body);
    let draft = staff.get(&format!("/staff/quotes/{second}")).await;
    assert!(draft.has("Toujours intéressés."), "{}", draft.body);
    assert!(draft.has("Prepare the quote"));
    assert!(
        app.store
            .dump()
            .await
            .unwrap()
            .orders
            .iter()
            .all(|(o, _)| o.quote_id.is_none()),
        "no order from a refused or expired quote"
    );
}

/// The step a project stands at in its flow.
async fn step_of(app: &TestApp, project: ProjectId) -> (String, i64) {
    let pf = app
        .store
        .project_flow(app.a.id, project)
        .await
        .unwrap()
        .unwrap();
    (pf.step, pf.revision)
}

/// Staff put a project in the study flow (made from its template) and move it to its offer.
async fn at_the_offer(app: &TestApp, staff: &Browser, flow: &str, project: ProjectId) {
    let start = staff
        .post(
            &format!("/staff/projects/{project}/flow"),
            &[("flow", flow)],
        )
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let (_, revision) = step_of(app, project).await;
    let moved = staff
        .post(
            &format!("/staff/projects/{project}/flow"),
            &[("step", "offre_etude"), ("revision", &revision.to_string())],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
}

/// Staff start a quote for a project, give it one line and send it; returns its id.
async fn sent_for_project(
    staff: &Browser,
    customer: CustomerId,
    project: ProjectId,
    title: &str,
    panel: &str,
) -> String {
    let project = project.to_string();
    let made = staff
        .post(
            "/staff/quotes",
            &[
                ("customer", &customer.to_string()),
                ("title", title),
                ("project", &project),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let quote = id_in(made.location.as_deref().unwrap(), "/staff/quotes/");
    let until = in_a_month();
    let written = write_draft(
        staff,
        &quote,
        &[
            ("title", title),
            ("add_sku", "pv-440"),
            ("valid_until", until.as_str()),
            ("lang", "fr"),
            ("project", &project),
        ],
    )
    .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let lined = write_draft(
        staff,
        &quote,
        &[
            ("title", title),
            ("product.0", panel),
            ("quantity.0", "4"),
            ("valid_until", until.as_str()),
            ("lang", "fr"),
            ("project", &project),
        ],
    )
    .await;
    assert_eq!(lined.status, StatusCode::SEE_OTHER, "{}", lined.body);
    assert_eq!(send(staff, &quote).await.status, StatusCode::SEE_OTHER);
    quote
}

/// The offer step of a project's flow shows the project's quotes with their amounts and
/// validity; it is answered on the quote's page (signature and all), and the answer moves the
/// project in the quote's own transaction. The flow's own offer buttons are gone and refused.
async fn a_project_offer_is_answered_through_its_quote(app: TestApp) {
    let (shop, _buyer) = shop(&app).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let made = staff
        .post("/staff/flows", &[("template", "study"), ("name", "")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let loc = made.location.unwrap();
    let flow = loc["/staff/flows/".len()..loc.find('?').unwrap()].to_string();
    let admin = app.staff(&app.a, "admin").await;
    let role = app
        .portal
        .create_role(
            &admin,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Gestionnaire de projets"),
                    ("op.projects", "view"),
                    ("op.projects", "edit"),
                    ("scope.projects", "company"),
                    ("op.quotes", "view"),
                    ("op.quotes", "edit"),
                    ("scope.quotes", "company"),
                    ("op.orders", "view"),
                    ("scope.orders", "company"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    app.contact_in(
        &app.a,
        shop.customer.id,
        "Paule Projets",
        "paule@client.example",
        &role.id.to_string(),
        "fr",
    )
    .await;
    let paule = app.browser(&app.a);
    paule.signed_in_as("paule@client.example").await;

    let study = app.project(shop.customer.id, "Étude de sol").await;
    let theirs = app.project(shop.other.id, "Projet d’un autre client").await;
    at_the_offer(&app, &staff, &flow, study.id).await;

    // Another customer's project: refused, no quote made.
    let foreign = staff
        .post(
            "/staff/quotes",
            &[
                ("customer", &shop.customer.id.to_string()),
                ("title", "Étude"),
                ("project", &theirs.id.to_string()),
            ],
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        foreign.body
    );
    let none_yet = paule.get(&format!("/portal/projects/{}", study.id)).await;
    assert!(
        none_yet.has("Votre offre n’est pas encore prête"),
        "{}",
        none_yet.body
    );

    let quote = sent_for_project(
        &staff,
        shop.customer.id,
        study.id,
        "Étude de sol — forages",
        &shop.panel,
    )
    .await;
    // Its draft could not be moved to another customer's project either.
    let staff_page = staff.get(&format!("/staff/quotes/{quote}")).await;
    assert!(
        staff_page.has("data-testid=\"for-project\""),
        "{}",
        staff_page.body
    );

    // The offer page: the quote, its total (4 × 199,50 $ + taxes) and validity, a link to
    // answer it; no button of its own.
    let page = paule.get(&format!("/portal/projects/{}", study.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("data-testid=\"offer-quotes\""), "{}", page.body);
    assert!(page.has(&format!("/portal/quotes/{quote}")));
    assert!(
        page.has("917,50\u{a0}$"),
        "its total, taxes in: {}",
        page.body
    );
    assert!(!page.has("value=\"offer_accepted\""), "{}", page.body);
    // The flow's own accept, forged: refused with the reason, nothing moves.
    let (step, revision) = step_of(&app, study.id).await;
    assert_eq!(step, "offre_etude");
    let forged = paule
        .post_multipart(
            &format!("/portal/projects/{}/flow", study.id),
            &[
                ("step", "offre_etude"),
                ("revision", &revision.to_string()),
                ("action", "offer_accepted"),
            ],
            &[],
        )
        .await;
    assert_eq!(forged.status, StatusCode::CONFLICT, "{}", forged.body);
    assert!(
        forged.has("sur la page de sa soumission"),
        "{}",
        forged.body
    );
    assert_eq!(step_of(&app, study.id).await, (step, revision));

    // Accepted on its page: the order is placed and the project moves on, together.
    let shown = paule.get(&format!("/portal/quotes/{quote}")).await;
    assert!(shown.has("data-testid=\"for-project\""), "{}", shown.body);
    assert!(shown.has("Étude de sol"));
    let accepted = paule
        .post(
            &format!("/portal/quotes/{quote}/accept"),
            &[
                ("revision", &hidden(&shown, "revision")),
                ("sha256", &hidden(&shown, "sha256")),
                ("name", "Paule Projets"),
                ("consent", "1"),
            ],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(step_of(&app, study.id).await.0, "planification");
    let dump = app.store.dump().await.unwrap();
    assert_eq!(
        dump.orders
            .iter()
            .filter(|(o, _)| o.quote_id.map(|q| q.to_string()) == Some(quote.clone()))
            .count(),
        1
    );
    let moves = app
        .store
        .journal(
            app.a.id,
            &guichet_store::JournalQuery {
                project: Some(study.id),
                object: None,
                action_prefix: Some("flow.step".into()),
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert!(
        moves
            .iter()
            .any(|e| e.detail.contains("Offre de services →")),
        "{:?}",
        moves.iter().map(|e| &e.detail).collect::<Vec<_>>()
    );
    let after = paule.get(&format!("/portal/projects/{}", study.id)).await;
    assert!(after.has("data-step=\"planification\""), "{}", after.body);

    // Two quotes for one offer: refusing one leaves the offer open; refusing the last
    // one refuses the offer, and the project goes where a refused offer leads.
    let second = app.project(shop.customer.id, "Deuxième étude").await;
    at_the_offer(&app, &staff, &flow, second.id).await;
    let a = sent_for_project(&staff, shop.customer.id, second.id, "Option A", &shop.panel).await;
    let b = sent_for_project(&staff, shop.customer.id, second.id, "Option B", &shop.panel).await;
    let refuse = |quote: String| {
        let paule = &paule;
        async move {
            let shown = paule.get(&format!("/portal/quotes/{quote}")).await;
            paule
                .post(
                    &format!("/portal/quotes/{quote}/refuse"),
                    &[
                        ("revision", &hidden(&shown, "revision")),
                        ("sha256", &hidden(&shown, "sha256")),
                        ("reason", "Hors budget."),
                    ],
                )
                .await
        }
    };
    assert_eq!(refuse(a).await.status, StatusCode::SEE_OTHER);
    assert_eq!(step_of(&app, second.id).await.0, "offre_etude");
    assert_eq!(refuse(b).await.status, StatusCode::SEE_OTHER);
    assert_eq!(step_of(&app, second.id).await.0, "annule");
}

/// A quote's thread: a request with a file, questions and answers each way with emails, files
/// served only to those who see the quote, and what is refused.
async fn a_quote_thread_carries_questions_answers_and_files(app: TestApp) {
    let (shop, _buyer) = shop(&app).await;
    let paul = purchaser(&app, shop.customer.id).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    const PLAN: &[u8] =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    // Asked with a file: the quote and its first message together.
    let asked = paul
        .post_multipart(
            "/portal/quotes",
            &[
                ("title", "Toiture — plan joint"),
                ("request", "Voir le plan."),
            ],
            &[("file", "C:\\plans\\toit nord.pdf", PLAN)],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let quote = id_in(asked.location.as_deref().unwrap(), "/portal/quotes/");
    let page = paul.get(&format!("/portal/quotes/{quote}")).await;
    assert!(page.has("toit nord.pdf"), "{}", page.body);
    let sha = hex::encode(Sha256::digest(PLAN));
    let file = format!("/portal/quotes/{quote}/files/{sha}");
    let (status, got) = bytes(&paul, &file).await;
    assert_eq!((status, got.as_slice()), (StatusCode::OK, PLAN));
    let (status, got) = bytes(&staff, &format!("/staff/quotes/{quote}/files/{sha}")).await;
    assert_eq!((status, got.as_slice()), (StatusCode::OK, PLAN));
    assert_eq!(
        bytes(
            &paul,
            &format!("/portal/quotes/{quote}/files/{}", "0".repeat(64))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    // A question, then staff's answer with a file: each side is told.
    let asked = paul
        .post_multipart(
            &format!("/portal/quotes/{quote}/messages"),
            &[("body", "Le prix inclut-il la pose?")],
            &[],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    app.deliver().await;
    let told = app.last_mail_to("admin@a.example").await;
    assert!(
        told.body.contains("Le prix inclut-il la pose?"),
        "{}",
        told.body
    );
    let answered = staff
        .post_multipart(
            &format!("/staff/quotes/{quote}/messages"),
            &[("body", "Oui, la pose est incluse.")],
            &[("file", "fiche.pdf", PLAN)],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER, "{}", answered.body);
    app.deliver().await;
    let told = app.last_mail_to("paul@client.example").await;
    assert!(
        told.body.contains("Oui, la pose est incluse."),
        "{}",
        told.body
    );
    let page = paul.get(&format!("/portal/quotes/{quote}")).await;
    assert!(page.has("Le prix inclut-il la pose?") && page.has("Oui, la pose est incluse."));
    assert!(page.has("fiche.pdf"));

    // Nothing to say, a NUL byte: refused, nothing added.
    let before = app.store.dump().await.unwrap().quote_messages.len();
    let empty = paul
        .post_multipart(
            &format!("/portal/quotes/{quote}/messages"),
            &[("body", "  ")],
            &[],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.has("id=\"e-body\""), "{}", empty.body);
    let nul = paul
        .post_multipart(
            &format!("/portal/quotes/{quote}/messages"),
            &[("body", "a\u{0}b")],
            &[],
        )
        .await;
    assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.store.dump().await.unwrap().quote_messages.len(), before);

    // Strangers: another company's contact, another provider's staff, an accountant (reads,
    // does not answer), anonymous; nothing of the thread reaches them.
    let oscar = app.browser(&app.a);
    oscar.signed_in_as("oscar@autre.example").await;
    assert!(matches!(
        bytes(&oscar, &file).await.0,
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
    let posted = oscar
        .post_multipart(
            &format!("/portal/quotes/{quote}/messages"),
            &[("body", "Intrus")],
            &[],
        )
        .await;
    assert!(matches!(
        posted.status,
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(
        bytes(&b_staff, &format!("/staff/quotes/{quote}/files/{sha}"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let ada = app.browser(&app.a);
    ada.signed_in_as("accountant@a.example").await;
    assert_eq!(
        ada.post_multipart(
            &format!("/staff/quotes/{quote}/messages"),
            &[("body", "x")],
            &[]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let anon = app.browser(&app.a);
    assert!(bytes(&anon, &file).await.0.is_redirection());
    assert_eq!(app.store.dump().await.unwrap().quote_messages.len(), before);
}

async fn strangers_and_roles_without_the_right_are_refused_on_quotes(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let paul = purchaser(&app, shop.customer.id).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let quote = asked_and_sent(&app, &paul, &staff, &shop.panel).await;
    let page = paul.get(&format!("/portal/quotes/{quote}")).await;
    let (rev, sha) = (hidden(&page, "revision"), hidden(&page, "sha256"));
    let accept = [
        ("revision", rev.as_str()),
        ("sha256", sha.as_str()),
        ("name", "X"),
        ("consent", "1"),
    ];

    // Another company's contact: nothing of it exists.
    let oscar = app.browser(&app.a);
    oscar.signed_in_as("oscar@autre.example").await;
    for path in [
        format!("/portal/quotes/{quote}"),
        format!("/portal/quotes/{quote}/pdf/1"),
        format!("/portal/quotes/{quote}/receipt"),
    ] {
        let status = oscar.get(&path).await.status;
        assert!(
            matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{path}: {status}"
        );
    }
    let theirs = oscar.get("/portal/quotes").await;
    assert!(!theirs.has("Toiture"), "{}", theirs.body);
    let stolen = oscar
        .post(&format!("/portal/quotes/{quote}/accept"), &accept)
        .await;
    assert!(matches!(
        stolen.status,
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
    // A buyer whose role has no quotes: refused.
    let status = buyer.get(&format!("/portal/quotes/{quote}")).await.status;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        buyer
            .post(&format!("/portal/quotes/{quote}/accept"), &accept)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // A contact who only sees quotes (the default role) reads it but cannot sign it.
    let camille = app.browser(&app.a);
    camille.signed_in_as("camille@client.example").await;
    let read = camille.get(&format!("/portal/quotes/{quote}")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert!(!read.has("Accepter et signer"));
    assert_eq!(
        camille
            .post(&format!("/portal/quotes/{quote}/accept"), &accept)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        camille
            .post("/portal/quotes", &[("title", "x"), ("request", "y")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // Anonymous: to the sign-in page; a GET never accepts.
    let anon = app.browser(&app.a);
    let a = anon.get(&format!("/portal/quotes/{quote}")).await;
    assert!(a.status.is_redirection(), "{}", a.status);
    assert_eq!(
        anon.get(&format!("/portal/quotes/{quote}/accept"))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    // The other tenant's staff: not theirs.
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_staff.get(&format!("/staff/quotes/{quote}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b_staff
            .post(&format!("/staff/quotes/{quote}/withdraw"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // An accountant sees quotes but may not write, send or withdraw them.
    let ada = app.browser(&app.a);
    ada.signed_in_as("accountant@a.example").await;
    let seen = ada.get(&format!("/staff/quotes/{quote}")).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert!(!seen.has("Withdraw"));
    for path in [
        format!("/staff/quotes/{quote}/withdraw"),
        format!("/staff/quotes/{quote}/reopen"),
        format!("/staff/quotes/{quote}/send"),
    ] {
        assert_eq!(
            ada.post(&path, &[]).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let none_accepted = app
        .store
        .dump()
        .await
        .unwrap()
        .quotes
        .iter()
        .all(|(q, _)| q.acceptance.is_none());
    assert!(none_accepted);
}

crate::both_backends!(
    a_quote_is_asked_sent_signed_and_becomes_an_order,
    a_quote_is_refused_with_a_reason_and_an_expired_one_renewed,
    strangers_and_roles_without_the_right_are_refused_on_quotes,
    a_project_offer_is_answered_through_its_quote,
    a_quote_thread_carries_questions_answers_and_files,
);
