//! Paying online: a contact pays one or several invoices by card (what is due now, the whole
//! balance, or an amount typed where the provider allows it) and follows the payment until
//! Stripe confirms it; administrators set the provider's payment settings; Stripe's webhooks
//! arrive here.
use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::billing::{
    CardPayment, PayPlan, PaymentOptions, PaymentSettingsInput, PaymentSettingsView,
    WebhookOutcome, WebhookRefusal,
};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Checkout, CheckoutId, CheckoutStatus, Millis, Tenant};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/invoices/pay", get(pay_page).post(pay))
        .route("/portal/payments/{id}", get(checkout_page))
        .route(
            "/staff/settings/payments",
            get(settings_page).post(save_settings),
        )
        .route("/staff/payments", get(staff_checkouts))
        .route("/webhooks/stripe", post(webhook))
}

/// The page's policy: the default one, plus Stripe.js and the calls it makes.
fn with_stripe_csp(mut res: Response, stripe_js: &str) -> Response {
    let origin = origin_of(stripe_js);
    let csp = format!(
        "default-src 'self'; script-src 'self' {origin}; style-src 'self'; img-src 'self' data: {origin}; \
         font-src 'self'; connect-src 'self' {origin} https://api.stripe.com; frame-src {origin} https://hooks.stripe.com; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// `https://js.stripe.com` from `https://js.stripe.com/v3/`.
fn origin_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let host = rest.split('/').next().unwrap_or_default();
    format!("{scheme}://{host}")
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_pay.html")]
struct PayPage {
    ctx: PageCtx,
    plan: PayPlan,
    options: PaymentOptions,
    submit_key: String,
    choice: String,
    amount: String,
    errors: FieldErrors,
}

impl PayPage {
    /// Whether the whole balance is worth offering beside what is due now.
    fn offers_balance(&self) -> bool {
        self.plan.balance > self.plan.due_now
    }
    fn due_now_of(&self, i: &guichet_domain::Invoice) -> String {
        self.ctx
            .money(&i.due_now(&guichet_core::sales::shop::today()), &i.currency)
    }
    fn balance_of(&self, i: &guichet_domain::Invoice) -> String {
        self.ctx.money(&i.balance(), &i.currency)
    }
}

/// The invoices chosen: `?invoice=…&invoice=…`.
fn chosen(pairs: &[(String, String)]) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == "invoice")
        .map(|(_, v)| v.clone())
        .collect()
}

async fn pay_page(
    State(state): State<AppState>,
    s: Signed,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    render_pay(
        &state,
        &s,
        ctx,
        account,
        &chosen(&pairs),
        CardPayment::default(),
        FieldErrors::default(),
    )
    .await
}

