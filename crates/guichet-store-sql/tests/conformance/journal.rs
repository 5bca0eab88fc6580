//! The hash-chained journal.
use super::*;

pub(crate) async fn journal_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let project = ProjectId::new();
    let entry =
        |t: TenantId, action: &str, object: uuid::Uuid, project: Option<ProjectId>| JournalEntry {
            id: EntryId::new(),
            tenant_id: t,
            seq: 0,
            at: Millis::now(),
            actor: None,
            actor_label: "Léa".into(),
            ip: "127.0.0.1".into(),
            action: action.into(),
            object_kind: "document".into(),
            object_id: object,
            customer_id: None,
            project_id: project,
            detail: "rapport.pdf".into(),
            prev_hash: String::new(),
            hash: String::new(),
        };
    let doc = uuid::Uuid::now_v7();
    let first = s
        .append(&entry(a.id, "document.upload", doc, Some(project)))
        .await
        .unwrap();
    assert_eq!((first.seq, first.prev_hash.as_str()), (1, GENESIS_HASH));
    assert_eq!(first.hash, first.compute_hash());
    // Appends at the same time still make one unbroken chain.
    let mut tasks = Vec::new();
    for i in 0..12 {
        let s = s.clone();
        let e = entry(
            a.id,
            if i % 2 == 0 {
                "document.download"
            } else {
                "project.update"
            },
            doc,
            Some(project),
        );
        tasks.push(tokio::spawn(async move { s.append(&e).await.unwrap() }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    s.append(&entry(b.id, "document.upload", doc, None))
        .await
        .unwrap();
    let chain = s.chain(a.id).await.unwrap();
    assert_eq!(chain.len(), 13);
    assert!(first_broken(&chain).is_none(), "the chain verifies");
    assert_eq!(
        s.chain(b.id).await.unwrap().len(),
        1,
        "one chain per tenant"
    );
    let q = |action: Option<&str>| JournalQuery {
        project: Some(project),
        object: None,
        action_prefix: action.map(str::to_string),
        limit: 100,
    };
    assert_eq!(s.journal(a.id, &q(None)).await.unwrap().len(), 13);
    let docs = s.journal(a.id, &q(Some("document."))).await.unwrap();
    assert_eq!(docs.len(), 7);
    assert!(docs.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    assert!(s.journal(b.id, &q(None)).await.unwrap().is_empty());
    let by_object = JournalQuery {
        object: Some(doc),
        limit: 5,
        ..Default::default()
    };
    assert_eq!(s.journal(a.id, &by_object).await.unwrap().len(), 5);
    assert_eq!(
        s.journal(
            a.id,
            &JournalQuery {
                action_prefix: Some("%".into()),
                limit: 100,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .len(),
        0,
        "wildcards are literal"
    );
}
