//! Documents of a project: staff (and contacts whose role allows it) upload them, streamed to the
//! blob store; versions keep earlier files; downloads are streamed and verified.
use futures_util::StreamExt;
use guichet_blob::{BlobError, ByteStream};
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::access::{Action, RecordRef, may, require, require_in, scope_reaches};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// Who acts on documents: a staff member, or a contact in one of their accounts.
#[derive(Clone, Copy)]
pub enum Actor<'a> {
    Staff(&'a User),
    Contact(&'a SignedIn, &'a Account),
}

impl Actor<'_> {
    fn user(&self) -> &User {
        match self {
            Actor::Staff(u) => u,
            Actor::Contact(s, _) => &s.user,
        }
    }
    fn tenant(&self) -> TenantId {
        self.user().tenant_id
    }
}

/// What the upload form says about a new document (read before the file).
#[derive(Clone, Debug, Default)]
pub struct DocumentMeta {
    pub title: String,
    pub kind: String,
}

fn parse_meta(m: &DocumentMeta, filename: &str) -> CoreResult<(String, String)> {
    let mut e = FieldErrors::default();
    let title = if m.title.trim().is_empty() {
        Some(file_name(filename))
    } else {
        e.check("title", text(&m.title, 200, true))
    };
    let kind = m.kind.trim();
    if !DOCUMENT_KINDS.contains(&kind) {
        e.add("kind", "error-invalid");
    }
    match title {
        Some(t) if e.is_empty() => Ok((t, kind.to_string())),
        _ => Err(CoreError::Invalid(e)),
    }
}

fn blob_error(e: BlobError) -> CoreError {
    match e {
        BlobError::TooLarge { limit } => CoreError::TooLarge { limit },
        BlobError::Interrupted(_) => CoreError::Interrupted,
        BlobError::NotFound => CoreError::NotFound,
        BlobError::Io(cause) => CoreError::Internal(format!("blob store: {cause}")),
    }
}

impl Portal {
    /// The project, if this actor may see it (404 otherwise).
    async fn visible_project(&self, who: Actor<'_>, project: ProjectId) -> CoreResult<Project> {
        match who {
            Actor::Staff(u) => Ok(self.staff_project(u, project).await?.0),
            Actor::Contact(s, a) => self.portal_project(s, a, project).await,
        }
    }

    /// Whether a contact's role reaches this document.
    fn contact_reaches(&self, s: &SignedIn, a: &Account, d: &Document) -> bool {
        scope_reaches(
            &s.user,
            a,
            Module::Documents,
            &RecordRef {
                customer: d.customer_id,
                owner: Some(d.created_by),
                kind: Some(&d.kind),
            },
        )
    }

    /// A project's documents (with their latest version) that this actor may see.
    pub async fn project_documents(
        &self,
        who: Actor<'_>,
        project: ProjectId,
    ) -> CoreResult<Vec<(Document, DocumentVersion)>> {
        let p = self.visible_project(who, project).await?;
        let list = self.store.documents_of(who.tenant(), p.id).await?;
        Ok(match who {
            Actor::Staff(_) => list,
            Actor::Contact(s, a) => {
                if !crate::access::may_in(&s.user, a, Module::Documents, Op::View) {
                    return Ok(Vec::new());
                }
                list.into_iter()
                    .filter(|(d, _)| self.contact_reaches(s, a, d))
                    .collect()
            }
        })
    }

    /// Whether this actor may upload into the project (the page shows the form only then).
    pub fn may_upload(&self, who: Actor<'_>) -> bool {
        match who {
            Actor::Staff(u) => may(u, Action::ManageCustomers),
            Actor::Contact(s, a) => {
                crate::access::may_in(&s.user, a, Module::Documents, Op::Create)
            }
        }
    }

    /// A new document in a project, its file streamed to the blob store. Rights and the form are
    /// checked before any byte is stored; an oversized or interrupted file leaves nothing.
    pub async fn upload_document(
        &self,
        who: Actor<'_>,
        client: &Client,
        project: ProjectId,
        meta: &DocumentMeta,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<Document> {
        match who {
            Actor::Staff(u) => require(u, Action::ManageCustomers)?,
            Actor::Contact(s, a) => require_in(&s.user, a, Module::Documents, Op::Create)?,
        }
        let p = self.visible_project(who, project).await?;
        let (title, kind) = parse_meta(meta, filename)?;
        let now = Millis::now();
        let doc = Document {
            id: DocumentId::new(),
            tenant_id: p.tenant_id,
            customer_id: p.customer_id,
            project_id: p.id,
            title,
            kind: kind.clone(),
            status: statuses_for(&kind)[0].to_string(),
            created_by: who.user().id,
            created_at: now,
            updated_at: now,
        };
        if let Actor::Contact(s, a) = who
            && !self.contact_reaches(s, a, &doc)
        {
            // A kind outside the role's scope: they could not see it afterwards.
            return Err(CoreError::field("kind", "error-document-kind-scope"));
        }
        let version = self.store_file(who, doc.id, filename, data).await?;
        self.store.insert_document(&doc, &version).await?;
        self.record(
            who.user(),
            client,
            Event {
                action: "document.upload",
                object_kind: "document",
                object_id: doc.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} ({})", doc.title, version.filename),
            },
        )
        .await?;
        Ok(doc)
    }

