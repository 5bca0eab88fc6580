//! Notifications in the portal (issue 17): an event reaches each person as they chose — email
//! and bell, the bell only, or nothing; the bell counts what is unread; opening one marks it
//! read and leads to its page; nobody opens another's.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::billing::an_order;
use crate::harness::{Browser, TestApp};
use crate::sales::shop;

/// The number the bell shows (0 when it shows none).
fn bell(page: &crate::harness::Page) -> i64 {
    let marker = "data-testid=\"bell-on-wide\"";
    let at = page
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("no bell in {}", page.body));
    let rest = &page.body[at..];
    let end = rest.find("</a>").unwrap();
    let link = &rest[..end];
    match link.find("class=\"count\" aria-hidden=\"true\">") {
        Some(i) => {
            let from = &link[i + "class=\"count\" aria-hidden=\"true\">".len()..];
            from[..from.find('<').unwrap()].trim().parse().unwrap()
        }
        None => 0,
    }
}

/// The ids of the notifications listed on the page, newest first.
fn listed(page: &crate::harness::Page) -> Vec<String> {
    page.body
        .match_indices("href=\"/notifications/")
        .map(|(i, m)| page.body[i + m.len()..i + m.len() + 36].to_string())
        .collect()
}

async fn staff(app: &TestApp, who: &str) -> Browser {
    let b = app.browser(&app.a);
    b.signed_in_as(&format!("{who}@a.example")).await;
    b
}

async fn each_person_hears_as_they_chose_and_reads_in_the_portal(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let admin = staff(&app, "admin").await;
    let manager = staff(&app, "manager").await;
    let manager_user = app.staff(&app.a, "manager").await;
    // The manager wants order news in the portal only.
    app.portal
        .set_notification_prefs(
            &manager_user,
            &[(NotifyKind::OrderUpdate, NotifyMode::Portal)],
        )
        .await
        .unwrap();
    assert_eq!(bell(&admin.get("/staff/orders").await), 0);
    app.deliver().await;
    let admin_mails = app.mails_to("admin@a.example").await.len();
    let manager_mails = app.mails_to("manager@a.example").await.len();

    let order = an_order(&buyer, &shop.panel).await;
    app.deliver().await;
    assert_eq!(
        app.mails_to("admin@a.example").await.len(),
        admin_mails + 1,
        "email at once"
    );
    assert_eq!(
        app.mails_to("manager@a.example").await.len(),
        manager_mails,
        "the portal only"
    );
    for b in [&admin, &manager] {
        let page = b.get("/staff/orders").await;
        assert_eq!(bell(&page), 1, "{}", page.body);
        assert!(
            page.has("aria-label=\"Notifications, 1 unread\""),
            "{}",
            page.body
        );
    }

    // The list: the line without its address; opening it leads to the order and reads it.
    let list = admin.get("/notifications").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.has("New order "), "{}", list.body);
    assert!(list.has("Société C-1"), "{}", list.body);
    assert!(
        !list.has("http://127.0.0.1"),
        "no address in the line: {}",
        list.body
    );
    let ids = listed(&list);
    assert_eq!(ids.len(), 1);
    let opened = admin.get(&format!("/notifications/{}", ids[0])).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    assert_eq!(
        opened.location.as_deref(),
        Some(format!("/staff/orders/{order}").as_str())
    );
    assert_eq!(bell(&admin.get("/staff/orders").await), 0);
    assert_eq!(
        bell(&manager.get("/staff/orders").await),
        1,
        "each reads their own"
    );

    // Nobody opens another's: another staff member, a contact, another provider, anonymous.
    let manager_ids = listed(&manager.get("/notifications").await);
    let theirs = format!("/notifications/{}", manager_ids[0]);
    assert_eq!(admin.get(&theirs).await.status, StatusCode::NOT_FOUND);
    assert_eq!(buyer.get(&theirs).await.status, StatusCode::NOT_FOUND);
    let other = app.browser(&app.b);
    other.signed_in_as("admin@b.example").await;
    assert_eq!(other.get(&theirs).await.status, StatusCode::NOT_FOUND);
    assert!(
        other
            .get("/notifications")
            .await
            .has("No notifications yet")
    );
    let anonymous = app.browser(&app.a);
    let page = anonymous.get(&theirs).await;
    assert!(
        page.status == StatusCode::SEE_OTHER || page.status == StatusCode::UNAUTHORIZED,
        "{}",
        page.status
    );
    assert_eq!(
        anonymous.get("/notifications/not-an-id").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        admin.get("/notifications/not-an-id").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(bell(&manager.get("/staff/orders").await), 1, "still unread");

    // Off: nothing at all; all marked read at once, with the form's token only.
    app.portal
        .set_notification_prefs(&manager_user, &[(NotifyKind::OrderUpdate, NotifyMode::Off)])
        .await
        .unwrap();
    an_order(&buyer, &shop.panel).await;
    app.deliver().await;
    assert_eq!(app.mails_to("manager@a.example").await.len(), manager_mails);
    assert_eq!(bell(&manager.get("/staff/orders").await), 1, "nothing new");
    assert_eq!(
        bell(&admin.get("/staff/orders").await),
        1,
        "the admin hears of it"
    );
    let forged = manager
        .post_raw("/notifications/read", b"_csrf=wrong".to_vec())
        .await;
    assert!(forged.status.is_client_error(), "{}", forged.status);
    assert_eq!(bell(&manager.get("/staff/orders").await), 1);
    let read = manager.post("/notifications/read", &[]).await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    assert_eq!(bell(&manager.get("/notifications").await), 0);

    // The preferences page offers the four choices.
    let prefs = manager.get("/account/notifications").await;
    assert!(prefs.has("value=\"portal\""), "{}", prefs.body);
    assert!(prefs.has("In the portal only"));
}

crate::both_backends!(each_person_hears_as_they_chose_and_reads_in_the_portal,);
