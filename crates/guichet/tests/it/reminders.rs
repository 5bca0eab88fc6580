//! Reminders (issue 17): staff keep the rules; after downtime, two instances started with the
//! clock moved past several due dates send each due reminder exactly once (counted at the SMTP
//! server), the latest step only; a reminder checks its invoice again before it goes out; who
//! may see and change the rules.
use std::time::Duration;

use guichet::app;
use guichet_core::jobs::Clock;
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, TestApp};

const DAY: i64 = 86_400;

/// `day` moved by `days`.
fn shift(day: &str, days: i64) -> String {
    day_plus(day, days).unwrap()
}

/// An invoice of `customer` with this schedule (due dates, amounts) and this much paid.
async fn invoice(
    app: &TestApp,
    tenant: &Tenant,
    customer: &Customer,
    issued_on: &str,
    schedule: &[(String, i64)],
    paid: i64,
) -> Invoice {
    let total: i64 = schedule.iter().map(|(_, a)| a).sum();
    let now = Millis::now();
    let mut inv = Invoice {
        id: InvoiceId::new(),
        tenant_id: tenant.id,
        customer_id: customer.id,
        customer_name: customer.name.clone(),
        number: 0,
        kind: InvoiceKind::Invoice,
        order_id: None,
        quote_id: None,
        credits: None,
        is_deposit: false,
        deposit: None,
        currency: Currency::Cad,
        lines: vec![InvoiceLine {
            sku: "SRV".into(),
            name: Texts::new("Service", "Service"),
            quantity: 1,
            unit_minor: total,
            total_minor: total,
        }],
        subtotal_minor: total,
        taxes: vec![],
        total_minor: total,
        issued_on: issued_on.into(),
        schedule: schedule
            .iter()
            .map(|(d, a)| Instalment {
                due_on: d.clone(),
                amount_minor: *a,
                deposit: false,
            })
            .collect(),
        paid_minor: paid,
        note: String::new(),
        voided_at: None,
        created_at: now,
        updated_at: now,
    };
    inv.number = app.store.insert_invoice(&inv).await.unwrap();
    inv
}

