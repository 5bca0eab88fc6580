//! The contact's home: what waits on the customer, most urgent first, each one click from where
//! to act; the areas with what waits in each.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, PASSWORD, TestApp};

const DEMO_PASSWORD: &str = "Demo-Guichet-2026!";

/// A browser on the demo's host (`demo.example`, resolved to the test server).
fn demo_browser(app: &TestApp) -> Browser {
    Browser {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .resolve(
                "demo.example",
                std::net::SocketAddr::from(([127, 0, 0, 1], app.port)),
            )
            .build()
            .unwrap(),
        base: format!("http://demo.example:{}", app.port),
    }
}

/// The `href`s of the action centre's lines, in order, with whether each is overdue.
fn waiting_links(body: &str) -> Vec<(String, bool)> {
    let Some(section) = body
        .split("data-testid=\"waiting\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
    else {
        return Vec::new();
    };
    section
        .split("<li data-waiting=")
        .skip(1)
        .map(|li| {
            let href = li
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .unwrap_or_default()
                .to_string();
            let overdue = li
                .split('>')
                .next()
                .is_some_and(|tag| tag.contains("class=\"overdue\""));
            (href, overdue)
        })
        .collect()
}

async fn home_says_what_waits(app: TestApp) {
    let demo = app
        .portal
        .seed_demo("demo.example", "http://demo.example")
        .await
        .unwrap();
    let admin = demo_browser(&app);
    let signed = admin
        .sign_in("genevieve.lavoie@boreale.example", DEMO_PASSWORD)
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let home = admin.get("/portal").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.has("Ce qui vous attend"), "{}", home.body);
    // The demo's Boréale has overdue and coming invoices, an overdue request, flows waiting
    // (and quotes valid for weeks yet: further down, counted on their card).
    for kind in ["invoice", "request", "step"] {
        assert!(
            home.has(&format!("data-waiting=\"{kind}\"")),
            "{kind}: {}",
            home.body
        );
    }
    let links = waiting_links(&home.body);
    assert!(links.len() >= 4, "{links:?}");
    assert!(links[0].1, "the most urgent first: overdue: {links:?}");
    let first_on_time = links.iter().position(|(_, late)| !late).unwrap();
    assert!(
        links[first_on_time..].iter().all(|(_, late)| !late),
        "overdue before the rest: {links:?}"
    );
    assert!(home.has("En retard"));
    // One click from where to act: every line leads to a page that answers.
    for (href, _) in &links {
        let page = admin.get(href.split('#').next().unwrap()).await;
        assert_eq!(page.status, StatusCode::OK, "{href}");
    }
    // The areas say what waits in them.
    assert!(
        home.has("2 soumissions attendent votre réponse."),
        "{}",
        home.body
    );
    assert!(home.has("2 projets attendent quelque chose de vous."));
    assert!(home.has("autres éléments attendent dans les sections ci-dessous."));

    // The accountant's role shows invoices and quotes, not projects: no request, no step.
    let dump = app.store.dump().await.unwrap();
    let mathieu = dump
        .users
        .iter()
        .find(|u| u.email.as_str() == "mathieu.cote@boreale.example")
        .unwrap();
    let hash =
        guichet_core::secrets::hash_password(PASSWORD.into(), app.portal.settings.password_cost)
            .await
            .unwrap();
    app.store
        .set_password(demo.tenant.id, mathieu.id, &hash, None, None, Millis::now())
        .await
        .unwrap();
    let accountant = demo_browser(&app);
    accountant
        .signed_in_as("mathieu.cote@boreale.example")
        .await;
    let theirs = accountant.get("/portal").await;
    assert!(theirs.has("data-waiting=\"invoice\""), "{}", theirs.body);
    assert!(
        !theirs.has("data-waiting=\"request\"") && !theirs.has("data-waiting=\"step\""),
        "{}",
        theirs.body
    );

    // Another company's contact sees none of it, and cannot follow its links.
    let other = demo_browser(&app);
    let signed = other
        .sign_in("pierre.belanger@stjerome.example", DEMO_PASSWORD)
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let their_home = other.get("/portal").await;
    assert_eq!(their_home.status, StatusCode::OK);
    for (href, _) in &links {
        assert!(
            !their_home.has(href.as_str()),
            "{href} on another company's home"
        );
        let refused = other.get(href.split('#').next().unwrap()).await;
        assert!(
            matches!(
                refused.status,
                StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
            ),
            "{href}: {}",
            refused.status
        );
    }
    // A visitor is sent to sign in.
    let anon = demo_browser(&app).get("/portal").await;
    assert_eq!(anon.status, StatusCode::SEE_OTHER);

    // Paying what is overdue takes it off the list at once.
    let (overdue_invoice, _) = links
        .iter()
        .find(|(h, late)| *late && h.starts_with("/portal/invoices/"))
        .cloned()
        .unwrap();
    let id: InvoiceId = overdue_invoice
        .trim_start_matches("/portal/invoices/")
        .parse()
        .unwrap();
    let invoice = app
        .store
        .dump()
        .await
        .unwrap()
        .invoices
        .into_iter()
        .find(|i| i.id == id)
        .unwrap();
    let staff = app
        .store
        .dump()
        .await
        .unwrap()
        .users
        .into_iter()
        .find(|u| u.email.as_str() == "admin@geotech-laurentides.example")
        .unwrap();
    app.portal
        .record_payment(
            &staff,
            &guichet_core::Client::default(),
            invoice.id,
            &guichet_core::billing::PaymentInput {
                amount: guichet_domain::Money::new(invoice.balance(), invoice.currency).plain(),
                received_on: String::new(),
                method: "transfer".into(),
                reference: "VIR-1".into(),
                submit_key: uuid::Uuid::now_v7().to_string(),
            },
        )
        .await
        .unwrap();
    let after = admin.get("/portal").await;
    assert!(
        !after.has(&format!("href=\"{overdue_invoice}\"")),
        "{}",
        after.body
    );

    // What happened since the last visit: the newest unread notifications, each opening its
    // page (and then read, so no longer new).
    let genevieve = app
        .store
        .dump()
        .await
        .unwrap()
        .users
        .into_iter()
        .find(|u| u.email.as_str() == "genevieve.lavoie@boreale.example")
        .unwrap();
    let unread: Vec<_> = app
        .portal
        .notices(&genevieve)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.read_at.is_none())
        .collect();
    assert!(
        !unread.is_empty(),
        "the demo leaves her unread notifications"
    );
    assert!(
        after.has("Nouveau depuis votre dernière visite"),
        "{}",
        after.body
    );
    let newest = &unread[0];
    let open = format!("/notifications/{}", newest.id);
    assert!(after.has(&open), "{}", after.body);
    admin.get(&open).await;
    let later = admin.get("/portal").await;
    assert!(!later.has(&open), "read: no longer new");
    // Nobody else's: another company's contact cannot open it.
    assert_eq!(other.get(&open).await.status, StatusCode::NOT_FOUND);
}

/// A contact with nothing waiting is told so.
async fn nothing_waiting_is_said(app: TestApp) {
    app.customer_with_contact(&app.a, "C-9", "calme@client.example", "fr")
        .await;
    let b = app.browser(&app.a);
    b.signed_in_as("calme@client.example").await;
    let home = b.get("/portal").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.has("Rien ne vous attend pour l’instant."),
        "{}",
        home.body
    );
    assert!(waiting_links(&home.body).is_empty());
    assert!(!home.has("data-testid=\"news\""), "nothing new: no section");
}

crate::both_backends!(home_says_what_waits, nothing_waiting_is_said);
