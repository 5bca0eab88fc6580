//! Malformed and hostile input on every form route: never a 500, never a panic.
use reqwest::StatusCode;

use crate::harness::{Backend, TestApp, spawn_app_with};

fn hostile_bodies(csrf: &str) -> Vec<Vec<u8>> {
    let c = format!("_csrf={csrf}");
    let long = "A".repeat(4_000);
    vec![
        c.clone().into_bytes(),
        format!("{c}&email=%FF%FE%00&password=%C0%AF&name=%00%01%02").into_bytes(),
        format!("{c}&email={long}&name={long}&number={long}").into_bytes(),
        format!("{c}&email[]=a&email[]=b&name[x]=1&locale=zz&currency=%E2%82%AC%E2%82%AC%E2%82%AC").into_bytes(),
        format!("{c}&%%%%=&&&=&=%&email=%").into_bytes(),
        format!("{c}&name=<script>alert(1)</script>&email=a@b.c&locale=fr&number=x'--&currency=CAD&invite=yes").into_bytes(),
        format!("{c}&next=javascript:alert(1)&locale=en&password=&confirm=%F0%9F%92%A9%F0%9F%92%A9").into_bytes(),
        [c.as_bytes(), b"&name=\xff\xfe\xfd&email=\x00"].concat(),
        b"\x00\x01\x02\x03 binary garbage \xff".to_vec(),
    ]
}

async fn hostile_input_never_breaks_a_form(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let role = app.store.roles(app.a.id).await.unwrap()[0].0.id;
    let routes = [
        "/sign-in".to_string(),
        "/sign-in/link".into(),
        "/forgot-password".into(),
        "/locale".into(),
        "/auth/link/abc".into(),
        "/auth/invitation/abc".into(),
        "/auth/reset/abc".into(),
        "/auth/email/abc".into(),
        "/account/password".into(),
        "/account/profile".into(),
        "/account/sessions/revoke-others".into(),
        format!("/account/sessions/{}/revoke", uuid::Uuid::now_v7()),
        "/account/sessions/not-an-id/revoke".into(),
        "/staff/customers".into(),
        format!("/staff/customers/{}", c.id),
        format!("/staff/customers/{}/contacts", c.id),
        format!("/staff/contacts/{}", u.id),
        format!("/staff/contacts/{}/invite", u.id),
        format!("/staff/contacts/{}/sign-in-link", u.id),
        "/staff/contacts/%ZZ/invite".into(),
        "/staff/customers/..%2f..%2fetc/contacts".into(),
        "/staff/roles".into(),
        format!("/staff/roles/{role}"),
        format!("/staff/roles/{role}/delete"),
        "/staff/roles/not-an-id/delete".into(),
        format!("/staff/customers/{}/roles", c.id),
        format!("/staff/customers/{}/invitations", c.id),
        "/staff/invitations/import".into(),
        "/staff/company-fields".into(),
        format!("/staff/company-changes/{}/approve", uuid::Uuid::now_v7()),
        "/staff/company-changes/%00/reject".into(),
        "/portal/account".into(),
        "/portal/company".into(),
        "/portal/colleagues".into(),
        format!("/portal/colleagues/{}/deactivate", u.id),
        "/account/notifications".into(),
        "/portal/addresses".into(),
        format!("/staff/customers/{}/projects", c.id),
        format!("/staff/projects/{}", uuid::Uuid::now_v7()),
        format!("/projects/{}/documents", uuid::Uuid::now_v7()),
        format!("/staff/projects/{}/links", uuid::Uuid::now_v7()),
        format!("/staff/projects/{}/requests", uuid::Uuid::now_v7()),
        format!("/requests/{}/fulfil", uuid::Uuid::now_v7()),
        format!("/projects/{}/comments", uuid::Uuid::now_v7()),
        "/l/%00%FF".into(),
        format!("/documents/{}/versions", uuid::Uuid::now_v7()),
        format!("/portal/addresses/{}", uuid::Uuid::now_v7()),
        "/portal/addresses/%00/delete".into(),
        "/sign-out".into(),
    ];
    for who in [
        None,
        Some("admin@a.example"),
        Some("camille@client.example"),
    ] {
        let b = app.browser(&app.a);
        if let Some(w) = who {
            b.signed_in_as(w).await;
        }
        let csrf = b.csrf().await;
        for route in &routes {
            for body in hostile_bodies(&csrf) {
                let p = b.post_raw(route, body).await;
                assert!(
                    p.status.as_u16() < 500,
                    "{who:?} POST {route} -> {}",
                    p.status
                );
            }
        }
        for route in [
            "/staff/customers?after=%FF&q=%00",
            "/sign-in?next=%FF%FE",
            "/staff/outbox/%00",
            "/auth/link/%FF%FE",
        ] {
            let p = b.get(route).await;
            assert!(
                p.status.as_u16() < 500,
                "{who:?} GET {route} -> {}",
                p.status
            );
        }
    }
    // Nothing half-written: the customer and contact are as they were.
    let after = app.store.customer(app.a.id, c.id).await.unwrap().unwrap();
    assert_eq!(after.name, c.name);
    assert_eq!(
        app.store.user(app.a.id, u.id).await.unwrap().unwrap().name,
        u.name
    );
    assert_eq!(
        app.browser(&app.a).get("/healthz").await.status,
        StatusCode::OK
    );
}

