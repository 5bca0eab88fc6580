//! Files coming in: a new document, a new version; streamed to the blob store, typed from
//! their first bytes, journaled.
use futures_util::StreamExt;
use guichet_blob::ByteStream;
use guichet_domain::*;

use super::{Actor, DocumentMeta, blank_document, blob_error, parse_meta};
use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

impl Portal {
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
        if let Actor::Staff(u) = who {
            require(u, Action::ManageCustomers)?;
        }
        let (p, rights) = self.visible_project(who, project).await?;
        if rights.as_ref().is_some_and(|r| !r.may_add_documents()) {
            return Err(CoreError::Forbidden);
        }
        let tenant = self
            .store
            .tenant(who.tenant())
            .await?
            .ok_or(CoreError::NotFound)?;
        let (title, kind) = parse_meta(&tenant, meta, filename)?;
        let probe = Document {
            kind,
            ..blank_document(&p, who.user().id)
        };
        if Self::level(who, rights.as_ref(), &probe).is_none() {
            // A kind outside the role's scope: they could not see it afterwards.
            return Err(CoreError::field("kind", "error-document-kind-scope"));
        }
        self.new_document(who, client, &p, &title, kind, filename, data)
            .await
    }

    /// Stores a file as a new document of the project (its kind's first status) and journals
    /// it; the caller has checked the rights and the kind.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn new_document(
        &self,
        who: Actor<'_>,
        client: &Client,
        p: &Project,
        title: &str,
        kind: DocumentKind,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<Document> {
        let now = Millis::now();
        let doc = Document {
            title: title.to_string(),
            kind,
            status: kind.first_status(),
            created_at: now,
            updated_at: now,
            ..blank_document(p, who.user().id)
        };
        let version = self.store_file(who, doc.id, filename, data).await?;
        let entry = self.journal_entry(
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
        );
        self.journaled(vec![entry], self.store.insert_document(&doc, &version))
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
        if let Actor::Staff(u) = who {
            require(u, Action::ManageCustomers)?;
        }
        let (doc, _, level) = self.document_for(who, document).await?;
        if level < ShareLevel::Upload {
            return Err(CoreError::Forbidden);
        }
        self.new_version(who, client, &doc, filename, data).await
    }

    /// Stores a file as a new version of a document and journals it; the caller has checked
    /// the rights.
    pub(crate) async fn new_version(
        &self,
        who: Actor<'_>,
        client: &Client,
        doc: &Document,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<DocumentVersion> {
        // Agreed to is final: no new version of what was accepted (checked again, atomically,
        // when the version is added).
        if doc.status.is_agreed() {
            return Err(CoreError::Stale("error-document-frozen"));
        }
        let version = self.store_file(who, doc.id, filename, data).await?;
        // The number is chosen in the version's transaction: the store writes it in `{version}`.
        let entry = self.journal_entry(
            who.user(),
            client,
            Event {
                action: "document.version",
                object_kind: "document",
                object_id: doc.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{{version}} ({})", doc.title, version.filename),
            },
        );
        let saved = self
            .journaled(vec![entry], self.store.add_version(&version))
            .await
            .map_err(|e| match e {
                guichet_store::StoreError::Conflict { constraint }
                    if constraint == "documents_frozen" =>
                {
                    CoreError::Stale("error-document-frozen")
                }
                e => e.into(),
            })?;
        Ok(saved)
    }

    async fn store_file(
        &self,
        who: Actor<'_>,
        document: DocumentId,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<DocumentVersion> {
        let limit = match self.store.tenant(who.tenant()).await? {
            Some(t) => self.upload_limit(&t),
            None => return Err(CoreError::NotFound),
        };
        let blob = self.blobs.put(data, limit).await.map_err(blob_error)?;
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
    pub(crate) async fn sniff(&self, sha256: &str) -> String {
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
}