async fn render_pay(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    account: &guichet_domain::Account,
    invoices: &[String],
    typed: CardPayment,
    errors: FieldErrors,
) -> PageResult {
    let options = state
        .portal
        .payment_options(&s.actor, account)
        .await
        .in_page(&ctx)?;
    if !options.card {
        return Err(ctx.refuse(CoreError::Stale("payment-card-off")));
    }
    let plan = match state.portal.pay_plan(&s.actor, account, invoices).await {
        Ok(plan) => plan,
        Err(CoreError::Invalid(e)) => {
            let key = e.get("invoice").unwrap_or("error-pay-choose");
            return Err(ctx.refuse(CoreError::Stale(key)));
        }
        Err(e) => return Err(ctx.refuse(e)),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let stripe_js = options.stripe_js.clone();
    let page = PayPage {
        submit_key: uuid::Uuid::now_v7().to_string(),
        choice: if typed.choice.is_empty() {
            "due".into()
        } else {
            typed.choice
        },
        amount: typed.amount,
        plan,
        options,
        errors,
        ctx,
    };
    Ok(with_stripe_csp((status, page).into_response(), &stripe_js))
}

async fn pay(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let input = CardPayment {
        invoices: chosen(&pairs),
        choice: field("choice"),
        amount: field("amount"),
        card: field("card"),
        submit_key: field("submit_key"),
    };
    match state
        .portal
        .pay_by_card(&s.actor, account, &s.v.client, &input)
        .await
    {
        Ok(checkout) => {
            Ok(Redirect::to(&format!("/portal/payments/{}", checkout.id)).into_response())
        }
        Err(CoreError::Invalid(errors)) => {
            render_pay(
                &state,
                &s,
                ctx,
                account,
                &input.invoices,
                input.clone(),
                errors,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_checkout.html")]
struct CheckoutPage {
    ctx: PageCtx,
    checkout: Checkout,
    /// For the bank's confirmation (3-D Secure), while Stripe waits for it.
    client_secret: Option<String>,
    publishable_key: String,
    stripe_js: String,
    /// Where "try again" goes: the same invoices.
    retry_href: String,
}

impl CheckoutPage {
    fn status(&self) -> &'static str {
        self.checkout.status.code()
    }
    /// Waiting for Stripe's word for more than a minute: the customer may leave the page.
    fn slow(&self) -> bool {
        Millis::now().0 - self.checkout.updated_at.0 > 60_000
    }
    fn failure_key(&self) -> String {
        let code = if self.checkout.failure.is_empty() {
            "refused"
        } else {
            self.checkout.failure.as_str()
        };
        format!("payment-failure-{code}")
    }
}

async fn checkout_page(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<CheckoutId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let account = s.account(&state).in_page(&ctx)?;
    let (checkout, client_secret) = state
        .portal
        .portal_checkout(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    let options = state
        .portal
        .payment_options(&s.actor, account)
        .await
        .in_page(&ctx)?;
    let retry_href = format!(
        "/portal/invoices/pay?{}",
        checkout
            .parts
            .iter()
            .map(|p| format!("invoice={}", p.invoice_id))
            .collect::<Vec<_>>()
            .join("&")
    );
    let waiting = checkout.status == CheckoutStatus::Processing;
    let stripe_js = options.stripe_js.clone();
    let page = CheckoutPage {
        checkout,
        client_secret,
        publishable_key: options.publishable_key,
        stripe_js: options.stripe_js,
        retry_href,
        ctx,
    };
    let res = page.into_response();
    Ok(if waiting {
        with_stripe_csp(res, &stripe_js)
    } else {
        res
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_checkouts.html")]
struct StaffCheckoutsPage {
    ctx: PageCtx,
    checkouts: Vec<Checkout>,
}

impl StaffCheckoutsPage {
    fn status_key(&self, c: &Checkout) -> String {
        format!("checkout-status-{}", c.status.code())
    }
    fn tone(&self, c: &Checkout) -> &'static str {
        match c.status {
            CheckoutStatus::Succeeded if c.unapplied_minor > 0 => "warn",
            CheckoutStatus::Succeeded => "ok",
            CheckoutStatus::Failed | CheckoutStatus::Canceled => "off",
            CheckoutStatus::Open | CheckoutStatus::Processing => "",
        }
    }
}

/// Staff: the latest online payments, those with an amount left unapplied first to the eye.
async fn staff_checkouts(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let checkouts = state
        .portal
        .staff_checkouts(&s.user, None)
        .await
        .in_page(&ctx)?;
    Ok(StaffCheckoutsPage { checkouts, ctx }.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_payments.html")]
struct SettingsPage {
    ctx: PageCtx,
    view: PaymentSettingsView,
    /// The address to give Stripe for its webhooks.
    webhook_url: String,
    notice: Option<String>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
struct SettingsQuery {
    #[serde(default)]
    done: String,
}

async fn settings_page(
    State(state): State<AppState>,
    s: Signed,
    Extension(tenant): Extension<Arc<Tenant>>,
    Query(q): Query<SettingsQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let view = state.portal.payment_settings(&s.user).await.in_page(&ctx)?;
    let notice = (q.done == "saved").then(|| ctx.t("notice-payment-settings-saved"));
    Ok(SettingsPage {
        view,
        webhook_url: format!("{}/webhooks/stripe", tenant.base_url.trim_end_matches('/')),
        notice,
        errors: FieldErrors::default(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
struct SettingsForm {
    #[serde(default)]
    card: String,
    #[serde(default)]
    publishable_key: String,
    #[serde(default)]
    secret_key: String,
    #[serde(default)]
    webhook_secret: String,
    #[serde(default)]
    partial: String,
    #[serde(default)]
    transfer: String,
    #[serde(default)]
    transfer_instructions: String,
}

async fn save_settings(
    State(state): State<AppState>,
    s: Signed,
    Extension(tenant): Extension<Arc<Tenant>>,
    CsrfForm(f): CsrfForm<SettingsForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let input = PaymentSettingsInput {
        card: !f.card.is_empty(),
        publishable_key: f.publishable_key,
        secret_key: f.secret_key,
        webhook_secret: f.webhook_secret,
        partial: !f.partial.is_empty(),
        transfer: !f.transfer.is_empty(),
        transfer_instructions: f.transfer_instructions,
    };
    match state
        .portal
        .save_payment_settings(&s.user, &s.v.client, &input)
        .await
    {
        Ok(()) => Ok(Redirect::to("/staff/settings/payments?done=saved").into_response()),
        Err(CoreError::Invalid(errors)) => {
            // Shown again as typed, secrets excepted (never sent back to the browser).
            let mut view = state.portal.payment_settings(&s.user).await.in_page(&ctx)?;
            view.settings.card = input.card;
            view.settings.publishable_key = input.publishable_key.trim().to_string();
            view.settings.partial = input.partial;
            view.settings.transfer = input.transfer;
            view.settings.transfer_instructions = input.transfer_instructions;
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                SettingsPage {
                    view,
                    webhook_url: format!(
                        "{}/webhooks/stripe",
                        tenant.base_url.trim_end_matches('/')
                    ),
                    notice: None,
                    errors,
                    ctx,
                },
            )
                .into_response())
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// Stripe's events for this provider (the host names it). 200 for what was applied or is
/// known already; 400 for a bad signature or a body that is no event; 422 for an event that
/// does not match its checkout. Nothing is applied on a refusal.
async fn webhook(
    State(state): State<AppState>,
    Extension(tenant): Extension<Arc<Tenant>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match state
        .portal
        .stripe_webhook(tenant.id, signature, &body)
        .await
    {
        Ok(Ok(outcome)) => {
            let word = match outcome {
                WebhookOutcome::Applied => "applied",
                WebhookOutcome::Marked => "marked",
                WebhookOutcome::Ignored => "ignored",
            };
            tracing::info!(tenant = %tenant.id, outcome = word, "stripe webhook");
            (StatusCode::OK, word).into_response()
        }
        Ok(Err(refusal)) => {
            tracing::warn!(tenant = %tenant.id, %refusal, "stripe webhook refused");
            let status = match refusal {
                WebhookRefusal::Mismatch => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::BAD_REQUEST,
            };
            (status, "refused").into_response()
        }
        Err(e) => {
            tracing::error!(tenant = %tenant.id, error = %guichet_core::Chain(&e), "stripe webhook failed");
            (StatusCode::SERVICE_UNAVAILABLE, "retry").into_response()
        }
    }
}
