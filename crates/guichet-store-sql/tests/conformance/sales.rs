//! The catalog, price rules, carts and orders.
use super::*;

pub(crate) fn product(t: TenantId, sku: &str, fr: &str, en: &str) -> Product {
    let now = Millis::now();
    Product {
        id: ProductId::new(),
        tenant_id: t,
        sku: sku.into(),
        name: Texts::new(fr, en),
        description: Texts::new("Description", "Description"),
        category: Texts::new("Panneaux", "Panels"),
        unit: Unit::Each,
        availability: Availability::LeadTime(10),
        min_quantity: 1,
        multiple: 1,
        active: true,
        image: None,
        configurator: None,
        created_at: now,
        updated_at: now,
    }
}

pub(crate) fn price(
    t: TenantId,
    p: ProductId,
    target: PriceTarget,
    min: i64,
    minor: i64,
) -> PriceRule {
    PriceRule {
        id: PriceId::new(),
        tenant_id: t,
        product_id: p,
        target,
        min_quantity: min,
        unit_minor: minor,
        currency: Currency::Cad,
        valid_from: None,
        valid_until: None,
        created_at: Millis::now(),
    }
}

const TODAY: &str = "2026-12-06";

pub(crate) async fn catalog_story(s: Arc<dyn Store>) {
    let (a, b, c, _staff) = two_tenants(&s).await;
    let other = customer(a.id, "C-2", "Beta");
    s.insert_customer(&other).await.unwrap();

    // Segments and terms.
    let seg = Segment {
        id: SegmentId::new(),
        tenant_id: a.id,
        name: "Distributeurs".into(),
        created_at: Millis::now(),
    };
    s.insert_segment(&seg).await.unwrap();
    assert!(matches!(
        s.insert_segment(&Segment {
            id: SegmentId::new(),
            ..seg.clone()
        })
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.segments(a.id).await.unwrap(), vec![seg.clone()]);
    assert!(s.segments(b.id).await.unwrap().is_empty());
    let terms = CustomerTerms {
        tenant_id: a.id,
        customer_id: c.id,
        segment_id: Some(seg.id),
        tax_region: TaxRegion::On,
        updated_at: Millis::now(),
    };
    s.set_customer_terms(&terms).await.unwrap();
    assert_eq!(
        s.customer_terms(a.id, c.id).await.unwrap(),
        Some(terms.clone())
    );
    assert_eq!(s.customer_terms(b.id, c.id).await.unwrap(), None);
    // Another tenant cannot set terms on A's customer, nor name A's segment.
    assert!(matches!(
        s.set_customer_terms(&CustomerTerms {
            tenant_id: b.id,
            ..terms.clone()
        })
        .await,
        Err(StoreError::NotFound)
    ));
    let foreign_seg = Segment {
        id: SegmentId::new(),
        tenant_id: b.id,
        name: "B".into(),
        created_at: Millis::now(),
    };
    s.insert_segment(&foreign_seg).await.unwrap();
    assert!(matches!(
        s.set_customer_terms(&CustomerTerms {
            segment_id: Some(foreign_seg.id),
            ..terms.clone()
        })
        .await,
        Err(StoreError::NotFound)
    ));

    // Products: unique SKU per tenant, optimistic saves.
    let panel = product(a.id, "PV-440", "Panneau 440 W", "440 W panel");
    let inverter = Product {
        category: Texts::new("Onduleurs", "Inverters"),
        ..product(a.id, "INV-5", "Onduleur 5 kW", "5 kW inverter")
    };
    let exclusive = product(a.id, "EX-1", "Support sur mesure", "Custom mount");
    let withdrawn = Product {
        active: false,
        ..product(a.id, "OLD-1", "Ancien panneau", "Old panel")
    };
    for p in [&panel, &inverter, &exclusive, &withdrawn] {
        s.insert_product(p).await.unwrap();
    }
    assert!(matches!(
        s.insert_product(&product(a.id, "PV-440", "Doublon", "Duplicate"))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    s.insert_product(&product(
        b.id,
        "PV-440",
        "Autre fournisseur",
        "Other provider",
    ))
    .await
    .unwrap();
    let seen = panel.updated_at;
    let renamed = Product {
        name: Texts::new("Panneau solaire 440 W", "440 W solar panel"),
        updated_at: Millis(seen.0 + 1),
        ..panel.clone()
    };
    s.update_product(&renamed, seen).await.unwrap();
    assert!(matches!(
        s.update_product(&renamed, seen).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.update_product(
            &Product {
                sku: "INV-5".into(),
                updated_at: Millis(seen.0 + 2),
                ..renamed.clone()
            },
            renamed.updated_at
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.product(a.id, panel.id).await.unwrap(),
        Some(renamed.clone())
    );
    // A picture: set, kept by an edit of the product's fields, removed; the tenant's only.
    let picture = ProductImage {
        sha256: "ab".repeat(32),
        content_type: "image/png".into(),
    };
    let at = Millis(renamed.updated_at.0 + 10);
    s.set_product_image(a.id, panel.id, Some(&picture), at)
        .await
        .unwrap();
    assert!(matches!(
        s.set_product_image(b.id, panel.id, Some(&picture), at)
            .await,
        Err(StoreError::NotFound)
    ));
    let pictured = s.product(a.id, panel.id).await.unwrap().unwrap();
    assert_eq!(pictured.image, Some(picture.clone()));
    assert_eq!(pictured.updated_at, at);
    s.set_product_image(a.id, panel.id, None, Millis(at.0 + 1))
        .await
        .unwrap();
    let renamed = s.product(a.id, panel.id).await.unwrap().unwrap();
    assert_eq!(renamed.image, None);
    assert_eq!(s.product(b.id, panel.id).await.unwrap(), None);
    // By SKU: the tenant's own product; B, with a product of the same SKU, gets only its own.
    assert_eq!(
        s.product_by_sku(a.id, &renamed.sku).await.unwrap(),
        Some(renamed.clone())
    );
    let bs = s.product_by_sku(b.id, "PV-440").await.unwrap().unwrap();
    assert_eq!(
        (bs.tenant_id, bs.name.fr.as_str()),
        (b.id, "Autre fournisseur")
    );
    assert_eq!(s.product_by_sku(a.id, "NOPE-1").await.unwrap(), None);

    let all = |search: &str, category: &str, inactive: bool| ProductQuery {
        search: search.into(),
        category: category.into(),
        include_inactive: inactive,
        favourites_of: None,
        limit: 50,
        offset: 0,
    };
    let skus = |list: Vec<Product>| list.into_iter().map(|p| p.sku).collect::<Vec<_>>();
    assert_eq!(
        skus(s.products(a.id, &all("", "", false)).await.unwrap()),
        ["INV-5", "PV-440", "EX-1"]
    );
    assert_eq!(s.products(a.id, &all("", "", true)).await.unwrap().len(), 4);
    assert_eq!(
        skus(s.products(a.id, &all("SOLAR", "", false)).await.unwrap()),
        ["PV-440"]
    );
    assert_eq!(
        skus(s.products(a.id, &all("inv-", "", false)).await.unwrap()),
        ["INV-5"]
    );
    assert_eq!(
        skus(
            s.products(a.id, &all("", "Inverters", false))
                .await
                .unwrap()
        ),
        ["INV-5"]
    );
    assert!(s.products(a.id, &all("%", "", false)).await.unwrap().len() == 3);
    assert_eq!(
        s.categories(a.id).await.unwrap(),
        vec![
            Texts::new("Onduleurs", "Inverters"),
            Texts::new("Panneaux", "Panels")
        ]
    );

    // Price rules, guarded by tenant.
    let base = price(a.id, panel.id, PriceTarget::Base, 1, 25000);
    let base_break = price(a.id, panel.id, PriceTarget::Base, 10, 23000);
    let for_segment = price(a.id, panel.id, PriceTarget::Segment(seg.id), 1, 22000);
    let inv_base = price(a.id, inverter.id, PriceTarget::Base, 1, 180000);
    let only_c = price(a.id, exclusive.id, PriceTarget::Customer(c.id), 1, 9900);
    let expired = PriceRule {
        valid_until: Some("2026-11-30".into()),
        ..price(a.id, inverter.id, PriceTarget::Customer(c.id), 1, 100)
    };
    let withdrawn_price = price(a.id, withdrawn.id, PriceTarget::Base, 1, 100);
    for r in [
        &base,
        &base_break,
        &for_segment,
        &inv_base,
        &only_c,
        &expired,
        &withdrawn_price,
    ] {
        s.insert_price(r).await.unwrap();
    }
    for forged in [
        PriceRule {
            tenant_id: b.id,
            ..price(a.id, panel.id, PriceTarget::Base, 1, 1)
        },
        price(a.id, panel.id, PriceTarget::Segment(foreign_seg.id), 1, 1),
        price(
            a.id,
            panel.id,
            PriceTarget::Customer(CustomerId::new()),
            1,
            1,
        ),
    ] {
        assert!(
            matches!(s.insert_price(&forged).await, Err(StoreError::NotFound)),
            "{forged:?}"
        );
    }
    assert_eq!(s.price(a.id, base.id).await.unwrap(), Some(base.clone()));
    assert_eq!(s.price(b.id, base.id).await.unwrap(), None);
    let rules = s.prices_of(a.id, panel.id).await.unwrap();
    assert_eq!(
        rules.iter().map(|r| r.unit_minor).collect::<Vec<_>>(),
        [25000, 23000, 22000],
        "base first, then segment, by quantity"
    );
    assert!(s.prices_of(b.id, panel.id).await.unwrap().is_empty());

    // The catalog each customer sees.
    let buyer_c = Buyer {
        customer: c.id,
        segment: Some(seg.id),
        currency: Currency::Cad,
    };
    let buyer_other = Buyer {
        customer: other.id,
        segment: None,
        currency: Currency::Cad,
    };
    let seen_by = |list: Vec<(Product, Vec<PriceRule>)>| {
        list.into_iter()
            .map(|(p, r)| (p.sku, r.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        seen_by(
            s.catalog(a.id, &buyer_c, TODAY, &all("", "", false))
                .await
                .unwrap()
        ),
        [
            ("INV-5".into(), 1),
            ("PV-440".into(), 3),
            ("EX-1".into(), 1)
        ],
        "the expired rule is left out; the withdrawn product too"
    );
    assert_eq!(
        seen_by(
            s.catalog(a.id, &buyer_other, TODAY, &all("", "", false))
                .await
                .unwrap()
        ),
        [("INV-5".into(), 1), ("PV-440".into(), 2)],
        "another customer sees neither C's product nor the segment's price"
    );
    assert_eq!(
        seen_by(
            s.catalog(a.id, &buyer_c, "2026-11-30", &all("onduleur", "", false))
                .await
                .unwrap()
        ),
        [("INV-5".into(), 2)]
    );
    assert!(
        s.catalog(
            a.id,
            &Buyer {
                currency: Currency::Usd,
                ..buyer_c
            },
            TODAY,
            &all("", "", false)
        )
        .await
        .unwrap()
        .is_empty()
    );
    assert!(
        s.catalog(b.id, &buyer_c, TODAY, &all("", "", false))
            .await
            .unwrap()
            .is_empty()
    );

    s.delete_price(a.id, base_break.id).await.unwrap();
    assert!(matches!(
        s.delete_price(a.id, base_break.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_price(b.id, base.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.prices_of(a.id, panel.id).await.unwrap().len(), 2);
}

/// Full-text search of the catalog through each database's engine (issue 16): accents folded,
/// either language, the last word a prefix, SKUs and descriptions, the most relevant first;
/// what is typed is never search syntax; an edited product is found by its new texts only;
/// another tenant's products never.
pub(crate) async fn product_search_story(s: Arc<dyn Store>) {
    let (a, b, c, _staff) = two_tenants(&s).await;
    let with = |p: Product, description: (&str, &str), category: (&str, &str)| Product {
        description: Texts::new(description.0, description.1),
        category: Texts::new(category.0, category.1),
        ..p
    };
    let panel = with(
        product(
            a.id,
            "ELEC-200",
            "Panneau électrique 200 A",
            "200 A electrical panel",
        ),
        ("Disjoncteur principal inclus", "Main breaker included"),
        ("Distribution", "Distribution"),
    );
    let wire = with(
        product(a.id, "CAB-14", "Câble de cuivre", "Copper wire"),
        ("Gaine en PVC", "PVC jacket"),
        ("Câblage", "Wiring"),
    );
    let module = with(
        product(a.id, "PV-440", "Module solaire 440 W", "440 W solar module"),
        ("Cellules monocristallines", "Monocrystalline cells"),
        ("Solaire", "Solar"),
    );
    let clamp = with(
        product(a.id, "ATT-1", "Attache de rail", "Rail clamp"),
        ("Fixe un module au rail", "Holds a module on its rail"),
        ("Solaire", "Solar"),
    );
    let used = Product {
        active: false,
        ..with(
            product(
                a.id,
                "ELEC-100",
                "Panneau électrique usagé",
                "Used electrical panel",
            ),
            ("", ""),
            ("Distribution", "Distribution"),
        )
    };
    let theirs = product(b.id, "ELEC-200", "Panneau électrique", "Electrical panel");
    for p in [&panel, &wire, &module, &clamp, &used, &theirs] {
        s.insert_product(p).await.unwrap();
    }
    let q = |search: &str, category: &str, inactive: bool| ProductQuery {
        search: search.into(),
        category: category.into(),
        include_inactive: inactive,
        favourites_of: None,
        limit: 50,
        offset: 0,
    };
    let skus = |list: Vec<Product>| list.into_iter().map(|p| p.sku).collect::<Vec<_>>();
    let found = |search: &'static str| {
        let s = s.clone();
        let a = a.id;
        async move {
            skus(
                s.products(a, &q(search, "", false))
                    .await
                    .unwrap_or_else(|e| panic!("searching {search:?}: {e}")),
            )
        }
    };
    let everything = found("").await;
    assert_eq!(
        everything,
        ["ATT-1", "CAB-14", "PV-440", "ELEC-200"],
        "by French name"
    );

    // Accents, case, either language, prefixes, SKUs, descriptions, categories.
    for (search, expected) in [
        ("electrique", &["ELEC-200"][..]),
        ("Électrique", &["ELEC-200"]),
        ("ÉLECTRIQUE", &["ELEC-200"]),
        ("electrical", &["ELEC-200"]),
        ("cable cuivre", &["CAB-14"]),
        ("câble", &["CAB-14"]),
        ("copper", &["CAB-14"]),
        ("panneau electrical", &["ELEC-200"]),
        ("pann", &["ELEC-200"]),
        ("élec", &["ELEC-200"]),
        ("cuiv", &["CAB-14"]),
        ("mono", &["PV-440"]),
        ("CAB-14", &["CAB-14"]),
        ("cab", &["CAB-14"]),
        ("pv 440", &["PV-440"]),
        ("disjoncteur", &["ELEC-200"]),
        ("breaker", &["ELEC-200"]),
        ("gaine", &["CAB-14"]),
        ("wiring", &["CAB-14"]),
        ("nothing like it", &[]),
    ] {
        assert_eq!(found(search).await, expected, "searching {search:?}");
    }
    // The most relevant first: "module" names PV-440 and is only in ATT-1's description,
    // though "Attache" comes first by name.
    assert_eq!(found("module").await, ["PV-440", "ATT-1"]);
    assert_eq!(found("rail").await, ["ATT-1"]);
    // The category filter and inactive products, as before.
    assert_eq!(
        skus(
            s.products(a.id, &q("solaire", "Solar", false))
                .await
                .unwrap()
        ),
        ["PV-440", "ATT-1"]
    );
    assert!(
        s.products(a.id, &q("electrique", "Solar", false))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        skus(s.products(a.id, &q("usage", "", true)).await.unwrap()),
        ["ELEC-100"]
    );
    assert!(found("usage").await.is_empty(), "inactive left out");

    // What is typed is never search syntax: no error, never everything; punctuation alone is
    // no search at all.
    for search in [
        "\"",
        "*",
        "-",
        ":",
        "&",
        "!",
        "(",
        ")",
        "^",
        "'",
        "\\",
        "\"*:&!()-^'",
        "   ",
    ] {
        assert_eq!(found(search).await, everything, "searching {search:?}");
    }
    for (search, expected) in [
        ("\"electrique", &["ELEC-200"][..]),
        ("electrique\"", &["ELEC-200"]),
        ("electrique*", &["ELEC-200"]),
        ("-electrique", &["ELEC-200"]),
        ("!cuivre", &["CAB-14"]),
        ("(cuivre)", &["CAB-14"]),
        ("cuivre:*", &["CAB-14"]),
        ("sku:CAB", &[]),
        ("name_fr:cuivre", &[]),
        ("OR", &[]),
        ("electrique OR cuivre", &[]),
        ("cuivre & !electrique", &[]),
        ("cuivre | electrique", &[]),
        ("NEAR(", &[]),
        ("NEAR(electrique cuivre)", &[]),
        ("NOT", &[]),
        ("cuivre NOT electrique", &[]),
        ("cuivre <-> gaine", &["CAB-14"]),
        ("'cuivre'", &["CAB-14"]),
        ("{cuivre}", &["CAB-14"]),
        ("cuivre+gaine", &["CAB-14"]),
    ] {
        assert_eq!(found(search).await, expected, "searching {search:?}");
    }

    // An edited product is found by its new texts, no longer by its old ones.
    let renamed = Product {
        name: Texts::new("Boîte de répartition", "Load centre"),
        updated_at: Millis(panel.updated_at.0 + 1),
        ..panel.clone()
    };
    s.update_product(&renamed, panel.updated_at).await.unwrap();
    assert_eq!(found("repartition").await, ["ELEC-200"]);
    assert_eq!(found("load cent").await, ["ELEC-200"]);
    assert!(found("electrique").await.is_empty(), "the old name is gone");
    assert!(found("pann").await.is_empty());
    assert_eq!(found("disjoncteur").await, ["ELEC-200"], "the rest stays");

    // Another tenant's products are never found, and A's never by B.
    assert_eq!(
        skus(s.products(b.id, &q("electrique", "", true)).await.unwrap()),
        ["ELEC-200"]
    );
    assert!(
        s.products(b.id, &q("cuivre", "", true))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.products(b.id, &q("elec", "", true)).await.unwrap()[0].id,
        theirs.id
    );

    // A buyer's catalog searches the same way, the most relevant first.
    for p in [&panel, &wire, &module, &clamp, &theirs] {
        s.insert_price(&price(p.tenant_id, p.id, PriceTarget::Base, 1, 1000))
            .await
            .unwrap();
    }
    let buyer = Buyer {
        customer: c.id,
        segment: None,
        currency: Currency::Cad,
    };
    let catalog = |search: &'static str| {
        let s = s.clone();
        let (a, buyer) = (a.id, buyer);
        async move {
            s.catalog(a, &buyer, TODAY, &q(search, "", false))
                .await
                .unwrap()
                .into_iter()
                .map(|(p, rules)| (p.sku, rules.len()))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        catalog("module").await,
        [("PV-440".to_string(), 1), ("ATT-1".to_string(), 1)]
    );
    assert_eq!(catalog("Cuivré").await, [("CAB-14".to_string(), 1)]);
    assert!(catalog("electrique").await.is_empty());
    assert_eq!(
        catalog("(\"*:").await.len(),
        4,
        "punctuation alone: no search"
    );
    assert!(
        s.catalog(b.id, &buyer, TODAY, &q("cuivre", "", false))
            .await
            .unwrap()
            .is_empty()
    );
}

pub(crate) async fn orders_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let role = default_role(&s, a.id).await;
    let buyer = user(a.id, UserKind::Contact, "buyer@c.example");
    s.insert_contact(&member(a.id, c.id, buyer.id, role), &buyer)
        .await
        .unwrap();
    let panel = product(a.id, "PV-440", "Panneau", "Panel");
    let rail = product(a.id, "RAIL-2", "Rail", "Rail");
    s.insert_product(&panel).await.unwrap();
    s.insert_product(&rail).await.unwrap();
    s.insert_price(&price(a.id, panel.id, PriceTarget::Base, 1, 25000))
        .await
        .unwrap();
    s.insert_price(&price(a.id, rail.id, PriceTarget::Base, 1, 1500))
        .await
        .unwrap();
    let who = Buyer {
        customer: c.id,
        segment: None,
        currency: Currency::Cad,
    };

    // The cart: quantities add up; lines are the person's, in one account.
    let line = |p: &Product, q: i64, minor: i64| CartLine {
        tenant_id: a.id,
        user_id: buyer.id,
        customer_id: c.id,
        product_id: p.id,
        quantity: q,
        seen_unit: Money::new(minor, Currency::Cad),
        added_at: Millis::now(),
    };
    s.add_to_cart(&line(&panel, 2, 25000)).await.unwrap();
    s.add_to_cart(&line(&panel, 3, 25000)).await.unwrap();
    s.add_to_cart(&line(&rail, 4, 1500)).await.unwrap();
    assert!(matches!(
        s.add_to_cart(&CartLine {
            tenant_id: b.id,
            ..line(&panel, 1, 1)
        })
        .await,
        Err(StoreError::NotFound)
    ));
    let cart = s.cart(a.id, buyer.id, &who, TODAY).await.unwrap();
    assert_eq!(
        cart.iter()
            .map(|(l, p, r)| (p.sku.as_str(), l.quantity, r.len()))
            .collect::<Vec<_>>(),
        [("PV-440", 5, 1), ("RAIL-2", 4, 1)]
    );
    assert!(
        s.cart(b.id, buyer.id, &who, TODAY)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.cart(a.id, staff.id, &who, TODAY)
            .await
            .unwrap()
            .is_empty()
    );
    s.set_cart_line(&line(&rail, 8, 1400)).await.unwrap();
    assert!(matches!(
        s.set_cart_line(&CartLine {
            user_id: staff.id,
            ..line(&rail, 8, 1400)
        })
        .await,
        Err(StoreError::NotFound)
    ));
    s.remove_cart_line(a.id, buyer.id, c.id, rail.id)
        .await
        .unwrap();
    assert!(matches!(
        s.remove_cart_line(a.id, buyer.id, c.id, rail.id).await,
        Err(StoreError::NotFound)
    ));
    s.add_to_cart(&line(&rail, 8, 1500)).await.unwrap();

    // Placing: numbered, idempotent by submit key, the cart emptied of what was ordered.
    let now = Millis::now();
    let order = |key: uuid::Uuid| Order {
        id: OrderId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        customer_name: c.name.clone(),
        number: 0,
        placed_by: buyer.id,
        placed_by_name: buyer.name.clone(),
        status: OrderStatus::Received,
        po_number: "PO-77".into(),
        note: "Livrer au quai 3".into(),
        requested_on: Some("2026-12-20".into()),
        address_id: None,
        ship_to: "1 rue Principale\nLaval QC".into(),
        currency: Currency::Cad,
        subtotal_minor: 137000,
        taxes: TaxRegion::Qc.taxes_on(137000),
        total_minor: 137000 + 20516,
        shipment: Shipment::default(),
        submit_key: key,
        quote_id: None,
        deposit_minor: 0,
        created_at: now,
        updated_at: now,
    };
    let lines = vec![
        OrderLine {
            product_id: panel.id,
            sku: panel.sku.clone(),
            name: panel.name.clone(),
            unit: Unit::Each,
            quantity: 5,
            unit_minor: 25000,
            total_minor: 125000,
            shipped: 0,
        },
        OrderLine {
            product_id: rail.id,
            sku: rail.sku.clone(),
            name: rail.name.clone(),
            unit: Unit::Each,
            quantity: 8,
            unit_minor: 1500,
            total_minor: 12000,
            shipped: 0,
        },
    ];
    let event = |o: &Order, status: OrderStatus| OrderEvent {
        id: uuid::Uuid::now_v7(),
        tenant_id: a.id,
        order_id: o.id,
        at: Millis::now(),
        status,
        by_name: "someone".into(),
        note: String::new(),
    };
    let key = uuid::Uuid::now_v7();
    let first = order(key);
    // Fifty submissions of the same page at once make one order.
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (s, lines) = (s.clone(), lines.clone());
        let o = Order {
            id: OrderId::new(),
            ..first.clone()
        };
        let ev = event(&o, OrderStatus::Received);
        tasks.push(tokio::spawn(async move {
            s.place_order(&o, &lines, &ev).await.map(|p| (p, o.id))
        }));
    }
    let mut placed = Vec::new();
    let mut again = Vec::new();
    for t in tasks {
        match t.await.unwrap().unwrap() {
            (Placed::New(n), id) => placed.push((n, id)),
            (Placed::Already(id), _) => again.push(id),
        }
    }
    assert_eq!(placed.len(), 1, "one order");
    let (number, id) = placed[0];
    assert_eq!(number, 1);
    assert_eq!(again.len(), 49);
    assert!(again.iter().all(|x| *x == id));
    assert!(
        s.cart(a.id, buyer.id, &who, TODAY)
            .await
            .unwrap()
            .is_empty()
    );

    let stored = s.order(a.id, id).await.unwrap().unwrap();
    assert_eq!(stored.number, 1);
    assert_eq!(stored.taxes, first.taxes);
    assert_eq!(stored.ship_to, first.ship_to);
    assert_eq!(s.order(b.id, id).await.unwrap(), None);
    assert_eq!(
        s.order_by_key(a.id, key).await.unwrap().map(|o| o.id),
        Some(id)
    );
    assert_eq!(s.order_by_key(b.id, key).await.unwrap(), None);
    assert_eq!(s.order_lines(a.id, id).await.unwrap(), lines);
    assert!(s.order_lines(b.id, id).await.unwrap().is_empty());

    // Another provider's order, and other customers' orders, never mix.
    let second = order(uuid::Uuid::now_v7());
    let ev2 = event(&second, OrderStatus::Received);
    assert_eq!(
        s.place_order(&second, &lines[..1], &ev2).await.unwrap(),
        Placed::New(2)
    );
    // Shipments: part of a line, then the rest; never more than ordered, only from the status
    // shown, the tenant's only.
    let record = |lines: Vec<(i64, i64)>, tracking: &str| ShipmentRecord {
        id: uuid::Uuid::now_v7(),
        tenant_id: a.id,
        order_id: second.id,
        at: Millis::now(),
        shipment: Shipment {
            carrier: Some(Carrier::Ups),
            tracking: tracking.into(),
            expected_on: None,
        },
        lines,
        by_name: "staff".into(),
    };
    s.record_shipment(
        a.id,
        OrderStatus::Received,
        &record(vec![(0, 2)], "1Z1"),
        &event(&second, OrderStatus::PartiallyShipped),
    )
    .await
    .unwrap();
    for (from, lines) in [
        (OrderStatus::PartiallyShipped, vec![(0, 4)]),
        (OrderStatus::PartiallyShipped, vec![(0, 0)]),
        (OrderStatus::PartiallyShipped, vec![(7, 1)]),
        (OrderStatus::Received, vec![(0, 3)]),
    ] {
        assert!(
            matches!(
                s.record_shipment(
                    a.id,
                    from,
                    &record(lines.clone(), "X"),
                    &event(&second, OrderStatus::Shipped)
                )
                .await,
                Err(StoreError::Conflict { .. })
            ),
            "{from:?} {lines:?}"
        );
    }
    assert!(matches!(
        s.record_shipment(
            b.id,
            OrderStatus::PartiallyShipped,
            &record(vec![(0, 3)], "X"),
            &event(&second, OrderStatus::Shipped)
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    s.record_shipment(
        a.id,
        OrderStatus::PartiallyShipped,
        &record(vec![(0, 3)], "1Z2"),
        &event(&second, OrderStatus::Shipped),
    )
    .await
    .unwrap();
    let shipped = s.order(a.id, second.id).await.unwrap().unwrap();
    assert_eq!(shipped.status, OrderStatus::Shipped);
    assert_eq!(shipped.shipment.tracking, "1Z2");
    assert_eq!(s.order_lines(a.id, second.id).await.unwrap()[0].shipped, 5);
    let records = s.shipments_of(a.id, second.id).await.unwrap();
    assert_eq!(
        records.iter().map(|r| r.lines.clone()).collect::<Vec<_>>(),
        [vec![(0, 2)], vec![(0, 3)]]
    );
    assert!(s.shipments_of(b.id, second.id).await.unwrap().is_empty());

    let forged = Order {
        tenant_id: b.id,
        ..order(uuid::Uuid::now_v7())
    };
    assert!(matches!(
        s.place_order(&forged, &lines, &event(&forged, OrderStatus::Received))
            .await,
        Err(StoreError::NotFound)
    ));
    let q = |customer, placed_by, open_only| OrderQuery {
        customer,
        placed_by,
        open_only,
        status: None,
        search: String::new(),
        limit: 50,
        before: None,
    };
    let numbers = |list: Vec<Order>| list.into_iter().map(|o| o.number).collect::<Vec<_>>();
    assert_eq!(
        numbers(s.orders(a.id, &q(Some(c.id), None, false)).await.unwrap()),
        [2, 1]
    );
    // A page at a time: after the newest, the next one (by the customer's and the
    // provider's lists alike).
    let newest = s
        .orders(
            a.id,
            &OrderQuery {
                limit: 1,
                ..q(Some(c.id), None, false)
            },
        )
        .await
        .unwrap();
    assert_eq!(numbers(newest.clone()), [2]);
    let cursor = Some((newest[0].created_at, newest[0].id));
    for customer in [Some(c.id), None] {
        let next = OrderQuery {
            before: cursor,
            ..q(customer, None, false)
        };
        assert_eq!(numbers(s.orders(a.id, &next).await.unwrap()), [1]);
    }
    // A list's summaries are the same orders, with what their rows show.
    let full = s.orders(a.id, &q(Some(c.id), None, false)).await.unwrap();
    let summaries = s
        .order_summaries(a.id, &q(Some(c.id), None, false))
        .await
        .unwrap();
    assert_eq!(
        summaries
            .iter()
            .map(|o| (
                o.id,
                o.number,
                o.status,
                o.total_minor,
                o.currency,
                o.created_at
            ))
            .collect::<Vec<_>>(),
        full.iter()
            .map(|o| (
                o.id,
                o.number,
                o.status,
                o.total_minor,
                o.currency,
                o.created_at
            ))
            .collect::<Vec<_>>()
    );
    assert_eq!(summaries[0].placed_by_name, full[0].placed_by_name);
    assert_eq!(summaries[0].po_number, full[0].po_number);
    assert!(
        s.order_summaries(b.id, &q(Some(c.id), None, false))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.orders(a.id, &q(Some(c.id), Some(staff.id), false))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.orders(b.id, &q(None, None, false))
            .await
            .unwrap()
            .is_empty()
    );
    let find = |search: &str, status: Option<OrderStatus>| OrderQuery {
        customer: None,
        placed_by: None,
        open_only: false,
        status,
        search: search.into(),
        limit: 50,
        before: None,
    };
    for (search, expected) in [
        ("2", vec![2]),
        ("#1", vec![1]),
        ("po-77", vec![2, 1]),
        ("ALPHA", vec![2, 1]),
        ("%", vec![2, 1]),
        ("nothing", vec![]),
    ] {
        assert_eq!(
            numbers(s.orders(a.id, &find(search, None)).await.unwrap()),
            expected,
            "{search}"
        );
    }
    assert!(
        s.orders(b.id, &find("alpha", None))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        numbers(
            s.orders(a.id, &find("", Some(OrderStatus::Received)))
                .await
                .unwrap()
        ),
        [1],
        "the second one shipped"
    );
    assert_eq!(
        numbers(
            s.orders(a.id, &find("po", Some(OrderStatus::Shipped)))
                .await
                .unwrap()
        ),
        [2]
    );

    // Moving: only from where it is; the timeline follows.
    let status_listed =
        |list: Vec<OrderSummary>| list.iter().find(|o| o.id == id).map(|o| o.status);
    let customers_list = q(Some(c.id), None, false);
    let before_moving = s.order_summaries(a.id, &customers_list).await.unwrap();
    let shipped = Shipment {
        carrier: Some(Carrier::Purolator),
        tracking: "329012345678".into(),
        expected_on: Some("2026-12-12".into()),
    };
    s.move_order(
        a.id,
        id,
        OrderStatus::Received,
        &Shipment::default(),
        &event(&stored, OrderStatus::InPreparation),
    )
    .await
    .unwrap();
    assert!(matches!(
        s.move_order(
            a.id,
            id,
            OrderStatus::Received,
            &shipped,
            &event(&stored, OrderStatus::Shipped)
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.move_order(
            b.id,
            id,
            OrderStatus::InPreparation,
            &shipped,
            &event(&stored, OrderStatus::Shipped)
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    s.move_order(
        a.id,
        id,
        OrderStatus::InPreparation,
        &shipped,
        &event(&stored, OrderStatus::Shipped),
    )
    .await
    .unwrap();
    // The customer's list (kept between reads) shows the move at once.
    assert_ne!(status_listed(before_moving), Some(OrderStatus::Shipped));
    assert_eq!(
        status_listed(s.order_summaries(a.id, &customers_list).await.unwrap()),
        Some(OrderStatus::Shipped)
    );
    let now_shipped = s.order(a.id, id).await.unwrap().unwrap();
    assert_eq!(now_shipped.status, OrderStatus::Shipped);
    assert_eq!(now_shipped.shipment, shipped);
    assert_eq!(
        s.order_events(a.id, id)
            .await
            .unwrap()
            .iter()
            .map(|e| e.status)
            .collect::<Vec<_>>(),
        [
            OrderStatus::Received,
            OrderStatus::InPreparation,
            OrderStatus::Shipped
        ]
    );
    assert!(s.order_events(b.id, id).await.unwrap().is_empty());
    s.move_order(
        a.id,
        id,
        OrderStatus::Shipped,
        &shipped,
        &event(&stored, OrderStatus::Delivered),
    )
    .await
    .unwrap();
    assert_eq!(
        numbers(s.orders(a.id, &q(None, None, true)).await.unwrap()),
        [2],
        "open orders only"
    );
    assert_eq!(s.dump().await.unwrap().shipments.len(), 2);

    // Numbers stay unique when different carts are placed at once.
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (s, lines) = (s.clone(), lines.clone());
        let o = order(uuid::Uuid::now_v7());
        let ev = event(&o, OrderStatus::Received);
        tasks.push(tokio::spawn(
            async move { s.place_order(&o, &lines, &ev).await },
        ));
    }
    let mut got = Vec::new();
    for t in tasks {
        if let Placed::New(n) = t.await.unwrap().unwrap() {
            got.push(n);
        }
    }
    got.sort();
    assert_eq!(got, (3..=22).collect::<Vec<_>>());

    // Favourites: per person and account; the catalog can show only them.
    s.set_favourite(a.id, buyer.id, c.id, rail.id, true, Millis::now())
        .await
        .unwrap();
    s.set_favourite(a.id, buyer.id, c.id, rail.id, true, Millis::now())
        .await
        .unwrap();
    assert_eq!(
        s.favourites(a.id, buyer.id, c.id).await.unwrap(),
        vec![rail.id]
    );
    assert!(s.favourites(b.id, buyer.id, c.id).await.unwrap().is_empty());
    assert!(s.favourites(a.id, staff.id, c.id).await.unwrap().is_empty());
    assert!(matches!(
        s.set_favourite(b.id, buyer.id, c.id, rail.id, true, Millis::now())
            .await,
        Err(StoreError::NotFound)
    ));
    let only = |user: Option<UserId>| ProductQuery {
        search: String::new(),
        category: String::new(),
        include_inactive: false,
        favourites_of: user,
        limit: 50,
        offset: 0,
    };
    let favs = s
        .catalog(a.id, &who, TODAY, &only(Some(buyer.id)))
        .await
        .unwrap();
    assert_eq!(
        favs.iter().map(|(p, _)| p.sku.as_str()).collect::<Vec<_>>(),
        ["RAIL-2"]
    );
    assert_eq!(
        s.catalog(a.id, &who, TODAY, &only(None))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        s.catalog(a.id, &who, TODAY, &only(Some(staff.id)))
            .await
            .unwrap()
            .is_empty()
    );
    s.set_favourite(a.id, buyer.id, c.id, rail.id, false, Millis::now())
        .await
        .unwrap();
    assert!(s.favourites(a.id, buyer.id, c.id).await.unwrap().is_empty());

    // Approval amounts: per customer, tenant-scoped, removable.
    assert_eq!(s.approval_threshold(a.id, c.id).await.unwrap(), None);
    s.set_approval_threshold(a.id, c.id, Some(500_000), Millis::now())
        .await
        .unwrap();
    s.set_approval_threshold(a.id, c.id, Some(250_000), Millis::now())
        .await
        .unwrap();
    assert_eq!(
        s.approval_threshold(a.id, c.id).await.unwrap(),
        Some(250_000)
    );
    assert_eq!(s.approval_threshold(b.id, c.id).await.unwrap(), None);
    assert!(matches!(
        s.set_approval_threshold(b.id, c.id, Some(1), Millis::now())
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_approval_threshold(b.id, c.id, None, Millis::now())
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.dump().await.unwrap().approval_thresholds.len(), 1);
    s.set_approval_threshold(a.id, c.id, None, Millis::now())
        .await
        .unwrap();
    assert_eq!(s.approval_threshold(a.id, c.id).await.unwrap(), None);

    // A dump holds it all.
    let d = s.dump().await.unwrap();
    assert_eq!(d.orders.len(), 22);
    assert_eq!(d.products.len(), 2);
    assert!(d.order_events.len() >= 24);
}

/// A product's configurator: saved as the page showed the product, read back whole, removed;
/// never on another tenant's product; kept through a dump and restore.
pub(crate) async fn product_configurator_story(s: Arc<dyn Store>) {
    let (a, b, _c, _staff) = two_tenants(&s).await;
    let door = product(a.id, "DOOR", "Porte", "Door");
    s.insert_product(&door).await.unwrap();
    let c = Configurator {
        groups: vec![OptionGroup {
            key: "material".into(),
            name: Texts::new("Matériau", "Material"),
            kind: GroupKind::Choice {
                options: vec![ConfigChoice {
                    key: "wood".into(),
                    name: Texts::new("Bois", "Wood"),
                    price_minor: -1250,
                }],
            },
        }],
        rules: vec![],
    };
    let at = Millis(door.updated_at.0 + 5);
    assert!(matches!(
        s.set_product_configurator(a.id, door.id, Some(&c), Millis(door.updated_at.0 - 1), at)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.set_product_configurator(b.id, door.id, Some(&c), door.updated_at, at)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.product(a.id, door.id).await.unwrap().unwrap(), door);
    s.set_product_configurator(a.id, door.id, Some(&c), door.updated_at, at)
        .await
        .unwrap();
    let got = s.product(a.id, door.id).await.unwrap().unwrap();
    assert_eq!(got.configurator.as_ref(), Some(&c));
    assert_eq!(got.updated_at, at);
    let dump = s.dump().await.unwrap();
    assert!(
        dump.products
            .iter()
            .any(|p| p.id == door.id && p.configurator.as_ref() == Some(&c)),
        "dumped with it"
    );
    s.set_product_configurator(a.id, door.id, None, at, Millis(at.0 + 1))
        .await
        .unwrap();
    assert_eq!(
        s.product(a.id, door.id)
            .await
            .unwrap()
            .unwrap()
            .configurator,
        None
    );
}
