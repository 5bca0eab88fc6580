//! Who may do what, route by route: anonymous visitors, contacts, each staff role.
use reqwest::StatusCode;

use crate::harness::{Browser, PASSWORD, TestApp};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Who {
    Anonymous,
    Contact,
    Accountant,
    Manager,
    Admin,
}

async fn browser_for(app: &TestApp, who: Who) -> Browser {
    let b = app.browser(&app.a);
    match who {
        Who::Anonymous => {}
        Who::Contact => b.signed_in_as("camille@client.example").await,
        Who::Accountant => b.signed_in_as("accountant@a.example").await,
        Who::Manager => b.signed_in_as("manager@a.example").await,
        Who::Admin => b.signed_in_as("admin@a.example").await,
    }
    b
}

/// What a route answers: allowed (2xx or a redirect onward), refused (403) or sign-in.
#[derive(PartialEq, Debug)]
enum Outcome {
    Allowed,
    Forbidden,
    SignIn,
}

fn outcome(status: StatusCode, location: Option<&str>) -> Outcome {
    match status {
        StatusCode::FORBIDDEN => Outcome::Forbidden,
        s if s == StatusCode::SEE_OTHER && location.is_some_and(|l| l.starts_with("/sign-in")) => {
            Outcome::SignIn
        }
        s if s.is_success() || s.is_redirection() || s == StatusCode::UNPROCESSABLE_ENTITY => {
            Outcome::Allowed
        }
        other => panic!("unexpected status {other}"),
    }
}

async fn permission_matrix(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let _ = PASSWORD;
    let cid = c.id.to_string();
    let uid = u.id.to_string();
    let admin = app.staff(&app.a, "admin").await;
    let extra = app
        .portal
        .create_role(&admin, &guichet_core::Client::default(),
            &crate::harness::role_form(vec![("name".into(), "Extra".into())]),
        )
        .await
        .unwrap();
    let rid = extra.id.to_string();
    // A pending change of the customer's details, for the approval routes.
    let change = guichet_domain::CompanyChange {
        id: guichet_domain::ChangeId::new(),
        tenant_id: app.a.id,
        customer_id: c.id,
        user_id: u.id,
        user_name: String::new(),
        field: guichet_domain::Field::Phone,
        before: String::new(),
        after: "1".into(),
        status: guichet_domain::ChangeStatus::Pending,
        created_at: guichet_domain::Millis::now(),
        decided_by: None,
        decided_at: None,
    };
    app.store
        .save_company_profile(
            &guichet_domain::CompanyProfile {
                tenant_id: app.a.id,
                customer_id: c.id,
                legal_name: "C".into(),
                version: 1,
                ..Default::default()
            },
            0,
            std::slice::from_ref(&change),
        )
        .await
        .unwrap();
    let chid = change.id.to_string();
    // (method, path, who may)
    let staff_view = [Who::Accountant, Who::Manager, Who::Admin];
    let staff_manage = [Who::Manager, Who::Admin];
    let routes: Vec<(&str, String, &[Who])> = vec![
        ("GET", "/portal".into(), &[Who::Contact]),
        (
            "GET",
            "/account".into(),
            &[Who::Contact, Who::Accountant, Who::Manager, Who::Admin],
        ),
        (
            "GET",
            "/account/sessions".into(),
            &[Who::Contact, Who::Accountant, Who::Manager, Who::Admin],
        ),
        (
            "GET",
            "/account/profile".into(),
            &[Who::Contact, Who::Accountant, Who::Manager, Who::Admin],
        ),
        (
            "GET",
            "/account/notifications".into(),
            &[Who::Contact, Who::Accountant, Who::Manager, Who::Admin],
        ),
        (
            "POST",
            "/account/notifications".into(),
            &[Who::Contact, Who::Accountant, Who::Manager, Who::Admin],
        ),
        ("GET", "/staff/customers".into(), &staff_view),
        ("GET", format!("/staff/customers/{cid}"), &staff_view),
        ("GET", "/staff/customers/new".into(), &staff_manage),
        ("POST", "/staff/customers".into(), &staff_manage),
        ("GET", format!("/staff/customers/{cid}/edit"), &staff_manage),
        ("POST", format!("/staff/customers/{cid}"), &staff_manage),
        (
            "GET",
            format!("/staff/customers/{cid}/contacts/new"),
            &staff_manage,
        ),
        (
            "POST",
            format!("/staff/customers/{cid}/contacts"),
            &staff_manage,
        ),
        ("GET", format!("/staff/contacts/{uid}/edit"), &staff_manage),
        ("POST", format!("/staff/contacts/{uid}"), &staff_manage),
        (
            "POST",
            format!("/staff/contacts/{uid}/invite"),
            &staff_manage,
        ),
        (
            "POST",
            format!("/staff/contacts/{uid}/sign-in-link"),
            &staff_manage,
        ),
        ("GET", "/staff/outbox".into(), &[Who::Admin]),
        ("GET", "/staff/roles".into(), &staff_view),
        ("GET", "/staff/roles/new".into(), &staff_manage),
        ("POST", "/staff/roles".into(), &staff_manage),
        ("GET", format!("/staff/roles/{rid}"), &staff_manage),
        ("POST", format!("/staff/roles/{rid}"), &staff_manage),
        ("GET", format!("/staff/roles/{rid}/delete"), &staff_manage),
        ("POST", format!("/staff/roles/{rid}/delete"), &staff_manage),
        ("GET", format!("/staff/roles/{rid}/preview"), &staff_view),
        (
            "POST",
            format!("/staff/customers/{cid}/roles"),
            &staff_manage,
        ),
        ("POST", "/portal/account".into(), &[Who::Contact]),
        ("GET", "/portal/company".into(), &[Who::Contact]),
        ("GET", "/portal/colleagues".into(), &[Who::Contact]),
        ("GET", "/portal/addresses".into(), &[Who::Contact]),
        ("GET", "/portal/projects".into(), &[Who::Contact]),
        (
            "GET",
            format!("/staff/customers/{cid}/projects"),
            &staff_manage,
        ),
        (
            "POST",
            format!("/staff/customers/{cid}/projects"),
            &staff_manage,
        ),
        // The default role sees the company but may not edit it.
        ("GET", "/portal/addresses/new".into(), &[]),
        ("POST", "/portal/addresses".into(), &[]),
        ("GET", "/staff/invitations/import".into(), &staff_manage),
        (
            "POST",
            format!("/staff/customers/{cid}/invitations"),
            &staff_manage,
        ),
        // The default role is no company administrator.
        ("GET", "/portal/colleagues/new".into(), &[]),
        ("POST", "/portal/colleagues".into(), &[]),
        ("POST", format!("/portal/colleagues/{uid}/activate"), &[]),
        // The default role sees the company but may not edit it.
        ("POST", "/portal/company".into(), &[]),
        (
            "GET",
            format!("/staff/roles/{rid}/preview/company"),
            &staff_view,
        ),
        ("GET", "/staff/company-fields".into(), &staff_view),
        ("POST", "/staff/company-fields".into(), &staff_manage),
        (
            "POST",
            format!("/staff/company-changes/{chid}/reject"),
            &staff_manage,
        ),
        (
            "POST",
            format!("/staff/company-changes/{chid}/approve"),
            &staff_manage,
        ),
    ];
    for who in [
        Who::Anonymous,
        Who::Contact,
        Who::Accountant,
        Who::Manager,
        Who::Admin,
    ] {
        let b = browser_for(&app, who).await;
        for (method, path, allowed) in &routes {
            let p = if *method == "GET" {
                b.get(path).await
            } else {
                b.post(path, &[("name", ""), ("customer", &cid)]).await
            };
            let got = outcome(p.status, p.location.as_deref());
            let expected = if who == Who::Anonymous {
                Outcome::SignIn
            } else if allowed.contains(&who) {
                Outcome::Allowed
            } else {
                Outcome::Forbidden
            };
            assert_eq!(got, expected, "{who:?} {method} {path}");
        }
    }
    // Deactivation is tried last: it would end the contact's sessions.
    for who in [Who::Contact, Who::Accountant] {
        let b = browser_for(&app, who).await;
        assert_eq!(
            b.post(&format!("/staff/contacts/{uid}/deactivate"), &[])
                .await
                .status,
            StatusCode::FORBIDDEN,
            "{who:?}"
        );
    }
    let contact = browser_for(&app, Who::Contact).await;
    assert_eq!(
        contact.get("/portal").await.status,
        StatusCode::OK,
        "refused attempts changed nothing"
    );
}

