//! Signing in and out, emailed links, throttling, sessions.
use reqwest::StatusCode;

use crate::harness::{Backend, PASSWORD, TestApp, spawn_app_with};

async fn password_sign_in_and_out(app: TestApp) {
    let (_, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let b = app.browser(&app.a);
    assert_eq!(
        b.get("/portal").await.location.as_deref(),
        Some("/sign-in?next=%2Fportal")
    );
    let p = b.sign_in("Camille@Client.example ", PASSWORD).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(p.location.as_deref(), Some("/portal"));
    let home = b.get("/portal").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.has(&u.name) && home.has("Société C-1"),
        "{}",
        home.body
    );
    assert!(
        home.has("Projets") && home.has("Documents") && home.has("Factures"),
        "home in the contact's language"
    );
    let out = b.post("/sign-out", &[]).await;
    assert_eq!(out.location.as_deref(), Some("/sign-in"));
    assert_eq!(b.get("/portal").await.status, StatusCode::SEE_OTHER);
}

async fn unknown_email_and_wrong_password_look_the_same(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    let wrong = b
        .sign_in("camille@client.example", "not the password at all")
        .await;
    let unknown = b
        .sign_in("nobody@client.example", "not the password at all")
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    let strip = |s: &str| {
        s.replace(&wrong.csrf(), "")
            .replace("nobody@client.example", "X")
            .replace("camille@client.example", "X")
    };
    assert_eq!(strip(&wrong.body), strip(&unknown.body));
    assert!(
        wrong.has("value=\"camille@client.example\""),
        "the email is kept in the form"
    );
}

