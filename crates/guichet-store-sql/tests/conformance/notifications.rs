//! Notification preferences and daily summaries.
use super::*;

pub(crate) async fn notification_prefs_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&u).await.unwrap();
    assert!(s.notification_prefs(a.id, u.id).await.unwrap().is_empty());
    let prefs = [
        (NotifyKind::InvoiceIssued, NotifyMode::Digest),
        (NotifyKind::DocumentShared, NotifyMode::Off),
    ];
    s.set_notification_prefs(a.id, u.id, &prefs).await.unwrap();
    let mut got = s.notification_prefs(a.id, u.id).await.unwrap();
    got.sort_by_key(|(k, _)| *k);
    let mut want = prefs.to_vec();
    want.sort_by_key(|(k, _)| *k);
    assert_eq!(got, want);
    s.set_notification_prefs(a.id, u.id, &[(NotifyKind::OrderUpdate, NotifyMode::Off)])
        .await
        .unwrap();
    assert_eq!(
        s.notification_prefs(a.id, u.id).await.unwrap(),
        [(NotifyKind::OrderUpdate, NotifyMode::Off)],
        "replaced, not merged"
    );
    assert!(matches!(
        s.set_notification_prefs(b.id, u.id, &prefs).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.notification_prefs(b.id, u.id).await.unwrap().is_empty());
}

/// Lines of daily summaries: written for the tenant's people, read once due, sent once.
pub(crate) async fn digests_story(s: Arc<dyn Store>) {
    let (a, b, _c, staff) = two_tenants(&s).await;
    let now = Millis::now();
    let line = |user: UserId, tenant: TenantId, text: &str, at: Millis| DigestItem {
        id: uuid::Uuid::now_v7(),
        tenant_id: tenant,
        user_id: user,
        line: text.into(),
        created_at: at,
        sent_at: None,
    };
    let early = line(staff.id, a.id, "Nouveau document", now);
    let late = line(staff.id, a.id, "Nouveau message", now.plus_secs(3600));
    s.add_digest_item(&early).await.unwrap();
    s.add_digest_item(&late).await.unwrap();
    assert!(matches!(
        s.add_digest_item(&line(staff.id, b.id, "Ailleurs", now))
            .await,
        Err(StoreError::NotFound)
    ));

    let due = s.digest_items_before(now.plus_secs(60), 10).await.unwrap();
    assert_eq!(
        due,
        std::slice::from_ref(&early),
        "only what was written before"
    );
    assert_eq!(
        s.digest_items_before(now.plus_secs(7200), 1).await.unwrap(),
        std::slice::from_ref(&early),
        "oldest first, at most the limit"
    );
    assert_eq!(
        s.mark_digest_sent(&[early.id], now.plus_secs(61))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        s.mark_digest_sent(&[early.id], now.plus_secs(62))
            .await
            .unwrap(),
        0,
        "another worker sent it already"
    );
    assert_eq!(s.mark_digest_sent(&[], now).await.unwrap(), 0);
    assert_eq!(
        s.digest_items_before(now.plus_secs(7200), 10)
            .await
            .unwrap(),
        [late]
    );
}

/// Notifications in the portal: written for the tenant's people only, listed newest first,
/// read one or all; the unread count a signed-in session carries follows at once (its cache
/// dropped by the change).
pub(crate) async fn notices_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    let other = user(a.id, UserKind::Contact, "max@x.example");
    s.insert_user(&u).await.unwrap();
    s.insert_user(&other).await.unwrap();
    let now = Millis::now();
    s.insert_session(&Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: u.id,
        token_hash: "n1".into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(3600),
        user_agent: String::new(),
        ip: String::new(),
    })
    .await
    .unwrap();
    let unread = || {
        let s = s.clone();
        async move { s.signed_in(a.id, "n1", now).await.unwrap().unwrap().unread }
    };
    assert_eq!(unread().await, 0);
    assert_eq!(unread().await, 0, "cached");
    let notice = |user: UserId, tenant: TenantId, text: &str, at: i64| PortalNotice {
        id: uuid::Uuid::now_v7(),
        tenant_id: tenant,
        user_id: user,
        kind: NotifyKind::OrderUpdate,
        text: text.into(),
        link: "/portal/orders/1".into(),
        created_at: Millis(now.0 + at),
        read_at: None,
    };
    let n1 = notice(u.id, a.id, "Commande 1 expédiée", 1);
    let n2 = notice(u.id, a.id, "Commande 2 livrée", 2);
    s.add_notice(&n1).await.unwrap();
    s.add_notice(&n2).await.unwrap();
    s.add_notice(&notice(other.id, a.id, "Pour Max", 3))
        .await
        .unwrap();
    assert!(matches!(
        s.add_notice(&notice(u.id, b.id, "Ailleurs", 4)).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(unread().await, 2, "the cached answer was dropped");
    let listed = s.notices(a.id, u.id, 10).await.unwrap();
    assert_eq!(listed, vec![n2.clone(), n1.clone()]);
    assert!(s.notices(b.id, u.id, 10).await.unwrap().is_empty());
    assert_eq!(s.notice(a.id, u.id, n1.id).await.unwrap(), Some(n1.clone()));
    assert_eq!(
        s.notice(a.id, other.id, n1.id).await.unwrap(),
        None,
        "another's"
    );
    let at = Millis(now.0 + 10);
    assert_eq!(
        s.read_notices(a.id, other.id, Some(n1.id), at)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.read_notices(a.id, u.id, Some(n1.id), at).await.unwrap(),
        1
    );
    assert_eq!(
        s.read_notices(a.id, u.id, Some(n1.id), at).await.unwrap(),
        0,
        "once"
    );
    assert_eq!(unread().await, 1);
    assert_eq!(s.read_notices(a.id, u.id, None, at).await.unwrap(), 1);
    assert_eq!(unread().await, 0);
    assert_eq!(
        s.notices(a.id, other.id, 10).await.unwrap()[0].read_at,
        None
    );
    assert_eq!(
        s.notice(a.id, u.id, n2.id).await.unwrap().unwrap().read_at,
        Some(at)
    );
}
