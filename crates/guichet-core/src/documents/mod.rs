//! Documents of a project: staff (and contacts whose role allows it) upload them, streamed to the
//! blob store; versions keep earlier files; downloads are streamed and verified.
use guichet_blob::{BlobError, ByteStream};
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::access::{Action, may, require, role_reaches_document};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

pub(crate) mod account;
mod preview;
mod upload;
mod zip;

pub use account::AccountPage;
pub use preview::Preview;

/// Who acts on documents: a staff member, or a contact in one of their accounts.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    Staff(&'a User),
    Contact(&'a SignedIn, &'a Account),
}

impl Actor<'_> {
    pub(crate) fn user(&self) -> &User {
        match self {
            Actor::Staff(u) => u,
            Actor::Contact(s, _) => &s.user,
        }
    }
    pub(crate) fn tenant(&self) -> TenantId {
        self.user().tenant_id
    }
}

/// What the upload form says about a new document (read before the file), as posted: parsed
/// by `parse_meta` once the rights are checked.
#[derive(Clone, Debug, Default)]
pub struct DocumentMeta {
    pub title: String,
    /// A kind's code.
    pub kind: String,
}

pub(crate) fn parse_meta(
    tenant: &Tenant,
    m: &DocumentMeta,
    filename: &str,
) -> CoreResult<(String, DocumentKind)> {
    let mut e = FieldErrors::default();
    let title = if m.title.trim().is_empty() {
        Some(file_name(filename))
    } else {
        e.check("title", text(&m.title, 200, true))
    };
    let kind = offered_kind(tenant, &m.kind);
    if kind.is_none() {
        e.add("kind", "error-invalid");
    }
    match (title, kind) {
        (Some(t), Some(k)) if e.is_empty() => Ok((t, k)),
        _ => Err(CoreError::Invalid(e)),
    }
}

/// A kind as posted (its code), if the provider offers it.
pub(crate) fn offered_kind(tenant: &Tenant, posted: &str) -> Option<DocumentKind> {
    posted
        .trim()
        .parse()
        .ok()
        .filter(|k| tenant.offers_kind(*k))
}

pub(crate) fn blob_error(e: BlobError) -> CoreError {
    match e {
        BlobError::TooLarge { limit } => CoreError::TooLarge { limit },
        BlobError::Interrupted(_) => CoreError::Interrupted,
        BlobError::NotFound => CoreError::NotFound,
        e @ BlobError::Io { .. } => CoreError::internal_from(e),
    }
}

/// A document as listed to someone, with its latest version and what they may do with it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub doc: Document,
    pub latest: DocumentVersion,
    pub level: ShareLevel,
}

impl Portal {
    /// The project, if this actor may see it (404 otherwise), with a contact's rights on it.
    pub(crate) async fn visible_project(
        &self,
        who: Actor<'_>,
        project: ProjectId,
    ) -> CoreResult<(Project, Option<ProjectRights>)> {
        match who {
            Actor::Staff(u) => Ok((self.staff_project(u, project).await?.0, None)),
            Actor::Contact(s, a) => {
                let (p, r) = self.portal_project_rights(s, a, project).await?;
                Ok((p, Some(r)))
            }
        }
    }

    /// What this actor may do with a document of a project they see (`None`: not see it).
    pub(crate) fn level(
        who: Actor<'_>,
        rights: Option<&ProjectRights>,
        d: &Document,
    ) -> Option<ShareLevel> {
        match (who, rights) {
            (Actor::Contact(s, a), Some(r)) => r.document(
                d.id,
                role_reaches_document(&s.user, &a.role, a.customer.id, d),
            ),
            (Actor::Contact(..), None) => None,
            (Actor::Staff(_), _) => Some(ShareLevel::Upload),
        }
    }

    /// A project's documents (with their latest version) that this actor may see.
    pub async fn project_documents(
        &self,
        who: Actor<'_>,
        project: ProjectId,
    ) -> CoreResult<Vec<Listed>> {
        let (p, rights) = self.visible_project(who, project).await?;
        let list = self.store.documents_of(who.tenant(), p.id).await?;
        Ok(list
            .into_iter()
            .filter_map(|(doc, latest)| {
                Self::level(who, rights.as_ref(), &doc).map(|level| Listed { doc, latest, level })
            })
            .collect())
    }

    /// Whether this actor may add documents to the project (the page shows the form only then).
    pub async fn may_add_documents(&self, who: Actor<'_>, project: ProjectId) -> bool {
        match who {
            Actor::Staff(u) => may(u, Action::ManageCustomers),
            Actor::Contact(..) => match self.visible_project(who, project).await {
                Ok((_, Some(r))) => r.may_add_documents(),
                _ => false,
            },
        }
    }

