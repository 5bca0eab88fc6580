//! Tenants are isolated: nothing of tenant B is reachable from tenant A, by guessed ids too.
use reqwest::StatusCode;

use crate::harness::TestApp;

async fn nothing_crosses_tenants(app: TestApp) {
    let (ca, ua) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let (cb, ub) = app
        .customer_with_contact(&app.b, "C-1", "camille@client.example", "en")
        .await;
    let a_admin = app.browser(&app.a);
    a_admin.signed_in_as("admin@a.example").await;
    // B's records by id, from A's host: not found, never shown or changed.
    for path in [
        format!("/staff/customers/{}", cb.id),
        format!("/staff/customers/{}/edit", cb.id),
        format!("/staff/contacts/{}/edit", ub.id),
    ] {
        assert_eq!(
            a_admin.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    for path in [
        format!("/staff/customers/{}", cb.id),
        format!("/staff/contacts/{}", ub.id),
    ] {
        let p = a_admin
            .post(
                &path,
                &[
                    ("number", "HACK"),
                    ("name", "Hacked"),
                    ("email", "x@y.example"),
                    ("locale", "en"),
                    ("currency", "CAD"),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::NOT_FOUND, "{path}");
    }
    for path in [
        format!("/staff/contacts/{}/invite", ub.id),
        format!("/staff/contacts/{}/sign-in-link", ub.id),
        format!("/staff/contacts/{}/deactivate", ub.id),
    ] {
        assert_eq!(
            a_admin.post(&path, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // B's roles, from A's host: not found; B's role never reaches A's contacts.
    let rb = app.store.roles(app.b.id).await.unwrap()[0].0.id;
    for path in [
        format!("/staff/roles/{rb}"),
        format!("/staff/roles/{rb}/delete"),
        format!("/staff/roles/{rb}/preview"),
    ] {
        assert_eq!(
            a_admin.get(&path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        a_admin
            .post(&format!("/staff/roles/{rb}"), &[("name", "Hacked")])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let ra = app.store.roles(app.a.id).await.unwrap()[0].0.id;
    assert_eq!(
        a_admin
            .post(
                &format!("/staff/roles/{rb}/delete"),
                &[("transfer_to", &ra.to_string())]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    for (customer, member, role) in [(ca.id, ua.id, rb), (cb.id, ub.id, ra), (ca.id, ub.id, ra)] {
        let p = a_admin
            .post(
                &format!("/staff/customers/{customer}/roles"),
                &[("member", &member.to_string()), ("role", &role.to_string())],
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::NOT_FOUND,
            "{customer} {member} {role}"
        );
    }
    assert_eq!(app.store.roles(app.b.id).await.unwrap()[0].0.name, "Client");
    let list = a_admin.get("/staff/customers").await;
    assert!(list.has(&ca.id.to_string()) && !list.has(&cb.id.to_string()));
    assert!(
        app.mails_to("camille@client.example").await.is_empty(),
        "no invitation went out for B's contact"
    );
    let b_customer = app.store.customer(app.b.id, cb.id).await.unwrap().unwrap();
    assert_eq!(b_customer.name, "Société C-1");
    assert!(
        app.store
            .user(app.b.id, ub.id)
            .await
            .unwrap()
            .unwrap()
            .active
    );

    // A's session cookie means nothing on B's host.
    let contact_a = app.browser(&app.a);
    contact_a.signed_in_as("camille@client.example").await;
    let mut token = None;
    for s in app
        .store
        .list_sessions(app.a.id, ua.id, guichet_domain::Millis::now())
        .await
        .unwrap()
    {
        token = Some(s.token_hash);
    }
    assert!(token.is_some());
    let b_host = app.browser(&app.b);
    let res = b_host
        .http
        .get(b_host.url("/portal"))
        .header("cookie", "guichet_session=anything")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The same email has separate accounts and passwords per tenant.
    let other_pw = app.browser(&app.b);
    assert_eq!(
        other_pw
            .sign_in("admin@a.example", crate::harness::PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

async fn a_session_token_is_bound_to_its_tenant(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let a = app.browser(&app.a);
    let token = a.csrf().await;
    let res = a
        .http
        .post(a.url("/sign-in"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "camille@client.example"),
            ("password", crate::harness::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find_map(|c| {
            c.strip_prefix("guichet_session=")
                .map(|v| v.split(';').next().unwrap().to_string())
        })
        .unwrap();
    let b = app.browser(&app.b);
    let stolen = b
        .http
        .get(b.url("/account"))
        .header("cookie", format!("guichet_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        stolen.status(),
        StatusCode::SEE_OTHER,
        "A's token does not sign anyone in on B"
    );
    let own = a.http.get(a.url("/account")).send().await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}

async fn unknown_hosts_get_a_plain_404(app: TestApp) {
    let client = reqwest::Client::new();
    let res = client
        .get(format!("http://127.0.0.1:{}/sign-in", app.port))
        .header("host", "unknown.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Unknown site"));
    let health = client
        .get(format!("http://127.0.0.1:{}/healthz", app.port))
        .header("host", "unknown.example")
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK, "health needs no tenant");
}

crate::both_backends!(
    nothing_crosses_tenants,
    a_session_token_is_bound_to_its_tenant,
    unknown_hosts_get_a_plain_404
);
