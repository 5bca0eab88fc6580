//! Throttling records and the email outbox.
use super::*;

pub(crate) async fn throttle_and_outbox_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let now = Millis::now();
    let expired = now.plus_secs(-900);
    for n in 1..=3 {
        let c = s.count_attempt(a.id, "k", expired, now).await.unwrap();
        assert_eq!((c.hits, c.window_start, c.blocked_until), (n, now, None));
    }
    assert_eq!(
        s.count_attempt(a.id, "other", expired, now)
            .await
            .unwrap()
            .hits,
        1,
        "keys are counted apart"
    );
    s.uncount_attempt(a.id, "k").await.unwrap();
    assert_eq!(
        s.count_attempt(a.id, "k", expired, now).await.unwrap().hits,
        3
    );
    // A window that ended starts again.
    let later = now.plus_secs(1000);
    let c = s
        .count_attempt(a.id, "k", later.plus_secs(-900), later)
        .await
        .unwrap();
    assert_eq!((c.hits, c.window_start), (1, later));
    // A blocked key says until when, and is not counted meanwhile.
    s.block_key(a.id, "k", later.plus_secs(60)).await.unwrap();
    let c = s.count_attempt(a.id, "k", expired, later).await.unwrap();
    assert_eq!((c.hits, c.blocked_until), (1, Some(later.plus_secs(60))));
    let after = later.plus_secs(61);
    let c = s.count_attempt(a.id, "k", expired, after).await.unwrap();
    assert_eq!((c.hits, c.blocked_until), (2, None));
    s.clear_attempts(a.id, "k").await.unwrap();
    assert_eq!(
        s.count_attempt(a.id, "k", expired, now).await.unwrap().hits,
        1
    );
    // Many attempts at once: each gets its own rank (counted before checking, atomically).
    let mut racing = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let s = s.clone();
        let tenant = a.id;
        racing.spawn(async move {
            s.count_attempt(tenant, "race", expired, now)
                .await
                .unwrap()
                .hits
        });
    }
    let ranks: Vec<i64> = racing.join_all().await;
    let mut sorted = ranks.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=20).collect::<Vec<_>>(), "{ranks:?}");
    s.count_attempt(a.id, "old", expired, now.plus_secs(-10_000))
        .await
        .unwrap();
    assert_eq!(s.prune_attempts(now.plus_secs(-3600)).await.unwrap(), 1);

    let m1 = email(a.id, "a@x.example");
    let m2 = email(a.id, "b@x.example");
    s.enqueue_email(&m1).await.unwrap();
    s.enqueue_email(&m2).await.unwrap();
    let now = Millis::now();
    let claimed = s.claim_emails(now, now.plus_secs(60), 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(
        s.claim_emails(now, now.plus_secs(60), 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    s.mark_email_sent(m1.id, now, true).await.unwrap();
    s.mark_email_failed(m2.id, now.plus_secs(30), "connection refused")
        .await
        .unwrap();
    let again = s
        .claim_emails(now.plus_secs(61), now.plus_secs(120), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, m2.id);
    assert_eq!(again[0].attempts, 1);
    let sent = s.outbox_email(a.id, m1.id).await.unwrap().unwrap();
    assert!(sent.sent_at.is_some());
    assert_eq!(sent.body_text, "", "body wiped after delivery");
    assert_eq!(s.list_outbox(a.id, 10).await.unwrap().len(), 2);
    assert!(
        s.outbox_email(TenantId::new(), m1.id)
            .await
            .unwrap()
            .is_none()
    );
}
