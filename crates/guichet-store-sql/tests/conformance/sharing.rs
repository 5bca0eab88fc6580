//! Viewing links, document requests, comments and per-contact shares.
use super::*;

/// Viewing links, document requests and comments of a project.
pub(crate) async fn project_sharing_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let now = Millis::now();
    let project = |title: &str| Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: title.into(),
        reference: String::new(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let (p1, p2) = (project("Un"), project("Deux"));
    s.insert_project(&p1).await.unwrap();
    s.insert_project(&p2).await.unwrap();
    let doc = Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        title: "Rapport".into(),
        kind: DocumentKind::Report,
        status: DocumentStatus::Published,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let version = DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: doc.id,
        number: 1,
        filename: "r.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1,
        sha256: "a".repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    s.insert_document(&doc, &version).await.unwrap();

    // Links: by hash, revoked once, uses counted; never across tenants or projects.
    let link = ShareLink {
        id: LinkId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        document_id: Some(doc.id),
        label: "Notaire".into(),
        token_hash: "hash-1".into(),
        created_by: staff.id,
        created_at: now,
        expires_at: now.plus_secs(3600),
        revoked_at: None,
        uses: 0,
        last_used_at: None,
        sign_in: false,
    };
    s.insert_link(&link).await.unwrap();
    let elsewhere = ShareLink {
        id: LinkId::new(),
        token_hash: "hash-2".into(),
        project_id: p2.id,
        ..link.clone()
    };
    assert!(
        matches!(s.insert_link(&elsewhere).await, Err(StoreError::NotFound)),
        "a document of another project"
    );
    assert_eq!(
        s.link_by_hash(a.id, "hash-1").await.unwrap().unwrap().id,
        link.id
    );
    assert!(s.link_by_hash(b.id, "hash-1").await.unwrap().is_none());
    s.count_link_use(a.id, link.id, now).await.unwrap();
    s.count_link_use(a.id, link.id, now).await.unwrap();
    assert_eq!(s.links_of(a.id, p1.id).await.unwrap()[0].uses, 2);
    assert!(!s.revoke_link(b.id, link.id, now).await.unwrap());
    assert!(s.revoke_link(a.id, link.id, now).await.unwrap());
    assert!(
        !s.revoke_link(a.id, link.id, now).await.unwrap(),
        "already revoked"
    );
    assert!(
        !s.link_by_hash(a.id, "hash-1")
            .await
            .unwrap()
            .unwrap()
            .live(now)
    );

    // Requests: outstanding first, fulfilled once.
    let request = |title: &str, due: Option<&str>| DocumentRequest {
        id: RequestId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        title: title.into(),
        kind: DocumentKind::Plan,
        description: String::new(),
        due_on: due.map(str::to_string),
        created_by: staff.id,
        created_at: now,
        fulfilled_at: None,
        fulfilled_by: None,
        document_id: None,
    };
    let (late, soon) = (
        request("Plan", Some("2026-12-20")),
        request("Preuve", Some("2026-12-01")),
    );
    s.insert_request(&late).await.unwrap();
    s.insert_request(&soon).await.unwrap();
    let undated = request("Photo", None);
    s.insert_request(&undated).await.unwrap();
    // The customer's outstanding requests on all its projects: dated first, soonest first.
    let titles = |list: Vec<DocumentRequest>| list.into_iter().map(|r| r.title).collect::<Vec<_>>();
    assert_eq!(
        titles(s.open_requests(a.id, c.id, 10).await.unwrap()),
        ["Preuve", "Plan", "Photo"]
    );
    assert_eq!(
        titles(s.open_requests(a.id, c.id, 1).await.unwrap()),
        ["Preuve"]
    );
    assert!(s.open_requests(b.id, c.id, 10).await.unwrap().is_empty());
    assert_eq!(
        s.requests_of(a.id, p1.id).await.unwrap()[0].title,
        "Preuve",
        "soonest first"
    );
    s.fulfil_request(a.id, soon.id, doc.id, staff.id, now)
        .await
        .unwrap();
    assert!(matches!(
        s.fulfil_request(a.id, soon.id, doc.id, staff.id, now).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.fulfil_request(b.id, late.id, doc.id, staff.id, now).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.requests_of(a.id, p1.id).await.unwrap()[0].title,
        "Plan",
        "outstanding first"
    );
    assert_eq!(
        titles(s.open_requests(a.id, c.id, 10).await.unwrap()),
        ["Plan", "Photo"],
        "a fulfilled request waits on nobody"
    );

    // Comments: on the project, on a document; never a document of another project.
    let comment = |document: Option<DocumentId>, project: ProjectId, body: &str| Comment {
        id: CommentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: project,
        document_id: document,
        author: staff.id,
        author_name: String::new(),
        body: body.into(),
        created_at: now,
        attachment: None,
    };
    s.insert_comment(&comment(None, p1.id, "Bonjour"))
        .await
        .unwrap();
    s.insert_comment(&comment(Some(doc.id), p1.id, "Page 3"))
        .await
        .unwrap();
    assert!(matches!(
        s.insert_comment(&comment(Some(doc.id), p2.id, "x")).await,
        Err(StoreError::NotFound)
    ));
    let on_project = s.comments_of(a.id, p1.id, None).await.unwrap();
    assert_eq!(on_project.len(), 1);
    assert_eq!(on_project[0].author_name, staff.name);
    assert_eq!(
        s.comments_of(a.id, p1.id, Some(doc.id)).await.unwrap()[0].body,
        "Page 3"
    );
    assert!(s.comments_of(b.id, p1.id, None).await.unwrap().is_empty());

    // Followers and what each person has read.
    s.follow(a.id, p1.id, staff.id, now).await.unwrap();
    s.follow(a.id, p1.id, staff.id, now).await.unwrap();
    assert_eq!(s.followers(a.id, p1.id).await.unwrap(), [staff.id]);
    assert!(matches!(
        s.follow(b.id, p1.id, staff.id, now).await,
        Err(StoreError::NotFound)
    ));
    let reader = user(a.id, UserKind::Contact, "lecteur@alpha.example");
    s.insert_user(&reader).await.unwrap();
    let unread = |projects: Vec<ProjectId>| {
        let s = s.clone();
        let reader = reader.id;
        async move { s.unread_counts(a.id, reader, &projects).await.unwrap() }
    };
    assert_eq!(
        unread(vec![p1.id, p2.id]).await,
        [(p1.id, 1)],
        "project threads only"
    );
    assert!(unread(vec![]).await.is_empty());
    s.mark_read(a.id, reader.id, p1.id.0, now).await.unwrap();
    s.mark_read(a.id, reader.id, p1.id.0, Millis(now.0 - 5000))
        .await
        .unwrap();
    assert_eq!(
        s.read_at(a.id, reader.id, p1.id.0).await.unwrap(),
        Some(now),
        "never goes back"
    );
    assert!(unread(vec![p1.id]).await.is_empty());
    assert!(s.read_at(b.id, reader.id, p1.id.0).await.unwrap().is_none());
    let head = |who: UserId| {
        let s = s.clone();
        async move {
            let h = s.project_head(a.id, p1.id, who).await.unwrap().unwrap();
            (h.read_at, h.following)
        }
    };
    assert_eq!(head(reader.id).await, (Some(now), false));
    assert_eq!(head(staff.id).await, (None, true));
    s.unfollow(a.id, p1.id, staff.id).await.unwrap();
    assert!(s.followers(a.id, p1.id).await.unwrap().is_empty());

    // Shares: one per (project, document, contact), replaced when set again; never a document
    // of another project or someone of another tenant; "own" lists include shared projects.
    let contact = user(a.id, UserKind::Contact, "marie@alpha.example");
    s.insert_user(&contact).await.unwrap();
    let foreigner = user(b.id, UserKind::Contact, "x@b.example");
    s.insert_user(&foreigner).await.unwrap();
    let share = |document: Option<DocumentId>, project: ProjectId, who: UserId, level| Share {
        tenant_id: a.id,
        project_id: project,
        document_id: document,
        user_id: who,
        level,
        granted_by: staff.id,
        granted_at: now,
    };
    let own = ProjectQuery {
        own: Some(contact.id),
        limit: 10,
        ..Default::default()
    };
    assert!(s.projects_of(a.id, c.id, &own).await.unwrap().is_empty());
    s.set_share(&share(None, p1.id, contact.id, ShareLevel::View))
        .await
        .unwrap();
    s.set_share(&share(None, p1.id, contact.id, ShareLevel::Hidden))
        .await
        .unwrap();
    s.set_share(&share(
        Some(doc.id),
        p1.id,
        contact.id,
        ShareLevel::Download,
    ))
    .await
    .unwrap();
    s.set_share(&share(None, p2.id, contact.id, ShareLevel::Upload))
        .await
        .unwrap();
    let on_p1 = s.shares_of_project(a.id, p1.id).await.unwrap();
    assert_eq!(on_p1.len(), 2, "the project's share was replaced");
    assert!(on_p1.contains(&share(None, p1.id, contact.id, ShareLevel::Hidden)));
    assert!(on_p1.contains(&share(
        Some(doc.id),
        p1.id,
        contact.id,
        ShareLevel::Download
    )));
    assert!(matches!(
        s.set_share(&share(Some(doc.id), p2.id, contact.id, ShareLevel::View))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_share(&share(None, p1.id, foreigner.id, ShareLevel::View))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.shares_of_contact(a.id, contact.id).await.unwrap().len(),
        3
    );
    // The project's head: no flow, the reader's state, and a content revision that moves with
    // what the page lists.
    let head = s
        .project_head(a.id, p1.id, contact.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(head.project.id, p1.id);
    assert!(head.flow.is_none());
    assert_eq!((head.read_at, head.following), (None, false));
    let seen = Millis::now();
    s.follow(a.id, p1.id, contact.id, seen).await.unwrap();
    s.mark_read(a.id, contact.id, p1.id.0, seen).await.unwrap();
    let again = s
        .project_head(a.id, p1.id, contact.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.read_at, again.following), (Some(seen), true));
    assert_eq!(
        again.content_revision, head.content_revision,
        "following and reading change nothing the page lists"
    );
    let staff_view = s
        .project_head(a.id, p1.id, staff.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((staff_view.read_at, staff_view.following), (None, false));
    assert!(
        s.project_head(b.id, p1.id, contact.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.shares_of_contact(b.id, contact.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(s.shares_of_project(b.id, p1.id).await.unwrap().is_empty());
    let mut listed: Vec<_> = s
        .projects_of(a.id, c.id, &own)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        ["Deux", "Un"],
        "shared on the project, or on a document of it"
    );
    s.remove_share(a.id, p1.id, Some(doc.id), contact.id)
        .await
        .unwrap();
    assert_eq!(s.shares_of_project(a.id, p1.id).await.unwrap().len(), 1);
    assert_eq!(s.projects_of(a.id, c.id, &own).await.unwrap().len(), 1);
    s.remove_share(b.id, p2.id, None, contact.id).await.unwrap();
    assert_eq!(
        s.shares_of_contact(a.id, contact.id).await.unwrap().len(),
        2,
        "another tenant removes nothing"
    );
}

/// A document request is read back by the tenant that made it, never by another.
pub(crate) async fn request_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let p = project(a.id, c.id, staff.id, "Demandes", Millis::now());
    s.insert_project(&p).await.unwrap();
    let r = DocumentRequest {
        id: RequestId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        title: "Plan signé".into(),
        kind: DocumentKind::Plan,
        description: "Signé et daté".into(),
        due_on: Some("2026-12-31".into()),
        created_by: staff.id,
        created_at: Millis::now(),
        fulfilled_at: None,
        fulfilled_by: None,
        document_id: None,
    };
    s.insert_request(&r).await.unwrap();
    assert_eq!(s.request(a.id, r.id).await.unwrap(), Some(r.clone()));
    assert_eq!(s.request(b.id, r.id).await.unwrap(), None);
    assert_eq!(s.request(a.id, RequestId::new()).await.unwrap(), None);
}
