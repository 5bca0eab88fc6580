//! Paying online (issue 17), against localstripe: the provider's administrator saves its Stripe
//! keys; a contact pays what is due now by card, several invoices at once or a partial amount;
//! the invoices are paid only when Stripe's signed webhook arrives, once, whatever is replayed,
//! forged, out of order or not what was asked; and who may not pay or configure.
use guichet_domain::*;
use guichet_pay::testing::{LocalStripe, PUBLISHABLE_KEY, SECRET_KEY};
use guichet_pay::webhook::signature_header;
use reqwest::StatusCode;

use crate::billing::{accounting, an_order};
use crate::harness::{Backend, Browser, TestApp, spawn_app_with};
use crate::sales::{id_in, shop};

const WEBHOOK_SECRET: &str = "whsec_guichet_test";
const VISA: &str = "4242424242424242";
/// Declined when charged (localstripe's list).
const DECLINED: &str = "4000000000000341";

/// The app pointed at a fresh localstripe, which sends its events to tenant A's webhook.
async fn app_with_stripe(backend: Backend) -> (TestApp, LocalStripe) {
    let stripe = LocalStripe::start().await;
    let api = stripe.api.clone();
    let app = spawn_app_with(backend, false, move |c| {
        c.stripe_api_url = api.clone();
        c.stripe_js_url = format!("{api}/js.stripe.com/v3/");
    })
    .await;
    stripe
        .send_webhooks_to(
            "guichet",
            &format!("http://127.0.0.1:{}/webhooks/stripe", app.port),
            WEBHOOK_SECRET,
        )
        .await;
    (app, stripe)
}

