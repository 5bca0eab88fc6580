//! A provider's flow types as staff configure them (statuses, sub-statuses, the page each
//! sub-status shows, typed fields, versioned terms, transitions), and where a project stands in
//! one. Stored as one JSON definition per flow type; `FlowDef::engine` hands the state machine
//! of `flows` what it needs.
mod changes;
mod definition;
mod drawing;
mod editing;
mod fields;
mod pages;
mod place;
mod terms;

pub use changes::*;
pub use definition::*;
pub use drawing::*;
pub use fields::*;
pub use pages::*;
pub use place::*;
pub use terms::*;

use serde::{Deserialize, Serialize};

use crate::{FlowId, Locale, Millis, TenantId, UserId};

/// A text in both languages of the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    #[serde(default)]
    pub fr: String,
    #[serde(default)]
    pub en: String,
}

impl Texts {
    pub fn new(fr: &str, en: &str) -> Self {
        Texts {
            fr: fr.into(),
            en: en.into(),
        }
    }
    /// The text in `locale`, or the other language when that one is empty.
    pub fn get(&self, locale: Locale) -> &str {
        let (a, b) = match locale {
            Locale::Fr => (&self.fr, &self.en),
            Locale::En => (&self.en, &self.fr),
        };
        if a.trim().is_empty() { b } else { a }
    }
}

/// What customers see of a status or sub-status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Public {
    pub name: Texts,
    #[serde(default)]
    pub description: Texts,
}

/// A flow type of a provider.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowType {
    pub id: FlowId,
    pub tenant_id: TenantId,
    /// The name staff use.
    pub name: String,
    /// What customers see (e.g. "Installation solaire résidentielle").
    pub public: Public,
    pub def: FlowDef,
    /// Bumped by each saved edit (an edit made on an older revision is refused).
    pub revision: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// The planned visit of a technician.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub technician: Option<UserId>,
    pub starts_at: Millis,
    pub ends_at: Millis,
    #[serde(default)]
    pub note: String,
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// A small flow: documentation, offer, done or failed (reactivation back to the start).
    pub(crate) fn def() -> FlowDef {
        let step = |key: &str, page: PageKind, to: &[(&str, &str)]| SubStatus {
            key: key.into(),
            internal: key.into(),
            public: Public {
                name: Texts::new(key, key),
                description: Texts::default(),
            },
            page,
            transitions: to
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect(),
            ..Default::default()
        };
        FlowDef {
            statuses: vec![FlowStatus {
                key: "s".into(),
                internal: "s".into(),
                public: Public {
                    name: Texts::new("S", "S"),
                    description: Texts::default(),
                },
                steps: vec![
                    step(
                        "doc",
                        PageKind::InitialDocumentation,
                        &[("documentation_submitted", "offer")],
                    ),
                    step(
                        "offer",
                        PageKind::Offer,
                        &[("offer_accepted", "done"), ("offer_refused", "failed")],
                    ),
                    step("done", PageKind::Success, &[]),
                    step(
                        "failed",
                        PageKind::Failed,
                        &[("reactivation_requested", "doc")],
                    ),
                ],
            }],
            fields: vec![],
            terms: vec![],
        }
    }
}
