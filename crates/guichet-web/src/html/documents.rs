//! Documents, for staff and contacts alike (the core decides who sees what): upload into a
//! project (streamed, multipart), the document page with its versions, and downloads.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::CoreError;
use guichet_core::access::Action;
use guichet_core::documents::{Actor, DocumentMeta, Listed};
use guichet_domain::{
    Document, DocumentId, DocumentVersion, ProjectId, ShareLevel, UserKind, VersionId, previewable,
};

pub use crate::html::shares::{AccessRow, access_rows};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{fail, not_found};
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/projects/{id}/documents",
            // The blob store enforces the size limit while streaming.
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route("/documents/{id}", get(document))
        .route("/portal/documents", get(account_documents))
        .route(
            "/documents/{id}/versions",
            post(upload_version).layer(DefaultBodyLimit::disable()),
        )
        .route("/files/{id}", get(download))
        .route("/documents/{id}/status", post(set_status))
        .route("/projects/{id}/zip", get(project_zip))
        .route(
            "/projects/{id}/comments",
            post(comment).layer(DefaultBodyLimit::disable()),
        )
        .route("/projects/{id}/follow", post(follow))
        .route(
            "/requests/{id}/fulfil",
            post(fulfil).layer(DefaultBodyLimit::disable()),
        )
}

/// The actor for the core: a staff member, or a contact in their current account.
fn actor<'a>(state: &AppState, s: &'a Signed) -> Result<Actor<'a>, CoreError> {
    if s.user.kind == UserKind::Staff {
        Ok(Actor::Staff(&s.user))
    } else {
        let account = state.portal.portal_account(&s.actor, s.v.account_choice)?;
        Ok(Actor::Contact(&s.actor, account))
    }
}

pub fn kind_key(kind: &str) -> String {
    format!("kind-{}", kind.replace('_', "-"))
}

pub fn status_key(status: &str) -> String {
    format!("status-{}", status.replace('_', "-"))
}

/// "Up to 200 MB per file." for the tenant's upload limit.
pub fn upload_limit_text(ctx: &PageCtx) -> String {
    let size = size_text(ctx, ctx.max_upload_bytes.min(i64::MAX as u64) as i64);
    ctx.t1("documents-upload-limit", "size", &size)
}

/// A size in the visitor's units (10⁶ bytes to the MB, as the upload limit).
pub fn size_text(ctx: &PageCtx, bytes: i64) -> String {
    match bytes {
        b if b >= 1_000_000 => {
            let mb = b as f64 / 1_000_000.0;
            let n = if mb.fract() == 0.0 || mb >= 100.0 {
                format!("{mb:.0}")
            } else {
                format!("{mb:.1}")
            };
            ctx.t1("size-mb", "n", &n)
        }
        b if b >= 1_000 => ctx.t1("size-kb", "n", &(b / 1_000).to_string()),
        b => ctx.t1("size-b", "n", &b.to_string()),
    }
}

/// A document as listed on a project page.
pub struct DocumentRow {
    pub id: DocumentId,
    pub title: String,
    pub kind_key: String,
    pub status_key: String,
    pub version: i64,
    pub file: VersionId,
    pub size: String,
    /// The file may be downloaded (else only viewed, and previewed when `preview`).
    pub download: bool,
    pub preview: bool,
}