/// Tenant A's administrator saves card payments (and transfer instructions) on its page.
async fn configure(app: &TestApp, partial: bool) {
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let mut fields = vec![
        ("card", "on"),
        ("publishable_key", PUBLISHABLE_KEY),
        ("secret_key", SECRET_KEY),
        ("webhook_secret", WEBHOOK_SECRET),
        ("transfer", "on"),
        (
            "transfer_instructions",
            "Banque 815, transit 30012, compte 4471203",
        ),
    ];
    if partial {
        fields.push(("partial", "on"));
    }
    let saved = admin.post("/staff/settings/payments", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

/// Staff bill an order in three instalments (458,75 $: 152,93 $ now); returns the invoice id.
async fn billed(app: &TestApp, buyer: &Browser, panel: &str) -> String {
    let order = an_order(buyer, panel).await;
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
    assert_eq!(issued.status, StatusCode::SEE_OTHER, "{}", issued.body);
    id_in(&issued.location.unwrap(), "/staff/invoices/")
}

async fn invoice(app: &TestApp, id: &str) -> Invoice {
    app.store
        .invoice(app.a.id, id.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
}

/// Waits (up to 20 s) for a checkout to leave `processing`, as Stripe's webhook moves it.
async fn settled(app: &TestApp, id: &str) -> Checkout {
    for _ in 0..200 {
        let c = app
            .store
            .checkout(app.a.id, id.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        if c.status != CheckoutStatus::Processing {
            return c;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("checkout {id} still processing after 20 s");
}

/// Pays by card from the pay form; returns the response (a redirect to the checkout).
async fn pay(
    b: &Browser,
    invoices: &[&str],
    choice: &str,
    amount: &str,
    card: &str,
    key: &str,
) -> crate::harness::Page {
    let mut fields: Vec<(&str, &str)> = invoices.iter().map(|i| ("invoice", *i)).collect();
    fields.extend([
        ("choice", choice),
        ("amount", amount),
        ("card", card),
        ("submit_key", key),
    ]);
    b.post("/portal/invoices/pay", &fields).await
}

/// A webhook delivery as Stripe makes it, signed with `secret` at `time`.
async fn deliver(app: &TestApp, body: &str, secret: &str, time: i64) -> StatusCode {
    reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/webhooks/stripe", app.port))
        .header("content-type", "application/json")
        .header(
            "stripe-signature",
            signature_header(secret, time, body.as_bytes()),
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
}

fn now_secs() -> i64 {
    Millis::now().0 / 1000
}

/// A `payment_intent.*` event for a checkout.
fn event(
    id: &str,
    kind: &str,
    c: &Checkout,
    tenant: TenantId,
    amount: i64,
    currency: &str,
) -> String {
    serde_json::json!({
        "id": id,
        "type": kind,
        "data": {"object": {
            "id": c.intent_id.clone().unwrap_or_default(),
            "amount": amount,
            "currency": currency,
            "metadata": {"checkout": c.id.to_string(), "tenant": tenant.to_string()},
        }},
    })
    .to_string()
}

async fn a_card_pays_what_is_due_now_once_stripe_confirms(backend: Backend) {
    let (app, stripe) = app_with_stripe(backend).await;
    let (shop, buyer) = shop(&app).await;
    let invoice_id = billed(&app, &buyer, &shop.panel).await;
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;

    // Before the provider offers cards: no button, and the pay page says so.
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(!page.has("data-testid=\"pay-invoice\""));
    let off = compta
        .get(&format!("/portal/invoices/pay?invoice={invoice_id}"))
        .await;
    assert_eq!(off.status, StatusCode::CONFLICT);
    assert!(
        off.has("paiement par carte n’est pas offert"),
        "{}",
        off.body
    );

    // The administrator: keys checked on their fields, secrets never shown again.
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let refused = admin
        .post(
            "/staff/settings/payments",
            &[("card", "on"), ("publishable_key", "sk_wrong")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("Card payments need this key."),
        "{}",
        refused.body
    );
    assert!(refused.has("does not look like a Stripe key"));
    assert!(
        app.store
            .payment_settings(app.a.id)
            .await
            .unwrap()
            .is_none()
    );
    configure(&app, false).await;
    let settings = admin.get("/staff/settings/payments").await;
    assert_eq!(settings.status, StatusCode::OK);
    assert!(!settings.has(SECRET_KEY) && !settings.has(WEBHOOK_SECRET));
    assert!(settings.has("ending in …chet"), "{}", settings.body);
    assert!(settings.has(&format!("http://127.0.0.1:{}/webhooks/stripe", app.port)));
    // Saved again with the secrets left empty: kept.
    let again = admin
        .post(
            "/staff/settings/payments",
            &[
                ("card", "on"),
                ("publishable_key", PUBLISHABLE_KEY),
                ("transfer", "on"),
                ("transfer_instructions", "Banque 815"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.body);
    let kept = app.store.payment_settings(app.a.id).await.unwrap().unwrap();
    assert_eq!(
        (kept.secret_key.as_str(), kept.webhook_secret.as_str()),
        (SECRET_KEY, WEBHOOK_SECRET)
    );
    let journal = app.store.dump().await.unwrap().journal;
    let entry = journal
        .iter()
        .find(|e| e.action == "payments.settings")
        .unwrap();
    assert!(!entry.detail.contains(SECRET_KEY), "{}", entry.detail);

    // The contact: a button on the invoice, transfer instructions, and the pay page offering
    // the instalment due now (not the balance), with Stripe.js allowed by the page's policy.
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(page.has("data-testid=\"pay-invoice\""), "{}", page.body);
    assert!(page.has("Banque 815"));
    let res = compta
        .http
        .get(compta.url(&format!("/portal/invoices/pay?invoice={invoice_id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains(&stripe.api), "{csp}");
    let body = res.text().await.unwrap();
    assert!(body.contains("Ce qui est dû maintenant : 152,93"), "{body}");
    assert!(body.contains("Tout le solde : 458,75"), "{body}");
    assert!(
        !body.contains("data-testid=\"pay-other\""),
        "partial payments are off"
    );

    // Paid with a card: the checkout waits for Stripe's word; nothing counts before it.
    let card = stripe.card(VISA).await;
    let key = uuid::Uuid::now_v7().to_string();
    let sent = pay(&compta, &[&invoice_id], "due", "", &card, &key).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let checkout_path = sent.location.unwrap();
    let checkout_id = id_in(&checkout_path, "/portal/payments/");
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 0);
    let waiting = compta.get(&checkout_path).await;
    assert_eq!(waiting.status, StatusCode::OK);
    // The same form again (a double click): the same checkout, no second charge.
    let twice = pay(&compta, &[&invoice_id], "due", "", &card, &key).await;
    assert_eq!(twice.location.as_deref(), Some(checkout_path.as_str()));
    let done = settled(&app, &checkout_id).await;
    assert_eq!(done.status, CheckoutStatus::Succeeded);
    assert_eq!(done.amount_minor, 15_293);
    let paid = invoice(&app, &invoice_id).await;
    assert_eq!(paid.paid_minor, 15_293);
    let payments = app.store.payments_of(app.a.id, paid.id).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].method, PaymentMethod::Card);
    assert_eq!(Some(payments[0].reference.clone()), done.intent_id);
    // A receipt by email to whoever paid, once (replays below send no other).
    let receipt = app.last_mail_to("compta@client.example").await;
    assert!(
        receipt.subject.contains("paiement reçu : 152,93"),
        "{}",
        receipt.subject
    );
    assert!(
        receipt.body.contains("Facture 1 : 152,93"),
        "{}",
        receipt.body
    );
    assert!(receipt.body.contains(&checkout_path), "{}", receipt.body);
    let thanks = compta.get(&checkout_path).await;
    assert!(thanks.has("votre paiement de 152,93"), "{}", thanks.body);
    assert_eq!(
        app.store
            .dump()
            .await
            .unwrap()
            .online_payments
            .checkouts
            .len(),
        1
    );
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;
    let online = staff.get("/staff/payments").await;
    assert_eq!(online.status, StatusCode::OK);
    assert!(
        online.has("Received") && online.has("152.93"),
        "{}",
        online.body
    );
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(page.has("Payée en partie"), "{}", page.body);
    assert!(
        page.has("152,91"),
        "the next instalment is due now: {}",
        page.body
    );

    // Replayed, forged, stale, not what was asked, out of order: nothing more is applied.
    let t = app.a.id;
    let replay = event(
        "evt_replay",
        "payment_intent.succeeded",
        &done,
        t,
        15_293,
        "cad",
    );
    assert_eq!(
        deliver(&app, &replay, WEBHOOK_SECRET, now_secs()).await,
        StatusCode::OK
    );
    assert_eq!(
        deliver(&app, &replay, WEBHOOK_SECRET, now_secs()).await,
        StatusCode::OK
    );
    assert_eq!(
        deliver(&app, &replay, "whsec_forged", now_secs()).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        deliver(&app, &replay, WEBHOOK_SECRET, now_secs() - 3600).await,
        StatusCode::BAD_REQUEST
    );
    let unsigned = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{}/webhooks/stripe", app.port))
        .body(replay.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        deliver(&app, "not json", WEBHOOK_SECRET, now_secs()).await,
        StatusCode::BAD_REQUEST
    );
    let late_failure = event(
        "evt_late",
        "payment_intent.payment_failed",
        &done,
        t,
        15_293,
        "cad",
    );
    assert_eq!(
        deliver(&app, &late_failure, WEBHOOK_SECRET, now_secs()).await,
        StatusCode::OK
    );
    assert_eq!(
        app.store
            .checkout(t, done.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        CheckoutStatus::Succeeded
    );
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 15_293);
    let receipts = app
        .mails_to("compta@client.example")
        .await
        .into_iter()
        .filter(|m| m.subject.contains("paiement reçu"))
        .count();
    assert_eq!(receipts, 1);

    // A checkout paid with another amount or currency than asked is refused.
    let card = stripe.card(VISA).await;
    let second = pay(
        &compta,
        &[&invoice_id],
        "due",
        "",
        &card,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    let second_id = id_in(&second.location.unwrap(), "/portal/payments/");
    let second_checkout = app
        .store
        .checkout(t, second_id.parse().unwrap())
        .await
        .unwrap()
        .unwrap();
    for (amount, currency) in [(1, "cad"), (15_291, "usd")] {
        let wrong = event(
            &format!("evt_wrong_{currency}"),
            "payment_intent.succeeded",
            &second_checkout,
            t,
            amount,
            currency,
        );
        assert_eq!(
            deliver(&app, &wrong, WEBHOOK_SECRET, now_secs()).await,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Stripe's own confirmation of it then pays it.
    assert_eq!(
        settled(&app, &second_id).await.status,
        CheckoutStatus::Succeeded
    );
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 15_293 + 15_291);

    // A declined card: the checkout says so, nothing is paid, and offers to try again.
    let declined = stripe.card(DECLINED).await;
    let refused = pay(
        &compta,
        &[&invoice_id],
        "due",
        "",
        &declined,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);
    let page = compta.get(refused.location.as_deref().unwrap()).await;
    assert!(page.has("Votre carte a été refusée."), "{}", page.body);
    assert!(page.has("data-testid=\"checkout-retry\""));
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 15_293 + 15_291);

    // Bad forms: no card, an unknown choice, a card id that is not one; nothing is created.
    let before = app
        .store
        .dump()
        .await
        .unwrap()
        .online_payments
        .checkouts
        .len();
    for (choice, card) in [
        ("due", ""),
        ("everything", "card_x"),
        ("due", "card_1'; DROP"),
    ] {
        let bad = pay(
            &compta,
            &[&invoice_id],
            choice,
            "",
            card,
            &uuid::Uuid::now_v7().to_string(),
        )
        .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{choice} {card}"
        );
    }
    // "Another amount" while the provider allows none.
    let bad = pay(
        &compta,
        &[&invoice_id],
        "other",
        "10",
        "card_x",
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store
            .dump()
            .await
            .unwrap()
            .online_payments
            .checkouts
            .len(),
        before
    );
}

async fn several_invoices_or_part_of_one_are_paid_at_once(backend: Backend) {
    let (app, stripe) = app_with_stripe(backend).await;
    let (shop, buyer) = shop(&app).await;
    let first = billed(&app, &buyer, &shop.panel).await;
    let second = billed(&app, &buyer, &shop.panel).await;
    configure(&app, true).await;
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;

    // The list lets the contact choose invoices to pay together, or to download as PDFs.
    let list = compta.get("/portal/invoices").await;
    assert!(list.has("data-testid=\"pay-selected\""), "{}", list.body);
    let res = compta
        .http
        .get(compta.url(&format!(
            "/portal/invoices/zip?invoice={first}&invoice={second}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("factures.zip")
    );
    let bytes = res.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = archive.file_names().map(str::to_string).collect();
    names.sort();
    assert_eq!(names, ["facture-1.pdf", "facture-2.pdf"]);
    let mut head = [0u8; 4];
    std::io::Read::read_exact(&mut archive.by_name("facture-2.pdf").unwrap(), &mut head).unwrap();
    assert_eq!(&head, b"%PDF");
    assert_eq!(
        compta.get("/portal/invoices/zip").await.status,
        StatusCode::CONFLICT
    );
    // More than 50 at once: refused, whatever they are.
    let many: String = (0..51)
        .map(|_| format!("invoice={}", uuid::Uuid::now_v7()))
        .collect::<Vec<_>>()
        .join("&");
    for path in ["/portal/invoices/zip", "/portal/invoices/pay"] {
        let refused = compta.get(&format!("{path}?{many}")).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{path}");
        assert!(refused.has("au plus 50"), "{path}: {}", refused.body);
    }
    let other = accounting(&app, shop.other.id, "compta@autre.example").await;
    assert_eq!(
        other
            .get(&format!("/portal/invoices/zip?invoice={first}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        buyer
            .get(&format!("/portal/invoices/zip?invoice={first}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let page = compta
        .get(&format!(
            "/portal/invoices/pay?invoice={first}&invoice={second}"
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.has("Ce qui est dû maintenant : 305,86"),
        "{}",
        page.body
    );
    assert!(page.has("Tout le solde : 917,50"), "{}", page.body);
    assert!(page.has("data-testid=\"pay-other\""));

    // A partial amount: at least 1,00, at most the balance; the oldest invoice first.
    for (amount, says) in [
        ("0,50", "plus petit montant"),
        ("917,51", "dépasse le solde"),
        ("abc", ""),
    ] {
        let bad = pay(
            &compta,
            &[&first, &second],
            "other",
            amount,
            "card_x",
            &uuid::Uuid::now_v7().to_string(),
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{amount}");
        assert!(bad.has(says), "{amount}: {}", bad.body);
    }
    let card = stripe.card(VISA).await;
    let part = pay(
        &compta,
        &[&first, &second],
        "other",
        "500,00",
        &card,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER, "{}", part.body);
    let part_id = id_in(&part.location.unwrap(), "/portal/payments/");
    let done = settled(&app, &part_id).await;
    assert_eq!(done.status, CheckoutStatus::Succeeded);
    assert_eq!(done.amount_minor, 50_000);
    let (a, b) = (invoice(&app, &first).await, invoice(&app, &second).await);
    assert_eq!(a.paid_minor + b.paid_minor, 50_000);
    assert_eq!(a.paid_minor, 45_875, "the older invoice is paid first");
    // The list, filtered: those left to pay, or one number.
    let unpaid = compta.get("/portal/invoices?unpaid=1").await;
    assert!(unpaid.has("data-invoice=\"invoice-2\"") && !unpaid.has("data-invoice=\"invoice-1\""));
    let one = compta.get("/portal/invoices?number=1").await;
    assert!(one.has("data-invoice=\"invoice-1\"") && !one.has("data-invoice=\"invoice-2\""));
    let none = compta.get("/portal/invoices?number=99&unpaid=1").await;
    assert!(none.has("Aucune facture ne correspond."), "{}", none.body);
    let bad = compta.get("/portal/invoices?number=abc").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("Entrez un numéro de facture"));

    // Both balances at once.
    let card = stripe.card(VISA).await;
    let all = pay(
        &compta,
        &[&first, &second],
        "balance",
        "",
        &card,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    // The first is paid already: the form was for invoices no longer payable.
    assert_eq!(all.status, StatusCode::CONFLICT, "{}", all.body);
    let all = pay(
        &compta,
        &[&second],
        "balance",
        "",
        &card,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    assert_eq!(all.status, StatusCode::SEE_OTHER, "{}", all.body);
    let all_id = id_in(&all.location.unwrap(), "/portal/payments/");
    assert_eq!(
        settled(&app, &all_id).await.status,
        CheckoutStatus::Succeeded
    );
    assert_eq!(invoice(&app, &second).await.balance(), 0);
    let list = compta.get("/portal/invoices").await;
    assert!(!list.has("data-testid=\"owed-CAD\""), "{}", list.body);
}

async fn strangers_may_not_pay_or_configure(backend: Backend) {
    let (app, stripe) = app_with_stripe(backend).await;
    let (shop, buyer) = shop(&app).await;
    let invoice_id = billed(&app, &buyer, &shop.panel).await;
    configure(&app, true).await;
    let card = stripe.card(VISA).await;
    let key = uuid::Uuid::now_v7().to_string();
    let pay_path = format!("/portal/invoices/pay?invoice={invoice_id}");

    // Anonymous: sent to sign in, nothing created.
    let anon = app.browser(&app.a);
    let page = anon.get(&pay_path).await;
    assert!(
        page.status == StatusCode::SEE_OTHER || page.status == StatusCode::UNAUTHORIZED,
        "{:?}",
        page.status
    );
    let page = anon.get("/staff/settings/payments").await;
    assert_ne!(page.status, StatusCode::OK);
    // The buyer's role shows no invoices.
    let page = buyer.get(&pay_path).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    let sent = pay(&buyer, &[&invoice_id], "due", "", &card, &key).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN, "{}", sent.body);
    // Another customer's accounting contact: not found.
    let other = accounting(&app, shop.other.id, "compta@autre.example").await;
    assert_eq!(other.get(&pay_path).await.status, StatusCode::NOT_FOUND);
    let sent = pay(&other, &[&invoice_id], "due", "", &card, &key).await;
    assert_eq!(sent.status, StatusCode::NOT_FOUND, "{}", sent.body);
    // Another provider's administrator: its own (empty) settings, never A's.
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    let page = b_admin.get("/staff/settings/payments").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has(PUBLISHABLE_KEY));
    assert!(
        app.store
            .payment_settings(app.b.id)
            .await
            .unwrap()
            .is_none()
    );
    // Staff who are not administrators.
    for who in ["manager@a.example", "accountant@a.example"] {
        let staff = app.browser(&app.a);
        staff.signed_in_as(who).await;
        assert_eq!(
            staff.get("/staff/settings/payments").await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            staff
                .post(
                    "/staff/settings/payments",
                    &[("card", "on"), ("publishable_key", "pk_test_evil")]
                )
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    // A contact is no administrator either, nor staff.
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;
    assert_eq!(
        compta.get("/staff/payments").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        compta.get("/staff/settings/payments").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.store
            .payment_settings(app.a.id)
            .await
            .unwrap()
            .unwrap()
            .publishable_key,
        PUBLISHABLE_KEY
    );
    // A's checkout is nobody else's.
    let mine = pay(&compta, &[&invoice_id], "due", "", &card, &key).await;
    let path = mine.location.unwrap();
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer.get(&path).await.status, StatusCode::FORBIDDEN);
    // The same form key from another customer's contact: refused, not theirs.
    let stolen = pay(&other, &[&invoice_id], "due", "", &card, &key).await;
    assert_ne!(stolen.status, StatusCode::SEE_OTHER);
    // Card testing: past ten attempts an hour, a contact is told to wait; nothing reaches
    // Stripe.
    let declined = stripe.card(DECLINED).await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let tried = pay(
            &compta,
            &[&invoice_id],
            "due",
            "",
            &declined,
            &uuid::Uuid::now_v7().to_string(),
        )
        .await;
        statuses.push(tried.status);
    }
    let before = app
        .store
        .dump()
        .await
        .unwrap()
        .online_payments
        .checkouts
        .len();
    let refused = pay(
        &compta,
        &[&invoice_id],
        "due",
        "",
        &declined,
        &uuid::Uuid::now_v7().to_string(),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{statuses:?} {}",
        refused.body
    );
    assert_eq!(
        app.store
            .dump()
            .await
            .unwrap()
            .online_payments
            .checkouts
            .len(),
        before
    );
    // Provider B has no webhook secret: its webhook refuses A's signed events.
    let c = settled(&app, &id_in(&path, "/portal/payments/")).await;
    let body = event(
        "evt_b",
        "payment_intent.succeeded",
        &c,
        app.a.id,
        c.amount_minor,
        "cad",
    );
    let to_b = reqwest::Client::new()
        .post(format!("http://localhost:{}/webhooks/stripe", app.port))
        .header(
            "stripe-signature",
            signature_header(WEBHOOK_SECRET, now_secs(), body.as_bytes()),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(to_b.status(), StatusCode::BAD_REQUEST);
    // Provider B's staff see none of A's online payments.
    let listed = b_admin.get("/staff/payments").await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(listed.has("No online payment yet."), "{}", listed.body);
}

/// A small PDF, as a bank's receipt would be.
const RECEIPT: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

async fn a_proof_of_transfer_is_confirmed_or_rejected_by_staff(backend: Backend) {
    let (app, _stripe) = app_with_stripe(backend).await;
    let (shop, buyer) = shop(&app).await;
    let invoice_id = billed(&app, &buyer, &shop.panel).await;
    let compta = accounting(&app, shop.customer.id, "compta@client.example").await;
    let path = format!("/portal/invoices/{invoice_id}/transfer-proofs");
    let send = |amount: &'static str, on: &'static str, reference: &'static str, file: bool| {
        let compta = &compta;
        let path = path.clone();
        async move {
            compta
                .post_form_data(
                    &path,
                    &[
                        ("amount", amount),
                        ("sent_on", on),
                        ("reference", reference),
                    ],
                    file.then(|| ("recu-virement.pdf", RECEIPT.to_vec())),
                )
                .await
        }
    };
    let proofs = |app: &TestApp| {
        let store = app.store.clone();
        let tenant = app.a.id;
        async move {
            store
                .transfer_proofs(tenant, None, false, 50)
                .await
                .unwrap()
        }
    };

    // Transfers not offered yet: no form, and a proof sent anyway is refused.
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(!page.has("data-testid=\"send-proof\""));
    assert_eq!(
        send("152,93", "", "VIR-1", true).await.status,
        StatusCode::CONFLICT
    );
    configure(&app, false).await;
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(page.has("data-testid=\"send-proof\""), "{}", page.body);

    // Bad forms: said on their field, nothing kept.
    for (amount, on, reference, file, says) in [
        (
            "152,93",
            "",
            "VIR-1",
            false,
            "Choisissez le fichier du reçu.",
        ),
        ("9999", "", "VIR-1", true, "dépasse le solde"),
        ("152,93", "2999-01-01", "VIR-1", true, ""),
        ("abc", "", "VIR-1", true, ""),
    ] {
        let bad = send(amount, on, reference, file).await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{amount} {on}"
        );
        assert!(bad.has(says), "{}", bad.body);
    }
    let nul = send("152,93", "", "VIR\u{0}1", true).await;
    assert!(nul.status.is_client_error(), "{:?}", nul.status);
    assert!(proofs(&app).await.is_empty());

    // Sent: journaled, listed for the contact and for staff, the file the same both ways.
    let sent = send("152,93", "", "VIR-77", true).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let shown = compta.get(sent.location.as_deref().unwrap()).await;
    assert!(
        shown.has("votre preuve de virement est envoyée"),
        "{}",
        shown.body
    );
    assert!(shown.has("En vérification") && shown.has("VIR-77"));
    let proof = proofs(&app).await.remove(0);
    // Staff who manage invoices are told, with a link to the invoice.
    let told = app.last_mail_to("accountant@a.example").await;
    assert!(
        told.subject.contains("proof of transfer for invoice 1"),
        "{}",
        told.subject
    );
    assert!(
        told.body.contains(&format!("/staff/invoices/{invoice_id}")),
        "{}",
        told.body
    );
    assert_eq!(
        (proof.amount_minor, proof.status),
        (15_293, ProofStatus::Pending)
    );
    let journal = app.store.dump().await.unwrap().journal;
    assert!(
        journal
            .iter()
            .any(|e| e.action == "transfer.proof" && e.detail.contains(&proof.file.sha256))
    );
    let mine = compta
        .http
        .get(compta.url(&format!("/portal/transfer-proofs/{}/file", proof.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(mine.bytes().await.unwrap().as_ref(), RECEIPT);
    let staff = app.browser(&app.a);
    staff.signed_in_as("accountant@a.example").await;
    let list = staff.get("/staff/invoices").await;
    assert!(list.has("data-testid=\"pending-proofs\""), "{}", list.body);
    let theirs = staff
        .http
        .get(staff.url(&format!("/staff/transfer-proofs/{}/file", proof.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.bytes().await.unwrap().as_ref(), RECEIPT);

    // Nobody else: another customer's contact, a role without invoices, another provider.
    let other = accounting(&app, shop.other.id, "compta@autre.example").await;
    let file_path = format!("/portal/transfer-proofs/{}/file", proof.id);
    assert_eq!(other.get(&file_path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer.get(&file_path).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        other
            .post_form_data(&path, &[("amount", "1")], Some(("x.pdf", RECEIPT.to_vec())))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let confirm_path = format!("/staff/transfer-proofs/{}/confirm", proof.id);
    assert_eq!(
        compta.post(&confirm_path, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_admin.post(&confirm_path, &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b_admin
            .get(&format!("/staff/transfer-proofs/{}/file", proof.id))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 0);

    // Confirmed: the payment recorded (a transfer, on the day sent); twice is once.
    let invoice_field = [("invoice", invoice_id.as_str())];
    let done = staff.post(&confirm_path, &invoice_field).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let paid = invoice(&app, &invoice_id).await;
    assert_eq!(paid.paid_minor, 15_293);
    let payments = app.store.payments_of(app.a.id, paid.id).await.unwrap();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].method, PaymentMethod::Transfer);
    assert_eq!(payments[0].reference, "VIR-77");
    let again = staff.post(&confirm_path, &invoice_field).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 15_293);

    // Another proof, rejected with a reason the contact reads.
    assert_eq!(
        send("100", "", "VIR-78", true).await.status,
        StatusCode::SEE_OTHER
    );
    let second = proofs(&app)
        .await
        .into_iter()
        .find(|p| p.status == ProofStatus::Pending)
        .unwrap();
    let reject_path = format!("/staff/transfer-proofs/{}/reject", second.id);
    let no_reason = staff.post(&reject_path, &invoice_field).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rejected = staff
        .post(
            &reject_path,
            &[
                ("invoice", invoice_id.as_str()),
                ("reason", "Aucun virement reçu à cette date"),
            ],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    let page = compta.get(&format!("/portal/invoices/{invoice_id}")).await;
    assert!(
        page.has("Non acceptée") && page.has("Aucun virement reçu à cette date"),
        "{}",
        page.body
    );
    assert_eq!(invoice(&app, &invoice_id).await.paid_minor, 15_293);
}

crate::both_backends_own_app!(
    a_proof_of_transfer_is_confirmed_or_rejected_by_staff,
    a_card_pays_what_is_due_now_once_stripe_confirms,
    several_invoices_or_part_of_one_are_paid_at_once,
    strangers_may_not_pay_or_configure,
);
