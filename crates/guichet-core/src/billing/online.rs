//! Paying online: the provider's payment settings (administrators), a contact's card payment
//! of one or several invoices (a checkout), and Stripe's signed webhooks that alone make a
//! payment count.
use guichet_domain::*;
use guichet_pay::{EventKind, IntentRequest, IntentStatus, StripeError};
use guichet_store::{Account, SignedIn};

use crate::access::{Action, require, require_in};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::{Event, entry};
use crate::sales::shop::today;
use crate::{Client, Portal};

/// Where Stripe is, for the operator to set (never a provider: an address typed by a tenant
/// would let it make Guichet call anything).
#[derive(Clone, Debug)]
pub struct PaymentsConfig {
    /// Stripe's API (`https://api.stripe.com`), or a localstripe for trials.
    pub stripe_api: String,
    /// Stripe.js (`https://js.stripe.com/v3/`), or localstripe's.
    pub stripe_js: String,
}

impl Default for PaymentsConfig {
    fn default() -> Self {
        PaymentsConfig {
            stripe_api: "https://api.stripe.com".into(),
            stripe_js: "https://js.stripe.com/v3/".into(),
        }
    }
}

/// What an administrator types in the payment settings form; a blank secret keeps the one
/// saved (secrets are never shown again).
#[derive(Clone, Debug, Default)]
pub struct PaymentSettingsInput {
    pub card: bool,
    pub publishable_key: String,
    pub secret_key: String,
    pub webhook_secret: String,
    pub partial: bool,
    pub transfer: bool,
    pub transfer_instructions: String,
}

/// The settings as an administrator sees them again: secrets only as their last characters.
#[derive(Clone, Debug, Default)]
pub struct PaymentSettingsView {
    pub settings: PaymentSettings,
    /// `…1234`, or empty when none is saved.
    pub secret_key_hint: String,
    pub webhook_secret_hint: String,
}

/// What a contact may use to pay the provider.
#[derive(Clone, Debug, Default)]
pub struct PaymentOptions {
    pub card: bool,
    pub publishable_key: String,
    pub partial: bool,
    /// Bank transfer instructions, when the provider shows them.
    pub transfer_instructions: Option<String>,
    /// Where the page loads Stripe.js from.
    pub stripe_js: String,
}

/// Invoices chosen to pay, and what is due on them today.
#[derive(Clone, Debug)]
pub struct PayPlan {
    /// Oldest due first: a partial amount pays them in this order.
    pub invoices: Vec<Invoice>,
    pub currency: Currency,
    pub due_now: i64,
    pub balance: i64,
}

/// What a contact submits to pay by card.
#[derive(Clone, Debug, Default)]
pub struct CardPayment {
    pub invoices: Vec<String>,
    /// `due` (what is due now), `balance` (everything left), `other` (an amount typed).
    pub choice: String,
    pub amount: String,
    /// The card id Stripe.js gave for the card typed.
    pub card: String,
    /// The form's key, which becomes the checkout's id: the same form twice is one payment.
    pub submit_key: String,
}

/// What a webhook delivery came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// A payment was recorded on its invoices.
    Applied,
    /// A checkout failed or was cancelled.
    Marked,
    /// Known already, or about nothing Guichet follows: nothing changed.
    Ignored,
}

/// Why a webhook delivery was refused (nothing was applied; the refusal is logged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRefusal {
    #[error("no webhook secret for this provider")]
    NotConfigured,
    #[error("bad signature: {0}")]
    Signature(guichet_pay::SignatureError),
    #[error("not a Stripe event")]
    Malformed,
    /// The amount, currency or intent is not what the checkout asked for.
    #[error("does not match its checkout")]
    Mismatch,
}

/// Card payments a contact may attempt in an hour (declined ones included).
pub const CARD_TRIES_PER_HOUR: i64 = 10;

/// The most invoices paid at once.
pub const MAX_PAID_AT_ONCE: usize = 50;
const KEY_MAX: usize = 255;
const INSTRUCTIONS_MAX: usize = 2000;

