//! Terms a step asks customers to accept, versioned: a published version never changes.
use serde::{Deserialize, Serialize};

use super::Texts;
use crate::Millis;

/// One version of a terms text; versions are never changed once published, only added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsVersion {
    pub version: i64,
    pub title: Texts,
    pub text: Texts,
    pub published_at: Millis,
}

/// Terms a sub-status asks the customer to accept (conditions of sale, a privacy notice…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDef {
    pub key: String,
    /// Oldest first; the last is in force.
    pub versions: Vec<TermsVersion>,
}

impl TermsDef {
    pub fn current(&self) -> Option<&TermsVersion> {
        self.versions.last()
    }
}
