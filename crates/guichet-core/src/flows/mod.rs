//! Pipelines: staff with the "manage flows" right configure flow types; staff put projects in
//! a flow and move them; customers see where their project stands and move it forward from the
//! page of its current sub-status. The engine (`guichet_domain::flows`) decides each move;
//! every move is journaled and may be announced by email.
use std::collections::BTreeMap;
use std::sync::Arc;

use guichet_blob::ByteStream;
use guichet_domain::*;
use guichet_store::StoreError;

use crate::Portal;
use crate::documents::Listed;
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;

mod acceptance;
mod announce;
mod drawing;
mod offer;
mod portal;
pub mod queues;
mod staff;
mod types;

pub(crate) use offer::OfferMove;

/// Flow types as last read (a project page needs its flow's definition on every view; it
/// changes rarely). An entry is used only when its revision is the one stored, read with the
/// project's place in the same statement, so an edit made on another instance is seen at once.
#[derive(Default)]
pub struct FlowCache(std::sync::RwLock<BTreeMap<FlowId, Arc<FlowType>>>);

impl FlowCache {
    fn get(&self, tenant: TenantId, id: FlowId, revision: i64) -> Option<Arc<FlowType>> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&id)
            .filter(|f| f.tenant_id == tenant && f.revision == revision)
            .cloned()
    }
    fn put(&self, f: Arc<FlowType>) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        if map.len() > 1000 {
            map.clear();
        }
        map.insert(f.id, f);
    }
}

/// Reserved value keys (flow field keys never start with `@`).
pub const DRAWING_POINTS: &str = "@drawing_points";
pub const DRAWING_DOC: &str = "@drawing_doc";

/// What a customer sends from the page of their project's current sub-status.
#[derive(Debug, Default)]
pub struct FlowInput {
    /// The sub-status the page was shown for.
    pub step: String,
    /// The project's revision the page was shown at.
    pub revision: i64,
    /// `None`: save what was filled in without going on.
    pub action: Option<FlowAction>,
    /// Field key → value as typed (file fields come in `files`).
    pub values: BTreeMap<String, String>,
    /// File field key → the document just stored for it (`flow_file`).
    pub files: BTreeMap<String, DocumentId>,
    pub accept_terms: bool,
    /// The version of the terms the page showed (accepting terms names it).
    pub terms_version: Option<i64>,
    /// The quote accepted on an offer page, as the page showed it.
    pub quote: Option<QuoteShown>,
}

/// A quote as an offer page showed it: accepting it names the exact file, by its version and
/// SHA-256; a version added since makes the acceptance fail (409).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteShown {
    pub document: DocumentId,
    pub version: VersionId,
    pub sha256: String,
}

impl std::str::FromStr for QuoteShown {
    type Err = ();
    /// `<document id>:<version id>:<sha-256>`, as the offer page writes it.
    fn from_str(s: &str) -> Result<Self, ()> {
        let mut parts = s.splitn(3, ':');
        let document = parts.next().ok_or(())?.parse().map_err(|_| ())?;
        let version = parts.next().ok_or(())?.parse().map_err(|_| ())?;
        let sha256 = parts.next().ok_or(())?;
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(());
        }
        Ok(QuoteShown {
            document,
            version,
            sha256: sha256.to_ascii_lowercase(),
        })
    }
}

/// A project's flow as its customer sees it.
#[derive(Debug)]
pub struct FlowView {
    pub flow: Arc<FlowType>,
    pub state: ProjectFlow,
    /// Whether this contact may move the project forward.
    pub may_act: bool,
    /// Offer page: the project's quote documents they see; contract page: its contracts.
    pub documents: Vec<Listed>,
    /// Offer page: the project's quotes they see (sent or settled), answered on each
    /// quote's own page.
    pub quotes: Vec<Quote>,
    /// Documents given for file fields, by id.
    pub files: BTreeMap<DocumentId, Document>,
    pub technician: Option<User>,
    /// The terms in force for the current step, when it has some.
    pub terms: Option<TermsVersion>,
}

