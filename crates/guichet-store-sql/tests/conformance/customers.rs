//! Customer accounts, contacts and memberships.
use super::*;

pub(crate) async fn customers_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    let b = tenant("b.example");
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c1 = customer(a.id, "C-001", "Béton Laval");
    let c2 = customer(a.id, "C-002", "Acier Nord");
    let c3 = customer(a.id, "C-003", "Acier Sud 100%");
    for c in [&c1, &c2, &c3] {
        s.insert_customer(c).await.unwrap();
    }
    assert!(matches!(
        s.insert_customer(&customer(a.id, "C-001", "Dup")).await,
        Err(StoreError::Conflict { .. })
    ));
    s.insert_customer(&customer(b.id, "C-001", "Other tenant"))
        .await
        .unwrap();

    let page1 = s
        .list_customers(
            a.id,
            &CustomerQuery {
                limit: 2,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page1.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(),
        ["C-002", "C-003"]
    );
    let last = page1.last().unwrap();
    let page2 = s
        .list_customers(
            a.id,
            &CustomerQuery {
                limit: 2,
                after: Some((last.name.clone(), last.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page2.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(),
        ["C-001"]
    );
    let found = s
        .list_customers(
            a.id,
            &CustomerQuery {
                search: Some("acier".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    let pct = s
        .list_customers(
            a.id,
            &CustomerQuery {
                search: Some("100%".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(pct.len(), 1, "wildcards in searches are literal");
    assert_eq!(s.count_customers(a.id).await.unwrap(), 3);

    let mut edited = c1.clone();
    edited.shipping.city = "Laval".into();
    edited.name = "Béton Laval inc.".into();
    s.update_customer(&edited).await.unwrap();
    assert_eq!(s.customer(a.id, c1.id).await.unwrap(), Some(edited.clone()));
    assert_eq!(s.customer(b.id, c1.id).await.unwrap(), None);
    assert_eq!(
        s.customer_by_number(a.id, "C-001")
            .await
            .unwrap()
            .map(|c| c.id),
        Some(c1.id)
    );

    let contact = user(a.id, UserKind::Contact, "marc@beton.example");
    let role_a = default_role(&s, a.id).await;
    let role_b = default_role(&s, b.id).await;
    s.insert_contact(&member(a.id, c1.id, contact.id, role_a), &contact)
        .await
        .unwrap();
    let members = s.contacts_of(a.id, c1.id).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!((&members[0].user, members[0].role_id), (&contact, role_a));
    assert_eq!(s.customers_of(a.id, contact.id).await.unwrap().len(), 1);
    // Signed in: session, user and customer accounts (by name) in one statement.
    let second = customer(a.id, "C-000", "Aaa Second");
    s.insert_customer(&second).await.unwrap();
    s.add_membership(&member(a.id, second.id, contact.id, role_a))
        .await
        .unwrap();
    assert!(matches!(
        s.add_membership(&member(a.id, second.id, contact.id, role_a))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(
            s.add_membership(&member(b.id, second.id, contact.id, role_b))
                .await,
            Err(StoreError::NotFound)
        ),
        "never across tenants"
    );
    let third = customer(a.id, "C-009", "Zzz Third");
    s.insert_customer(&third).await.unwrap();
    assert!(
        matches!(
            s.add_membership(&member(a.id, third.id, contact.id, role_b))
                .await,
            Err(StoreError::NotFound)
        ),
        "never with another tenant's role"
    );
    let now = Millis::now();
    let session = Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: contact.id,
        token_hash: "contact-token".into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(60),
        user_agent: String::new(),
        ip: String::new(),
    };
    s.insert_session(&session).await.unwrap();
    let signed = s
        .signed_in(a.id, "contact-token", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.session, session);
    assert_eq!(signed.user.id, contact.id);
    assert_eq!(
        signed
            .accounts
            .iter()
            .map(|a| a.customer.number.as_str())
            .collect::<Vec<_>>(),
        ["C-000", "C-001"]
    );
    assert_eq!(signed.accounts[1].customer, edited);
    assert!(signed.accounts.iter().all(|a| a.role.id == role_a));
    assert!(
        s.signed_in(b.id, "contact-token", now)
            .await
            .unwrap()
            .is_none(),
        "other tenant"
    );
    assert!(
        s.signed_in(a.id, "contact-token", now.plus_secs(61))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    s.insert_session(&Session {
        id: SessionId::new(),
        user_id: staff.id,
        token_hash: "staff-token".into(),
        ..session.clone()
    })
    .await
    .unwrap();
    let staff_signed = s
        .signed_in(a.id, "staff-token", now)
        .await
        .unwrap()
        .unwrap();
    assert!(
        staff_signed.accounts.is_empty(),
        "staff belong to no customer account"
    );
    assert!(s.contacts_of(b.id, c1.id).await.unwrap().is_empty());
    // A contact cannot be attached to another tenant's customer; nothing is written.
    let stray = user(b.id, UserKind::Contact, "stray@x.example");
    assert!(matches!(
        s.insert_contact(&member(b.id, c1.id, stray.id, role_b), &stray)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.user(b.id, stray.id).await.unwrap(), None);
}
