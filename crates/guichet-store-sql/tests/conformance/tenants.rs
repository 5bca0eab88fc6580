//! Providers and their people.
use super::*;

pub(crate) async fn tenants_and_users_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    let b = tenant("b.example");
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    assert!(matches!(
        s.insert_tenant(&tenant("a.example")).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.tenant_by_host("a.example").await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(s.tenant_by_host("nope.example").await.unwrap(), None);

    let staff = user(a.id, UserKind::Staff, "anne@a.example");
    s.insert_user(&staff).await.unwrap();
    // Same email in another tenant is fine; twice in one tenant is a conflict.
    s.insert_user(&user(b.id, UserKind::Staff, "anne@a.example"))
        .await
        .unwrap();
    let mut dup = user(a.id, UserKind::Contact, "ANNE@a.example");
    dup.email = Email::parse("anne@a.example").unwrap();
    assert!(matches!(
        s.insert_user(&dup).await,
        Err(StoreError::Conflict { .. })
    ));

    assert_eq!(s.user(a.id, staff.id).await.unwrap(), Some(staff.clone()));
    assert_eq!(
        s.user(b.id, staff.id).await.unwrap(),
        None,
        "never across tenants"
    );
    assert_eq!(
        s.user_by_email(a.id, &staff.email)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(staff.id)
    );

    let mut changed = staff.clone();
    changed.name = "Anne Tremblay".into();
    changed.locale = Locale::Fr;
    s.update_user(&changed).await.unwrap();
    assert_eq!(
        s.user(a.id, staff.id).await.unwrap().unwrap().name,
        "Anne Tremblay"
    );
    let mut foreign = changed.clone();
    foreign.tenant_id = b.id;
    assert!(matches!(
        s.update_user(&foreign).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.list_staff(a.id).await.unwrap().len(), 1);
}

/// A provider's settings: upload limit and document kinds, each tenant its own.
pub(crate) async fn tenant_settings_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("b.example"), tenant("a.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    assert_eq!(s.tenant(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(s.tenant(TenantId::new()).await.unwrap(), None);
    assert_eq!(
        s.list_tenants()
            .await
            .unwrap()
            .iter()
            .map(|t| t.host.as_str())
            .collect::<Vec<_>>(),
        ["a.example", "b.example"],
        "by host"
    );

    s.set_upload_limit(a.id, Some(25)).await.unwrap();
    s.set_document_kinds(a.id, &[DocumentKind::Quote, DocumentKind::Invoice])
        .await
        .unwrap();
    let got = s.tenant(a.id).await.unwrap().unwrap();
    assert_eq!(got.max_upload_mb, Some(25));
    assert_eq!(
        got.document_kinds,
        [DocumentKind::Quote, DocumentKind::Invoice]
    );
    assert_eq!(
        s.tenant(b.id).await.unwrap(),
        Some(b.clone()),
        "B unchanged"
    );

    s.set_upload_limit(a.id, None).await.unwrap();
    s.set_document_kinds(a.id, &[]).await.unwrap();
    let got = s.tenant(a.id).await.unwrap().unwrap();
    assert_eq!((got.max_upload_mb, got.document_kinds.len()), (None, 0));

    let nobody = TenantId::new();
    assert!(matches!(
        s.set_upload_limit(nobody, Some(1)).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_document_kinds(nobody, &[]).await,
        Err(StoreError::NotFound)
    ));
}

/// A person's time zone is read back as chosen; one the time zone database does not know (a
/// hand edit, a zone a newer database dropped) is read as the default zone, never an error that
/// would lock the person out, nor a panic (decision 0010).
pub(crate) async fn stored_time_zone_story(s: Arc<dyn Store>, db: Sql) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let mut paris = user(a.id, UserKind::Contact, "lea@x.example");
    paris.time_zone = TimeZone::parse("Europe/Paris").unwrap();
    s.insert_user(&paris).await.unwrap();
    let got = s.user(a.id, paris.id).await.unwrap().unwrap();
    assert_eq!(got.time_zone.name(), "Europe/Paris");

    db.execute("UPDATE users SET time_zone = 'Mars/Olympus'")
        .await;
    let got = s.user(a.id, paris.id).await.unwrap().unwrap();
    assert_eq!(got.time_zone, TimeZone::default());
    assert_eq!(got.time_zone.name(), DEFAULT_TIME_ZONE);
}