pub fn document_rows(ctx: &PageCtx, list: &[Listed]) -> Vec<DocumentRow> {
    list.iter()
        .map(|l| DocumentRow {
            id: l.doc.id,
            title: l.doc.title.clone(),
            kind_key: kind_key(&l.doc.kind),
            status_key: status_key(&l.doc.status),
            version: l.latest.number,
            file: l.latest.id,
            size: size_text(ctx, l.latest.size),
            download: l.level >= ShareLevel::Download,
            preview: previewable(&l.latest.content_type),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_documents.html")]
struct AccountDocumentsPage {
    ctx: PageCtx,
    /// (row, project id, project title, when uploaded)
    docs: Vec<(DocumentRow, ProjectId, String, String)>,
    q: String,
    kind: String,
    kinds: Vec<(&'static str, String)>,
    /// Link to the next page ("" when this is the last).
    next: String,
}

#[derive(Deserialize, Default)]
struct AccountDocumentsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    /// `<millis>_<document id>` of the last document of the page before.
    #[serde(default)]
    before: String,
}

/// Every document the contact sees across their account's projects, newest first, 50 a page.
async fn account_documents(
    State(state): State<AppState>,
    s: Signed,
    Query(lq): Query<AccountDocumentsQuery>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let account = match state.portal.portal_account(&s.actor, s.v.account_choice) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let Ok(before) = parse_cursor(&lq.before) else {
        return not_found(ctx);
    };
    let q: String = lq.q.trim().chars().take(100).collect();
    let kind = lq.kind.trim().to_string();
    let page = match state
        .portal
        .account_documents(
            &s.actor,
            account,
            (!kind.is_empty()).then_some(kind.as_str()),
            &q,
            before,
            50,
        )
        .await
    {
        Ok(p) => p,
        Err(e) => return fail(ctx, e),
    };
    let next = match page.next {
        Some((at, id)) => format!(
            "/portal/documents?{}",
            serde_urlencoded::to_string([
                ("q", q.as_str()),
                ("kind", kind.as_str()),
                ("before", &format!("{}_{id}", at.0)),
            ])
            .unwrap_or_default()
        ),
        None => String::new(),
    };
    let listed: Vec<Listed> = page.items.iter().map(|(l, _)| l.clone()).collect();
    let rows = document_rows(&ctx, &listed);
    let docs = rows
        .into_iter()
        .zip(page.items.iter())
        .map(|(r, (l, p))| (r, p.id, p.title.clone(), ctx.when(l.latest.uploaded_at)))
        .collect();
    AccountDocumentsPage {
        docs,
        q,
        kind,
        kinds: kinds(&ctx),
        next,
        ctx,
    }
    .into_response()
}

/// A page cursor, `<millis>_<document id>` (empty: the first page).
pub fn parse_cursor(raw: &str) -> Result<Option<(guichet_domain::Millis, DocumentId)>, ()> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.split_once('_')
        .and_then(|(at, id)| {
            Some((
                guichet_domain::Millis(at.parse().ok()?),
                id.parse::<DocumentId>().ok()?,
            ))
        })
        .map(Some)
        .ok_or(())
}

/// Whether any of the listed documents may be downloaded (the ZIP buttons show only then).
pub fn any_download(rows: &[DocumentRow]) -> bool {
    rows.iter().any(|r| r.download)
}

/// The kinds the provider offers in its forms: (code, label key).
pub fn kinds(ctx: &PageCtx) -> Vec<(&'static str, String)> {
    ctx.tenant
        .kinds()
        .into_iter()
        .map(|k| (k, kind_key(k)))
        .collect()
}

/// What an upload creates.
#[derive(Clone, Copy)]
enum Target {
    NewDocument(ProjectId),
    NewVersion(DocumentId),
    Fulfil(guichet_domain::RequestId),
}

/// Reads a multipart upload: the text fields (the CSRF token checked among them) up to the
/// file, whose bytes are streamed straight into the core.
async fn receive(
    state: &AppState,
    s: &Signed,
    who: Actor<'_>,
    form: &mut Multipart,
    target: Target,
) -> Result<Option<ProjectId>, CoreError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(CoreError::field("file", "error-required")),
            Err(_) => return Err(CoreError::Interrupted),
        };
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            let value = match field.text().await {
                Ok(t) if t.len() <= 10_000 => t,
                Ok(_) => return Err(CoreError::field("title", "error-too-long")),
                Err(_) => return Err(CoreError::Interrupted),
            };
            fields.push((name, value));
            continue;
        }
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        if !matches(&s.v.csrf, &get("_csrf")) {
            return Err(CoreError::Forbidden);
        }
        let filename = field.file_name().unwrap_or("").to_string();
        let data: guichet_blob::ByteStream<'_> =
            Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
        return match target {
            Target::NewDocument(project) => {
                let meta = DocumentMeta {
                    title: get("title"),
                    kind: get("kind"),
                };
                state
                    .portal
                    .upload_document(who, &s.v.client, project, &meta, &filename, data)
                    .await
                    .map(|d| Some(d.project_id))
            }
            Target::NewVersion(document) => state
                .portal
                .upload_version(who, &s.v.client, document, &filename, data)
                .await
                .map(|_| None),
            Target::Fulfil(request) => state
                .portal
                .fulfil_request(who, &s.v.client, request, &filename, data)
                .await
                .map(|d| Some(d.project_id)),
        };
    }
}