async fn forms_need_a_csrf_token_and_same_origin(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    b.get("/sign-in").await;
    let no_token = b
        .http
        .post(b.url("/sign-in"))
        .form(&[("email", "camille@client.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    let wrong = b
        .http
        .post(b.url("/sign-in"))
        .form(&[
            ("_csrf", "0".repeat(64).as_str()),
            ("email", "camille@client.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let token = b.csrf().await;
    let cross = b
        .http
        .post(b.url("/sign-in"))
        .header("origin", "https://evil.example")
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "camille@client.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    let same = b
        .http
        .post(b.url("/sign-in"))
        .header("origin", b.base.as_str())
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "camille@client.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}

async fn cookies_and_headers_are_safe(app: TestApp) {
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let b = app.browser(&app.a);
    let token = b.csrf().await;
    let res = b
        .http
        .post(b.url("/sign-in"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "camille@client.example"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("guichet_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let page = b.http.get(b.url("/portal")).send().await.unwrap();
    let h = page.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("referrer-policy").is_some());
    assert!(h.get("x-request-id").is_some());
    let link_page = b
        .http
        .get(b.url("/auth/link/whatever"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        link_page.headers().get("referrer-policy").unwrap(),
        "strict-origin",
        "tokens never leave in a Referer"
    );
    let body = page.text().await.unwrap();
    assert!(
        !body.contains("<script>") && !body.contains(" style=\""),
        "no inline script or style"
    );
}

crate::both_backends!(
    permission_matrix,
    forms_need_a_csrf_token_and_same_origin,
    cookies_and_headers_are_safe
);
