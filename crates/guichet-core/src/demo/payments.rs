//! The demo's payment settings: transfer instructions always; cards when Guichet is pointed
//! at a localstripe (never at Stripe itself: the demo has no real keys); reminder rules.
use guichet_domain::*;

use crate::{CoreResult, Portal};

/// The demo's keys, as localstripe accepts any of their kind.
const PUBLISHABLE: &str = "pk_test_guichet_demo";
const SECRET: &str = "sk_test_guichet_demo";
const WEBHOOK_SECRET: &str = "whsec_guichet_demo";

const TRANSFER: &str = "Virement Interac ou dépôt direct à l’ordre de Géotechnique Laurentides inc.\n\
Institution 815 · Transit 30012 · Compte 4471203\n\
Indiquez le numéro de la facture dans la note du virement.";

impl Portal {
    /// Saves the demo's payment settings once; with a localstripe, asks it (at every start:
    /// it forgets when it stops) to send its events to the demo's webhook.
    pub(super) async fn demo_payments(&self, tenant: &Tenant) -> CoreResult<()> {
        let local = !self.stripe.is_stripe();
        if self.store.payment_settings(tenant.id).await?.is_none() {
            self.store
                .save_payment_settings(&PaymentSettings {
                    tenant_id: tenant.id,
                    card: local,
                    publishable_key: if local {
                        PUBLISHABLE.into()
                    } else {
                        String::new()
                    },
                    secret_key: if local { SECRET.into() } else { String::new() },
                    webhook_secret: if local {
                        WEBHOOK_SECRET.into()
                    } else {
                        String::new()
                    },
                    partial: true,
                    transfer: true,
                    transfer_instructions: TRANSFER.into(),
                    updated_at: Millis::now(),
                })
                .await?;
        }
        if local {
            let url = format!("{}/webhooks/stripe", tenant.base_url.trim_end_matches('/'));
            if let Err(e) = self
                .stripe
                .register_localstripe_webhook("guichet-demo", &url, WEBHOOK_SECRET)
                .await
            {
                tracing::warn!(error = %e, api = %self.stripe.api(), "localstripe did not take the demo's webhook");
            }
        }
        self.demo_reminders(tenant).await
    }

    /// The demo's reminder rules, once: three days before an invoice is due, seven and thirty
    /// days after, three days before a quote expires.
    async fn demo_reminders(&self, tenant: &Tenant) -> CoreResult<()> {
        if !self.store.reminder_rules(tenant.id).await?.is_empty() {
            return Ok(());
        }
        for (kind, days) in [
            (ReminderKind::InvoiceDue, 3),
            (ReminderKind::InvoiceOverdue, 7),
            (ReminderKind::InvoiceOverdue, 30),
            (ReminderKind::QuoteExpiring, 3),
        ] {
            let rule = self.default_reminder_rule(tenant.id, kind, days);
            self.store.save_reminder_rule(&rule, None).await?;
        }
        Ok(())
    }
}