/// Runs an upload of any kind: size announced, actor, the multipart body streamed into the
/// core; the rest of the body is drained after a refusal so the browser gets the answer.
async fn handle_upload(
    state: &AppState,
    s: &Signed,
    headers: &axum::http::HeaderMap,
    form: Multipart,
    target: Target,
) -> Response {
    let ctx = s.v.ctx(state);
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, headers) {
        return fail(ctx, CoreError::TooLarge { limit });
    }
    let who = match actor(state, s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let mut form = form;
    let result = receive(state, s, who, &mut form, target).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    match result {
        Ok(Some(project)) => Redirect::to(&back_to_project(s, project)).into_response(),
        Ok(None) => match target {
            Target::NewVersion(document) => {
                Redirect::to(&format!("/documents/{document}?done=uploaded")).into_response()
            }
            _ => not_found(ctx),
        },
        Err(e) => fail(ctx, e),
    }
}

async fn upload(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    form: Multipart,
) -> Response {
    match id.parse::<ProjectId>() {
        Ok(project) => {
            handle_upload(&state, &s, &headers, form, Target::NewDocument(project)).await
        }
        Err(_) => not_found(s.v.ctx(&state)),
    }
}

async fn upload_version(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    form: Multipart,
) -> Response {
    match id.parse::<DocumentId>() {
        Ok(document) => {
            handle_upload(&state, &s, &headers, form, Target::NewVersion(document)).await
        }
        Err(_) => not_found(s.v.ctx(&state)),
    }
}

async fn fulfil(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    form: Multipart,
) -> Response {
    match id.parse::<guichet_domain::RequestId>() {
        Ok(request) => handle_upload(&state, &s, &headers, form, Target::Fulfil(request)).await,
        Err(_) => not_found(s.v.ctx(&state)),
    }
}

fn back_to_project(s: &Signed, project: ProjectId) -> String {
    if s.user.kind == UserKind::Staff {
        format!("/staff/projects/{project}?done=uploaded")
    } else {
        format!("/portal/projects/{project}?done=uploaded")
    }
}

/// A body announced larger than the limit is refused before a byte is read.
pub(crate) fn announced_too_large(limit: u64, headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > limit.saturating_add(DRAIN_CAP))
}

/// After refusing an upload, read (and drop) up to this much of the rest of the body, so the
/// browser gets the answer instead of a reset connection; beyond it, the connection just ends.
const DRAIN_CAP: u64 = 8 * 1024 * 1024;

pub(crate) async fn drain(form: &mut Multipart) {
    let mut seen: u64 = 0;
    while let Ok(Some(mut field)) = form.next_field().await {
        while let Ok(Some(chunk)) = field.chunk().await {
            seen += chunk.len() as u64;
            if seen > DRAIN_CAP {
                return;
            }
        }
    }
}

pub struct VersionRow {
    pub id: VersionId,
    pub number: i64,
    pub filename: String,
    pub size: String,
    pub when: String,
    pub previewable: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "document.html")]
struct DocumentPage {
    ctx: PageCtx,
    doc: Document,
    kind_key: String,
    status_key: String,
    versions: Vec<VersionRow>,
    project_href: String,
    can_upload: bool,
    can_download: bool,
    uploaded: bool,
    shared: bool,
    comments: Conversation,
    /// Staff who manage customers: each contact's access to the document.
    access: Option<Vec<AccessRow>>,
    /// Staff who manage customers: the statuses the document may move to (code, label key).
    statuses: Vec<(&'static str, String)>,
    /// Staff: what happened to this document.
    journal: Vec<crate::html::projects::EntryRow>,
}

#[derive(Deserialize, Default)]
struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    version: String,
}