/// A staff edit of a flow type's definition.
#[derive(Debug)]
pub struct FlowEdit {
    pub name: String,
    pub public: Public,
    pub def: FlowDef,
    pub revision: i64,
    /// Removed sub-status → where its projects go.
    pub moves: BTreeMap<String, String>,
}

/// Why an edit of a flow type cannot be saved as sent.
#[derive(Debug)]
pub enum FlowEditError {
    /// Problems in the definition.
    Invalid(Vec<DefProblem>),
    /// Removed sub-statuses that projects stand at: (key, internal name, how many projects),
    /// each needs a destination among the remaining sub-statuses.
    NeedsDestination(Vec<(String, String, i64)>),
    /// A change from the editor's forms that cannot be made as asked.
    Change(EditProblem),
    Core(CoreError),
}

impl From<CoreError> for FlowEditError {
    fn from(e: CoreError) -> Self {
        FlowEditError::Core(e)
    }
}

pub(super) fn conflict(e: StoreError) -> CoreError {
    match e {
        StoreError::Conflict { .. } => CoreError::Conflict,
        e => e.into(),
    }
}

impl Portal {
    /// A project's flow type and place in it, if it has one (one statement when the flow
    /// type is cached at its current revision).
    pub(super) async fn flow_of(
        &self,
        p: &Project,
    ) -> CoreResult<Option<(Arc<FlowType>, ProjectFlow)>> {
        let state = self.store.project_flow_revision(p.tenant_id, p.id).await?;
        self.flow_at(p.tenant_id, state).await
    }

    /// The flow type for a place read with its revision: from memory when that revision is
    /// the one kept, else read (and kept).
    pub(super) async fn flow_at(
        &self,
        tenant: TenantId,
        state: Option<(ProjectFlow, i64)>,
    ) -> CoreResult<Option<(Arc<FlowType>, ProjectFlow)>> {
        let Some((pf, revision)) = state else {
            return Ok(None);
        };
        let f = self
            .flow_type_at(tenant, pf.flow_id, revision)
            .await?
            .ok_or(CoreError::NotFound)?;
        Ok(Some((f, pf)))
    }

    /// A flow type known to be at `revision`: from memory when kept at that revision, else
    /// read (and kept).
    pub(super) async fn flow_type_at(
        &self,
        tenant: TenantId,
        id: FlowId,
        revision: i64,
    ) -> CoreResult<Option<Arc<FlowType>>> {
        if let Some(f) = self.flow_cache.get(tenant, id, revision) {
            return Ok(Some(f));
        }
        let Some(f) = self.store.flow(tenant, id).await? else {
            return Ok(None);
        };
        let f = Arc::new(f);
        self.flow_cache.put(f.clone());
        Ok(Some(f))
    }
}

/// A journal entry about a project (its flow).
pub(super) fn on_project<'a>(action: &'a str, p: &Project, detail: String) -> Event<'a> {
    Event {
        action,
        object_kind: "project",
        object_id: p.id.0,
        customer: Some(p.customer_id),
        project: Some(p.id),
        detail,
    }
}

pub(super) fn checked_name(name: &str) -> CoreResult<String> {
    let n = name.trim();
    if n.is_empty() {
        Err(CoreError::field("name", "error-required"))
    } else if n.chars().count() > 120 {
        Err(CoreError::field("name", "error-too-long"))
    } else {
        Ok(n.to_string())
    }
}

/// "Label: value; …" of what was sent, for the journal (files by their document).
pub(super) fn describe(def: &FlowDef, sent: &BTreeMap<String, String>, locale: Locale) -> String {
    sent.iter()
        .filter_map(|(k, v)| {
            let f = def.field(k)?;
            let shown = match f.kind {
                FieldKind::File => "📎".to_string(),
                _ => f.shown(v, locale),
            };
            let short: String = shown.chars().take(80).collect();
            Some(format!("{}: {short}", f.label.get(locale)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn bytes_stream(data: Vec<u8>) -> ByteStream<'static> {
    Box::pin(futures_util::stream::once(async move {
        Ok(bytes::Bytes::from(data))
    }))
}
