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
