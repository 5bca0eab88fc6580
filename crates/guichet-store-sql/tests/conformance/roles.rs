//! Portal roles.
use super::*;

/// Portal roles: one default per tenant, names unique, moves and deletion with transfer.
pub(crate) async fn roles_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let roles = s.roles(a.id).await.unwrap();
    assert_eq!(roles.len(), 1, "a new tenant has its default role");
    let (default, count) = &roles[0];
    assert!(default.is_default);
    assert_eq!((default.name.as_str(), *count), ("Client", 0));
    assert_eq!(default.permissions, Permissions::default_role());
    let role_b = default_role(&s, b.id).await;

    let now = Millis::now();
    let mk = |name: &str| Role {
        id: RoleId::new(),
        tenant_id: a.id,
        name: name.into(),
        is_default: false,
        permissions: Permissions::default(),
        created_at: now,
        updated_at: now,
    };
    let mut accounting = mk("Comptabilité");
    s.insert_role(&accounting).await.unwrap();
    assert!(matches!(
        s.insert_role(&mk("Comptabilité")).await,
        Err(StoreError::Conflict { .. })
    ));
    let second_default = Role {
        is_default: true,
        ..mk("Autre")
    };
    assert!(
        matches!(
            s.insert_role(&second_default).await,
            Err(StoreError::Conflict { .. })
        ),
        "one default per tenant"
    );
    accounting
        .permissions
        .fields
        .insert(Field::LegalName, FieldAccess::ReadOnly);
    accounting.name = "Comptabilité générale".into();
    s.update_role(&accounting).await.unwrap();
    assert_eq!(
        s.role(a.id, accounting.id).await.unwrap(),
        Some(accounting.clone())
    );
    assert_eq!(s.role(b.id, accounting.id).await.unwrap(), None);
    let foreign = Role {
        tenant_id: b.id,
        ..accounting.clone()
    };
    assert!(matches!(
        s.update_role(&foreign).await,
        Err(StoreError::NotFound)
    ));

    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let (u1, u2) = (
        user(a.id, UserKind::Contact, "one@x.example"),
        user(a.id, UserKind::Contact, "two@x.example"),
    );
    s.insert_contact(&member(a.id, c.id, u1.id, default.id), &u1)
        .await
        .unwrap();
    s.insert_contact(&member(a.id, c.id, u2.id, default.id), &u2)
        .await
        .unwrap();
    assert_eq!(
        s.set_member_roles(a.id, &[(c.id, u1.id), (c.id, u2.id)], accounting.id)
            .await
            .unwrap(),
        2
    );
    assert!(matches!(
        s.set_member_roles(a.id, &[(c.id, u1.id)], role_b).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        matches!(
            s.set_member_roles(b.id, &[(c.id, u1.id)], role_b).await,
            Err(StoreError::NotFound)
        ),
        "another tenant's memberships are out of reach"
    );
    let stranger = UserId::new();
    let r = s
        .set_member_roles(a.id, &[(c.id, u1.id), (c.id, stranger)], default.id)
        .await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    assert_eq!(
        s.contacts_of(a.id, c.id).await.unwrap()[0].role_id,
        accounting.id,
        "all or nothing"
    );
    let counts: Vec<(String, i64)> = s
        .roles(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(r, n)| (r.name, n))
        .collect();
    assert_eq!(
        counts,
        [
            ("Client".to_string(), 0),
            ("Comptabilité générale".to_string(), 2)
        ]
    );

    // Who shows what a role sees: one who may sign in first, then by name; never another
    // tenant's, none for a role nobody holds.
    assert_eq!(
        s.role_holder(a.id, accounting.id).await.unwrap(),
        Some((c.id, u1.id))
    );
    s.set_password(a.id, u2.id, "$argon2id$x", None, None, Millis::now())
        .await
        .unwrap();
    assert_eq!(
        s.role_holder(a.id, accounting.id).await.unwrap(),
        Some((c.id, u2.id)),
        "the one who signed up"
    );
    assert_eq!(s.role_holder(a.id, default.id).await.unwrap(), None);
    assert_eq!(s.role_holder(b.id, accounting.id).await.unwrap(), None);

    // Deleting: never the default, never to itself or to another tenant's role.
    assert!(matches!(
        s.delete_role(a.id, default.id, accounting.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_role(a.id, accounting.id, accounting.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_role(a.id, accounting.id, role_b).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.delete_role(a.id, accounting.id, default.id)
            .await
            .unwrap(),
        2
    );
    assert_eq!(s.role(a.id, accounting.id).await.unwrap(), None);
    assert!(
        s.contacts_of(a.id, c.id)
            .await
            .unwrap()
            .iter()
            .all(|m| m.role_id == default.id)
    );
}
