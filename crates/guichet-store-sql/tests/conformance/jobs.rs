//! The job queue and the reminder rules.
use super::*;

fn rule(t: TenantId, kind: ReminderKind, days: i64) -> ReminderRule {
    ReminderRule {
        id: ReminderRuleId::new(),
        tenant_id: t,
        kind,
        days,
        active: true,
        subject: Texts::new("Facture {number}", "Invoice {number}"),
        body: Texts::new("Voir {link}", "See {link}"),
        updated_at: Millis(1_000),
    }
}

pub(crate) async fn jobs_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    let b = tenant("b.example");
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();

    // Rules: added, changed only from what was seen, deleted; each provider sees its own.
    let r1 = rule(a.id, ReminderKind::InvoiceOverdue, 7);
    let r2 = rule(a.id, ReminderKind::InvoiceDue, 3);
    let rb = ReminderRule {
        active: false,
        ..rule(b.id, ReminderKind::QuoteExpiring, 2)
    };
    for r in [&r1, &r2, &rb] {
        s.save_reminder_rule(r, None).await.unwrap();
    }
    let listed = s.reminder_rules(a.id).await.unwrap();
    assert_eq!(
        listed.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![r2.id, r1.id],
        "by kind then days"
    );
    assert_eq!(listed[1], r1);
    let active = s.active_reminder_rules().await.unwrap();
    assert_eq!(active.len(), 2, "the paused rule of b is not planned");
    let changed = ReminderRule {
        days: 10,
        updated_at: Millis(2_000),
        ..r1.clone()
    };
    s.save_reminder_rule(&changed, Some(r1.updated_at))
        .await
        .unwrap();
    let stale = ReminderRule {
        days: 12,
        updated_at: Millis(3_000),
        ..r1.clone()
    };
    assert!(matches!(
        s.save_reminder_rule(&stale, Some(r1.updated_at)).await,
        Err(StoreError::Conflict { .. })
    ));
    let foreign = ReminderRule {
        tenant_id: b.id,
        ..changed.clone()
    };
    assert!(matches!(
        s.save_reminder_rule(&foreign, Some(changed.updated_at))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.reminder_rules(a.id).await.unwrap()[1].days, 10);
    assert!(matches!(
        s.delete_reminder_rule(b.id, r2.id).await,
        Err(StoreError::NotFound)
    ));
    s.delete_reminder_rule(a.id, r2.id).await.unwrap();
    assert_eq!(s.reminder_rules(a.id).await.unwrap().len(), 1);

    // Jobs: a key is queued once per provider, done or not.
    let now = Millis(10_000_000);
    let doc = uuid::Uuid::now_v7();
    let j1 = Job::new(
        a.id,
        JobKind::Reminder,
        "reminder:x:1".into(),
        "{}".into(),
        now,
    );
    let j2 = Job::new(
        a.id,
        JobKind::Reminder,
        "reminder:x:2".into(),
        "{}".into(),
        now.plus_secs(1_000_000),
    );
    let mut done = Job::new(
        a.id,
        JobKind::Reminder,
        "reminder:x:0".into(),
        "{}".into(),
        now,
    );
    done.outcome = JobOutcome::Superseded;
    done.done_at = Some(now);
    let same_key_b = Job::new(
        b.id,
        JobKind::Reminder,
        "reminder:x:1".into(),
        "{}".into(),
        now,
    );
    assert_eq!(
        s.enqueue_jobs(&[
            (j1.clone(), Some(doc)),
            (j2.clone(), Some(doc)),
            (done.clone(), Some(doc)),
            (same_key_b.clone(), None)
        ])
        .await
        .unwrap(),
        4
    );
    let again = Job::new(
        a.id,
        JobKind::Reminder,
        "reminder:x:1".into(),
        "{}".into(),
        now,
    );
    assert_eq!(
        s.enqueue_jobs(&[(again, Some(doc))]).await.unwrap(),
        0,
        "same key"
    );
    assert_eq!(s.enqueue_jobs(&[]).await.unwrap(), 0);

    // Claimed under a lease: only what is due, never twice while the lease runs.
    let lease = uuid::Uuid::now_v7();
    let claimed = s
        .claim_jobs(now, now.plus_secs(300), lease, 10)
        .await
        .unwrap();
    let mut keys: Vec<_> = claimed
        .iter()
        .map(|j| (j.tenant_id, j.key.clone()))
        .collect();
    keys.sort();
    let mut want = vec![
        (a.id, "reminder:x:1".to_string()),
        (b.id, "reminder:x:1".to_string()),
    ];
    want.sort();
    assert_eq!(
        keys, want,
        "the done job and the one due later are not claimed"
    );
    assert!(
        claimed
            .iter()
            .all(|j| j.attempts == 1 && j.lease == Some(lease))
    );
    assert!(
        s.claim_jobs(now, now.plus_secs(300), uuid::Uuid::now_v7(), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let mine = claimed
        .iter()
        .find(|j| j.tenant_id == a.id)
        .unwrap()
        .clone();
    let theirs = claimed
        .iter()
        .find(|j| j.tenant_id == b.id)
        .unwrap()
        .clone();

    // The lease ran out: another claim takes the job; the first claim can no longer end it,
    // and writes nothing (its emails are not queued).
    let later = now.plus_secs(301);
    let lease2 = uuid::Uuid::now_v7();
    let reclaimed = s
        .claim_jobs(later, later.plus_secs(300), lease2, 1)
        .await
        .unwrap();
    assert_eq!(reclaimed.len(), 1);
    let reclaimed = reclaimed.into_iter().next().unwrap();
    assert_eq!(reclaimed.attempts, 2);
    let stale_claim = if reclaimed.id == mine.id {
        mine.clone()
    } else {
        theirs.clone()
    };
    let m = email(stale_claim.tenant_id, "late@x.example");
    assert!(
        !s.finish_job(&stale_claim, JobOutcome::Done, later, &[m], &[])
            .await
            .unwrap()
    );
    let m = email(reclaimed.tenant_id, "once@x.example");
    assert!(
        s.finish_job(
            &reclaimed,
            JobOutcome::Done,
            later,
            std::slice::from_ref(&m),
            &[]
        )
        .await
        .unwrap()
    );
    assert!(
        !s.finish_job(&reclaimed, JobOutcome::Done, later, &[m.clone()], &[])
            .await
            .unwrap(),
        "ended once"
    );
    let queued = s.list_outbox(reclaimed.tenant_id, 10).await.unwrap();
    assert_eq!(
        queued
            .iter()
            .map(|e| e.to_addr.as_str())
            .collect::<Vec<_>>(),
        vec!["once@x.example"]
    );

    // Failing: due again later, then given up.
    let other = if reclaimed.id == mine.id {
        theirs
    } else {
        mine
    };
    assert!(
        s.fail_job(&other, "smtp down", Some(later.plus_secs(30)), later)
            .await
            .unwrap()
    );
    assert!(
        s.claim_jobs(later, later.plus_secs(300), uuid::Uuid::now_v7(), 10)
            .await
            .unwrap()
            .iter()
            .all(|j| j.id != other.id)
    );
    let at = later.plus_secs(31);
    let retried: Vec<Job> = s
        .claim_jobs(at, at.plus_secs(300), uuid::Uuid::now_v7(), 10)
        .await
        .unwrap();
    let retried = retried.into_iter().find(|j| j.id == other.id).unwrap();
    assert_eq!(
        (retried.attempts, retried.last_error.as_str()),
        (2, "smtp down")
    );
    assert!(s.fail_job(&retried, "still down", None, at).await.unwrap());
    let far = at.plus_secs(100_000);
    assert!(
        s.claim_jobs(far, far.plus_secs(300), uuid::Uuid::now_v7(), 10)
            .await
            .unwrap()
            .iter()
            .all(|j| j.id != other.id)
    );

    // Many claims at once: each due job goes to exactly one of them.
    let many: Vec<(Job, Option<uuid::Uuid>)> = (0..40)
        .map(|n| {
            (
                Job::new(
                    a.id,
                    JobKind::Reminder,
                    format!("race:{n}"),
                    "{}".into(),
                    now,
                ),
                None,
            )
        })
        .collect();
    assert_eq!(s.enqueue_jobs(&many).await.unwrap(), 40);
    let mut racing = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let s = s.clone();
        racing.spawn(async move {
            s.claim_jobs(far, far.plus_secs(300), uuid::Uuid::now_v7(), 10)
                .await
                .unwrap()
                .into_iter()
                .map(|j| j.key)
                .filter(|k| k.starts_with("race:"))
                .collect::<Vec<_>>()
        });
    }
    let mut got: Vec<String> = racing.join_all().await.into_iter().flatten().collect();
    // A claim that lost a race for its rows may come back with fewer than it could have had
    // (PostgreSQL re-checks a row it waited for, and skips it): what is left is claimed next.
    loop {
        let rest = s
            .claim_jobs(far, far.plus_secs(300), uuid::Uuid::now_v7(), 10)
            .await
            .unwrap();
        if rest.is_empty() {
            break;
        }
        got.extend(
            rest.into_iter()
                .map(|j| j.key)
                .filter(|k| k.starts_with("race:")),
        );
    }
    got.sort();
    let before = got.len();
    got.dedup();
    assert_eq!(
        (before, got.len()),
        (40, 40),
        "each job claimed once, none twice"
    );

    // Listing: a document's jobs, and a provider's latest of a kind; never another's.
    let about = s.jobs_about(a.id, doc, 10).await.unwrap();
    assert_eq!(about.len(), 3);
    assert!(s.jobs_about(b.id, doc, 10).await.unwrap().is_empty());
    let recent = s.recent_jobs(a.id, JobKind::Reminder, 100).await.unwrap();
    assert_eq!(recent.len(), 43);
    assert!(recent.iter().all(|j| j.tenant_id == a.id));
    let superseded = recent.iter().find(|j| j.key == "reminder:x:0").unwrap();
    assert_eq!(
        (superseded.outcome, superseded.done_at),
        (JobOutcome::Superseded, Some(now))
    );
}
