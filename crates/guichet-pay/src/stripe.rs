//! The Stripe API calls Guichet makes: create (and confirm) a Payment Intent, read one back.
use std::time::Duration;

use serde::Deserialize;

/// Where Stripe's API is (`https://api.stripe.com`, or a localstripe for tests and trials).
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    api: String,
}

/// A Payment Intent as Guichet reads it.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Intent {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub status: IntentStatus,
    /// Given to the browser only to finish a card authentication (3-D Secure).
    #[serde(default)]
    pub client_secret: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum IntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Succeeded,
    Canceled,
    #[serde(other)]
    Other,
}

/// What to charge: the amount in the currency's minor unit, the card Stripe.js gave, and the
/// ids that tie the intent back to its checkout.
#[derive(Clone, Debug)]
pub struct IntentRequest<'a> {
    pub secret_key: &'a str,
    pub amount_minor: i64,
    /// ISO 4217, any case (sent lower-case).
    pub currency: &'a str,
    /// A card or payment method id from Stripe.js (`card_…`, `pm_…`).
    pub payment_method: &'a str,
    /// Sent as `metadata[tenant]` and `metadata[checkout]`.
    pub tenant: &'a str,
    pub checkout: &'a str,
    /// The same key twice is the same intent (Stripe's `Idempotency-Key`).
    pub idempotency_key: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum StripeError {
    /// Stripe refused the card or the request; `code` is Stripe's (`card_declined`,
    /// `expired_card`…), for the message shown to the customer.
    #[error("stripe refused ({status}): {code}: {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    /// Stripe could not be reached or answered something unreadable.
    #[error("stripe unavailable: {0}")]
    Unavailable(String),
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    decline_code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

impl StripeClient {
    /// `api`: the API's base address, without a trailing slash.
    pub fn new(api: &str) -> StripeClient {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_else(|_| reqwest::Client::new());
        StripeClient {
            http,
            api: api.trim_end_matches('/').to_string(),
        }
    }

    pub fn api(&self) -> &str {
        &self.api
    }

    /// Creates a Payment Intent for the card and confirms it at once. A declined card is
    /// `Refused` (with Stripe's code); an intent that needs the customer's bank to
    /// authenticate comes back `RequiresAction`, with its client secret.
    pub async fn create_intent(&self, r: &IntentRequest<'_>) -> Result<Intent, StripeError> {
        let amount = r.amount_minor.to_string();
        let currency = r.currency.to_ascii_lowercase();
        let form: [(&str, &str); 7] = [
            ("amount", &amount),
            ("currency", &currency),
            ("payment_method", r.payment_method),
            ("confirm", "true"),
            ("metadata[tenant]", r.tenant),
            ("metadata[checkout]", r.checkout),
            ("payment_method_types[]", "card"),
        ];
        let req = self
            .http
            .post(format!("{}/v1/payment_intents", self.api))
            .basic_auth(r.secret_key, Some(""))
            .header("Idempotency-Key", r.idempotency_key)
            .form(&form);
        read(req.send().await).await
    }

    /// Reads a Payment Intent back (its status, and the client secret a 3-D Secure step needs).
    pub async fn intent(&self, secret_key: &str, id: &str) -> Result<Intent, StripeError> {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StripeError::Unavailable("malformed intent id".into()));
        }
        let req = self
            .http
            .get(format!("{}/v1/payment_intents/{id}", self.api))
            .basic_auth(secret_key, Some(""));
        read(req.send().await).await
    }
}

impl StripeClient {
    /// Whether this is Stripe itself (not a localstripe for trials).
    pub fn is_stripe(&self) -> bool {
        self.api == "https://api.stripe.com"
    }

    /// localstripe only (its own `/_config` call; real Stripe is configured in its
    /// dashboard): send its events to `url`, signed with `secret`.
    pub async fn register_localstripe_webhook(
        &self,
        id: &str,
        url: &str,
        secret: &str,
    ) -> Result<(), StripeError> {
        let res = self
            .http
            .post(format!("{}/_config/webhooks/{id}", self.api))
            .form(&[("url", url), ("secret", secret)])
            .send()
            .await
            .map_err(|e| StripeError::Unavailable(e.to_string()))?;
        if res.status().is_success() {
            Ok(())
        } else {
            Err(StripeError::Unavailable(format!("status {}", res.status())))
        }
    }
}

async fn read(sent: reqwest::Result<reqwest::Response>) -> Result<Intent, StripeError> {
    let res = sent.map_err(|e| StripeError::Unavailable(e.to_string()))?;
    let status = res.status();
    let body = res
        .bytes()
        .await
        .map_err(|e| StripeError::Unavailable(e.to_string()))?;
    if status.is_success() {
        return serde_json::from_slice(&body)
            .map_err(|e| StripeError::Unavailable(format!("unreadable intent: {e}")));
    }
    if status.is_server_error() {
        return Err(StripeError::Unavailable(format!("status {status}")));
    }
    let detail = serde_json::from_slice::<ErrorBody>(&body)
        .map(|b| b.error)
        .ok();
    let (code, message) = match detail {
        Some(d) => (
            d.decline_code
                .or(d.code)
                .or(d.kind)
                .unwrap_or_else(|| "unknown".into()),
            d.message.unwrap_or_default(),
        ),
        None => (
            "unknown".into(),
            String::from_utf8_lossy(&body).into_owned(),
        ),
    };
    Err(StripeError::Refused {
        status: status.as_u16(),
        code,
        message,
    })
}
