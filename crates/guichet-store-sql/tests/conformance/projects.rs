//! Projects and their teams.
use super::*;

pub(crate) async fn projects_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let contact = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&contact).await.unwrap();
    let now = Millis::now();
    let mk = |title: &str, reference: &str, status, by: UserId, at: i64| Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: title.into(),
        reference: reference.into(),
        description: String::new(),
        site: "Laval".into(),
        starts_on: Some("2026-11-01".into()),
        ends_on: None,
        status,
        created_by: by,
        created_at: now.plus_secs(at),
        updated_at: now.plus_secs(at),
    };
    let p1 = mk(
        "Étude géotechnique",
        "GL-001",
        ProjectStatus::Open,
        staff.id,
        0,
    );
    let p2 = mk(
        "Arpentage 100%_sûr",
        "GL-002",
        ProjectStatus::Closed,
        staff.id,
        1,
    );
    let p3 = mk(
        "Relevé de la toiture",
        "GL-003",
        ProjectStatus::Open,
        contact.id,
        2,
    );
    for p in [&p1, &p2, &p3] {
        s.insert_project(p).await.unwrap();
    }
    let foreign = Project {
        tenant_id: b.id,
        ..mk("X", "X", ProjectStatus::Open, staff.id, 3)
    };
    assert!(matches!(
        s.insert_project(&foreign).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.project(a.id, p1.id).await.unwrap(), Some(p1.clone()));
    assert_eq!(s.project(b.id, p1.id).await.unwrap(), None);
    let list = |q: ProjectQuery| {
        let s = s.clone();
        async move {
            s.projects_of(a.id, c.id, &ProjectQuery { limit: 50, ..q })
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.reference)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(ProjectQuery::default()).await,
        ["GL-003", "GL-002", "GL-001"],
        "newest first"
    );
    assert_eq!(
        list(ProjectQuery {
            sort: ProjectSort::Title,
            ..Default::default()
        })
        .await,
        ["GL-002", "GL-003", "GL-001"]
    );
    assert_eq!(
        list(ProjectQuery {
            status: Some(ProjectStatus::Closed),
            ..Default::default()
        })
        .await,
        ["GL-002"]
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("TOITURE".into()),
            ..Default::default()
        })
        .await,
        ["GL-003"]
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("100%_".into()),
            ..Default::default()
        })
        .await,
        ["GL-002"],
        "wildcards are literal"
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("gl-00".into()),
            ..Default::default()
        })
        .await
        .len(),
        3
    );
    assert_eq!(
        list(ProjectQuery {
            own: Some(contact.id),
            ..Default::default()
        })
        .await,
        ["GL-003"]
    );
    assert!(
        s.projects_of(
            b.id,
            c.id,
            &ProjectQuery {
                limit: 50,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty()
    );

    let edited = Project {
        title: "Étude géotechnique (phase 2)".into(),
        updated_at: now.plus_secs(10),
        ..p1.clone()
    };
    s.update_project(&edited, p1.updated_at).await.unwrap();
    let stale = Project {
        title: "Perdu".into(),
        updated_at: now.plus_secs(11),
        ..p1.clone()
    };
    assert!(matches!(
        s.update_project(&stale, p1.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    let elsewhere = Project {
        tenant_id: b.id,
        ..edited.clone()
    };
    assert!(matches!(
        s.update_project(&elsewhere, edited.updated_at).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.project(a.id, p1.id).await.unwrap().unwrap().title,
        "Étude géotechnique (phase 2)"
    );
}

/// The provider's team on a project: only the tenant's staff, replaced as a whole.
pub(crate) async fn project_team_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let p = project(a.id, c.id, staff.id, "Équipe", Millis::now());
    s.insert_project(&p).await.unwrap();
    let mut second = user(a.id, UserKind::Staff, "aline@a.example");
    second.name = "Aline".into();
    s.insert_user(&second).await.unwrap();
    let contact = user(a.id, UserKind::Contact, "client@c.example");
    s.insert_user(&contact).await.unwrap();
    let foreign = user(b.id, UserKind::Staff, "autre@b.example");
    s.insert_user(&foreign).await.unwrap();

    s.set_project_team(a.id, p.id, &[staff.id, second.id, contact.id, foreign.id])
        .await
        .unwrap();
    let team = s.project_team(a.id, p.id).await.unwrap();
    assert_eq!(
        team.iter().map(|u| u.id).collect::<Vec<_>>(),
        [second.id, staff.id],
        "the tenant's staff only, by name"
    );
    s.set_project_team(a.id, p.id, &[staff.id]).await.unwrap();
    assert_eq!(
        s.project_team(a.id, p.id).await.unwrap(),
        std::slice::from_ref(&staff)
    );
    assert!(matches!(
        s.set_project_team(b.id, p.id, &[foreign.id]).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.project_team(b.id, p.id).await.unwrap().is_empty());
}

/// A project's content revision moves with every change to what its page lists, and with
/// nothing else (decision 0008's cache of project pages relies on it).
pub(crate) async fn content_revision_story(s: Arc<dyn Store>) {
    let (a, _b, c, staff) = two_tenants(&s).await;
    let now = Millis::now();
    let p = project(a.id, c.id, staff.id, "Révisions", now);
    let other = project(a.id, c.id, staff.id, "Autre", now);
    s.insert_project(&p).await.unwrap();
    s.insert_project(&other).await.unwrap();
    let contact = user(a.id, UserKind::Contact, "client@c.example");
    s.insert_user(&contact).await.unwrap();
    let bystander = user(a.id, UserKind::Staff, "loin@a.example");
    s.insert_user(&bystander).await.unwrap();
    let revision = |id: ProjectId| {
        let s = s.clone();
        async move {
            s.project_head(a.id, id, contact.id)
                .await
                .unwrap()
                .unwrap()
                .content_revision
        }
    };
    let listing0 = s.account_listing_revision(a.id, c.id).await.unwrap();
    assert_eq!(listing0.projects, 2);
    let mut last = revision(p.id).await;
    let other_before = revision(other.id).await;
    let mut moved = |now: i64, what: &str| {
        assert!(now > last, "{what} must move the content revision");
        last = now;
    };

    let doc = Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        title: "Plan".into(),
        kind: DocumentKind::Plan,
        status: DocumentKind::Plan.first_status(),
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let version = |n: char| DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: doc.id,
        number: 0,
        filename: "plan.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1,
        sha256: n.to_string().repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    s.insert_document(&doc, &version('a')).await.unwrap();
    moved(revision(p.id).await, "a document");
    s.add_version(&version('b')).await.unwrap();
    moved(revision(p.id).await, "a version");
    let updated = s.document(a.id, doc.id).await.unwrap().unwrap().updated_at;
    s.set_document_status(
        a.id,
        doc.id,
        DocumentStatus::Draft,
        updated,
        now.plus_secs(1),
    )
    .await
    .unwrap();
    moved(revision(p.id).await, "a status");
    let request = DocumentRequest {
        id: RequestId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        title: "Photo".into(),
        kind: DocumentKind::Other,
        description: String::new(),
        due_on: None,
        created_by: staff.id,
        created_at: now,
        fulfilled_at: None,
        fulfilled_by: None,
        document_id: None,
    };
    s.insert_request(&request).await.unwrap();
    moved(revision(p.id).await, "a request");
    s.fulfil_request(a.id, request.id, doc.id, contact.id, now)
        .await
        .unwrap();
    moved(revision(p.id).await, "a fulfilled request");
    let comment = Comment {
        id: CommentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p.id,
        document_id: None,
        author: contact.id,
        author_name: String::new(),
        body: "Bonjour".into(),
        created_at: now,
        attachment: None,
    };
    s.insert_comment(&comment).await.unwrap();
    moved(revision(p.id).await, "a comment");
    s.set_project_team(a.id, p.id, &[staff.id]).await.unwrap();
    moved(revision(p.id).await, "the team");
    let mut renamed = staff.clone();
    renamed.name = "Patronne".into();
    s.update_user(&renamed).await.unwrap();
    moved(revision(p.id).await, "a team member's name");
    let mut writer = contact.clone();
    writer.phone = "514 555-0100".into();
    s.update_user(&writer).await.unwrap();
    moved(revision(p.id).await, "a writer's phone");

    // Nothing the page lists: the revision stays.
    let mut far = bystander.clone();
    far.name = "Quelqu'un d'autre".into();
    s.update_user(&far).await.unwrap();
    s.follow(a.id, p.id, contact.id, now).await.unwrap();
    s.mark_read(a.id, contact.id, p.id.0, now).await.unwrap();
    s.set_user_locale(a.id, contact.id, Locale::Fr)
        .await
        .unwrap();
    assert_eq!(revision(p.id).await, last);
    assert_eq!(revision(other.id).await, other_before, "another project");

    // The account's listing revision moved with its projects, and moves when one is edited.
    let listing1 = s.account_listing_revision(a.id, c.id).await.unwrap();
    assert_ne!(listing1, listing0);
    let mut edited = s.project(a.id, other.id).await.unwrap().unwrap();
    let expected = edited.updated_at;
    edited.title = "Autre, renommé".into();
    edited.updated_at = Millis(expected.0 + 1000);
    s.update_project(&edited, expected).await.unwrap();
    let listing2 = s.account_listing_revision(a.id, c.id).await.unwrap();
    assert_ne!(listing2, listing1);
    assert_eq!(
        s.account_listing_revision(_b.id, c.id)
            .await
            .unwrap()
            .projects,
        0,
        "never across tenants"
    );
}