/// Camille's user id.
async fn mails_user(app: &TestApp) -> UserId {
    app.store
        .user_by_email(app.a.id, &Email::parse("camille@client.example").unwrap())
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn accountant(app: &TestApp) -> Browser {
    let b = app.browser(&app.a);
    b.signed_in_as("accountant@a.example").await;
    b
}

async fn add_rule(staff: &Browser, kind: &str, days: &str) -> StatusCode {
    staff
        .post(
            "/staff/settings/reminders",
            &[("kind", kind), ("days", days)],
        )
        .await
        .status
}

/// A contact of the customer whose role shows no invoices.
async fn site_contact(app: &TestApp, customer: &Customer) {
    app.contact_with_role(
        customer.id,
        "Chantier",
        &[("op.projects", "view"), ("scope.projects", "company")],
        ("Samuel Chantier", "chantier@client.example"),
    )
    .await;
}

/// Runs two instances' workers with `clock` until `want` emails reached the SMTP server (or a
/// minute passed), then a few rounds more; returns how many it got. Their first round plans
/// the reminders due.
async fn two_instances(app: &TestApp, clock: Clock, want: usize) -> usize {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..2 {
        let i = app.another_instance().await;
        workers.spawn(app::run_workers(
            i.portal.clone(),
            i.mailer.clone(),
            i.state.metrics.clone(),
            Duration::from_secs(3600),
            stop_rx.clone(),
            clock,
        ));
    }
    let started = std::time::Instant::now();
    while app.smtp.received().len() < want && started.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Several more rounds of both instances (one every two seconds): nothing more goes out.
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop_tx.send(true).unwrap();
    while workers.join_next().await.is_some() {}
    app.smtp.received().len()
}

async fn each_reminder_goes_out_once_after_downtime_whatever_the_instances(app: TestApp) {
    let staff = accountant(&app).await;
    // Rules as staff add them: three days before, seven and thirty days after.
    assert_eq!(
        add_rule(&staff, "invoice_due", "3").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add_rule(&staff, "invoice_overdue", "7").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add_rule(&staff, "invoice_overdue", "30").await,
        StatusCode::SEE_OTHER
    );
    let (customer, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    site_contact(&app, &customer).await;
    // Provider B has an overdue invoice too, and no rules: nothing goes to its customer.
    let (b_customer, _) = app
        .customer_with_contact(&app.b, "B-1", "client@b-customer.example", "en")
        .await;

    // The workers were stopped 45 days; the day they come back is T.
    let clock = Clock::shifted(45 * DAY);
    let t = reminder_day(&TimeZone::default(), clock.now());
    let issued = shift(&t, -50);
    // Due 35 days before T: the 7- and 30-day steps are both due; only the 30-day one goes.
    let late35 = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&t, -35), 100_000)],
        0,
    )
    .await;
    // Due 25 days before T: the 7-day step.
    let late25 = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&t, -25), 50_000)],
        0,
    )
    .await;
    // Paid: nothing.
    let paid = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&t, -25), 50_000)],
        50_000,
    )
    .await;
    // Three instalments, the first paid; the second is 10 days late; the third not yet near.
    let parts = [
        (shift(&t, -40), 30_000),
        (shift(&t, -10), 30_000),
        (shift(&t, 20), 30_000),
    ];
    let instalments = invoice(&app, &app.a, &customer, &issued, &parts, 30_000).await;
    // Due in two days: the "three days before" reminder.
    let soon = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&t, 2), 20_000)],
        0,
    )
    .await;
    invoice(
        &app,
        &app.b,
        &b_customer,
        &issued,
        &[(shift(&t, -35), 10_000)],
        0,
    )
    .await;

    app.deliver().await;
    let before = app.smtp.received().len();
    let got = two_instances(&app, clock, before + 4).await;
    let mails = app.smtp.received();
    let reminders: Vec<_> = mails[before..].to_vec();
    assert_eq!(
        got,
        before + 4,
        "{:#?}",
        reminders.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(
        reminders.iter().all(|m| m.to == "camille@client.example"),
        "only the contact who sees invoices"
    );
    let subjects: Vec<String> = reminders.iter().map(|m| m.subject.clone()).collect();
    for (inv, late) in [
        (&late35, true),
        (&late25, true),
        (&instalments, true),
        (&soon, false),
    ] {
        let n = inv.number.to_string();
        let mail = reminders
            .iter()
            .find(|m| {
                m.subject.contains(&format!("facture {n} "))
                    || m.subject.contains(&format!("Facture {n} "))
            })
            .unwrap_or_else(|| panic!("no reminder for invoice {n}: {subjects:?}"));
        assert_eq!(mail.subject.contains("en retard"), late, "{}", mail.subject);
        assert!(
            mail.body.contains(&format!("/portal/invoices/{}", inv.id)),
            "{}",
            mail.body
        );
    }
    assert!(
        !subjects
            .iter()
            .any(|s| s.contains(&format!("facture {} ", paid.number)))
    );
    // The instalment reminder asks for what is due now (300,00 $), not the balance (600,00 $).
    let n = instalments.number.to_string();
    let mail = reminders
        .iter()
        .find(|m| m.subject.contains(&format!("Facture {n} ")))
        .unwrap();
    assert!(
        mail.body
            .replace(['\u{a0}', '\u{202f}'], " ")
            .contains("300,00 $"),
        "{}",
        mail.body
    );

    // Started again (the same day, two instances): nothing goes out twice.
    let again = two_instances(&app, clock, 0).await;
    assert_eq!(again, before + 4);

    // Each is in the contact's notifications too, leading to its invoice.
    let camille = app.browser(&app.a);
    camille.signed_in_as("camille@client.example").await;
    let notices = camille.get("/notifications").await;
    assert_eq!(
        notices.body.matches("class=\"notice unread\"").count(),
        4,
        "{}",
        notices.body
    );
    assert!(notices.has("en retard"), "{}", notices.body);
    let notice = app
        .store
        .notices(app.a.id, mails_user(&app).await, 10)
        .await
        .unwrap();
    assert!(
        notice
            .iter()
            .any(|n| n.link == format!("/portal/invoices/{}", late35.id))
    );

    // Staff see what became of each: sent, and the 7-day step of the oldest superseded.
    let page = staff.get("/staff/settings/reminders").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("data-testid=\"reminders-recent\""),
        "{}",
        page.body
    );
    let jobs = app
        .store
        .jobs_about(app.a.id, late35.id.0, 10)
        .await
        .unwrap();
    let mut outcomes: Vec<_> = jobs.iter().map(|j| j.outcome).collect();
    outcomes.sort_by_key(|o| o.code());
    assert_eq!(outcomes, vec![JobOutcome::Done, JobOutcome::Superseded]);
    let invoice_page = staff.get(&format!("/staff/invoices/{}", late35.id)).await;
    assert!(
        invoice_page.has("data-testid=\"invoice-reminders\""),
        "{}",
        invoice_page.body
    );
    assert!(
        invoice_page.has("Replaced by a later reminder"),
        "{}",
        invoice_page.body
    );
}