async fn sign_in_is_throttled_per_account_and_address(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    app.customer_with_contact(&app.a, "C-2", "dominique@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    for _ in 0..5 {
        assert_eq!(
            b.sign_in("camille@client.example", "wrong password here")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = b.sign_in("camille@client.example", PASSWORD).await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(
        blocked.has("15 minutes") && blocked.status == StatusCode::TOO_MANY_REQUESTS,
        "a clear message: {}",
        blocked.body
    );
    // A colleague behind the same address is not locked out.
    assert_eq!(
        b.sign_in("dominique@client.example", PASSWORD).await.status,
        StatusCode::SEE_OTHER
    );
}

async fn redirect_after_sign_in_stays_on_site(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    for (next, expected) in [
        ("/account", "/account"),
        ("//evil.example/x", "/portal"),
        ("https://evil.example", "/portal"),
        ("/\\evil.example", "/portal"),
    ] {
        let b = app.browser(&app.a);
        let p = b
            .post(
                "/sign-in",
                &[
                    ("email", "camille@client.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(p.location.as_deref(), Some(expected), "next={next}");
    }
}

async fn sign_in_link_is_single_use_and_spent_only_by_post(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    let known = b
        .post("/sign-in/link", &[("email", "camille@client.example")])
        .await;
    let unknown = b
        .post("/sign-in/link", &[("email", "ghost@client.example")])
        .await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, StatusCode::OK);
    assert_eq!(
        known.body.replace(&known.csrf(), ""),
        unknown.body.replace(&unknown.csrf(), ""),
        "never reveals whether the address exists"
    );
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(app.mails_to("ghost@client.example").await.is_empty());
    let link = mail.link(&format!("{}/auth/link/", app.a.base_url));
    // A GET (a mail scanner) shows a button and spends nothing.
    for _ in 0..2 {
        let page = b.get(&link).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("camille@client.example"));
    }
    let token_path = link.trim_start_matches(&app.a.base_url).to_string();
    // Concurrent clicks: exactly one signs in.
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let br = app.browser(&app.a);
        let path = token_path.clone();
        tasks.push(tokio::spawn(
            async move { br.post(&path, &[]).await.status },
        ));
    }
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(s == StatusCode::SEE_OTHER || s == StatusCode::GONE, "{s}");
        ok += (s == StatusCode::SEE_OTHER) as i32;
    }
    assert_eq!(ok, 1);
    let again = b.get(&link).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(
        again.has("déjà été utilisé"),
        "in the tenant's language for an anonymous visitor: {}",
        again.body
    );
    assert!(again.has("action=\"/sign-in/link\""), "offers a new link");
}

async fn tampered_link_gets_a_friendly_page(app: TestApp) {
    let b = app.browser(&app.a);
    for path in [
        "/auth/link/forged-token",
        "/auth/invitation/AAAA",
        "/auth/reset/%00%ff",
    ] {
        let p = b.get(path).await;
        assert_eq!(p.status, StatusCode::GONE, "{path}");
        assert!(p.has("action=\"/sign-in/link\""));
    }
    let p = b.post("/auth/link/forged-token", &[]).await;
    assert_eq!(p.status, StatusCode::GONE);
}

async fn password_reset_ends_other_sessions(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let laptop = app.browser(&app.a);
    laptop.signed_in_as("camille@client.example").await;
    let phone = app.browser(&app.a);
    assert_eq!(
        phone
            .post("/forgot-password", &[("email", "camille@client.example")])
            .await
            .status,
        StatusCode::OK
    );
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(
        mail.subject.contains("nouveau mot de passe"),
        "email in the contact's language: {}",
        mail.subject
    );
    let link = mail.link(&format!("{}/auth/reset/", app.a.base_url));
    assert_eq!(phone.get(&link).await.status, StatusCode::OK);
    let weak = phone
        .post(
            &link,
            &[("password", "password1234"), ("confirm", "password1234")],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.has("trop courant"), "{}", weak.body);
    let new_password = "Nouvelle-phrase-de-passe-77";
    let done = phone
        .post(
            &link,
            &[("password", new_password), ("confirm", new_password)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(phone.get("/portal").await.status, StatusCode::OK);
    assert_eq!(
        laptop.get("/portal").await.status,
        StatusCode::SEE_OTHER,
        "the other session ended"
    );
    assert_eq!(
        phone
            .post(
                &link,
                &[("password", new_password), ("confirm", new_password)]
            )
            .await
            .status,
        StatusCode::GONE
    );
    let fresh = app.browser(&app.a);
    assert_eq!(
        fresh
            .sign_in("camille@client.example", PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh
            .sign_in("camille@client.example", new_password)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

async fn sessions_are_listed_and_revocable(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let one = app.browser(&app.a);
    one.signed_in_as("camille@client.example").await;
    let two = app.browser(&app.a);
    two.signed_in_as("camille@client.example").await;
    let list = one.get("/account/sessions").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.body.matches("/revoke\"").count(), 2, "{}", list.body);
    assert!(list.has("This device") && list.has("127.0.0.1"));
    let others = one.post("/account/sessions/revoke-others", &[]).await;
    assert_eq!(others.status, StatusCode::SEE_OTHER);
    assert_eq!(two.get("/portal").await.status, StatusCode::SEE_OTHER);
    assert_eq!(one.get("/portal").await.status, StatusCode::OK);
    // Someone else's session id is not found.
    let three = app.browser(&app.a);
    three.signed_in_as("camille@client.example").await;
    let foreign = app.browser(&app.a);
    let (_, other) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "en")
        .await;
    foreign.signed_in_as(other.email.as_str()).await;
    let mine = app
        .portal
        .sessions(
            &app.store
                .user_by_email(
                    app.a.id,
                    &guichet_domain::Email::parse("camille@client.example").unwrap(),
                )
                .await
                .unwrap()
                .unwrap(),
        )
        .await
        .unwrap();
    let victim = mine.last().unwrap().id;
    assert_eq!(
        foreign
            .post(&format!("/account/sessions/{victim}/revoke"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(three.get("/portal").await.status, StatusCode::OK);
}

async fn changing_password_ends_other_sessions(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let one = app.browser(&app.a);
    one.signed_in_as("camille@client.example").await;
    let two = app.browser(&app.a);
    two.signed_in_as("camille@client.example").await;
    let wrong = one
        .post(
            "/account/password",
            &[
                ("current", "nope"),
                ("password", "Another-long-phrase-99"),
                ("confirm", "Another-long-phrase-99"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.has("current password is incorrect"));
    let ok = one
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "Another-long-phrase-99"),
                ("confirm", "Another-long-phrase-99"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(one.get("/portal").await.status, StatusCode::OK);
    assert_eq!(two.get("/portal").await.status, StatusCode::SEE_OTHER);
}

async fn language_switch_persists_for_the_user(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let b = app.browser(&app.a);
    assert!(
        b.get("/sign-in").await.has("lang=\"fr-CA\""),
        "tenant default is French"
    );
    b.signed_in_as("camille@client.example").await;
    assert!(b.get("/portal").await.has("Bonjour"));
    assert_eq!(
        b.post("/locale", &[("locale", "en"), ("next", "/portal")])
            .await
            .location
            .as_deref(),
        Some("/portal")
    );
    assert!(b.get("/portal").await.has("Hello"));
    let elsewhere = app.browser(&app.a);
    elsewhere.signed_in_as("camille@client.example").await;
    let home = elsewhere.get("/portal").await;
    assert!(
        home.has("lang=\"en-CA\"") && home.has("Hello"),
        "the choice follows the user"
    );
    assert_eq!(
        b.post("/locale", &[("locale", "de"), ("next", "/portal")])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        b.post("/locale", &[("locale", "fr"), ("next", "//evil.example")])
            .await
            .location
            .as_deref(),
        Some("/")
    );
}

async fn people_edit_their_own_profile(app: TestApp) {
    let (_, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let (_, other) = app
        .customer_with_contact(&app.a, "C-2", "other@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    assert_eq!(
        b.get("/account/profile").await.status,
        StatusCode::SEE_OTHER,
        "anonymous"
    );
    b.signed_in_as("camille@client.example").await;
    let form = b.get("/account/profile").await;
    assert!(form.has("value=\"Camille Contact\""));
    let bad = b
        .post(
            "/account/profile",
            &[
                ("name", "  "),
                ("phone", "418 555-0100"),
                ("locale", "en"),
                ("time_zone", "Mars/Olympus"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.has("id=\"e-name\"")
            && bad.has("id=\"e-time_zone\"")
            && bad.has("value=\"418 555-0100\""),
        "messages beside the fields, input kept"
    );
    // A forged email field is ignored: the email is the sign-in and stays.
    let ok = b
        .post(
            "/account/profile",
            &[
                ("name", "Camille Gagnon"),
                ("phone", "418 555-0100"),
                ("locale", "fr"),
                ("time_zone", "Europe/Paris"),
                ("email", "hijack@evil.example"),
            ],
        )
        .await;
    assert_eq!(ok.location.as_deref(), Some("/account?done=profile"));
    let me = app.store.user(app.a.id, u.id).await.unwrap().unwrap();
    assert_eq!(
        (me.name.as_str(), me.phone.as_str(), me.locale),
        ("Camille Gagnon", "418 555-0100", guichet_domain::Locale::Fr)
    );
    assert_eq!(me.email.as_str(), "camille@client.example");
    assert_eq!(me.time_zone.name(), "Europe/Paris");
    let sessions = b.get("/account/sessions").await;
    assert!(
        sessions.has("heure de l’Europe centrale (Paris)")
            && sessions.has("à l’instant")
            && !sessions.has(" CET<"),
        "times shown in the person's zone, named once: {}",
        sessions.body
    );
    assert!(
        b.get("/account").await.has("Modifier mon profil"),
        "the page follows the new language"
    );
    let untouched = app.store.user(app.a.id, other.id).await.unwrap().unwrap();
    assert_eq!(untouched.name, "Camille Contact");
}

async fn notification_preferences_are_kept(app: TestApp) {
    let (_, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    let page = b.get("/account/notifications").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.body.matches("value=\"immediate\" selected").count(),
        guichet_domain::NotifyKind::ALL.len(),
        "at once by default"
    );
    let p = b
        .post(
            "/account/notifications",
            &[("n.invoice_issued", "digest"), ("n.document_shared", "off")],
        )
        .await;
    assert_eq!(
        p.location.as_deref(),
        Some("/account/notifications?done=notifications")
    );
    let page = b.get("/account/notifications").await;
    assert!(page.has("value=\"digest\" selected") && page.has("value=\"off\" selected"));
    let mode = |k| {
        let portal = app.portal.clone();
        let u = u.clone();
        async move { portal.notify_mode(&u, k).await.unwrap() }
    };
    assert_eq!(
        mode(guichet_domain::NotifyKind::InvoiceIssued).await,
        guichet_domain::NotifyMode::Digest
    );
    assert_eq!(
        mode(guichet_domain::NotifyKind::SupportReply).await,
        guichet_domain::NotifyMode::Immediate
    );
    // Forged kinds or modes: 422, nothing changes.
    for forged in [("n.payroll", "off"), ("n.invoice_issued", "hourly")] {
        let p = b.post("/account/notifications", &[forged]).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{forged:?}");
    }
    assert_eq!(
        mode(guichet_domain::NotifyKind::DocumentShared).await,
        guichet_domain::NotifyMode::Off
    );
}

async fn sign_out_everywhere_ends_every_session(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (here, there) = (app.browser(&app.a), app.browser(&app.a));
    here.signed_in_as("camille@client.example").await;
    there.signed_in_as("camille@client.example").await;
    assert_eq!(there.get("/portal").await.status, StatusCode::OK);
    let p = here.post("/sign-out", &[("everywhere", "1")]).await;
    assert_eq!(p.location.as_deref(), Some("/sign-in"));
    for b in [&here, &there] {
        let p = b.get("/portal").await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "every session ended at once"
        );
        assert!(p.location.unwrap().starts_with("/sign-in"));
    }
}

/// A burst of sign-ins hashes a few passwords at a time (each holds its Argon2 memory); who
/// cannot get a turn in time is told, in their language, to try again shortly (503 with
/// `Retry-After`), and the server signs people in normally once the burst is over.
async fn sign_in_burst_is_bounded(backend: Backend) {
    let app = spawn_app_with(backend, false, |c| {
        c.password_memory_kib = 8 * 1024;
        c.password_iterations = 4;
        c.password_hashing_concurrent = 1;
        c.password_hashing_wait_ms = 0;
    })
    .await;
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let first = app.browser(&app.a);
    let csrf = first.csrf().await;
    let tries: Vec<_> = (0..24)
        .map(|i| {
            let http = first.http.clone();
            let url = first.base.clone() + "/sign-in";
            let csrf = csrf.clone();
            tokio::spawn(async move {
                http.post(url)
                    .header("accept-language", "fr-CA")
                    .form(&[
                        ("_csrf", csrf.as_str()),
                        ("email", &format!("nobody-{i}@client.example")),
                        ("password", "not the password at all"),
                    ])
                    .send()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut busy = 0;
    for t in tries {
        let r = t.await.unwrap();
        match r.status() {
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert_eq!(
                    r.headers().get("retry-after").and_then(|v| v.to_str().ok()),
                    Some("2")
                );
                let body = r.text().await.unwrap();
                assert!(
                    body.contains("Veuillez réessayer dans quelques secondes"),
                    "the busy page speaks the visitor's language"
                );
            }
            StatusCode::UNAUTHORIZED => {}
            other => panic!("a sign-in in the burst answered {other}"),
        }
    }
    assert!(
        busy > 0,
        "24 sign-ins at once with one hash at a time: some must wait"
    );
    let b = app.browser(&app.a);
    let p = b.sign_in("camille@client.example", PASSWORD).await;
    assert_eq!(
        p.status,
        StatusCode::SEE_OTHER,
        "after the burst, sign-in works"
    );
}

/// Fifty wrong passwords at once for one account from one address: the attempts are counted
/// before they are checked, so only the first five are checked at all.
async fn parallel_guesses_are_counted_before_checking(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    let csrf = b.csrf().await;
    let tries: Vec<_> = (0..50)
        .map(|i| {
            let http = b.http.clone();
            let url = b.base.clone() + "/sign-in";
            let csrf = csrf.clone();
            tokio::spawn(async move {
                http.post(url)
                    .form(&[
                        ("_csrf", csrf.as_str()),
                        ("email", "camille@client.example"),
                        ("password", &format!("wrong guess number {i}")),
                    ])
                    .send()
                    .await
                    .unwrap()
            })
        })
        .collect();
    let (mut wrong, mut throttled) = (0, 0);
    for t in tries {
        let r = t.await.unwrap();
        match r.status() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                throttled += 1;
                let wait: i64 = r.headers()["retry-after"]
                    .to_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                assert!((1..=900).contains(&wait), "Retry-After {wait}");
            }
            // A guess that could not get a turn at hashing is not checked either.
            StatusCode::SERVICE_UNAVAILABLE => {}
            other => panic!("a guess answered {other}"),
        }
    }
    assert!(wrong <= 5, "{wrong} guesses were checked");
    assert!(throttled >= 45, "only {throttled} of 50 were refused");
}

/// Guesses spread over many addresses still add up per account: past 20 failures, the account
/// waits a minute (then twice as long after each further failure); the person is told how long.
/// An IPv6 network counts as one address by its /64.
async fn guesses_from_many_addresses_add_up_per_account(backend: Backend) {
    let app = spawn_app_with(backend, false, |c| {
        c.trust_forwarded_for = true;
        c.password_memory_kib = 8 * 1024;
        c.password_iterations = 1;
    })
    .await;
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let b = app.browser(&app.a);
    let csrf = b.csrf().await;
    let try_from = |ip: String, password: &'static str| {
        let http = b.http.clone();
        let url = b.base.clone() + "/sign-in";
        let csrf = csrf.clone();
        async move {
            http.post(url)
                .header("x-forwarded-for", ip)
                .header("accept-language", "fr-CA")
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("email", "camille@client.example"),
                    ("password", password),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    // Twenty failures, four from each of five addresses: each is checked.
    for i in 0..20 {
        let r = try_from(format!("203.0.113.{}", i % 5), "wrong password here").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "failure {i}");
    }
    // The 21st, from a new address, makes the account wait; even the right password waits.
    let r = try_from("198.51.100.7".into(), "wrong password here").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "60");
    let r = try_from("198.51.100.8".into(), PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let body = r.text().await.unwrap();
    assert!(body.contains("réessayez dans une minute"), "{body}");

    // IPv6: five addresses of one /64 are one address; another /64 is another.
    app.customer_with_contact(&app.a, "C-2", "dominique@client.example", "fr")
        .await;
    let try_v6 = |ip: &'static str| {
        let http = b.http.clone();
        let url = b.base.clone() + "/sign-in";
        let csrf = csrf.clone();
        async move {
            http.post(url)
                .header("x-forwarded-for", ip)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("email", "dominique@client.example"),
                    ("password", "wrong password here"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for ip in [
        "2001:db8:1:2::1",
        "2001:db8:1:2::2",
        "2001:db8:1:2:aaaa::3",
        "2001:db8:1:2::4",
        "2001:db8:1:2::5",
    ] {
        assert_eq!(try_v6(ip).await, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        try_v6("2001:db8:1:2:ffff::6").await,
        StatusCode::TOO_MANY_REQUESTS,
        "same /64"
    );
    assert_eq!(
        try_v6("2001:db8:1:3::1").await,
        StatusCode::UNAUTHORIZED,
        "another /64"
    );
}

/// A stolen session cannot be used to guess the password on the password-change form.
async fn password_change_form_is_throttled(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    for _ in 0..5 {
        let p = b
            .post(
                "/account/password",
                &[
                    ("current", "a wrong guess"),
                    ("password", "Another-long-phrase-99"),
                    ("confirm", "Another-long-phrase-99"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let p = b
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "Another-long-phrase-99"),
                ("confirm", "Another-long-phrase-99"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::TOO_MANY_REQUESTS, "{}", p.body);
    assert!(p.has("Too many attempts"), "{}", p.body);
    // The password did not change.
    let fresh = app.browser(&app.a);
    fresh.signed_in_as("camille@client.example").await;
}

/// A reset link asked for before the password changed no longer works afterwards; nor does a
/// sign-in link after "sign out everywhere".
async fn earlier_links_die_with_a_password_change_or_sign_out_everywhere(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let thief = app.browser(&app.a);
    thief
        .post("/forgot-password", &[("email", "camille@client.example")])
        .await;
    let reset = app
        .last_mail_to("camille@client.example")
        .await
        .link(&format!("{}/auth/reset/", app.a.base_url));
    let owner = app.browser(&app.a);
    owner.signed_in_as("camille@client.example").await;
    let changed = owner
        .post(
            "/account/password",
            &[
                ("current", PASSWORD),
                ("password", "Another-long-phrase-99"),
                ("confirm", "Another-long-phrase-99"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    assert_eq!(thief.get(&reset).await.status, StatusCode::GONE);
    let used = thief
        .post(
            &reset,
            &[
                ("password", "Thief-long-phrase-42"),
                ("confirm", "Thief-long-phrase-42"),
            ],
        )
        .await;
    assert_eq!(used.status, StatusCode::GONE);

    thief
        .post("/sign-in/link", &[("email", "camille@client.example")])
        .await;
    let link = app
        .last_mail_to("camille@client.example")
        .await
        .link(&format!("{}/auth/link/", app.a.base_url));
    assert_eq!(
        owner.post("/sign-out", &[("everywhere", "1")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(thief.post(&link, &[]).await.status, StatusCode::GONE);
}

/// Sign-ins (success, failure, the first refusal of a throttled window), password changes and
/// session endings are journaled; repeated refusals are not (they would flood the journal).
async fn sign_ins_and_session_changes_are_journaled(app: TestApp) {
    let (_, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    b.sign_in("ghost@client.example", "whatever it is").await;
    for _ in 0..8 {
        b.sign_in("camille@client.example", "wrong password here")
            .await;
    }
    b.post(
        "/account/password",
        &[
            ("current", "nope"),
            ("password", "Another-long-phrase-99"),
            ("confirm", "Another-long-phrase-99"),
        ],
    )
    .await;
    b.post("/sign-out", &[("everywhere", "1")]).await;
    let entries = app.store.chain(app.a.id).await.unwrap();
    let of = |action: &str| -> Vec<&guichet_domain::JournalEntry> {
        entries.iter().filter(|e| e.action == action).collect()
    };
    let ok = of("sign-in");
    assert_eq!(ok.len(), 1);
    assert_eq!(
        (ok[0].actor, ok[0].ip.as_str()),
        (Some(camille.id), "127.0.0.1")
    );
    let failed = of("sign-in.failed");
    assert_eq!(failed.len(), 6, "one unknown address, five wrong passwords");
    assert!(failed.iter().all(|e| e.actor.is_none()));
    assert_eq!(
        failed
            .iter()
            .filter(|e| e.object_id == camille.id.0)
            .count(),
        5
    );
    assert_eq!(failed[0].actor_label, "ghost@client.example");
    assert_eq!(of("sign-in.throttled").len(), 1, "only the first refusal");
    assert_eq!(of("session.end-all").len(), 1);
    assert!(
        app.portal.verify_journal(app.a.id).await.is_ok(),
        "the chain holds"
    );
}

crate::both_backends_own_app!(
    sign_in_burst_is_bounded,
    guesses_from_many_addresses_add_up_per_account,
);

crate::both_backends!(
    sign_out_everywhere_ends_every_session,
    notification_preferences_are_kept,
    people_edit_their_own_profile,
    password_sign_in_and_out,
    unknown_email_and_wrong_password_look_the_same,
    sign_in_is_throttled_per_account_and_address,
    redirect_after_sign_in_stays_on_site,
    sign_in_link_is_single_use_and_spent_only_by_post,
    tampered_link_gets_a_friendly_page,
    password_reset_ends_other_sessions,
    sessions_are_listed_and_revocable,
    changing_password_ends_other_sessions,
    language_switch_persists_for_the_user,
    parallel_guesses_are_counted_before_checking,
    password_change_form_is_throttled,
    earlier_links_die_with_a_password_change_or_sign_out_everywhere,
    sign_ins_and_session_changes_are_journaled,
);
