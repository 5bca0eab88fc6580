//! Address books.
use super::*;

pub(crate) async fn address_book_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let now = Millis::now();
    let mk = |label: &str, default: bool| ShippingAddress {
        id: AddressId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        label: label.into(),
        site: String::new(),
        line1: "1 rue Principale".into(),
        line2: String::new(),
        city: "Laval".into(),
        region: "QC".into(),
        postal_code: "H7N 1A1".into(),
        country: "CA".into(),
        instructions: "Quai 3".into(),
        is_default: default,
        archived_at: None,
        used_at: None,
        created_at: now,
        updated_at: now,
    };
    let (one, mut two) = (mk("Entrepôt", true), mk("Bureau", false));
    s.insert_address(&one).await.unwrap();
    s.insert_address(&two).await.unwrap();
    let foreign = ShippingAddress {
        tenant_id: b.id,
        ..mk("X", false)
    };
    assert!(matches!(
        s.insert_address(&foreign).await,
        Err(StoreError::NotFound)
    ));
    let list = s.addresses(a.id, c.id).await.unwrap();
    assert_eq!(
        list.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(),
        ["Entrepôt", "Bureau"],
        "default first"
    );
    assert!(s.addresses(b.id, c.id).await.unwrap().is_empty());
    assert_eq!(s.address(b.id, one.id).await.unwrap(), None);

    // One default at a time.
    s.set_default_address(a.id, two.id, now.plus_secs(1))
        .await
        .unwrap();
    let list = s.addresses(a.id, c.id).await.unwrap();
    assert_eq!(list.iter().filter(|x| x.is_default).count(), 1);
    assert_eq!(list[0].id, two.id);

    // Saving over someone else's change fails; nothing is written.
    let current = s.address(a.id, two.id).await.unwrap().unwrap();
    two = ShippingAddress {
        label: "Bureau-chef".into(),
        updated_at: now.plus_secs(2),
        is_default: true,
        ..current.clone()
    };
    s.update_address(&two, current.updated_at).await.unwrap();
    let stale = ShippingAddress {
        label: "Perdu".into(),
        updated_at: now.plus_secs(3),
        ..current.clone()
    };
    assert!(matches!(
        s.update_address(&stale, current.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.address(a.id, two.id).await.unwrap().unwrap().label,
        "Bureau-chef"
    );

    // Archiving the default leaves none; an archived address cannot become the default.
    s.set_address_archived(a.id, two.id, true, now.plus_secs(4))
        .await
        .unwrap();
    let archived = s.address(a.id, two.id).await.unwrap().unwrap();
    assert!(archived.archived_at.is_some() && !archived.is_default);
    assert!(matches!(
        s.set_default_address(a.id, two.id, now).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.addresses(a.id, c.id).await.unwrap().last().unwrap().id,
        two.id,
        "archived last"
    );
    s.set_address_archived(a.id, two.id, false, now.plus_secs(5))
        .await
        .unwrap();
    assert!(
        s.address(a.id, two.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
    assert!(matches!(
        s.set_address_archived(b.id, two.id, true, now).await,
        Err(StoreError::NotFound)
    ));

    // Deleting: only never-used addresses.
    let used = ShippingAddress {
        used_at: Some(now),
        ..mk("Chantier", false)
    };
    s.insert_address(&used).await.unwrap();
    assert!(matches!(
        s.delete_address(a.id, used.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_address(b.id, one.id).await,
        Err(StoreError::NotFound)
    ));
    s.delete_address(a.id, one.id).await.unwrap();
    assert_eq!(s.addresses(a.id, c.id).await.unwrap().len(), 2);
}
