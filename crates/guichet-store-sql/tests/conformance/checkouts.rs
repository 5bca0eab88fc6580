//! Paying online: settings per provider; a checkout moves forward only; Stripe's confirmation
//! pays each invoice its part (or what is left of it) once, however many times it arrives.
use super::*;
use crate::invoices::invoice;

fn checkout(t: TenantId, c: CustomerId, by: &User, parts: &[(&Invoice, i64)]) -> Checkout {
    let now = Millis::now();
    let parts: Vec<CheckoutPart> = parts
        .iter()
        .map(|(i, amount)| CheckoutPart {
            invoice_id: i.id,
            number: i.number,
            amount_minor: *amount,
        })
        .collect();
    Checkout {
        id: CheckoutId::new(),
        tenant_id: t,
        customer_id: c,
        created_by: by.id,
        created_by_name: by.name.clone(),
        currency: Currency::Cad,
        amount_minor: parts.iter().map(|p| p.amount_minor).sum(),
        parts,
        intent_id: None,
        status: CheckoutStatus::Open,
        failure: String::new(),
        unapplied_minor: 0,
        created_at: now,
        updated_at: now,
    }
}

pub(crate) async fn checkouts_story(s: Arc<dyn Store>) {
    let (a, b, c, staff) = two_tenants(&s).await;

    // Settings: none at first, saved, replaced; each provider its own.
    assert_eq!(s.payment_settings(a.id).await.unwrap(), None);
    let mut settings = PaymentSettings {
        tenant_id: a.id,
        card: true,
        publishable_key: "pk_test_a".into(),
        secret_key: "sk_test_a".into(),
        webhook_secret: "whsec_a".into(),
        partial: false,
        transfer: true,
        transfer_instructions: "Banque 815".into(),
        updated_at: Millis(1_000),
    };
    s.save_payment_settings(&settings).await.unwrap();
    assert_eq!(
        s.payment_settings(a.id).await.unwrap().as_ref(),
        Some(&settings)
    );
    settings.partial = true;
    settings.secret_key = "sk_test_a2".into();
    s.save_payment_settings(&settings).await.unwrap();
    assert_eq!(
        s.payment_settings(a.id).await.unwrap().as_ref(),
        Some(&settings)
    );
    assert_eq!(s.payment_settings(b.id).await.unwrap(), None);

    let mut first = invoice(a.id, c.id, "2026-11-01", 100_00);
    first.number = s.insert_invoice(&first).await.unwrap();
    let mut second = invoice(a.id, c.id, "2026-11-02", 250_00);
    second.number = s.insert_invoice(&second).await.unwrap();

    // A checkout: read back by id and, once tied to its intent, by intent; never by another
    // provider.
    let paying = checkout(a.id, c.id, &staff, &[(&first, 100_00), (&second, 60_00)]);
    s.insert_checkout(&paying).await.unwrap();
    assert_eq!(
        s.checkout(a.id, paying.id).await.unwrap().as_ref(),
        Some(&paying)
    );
    assert_eq!(s.checkout(b.id, paying.id).await.unwrap(), None);
    assert!(matches!(
        s.insert_checkout(&paying).await,
        Err(StoreError::Conflict { .. })
    ));
    s.set_checkout_intent(a.id, paying.id, "pi_1", Millis(2_000))
        .await
        .unwrap();
    // Tied once: a second intent does not replace the first.
    s.set_checkout_intent(a.id, paying.id, "pi_other", Millis(2_001))
        .await
        .unwrap();
    let tied = s.checkout_by_intent(a.id, "pi_1").await.unwrap().unwrap();
    assert_eq!(tied.id, paying.id);
    assert_eq!(tied.intent_id.as_deref(), Some("pi_1"));
    assert_eq!(s.checkout_by_intent(a.id, "pi_other").await.unwrap(), None);
    assert_eq!(s.checkout_by_intent(b.id, "pi_1").await.unwrap(), None);

    // Forward only.
    let now = Millis::now();
    assert!(
        s.mark_checkout(a.id, paying.id, CheckoutStatus::Processing, "", now)
            .await
            .unwrap()
    );
    assert!(
        !s.mark_checkout(a.id, paying.id, CheckoutStatus::Processing, "", now)
            .await
            .unwrap()
    );
    assert!(
        !s.mark_checkout(b.id, paying.id, CheckoutStatus::Failed, "x", now)
            .await
            .unwrap()
    );
    assert!(
        s.mark_checkout(
            a.id,
            paying.id,
            CheckoutStatus::Failed,
            "card_declined",
            now
        )
        .await
        .unwrap()
    );
    let failed = s.checkout(a.id, paying.id).await.unwrap().unwrap();
    assert_eq!(
        (failed.status, failed.failure.as_str()),
        (CheckoutStatus::Failed, "card_declined")
    );

    // Confirmed: each invoice gets its part, in one go; the same confirmation again changes
    // nothing; a late failure does not undo it.
    let paid = s
        .settle_checkout(a.id, paying.id, "2026-12-01", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        paid.iter()
            .map(|p| (p.invoice_id, p.amount_minor))
            .collect::<Vec<_>>(),
        vec![(first.id, 100_00), (second.id, 60_00)]
    );
    assert!(
        paid.iter()
            .all(|p| p.method == PaymentMethod::Card && p.reference == "pi_1")
    );
    assert_eq!(
        s.settle_checkout(a.id, paying.id, "2026-12-01", now)
            .await
            .unwrap(),
        None
    );
    assert!(
        !s.mark_checkout(a.id, paying.id, CheckoutStatus::Failed, "late", now)
            .await
            .unwrap()
    );
    let done = s.checkout(a.id, paying.id).await.unwrap().unwrap();
    assert_eq!(
        (done.status, done.unapplied_minor),
        (CheckoutStatus::Succeeded, 0)
    );
    let first_now = s.invoice(a.id, first.id).await.unwrap().unwrap();
    let second_now = s.invoice(a.id, second.id).await.unwrap().unwrap();
    assert_eq!(
        (first_now.paid_minor, second_now.paid_minor),
        (100_00, 60_00)
    );
    assert_eq!(s.payments_of(a.id, second.id).await.unwrap().len(), 1);
    assert!(matches!(
        s.settle_checkout(b.id, paying.id, "2026-12-01", now).await,
        Err(StoreError::NotFound)
    ));

    // Staff were paid meanwhile: only what is left is applied, the rest kept on the checkout.
    let late = checkout(a.id, c.id, &staff, &[(&first, 10_00), (&second, 190_00)]);
    s.insert_checkout(&late).await.unwrap();
    let staff_payment = Payment {
        id: PaymentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        invoice_id: second.id,
        amount_minor: 50_00,
        currency: Currency::Cad,
        method: PaymentMethod::Transfer,
        reference: String::new(),
        received_on: "2026-12-01".into(),
        recorded_by_name: "Boss".into(),
        submit_key: uuid::Uuid::now_v7(),
        created_at: now,
    };
    assert!(s.record_payment(&staff_payment).await.unwrap());
    let applied = s
        .settle_checkout(a.id, late.id, "2026-12-02", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        applied
            .iter()
            .map(|p| (p.invoice_id, p.amount_minor))
            .collect::<Vec<_>>(),
        vec![(second.id, 140_00)]
    );
    let late_now = s.checkout(a.id, late.id).await.unwrap().unwrap();
    assert_eq!(late_now.unapplied_minor, 60_00);
    let second_now = s.invoice(a.id, second.id).await.unwrap().unwrap();
    assert_eq!(second_now.balance(), 0);

    // Twenty deliveries of one confirmation at once: one payment.
    let mut third = invoice(a.id, c.id, "2026-11-03", 80_00);
    third.number = s.insert_invoice(&third).await.unwrap();
    let racing = checkout(a.id, c.id, &staff, &[(&third, 80_00)]);
    s.insert_checkout(&racing).await.unwrap();
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let s = s.clone();
        let id = racing.id;
        let tenant = a.id;
        tasks.push(tokio::spawn(async move {
            s.settle_checkout(tenant, id, "2026-12-03", Millis::now())
                .await
        }));
    }
    let mut settled = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            settled += 1;
        }
    }
    assert_eq!(settled, 1);
    assert_eq!(s.payments_of(a.id, third.id).await.unwrap().len(), 1);
    assert_eq!(
        s.invoice(a.id, third.id).await.unwrap().unwrap().paid_minor,
        80_00
    );

    // Listed newest first, per customer or for the provider.
    let all = s.checkouts(a.id, None, 10).await.unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].id, racing.id);
    assert_eq!(s.checkouts(a.id, Some(c.id), 2).await.unwrap().len(), 2);
    assert!(s.checkouts(b.id, None, 10).await.unwrap().is_empty());

    // Stripe events: each once per provider.
    assert!(
        s.note_payment_event(a.id, "evt_1", "payment_intent.succeeded", "applied", now)
            .await
            .unwrap()
    );
    assert!(
        !s.note_payment_event(a.id, "evt_1", "payment_intent.succeeded", "applied", now)
            .await
            .unwrap()
    );
    assert!(
        s.note_payment_event(b.id, "evt_1", "payment_intent.succeeded", "ignored", now)
            .await
            .unwrap()
    );

    // Proofs of transfer: the customer's own invoice only; decided once; a confirmation pays
    // the invoice in the same transaction, or nothing when it no longer fits.
    let mut fourth = invoice(a.id, c.id, "2026-11-04", 300_00);
    fourth.number = s.insert_invoice(&fourth).await.unwrap();
    let proof = |amount: i64| TransferProof {
        id: TransferProofId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        invoice_id: fourth.id,
        invoice_number: fourth.number,
        amount_minor: amount,
        currency: Currency::Cad,
        sent_on: "2026-12-01".into(),
        reference: "VIR-1".into(),
        file: QuoteFile {
            sha256: "ab".repeat(32),
            name: "recu.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1200,
        },
        sent_by: staff.id,
        sent_by_name: staff.name.clone(),
        status: ProofStatus::Pending,
        decided_by_name: String::new(),
        decided_at: None,
        reason: String::new(),
        created_at: Millis::now(),
    };
    let first_proof = proof(200_00);
    s.insert_transfer_proof(&first_proof).await.unwrap();
    let other_customer = customer(a.id, "C-9", "Other");
    s.insert_customer(&other_customer).await.unwrap();
    assert!(matches!(
        s.insert_transfer_proof(&TransferProof {
            customer_id: other_customer.id,
            ..proof(1)
        })
        .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.transfer_proof(a.id, first_proof.id)
            .await
            .unwrap()
            .as_ref(),
        Some(&first_proof)
    );
    assert_eq!(s.transfer_proof(b.id, first_proof.id).await.unwrap(), None);
    let pay = |p: &TransferProof| Payment {
        id: PaymentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        invoice_id: fourth.id,
        amount_minor: p.amount_minor,
        currency: Currency::Cad,
        method: PaymentMethod::Transfer,
        reference: p.reference.clone(),
        received_on: p.sent_on.clone(),
        recorded_by_name: "Boss".into(),
        submit_key: p.id.0,
        created_at: Millis::now(),
    };
    assert!(
        s.decide_transfer_proof(
            a.id,
            first_proof.id,
            ProofStatus::Confirmed,
            "Boss",
            "",
            now,
            Some(&pay(&first_proof))
        )
        .await
        .unwrap()
    );
    assert!(
        !s.decide_transfer_proof(
            a.id,
            first_proof.id,
            ProofStatus::Confirmed,
            "Boss",
            "",
            now,
            Some(&pay(&first_proof))
        )
        .await
        .unwrap()
    );
    assert_eq!(
        s.invoice(a.id, fourth.id)
            .await
            .unwrap()
            .unwrap()
            .paid_minor,
        200_00
    );
    // 200 more would pass the total: refused, the proof still pending.
    let too_much = proof(200_00);
    s.insert_transfer_proof(&too_much).await.unwrap();
    assert!(matches!(
        s.decide_transfer_proof(
            a.id,
            too_much.id,
            ProofStatus::Confirmed,
            "Boss",
            "",
            now,
            Some(&pay(&too_much))
        )
        .await,
        Err(StoreError::Conflict { .. })
    ));
    let still = s.transfer_proof(a.id, too_much.id).await.unwrap().unwrap();
    assert_eq!(still.status, ProofStatus::Pending);
    assert_eq!(
        s.transfer_proofs(a.id, None, true, 10).await.unwrap().len(),
        1
    );
    assert!(
        s.decide_transfer_proof(
            a.id,
            too_much.id,
            ProofStatus::Rejected,
            "Boss",
            "Pas reçu",
            now,
            None
        )
        .await
        .unwrap()
    );
    let rejected = s.transfer_proof(a.id, too_much.id).await.unwrap().unwrap();
    assert_eq!(
        (rejected.status, rejected.reason.as_str()),
        (ProofStatus::Rejected, "Pas reçu")
    );
    assert!(
        s.transfer_proofs(a.id, None, true, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.transfer_proofs(a.id, Some(fourth.id), false, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        s.transfer_proofs(b.id, None, false, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.invoice(a.id, fourth.id)
            .await
            .unwrap()
            .unwrap()
            .paid_minor,
        200_00
    );

    // A credit note issued as used is applied to the invoice it credits, never above its
    // total; listed by the invoice it credits.
    let mut fifth = invoice(a.id, c.id, "2026-11-05", 100_00);
    fifth.number = s.insert_invoice(&fifth).await.unwrap();
    let credit = |amount: i64| Invoice {
        kind: InvoiceKind::CreditNote,
        credits: Some(fifth.id),
        paid_minor: amount,
        ..invoice(a.id, c.id, "2026-11-06", amount)
    };
    let applied = credit(30_00);
    s.insert_invoice(&applied).await.unwrap();
    assert_eq!(
        s.invoice(a.id, fifth.id).await.unwrap().unwrap().paid_minor,
        30_00
    );
    assert!(matches!(
        s.insert_invoice(&credit(80_00)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.invoice(a.id, fifth.id).await.unwrap().unwrap().paid_minor,
        30_00
    );
    let credited = s
        .invoices(
            a.id,
            &guichet_store::InvoiceQuery {
                credits: Some(fifth.id),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        credited.iter().map(|i| i.id).collect::<Vec<_>>(),
        [applied.id]
    );

    // A copy of the installation keeps them.
    let dump = s.dump().await.unwrap();
    assert_eq!(dump.online_payments.proofs.len(), 2);
    assert_eq!(dump.online_payments.checkouts.len(), 3);
    assert_eq!(dump.online_payments.settings, vec![settings]);
    assert_eq!(dump.online_payments.events.len(), 2);
}