async fn a_reminder_checks_its_invoice_again_before_it_goes_out(app: TestApp) {
    let accountant = app.staff(&app.a, "accountant").await;
    let client = guichet_core::Client::default();
    let (customer, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let rule = |kind: &str, days: &str| guichet_core::billing::RuleInput {
        kind: kind.into(),
        days: days.into(),
        active: true,
        ..Default::default()
    };
    let default = app
        .portal
        .default_reminder_rule(app.a.id, ReminderKind::InvoiceOverdue, 1);
    let with_texts = |r: guichet_core::billing::RuleInput| guichet_core::billing::RuleInput {
        subject_fr: default.subject.fr.clone(),
        subject_en: default.subject.en.clone(),
        body_fr: default.body.fr.clone(),
        body_en: default.body.en.clone(),
        ..r
    };
    let late = app
        .portal
        .save_reminder_rule(
            &accountant,
            &client,
            None,
            &with_texts(rule("invoice_overdue", "1")),
        )
        .await
        .unwrap();
    let now = Millis::now();
    let today = reminder_day(&TimeZone::default(), now);
    let issued = shift(&today, -20);
    let will_be_paid = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&today, -5), 10_000)],
        0,
    )
    .await;
    let rule_paused = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&today, -5), 20_000)],
        0,
    )
    .await;
    let will_be_voided = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&today, -5), 30_000)],
        0,
    )
    .await;
    assert_eq!(app.portal.plan_reminders(now).await.unwrap(), 3);
    assert_eq!(
        app.portal.plan_reminders(now).await.unwrap(),
        0,
        "planned once"
    );

    // Meanwhile: one is paid, one voided.
    let paid = app
        .portal
        .record_payment(
            &accountant,
            &client,
            will_be_paid.id,
            &guichet_core::billing::PaymentInput {
                amount: "100".into(),
                method: "transfer".into(),
                submit_key: uuid::Uuid::now_v7().to_string(),
                ..Default::default()
            },
        )
        .await;
    assert!(paid.is_ok(), "{paid:?}");
    app.store
        .void_invoice(app.a.id, will_be_voided.id, now, will_be_voided.updated_at)
        .await
        .unwrap();
    app.deliver().await;
    let before = app.smtp.received().len();
    let round = app.portal.run_jobs(now, 50).await.unwrap();
    assert_eq!(
        (round.claimed, round.done, round.dropped),
        (3, 1, 2),
        "{round:?}"
    );
    app.deliver().await;
    let mails = app.smtp.received();
    assert_eq!(mails.len(), before + 1);
    assert!(
        mails[before]
            .subject
            .contains(&rule_paused.number.to_string()),
        "{}",
        mails[before].subject
    );

    // A rule paused after planning: its reminder is dropped when its turn comes.
    let soon = invoice(
        &app,
        &app.a,
        &customer,
        &issued,
        &[(shift(&today, -2), 5_000)],
        0,
    )
    .await;
    assert_eq!(app.portal.plan_reminders(now).await.unwrap(), 1);
    let paused = guichet_core::billing::RuleInput {
        active: false,
        seen: late.updated_at.0.to_string(),
        ..with_texts(rule("invoice_overdue", "1"))
    };
    app.portal
        .save_reminder_rule(&accountant, &client, Some(late.id), &paused)
        .await
        .unwrap();
    let round = app.portal.run_jobs(now, 50).await.unwrap();
    assert_eq!(
        (round.claimed, round.done, round.dropped),
        (1, 0, 1),
        "{round:?}"
    );
    let jobs = app.store.jobs_about(app.a.id, soon.id.0, 10).await.unwrap();
    assert_eq!(jobs[0].outcome, JobOutcome::Dropped);
}

