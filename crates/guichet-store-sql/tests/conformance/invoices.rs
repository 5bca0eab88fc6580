//! Invoices and credit notes: numbered per provider and kind, listed newest first a page at a
//! time, voided once and only while nothing is paid.
use super::*;

pub(crate) fn invoice(t: TenantId, c: CustomerId, issued_on: &str, total: i64) -> Invoice {
    let now = Millis::now();
    let lines = vec![InvoiceLine {
        sku: "PV-440".into(),
        name: Texts {
            fr: "Panneau".into(),
            en: "Panel".into(),
        },
        quantity: 1,
        unit_minor: total,
        total_minor: total,
    }];
    let totals = InvoiceTotals::of(&lines, TaxRegion::Exempt).unwrap();
    Invoice {
        id: InvoiceId::new(),
        tenant_id: t,
        customer_id: c,
        customer_name: String::new(),
        number: 0,
        kind: InvoiceKind::Invoice,
        order_id: None,
        quote_id: None,
        credits: None,
        is_deposit: false,
        deposit: None,
        currency: Currency::Cad,
        lines,
        subtotal_minor: totals.subtotal_minor,
        taxes: totals.taxes,
        total_minor: totals.total_minor,
        issued_on: issued_on.into(),
        schedule: PaymentTerms::default()
            .schedule(issued_on, totals.total_minor)
            .unwrap(),
        paid_minor: 0,
        note: String::new(),
        voided_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// An order of one product placed by `by` for `c`.
async fn placed_order(s: &Arc<dyn Store>, t: TenantId, c: &Customer, by: &User) -> OrderId {
    let sku = format!("BILL-{}", &uuid::Uuid::now_v7().simple().to_string()[20..]);
    let p = super::sales::product(t, &sku, "Produit", "Product");
    s.insert_product(&p).await.unwrap();
    let now = Millis::now();
    let order = Order {
        id: OrderId::new(),
        tenant_id: t,
        customer_id: c.id,
        customer_name: c.name.clone(),
        number: 0,
        placed_by: by.id,
        placed_by_name: by.name.clone(),
        status: OrderStatus::Received,
        po_number: String::new(),
        note: String::new(),
        requested_on: None,
        address_id: None,
        ship_to: "1 rue".into(),
        currency: Currency::Cad,
        subtotal_minor: 100,
        taxes: Vec::new(),
        total_minor: 100,
        shipment: Shipment::default(),
        submit_key: uuid::Uuid::now_v7(),
        quote_id: None,
        deposit_minor: 0,
        created_at: now,
        updated_at: now,
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
        tenant_id: t,
        order_id: order.id,
        at: now,
        status: OrderStatus::Received,
        by_name: by.name.clone(),
        note: String::new(),
    };
    s.place_order(&order, &[line], &event).await.unwrap();
    order.id
}

pub(crate) async fn invoices_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;
    let other = customer(a.id, "C-2", "Beta");
    s.insert_customer(&other).await.unwrap();
    let foreign = customer(b.id, "C-1", "Gamma");
    s.insert_customer(&foreign).await.unwrap();

    // Numbered per provider and kind.
    let first = invoice(a.id, c.id, "2026-11-01", 100_00);
    assert_eq!(s.insert_invoice(&first).await.unwrap(), 1);
    let second = invoice(a.id, c.id, "2026-11-15", 250_00);
    assert_eq!(s.insert_invoice(&second).await.unwrap(), 2);
    let credit = Invoice {
        kind: InvoiceKind::CreditNote,
        credits: Some(first.id),
        ..invoice(a.id, c.id, "2026-11-20", 10_00)
    };
    assert_eq!(s.insert_invoice(&credit).await.unwrap(), 1);
    assert_eq!(
        s.insert_invoice(&invoice(b.id, foreign.id, "2026-11-01", 5_00))
            .await
            .unwrap(),
        1
    );
    // Nobody else's customer, order, quote or invoice.
    for bad in [
        invoice(b.id, c.id, "2026-11-01", 1),
        Invoice {
            order_id: Some(OrderId::new()),
            ..invoice(a.id, c.id, "2026-11-01", 1)
        },
        Invoice {
            quote_id: Some(QuoteId::new()),
            ..invoice(a.id, c.id, "2026-11-01", 1)
        },
        Invoice {
            kind: InvoiceKind::CreditNote,
            credits: Some(first.id),
            ..invoice(a.id, other.id, "2026-11-01", 1)
        },
    ] {
        assert!(matches!(
            s.insert_invoice(&bad).await,
            Err(StoreError::NotFound)
        ));
    }

    // Read back whole, by its provider only.
    let read = s.invoice(a.id, first.id).await.unwrap().unwrap();
    assert_eq!(read.number, 1);
    assert_eq!(read.lines, first.lines);
    assert_eq!(read.schedule, first.schedule);
    assert_eq!(read.due_on(), "2026-12-01");
    assert_eq!(read.customer_name, "Alpha");
    assert!(s.invoice(b.id, first.id).await.unwrap().is_none());

    // Newest first, a page at a time; a customer's only.
    let q = |customer, unpaid_only, limit| InvoiceQuery {
        customer,
        order: None,
        unpaid_only,
        limit,
        before: None,
        number: None,
        credits: None,
    };
    let numbers = |list: Vec<Invoice>| {
        list.into_iter()
            .map(|i| (i.kind, i.number))
            .collect::<Vec<_>>()
    };
    let (inv, cn) = (InvoiceKind::Invoice, InvoiceKind::CreditNote);
    assert_eq!(
        numbers(s.invoices(a.id, &q(Some(c.id), false, 50)).await.unwrap()),
        [(cn, 1), (inv, 2), (inv, 1)]
    );
    let page = s.invoices(a.id, &q(Some(c.id), false, 2)).await.unwrap();
    let last = page.last().unwrap();
    let next = InvoiceQuery {
        before: Some((last.issued_on.clone(), last.id)),
        ..q(Some(c.id), false, 2)
    };
    assert_eq!(numbers(s.invoices(a.id, &next).await.unwrap()), [(inv, 1)]);
    assert!(
        s.invoices(a.id, &q(Some(other.id), false, 50))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        s.invoices(b.id, &q(Some(c.id), false, 50))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.invoices(a.id, &q(None, false, 50)).await.unwrap().len(),
        3
    );
    // By number: the invoice and the credit note that share it.
    let by_number = InvoiceQuery {
        number: Some(1),
        ..q(Some(c.id), false, 50)
    };
    assert_eq!(
        numbers(s.invoices(a.id, &by_number).await.unwrap()),
        [(cn, 1), (inv, 1)]
    );

    // Voided once, only as seen; it then owes nothing and leaves the unpaid list.
    assert!(matches!(
        s.void_invoice(a.id, second.id, Millis::now(), Millis(1))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.void_invoice(b.id, second.id, Millis::now(), second.updated_at)
            .await,
        Err(StoreError::NotFound)
    ));
    let at = Millis(second.updated_at.0 + 1);
    s.void_invoice(a.id, second.id, at, second.updated_at)
        .await
        .unwrap();
    let voided = s.invoice(a.id, second.id).await.unwrap().unwrap();
    assert_eq!(voided.voided_at, Some(at));
    assert_eq!(voided.status("2026-12-01"), InvoiceStatus::Void);
    assert!(matches!(
        s.void_invoice(a.id, second.id, at, at).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        numbers(s.invoices(a.id, &q(Some(c.id), true, 50)).await.unwrap()),
        [(cn, 1), (inv, 1)]
    );

    // Payments: within the balance, once per form, on a live invoice in its currency.
    let third = invoice(a.id, c.id, "2026-12-01", 70_00);
    s.insert_invoice(&third).await.unwrap();
    let payment = |invoice: &Invoice, amount: i64| Payment {
        id: PaymentId::new(),
        tenant_id: invoice.tenant_id,
        customer_id: invoice.customer_id,
        invoice_id: invoice.id,
        amount_minor: amount,
        currency: Currency::Cad,
        method: PaymentMethod::Transfer,
        reference: "VIR-1".into(),
        received_on: "2026-12-02".into(),
        recorded_by_name: "Boss".into(),
        submit_key: uuid::Uuid::now_v7(),
        created_at: Millis::now(),
    };
    let p1 = payment(&third, 30_00);
    assert!(s.record_payment(&p1).await.unwrap());
    assert!(
        !s.record_payment(&Payment {
            id: PaymentId::new(),
            ..p1.clone()
        })
        .await
        .unwrap()
    );
    assert_eq!(
        s.invoice(a.id, third.id).await.unwrap().unwrap().paid_minor,
        30_00
    );
    for bad in [
        payment(&third, 40_01),
        payment(&third, 0),
        payment(&third, -5_00),
        Payment {
            currency: Currency::Usd,
            ..payment(&third, 1_00)
        },
        Payment {
            tenant_id: b.id,
            ..payment(&third, 1_00)
        },
        Payment {
            customer_id: other.id,
            ..payment(&third, 1_00)
        },
        payment(&voided, 1_00),
        payment(&credit, 1_00),
    ] {
        assert!(
            matches!(
                s.record_payment(&bad).await,
                Err(StoreError::Conflict { .. })
            ),
            "{bad:?}"
        );
    }
    // Ten payments of 10 $ at once on a balance of 40 $: four pass, never more.
    let tries: Vec<_> = (0..10)
        .map(|_| {
            let s = s.clone();
            let p = payment(&third, 10_00);
            tokio::spawn(async move { s.record_payment(&p).await })
        })
        .collect();
    let mut passed = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(true) => passed += 1,
            Err(StoreError::Conflict { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(passed, 4);
    let paid = s.invoice(a.id, third.id).await.unwrap().unwrap();
    assert_eq!((paid.paid_minor, paid.balance()), (70_00, 0));
    assert_eq!(paid.status("2027-06-01"), InvoiceStatus::Paid);
    let listed = s.payments_of(a.id, third.id).await.unwrap();
    assert_eq!(listed.len(), 5);
    assert_eq!(listed[0], p1);
    assert!(s.payments_of(b.id, third.id).await.unwrap().is_empty());
    // The customer's ledger: every invoice (voided too) and payment, oldest first; nobody else's.
    let ledger = s.ledger(a.id, c.id).await.unwrap();
    let (all, paid_in) = &*ledger;
    assert_eq!(all.len(), 4);
    assert!(all.windows(2).all(|w| w[0].issued_on <= w[1].issued_on));
    assert_eq!(paid_in.len(), 5);
    let foreign = s.ledger(b.id, c.id).await.unwrap();
    let (none, no_payments) = &*foreign;
    assert!(none.is_empty() && no_payments.is_empty());
    assert!(s.ledger(a.id, other.id).await.unwrap().0.is_empty());
    // A paid invoice cannot be voided.
    assert!(matches!(
        s.void_invoice(a.id, third.id, Millis::now(), paid.updated_at)
            .await,
        Err(StoreError::Conflict { .. })
    ));

    // Dump and restore carry invoices, credit notes and payments; the counters go on per kind.
    let dump = s.dump().await.unwrap();
    assert_eq!((dump.invoices.len(), dump.payments.len()), (5, 5));
    let (target, _dir) = sqlite().await;
    target.restore(&dump).await.unwrap();
    assert_eq!(target.dump().await.unwrap(), dump);
    assert_eq!(
        target
            .insert_invoice(&invoice(a.id, c.id, "2026-12-01", 1_00))
            .await
            .unwrap(),
        4
    );
    assert_eq!(
        target
            .insert_invoice(&Invoice {
                kind: InvoiceKind::CreditNote,
                ..invoice(a.id, c.id, "2026-12-01", 1_00)
            })
            .await
            .unwrap(),
        2
    );
    // An order has one live invoice: ten billings of it at once, one passes.
    let order = placed_order(&s, a.id, &c, &staff).await;
    let tries: Vec<_> = (0..10)
        .map(|_| {
            let s = s.clone();
            let i = Invoice {
                order_id: Some(order),
                ..invoice(a.id, c.id, "2026-11-02", 1_00)
            };
            tokio::spawn(async move { s.insert_invoice(&i).await })
        })
        .collect();
    let mut billed = 0;
    for t in tries {
        match t.await.unwrap() {
            Ok(_) => billed += 1,
            Err(StoreError::Conflict { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(billed, 1);
    // Voided, it may be billed again.
    let live = s
        .invoices(
            a.id,
            &InvoiceQuery {
                order: Some(order),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    s.void_invoice(a.id, live[0].id, Millis::now(), live[0].updated_at)
        .await
        .unwrap();
    let again = Invoice {
        order_id: Some(order),
        ..invoice(a.id, c.id, "2026-11-03", 1_00)
    };
    s.insert_invoice(&again).await.unwrap();

    // A deposit invoice: one live per order (beside its invoice), ten at once, one passes.
    let order = placed_order(&s, a.id, &c, &staff).await;
    let deposit_of = |total: i64| Invoice {
        order_id: Some(order),
        is_deposit: true,
        ..invoice(a.id, c.id, "2026-11-04", total)
    };
    let tries: Vec<_> = (0..10)
        .map(|_| {
            let s = s.clone();
            let i = deposit_of(30_00);
            tokio::spawn(async move { s.insert_invoice(&i).await.map(|n| (n, i.id)) })
        })
        .collect();
    let mut deposits = Vec::new();
    for t in tries {
        match t.await.unwrap() {
            Ok(d) => deposits.push(d),
            Err(StoreError::Conflict { .. }) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(deposits.len(), 1);
    let (deposit_number, deposit_id) = deposits[0];
    // The order's invoice sets it against its total: only a live deposit invoice of the same
    // order, for its whole amount, in its currency.
    let whole = |applied: i64, from: InvoiceId| Invoice {
        order_id: Some(order),
        deposit: Some(DepositApplied {
            invoice: from,
            number: 0,
            amount_minor: applied,
        }),
        total_minor: 100_00 - applied,
        ..invoice(a.id, c.id, "2026-11-05", 100_00)
    };
    for bad in [
        whole(29_00, deposit_id),
        whole(30_00, live[0].id),
        whole(30_00, InvoiceId::new()),
        Invoice {
            currency: Currency::Usd,
            ..whole(30_00, deposit_id)
        },
    ] {
        assert!(
            matches!(
                s.insert_invoice(&bad).await,
                Err(StoreError::Conflict { .. } | StoreError::NotFound)
            ),
            "{:?}",
            bad.deposit
        );
    }
    let before = s.invoice(a.id, deposit_id).await.unwrap().unwrap();
    let final_invoice = whole(30_00, deposit_id);
    s.insert_invoice(&final_invoice).await.unwrap();
    let read = s.invoice(a.id, final_invoice.id).await.unwrap().unwrap();
    assert_eq!(
        read.deposit,
        Some(DepositApplied {
            invoice: deposit_id,
            number: deposit_number,
            amount_minor: 30_00,
        })
    );
    assert_eq!(read.total_minor, 70_00);
    let deposit = s.invoice(a.id, deposit_id).await.unwrap().unwrap();
    assert!(deposit.is_deposit);
    // Deducted, it cannot be voided, even as the page showed it before (its `updated_at`
    // moved on), nor as it is now.
    assert_ne!(
        deposit.updated_at, before.updated_at,
        "touched by the deduction"
    );
    for seen in [before.updated_at, deposit.updated_at] {
        assert!(matches!(
            s.void_invoice(a.id, deposit_id, Millis::now(), seen).await,
            Err(StoreError::Conflict { .. })
        ));
    }
    // Once the order's invoice is voided, the deposit may be.
    s.void_invoice(a.id, read.id, Millis::now(), read.updated_at)
        .await
        .unwrap();
    s.void_invoice(a.id, deposit_id, Millis::now(), deposit.updated_at)
        .await
        .unwrap();
}
