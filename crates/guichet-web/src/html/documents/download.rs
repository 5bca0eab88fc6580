//! Files going out: a version's file, as an attachment (or shown inline when it can be
//! previewed), sandboxed whatever it holds.
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use guichet_core::ByteStream;
use guichet_domain::{DocumentVersion, VersionId, previewable};
use serde::Deserialize;

use super::actor;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::formats::disposition::disposition;

#[derive(Deserialize, Default)]
pub(super) struct DownloadQuery {
    #[serde(default)]
    inline: Option<String>,
}

pub(super) async fn download(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<VersionId>,
    Query(q): Query<DownloadQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let who = actor(&state, &s).in_page(&ctx)?;
    let inline = q.inline.is_some();
    let (version, data) = state
        .portal
        .download(who, &s.v.client, id, inline)
        .await
        .in_page(&ctx)?;
    Ok(file_response(&version, data, inline))
}

/// A stored file as a response: streamed, an attachment (or inline for previewable types when
/// asked), sandboxed whatever it holds.
pub(crate) fn file_response(
    v: &DocumentVersion,
    data: ByteStream<'static>,
    inline: bool,
) -> Response {
    let inline = inline && previewable(&v.content_type);
    let content_type = if inline {
        v.content_type.as_str()
    } else {
        "application/octet-stream"
    };
    let mut res = attachment(
        content_type,
        if inline { "inline" } else { "attachment" },
        &v.filename,
        data,
        "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    );
    if let Ok(len) = HeaderValue::from_str(&v.size.to_string()) {
        res.headers_mut().insert(header::CONTENT_LENGTH, len);
    }
    res
}

/// A streamed file: its type, how it is offered (`attachment` or `inline`) under which name,
/// the policy it runs under (nothing in our origin), never cached.
pub(crate) fn attachment(
    content_type: &str,
    kind: &str,
    filename: &str,
    data: ByteStream<'static>,
    policy: &'static str,
) -> Response {
    let mut res = Response::new(Body::from_stream(data));
    let h = res.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    if let Ok(d) = HeaderValue::from_str(&disposition(kind, filename)) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}
