//! Health, migrations and whole-installation copies.
use super::*;

pub(crate) async fn dump_restore_story(s: Arc<dyn Store>, target: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let c = customer(a.id, "C-9", "Nine");
    s.insert_customer(&c).await.unwrap();
    let nine = user(a.id, UserKind::Contact, "nine@x.example");
    let mut m = member(a.id, c.id, nine.id, default_role(&s, a.id).await);
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    m.invited_by = Some(staff.id);
    s.insert_contact(&m, &nine).await.unwrap();
    let mut extra = Role {
        id: RoleId::new(),
        tenant_id: a.id,
        name: "Comptabilité".into(),
        is_default: false,
        permissions: Permissions::default(),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    };
    extra
        .permissions
        .fields
        .insert(Field::TaxNumber, FieldAccess::Hidden);
    s.insert_role(&extra).await.unwrap();
    let profile = CompanyProfile {
        tenant_id: a.id,
        customer_id: c.id,
        legal_name: "Nine inc.".into(),
        version: 1,
        updated_at: Millis::now(),
        ..CompanyProfile::default()
    };
    let change = CompanyChange {
        id: ChangeId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        user_id: nine.id,
        user_name: nine.name.clone(),
        field: Field::LegalName,
        before: "Nine".into(),
        after: "Nine inc.".into(),
        status: ChangeStatus::Applied,
        created_at: Millis::now(),
        decided_by: None,
        decided_at: None,
    };
    s.save_company_profile(&profile, 0, &[change])
        .await
        .unwrap();
    s.set_approval_fields(a.id, &[Field::TaxNumber])
        .await
        .unwrap();
    s.set_notification_prefs(
        a.id,
        nine.id,
        &[(NotifyKind::SupportReply, NotifyMode::Digest)],
    )
    .await
    .unwrap();
    s.insert_address(&ShippingAddress {
        id: AddressId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        label: "Entrepôt".into(),
        site: String::new(),
        line1: "1 rue".into(),
        line2: String::new(),
        city: "Laval".into(),
        region: "QC".into(),
        postal_code: "H7N 1A1".into(),
        country: "CA".into(),
        instructions: String::new(),
        is_default: true,
        archived_at: None,
        used_at: Some(Millis::now()),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    })
    .await
    .unwrap();
    s.enqueue_email(&email(a.id, "nine@x.example"))
        .await
        .unwrap();
    // Selling: a segment, terms, a product with a price, a cart line, an order and its event.
    let seg = Segment {
        id: SegmentId::new(),
        tenant_id: a.id,
        name: "Entrepreneurs".into(),
        created_at: Millis::now(),
    };
    s.insert_segment(&seg).await.unwrap();
    s.set_customer_terms(&CustomerTerms {
        tenant_id: a.id,
        customer_id: c.id,
        segment_id: Some(seg.id),
        tax_region: TaxRegion::Qc,
        updated_at: Millis::now(),
    })
    .await
    .unwrap();
    let p = super::sales::product(a.id, "PV-1", "Panneau", "Panel");
    s.insert_product(&p).await.unwrap();
    s.insert_price(&super::sales::price(
        a.id,
        p.id,
        PriceTarget::Segment(seg.id),
        1,
        100,
    ))
    .await
    .unwrap();
    s.add_to_cart(&CartLine {
        tenant_id: a.id,
        user_id: nine.id,
        customer_id: c.id,
        product_id: p.id,
        quantity: 2,
        seen_unit: Money::new(100, Currency::Cad),
        added_at: Millis::now(),
    })
    .await
    .unwrap();
    let order = Order {
        id: OrderId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        customer_name: c.name.clone(),
        number: 0,
        placed_by: nine.id,
        placed_by_name: nine.name.clone(),
        status: OrderStatus::Received,
        po_number: String::new(),
        note: String::new(),
        requested_on: None,
        address_id: None,
        ship_to: "1 rue".into(),
        currency: Currency::Cad,
        subtotal_minor: 100,
        taxes: TaxRegion::Qc.taxes_on(100),
        total_minor: 115,
        shipment: Shipment::default(),
        submit_key: uuid::Uuid::now_v7(),
        quote_id: None,
        deposit_minor: 0,
        created_at: Millis::now(),
        updated_at: Millis::now(),
    };
    let line = OrderLine {
        product_id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        unit: Unit::Each,
        quantity: 1,
        unit_minor: 100,
        total_minor: 100,
        shipped: 0,
    };
    let event = OrderEvent {
        id: uuid::Uuid::now_v7(),
        tenant_id: a.id,
        order_id: order.id,
        at: Millis::now(),
        status: OrderStatus::Received,
        by_name: nine.name.clone(),
        note: String::new(),
    };
    s.place_order(&order, std::slice::from_ref(&line), &event)
        .await
        .unwrap();
    let dump = s.dump().await.unwrap();
    assert_eq!(
        (
            dump.roles.len(),
            dump.memberships.len(),
            dump.profiles.len(),
            dump.company_changes.len(),
            dump.approval_fields.len(),
            dump.notification_prefs.len(),
            dump.addresses.len()
        ),
        (2, 1, 1, 1, 1, 1, 1),
        "the dump holds roles, memberships and company details"
    );
    assert_eq!(dump.memberships[0].invited_by, Some(staff.id));
    target.restore(&dump).await.unwrap();
    assert_eq!(target.dump().await.unwrap(), dump);
    // Order numbers go on from where they were.
    let next = Order {
        id: OrderId::new(),
        submit_key: uuid::Uuid::now_v7(),
        quote_id: None,
        deposit_minor: 0,
        ..order.clone()
    };
    assert_eq!(
        target
            .place_order(
                &next,
                &[line],
                &OrderEvent {
                    id: uuid::Uuid::now_v7(),
                    order_id: next.id,
                    ..event
                }
            )
            .await
            .unwrap(),
        Placed::New(2)
    );
    assert!(
        matches!(
            target.restore(&dump).await,
            Err(StoreError::Conflict { .. })
        ),
        "refuses a non-empty target"
    );
    assert!(target.migrations_current().await.unwrap());
}

#[tokio::test]
async fn dump_restore_sqlite_to_postgres() {
    let (s, _d) = sqlite().await;
    dump_restore_story(s, postgres().await).await;
}

#[tokio::test]
async fn dump_restore_postgres_to_sqlite() {
    let (t, _d) = sqlite().await;
    dump_restore_story(postgres().await, t).await;
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let (s, _d) = sqlite().await;
    assert_eq!(s.migrate().await.unwrap(), 0);
    assert!(s.migrations_current().await.unwrap());
    s.ping().await.unwrap();
    assert_eq!(s.backend_name(), "sqlite");
    let p = postgres().await;
    assert_eq!(p.migrate().await.unwrap(), 0);
    assert!(p.migrations_current().await.unwrap());
    p.ping().await.unwrap();
    assert_eq!(p.backend_name(), "postgres");
}
