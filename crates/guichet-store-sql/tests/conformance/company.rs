//! Company profiles and their changes.
use super::*;

/// My company: versioned saves with their changes, approvals, and approval fields.
pub(crate) async fn company_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_contact(&member(a.id, c.id, u.id, default_role(&s, a.id).await), &u)
        .await
        .unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    assert_eq!(s.company_profile(a.id, c.id).await.unwrap(), None);
    let now = Millis::now();
    let change = |f: Field, before: &str, after: &str, status| CompanyChange {
        id: ChangeId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        user_id: u.id,
        user_name: u.name.clone(),
        field: f,
        before: before.into(),
        after: after.into(),
        status,
        created_at: now,
        decided_by: None,
        decided_at: None,
    };
    let mut p = CompanyProfile {
        tenant_id: a.id,
        customer_id: c.id,
        legal_name: "Alpha inc.".into(),
        version: 1,
        updated_at: now,
        ..CompanyProfile::default()
    };
    let applied = change(
        Field::LegalName,
        "Alpha",
        "Alpha inc.",
        ChangeStatus::Applied,
    );
    let pending = change(
        Field::TaxNumber,
        "",
        "123456789RT0001",
        ChangeStatus::Pending,
    );
    s.save_company_profile(&p, 0, &[applied.clone(), pending.clone()])
        .await
        .unwrap();
    assert_eq!(
        s.company_profile(a.id, c.id).await.unwrap(),
        Some(p.clone())
    );
    assert_eq!(s.company_profile(b.id, c.id).await.unwrap(), None);
    // A second save from the same starting version loses: nothing written.
    assert!(matches!(
        s.save_company_profile(&p, 0, std::slice::from_ref(&applied))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let stale = CompanyProfile {
        legal_name: "Stale".into(),
        version: 2,
        ..p.clone()
    };
    p.phone = "819 555-0100".into();
    p.version = 2;
    s.save_company_profile(&p, 1, &[]).await.unwrap();
    assert!(matches!(
        s.save_company_profile(&stale, 1, &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.company_profile(a.id, c.id)
            .await
            .unwrap()
            .unwrap()
            .legal_name,
        "Alpha inc."
    );
    // Another tenant's customer: refused.
    let foreign = CompanyProfile {
        tenant_id: b.id,
        version: 1,
        ..p.clone()
    };
    assert!(matches!(
        s.save_company_profile(&foreign, 0, &[]).await,
        Err(StoreError::NotFound) | Err(StoreError::Conflict { .. })
    ));

    let history = s.company_changes(a.id, c.id, 10).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|h| h.user_name == u.name));
    assert!(s.company_changes(b.id, c.id, 10).await.unwrap().is_empty());

    // Approving applies the new value; deciding twice or from another tenant fails.
    assert!(matches!(
        s.decide_company_change(b.id, pending.id, true, staff.id, now)
            .await,
        Err(StoreError::NotFound)
    ));
    let decided = s
        .decide_company_change(a.id, pending.id, true, staff.id, now)
        .await
        .unwrap();
    assert_eq!(decided.status, ChangeStatus::Approved);
    assert_eq!(decided.decided_by, Some(staff.id));
    let after = s.company_profile(a.id, c.id).await.unwrap().unwrap();
    assert_eq!(
        (after.tax_number.as_str(), after.version),
        ("123456789RT0001", 3)
    );
    assert!(matches!(
        s.decide_company_change(a.id, pending.id, false, staff.id, now)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(
            s.decide_company_change(a.id, applied.id, true, staff.id, now)
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "only pending changes are decided"
    );

    assert!(s.approval_fields(a.id).await.unwrap().is_empty());
    s.set_approval_fields(a.id, &[Field::TaxNumber, Field::LegalName])
        .await
        .unwrap();
    assert_eq!(
        s.approval_fields(a.id).await.unwrap(),
        [Field::LegalName, Field::TaxNumber]
    );
    assert!(s.approval_fields(b.id).await.unwrap().is_empty());
    s.set_approval_fields(a.id, &[Field::Phone]).await.unwrap();
    assert_eq!(s.approval_fields(a.id).await.unwrap(), [Field::Phone]);
}
