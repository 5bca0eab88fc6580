//! Guichet's domain: typed ids, parsed values and entities. No I/O here.

pub mod addresses;
pub mod billing;
pub mod company;
pub mod document_kinds;
pub mod documents;
pub mod entities;
pub mod flow_types;
pub mod flows;
pub mod ids;
pub mod jobs;
pub mod journal;
pub mod notifications;
pub mod projects;
pub mod queries;
pub mod roles;
pub mod sales;
pub mod shares;
pub mod time_zones;
pub mod values;

pub use addresses::*;
pub use billing::*;
pub use company::*;
pub use document_kinds::*;
pub use documents::*;
pub use entities::*;
pub use flow_types::*;
pub use flows::*;
pub use ids::*;
pub use jobs::*;
pub use journal::*;
pub use notifications::*;
pub use projects::*;
pub use queries::*;
pub use roles::*;
pub use sales::*;
pub use shares::*;
pub use time_zones::*;
pub use values::*;

/// Milliseconds since the Unix epoch, UTC. Every stored instant uses it, on both databases.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Millis(pub i64);

impl Millis {
    pub fn now() -> Self {
        Millis((time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64)
    }
    pub fn plus_secs(self, secs: i64) -> Self {
        Millis(self.0 + secs * 1000)
    }
}
