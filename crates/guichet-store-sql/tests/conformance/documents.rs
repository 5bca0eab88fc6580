//! Documents and versions.
use super::*;

pub(crate) async fn documents_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let now = Millis::now();
    let project = Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: "Étude".into(),
        reference: "GL-1".into(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    s.insert_project(&project).await.unwrap();
    let doc = |title: &str, kind: DocumentKind, at: i64| Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: project.id,
        title: title.into(),
        kind,
        status: kind.first_status(),
        created_by: staff.id,
        created_at: now.plus_secs(at),
        updated_at: now.plus_secs(at),
    };
    let version = |d: &Document, name: &str, sha: char| DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: d.id,
        number: 0,
        filename: name.into(),
        content_type: "application/pdf".into(),
        size: 42,
        sha256: sha.to_string().repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    let report = doc("Rapport final", DocumentKind::Report, 0);
    let quote = doc("Soumission", DocumentKind::Quote, 1);
    s.insert_document(&report, &version(&report, "rapport.pdf", 'a'))
        .await
        .unwrap();
    s.insert_document(&quote, &version(&quote, "soumission.pdf", 'b'))
        .await
        .unwrap();
    let second = s
        .add_version(&version(&report, "rapport-v2.pdf", 'c'))
        .await
        .unwrap();
    assert_eq!(second.number, 2);
    let third = s
        .add_version(&version(&report, "rapport-v3.pdf", 'd'))
        .await
        .unwrap();
    assert_eq!(third.number, 3);
    let list = s.documents_of(a.id, project.id).await.unwrap();
    assert_eq!(
        list.iter()
            .map(|(d, v)| (d.title.as_str(), v.number))
            .collect::<Vec<_>>(),
        [("Soumission", 1), ("Rapport final", 3)],
        "newest first, each with its latest version"
    );
    let reports = s
        .documents_of_kind(a.id, project.id, DocumentKind::Report)
        .await
        .unwrap();
    assert_eq!(
        reports
            .iter()
            .map(|(d, v)| (d.title.as_str(), v.number))
            .collect::<Vec<_>>(),
        [("Rapport final", 3)],
        "one kind, with its latest version"
    );
    assert!(
        s.documents_of_kind(b.id, project.id, DocumentKind::Report)
            .await
            .unwrap()
            .is_empty()
    );
    let versions = s.versions(a.id, report.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(
        s.version(a.id, second.id).await.unwrap().unwrap().filename,
        "rapport-v2.pdf"
    );
    // Nothing crosses tenants or customers.
    assert!(s.documents_of(b.id, project.id).await.unwrap().is_empty());
    assert_eq!(s.document(b.id, report.id).await.unwrap(), None);
    assert_eq!(s.version(b.id, second.id).await.unwrap(), None);
    let foreign = Document {
        tenant_id: b.id,
        ..doc("X", DocumentKind::Other, 2)
    };
    assert!(matches!(
        s.insert_document(&foreign, &version(&foreign, "x", 'e'))
            .await,
        Err(StoreError::NotFound)
    ));
    let wrong_customer = Document {
        customer_id: CustomerId::new(),
        ..doc("Y", DocumentKind::Other, 2)
    };
    assert!(matches!(
        s.insert_document(&wrong_customer, &version(&wrong_customer, "y", 'e'))
            .await,
        Err(StoreError::NotFound)
    ));
    let stray = DocumentVersion {
        tenant_id: b.id,
        ..version(&report, "z", 'f')
    };
    assert!(matches!(
        s.add_version(&stray).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.versions(a.id, report.id).await.unwrap().len(), 3);
}

/// A document's status moves only from the state it was read in; a project's documents and an
/// account's come a page at a time, newest first, filtered by kind, project and title.
pub(crate) async fn document_pages_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let now = Millis::now();
    let north = project(a.id, c.id, staff.id, "Nord", now);
    let south = project(a.id, c.id, staff.id, "Sud", now);
    s.insert_project(&north).await.unwrap();
    s.insert_project(&south).await.unwrap();
    let mut docs = Vec::new();
    for (i, (title, kind, p)) in [
        ("Plan 50% final", DocumentKind::Plan, &north),
        ("Soumission", DocumentKind::Quote, &north),
        ("Rapport", DocumentKind::Report, &south),
        ("Plan B", DocumentKind::Plan, &north),
    ]
    .into_iter()
    .enumerate()
    {
        let at = now.plus_secs(i as i64);
        let d = Document {
            id: DocumentId::new(),
            tenant_id: a.id,
            customer_id: c.id,
            project_id: p.id,
            title: title.into(),
            kind,
            status: kind.first_status(),
            created_by: staff.id,
            created_at: at,
            updated_at: at,
        };
        let v = DocumentVersion {
            id: VersionId::new(),
            tenant_id: a.id,
            document_id: d.id,
            number: 1,
            filename: format!("{title}.pdf"),
            content_type: "application/pdf".into(),
            size: 1,
            sha256: "e".repeat(64),
            uploaded_by: staff.id,
            uploaded_at: at,
        };
        s.insert_document(&d, &v).await.unwrap();
        docs.push(d);
    }

    // Status: from the state read, once.
    let quote = &docs[1];
    let later = now.plus_secs(60);
    s.set_document_status(
        a.id,
        quote.id,
        DocumentStatus::Approved,
        quote.updated_at,
        later,
    )
    .await
    .unwrap();
    let saved = s.document(a.id, quote.id).await.unwrap().unwrap();
    assert_eq!(
        (saved.status, saved.updated_at),
        (DocumentStatus::Approved, later)
    );
    assert!(matches!(
        s.set_document_status(
            a.id,
            quote.id,
            DocumentStatus::Refused,
            quote.updated_at,
            later
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.set_document_status(b.id, quote.id, DocumentStatus::Refused, later, later)
            .await,
        Err(StoreError::NotFound)
    ));

    // A project's documents, two at a time.
    let titles = |page: &[(Document, DocumentVersion)]| {
        page.iter()
            .map(|(d, _)| d.title.clone())
            .collect::<Vec<_>>()
    };
    let first = s
        .project_documents_page(a.id, north.id, None, 2)
        .await
        .unwrap();
    assert_eq!(titles(&first), ["Plan B", "Soumission"]);
    let (last, _) = first.last().unwrap();
    let next = s
        .project_documents_page(a.id, north.id, Some((last.created_at, last.id)), 2)
        .await
        .unwrap();
    assert_eq!(titles(&next), ["Plan 50% final"]);
    assert!(
        s.project_documents_page(b.id, north.id, None, 2)
            .await
            .unwrap()
            .is_empty()
    );

    // The account's documents across projects.
    let list = |q: DocumentQuery| {
        let s = s.clone();
        async move {
            s.customer_documents(a.id, c.id, &q)
                .await
                .unwrap()
                .into_iter()
                .map(|d| (d.doc.title, d.project.title, d.latest.number))
                .collect::<Vec<_>>()
        }
    };
    let all = list(DocumentQuery {
        limit: 10,
        ..Default::default()
    })
    .await;
    assert_eq!(all.len(), 4);
    assert_eq!(all[0], ("Plan B".into(), "Nord".into(), 1));
    assert_eq!(all[1].0, "Rapport");
    let plans = list(DocumentQuery {
        kinds: vec![DocumentKind::Plan],
        limit: 10,
        ..Default::default()
    })
    .await;
    assert_eq!(plans.len(), 2);
    let south_only = list(DocumentQuery {
        projects: Some(vec![south.id]),
        limit: 10,
        ..Default::default()
    })
    .await;
    assert_eq!(south_only, [("Rapport".into(), "Sud".into(), 1)]);
    let none = list(DocumentQuery {
        projects: Some(vec![]),
        limit: 10,
        ..Default::default()
    })
    .await;
    assert!(none.is_empty(), "no project: no documents");
    let literal = list(DocumentQuery {
        search: Some("50%".into()),
        limit: 10,
        ..Default::default()
    })
    .await;
    assert_eq!(literal.len(), 1, "% is matched literally");
    let after_first = list(DocumentQuery {
        before: Some((docs[3].created_at, docs[3].id)),
        limit: 2,
        ..Default::default()
    })
    .await;
    assert_eq!(
        after_first.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
        ["Rapport", "Soumission"]
    );
    assert!(
        s.customer_documents(
            b.id,
            c.id,
            &DocumentQuery {
                limit: 10,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty(),
        "never across tenants"
    );
}

/// A kind or status code the store does not know (a hand edit, a row from another version)
/// is an error that names it, on every read of the row, never a panic nor a default; rows
/// back to known codes read again.
pub(crate) async fn unknown_codes_story(s: Arc<dyn Store>, db: Sql) {
    let (a, _b, c, staff) = two_tenants(&s).await;
    let now = Millis::now();
    let p = project(a.id, c.id, staff.id, "Nord", now);
    s.insert_project(&p).await.unwrap();
    let doc = Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        title: "Soumission".into(),
        kind: DocumentKind::Quote,
        status: DocumentStatus::ToApprove,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let version = DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: doc.id,
        number: 1,
        filename: "soumission.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1,
        sha256: "a".repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    s.insert_document(&doc, &version).await.unwrap();
    let request = DocumentRequest {
        id: RequestId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        title: "Plan signé".into(),
        kind: DocumentKind::Plan,
        description: String::new(),
        due_on: None,
        created_by: staff.id,
        created_at: now,
        fulfilled_at: None,
        fulfilled_by: None,
        document_id: None,
    };
    s.insert_request(&request).await.unwrap();

    /// A corrupt row, naming what and (in its cause) the code.
    fn corrupt<T: std::fmt::Debug>(r: StoreResult<T>, what: &str, code: &str) {
        match r {
            Err(StoreError::Corrupt {
                what: w,
                source: Some(cause),
            }) => {
                assert_eq!(w, what);
                assert!(cause.to_string().contains(code), "{cause}");
            }
            other => panic!("a corrupt {what} expected, got {other:?}"),
        }
    }

    db.execute("UPDATE documents SET kind = 'memo'").await;
    corrupt(s.document(a.id, doc.id).await, "document kind", "memo");
    corrupt(s.documents_of(a.id, p.id).await, "document kind", "memo");
    let all = DocumentQuery {
        limit: 10,
        ..Default::default()
    };
    corrupt(
        s.customer_documents(a.id, c.id, &all).await,
        "document kind",
        "memo",
    );
    db.execute("UPDATE documents SET kind = 'quote', status = 'lost'")
        .await;
    corrupt(s.document(a.id, doc.id).await, "document status", "lost");
    db.execute("UPDATE documents SET status = 'to_approve'")
        .await;
    assert_eq!(s.document(a.id, doc.id).await.unwrap(), Some(doc.clone()));

    db.execute("UPDATE document_requests SET kind = 'memo'")
        .await;
    corrupt(s.request(a.id, request.id).await, "request kind", "memo");
    corrupt(s.requests_of(a.id, p.id).await, "request kind", "memo");

    db.execute(
        r#"UPDATE roles SET permissions = '{"modules":{"documents":{"ops":["view"],"scope":"kinds","kinds":["memo"]}}}'"#,
    )
    .await;
    corrupt(s.roles(a.id).await, "role permissions", "memo");

    db.execute("UPDATE tenants SET document_kinds = 'quote,memo'")
        .await;
    corrupt(s.tenant(a.id).await, "tenant document kind", "memo");
}
