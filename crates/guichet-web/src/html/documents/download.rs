//! Files going out: a version's file, as an attachment (or shown inline when it can be
//! previewed), sandboxed whatever it holds; for who may only view it, its pages as watermarked
//! images (decision 0012).
use askama::Template;
use askama_web::WebTemplate;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use guichet_core::ByteStream;
use guichet_core::documents::Preview;
use guichet_domain::{Document, DocumentVersion, VersionId, previewable};
use serde::Deserialize;

use super::actor;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::formats::disposition::disposition;
use crate::page::PageCtx;

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
    if q.inline.is_none() {
        let (version, data) = state
            .portal
            .download(who, &s.v.client, id, false)
            .await
            .in_page(&ctx)?;
        return Ok(file_response(&version, data, false));
    }
    let preview = state
        .portal
        .preview(who, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    Ok(match preview {
        Preview::Original(version, data) => file_response(&version, data, true),
        Preview::Pages {
            doc,
            version,
            shown,
            total,
        } => PreviewPage::new(ctx, doc, &version, shown, total).into_response(),
        Preview::Unavailable { doc, version } => {
            PreviewPage::new(ctx, doc, &version, 0, 0).into_response()
        }
    })
}

/// A page image of the view-only preview.
pub struct PageImage {
    pub src: String,
    pub alt: String,
}

/// The view-only preview: the document's pages as images, or why they cannot be shown.
#[derive(Template, WebTemplate)]
#[template(path = "document_pages.html")]
struct PreviewPage {
    ctx: PageCtx,
    doc: Document,
    lead: String,
    pages: Vec<PageImage>,
    /// "The first 50 pages of 80 are shown", when not all are.
    partial: Option<String>,
    /// Why nothing is shown (no pages).
    unavailable: Option<String>,
}

impl PreviewPage {
    fn new(ctx: PageCtx, doc: Document, v: &DocumentVersion, shown: u32, total: u32) -> Self {
        let total_text = total.to_string();
        let pages = (1..=shown)
            .map(|n| PageImage {
                src: format!("/files/{}/pages/{n}", v.id),
                alt: ctx.t2(
                    "document-pages-alt",
                    ("n", &n.to_string()),
                    ("total", &total_text),
                ),
            })
            .collect();
        let partial = (shown > 0 && shown < total).then(|| {
            ctx.t2(
                "document-pages-partial",
                ("shown", &shown.to_string()),
                ("total", &total_text),
            )
        });
        let unavailable = (shown == 0)
            .then(|| ctx.t1("document-pages-unavailable", "provider", &ctx.tenant.name));
        PreviewPage {
            lead: ctx.t2(
                "document-pages-lead",
                ("number", &v.number.to_string()),
                ("file", &v.filename),
            ),
            pages,
            partial,
            unavailable,
            doc,
            ctx,
        }
    }
}

/// One page of a version as a PNG, watermarked for whoever asks (the core checks they may see
/// the document); never cached by the browser or a proxy.
pub(super) async fn page_image(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, page)): IdPath<(VersionId, u32)>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let who = actor(&state, &s).in_page(&ctx)?;
    let png = state
        .portal
        .preview_page(who, id, page)
        .await
        .in_page(&ctx)?;
    let mut res = Response::new(Body::from(png));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
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
