//! Quotes: numbered per provider, saved only as shown, sent revision by revision, settled
//! once — an acceptance places its order in the same transaction.
use super::sales::product;
use super::*;

fn quote(t: TenantId, c: CustomerId, by: Option<UserId>) -> Quote {
    let now = Millis::now();
    Quote {
        id: QuoteId::new(),
        tenant_id: t,
        customer_id: c,
        customer_name: String::new(),
        project_id: None,
        number: 0,
        status: QuoteStatus::Draft,
        title: "Toiture".into(),
        request: "40 panneaux".into(),
        requested_by: by,
        requested_by_name: "Buyer".into(),
        lang: "fr".into(),
        currency: Currency::Cad,
        tax_region: TaxRegion::Qc,
        valid_until: None,
        terms: String::new(),
        deposit_percent: 0,
        revision: 0,
        pdf_sha256: String::new(),
        totals: QuoteTotals::default(),
        acceptance: None,
        reason: String::new(),
        decided_by_name: String::new(),
        created_at: now,
        updated_at: now,
    }
}

fn line(p: &Product, quantity: i64, unit_minor: i64, discount_bp: i64) -> QuoteLine {
    QuoteLine {
        product_id: p.id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        unit: p.unit,
        quantity,
        unit_minor,
        discount_bp,
    }
}

