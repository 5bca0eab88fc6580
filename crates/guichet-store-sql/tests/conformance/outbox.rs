//! Throttling records and the email outbox.
use super::*;

pub(crate) async fn throttle_and_outbox_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let now = Millis::now();
    for i in 0..3 {
        s.record_failure(a.id, "k", now.plus_secs(i)).await.unwrap();
    }
    assert_eq!(
        s.failures_since(a.id, "k", now.plus_secs(-1))
            .await
            .unwrap(),
        3
    );
    assert_eq!(s.failures_since(a.id, "k", now).await.unwrap(), 2);
    assert_eq!(
        s.failures_since(a.id, "other", now.plus_secs(-1))
            .await
            .unwrap(),
        0
    );
    s.clear_failures(a.id, "k").await.unwrap();
    assert_eq!(
        s.failures_since(a.id, "k", now.plus_secs(-1))
            .await
            .unwrap(),
        0
    );
    s.record_failure(a.id, "old", now.plus_secs(-10_000))
        .await
        .unwrap();
    assert_eq!(s.prune_failures(now.plus_secs(-3600)).await.unwrap(), 1);

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