    /// A document this actor may see, with its versions (newest first) and what they may do.
    pub async fn document_for(
        &self,
        who: Actor<'_>,
        id: DocumentId,
    ) -> CoreResult<(Document, Vec<DocumentVersion>, ShareLevel)> {
        if let Actor::Staff(u) = who {
            require(u, Action::ViewCustomers)?;
        }
        let doc = self
            .store
            .document(who.tenant(), id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let (_, rights) = self.visible_project(who, doc.project_id).await?;
        let level = Self::level(who, rights.as_ref(), &doc).ok_or(CoreError::NotFound)?;
        let versions = self.store.versions(who.tenant(), doc.id).await?;
        Ok((doc, versions, level))
    }

    /// The document page: the document and its versions, the view journaled.
    pub async fn view_document(
        &self,
        who: Actor<'_>,
        client: &Client,
        id: DocumentId,
    ) -> CoreResult<(Document, Vec<DocumentVersion>, ShareLevel)> {
        let (doc, versions, level) = self.document_for(who, id).await?;
        self.record(
            who.user(),
            client,
            Event {
                action: "document.view",
                object_kind: "document",
                object_id: doc.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: doc.title.clone(),
            },
        )
        .await?;
        Ok((doc, versions, level))
    }

    /// A version's file, streamed (and verified against its hash as it goes); journaled.
    /// Only for those who may download it, whatever `preview` says (shown in the browser, for
    /// PDFs and images): who may only view a document gets page images (`preview`), never the
    /// original's bytes.
    pub async fn download(
        &self,
        who: Actor<'_>,
        client: &Client,
        version: VersionId,
        preview: bool,
    ) -> CoreResult<(DocumentVersion, ByteStream<'static>)> {
        let v = self
            .store
            .version(who.tenant(), version)
            .await?
            .ok_or(CoreError::NotFound)?;
        let (doc, _, level) = self.document_for(who, v.document_id).await?;
        if level < ShareLevel::Download {
            return Err(CoreError::Forbidden);
        }
        let preview = preview && previewable(&v.content_type);
        self.record(
            who.user(),
            client,
            Event {
                action: if preview {
                    "document.preview"
                } else {
                    "document.download"
                },
                object_kind: "version",
                object_id: v.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{} ({})", doc.title, v.number, v.filename),
            },
        )
        .await?;
        let data = self.blobs.get(&v.sha256).await.map_err(|e| match e {
            BlobError::NotFound => CoreError::internal(format!("blob {} missing", v.sha256)),
            other => blob_error(other),
        })?;
        Ok((v, data))
    }

    /// Staff: moves a document to another status of its kind (quote approved, invoice paid…) if
    /// nobody changed it since the page was shown (`version`: its `updated_at`); journaled.
    pub async fn set_document_status(
        &self,
        actor: &User,
        client: &Client,
        id: DocumentId,
        version: i64,
        status: &str,
    ) -> CoreResult<Document> {
        require(actor, Action::ManageCustomers)?;
        let (doc, _, _) = self.document_for(Actor::Staff(actor), id).await?;
        let status = match status.trim().parse::<DocumentStatus>() {
            Ok(s) if doc.kind.statuses().contains(&s) => s,
            _ => return Err(CoreError::field("status", "error-invalid")),
        };
        if doc.updated_at.0 != version {
            return Err(CoreError::Conflict);
        }
        if doc.status == status {
            return Ok(doc);
        }
        // Agreed to is final: what was accepted cannot be moved back (or on) afterwards.
        if doc.status.is_agreed() {
            return Err(CoreError::Stale("error-document-frozen"));
        }
        let now = Millis(Millis::now().0.max(doc.updated_at.0 + 1));
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "document.status",
                object_kind: "document",
                object_id: doc.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — {} → {}", doc.title, doc.status, status),
            },
        );
        self.journaled(
            vec![entry],
            self.store
                .set_document_status(doc.tenant_id, doc.id, status, doc.updated_at, now),
        )
        .await
        .map_err(|e| match e {
            guichet_store::StoreError::Conflict { .. } => CoreError::Conflict,
            e => e.into(),
        })?;
        Ok(Document {
            status,
            updated_at: now,
            ..doc
        })
    }
}

/// A document of the project with a fresh id, to be filled in.
pub(crate) fn blank_document(p: &Project, by: UserId) -> Document {
    let now = Millis::now();
    Document {
        id: DocumentId::new(),
        tenant_id: p.tenant_id,
        customer_id: p.customer_id,
        project_id: p.id,
        title: String::new(),
        kind: DocumentKind::Other,
        status: DocumentKind::Other.first_status(),
        created_by: by,
        created_at: now,
        updated_at: now,
    }
}