pub(crate) async fn quotes_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let buyer = user(a.id, UserKind::Contact, "buyer@c.example");
    let role = default_role(&s, a.id).await;
    s.insert_contact(&member(a.id, c.id, buyer.id, role), &buyer)
        .await
        .unwrap();
    let panel = product(a.id, "PV-440", "Panneau", "Panel");
    s.insert_product(&panel).await.unwrap();
    let foreign = product(b.id, "PV-440", "Panneau B", "Panel B");
    s.insert_product(&foreign).await.unwrap();

    // Numbered per provider; nobody else's customer, person or product.
    let q1 = quote(a.id, c.id, Some(buyer.id));
    assert_eq!(
        s.insert_quote(&q1, &[line(&panel, 40, 25000, 0)])
            .await
            .unwrap(),
        1
    );
    let q2 = quote(a.id, c.id, None);
    assert_eq!(s.insert_quote(&q2, &[]).await.unwrap(), 2);
    for bad in [
        quote(b.id, c.id, None),
        quote(a.id, c.id, Some(UserId::new())),
    ] {
        assert!(matches!(
            s.insert_quote(&bad, &[]).await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(matches!(
        s.insert_quote(&quote(a.id, c.id, None), &[line(&foreign, 1, 1, 0)])
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(s.quote(b.id, q1.id).await.unwrap().is_none());
    let got = s.quote(a.id, q1.id).await.unwrap().unwrap();
    assert_eq!((got.number, got.customer_name.as_str()), (1, "Alpha"));
    assert_eq!(
        s.quote_lines(a.id, q1.id).await.unwrap(),
        vec![line(&panel, 40, 25000, 0)]
    );
    assert!(s.quote_lines(b.id, q1.id).await.unwrap().is_empty());
    let mine = s
        .quotes(
            a.id,
            &QuoteQuery {
                customer: Some(c.id),
                requested_by: Some(buyer.id),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(mine.iter().map(|q| q.number).collect::<Vec<_>>(), [1]);
    let all = s
        .quotes(
            a.id,
            &QuoteQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(all.iter().map(|q| q.number).collect::<Vec<_>>(), [2, 1]);
    assert!(
        s.quotes(
            b.id,
            &QuoteQuery {
                limit: 10,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty()
    );

    // Saved only as the page showed it.
    let lines = vec![line(&panel, 40, 24000, 1000)];
    let totals = QuoteTotals::of(&lines, TaxRegion::Qc, 30).unwrap();
    let saved = Quote {
        valid_until: Some("2027-01-31".into()),
        deposit_percent: 30,
        totals: totals.clone(),
        updated_at: Millis(got.updated_at.0 + 10),
        ..got.clone()
    };
    s.save_quote(&saved, &lines, got.updated_at).await.unwrap();
    assert!(matches!(
        s.save_quote(&saved, &lines, got.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    let got = s.quote(a.id, q1.id).await.unwrap().unwrap();
    assert_eq!(
        s.shown_quote(a.id, q1.id).await.unwrap().as_ref(),
        Some(&got),
        "a page shows the quote as saved"
    );
    assert_eq!(
        (got.totals.clone(), got.deposit_percent),
        (totals.clone(), 30)
    );
    assert_eq!(s.quote_lines(a.id, q1.id).await.unwrap(), lines);

    // Sent: revision 1 from the draft as shown, once.
    let sha = "a".repeat(64);
    let rev = QuoteRevision {
        quote_id: q1.id,
        revision: 1,
        sha256: sha.clone(),
        size: 1234,
        lines: lines.clone(),
        totals: totals.clone(),
        valid_until: Some("2027-01-31".into()),
        sent_by_name: staff.name.clone(),
        sent_at: Millis(got.updated_at.0 + 10),
    };
    assert!(matches!(
        s.send_quote(b.id, q1.id, &rev, got.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    s.send_quote(a.id, q1.id, &rev, got.updated_at)
        .await
        .unwrap();
    assert!(matches!(
        s.send_quote(a.id, q1.id, &rev, rev.sent_at).await,
        Err(StoreError::Conflict { .. })
    ));
    // The copy a page shows follows the sending (read before it, as a draft).
    let shown = s.shown_quote(a.id, q1.id).await.unwrap().unwrap();
    assert_eq!((shown.status, shown.revision), (QuoteStatus::Sent, 1));
    assert!(s.shown_quote(b.id, q1.id).await.unwrap().is_none());
    let sent = s.quote(a.id, q1.id).await.unwrap().unwrap();
    assert_eq!(shown, sent);
    assert_eq!(
        (sent.status, sent.revision, sent.pdf_sha256.as_str()),
        (QuoteStatus::Sent, 1, sha.as_str())
    );
    assert_eq!(
        s.quote_revisions(a.id, q1.id).await.unwrap(),
        vec![rev.clone()]
    );
    assert!(s.quote_revisions(b.id, q1.id).await.unwrap().is_empty());
    // A sent quote is not edited in place.
    assert!(matches!(
        s.save_quote(&sent, &lines, sent.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));

    // Settled only at the revision and PDF shown: another SHA-256 settles nothing.
    let order = Order {
        id: OrderId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        customer_name: String::new(),
        number: 0,
        placed_by: buyer.id,
        placed_by_name: buyer.name.clone(),
        status: OrderStatus::Received,
        po_number: String::new(),
        note: String::new(),
        requested_on: None,
        address_id: None,
        ship_to: String::new(),
        currency: Currency::Cad,
        subtotal_minor: totals.subtotal_minor,
        taxes: totals.taxes.clone(),
        total_minor: totals.total_minor,
        shipment: Shipment::default(),
        quote_id: Some(q1.id),
        deposit_minor: totals.deposit_minor,
        submit_key: uuid::Uuid::now_v7(),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    };
    let order_lines = vec![OrderLine {
        product_id: panel.id,
        sku: panel.sku.clone(),
        name: panel.name.clone(),
        unit: panel.unit,
        quantity: 40,
        unit_minor: 24000,
        total_minor: lines[0].total_minor().unwrap(),
        shipped: 0,
    }];
    let event = OrderEvent {
        id: uuid::Uuid::now_v7(),
        tenant_id: a.id,
        order_id: order.id,
        at: Millis::now(),
        status: OrderStatus::Received,
        by_name: buyer.name.clone(),
        note: String::new(),
    };
    let accepted = Quote {
        status: QuoteStatus::Accepted,
        acceptance: Some(Acceptance {
            by: buyer.id,
            name: "Marie Tremblay".into(),
            strokes: vec![vec![(1.0, 2.0), (3.5, 4.0)]],
            revision: 1,
            sha256: sha.clone(),
            at: Millis::now(),
            ip: "203.0.113.9".into(),
            user_agent: "Test".into(),
            order_id: Some(order.id),
        }),
        decided_by_name: buyer.name.clone(),
        updated_at: Millis(sent.updated_at.0 + 1),
        ..sent.clone()
    };
    let accept = || Settle::Accept {
        order: &order,
        lines: &order_lines,
        event: &event,
    };
    assert!(matches!(
        s.settle_quote(
            &Quote {
                pdf_sha256: "b".repeat(64),
                ..accepted.clone()
            },
            accept(),
            None
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        s.order(a.id, order.id).await.unwrap().is_none(),
        "nothing half-written"
    );
    let number = s.settle_quote(&accepted, accept(), None).await.unwrap();
    assert_eq!(number, Some(1));
    // Twice: the second finds it settled, and places nothing.
    assert!(matches!(
        s.settle_quote(&accepted, accept(), None).await,
        Err(StoreError::Conflict { .. })
    ));
    let placed = s.order(a.id, order.id).await.unwrap().unwrap();
    assert_eq!(
        (placed.quote_id, placed.deposit_minor),
        (Some(q1.id), totals.deposit_minor)
    );
    assert_eq!(
        s.quote(a.id, q1.id).await.unwrap().unwrap(),
        Quote {
            customer_name: "Alpha".into(),
            number: 1,
            ..accepted.clone()
        }
    );

    // Refused, reopened, withdrawn: from `Sent` only.
    let q2 = s.quote(a.id, q2.id).await.unwrap().unwrap();
    let rev2 = QuoteRevision {
        quote_id: q2.id,
        revision: 1,
        ..rev.clone()
    };
    s.send_quote(a.id, q2.id, &rev2, q2.updated_at)
        .await
        .unwrap();
    let sent2 = s.quote(a.id, q2.id).await.unwrap().unwrap();
    let reopened = Quote {
        status: QuoteStatus::Draft,
        updated_at: Millis(sent2.updated_at.0 + 1),
        ..sent2.clone()
    };
    assert_eq!(
        s.settle_quote(&reopened, Settle::Reopen, None)
            .await
            .unwrap(),
        None
    );
    assert!(matches!(
        s.settle_quote(&reopened, Settle::Refuse, None).await,
        Err(StoreError::Conflict { .. })
    ));
    let rev3 = QuoteRevision {
        revision: 2,
        sha256: "c".repeat(64),
        ..rev2.clone()
    };
    s.send_quote(a.id, q2.id, &rev3, reopened.updated_at)
        .await
        .unwrap();
    let sent3 = s.quote(a.id, q2.id).await.unwrap().unwrap();
    assert_eq!(sent3.revision, 2);
    // The old revision's SHA-256 no longer settles it.
    assert!(matches!(
        s.settle_quote(
            &Quote {
                status: QuoteStatus::Refused,
                revision: 1,
                pdf_sha256: sha.clone(),
                ..sent3.clone()
            },
            Settle::Refuse,
            None
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    let refused = Quote {
        status: QuoteStatus::Refused,
        reason: "Trop cher".into(),
        updated_at: Millis(sent3.updated_at.0 + 1),
        ..sent3.clone()
    };
    s.settle_quote(&refused, Settle::Refuse, None)
        .await
        .unwrap();
    assert!(matches!(
        s.settle_quote(&refused, Settle::Withdraw, None).await,
        Err(StoreError::Conflict { .. })
    ));
    let got = s.quote(a.id, q2.id).await.unwrap().unwrap();
    assert_eq!(
        (got.status, got.reason.as_str()),
        (QuoteStatus::Refused, "Trop cher")
    );
    assert_eq!(s.quote_revisions(a.id, q2.id).await.unwrap().len(), 2);

    // Dump and restore carry quotes, their lines and revisions, and the counter goes on.
    let dump = s.dump().await.unwrap();
    assert_eq!((dump.quotes.len(), dump.quote_revisions.len()), (2, 3));
    let (target, _dir) = sqlite().await;
    target.restore(&dump).await.unwrap();
    assert_eq!(target.dump().await.unwrap(), dump);
    assert_eq!(
        target
            .insert_quote(&quote(a.id, c.id, None), &[])
            .await
            .unwrap(),
        3
    );
    let withdrawn_ok = Settle::Withdraw;
    assert!(matches!(
        target.settle_quote(&refused, withdrawn_ok, None).await,
        Err(StoreError::Conflict { .. })
    ));
}

/// A quote answering for a project: only a project of its own customer; settling it moves the
/// project's flow in the same transaction, and a flow moved meanwhile settles nothing.
pub(crate) async fn quotes_move_flows(s: Arc<dyn Store>) {
    let (a, _b, c, staff) = two_tenants(&s).await;
    let other = customer(a.id, "C-2", "Beta");
    s.insert_customer(&other).await.unwrap();
    let now = Millis::now();
    let project = |customer: CustomerId| Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: customer,
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
    let (mine, theirs) = (project(c.id), project(other.id));
    s.insert_project(&mine).await.unwrap();
    s.insert_project(&theirs).await.unwrap();
    assert!(matches!(
        s.insert_quote(
            &Quote {
                project_id: Some(theirs.id),
                ..quote(a.id, c.id, None)
            },
            &[]
        )
        .await,
        Err(StoreError::NotFound)
    ));
    let q = Quote {
        project_id: Some(mine.id),
        ..quote(a.id, c.id, None)
    };
    s.insert_quote(&q, &[]).await.unwrap();
    let unlinked = quote(a.id, c.id, None);
    s.insert_quote(&unlinked, &[]).await.unwrap();
    // Saved as a draft: another customer's project is refused, nothing saved.
    let got = s.quote(a.id, unlinked.id).await.unwrap().unwrap();
    assert!(matches!(
        s.save_quote(
            &Quote {
                project_id: Some(theirs.id),
                updated_at: Millis(got.updated_at.0 + 1),
                ..got.clone()
            },
            &[],
            got.updated_at
        )
        .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.quote(a.id, unlinked.id).await.unwrap().unwrap(), got);
    let of_project = s
        .quotes(
            a.id,
            &QuoteQuery {
                project: Some(mine.id),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(of_project.iter().map(|q| q.id).collect::<Vec<_>>(), [q.id]);

    let def: FlowDef = serde_json::from_str(
        r#"{"statuses":[{"key":"s","internal":"S","public":{"name":{"fr":"É","en":"S"}},
            "steps":[{"key":"offer","internal":"Offer","public":{"name":{"fr":"Offre","en":"Offer"}},
                      "page":"offer","transitions":{"offer_accepted":"done","offer_refused":"done"}},
                     {"key":"done","internal":"Done","public":{"name":{"fr":"Fini","en":"Done"}}}]}],
            "fields":[]}"#,
    )
    .unwrap();
    let flow = FlowType {
        id: FlowId::new(),
        tenant_id: a.id,
        name: "Solaire".into(),
        public: Public {
            name: Texts::new("Solaire", "Solar"),
            description: Texts::default(),
        },
        def,
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    s.insert_flow(&flow).await.unwrap();
    let pf = ProjectFlow {
        project_id: mine.id,
        tenant_id: a.id,
        flow_id: flow.id,
        step: "offer".into(),
        values: Default::default(),
        visit: None,
        revision: 1,
        entered_at: now,
        updated_at: now,
        visited: vec!["offer".into()],
    };
    s.start_project_flow(&pf).await.unwrap();
    let draft = s.quote(a.id, q.id).await.unwrap().unwrap();
    let rev = QuoteRevision {
        quote_id: q.id,
        revision: 1,
        sha256: "d".repeat(64),
        size: 10,
        lines: vec![],
        totals: QuoteTotals::default(),
        valid_until: None,
        sent_by_name: staff.name.clone(),
        sent_at: Millis(draft.updated_at.0 + 1),
    };
    s.send_quote(a.id, q.id, &rev, draft.updated_at)
        .await
        .unwrap();
    let sent = s.quote(a.id, q.id).await.unwrap().unwrap();
    let refused = Quote {
        status: QuoteStatus::Refused,
        reason: "Trop cher".into(),
        updated_at: Millis(sent.updated_at.0 + 1),
        ..sent.clone()
    };
    let mut next = ProjectFlow {
        revision: 2,
        ..pf.clone()
    };
    next.arrive("done", now.plus_secs(1));
    // The flow moved since: nothing is settled.
    assert!(matches!(
        s.settle_quote(&refused, Settle::Refuse, Some((&next, 7)))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.quote(a.id, q.id).await.unwrap().unwrap(), sent);
    assert_eq!(s.project_flow(a.id, mine.id).await.unwrap().unwrap(), pf);
    s.settle_quote(&refused, Settle::Refuse, Some((&next, 1)))
        .await
        .unwrap();
    assert_eq!(
        s.quote(a.id, q.id).await.unwrap().unwrap().status,
        QuoteStatus::Refused
    );
    assert_eq!(s.project_flow(a.id, mine.id).await.unwrap().unwrap(), next);
}

/// A quote's thread: messages in order, with their file; never on another tenant's quote or
/// by another tenant's person; kept through a dump.
pub(crate) async fn quote_thread_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let q = quote(a.id, c.id, None);
    let stranger = user(b.id, UserKind::Staff, "boss@b.example");
    s.insert_user(&stranger).await.unwrap();
    let now = Millis::now();
    let question = QuoteMessage {
        id: uuid::Uuid::now_v7(),
        tenant_id: a.id,
        quote_id: q.id,
        author: None,
        author_name: "Paul".into(),
        from_staff: false,
        body: "Le délai inclut-il la livraison?".into(),
        file: Some(QuoteFile {
            sha256: "e".repeat(64),
            name: "plan.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1234,
        }),
        created_at: now,
    };
    // Asked with a file: the quote and its first message in one transaction; a message for
    // another tenant's quote makes neither.
    let foreign = QuoteMessage {
        tenant_id: b.id,
        ..question.clone()
    };
    assert!(matches!(
        s.insert_quote_with_message(&q, &[], &foreign).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        s.quote(a.id, q.id).await.unwrap().is_none(),
        "nothing half-written"
    );
    s.insert_quote_with_message(&q, &[], &question)
        .await
        .unwrap();
    let answer = QuoteMessage {
        id: uuid::Uuid::now_v7(),
        author: Some(staff.id),
        author_name: staff.name.clone(),
        from_staff: true,
        body: "Oui.".into(),
        file: None,
        created_at: Millis(now.0 + 1),
        ..question.clone()
    };
    s.add_quote_message(&answer).await.unwrap();
    for bad in [
        QuoteMessage {
            id: uuid::Uuid::now_v7(),
            tenant_id: b.id,
            ..answer.clone()
        },
        QuoteMessage {
            id: uuid::Uuid::now_v7(),
            author: Some(stranger.id),
            ..answer.clone()
        },
        QuoteMessage {
            id: uuid::Uuid::now_v7(),
            quote_id: QuoteId::new(),
            ..answer.clone()
        },
    ] {
        assert!(matches!(
            s.add_quote_message(&bad).await,
            Err(StoreError::NotFound)
        ));
    }
    assert_eq!(
        s.quote_messages(a.id, q.id).await.unwrap(),
        vec![question.clone(), answer.clone()]
    );
    assert!(s.quote_messages(b.id, q.id).await.unwrap().is_empty());
    let dump = s.dump().await.unwrap();
    assert_eq!(dump.quote_messages, vec![question, answer]);
    // Restored whole.
    let (target, _dir) = sqlite().await;
    target.restore(&dump).await.unwrap();
    assert_eq!(target.dump().await.unwrap(), dump);
}
