//! Proofs of bank transfer: a contact who paid an invoice by transfer sends what it sent (the
//! amount, the day, the bank's reference) with the receipt; staff who manage invoices confirm
//! it — the payment is recorded in the same transaction — or reject it with a reason.
use guichet_blob::ByteStream;
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::sales::shop::today;
use crate::{Client, Portal};

/// What a contact types to send a proof of transfer.
#[derive(Clone, Debug, Default)]
pub struct ProofInput {
    pub amount: String,
    /// `YYYY-MM-DD`; empty: today.
    pub sent_on: String,
    pub reference: String,
}

const REFERENCE_MAX: usize = 200;
const REASON_MAX: usize = 1000;

impl Portal {
    /// A contact sends a proof of transfer for one of the account's unpaid invoices (the
    /// provider shows transfer instructions): at most the balance, sent today or before, with
    /// its file (within the provider's upload limit). Journaled.
    pub async fn send_transfer_proof(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        invoice: InvoiceId,
        input: &ProofInput,
        file: Option<(&str, ByteStream<'_>)>,
    ) -> CoreResult<TransferProof> {
        let invoice = self.portal_invoice(s, account, invoice).await?;
        let transfers = self
            .store
            .payment_settings(s.user.tenant_id)
            .await?
            .is_some_and(|p| p.transfer_shown());
        if !transfers {
            return Err(CoreError::Stale("proof-transfers-off"));
        }
        if invoice.kind != InvoiceKind::Invoice
            || invoice.voided_at.is_some()
            || invoice.balance() == 0
        {
            return Err(CoreError::Stale("pay-not-payable"));
        }
        let mut errors = FieldErrors::default();
        let amount = errors.check("amount", Money::parse_amount(&input.amount));
        if amount.is_some_and(|a| a > invoice.balance()) {
            errors.add("amount", "error-payment-above-balance");
        }
        let sent_on = day_not_after_today(&input.sent_on, "sent_on", &mut errors);
        if input.reference.chars().count() > REFERENCE_MAX {
            errors.add("reference", "error-too-long");
        }
        if file.is_none() {
            errors.add("file", "error-proof-file");
        }
        let (Some(amount), Some(sent_on), true) = (amount, sent_on, errors.is_empty()) else {
            return Err(CoreError::Invalid(errors));
        };
        let file = self
            .keep_file(s.user.tenant_id, file)
            .await?
            .ok_or_else(|| CoreError::field("file", "error-proof-file"))?;
        let proof = TransferProof {
            id: TransferProofId::new(),
            tenant_id: s.user.tenant_id,
            customer_id: account.customer.id,
            invoice_id: invoice.id,
            invoice_number: invoice.number,
            amount_minor: amount,
            currency: invoice.currency,
            sent_on,
            reference: input.reference.trim().to_string(),
            file,
            sent_by: s.user.id,
            sent_by_name: s.user.name.clone(),
            status: ProofStatus::Pending,
            decided_by_name: String::new(),
            decided_at: None,
            reason: String::new(),
            created_at: Millis::now(),
        };
        let entry = self.journal_entry(
            &s.user,
            client,
            Event {
                action: "transfer.proof",
                object_kind: "invoice",
                object_id: invoice.id.0,
                customer: Some(invoice.customer_id),
                project: None,
                detail: format!(
                    "invoice {} · {} {} · {} · {} ({}, SHA-256 {})",
                    invoice.number,
                    Money::new(amount, invoice.currency).plain(),
                    invoice.currency,
                    proof.sent_on,
                    proof.reference,
                    proof.file.name,
                    proof.file.sha256
                ),
            },
        );
        self.journaled(vec![entry], self.store.insert_transfer_proof(&proof))
            .await?;
        self.tell_staff_of_proof(&proof, &account.customer.name)
            .await;
        Ok(proof)
    }

    /// Tells staff who manage invoices that a proof waits for them (as each chose).
    async fn tell_staff_of_proof(&self, proof: &TransferProof, company: &str) {
        let result: CoreResult<()> = async {
            let Some(tenant) = self.store.tenant(proof.tenant_id).await? else {
                return Ok(());
            };
            let link = format!(
                "{}/staff/invoices/{}",
                tenant.base_url.trim_end_matches('/'),
                proof.invoice_id
            );
            let number = proof.invoice_number.to_string();
            for u in self.store.list_staff(proof.tenant_id).await? {
                if !u.active || !crate::access::may(&u, Action::ManageInvoices) {
                    continue;
                }
                let amount = guichet_i18n::format::money(
                    u.locale,
                    proof.amount_minor,
                    proof.currency.code(),
                );
                let args = [
                    ("name", u.name.as_str()),
                    ("provider", tenant.name.as_str()),
                    ("number", number.as_str()),
                    ("company", company),
                    ("amount", amount.as_str()),
                    ("link", link.as_str()),
                ];
                self.notify(
                    &tenant,
                    &u,
                    NotifyKind::InvoiceIssued,
                    "email-proof-subject",
                    "email-proof-body",
                    "proof-digest-line",
                    &args,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(proof = %proof.id, error = %crate::Chain(&e), "staff not told of the proof");
        }
    }

    /// An invoice's proofs of transfer (for a reader already allowed to see the invoice),
    /// newest first.
    pub async fn transfer_proofs_of(&self, invoice: &Invoice) -> CoreResult<Vec<TransferProof>> {
        Ok(self
            .store
            .transfer_proofs(invoice.tenant_id, Some(invoice.id), false, 100)
            .await?)
    }

    /// Staff: the proofs waiting for a decision, oldest invoices' first in line.
    pub async fn pending_transfer_proofs(&self, actor: &User) -> CoreResult<Vec<TransferProof>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self
            .store
            .transfer_proofs(actor.tenant_id, None, true, 200)
            .await?)
    }

    /// A proof's file, for a contact of the account whose role shows its invoices.
    pub async fn portal_proof_file(
        &self,
        s: &SignedIn,
        account: &Account,
        id: TransferProofId,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        let proof = self
            .store
            .transfer_proof(s.user.tenant_id, id)
            .await?
            .filter(|p| p.customer_id == account.customer.id)
            .ok_or(CoreError::NotFound)?;
        // The invoice must be one the contact may see.
        self.portal_invoice(s, account, proof.invoice_id).await?;
        self.proof_file(proof).await
    }

    /// A proof's file, for staff.
    pub async fn staff_proof_file(
        &self,
        actor: &User,
        id: TransferProofId,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        require(actor, Action::ViewCustomers)?;
        let proof = self
            .store
            .transfer_proof(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.proof_file(proof).await
    }

    async fn proof_file(
        &self,
        proof: TransferProof,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        let data = self
            .blobs
            .get(&proof.file.sha256)
            .await
            .map_err(crate::documents::blob_error)?;
        Ok((proof.file, data))
    }

    /// Staff confirm a pending proof: its amount is recorded as a transfer received on the
    /// day it was sent, in the same transaction. Decided already: `Stale`; more than the
    /// balance left now: `Stale`, nothing written. Returns the proof's invoice.
    pub async fn confirm_transfer_proof(
        &self,
        actor: &User,
        client: &Client,
        id: TransferProofId,
    ) -> CoreResult<InvoiceId> {
        require(actor, Action::ManageInvoices)?;
        let proof = self.staff_proof(actor, id).await?;
        let payment = Payment {
            id: PaymentId::new(),
            tenant_id: actor.tenant_id,
            customer_id: proof.customer_id,
            invoice_id: proof.invoice_id,
            amount_minor: proof.amount_minor,
            currency: proof.currency,
            method: PaymentMethod::Transfer,
            reference: proof.reference.clone(),
            received_on: proof.sent_on.clone(),
            recorded_by_name: actor.name.clone(),
            submit_key: proof.id.0,
            created_at: Millis::now(),
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "transfer.confirm",
                object_kind: "invoice",
                object_id: proof.invoice_id.0,
                customer: Some(proof.customer_id),
                project: None,
                detail: format!(
                    "invoice {} · {} {} · {}",
                    proof.invoice_number,
                    Money::new(proof.amount_minor, proof.currency).plain(),
                    proof.currency,
                    proof.reference
                ),
            },
        );
        let decided = self
            .journaled(
                vec![entry],
                self.store.decide_transfer_proof(
                    actor.tenant_id,
                    id,
                    ProofStatus::Confirmed,
                    &actor.name,
                    "",
                    Millis::now(),
                    Some(&payment),
                ),
            )
            .await;
        match decided {
            Ok(true) => Ok(proof.invoice_id),
            Ok(false) => Err(CoreError::Stale("proof-decided")),
            Err(guichet_store::StoreError::Conflict { .. }) => {
                Err(CoreError::Stale("proof-above-balance"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Staff reject a pending proof with a reason the customer sees. Returns its invoice.
    pub async fn reject_transfer_proof(
        &self,
        actor: &User,
        client: &Client,
        id: TransferProofId,
        reason: &str,
    ) -> CoreResult<InvoiceId> {
        require(actor, Action::ManageInvoices)?;
        let proof = self.staff_proof(actor, id).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CoreError::field("reason", "error-required"));
        }
        if reason.chars().count() > REASON_MAX {
            return Err(CoreError::field("reason", "error-too-long"));
        }
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "transfer.reject",
                object_kind: "invoice",
                object_id: proof.invoice_id.0,
                customer: Some(proof.customer_id),
                project: None,
                detail: format!("invoice {} · {reason}", proof.invoice_number),
            },
        );
        let decided = self
            .journaled(
                vec![entry],
                self.store.decide_transfer_proof(
                    actor.tenant_id,
                    id,
                    ProofStatus::Rejected,
                    &actor.name,
                    reason,
                    Millis::now(),
                    None,
                ),
            )
            .await?;
        if decided {
            Ok(proof.invoice_id)
        } else {
            Err(CoreError::Stale("proof-decided"))
        }
    }

    async fn staff_proof(&self, actor: &User, id: TransferProofId) -> CoreResult<TransferProof> {
        self.store
            .transfer_proof(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)
    }
}

/// A day typed (today when empty), never after today; a problem is noted on its field.
fn day_not_after_today(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let today = today();
    match raw.trim() {
        "" => Some(today),
        d => match d.parse::<jiff::civil::Date>() {
            Ok(date) if date.to_string() <= today => Some(date.to_string()),
            Ok(_) => {
                errors.add(field, "error-payment-in-future");
                None
            }
            Err(_) => {
                errors.add(field, "error-date");
                None
            }
        },
    }
}