async fn set_status(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    crate::form::CsrfForm(form): crate::form::CsrfForm<StatusForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(id) = id.parse::<DocumentId>() else {
        return not_found(ctx);
    };
    let version = form.version.trim().parse::<i64>().unwrap_or(-1);
    match state
        .portal
        .set_document_status(&s.user, &s.v.client, id, version, form.status.trim())
        .await
    {
        Ok(d) => Redirect::to(&format!("/documents/{}?done=saved", d.id)).into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

async fn document(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(id) = id.parse::<DocumentId>() else {
        return not_found(ctx);
    };
    let who = match actor(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    match state.portal.view_document(who, &s.v.client, id).await {
        Ok((doc, versions, level)) => {
            let staff = s.user.kind == UserKind::Staff;
            let can_upload = match who {
                Actor::Staff(u) => guichet_core::access::may(u, Action::ManageCustomers),
                Actor::Contact(..) => level >= ShareLevel::Upload,
            };
            let access = if staff && guichet_core::access::may(&s.user, Action::ManageCustomers) {
                match state
                    .portal
                    .project_access(&s.user, doc.project_id, Some(doc.id))
                    .await
                {
                    Ok(list) => Some(access_rows(&list)),
                    Err(e) => return fail(ctx, e),
                }
            } else {
                None
            };
            let comments = comments_for(&state, &s, &ctx, doc.project_id, Some(doc.id)).await;
            let journal = if staff {
                match state
                    .portal
                    .document_journal(&s.user, &doc, &versions)
                    .await
                {
                    Ok(list) => crate::html::projects::entry_rows(&ctx, &list),
                    Err(e) => return fail(ctx, e),
                }
            } else {
                Vec::new()
            };
            let statuses = if access.is_some() {
                guichet_domain::statuses_for(&doc.kind)
                    .iter()
                    .map(|s| (*s, status_key(s)))
                    .collect()
            } else {
                Vec::new()
            };
            DocumentPage {
                comments,
                journal,
                statuses,
                access,
                can_download: level >= ShareLevel::Download,
                versions: versions
                    .iter()
                    .map(|v| VersionRow {
                        id: v.id,
                        number: v.number,
                        filename: v.filename.clone(),
                        size: size_text(&ctx, v.size),
                        when: ctx.when(v.uploaded_at),
                        previewable: previewable(&v.content_type),
                    })
                    .collect(),
                project_href: if staff {
                    format!("/staff/projects/{}", doc.project_id)
                } else {
                    format!("/portal/projects/{}", doc.project_id)
                },
                kind_key: kind_key(&doc.kind),
                status_key: status_key(&doc.status),
                doc,
                can_upload,
                uploaded: matches!(n.done.as_str(), "uploaded" | "saved"),
                shared: n.done == "shared",
                ctx,
            }
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct DownloadQuery {
    #[serde(default)]
    inline: Option<String>,
}

/// `attachment; filename="…"; filename*=UTF-8''…` (or `inline`), safe for any name.
fn disposition(kind: &str, filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

async fn download(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(id) = id.parse::<VersionId>() else {
        return not_found(ctx);
    };
    let who = match actor(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    match state
        .portal
        .download(who, &s.v.client, id, q.inline.is_some())
        .await
    {
        Ok((v, data)) => file_response(&v, data, q.inline.is_some()),
        Err(e) => fail(ctx, e),
    }
}

/// A stored file as a response: streamed, an attachment (or inline for previewable types when
/// asked), sandboxed whatever it holds.
pub fn file_response(
    v: &DocumentVersion,
    data: guichet_blob::ByteStream<'static>,
    inline: bool,
) -> Response {
    let inline = inline && previewable(&v.content_type);
    let mut res = Response::new(Body::from_stream(data));
    let h = res.headers_mut();
    let content_type = if inline {
        v.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    if let Ok(ct) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    if let Ok(len) = HeaderValue::from_str(&v.size.to_string()) {
        h.insert(header::CONTENT_LENGTH, len);
    }
    if let Ok(d) = HeaderValue::from_str(&disposition(
        if inline { "inline" } else { "attachment" },
        &v.filename,
    )) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    // Whatever the file holds, it runs nothing in our origin.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
        ),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

/// A comment as shown.
pub struct CommentRow {
    pub author: String,
    pub when: String,
    pub body: String,
    /// Written by someone else since the reader last read this conversation.
    pub new: bool,
    pub attachment: Option<DocumentId>,
}

/// A conversation as shown: its messages, whether the reader follows the project, whether
/// they may attach files.
#[derive(Default)]
pub struct Conversation {
    pub rows: Vec<CommentRow>,
    pub following: bool,
    pub can_attach: bool,
}

/// The conversation of a project (or a document) for whoever is asking (empty when they may
/// not see it); reading it marks it read.
pub async fn comments_for(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    project: ProjectId,
    document: Option<DocumentId>,
) -> Conversation {
    let Ok(who) = actor(state, s) else {
        return Conversation::default();
    };
    let Ok((list, read)) = state.portal.conversation(who, project, document).await else {
        return Conversation::default();
    };
    let following = state
        .portal
        .is_following(who, project)
        .await
        .unwrap_or(false);
    let can_attach = state.portal.may_add_documents(who, project).await;
    conversation_rows(ctx, &s.user, &list, read, following, can_attach)
}

/// A conversation as shown to `reader`, who had read it until `read`.
pub fn conversation_rows(
    ctx: &PageCtx,
    reader: &guichet_domain::User,
    list: &[guichet_domain::Comment],
    read: Option<guichet_domain::Millis>,
    following: bool,
    can_attach: bool,
) -> Conversation {
    let rows = list
        .iter()
        .map(|c| CommentRow {
            author: c.author_name.clone(),
            when: ctx.when(c.created_at),
            body: c.body.clone(),
            new: c.author != reader.id && read.is_none_or(|r| c.created_at > r),
            attachment: c.attachment,
        })
        .collect();
    Conversation {
        rows,
        following,
        can_attach,
    }
}

/// A message, with a file when one is chosen: multipart, fields first (the CSRF token checked
/// before anything is stored), the file last and streamed.
async fn comment(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    form: Multipart,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, &headers) {
        return fail(ctx, CoreError::TooLarge { limit });
    }
    let who = match actor(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let mut form = form;
    let result = receive_comment(&state, &s, who, project, &mut form).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    match result {
        Ok(document) => {
            let back = match document {
                Some(d) => format!("/documents/{d}#comments"),
                None if s.user.kind == UserKind::Staff => {
                    format!("/staff/projects/{project}#comments")
                }
                None => format!("/portal/projects/{project}#comments"),
            };
            Redirect::to(&back).into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize, Default)]
struct FollowForm {
    #[serde(default)]
    on: String,
    /// The document page it was sent from, if any.
    #[serde(default)]
    back: String,
}

async fn follow(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    crate::form::CsrfForm(form): crate::form::CsrfForm<FollowForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let who = match actor(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    match state
        .portal
        .set_following(who, project, form.on == "1")
        .await
    {
        Ok(()) => {
            let back = match form.back.parse::<DocumentId>() {
                Ok(d) => format!("/documents/{d}#comments"),
                Err(_) if s.user.kind == UserKind::Staff => {
                    format!("/staff/projects/{project}#comments")
                }
                Err(_) => format!("/portal/projects/{project}#comments"),
            };
            Redirect::to(&back).into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

/// Reads a comment form and adds the comment; returns the document it is about, if any.
async fn receive_comment(
    state: &AppState,
    s: &Signed,
    who: Actor<'_>,
    project: ProjectId,
    form: &mut Multipart,
) -> Result<Option<DocumentId>, CoreError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return post_comment(state, s, who, project, &fields, None).await,
            Err(_) => return Err(CoreError::Interrupted),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            if name.is_empty() {
                return post_comment(state, s, who, project, &fields, None).await;
            }
            let data: guichet_blob::ByteStream<'_> =
                Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            return post_comment(state, s, who, project, &fields, Some((&name, data))).await;
        }
        let name = field.name().unwrap_or("").to_string();
        match field.text().await {
            Ok(t) if t.len() <= 20_000 => fields.push((name, t)),
            Ok(_) => return Err(CoreError::field("body", "error-too-long")),
            Err(_) => return Err(CoreError::Interrupted),
        }
    }
}

async fn post_comment(
    state: &AppState,
    s: &Signed,
    who: Actor<'_>,
    project: ProjectId,
    fields: &[(String, String)],
    attachment: Option<(&str, guichet_blob::ByteStream<'_>)>,
) -> Result<Option<DocumentId>, CoreError> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if !matches(&s.v.csrf, get("_csrf")) {
        return Err(CoreError::Forbidden);
    }
    let document = match get("document") {
        "" => None,
        d => Some(d.parse::<DocumentId>().map_err(|_| CoreError::NotFound)?),
    };
    state
        .portal
        .add_comment(
            who,
            &s.v.client,
            &s.v.tenant,
            project,
            document,
            get("body"),
            attachment,
        )
        .await?;
    Ok(document)
}

/// `Write` into the response body's channel, from the blocking thread that builds the ZIP.
struct ChannelWriter(tokio::sync::mpsc::Sender<Result<bytes::Bytes, std::io::Error>>);

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(bytes::Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Distinct, safe names for the entries of a ZIP: "title - filename", numbered when repeated.
fn entry_names(docs: &[Listed]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    docs.iter()
        .map(
            |Listed {
                 doc: d, latest: v, ..
             }| {
                let base = guichet_domain::file_name(&format!("{} - {}", d.title, v.filename));
                let mut name = base.clone();
                let mut n = 2;
                while seen.contains(&name) {
                    name = format!("({n}) {base}");
                    n += 1;
                }
                seen.push(name.clone());
                name
            },
        )
        .collect()
}

/// A project's documents (or the ticked ones, `?doc=…`) as one ZIP, built while it is sent:
/// files are read from the blob store chunk by chunk, so memory stays flat.
async fn project_zip(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let who = match actor(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let mut selection = Vec::new();
    for (k, v) in pairs {
        if k == "doc" {
            match v.parse::<DocumentId>() {
                Ok(d) => selection.push(d),
                Err(_) => return not_found(ctx),
            }
        }
    }
    let docs = match state
        .portal
        .zip_documents(who, &s.v.client, project, &selection)
        .await
    {
        Ok(d) => d,
        Err(e) => return fail(ctx, e),
    };
    let names = entry_names(&docs);
    let hashes: Vec<String> = docs.iter().map(|l| l.latest.sha256.clone()).collect();
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(4);
    let blobs = state.portal.blobs.clone();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let errors = tx.clone();
        let build = || -> Result<(), std::io::Error> {
            use std::io::Write;
            let mut zip = zip::ZipWriter::new_stream(ChannelWriter(tx));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored)
                .large_file(true);
            for (name, sha) in names.iter().zip(hashes.iter()) {
                zip.start_file(name.as_str(), options)
                    .map_err(std::io::Error::other)?;
                let mut content = runtime
                    .block_on(blobs.get(sha))
                    .map_err(std::io::Error::other)?;
                while let Some(chunk) = runtime.block_on(content.next()) {
                    zip.write_all(&chunk?)?;
                }
            }
            zip.finish().map_err(std::io::Error::other)?;
            Ok(())
        };
        if let Err(e) = build() {
            tracing::warn!(error = %e, "project ZIP stopped");
            let _ = errors.blocking_send(Err(e));
        }
    });
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let mut res = Response::new(Body::from_stream(body));
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    if let Ok(d) =
        HeaderValue::from_str(&disposition("attachment", &format!("projet-{project}.zip")))
    {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_are_safe() {
        assert_eq!(
            disposition("attachment", "Plan signé \"v2\".pdf"),
            "attachment; filename=\"Plan sign_ v2.pdf\"; filename*=UTF-8''Plan%20sign%C3%A9%20%22v2%22.pdf"
        );
    }
}
