//! Flow types and projects in them.
use super::*;

pub(crate) async fn flows_story(s: Arc<dyn Store>) {
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
        title: "Toit".into(),
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
    s.insert_project(&project).await.unwrap();
    let def: FlowDef = serde_json::from_str(
        r#"{"statuses":[{"key":"s","internal":"S","public":{"name":{"fr":"É","en":"S"}},
            "steps":[{"key":"one","internal":"One","public":{"name":{"fr":"Un","en":"One"}},
                      "page":"initial_documentation","fields":[{"field":"area","use":"required"}],
                      "transitions":{"documentation_submitted":"two"}},
                     {"key":"two","internal":"Two","public":{"name":{"fr":"Deux","en":"Two"}}}]}],
            "fields":[{"key":"area","kind":"number","label":{"fr":"Aire","en":"Area"}}]}"#,
    )
    .unwrap();
    assert_eq!(def.check(), vec![]);
    let flow = FlowType {
        id: FlowId::new(),
        tenant_id: a.id,
        name: "Solaire".into(),
        public: Public {
            name: Texts::new("Solaire", "Solar"),
            description: Texts::default(),
        },
        def: def.clone(),
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    s.insert_flow(&flow).await.unwrap();
    assert_eq!(s.flow(a.id, flow.id).await.unwrap().unwrap(), flow);
    assert!(
        s.flow(b.id, flow.id).await.unwrap().is_none(),
        "tenant B sees nothing"
    );
    assert_eq!(s.flows(a.id).await.unwrap().len(), 1);
    let pf = ProjectFlow {
        project_id: project.id,
        tenant_id: a.id,
        flow_id: flow.id,
        step: "one".into(),
        values: [("area".to_string(), "42.5".to_string())].into(),
        visit: Some(Visit {
            technician: Some(staff.id),
            starts_at: now,
            ends_at: now.plus_secs(3600),
            note: "Ruelle".into(),
        }),
        revision: 1,
        entered_at: now,
        updated_at: now,
        visited: vec!["one".into()],
    };
    // Another tenant's project or flow: nothing is written.
    let foreign = ProjectFlow {
        tenant_id: b.id,
        ..pf.clone()
    };
    assert!(matches!(
        s.start_project_flow(&foreign).await,
        Err(StoreError::NotFound)
    ));
    s.start_project_flow(&pf).await.unwrap();
    assert_eq!(s.project_flow(a.id, project.id).await.unwrap().unwrap(), pf);
    assert!(s.project_flow(b.id, project.id).await.unwrap().is_none());
    // A move saved on the revision it was made from; a second one from the same is refused.
    let mut next = ProjectFlow {
        revision: 2,
        ..pf.clone()
    };
    next.arrive("two", now.plus_secs(1));
    s.save_project_flow(&next, 1).await.unwrap();
    assert!(matches!(
        s.save_project_flow(&next, 1).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.project_flow(a.id, project.id).await.unwrap().unwrap(),
        next
    );
    assert_eq!(
        s.flow_usage(a.id, flow.id).await.unwrap(),
        vec![("two".to_string(), 1)]
    );
    // An edit moves the projects of a removed step, in the same transaction.
    let edited = FlowType {
        revision: 2,
        name: "Solaire 2".into(),
        updated_at: now.plus_secs(2),
        ..flow.clone()
    };
    let moved = s
        .update_flow(&edited, 1, &[("two".into(), "one".into())])
        .await
        .unwrap();
    assert_eq!(moved, 1);
    assert!(matches!(
        s.update_flow(&edited, 1, &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    let after = s.project_flow(a.id, project.id).await.unwrap().unwrap();
    assert_eq!(after.step, "one");
    assert_eq!(after.revision, 3);
    assert_eq!(
        s.flow(a.id, flow.id).await.unwrap().unwrap().name,
        "Solaire 2"
    );
    let other = FlowType {
        tenant_id: b.id,
        ..edited.clone()
    };
    assert!(matches!(
        s.update_flow(&other, 2, &[]).await,
        Err(StoreError::NotFound)
    ));
    // A move that settles a quote, with the journal entries recording it: all in one
    // transaction, or none.
    let key = JournalKey::from_bytes([7; 32]);
    let step_entry = |action: &str| JournalEntry {
        id: EntryId::new(),
        tenant_id: a.id,
        seq: 0,
        at: now,
        actor: Some(staff.id),
        actor_label: "Boss".into(),
        ip: "127.0.0.1".into(),
        action: action.into(),
        object_kind: "project".into(),
        object_id: project.id.0,
        customer_id: Some(c.id),
        project_id: Some(project.id),
        detail: "Un → Deux".into(),
        prev_hash: String::new(),
        hash: String::new(),
        keyed: true,
    };
    let journaled = [step_entry("document.accepted"), step_entry("flow.step")];
    let quote = Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: project.id,
        title: "Soumission".into(),
        kind: DocumentKind::Quote,
        status: DocumentStatus::ToApprove,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    s.insert_document(
        &quote,
        &DocumentVersion {
            id: VersionId::new(),
            tenant_id: a.id,
            document_id: quote.id,
            number: 1,
            filename: "soumission.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1,
            sha256: "e".repeat(64),
            uploaded_by: staff.id,
            uploaded_at: now,
        },
    )
    .await
    .unwrap();
    let settle = |expected: Millis| DocumentSettle {
        id: quote.id,
        status: DocumentStatus::Approved,
        expected,
        now: now.plus_secs(5),
    };
    let next = s.project_flow(a.id, project.id).await.unwrap().unwrap();
    let base = next.revision;
    let mut third = ProjectFlow {
        revision: base + 1,
        ..next.clone()
    };
    third.arrive("one", now.plus_secs(5));
    // The quote changed since it was shown: nothing is written, the place included.
    assert!(matches!(
        s.save_project_flow_journaled(&third, base, &[settle(now.plus_secs(-1))], &journaled, &key).await,
        Err(StoreError::Conflict { constraint }) if constraint == "documents_updated_at"
    ));
    assert!(
        s.chain(a.id).await.unwrap().is_empty(),
        "no entry without its action"
    );
    assert_eq!(
        s.project_flow(a.id, project.id).await.unwrap().unwrap(),
        next,
        "the move was rolled back"
    );
    s.save_project_flow_journaled(&third, base, &[settle(now)], &journaled, &key)
        .await
        .unwrap();
    let chain = s.chain(a.id).await.unwrap();
    assert_eq!(
        chain
            .iter()
            .map(|e| (e.seq, e.action.as_str()))
            .collect::<Vec<_>>(),
        [(1, "document.accepted"), (2, "flow.step")]
    );
    assert!(
        chain
            .iter()
            .all(|e| e.keyed && e.hash == e.expected_hash(&key)),
        "sealed with the key"
    );
    assert_eq!(
        s.project_flow(a.id, project.id).await.unwrap().unwrap(),
        third
    );
    assert_eq!(
        s.document(a.id, quote.id).await.unwrap().unwrap().status,
        DocumentStatus::Approved
    );
    assert!(matches!(
        s.save_project_flow_journaled(&third, base, &[], &[], &key).await,
        Err(StoreError::Conflict { constraint }) if constraint == "project_flows_revision"
    ));
    // Agreed to: the quote takes no new version.
    assert!(matches!(
        s.add_version(&DocumentVersion {
            id: VersionId::new(),
            tenant_id: a.id,
            document_id: quote.id,
            number: 0,
            filename: "autre.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1,
            sha256: "f".repeat(64),
            uploaded_by: staff.id,
            uploaded_at: now.plus_secs(6),
        })
        .await,
        Err(StoreError::Conflict { constraint }) if constraint == "documents_frozen"
    ));
}

/// Where projects stand: one project's place with its flow type's revision, the projects
/// waiting at a step (longest first), and the steps of a list of projects.
pub(crate) async fn flow_places_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let now = Millis::now();
    let def: FlowDef = serde_json::from_str(
        r#"{"statuses":[{"key":"s","internal":"S","public":{"name":{"fr":"É","en":"S"}},
            "steps":[{"key":"one","internal":"One","public":{"name":{"fr":"Un","en":"One"}}},
                     {"key":"two","internal":"Two","public":{"name":{"fr":"Deux","en":"Two"}}}]}],
            "fields":[]}"#,
    )
    .unwrap();
    let flow = FlowType {
        id: FlowId::new(),
        tenant_id: a.id,
        name: "Étude".into(),
        public: Public {
            name: Texts::new("Étude", "Study"),
            description: Texts::default(),
        },
        def,
        revision: 3,
        created_at: now,
        updated_at: now,
    };
    s.insert_flow(&flow).await.unwrap();
    let place = |p: &Project, step: &str, at: Millis| ProjectFlow {
        project_id: p.id,
        tenant_id: a.id,
        flow_id: flow.id,
        step: step.into(),
        values: Default::default(),
        visit: None,
        revision: 1,
        entered_at: at,
        updated_at: at,
        visited: vec![step.into()],
    };
    let older = project(a.id, c.id, staff.id, "Ancien", now);
    let newer = project(a.id, c.id, staff.id, "Récent", now.plus_secs(1));
    let outside = project(a.id, c.id, staff.id, "Hors parcours", now.plus_secs(2));
    for p in [&older, &newer, &outside] {
        s.insert_project(p).await.unwrap();
    }
    s.start_project_flow(&place(&newer, "one", now.plus_secs(10)))
        .await
        .unwrap();
    s.start_project_flow(&place(&older, "one", now))
        .await
        .unwrap();

    let (pf, revision) = s
        .project_flow_revision(a.id, older.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((pf.step.as_str(), revision), ("one", 3));
    assert!(
        s.project_flow_revision(a.id, outside.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.project_flow_revision(b.id, older.id)
            .await
            .unwrap()
            .is_none()
    );

    let waiting = s.projects_at_step(a.id, flow.id, "one", 10).await.unwrap();
    assert_eq!(
        waiting
            .iter()
            .map(|(p, customer, since)| (p.id, customer.as_str(), *since))
            .collect::<Vec<_>>(),
        [
            (older.id, "Alpha", now),
            (newer.id, "Alpha", now.plus_secs(10))
        ],
        "longest waiting first"
    );
    assert_eq!(
        s.projects_at_step(a.id, flow.id, "one", 1)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        s.projects_at_step(a.id, flow.id, "two", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.projects_at_step(b.id, flow.id, "one", 10)
            .await
            .unwrap()
            .is_empty()
    );

    let mut steps = s
        .project_steps(a.id, &[older.id, newer.id, outside.id])
        .await
        .unwrap();
    steps.sort_by_key(|(p, ..)| *p == newer.id);
    assert_eq!(
        steps,
        [
            (older.id, flow.id, "one".to_string(), 3),
            (newer.id, flow.id, "one".to_string(), 3)
        ]
    );
    assert!(s.project_steps(a.id, &[]).await.unwrap().is_empty());
    assert!(
        s.project_steps(b.id, &[older.id]).await.unwrap().is_empty(),
        "never across tenants"
    );

    // Staff's list across customers: by the step they stand at, their team, their customer.
    let listed = |q: StaffProjectQuery| {
        let s = s.clone();
        async move {
            s.staff_projects(a.id, &StaffProjectQuery { limit: 50, ..q })
                .await
                .unwrap()
                .into_iter()
                .map(|(p, customer)| (p.title, customer))
                .collect::<Vec<_>>()
        }
    };
    let names = |l: Vec<(String, String)>| l.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(
        listed(StaffProjectQuery::default()).await,
        [
            ("Hors parcours".to_string(), "Alpha".to_string()),
            ("Récent".into(), "Alpha".into()),
            ("Ancien".into(), "Alpha".into())
        ],
        "most recently changed first, with their customer"
    );
    let at = |steps: &[&str]| StaffProjectQuery {
        at_steps: Some(steps.iter().map(|k| (flow.id, k.to_string())).collect()),
        ..Default::default()
    };
    assert_eq!(names(listed(at(&["one"])).await), ["Récent", "Ancien"]);
    assert!(listed(at(&["two"])).await.is_empty());
    assert!(listed(at(&[])).await.is_empty(), "no step, no project");
    assert_eq!(
        s.staff_projects(
            a.id,
            &StaffProjectQuery {
                search: Some("ALPHA".into()),
                limit: 1,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .into_iter()
        .map(|(p, _)| p.title)
        .collect::<Vec<_>>(),
        ["Hors parcours"],
        "the customer's name is searched; the limit holds"
    );
    assert!(
        listed(StaffProjectQuery {
            search: Some("beta".into()),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    s.set_project_team(a.id, newer.id, &[staff.id])
        .await
        .unwrap();
    assert_eq!(
        names(
            listed(StaffProjectQuery {
                team_member: Some(staff.id),
                ..Default::default()
            })
            .await
        ),
        ["Récent"]
    );
    assert!(
        s.staff_projects(
            b.id,
            &StaffProjectQuery {
                limit: 50,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty(),
        "never across tenants"
    );
}
