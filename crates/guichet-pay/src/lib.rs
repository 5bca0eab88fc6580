//! Online card payments through the Stripe API (Payment Intents): the few calls Guichet makes,
//! and the signed webhooks it receives. Card numbers never reach Guichet: the browser gives the
//! card to Stripe.js, which hands back a card id; Guichet creates and confirms a Payment
//! Intent for an amount it computed itself, and counts the payment only when Stripe's signed
//! `payment_intent.succeeded` event arrives.
//!
//! Tested against `localstripe` (PyPI), a Stripe-compatible server ([`testing`]).
pub mod stripe;
pub mod webhook;

#[cfg(feature = "testing")]
pub mod testing;

pub use stripe::{Intent, IntentRequest, IntentStatus, StripeClient, StripeError};
pub use webhook::{Event, EventKind, SignatureError, verify_signature};