/// The invoices a form chose (`invoice=…` fields), each once: at least one, at most
/// [`MAX_PAID_AT_ONCE`] (a form naming more is refused as soon as it does).
pub(crate) fn chosen_invoices(ids: &[String]) -> CoreResult<Vec<InvoiceId>> {
    let mut chosen: Vec<InvoiceId> = Vec::new();
    for raw in ids {
        let id = raw
            .trim()
            .parse::<InvoiceId>()
            .map_err(|_| CoreError::field("invoice", "error-pay-choose"))?;
        if !chosen.contains(&id) {
            if chosen.len() == MAX_PAID_AT_ONCE {
                return Err(CoreError::field("invoice", "error-pay-too-many"));
            }
            chosen.push(id);
        }
    }
    if chosen.is_empty() {
        return Err(CoreError::field("invoice", "error-pay-choose"));
    }
    Ok(chosen)
}

/// The last four characters of a secret, for the person who saved it to recognise it.
fn hint(secret: &str) -> String {
    let n = secret.chars().count();
    if n == 0 {
        return String::new();
    }
    let tail: String = secret.chars().skip(n.saturating_sub(4)).collect();
    format!("…{tail}")
}

/// A Stripe id as Stripe.js gives it: a known prefix, then letters, digits and underscores.
fn stripe_id(raw: &str, prefixes: &[&str]) -> bool {
    raw.len() <= KEY_MAX
        && prefixes.iter().any(|p| raw.starts_with(p))
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Portal {
    pub fn stripe_js(&self) -> &str {
        &self.settings.payments.stripe_js
    }

    /// Administrators: the provider's payment settings, secrets as hints.
    pub async fn payment_settings(&self, actor: &User) -> CoreResult<PaymentSettingsView> {
        require(actor, Action::ManagePayments)?;
        let settings = self
            .store
            .payment_settings(actor.tenant_id)
            .await?
            .unwrap_or(PaymentSettings {
                tenant_id: actor.tenant_id,
                ..Default::default()
            });
        Ok(PaymentSettingsView {
            secret_key_hint: hint(&settings.secret_key),
            webhook_secret_hint: hint(&settings.webhook_secret),
            settings: PaymentSettings {
                secret_key: String::new(),
                webhook_secret: String::new(),
                ..settings
            },
        })
    }

    /// Administrators save the payment settings (journaled, secrets never written to the
    /// journal). Cards need the three keys; a transfer needs its instructions.
    pub async fn save_payment_settings(
        &self,
        actor: &User,
        client: &Client,
        input: &PaymentSettingsInput,
    ) -> CoreResult<()> {
        require(actor, Action::ManagePayments)?;
        let saved = self
            .store
            .payment_settings(actor.tenant_id)
            .await?
            .unwrap_or_default();
        let keep = |typed: &str, saved: &str| {
            let t = typed.trim();
            if t.is_empty() {
                saved.to_string()
            } else {
                t.to_string()
            }
        };
        let settings = PaymentSettings {
            tenant_id: actor.tenant_id,
            card: input.card,
            publishable_key: input.publishable_key.trim().to_string(),
            secret_key: keep(&input.secret_key, &saved.secret_key),
            webhook_secret: keep(&input.webhook_secret, &saved.webhook_secret),
            partial: input.partial,
            transfer: input.transfer,
            transfer_instructions: input.transfer_instructions.trim().to_string(),
            updated_at: Millis::now(),
        };
        let mut errors = FieldErrors::default();
        let checks: [(&'static str, &str, &[&str]); 3] = [
            ("publishable_key", &settings.publishable_key, &["pk_"]),
            ("secret_key", &settings.secret_key, &["sk_", "rk_"]),
            ("webhook_secret", &settings.webhook_secret, &["whsec_"]),
        ];
        for (field, value, prefixes) in checks {
            if value.is_empty() {
                if settings.card {
                    errors.add(field, "error-payment-key-needed");
                }
            } else if !stripe_id(value, prefixes) {
                errors.add(field, "error-payment-key-format");
            }
        }
        if settings.transfer_instructions.chars().count() > INSTRUCTIONS_MAX {
            errors.add("transfer_instructions", "error-too-long");
        } else if settings.transfer && settings.transfer_instructions.is_empty() {
            errors.add("transfer_instructions", "error-payment-instructions-needed");
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        let on = |b: bool| if b { "on" } else { "off" };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "payments.settings",
                object_kind: "tenant",
                object_id: actor.tenant_id.0,
                customer: None,
                project: None,
                detail: format!(
                    "card {} · partial {} · transfer {}{}{}",
                    on(settings.card),
                    on(settings.partial),
                    on(settings.transfer),
                    if settings.secret_key != saved.secret_key {
                        " · secret key replaced"
                    } else {
                        ""
                    },
                    if settings.webhook_secret != saved.webhook_secret {
                        " · webhook secret replaced"
                    } else {
                        ""
                    },
                ),
            },
        );
        self.journaled(vec![entry], self.store.save_payment_settings(&settings))
            .await?;
        self.payment_options.forget(actor.tenant_id);
        Ok(())
    }

    /// How the account's contacts may pay (nothing for one who may not see its invoices).
    pub async fn payment_options(
        &self,
        s: &SignedIn,
        account: &Account,
    ) -> CoreResult<PaymentOptions> {
        require_in(&s.user, account, Module::Invoices, Op::View)?;
        let tenant = s.user.tenant_id;
        let kept = match self.payment_options.get(tenant) {
            Some(kept) => kept,
            None => {
                let read = self.store.payment_settings(tenant).await?;
                self.payment_options.put(tenant, read)
            }
        };
        let Some(settings) = kept.as_ref() else {
            return Ok(PaymentOptions::default());
        };
        Ok(PaymentOptions {
            card: settings.card_ready(),
            publishable_key: if settings.card_ready() {
                settings.publishable_key.clone()
            } else {
                String::new()
            },
            partial: settings.partial,
            transfer_instructions: settings
                .transfer_shown()
                .then(|| settings.transfer_instructions.clone()),
            stripe_js: self.settings.payments.stripe_js.clone(),
        })
    }

    /// The invoices a contact chose to pay, checked: the account's, invoices (not credit
    /// notes), not void, something left to pay, one currency, at most [`MAX_PAID_AT_ONCE`].
    pub async fn pay_plan(
        &self,
        s: &SignedIn,
        account: &Account,
        ids: &[String],
    ) -> CoreResult<PayPlan> {
        let chosen = chosen_invoices(ids)?;
        let day = today();
        let mut invoices = Vec::with_capacity(chosen.len());
        for id in chosen {
            let invoice = self.portal_invoice(s, account, id).await?;
            if invoice.kind != InvoiceKind::Invoice
                || invoice.voided_at.is_some()
                || invoice.balance() == 0
            {
                return Err(CoreError::Stale("pay-not-payable"));
            }
            invoices.push(invoice);
        }
        let currency = invoices[0].currency;
        if invoices.iter().any(|i| i.currency != currency) {
            return Err(CoreError::field("invoice", "error-pay-one-currency"));
        }
        invoices.sort_by(|a, b| {
            (a.due_on(), a.issued_on.as_str(), a.number).cmp(&(
                b.due_on(),
                b.issued_on.as_str(),
                b.number,
            ))
        });
        Ok(PayPlan {
            currency,
            due_now: invoices.iter().map(|i| i.due_now(&day)).sum(),
            balance: invoices.iter().map(Invoice::balance).sum(),
            invoices,
        })
    }

    /// A contact pays invoices by card: the amount is what the plan says is due (or the
    /// whole balance, or an amount typed where the provider allows it), computed here, never
    /// taken from the browser. The card goes to Stripe in a Payment Intent confirmed at once;
    /// the invoices are paid only when Stripe's signed webhook confirms it. Returns the
    /// checkout: `Processing`, or `Failed` with Stripe's reason (a declined card).
    pub async fn pay_by_card(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        input: &CardPayment,
    ) -> CoreResult<Checkout> {
        let Ok(key) = input.submit_key.trim().parse::<uuid::Uuid>() else {
            return Err(CoreError::Stale("pay-form-expired"));
        };
        let id = CheckoutId(key);
        // The same form again (a double click, a retried request): the checkout it made.
        if let Some(earlier) = self.store.checkout(s.user.tenant_id, id).await? {
            return if earlier.customer_id == account.customer.id {
                Ok(earlier)
            } else {
                Err(CoreError::Stale("pay-form-expired"))
            };
        }
        let settings = self
            .store
            .payment_settings(s.user.tenant_id)
            .await?
            .filter(PaymentSettings::card_ready)
            .ok_or(CoreError::Stale("payment-card-off"))?;
        let plan = self.pay_plan(s, account, &input.invoices).await?;
        let day = today();
        let balances: Vec<(usize, i64)> = plan
            .invoices
            .iter()
            .enumerate()
            .map(|(n, i)| (n, i.balance()))
            .collect();
        let mut errors = FieldErrors::default();
        let amounts: Vec<(usize, i64)> = match input.choice.trim() {
            "due" | "" => plan
                .invoices
                .iter()
                .enumerate()
                .map(|(n, i)| (n, i.due_now(&day)))
                .filter(|(_, a)| *a > 0)
                .collect(),
            "balance" => balances.clone(),
            "other" if settings.partial => {
                match errors.check("amount", Money::parse_amount(&input.amount)) {
                    Some(a) if a > plan.balance => {
                        errors.add("amount", "error-payment-above-balance");
                        Vec::new()
                    }
                    Some(a) if a < PARTIAL_MIN_MINOR.min(plan.balance) => {
                        errors.add("amount", "error-payment-below-minimum");
                        Vec::new()
                    }
                    Some(a) => allocate(a, &balances).0,
                    None => Vec::new(),
                }
            }
            _ => {
                errors.add("choice", "error-invalid");
                Vec::new()
            }
        };
        let card = input.card.trim();
        if !stripe_id(card, &["card_", "pm_", "src_"]) {
            errors.add("card", "error-payment-card");
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors));
        }
        let parts: Vec<CheckoutPart> = amounts
            .into_iter()
            .map(|(n, amount_minor)| CheckoutPart {
                invoice_id: plan.invoices[n].id,
                number: plan.invoices[n].number,
                amount_minor,
            })
            .collect();
        let amount_minor: i64 = parts.iter().map(|p| p.amount_minor).sum();
        if amount_minor <= 0 {
            return Err(CoreError::Stale("pay-not-payable"));
        }
        // Card testing (stolen numbers tried one after another through a merchant's form) is
        // stopped here: a contact's attempts that reach Stripe are counted, at most
        // CARD_TRIES_PER_HOUR an hour.
        self.count_attempt(
            s.user.tenant_id,
            &format!("card-pay:{}", s.user.id),
            CARD_TRIES_PER_HOUR,
            3600,
        )
        .await?;
        let now = Millis::now();
        let checkout = Checkout {
            id,
            tenant_id: s.user.tenant_id,
            customer_id: account.customer.id,
            created_by: s.user.id,
            created_by_name: s.user.name.clone(),
            currency: plan.currency,
            amount_minor,
            parts,
            intent_id: None,
            status: CheckoutStatus::Open,
            failure: String::new(),
            unapplied_minor: 0,
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            &s.user,
            client,
            Event {
                action: "checkout.start",
                object_kind: "checkout",
                object_id: id.0,
                customer: Some(account.customer.id),
                project: None,
                detail: describe(&checkout),
            },
        );
        match self
            .journaled(vec![entry], self.store.insert_checkout(&checkout))
            .await
        {
            // The same form twice at once: the first one stands.
            Err(guichet_store::StoreError::Conflict { .. }) => {
                return self
                    .store
                    .checkout(s.user.tenant_id, id)
                    .await?
                    .filter(|c| c.customer_id == account.customer.id)
                    .ok_or(CoreError::Stale("pay-form-expired"));
            }
            other => other?,
        }
        let tenant = s.user.tenant_id.0.to_string();
        let checkout_id = id.0.to_string();
        let sent = self
            .stripe
            .create_intent(&IntentRequest {
                secret_key: &settings.secret_key,
                amount_minor,
                currency: plan.currency.code(),
                payment_method: card,
                tenant: &tenant,
                checkout: &checkout_id,
                idempotency_key: &checkout_id,
            })
            .await;
        let (status, failure) = match sent {
            Ok(intent) => {
                self.store
                    .set_checkout_intent(s.user.tenant_id, id, &intent.id, Millis::now())
                    .await?;
                match intent.status {
                    IntentStatus::Canceled | IntentStatus::RequiresPaymentMethod => {
                        (CheckoutStatus::Failed, "card_declined".to_string())
                    }
                    _ => (CheckoutStatus::Processing, String::new()),
                }
            }
            Err(StripeError::Refused { code, message, .. }) => {
                tracing::info!(%code, %message, "stripe refused a card payment");
                (CheckoutStatus::Failed, failure_code(&code).to_string())
            }
            Err(e @ StripeError::Unavailable(_)) => {
                tracing::warn!(error = %e, "stripe unavailable for a card payment");
                (CheckoutStatus::Failed, "unavailable".to_string())
            }
        };
        self.store
            .mark_checkout(s.user.tenant_id, id, status, &failure, Millis::now())
            .await?;
        self.store
            .checkout(s.user.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)
    }

    /// One of the account's checkouts, with the client secret its 3-D Secure step needs
    /// while Stripe waits for the customer's bank.
    pub async fn portal_checkout(
        &self,
        s: &SignedIn,
        account: &Account,
        id: CheckoutId,
    ) -> CoreResult<(Checkout, Option<String>)> {
        require_in(&s.user, account, Module::Invoices, Op::View)?;
        let checkout = self
            .store
            .checkout(s.user.tenant_id, id)
            .await?
            .filter(|c| c.customer_id == account.customer.id)
            .ok_or(CoreError::NotFound)?;
        let mut secret = None;
        if checkout.status == CheckoutStatus::Processing
            && let Some(intent) = &checkout.intent_id
            && let Some(settings) = self.store.payment_settings(s.user.tenant_id).await?
            && !settings.secret_key.is_empty()
        {
            match self.stripe.intent(&settings.secret_key, intent).await {
                Ok(i) if i.status == IntentStatus::RequiresAction => secret = i.client_secret,
                // The bank refused the authentication: Stripe wants another card and sends no
                // event; nothing was charged (marking a failure never pays anything).
                Ok(i) if i.status == IntentStatus::RequiresPaymentMethod => {
                    self.store
                        .mark_checkout(
                            s.user.tenant_id,
                            id,
                            CheckoutStatus::Failed,
                            "authentication",
                            Millis::now(),
                        )
                        .await?;
                    let checkout = self
                        .store
                        .checkout(s.user.tenant_id, id)
                        .await?
                        .ok_or(CoreError::NotFound)?;
                    return Ok((checkout, None));
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reading a payment intent"),
            }
        }
        Ok((checkout, secret))
    }

    /// Staff: a customer's online payments (all of the provider's with `None`), newest first.
    pub async fn staff_checkouts(
        &self,
        actor: &User,
        customer: Option<CustomerId>,
    ) -> CoreResult<Vec<Checkout>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.checkouts(actor.tenant_id, customer, 100).await?)
    }

    /// A Stripe webhook delivery for the provider: its signature checked against the
    /// provider's webhook secret; a successful intent pays its checkout's invoices (once,
    /// whatever the number of deliveries); a failure marks the checkout, never undoing a
    /// success. The amount and currency must be the checkout's.
    pub async fn stripe_webhook(
        &self,
        tenant: TenantId,
        signature: &str,
        payload: &[u8],
    ) -> CoreResult<Result<WebhookOutcome, WebhookRefusal>> {
        let Some(settings) = self
            .store
            .payment_settings(tenant)
            .await?
            .filter(|s| !s.webhook_secret.is_empty())
        else {
            return Ok(Err(WebhookRefusal::NotConfigured));
        };
        let now = Millis::now();
        if let Err(e) = guichet_pay::verify_signature(
            &settings.webhook_secret,
            signature,
            payload,
            now.0 / 1000,
        ) {
            return Ok(Err(WebhookRefusal::Signature(e)));
        }
        let Some(event) = guichet_pay::Event::parse(payload) else {
            return Ok(Err(WebhookRefusal::Malformed));
        };
        let outcome = match (&event.intent, event.kind) {
            (Some(intent), kind) if kind != EventKind::Other => {
                self.intent_event(tenant, kind, intent).await?
            }
            _ => Ok(WebhookOutcome::Ignored),
        };
        let noted = match &outcome {
            Ok(WebhookOutcome::Applied) => "applied",
            Ok(WebhookOutcome::Marked) => "marked",
            Ok(WebhookOutcome::Ignored) => "ignored",
            Err(_) => "refused",
        };
        self.store
            .note_payment_event(tenant, &event.id, &event.type_name, noted, now)
            .await?;
        Ok(outcome)
    }

    async fn intent_event(
        &self,
        tenant: TenantId,
        kind: EventKind,
        intent: &guichet_pay::webhook::EventIntent,
    ) -> CoreResult<Result<WebhookOutcome, WebhookRefusal>> {
        let Some(id) = intent
            .metadata("checkout")
            .and_then(|c| c.parse::<uuid::Uuid>().ok())
            .map(CheckoutId)
        else {
            // An intent made elsewhere on the same Stripe account.
            return Ok(Ok(WebhookOutcome::Ignored));
        };
        let Some(checkout) = self.store.checkout(tenant, id).await? else {
            return Ok(Ok(WebhookOutcome::Ignored));
        };
        let same_intent = checkout.intent_id.as_deref().is_none_or(|i| i == intent.id);
        let same_tenant = intent.metadata("tenant") == Some(tenant.0.to_string().as_str());
        if !same_intent
            || !same_tenant
            || intent.amount != checkout.amount_minor
            || !intent
                .currency
                .eq_ignore_ascii_case(checkout.currency.code())
        {
            tracing::warn!(
                checkout = %checkout.id.0,
                intent = %intent.id,
                amount = intent.amount,
                currency = %intent.currency,
                "a Stripe event does not match its checkout; nothing applied"
            );
            return Ok(Err(WebhookRefusal::Mismatch));
        }
        let now = Millis::now();
        match kind {
            EventKind::IntentSucceeded => {
                if checkout.intent_id.is_none() {
                    self.store
                        .set_checkout_intent(tenant, id, &intent.id, now)
                        .await?;
                }
                let journal = entry(
                    tenant,
                    None,
                    "Stripe",
                    &Client::default(),
                    Event {
                        action: "checkout.paid",
                        object_kind: "checkout",
                        object_id: id.0,
                        customer: Some(checkout.customer_id),
                        project: None,
                        detail: format!("{} · {}", describe(&checkout), intent.id),
                    },
                );
                let settled = self
                    .journaled(
                        vec![journal],
                        self.store.settle_checkout(tenant, id, &today(), now),
                    )
                    .await?;
                Ok(Ok(match settled {
                    Some(payments) => {
                        if let Err(e) = self.send_receipt(&checkout, &payments).await {
                            tracing::warn!(checkout = %checkout.id.0, error = %crate::Chain(&e), "payment receipt not queued");
                        }
                        WebhookOutcome::Applied
                    }
                    None => WebhookOutcome::Ignored,
                }))
            }
            EventKind::IntentFailed | EventKind::IntentCanceled => {
                let (status, code) = if kind == EventKind::IntentFailed {
                    (
                        CheckoutStatus::Failed,
                        failure_code(intent.failure_code().unwrap_or("card_declined")),
                    )
                } else {
                    (CheckoutStatus::Canceled, "")
                };
                let moved = self
                    .store
                    .mark_checkout(tenant, id, status, code, now)
                    .await?;
                Ok(Ok(if moved {
                    WebhookOutcome::Marked
                } else {
                    WebhookOutcome::Ignored
                }))
            }
            EventKind::Other => Ok(Ok(WebhookOutcome::Ignored)),
        }
    }
}

