//! Stripe's webhooks: the signature (`Stripe-Signature: t=…,v1=…`, an HMAC-SHA256 of
//! `t.payload` under the endpoint's signing secret) and the few events Guichet acts on.
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// How far a signature's time may be from now, in seconds: older deliveries are replays.
pub const TOLERANCE_SECS: i64 = 300;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no Stripe-Signature header, or no time or v1 signature in it")]
    Malformed,
    #[error("the signature's time is outside the tolerance")]
    Expired,
    #[error("no v1 signature matches")]
    Mismatch,
}

/// Checks that `payload` was signed with `secret` at most [`TOLERANCE_SECS`] from `now_secs`.
pub fn verify_signature(
    secret: &str,
    header: &str,
    payload: &[u8],
    now_secs: i64,
) -> Result<(), SignatureError> {
    let mut time: Option<i64> = None;
    let mut signatures: Vec<Vec<u8>> = Vec::new();
    for part in header.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else {
            continue;
        };
        match k {
            "t" => time = v.parse().ok(),
            "v1" => {
                if let Ok(bytes) = hex::decode(v) {
                    signatures.push(bytes);
                }
            }
            _ => {}
        }
    }
    let Some(time) = time else {
        return Err(SignatureError::Malformed);
    };
    if signatures.is_empty() || secret.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now_secs - time).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Expired);
    }
    let expected = sign(secret, time, payload);
    if signatures
        .iter()
        .any(|s| bool::from(s.as_slice().ct_eq(&expected)))
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// The v1 signature of `payload` at `time` (what Stripe sends; tests sign with it).
pub fn sign(secret: &str, time: i64, payload: &[u8]) -> Vec<u8> {
    #[allow(clippy::expect_used)] // HMAC takes keys of any length.
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(time.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac.finalize().into_bytes().to_vec()
}

/// A `Stripe-Signature` header for `payload` (tests and tools).
pub fn signature_header(secret: &str, time: i64, payload: &[u8]) -> String {
    format!("t={time},v1={}", hex::encode(sign(secret, time, payload)))
}

/// The events Guichet acts on; the others are acknowledged and ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    IntentSucceeded,
    IntentFailed,
    IntentCanceled,
    Other,
}

/// An event, as much as Guichet reads of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub kind: EventKind,
    /// The event's type as Stripe named it.
    pub type_name: String,
    /// The Payment Intent it is about (for the intent events).
    pub intent: Option<EventIntent>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EventIntent {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    #[serde(default)]
    pub metadata: std::collections::BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub last_payment_error: Option<serde_json::Value>,
}

impl EventIntent {
    pub fn metadata(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).and_then(|v| v.as_str())
    }

    /// Stripe's code for why the payment failed (`card_declined`…), when it says.
    pub fn failure_code(&self) -> Option<&str> {
        let e = self.last_payment_error.as_ref()?;
        e.get("decline_code")
            .and_then(|v| v.as_str())
            .or_else(|| e.get("code").and_then(|v| v.as_str()))
    }
}

#[derive(Deserialize)]
struct RawEvent {
    id: String,
    #[serde(rename = "type")]
    type_name: String,
    data: RawData,
}

#[derive(Deserialize)]
struct RawData {
    object: serde_json::Value,
}

impl Event {
    /// Reads an event (after its signature was checked); `None` when it is not one.
    pub fn parse(payload: &[u8]) -> Option<Event> {
        let raw: RawEvent = serde_json::from_slice(payload).ok()?;
        if raw.id.is_empty() || raw.id.len() > 255 {
            return None;
        }
        let kind = match raw.type_name.as_str() {
            "payment_intent.succeeded" => EventKind::IntentSucceeded,
            "payment_intent.payment_failed" => EventKind::IntentFailed,
            "payment_intent.canceled" => EventKind::IntentCanceled,
            _ => EventKind::Other,
        };
        let intent = if kind == EventKind::Other {
            None
        } else {
            Some(serde_json::from_value::<EventIntent>(raw.data.object).ok()?)
        };
        Some(Event {
            id: raw.id,
            kind,
            type_name: raw.type_name,
            intent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_test";

    #[test]
    fn a_signed_payload_verifies_and_a_changed_one_does_not() {
        let body = br#"{"id":"evt_1"}"#;
        let h = signature_header(SECRET, 1_000, body);
        assert_eq!(verify_signature(SECRET, &h, body, 1_010), Ok(()));
        assert_eq!(
            verify_signature(SECRET, &h, br#"{"id":"evt_2"}"#, 1_010),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature("whsec_other", &h, body, 1_010),
            Err(SignatureError::Mismatch)
        );
        // A replay an hour later.
        assert_eq!(
            verify_signature(SECRET, &h, body, 4_600),
            Err(SignatureError::Expired)
        );
        for bad in ["", "t=1000", "v1=abcd", "t=x,v1=00", "garbage"] {
            assert!(verify_signature(SECRET, bad, body, 1_000).is_err(), "{bad}");
        }
        // Among several v1 signatures (a secret being rolled), one match is enough.
        let two = format!("t=1000,v1={},{}", "00".repeat(32), &h[7..]);
        assert_eq!(verify_signature(SECRET, &two, body, 1_000), Ok(()));
        // An empty secret verifies nothing.
        assert!(verify_signature("", &h, body, 1_000).is_err());
    }

    #[test]
    fn intent_events_are_read() {
        let body = br#"{"id":"evt_9","type":"payment_intent.succeeded","data":{"object":
            {"id":"pi_1","amount":1250,"currency":"cad","metadata":{"checkout":"c-1"}}}}"#;
        let e = Event::parse(body).unwrap();
        assert_eq!(e.kind, EventKind::IntentSucceeded);
        let i = e.intent.unwrap();
        assert_eq!((i.amount, i.currency.as_str()), (1250, "cad"));
        assert_eq!(i.metadata("checkout"), Some("c-1"));
        let other = br#"{"id":"evt_8","type":"customer.created","data":{"object":{}}}"#;
        assert_eq!(Event::parse(other).unwrap().kind, EventKind::Other);
        assert!(Event::parse(b"not json").is_none());
        let bad_intent =
            br#"{"id":"evt_7","type":"payment_intent.succeeded","data":{"object":{"id":"pi"}}}"#;
        assert!(Event::parse(bad_intent).is_none());
    }
}