async fn oversized_forms_get_413(app: TestApp) {
    let b = app.browser(&app.a);
    let csrf = b.csrf().await;
    let body = format!("_csrf={csrf}&email={}", "x".repeat(64 * 1024));
    let p = b.post_raw("/sign-in", body.into_bytes()).await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        p.has("Envoi trop volumineux") || p.has("Too large"),
        "a page that explains: {}",
        p.body
    );
}

/// A multipart text field is read only as far as any form takes: a 5 MB "comment" is refused
/// with 413 as soon as it is too long (not read whole first), as are forms with hundreds of
/// fields; nothing is kept, and the server goes on.
async fn huge_text_fields_are_refused_while_streaming(app: TestApp) {
    let (c, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let project = app.project(c.id, "Forage").await;
    let b = app.browser(&app.a);
    b.signed_in_as("camille@client.example").await;
    let csrf = b.csrf().await;
    // 5 MB passes the check of the announced length (the test server takes files of 1 MB, and
    // reads up to 8 MB more to answer politely) and is refused while it streams in, to a project
    // of theirs or to none.
    for pid in [project.id.to_string(), uuid::Uuid::now_v7().to_string()] {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .text("body", "x".repeat(5 * 1024 * 1024));
        let res = b
            .http
            .post(b.url(&format!("/projects/{pid}/comments")))
            .multipart(form)
            .send()
            .await
            .unwrap_or_else(|e| panic!("/projects/{pid}: {e:?}"));
        assert_eq!(
            res.status(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "/projects/{pid}"
        );
        assert!(res.text().await.unwrap().contains("Envoi trop volumineux"));
    }
    // 50 MB is refused from its announced length, before a byte of it is read: the answer is
    // 413, or, for a client that goes on sending after it, a closed connection.
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("body", "x".repeat(50 * 1024 * 1024));
    let sent = b
        .http
        .post(b.url(&format!("/projects/{}/comments", project.id)))
        .multipart(form)
        .send()
        .await;
    match sent {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request(), "{e:?}"),
    }
    let mut form = reqwest::multipart::Form::new().text("_csrf", csrf.clone());
    for i in 0..300 {
        form = form.text(format!("f{i}"), "x");
    }
    let res = b
        .http
        .post(b.url(&format!("/projects/{}/comments", project.id)))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Long, but not absurdly: the form says which field (422).
    let p = b
        .post_form_data(
            &format!("/projects/{}/comments", project.id),
            &[("body", &"é".repeat(20_001))],
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.store
            .comments_of(app.a.id, project.id, None)
            .await
            .unwrap()
            .is_empty(),
        "nothing kept"
    );
    let p = b
        .post_form_data(
            &format!("/projects/{}/comments", project.id),
            &[("body", "Bonjour")],
            None,
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
}

/// Clients that send their request head slowly (or not at all) are cut off after the header
/// read timeout, and only so many connections are served at once: while slow clients hold
/// every place, the next request waits for the cut-off, then is served.
async fn slow_clients_are_cut_off(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app_with(backend, false, |c| {
        c.header_read_timeout_secs = 1;
        c.max_open_connections = 4;
    })
    .await;
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", app.port))
            .await
            .unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(s);
    }
    let started = std::time::Instant::now();
    let res = reqwest::get(format!("http://127.0.0.1:{}/healthz", app.port))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(800),
        "served only once a place was free: {:?}",
        started.elapsed()
    );
    for mut s in slow {
        let mut rest = Vec::new();
        let closed =
            tokio::time::timeout(std::time::Duration::from_secs(5), s.read_to_end(&mut rest)).await;
        assert!(closed.is_ok(), "the server ended the slow connection");
        assert!(!String::from_utf8_lossy(&rest).contains("200 OK"));
    }
}

crate::both_backends_own_app!(slow_clients_are_cut_off);

crate::both_backends!(
    hostile_input_never_breaks_a_form,
    oversized_forms_get_413,
    huge_text_fields_are_refused_while_streaming
);
