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
            keyed: false,
        };
    let key = JournalKey::from_bytes([5; 32]);
    let doc = uuid::Uuid::now_v7();
    let first = s
        .append(&entry(a.id, "document.upload", doc, Some(project)), &key)
        .await
        .unwrap();
    assert_eq!((first.seq, first.prev_hash.as_str()), (1, GENESIS_HASH));
    assert!(first.keyed, "appended entries are sealed under the key");
    assert_eq!(first.hash, first.keyed_hash(&key));
    assert_ne!(first.hash, first.plain_hash());
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
        let key = key.clone();
        tasks.push(tokio::spawn(
            async move { s.append(&e, &key).await.unwrap() },
        ));
    }
    for t in tasks {
        t.await.unwrap();
    }
    s.append(&entry(b.id, "document.upload", doc, None), &key)
        .await
        .unwrap();
    let chain = s.chain(a.id).await.unwrap();
    assert_eq!(chain.len(), 13);
    let head = check_chain(ChainCursor::genesis(), &chain, &key).expect("the chain verifies");
    assert_eq!((head.seq, head.keyed), (13, true));
    assert!(
        check_chain(
            ChainCursor::genesis(),
            &chain,
            &JournalKey::from_bytes([6; 32])
        )
        .is_err(),
        "not under another key"
    );
    // The end of the chain from a number on: what a checkpoint checks before it signs.
    let tail = s.chain_from(a.id, 11).await.unwrap();
    assert_eq!(tail.iter().map(|e| e.seq).collect::<Vec<_>>(), [11, 12, 13]);
    assert_eq!(
        check_chain(ChainCursor::after(&chain[9]), &tail, &key).map(|c| c.seq),
        Ok(13)
    );
    assert!(s.chain_from(a.id, 14).await.unwrap().is_empty());
    assert_eq!(
        s.chain_from(b.id, 1).await.unwrap().len(),
        1,
        "one chain per tenant"
    );
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
