//! Documents of a project: staff (and contacts whose role allows it) upload them, streamed to the
//! blob store; versions keep earlier files; downloads are streamed and verified.
use futures_util::StreamExt;
use guichet_blob::{BlobError, ByteStream};
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::access::{Action, may, require, role_reaches_document};
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

fn parse_meta(tenant: &Tenant, m: &DocumentMeta, filename: &str) -> CoreResult<(String, String)> {
    let mut e = FieldErrors::default();
    let title = if m.title.trim().is_empty() {
        Some(file_name(filename))
    } else {
        e.check("title", text(&m.title, 200, true))
    };
    let kind = m.kind.trim();
    if !tenant.offers_kind(kind) {
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
        BlobError::Io(cause) => CoreError::internal(format!("blob store: {cause}")),
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
    async fn visible_project(
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
            kind: kind.clone(),
            ..blank_document(&p, who.user().id)
        };
        if Self::level(who, rights.as_ref(), &probe).is_none() {
            // A kind outside the role's scope: they could not see it afterwards.
            return Err(CoreError::field("kind", "error-document-kind-scope"));
        }
        self.new_document(who, client, &p, &title, &kind, filename, data)
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
        kind: &str,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<Document> {
        let now = Millis::now();
        let doc = Document {
            title: title.to_string(),
            kind: kind.to_string(),
            status: statuses_for(kind)[0].to_string(),
            created_at: now,
            updated_at: now,
            ..blank_document(p, who.user().id)
        };
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

    /// The documents (latest versions) to put in a ZIP of the project: those this actor sees,
    /// limited to `selection` when it names any. Journaled; `NotFound` when nothing is left.
    pub async fn zip_documents(
        &self,
        who: Actor<'_>,
        client: &Client,
        project: ProjectId,
        selection: &[DocumentId],
    ) -> CoreResult<Vec<Listed>> {
        let docs: Vec<_> = self
            .project_documents(who, project)
            .await?
            .into_iter()
            .filter(|l| l.level >= ShareLevel::Download)
            .filter(|l| selection.is_empty() || selection.contains(&l.doc.id))
            .collect();
        let Some(first) = docs.first().map(|l| &l.doc) else {
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
    /// `preview`: shown in the browser, which a view-only right allows for PDFs and images;
    /// anything else needs the download right.
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
        let preview = preview && previewable(&v.content_type);
        if level < ShareLevel::Download && !preview {
            return Err(CoreError::Forbidden);
        }
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
        if !statuses_for(&doc.kind).contains(&status) {
            return Err(CoreError::field("status", "error-invalid"));
        }
        if doc.updated_at.0 != version {
            return Err(CoreError::Conflict);
        }
        if doc.status == status {
            return Ok(doc);
        }
        let now = Millis(Millis::now().0.max(doc.updated_at.0 + 1));
        self.store
            .set_document_status(doc.tenant_id, doc.id, status, doc.updated_at, now)
            .await
            .map_err(|e| match e {
                guichet_store::StoreError::Conflict { .. } => CoreError::Conflict,
                e => e.into(),
            })?;
        self.record(
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
        )
        .await?;
        Ok(Document {
            status: status.to_string(),
            updated_at: now,
            ..doc
        })
    }

    /// One page of the documents a contact sees across their account's projects, newest first
    /// (`kind`: only that kind; `before`: the cursor of the page before). The next page's
    /// cursor is returned when there are more.
    pub async fn account_documents(
        &self,
        s: &SignedIn,
        a: &Account,
        kind: Option<&str>,
        search: &str,
        before: Option<(Millis, DocumentId)>,
        limit: i64,
    ) -> CoreResult<AccountPage> {
        crate::access::require_in(&s.user, a, Module::Projects, Op::View)?;
        let tenant = a.customer.tenant_id;
        let shares = self.store.shares_of_contact(tenant, s.user.id).await?;
        let grant = |m: Module| a.role.permissions.modules.get(&m).map(|g| &g.scope);
        let projects = match grant(Module::Projects) {
            Some(Scope::Company) => None,
            _ => {
                let mut ids: Vec<ProjectId> = shares
                    .iter()
                    .filter(|sh| sh.level > ShareLevel::Hidden)
                    .map(|sh| sh.project_id)
                    .collect();
                ids.sort_by_key(|p| p.0);
                ids.dedup();
                Some(ids)
            }
        };
        let mut kinds: Vec<String> = Vec::new();
        if let Some(k) = kind {
            if !DOCUMENT_KINDS.contains(&k) {
                return Err(CoreError::field("kind", "error-invalid"));
            }
            kinds.push(k.to_string());
        } else if shares.is_empty() {
            match grant(Module::Documents) {
                Some(Scope::Kinds(k)) => kinds = k.clone(),
                Some(_) => {}
                None => return Ok(AccountPage::default()),
            }
        }
        let limit = limit.clamp(1, 100);
        let mut page = AccountPage::default();
        let mut rights: std::collections::HashMap<ProjectId, ProjectRights> = Default::default();
        let mut cursor = before;
        for _ in 0..5 {
            let rows = self
                .store
                .customer_documents(
                    tenant,
                    a.customer.id,
                    &guichet_store::DocumentQuery {
                        kinds: kinds.clone(),
                        projects: projects.clone(),
                        search: Some(search.to_string()),
                        before: cursor,
                        limit: limit + 1,
                    },
                )
                .await?;
            let exhausted = (rows.len() as i64) <= limit;
            for row in rows {
                if page.items.len() as i64 == limit {
                    page.next = cursor;
                    return Ok(page);
                }
                cursor = Some((row.doc.created_at, row.doc.id));
                let r = rights.entry(row.project.id).or_insert_with(|| {
                    let mine: Vec<Share> = shares
                        .iter()
                        .filter(|sh| sh.project_id == row.project.id)
                        .cloned()
                        .collect();
                    ProjectRights::new(
                        crate::access::role_rights(&s.user, &a.role, a.customer.id, &row.project),
                        s.user.id,
                        &mine,
                    )
                });
                let level = r.document(
                    row.doc.id,
                    role_reaches_document(&s.user, &a.role, a.customer.id, &row.doc),
                );
                if let Some(level) = level {
                    page.items.push((
                        Listed {
                            doc: row.doc,
                            latest: row.latest,
                            level,
                        },
                        row.project,
                    ));
                }
            }
            if exhausted {
                return Ok(page);
            }
        }
        // Many documents in a row that they may not see: offer to go on from there.
        page.next = cursor;
        Ok(page)
    }
}

/// A page of an account's documents, each with its project.
#[derive(Debug, Default)]
pub struct AccountPage {
    pub items: Vec<(Listed, Project)>,
    /// Where the next page starts, when there is one.
    pub next: Option<(Millis, DocumentId)>,
}

/// A document of the project with a fresh id, to be filled in.
fn blank_document(p: &Project, by: UserId) -> Document {
    let now = Millis::now();
    Document {
        id: DocumentId::new(),
        tenant_id: p.tenant_id,
        customer_id: p.customer_id,
        project_id: p.id,
        title: String::new(),
        kind: String::new(),
        status: String::new(),
        created_by: by,
        created_at: now,
        updated_at: now,
    }
}