async fn who_may_see_and_change_the_rules(app: TestApp) {
    let staff = accountant(&app).await;
    // Bad input: refused on its field, nothing saved.
    for (kind, days) in [
        ("invoice_overdue", "0"),
        ("invoice_due", "-1"),
        ("invoice_due", "400"),
        ("bogus", "3"),
        ("invoice_due", "trois"),
    ] {
        let page = staff
            .post(
                "/staff/settings/reminders",
                &[("kind", kind), ("days", days)],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} {days}"
        );
        assert!(page.has("aria-invalid=\"true\""), "{}", page.body);
    }
    assert!(app.store.reminder_rules(app.a.id).await.unwrap().is_empty());
    assert_eq!(
        add_rule(&staff, "quote_expiring", "2").await,
        StatusCode::SEE_OTHER
    );
    let rule = app.store.reminder_rules(app.a.id).await.unwrap().remove(0);
    let path = format!("/staff/settings/reminders/{}", rule.id);
    let page = staff.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("{title}"),
        "the default text and its fields: {}",
        page.body
    );

    // Texts: an unknown field, no link, a NUL byte, a huge body — refused, nothing changed.
    let form = |subject_fr: &str, body_fr: &str, seen: &str| {
        vec![
            ("days".to_string(), "2".to_string()),
            ("active".to_string(), "on".to_string()),
            ("subject_fr".to_string(), subject_fr.to_string()),
            ("subject_en".to_string(), rule.subject.en.clone()),
            ("body_fr".to_string(), body_fr.to_string()),
            ("body_en".to_string(), rule.body.en.clone()),
            ("seen".to_string(), seen.to_string()),
        ]
    };
    let seen = rule.updated_at.0.to_string();
    let post = |fields: Vec<(String, String)>| {
        let staff = &staff;
        let path = path.clone();
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            staff.post(&path, &refs).await
        }
    };
    let bad_field = post(form("Soumission {numero}", &rule.body.fr, &seen)).await;
    assert_eq!(bad_field.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_field.has("Soumission {numero}"),
        "what was typed is kept"
    );
    let no_link = post(form(&rule.subject.fr, "Bonjour {name}", &seen)).await;
    assert_eq!(no_link.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nul = post(form("Objet\u{0}", &rule.body.fr, &seen)).await;
    assert!(
        nul.status == StatusCode::UNPROCESSABLE_ENTITY || nul.status == StatusCode::BAD_REQUEST,
        "{}",
        nul.status
    );
    let huge = post(form(
        &rule.subject.fr,
        &format!("{} {{link}}", "x".repeat(6000)),
        &seen,
    ))
    .await;
    assert!(
        huge.status == StatusCode::UNPROCESSABLE_ENTITY
            || huge.status == StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        huge.status
    );
    assert_eq!(app.store.reminder_rules(app.a.id).await.unwrap()[0], rule);

    // Saved from what was shown; a second save from the same page is a conflict that keeps
    // what was typed.
    let saved = post(form(
        "Votre soumission {number} expire bientôt",
        &rule.body.fr,
        &seen,
    ))
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let conflict = post(form("Autre objet {number}", &rule.body.fr, &seen)).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert!(conflict.has("Autre objet {number}"));
    assert_eq!(
        app.store.reminder_rules(app.a.id).await.unwrap()[0]
            .subject
            .fr,
        "Votre soumission {number} expire bientôt"
    );

    // Nobody else: anonymous, a contact, an agent, another provider's staff.
    let anonymous = app.browser(&app.a);
    let page = anonymous.get("/staff/settings/reminders").await;
    assert!(
        page.status == StatusCode::SEE_OTHER || page.status == StatusCode::UNAUTHORIZED,
        "{}",
        page.status
    );
    let (_, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    assert_eq!(
        contact.get("/staff/settings/reminders").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        contact.post(&format!("{path}/delete"), &[]).await.status,
        StatusCode::FORBIDDEN
    );
    app.portal
        .add_staff_with_password(
            &app.a,
            "agent@a.example",
            "Alex Agent",
            StaffRole::Agent,
            Locale::En,
            crate::harness::PASSWORD,
        )
        .await
        .unwrap();
    let agent = app.browser(&app.a);
    agent.signed_in_as("agent@a.example").await;
    assert_eq!(
        agent.get("/staff/settings/reminders").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        add_rule(&agent, "invoice_due", "3").await,
        StatusCode::FORBIDDEN
    );
    let other = app.browser(&app.b);
    other.signed_in_as("admin@b.example").await;
    assert_eq!(other.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other.post(&format!("{path}/delete"), &[]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.store.reminder_rules(app.a.id).await.unwrap().len(), 1);

    // Deleted by staff who may.
    let deleted = staff.post(&format!("{path}/delete"), &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(app.store.reminder_rules(app.a.id).await.unwrap().is_empty());
}

crate::both_backends!(
    each_reminder_goes_out_once_after_downtime_whatever_the_instances,
    a_reminder_checks_its_invoice_again_before_it_goes_out,
    who_may_see_and_change_the_rules,
);
