//! Files coming in: a new document, a new version, a file that fulfils a request. Multipart,
//! text fields first (the CSRF token checked among them), then the file, streamed into the
//! core; after a refusal the rest of the body is read so the browser gets the answer.
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect};
use futures_util::StreamExt;
use guichet_core::documents::{Actor, DocumentMeta};
use guichet_core::{ByteStream, CoreError};
use guichet_domain::{DocumentId, ProjectId, RequestId};

use super::{actor, project_href};
use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{IdPath, Signed};

/// What an upload creates.
#[derive(Clone, Copy)]
enum Target {
    NewDocument(ProjectId),
    NewVersion(DocumentId),
    Fulfil(RequestId),
}

pub(super) async fn upload(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    handle_upload(&state, &s, &headers, form, Target::NewDocument(project)).await
}

pub(super) async fn upload_version(
    State(state): State<AppState>,
    s: Signed,
    IdPath(document): IdPath<DocumentId>,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    handle_upload(&state, &s, &headers, form, Target::NewVersion(document)).await
}

pub(super) async fn fulfil(
    State(state): State<AppState>,
    s: Signed,
    IdPath(request): IdPath<RequestId>,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    handle_upload(&state, &s, &headers, form, Target::Fulfil(request)).await
}

/// Runs an upload of any kind: size announced, actor, the multipart body streamed into the
/// core; the rest of the body is drained after a refusal so the browser gets the answer.
async fn handle_upload(
    state: &AppState,
    s: &Signed,
    headers: &HeaderMap,
    mut form: Multipart,
    target: Target,
) -> PageResult {
    let ctx = s.v.ctx(state);
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let who = actor(state, s).in_page(&ctx)?;
    let result = receive(state, s, who, &mut form, target).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    let back = match (result.in_page(&ctx)?, target) {
        (Some(project), _) => format!("{}?done=uploaded", project_href(s, project)),
        (None, Target::NewVersion(document)) => format!("/documents/{document}?done=uploaded"),
        (None, _) => return Err(ctx.not_found()),
    };
    Ok(Redirect::to(&back).into_response())
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
    let mut texts = TextFields::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(CoreError::field("file", "error-required")),
            Err(_) => return Err(CoreError::Interrupted),
        };
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            match texts.read(field, 10_000).await? {
                Text::Fits(value) => fields.push((name, value)),
                Text::TooLong => return Err(CoreError::field("title", "error-too-long")),
            }
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
        let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
        let portal = &state.portal;
        return match target {
            Target::NewDocument(project) => {
                let meta = DocumentMeta {
                    title: get("title"),
                    kind: get("kind"),
                };
                portal
                    .upload_document(who, &s.v.client, project, &meta, &filename, data)
                    .await
                    .map(|d| Some(d.project_id))
            }
            Target::NewVersion(document) => portal
                .upload_version(who, &s.v.client, document, &filename, data)
                .await
                .map(|_| None),
            Target::Fulfil(request) => portal
                .fulfil_request(who, &s.v.client, request, &filename, data)
                .await
                .map(|d| Some(d.project_id)),
        };
    }
}

/// A body announced larger than the limit is refused before a byte is read.
pub(crate) fn announced_too_large(limit: u64, headers: &HeaderMap) -> bool {
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