impl Portal {
    /// Emails the contact who paid a receipt: the amount, each invoice's part, a link to the
    /// payment's page. Always sent (a receipt is no notification one turns off).
    async fn send_receipt(&self, checkout: &Checkout, payments: &[Payment]) -> CoreResult<()> {
        let (Some(tenant), Some(user)) = (
            self.store.tenant(checkout.tenant_id).await?,
            self.store
                .user(checkout.tenant_id, checkout.created_by)
                .await?,
        ) else {
            return Ok(());
        };
        if !user.active {
            return Ok(());
        }
        let locale = user.locale;
        let money = |m: i64| guichet_i18n::format::money(locale, m, checkout.currency.code());
        let lines: Vec<String> = checkout
            .parts
            .iter()
            .map(|part| {
                let paid: i64 = payments
                    .iter()
                    .filter(|p| p.invoice_id == part.invoice_id)
                    .map(|p| p.amount_minor)
                    .sum();
                let number = part.number.to_string();
                let invoice =
                    self.catalogs
                        .t_with(locale, "invoice-number", &[("number", number.as_str())]);
                self.catalogs.t_with(
                    locale,
                    "email-payment-receipt-line",
                    &[
                        ("invoice", invoice.as_str()),
                        ("amount", money(paid).as_str()),
                    ],
                )
            })
            .collect();
        let amount = money(checkout.amount_minor);
        let link = format!(
            "{}/portal/payments/{}",
            tenant.base_url.trim_end_matches('/'),
            checkout.id
        );
        let lines = lines.join("\n");
        let args = [
            ("name", user.name.as_str()),
            ("provider", tenant.name.as_str()),
            ("amount", amount.as_str()),
            ("lines", lines.as_str()),
            ("link", link.as_str()),
        ];
        let now = Millis::now();
        self.add_notice(
            &tenant,
            &user,
            NotifyKind::InvoiceIssued,
            "payment-notice-line",
            &args,
            now,
        )
        .await?;
        self.store
            .enqueue_email(&OutboxEmail {
                id: EmailId::new(),
                tenant_id: tenant.id,
                to_addr: user.email.as_str().to_string(),
                subject: self
                    .catalogs
                    .t_with(locale, "email-payment-receipt-subject", &args),
                body_text: self
                    .catalogs
                    .t_with(locale, "email-payment-receipt-body", &args),
                created_at: now,
                sent_at: None,
                attempts: 0,
                next_attempt_at: now,
                last_error: None,
            })
            .await?;
        Ok(())
    }
}

/// Stripe's reasons Guichet explains in words; any other is "refused".
fn failure_code(code: &str) -> &'static str {
    match code {
        "card_declined" | "generic_decline" | "do_not_honor" => "card_declined",
        "insufficient_funds" => "insufficient_funds",
        "expired_card" => "expired_card",
        "incorrect_cvc" | "invalid_cvc" => "incorrect_cvc",
        "incorrect_number" | "invalid_number" => "incorrect_number",
        "payment_intent_authentication_failure" | "authentication_required" => "authentication",
        "processing_error" | "unavailable" => "unavailable",
        _ => "refused",
    }
}

/// "CAD 1250.00 · invoices 12 (1000.00), 14 (250.00)" for the journal.
fn describe(c: &Checkout) -> String {
    let parts: Vec<String> = c
        .parts
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.number,
                Money::new(p.amount_minor, c.currency).plain()
            )
        })
        .collect();
    format!(
        "{} {} · invoices {}",
        c.currency,
        Money::new(c.amount_minor, c.currency).plain(),
        parts.join(", ")
    )
}