    /// A new version of a document (earlier ones stay downloadable).
    pub async fn upload_version(
        &self,
        who: Actor<'_>,
        client: &Client,
        document: DocumentId,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<DocumentVersion> {
        match who {
            Actor::Staff(u) => require(u, Action::ManageCustomers)?,
            Actor::Contact(s, a) => require_in(&s.user, a, Module::Documents, Op::Edit)?,
        }
        let (doc, _) = self.document_for(who, document).await?;
        let version = self.store_file(who, doc.id, filename, data).await?;
        let saved = self.store.add_version(&version).await?;
        self.record(
            who.user(),
            client,
            Event {
                action: "document.version",
                object_kind: "document",
                object_id: doc.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{} ({})", doc.title, saved.number, saved.filename),
            },
        )
        .await?;
        Ok(saved)
    }

    async fn store_file(
        &self,
        who: Actor<'_>,
        document: DocumentId,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<DocumentVersion> {
        let blob = self
            .blobs
            .put(data, self.settings.max_upload_bytes)
            .await
            .map_err(blob_error)?;
        let content_type = self.sniff(&blob.sha256).await;
        Ok(DocumentVersion {
            id: VersionId::new(),
            tenant_id: who.tenant(),
            document_id: document,
            number: 1,
            filename: file_name(filename),
            content_type,
            size: blob.size as i64,
            sha256: blob.sha256,
            uploaded_by: who.user().id,
            uploaded_at: Millis::now(),
        })
    }

    /// The content type, from the first bytes of the content (never from the browser).
    async fn sniff(&self, sha256: &str) -> String {
        let mut head = Vec::new();
        if let Ok(mut s) = self.blobs.get(sha256).await {
            while head.len() < 8192 {
                match s.next().await {
                    Some(Ok(chunk)) => head.extend_from_slice(&chunk),
                    _ => break,
                }
            }
        }
        infer::get(&head)
            .map(|t| t.mime_type().to_string())
            .unwrap_or_else(|| {
                if !head.is_empty() && std::str::from_utf8(&head).is_ok() {
                    "text/plain".into()
                } else {
                    "application/octet-stream".into()
                }
            })
    }

    /// A document this actor may see, with its versions (newest first).
    pub async fn document_for(
        &self,
        who: Actor<'_>,
        id: DocumentId,
    ) -> CoreResult<(Document, Vec<DocumentVersion>)> {
        if let Actor::Staff(u) = who {
            require(u, Action::ViewCustomers)?;
        }
        let doc = self
            .store
            .document(who.tenant(), id)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.visible_project(who, doc.project_id).await?;
        if let Actor::Contact(s, a) = who
            && !(crate::access::may_in(&s.user, a, Module::Documents, Op::View)
                && self.contact_reaches(s, a, &doc))
        {
            return Err(CoreError::NotFound);
        }
        let versions = self.store.versions(who.tenant(), doc.id).await?;
        Ok((doc, versions))
    }

    /// The document page: the document and its versions, the view journaled.
    pub async fn view_document(
        &self,
        who: Actor<'_>,
        client: &Client,
        id: DocumentId,
    ) -> CoreResult<(Document, Vec<DocumentVersion>)> {
        let (doc, versions) = self.document_for(who, id).await?;
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
        Ok((doc, versions))
    }

    /// The documents (latest versions) to put in a ZIP of the project: those this actor sees,
    /// limited to `selection` when it names any. Journaled; `NotFound` when nothing is left.
    pub async fn zip_documents(
        &self,
        who: Actor<'_>,
        client: &Client,
        project: ProjectId,
        selection: &[DocumentId],
    ) -> CoreResult<Vec<(Document, DocumentVersion)>> {
        let docs: Vec<_> = self
            .project_documents(who, project)
            .await?
            .into_iter()
            .filter(|(d, _)| selection.is_empty() || selection.contains(&d.id))
            .collect();
        let Some((first, _)) = docs.first() else {
            return Err(CoreError::NotFound);
        };
        self.record(
            who.user(),
            client,
            Event {
                action: "project.zip",
                object_kind: "project",
                object_id: project.0,
                customer: Some(first.customer_id),
                project: Some(project),
                detail: format!("{} document(s)", docs.len()),
            },
        )
        .await?;
        Ok(docs)
    }

    /// A version's file, streamed (and verified against its hash as it goes); journaled.
    pub async fn download(
        &self,
        who: Actor<'_>,
        client: &Client,
        version: VersionId,
    ) -> CoreResult<(DocumentVersion, ByteStream<'static>)> {
        let v = self
            .store
            .version(who.tenant(), version)
            .await?
            .ok_or(CoreError::NotFound)?;
        let (doc, _) = self.document_for(who, v.document_id).await?;
        self.record(
            who.user(),
            client,
            Event {
                action: "document.download",
                object_kind: "version",
                object_id: v.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{} ({})", doc.title, v.number, v.filename),
            },
        )
        .await?;
        let data = self.blobs.get(&v.sha256).await.map_err(|e| match e {
            BlobError::NotFound => CoreError::Internal(format!("blob {} missing", v.sha256)),
            other => blob_error(other),
        })?;
        Ok((v, data))
    }
}
