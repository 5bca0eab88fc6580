//! What a document is (a quote, an invoice, a plan…) and the statuses each kind goes through.
//! Stored and posted as their codes (`purchase_order`, `to_approve`); parsed once, where they
//! come in.
use std::fmt;
use std::str::FromStr;

use crate::ValueError;

/// A code (a document kind, a status…) that names nothing known: a form posted by hand, or a
/// row written by a hand edit or another version.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {code:?}")]
pub struct UnknownCode {
    /// What the code should have named ("document kind").
    pub what: &'static str,
    pub code: String,
}

impl From<UnknownCode> for ValueError {
    fn from(_: UnknownCode) -> Self {
        ValueError::Invalid
    }
}

/// Declares a code enum: its variants with their codes and catalog keys, `ALL` in the usual
/// order, `as_str`, `message_key`, `FromStr` / `TryFrom<&str>` (an `UnknownCode` error), and
/// serde as the code.
macro_rules! codes {
    ($(#[$meta:meta])* $name:ident, $what:literal, $($variant:ident = $code:literal, $key:literal;)+) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every value, in the order forms offer them.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code, as stored and posted.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The message catalog key of its label.
            pub fn message_key(self) -> &'static str {
                match self {
                    $($name::$variant => $key,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownCode;
            /// The value of a code (exactly: callers trim what people typed).
            fn from_str(code: &str) -> Result<Self, UnknownCode> {
                match code {
                    $($code => Ok($name::$variant),)+
                    _ => Err(UnknownCode {
                        what: $what,
                        code: code.chars().take(64).collect(),
                    }),
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = UnknownCode;
            fn try_from(code: &str) -> Result<Self, UnknownCode> {
                code.parse()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = String::deserialize(d)?;
                code.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

codes!(
    /// What a document is. A provider may offer only some of them (`Tenant::kinds`); a role may
    /// reach only some of them (`Scope::Kinds`).
    DocumentKind, "document kind",
    Quote = "quote", "kind-quote";
    PurchaseOrder = "purchase_order", "kind-purchase-order";
    Invoice = "invoice", "kind-invoice";
    Report = "report", "kind-report";
    Diagnostic = "diagnostic", "kind-diagnostic";
    Measurement = "measurement", "kind-measurement";
    Contract = "contract", "kind-contract";
    Plan = "plan", "kind-plan";
    Certificate = "certificate", "kind-certificate";
    Other = "other", "kind-other";
);

codes!(
    /// Where a document stands; which ones apply depends on its kind
    /// (`DocumentKind::statuses`).
    DocumentStatus, "document status",
    ToApprove = "to_approve", "status-to-approve";
    Approved = "approved", "status-approved";
    Refused = "refused", "status-refused";
    Expired = "expired", "status-expired";
    Open = "open", "status-open";
    Paid = "paid", "status-paid";
    Late = "late", "status-late";
    Issued = "issued", "status-issued";
    Signed = "signed", "status-signed";
    ToSign = "to_sign", "status-to-sign";
    Published = "published", "status-published";
    Draft = "draft", "status-draft";
);

impl DocumentStatus {
    /// Agreed to (a quote approved, a contract or order signed): the document is frozen — no
    /// new version, no other status.
    pub fn is_agreed(self) -> bool {
        matches!(self, DocumentStatus::Approved | DocumentStatus::Signed)
    }
}

impl DocumentKind {
    /// The statuses a document of this kind can have; the first is where it starts.
    pub fn statuses(self) -> &'static [DocumentStatus] {
        use DocumentStatus::*;
        match self {
            DocumentKind::Quote => &[ToApprove, Approved, Refused, Expired],
            DocumentKind::Invoice => &[Open, Paid, Late],
            DocumentKind::PurchaseOrder => &[Issued, Signed],
            DocumentKind::Contract => &[ToSign, Signed],
            DocumentKind::Report
            | DocumentKind::Diagnostic
            | DocumentKind::Measurement
            | DocumentKind::Plan
            | DocumentKind::Certificate
            | DocumentKind::Other => &[Published, Draft],
        }
    }

    /// Where a new document of this kind starts.
    pub fn first_status(self) -> DocumentStatus {
        match self.statuses() {
            [first, ..] => *first,
            [] => DocumentStatus::Published,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn codes_parse_back_and_unknown_ones_are_named() {
        for k in DocumentKind::ALL {
            assert_eq!(k.as_str().parse::<DocumentKind>(), Ok(k));
            assert_eq!(DocumentKind::try_from(k.as_str()), Ok(k));
            assert_eq!(
                k.message_key(),
                format!("kind-{}", k.as_str().replace('_', "-"))
            );
            assert!(!k.statuses().is_empty());
            assert_eq!(k.first_status(), k.statuses()[0]);
        }
        for s in DocumentStatus::ALL {
            assert_eq!(s.as_str().parse::<DocumentStatus>(), Ok(s));
            assert_eq!(
                s.message_key(),
                format!("status-{}", s.as_str().replace('_', "-"))
            );
            assert!(DocumentKind::ALL.iter().any(|k| k.statuses().contains(&s)));
        }
        let e = "memo".parse::<DocumentKind>().unwrap_err();
        assert_eq!(e.to_string(), "unknown document kind \"memo\"");
        assert_eq!(ValueError::from(e), ValueError::Invalid);
        assert!(
            " quote".parse::<DocumentKind>().is_err(),
            "exact codes only"
        );
        assert!("Quote".parse::<DocumentKind>().is_err());
    }

    #[test]
    fn they_travel_as_their_codes() {
        let json = serde_json::to_string(&[DocumentKind::PurchaseOrder]).unwrap();
        assert_eq!(json, r#"["purchase_order"]"#);
        assert_eq!(
            serde_json::from_str::<Vec<DocumentKind>>(&json).unwrap(),
            [DocumentKind::PurchaseOrder]
        );
        assert!(serde_json::from_str::<DocumentKind>(r#""memo""#).is_err());
        assert_eq!(DocumentStatus::ToApprove.to_string(), "to_approve");
    }

    #[test]
    fn statuses_as_before() {
        use DocumentStatus::*;
        assert_eq!(
            DocumentKind::Quote.statuses(),
            [ToApprove, Approved, Refused, Expired]
        );
        assert_eq!(DocumentKind::Invoice.first_status(), Open);
        assert_eq!(DocumentKind::PurchaseOrder.first_status(), Issued);
        assert_eq!(DocumentKind::Contract.first_status(), ToSign);
        assert_eq!(DocumentKind::Plan.statuses(), [Published, Draft]);
    }
}
