//! A quote's thread on its page: a contact's questions and staff's answers, each with a file
//! or not (multipart: the text first, the CSRF token checked before anything is stored, the
//! file last and streamed), and the thread's files served to those who see the quote.
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::{ByteStream, CoreError};
use guichet_domain::Account;
use guichet_domain::QuoteId;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::Signed;
use crate::extract::multipart::{Text, TextFields};
use crate::html::documents::upload::{announced_too_large, drain};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/portal/quotes/{id}/messages",
            post(portal_message).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/staff/quotes/{id}/messages",
            post(staff_message).layer(DefaultBodyLimit::disable()),
        )
        .route("/portal/quotes/{id}/files/{sha256}", get(portal_file))
        .route("/staff/quotes/{id}/files/{sha256}", get(staff_file))
}

/// Who writes: a contact of an account, or staff.
#[derive(Clone, Copy)]
pub(crate) enum Writer<'a> {
    Contact(&'a Account),
    Staff,
}

/// Reads a message form (text fields, then at most one file) and posts it. The file, when
/// there is one, must come last (the form puts it there).
pub(crate) async fn receive(
    state: &AppState,
    s: &Signed,
    id: QuoteId,
    writer: Writer<'_>,
    form: &mut Multipart,
) -> Result<Vec<(String, String)>, (CoreError, Vec<(String, String)>)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut texts = TextFields::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err((CoreError::Interrupted, fields)),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            if name.is_empty() {
                break;
            }
            let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            return match post_message(state, s, id, writer, &fields, Some((&name, data))).await {
                Ok(()) => Ok(fields),
                Err(e) => Err((e, fields)),
            };
        }
        let name = field.name().unwrap_or("").to_string();
        match texts.read(field, 5_000).await {
            Ok(Text::Fits(t)) => fields.push((name, t)),
            Ok(Text::TooLong) => return Err((CoreError::field("body", "error-too-long"), fields)),
            Err(e) => return Err((e, fields)),
        }
    }
    match post_message(state, s, id, writer, &fields, None).await {
        Ok(()) => Ok(fields),
        Err(e) => Err((e, fields)),
    }
}

async fn post_message(
    state: &AppState,
    s: &Signed,
    id: QuoteId,
    writer: Writer<'_>,
    fields: &[(String, String)],
    file: Option<(&str, ByteStream<'_>)>,
) -> Result<(), CoreError> {
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
    match writer {
        Writer::Contact(account) => {
            state
                .portal
                .ask_about_quote(&s.actor, account, &s.v.client, id, get("body"), file)
                .await
        }
        Writer::Staff => {
            state
                .portal
                .answer_about_quote(&s.user, &s.v.client, id, get("body"), file)
                .await
        }
    }
}

/// The typed text of a form that failed, to show it again.
fn typed(fields: &[(String, String)]) -> String {
    fields
        .iter()
        .find(|(n, _)| n == "body")
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

async fn portal_message(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    message(state, s, id, headers, form, false).await
}

async fn staff_message(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    message(state, s, id, headers, form, true).await
}

/// A message posted on a quote's page, by a contact or by staff: back to the thread, or the
/// page again with what was typed (422).
async fn message(
    state: AppState,
    s: Signed,
    id: String,
    headers: HeaderMap,
    mut form: Multipart,
    staff: bool,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let id: QuoteId = id.parse().map_err(|_| ctx.refuse(CoreError::NotFound))?;
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let writer = if staff {
        Writer::Staff
    } else {
        Writer::Contact(s.account(&state).in_page(&ctx)?)
    };
    let side = if staff { "staff" } else { "portal" };
    match receive(&state, &s, id, writer, &mut form).await {
        Ok(_) => Ok(Redirect::to(&format!("/{side}/quotes/{id}#thread")).into_response()),
        Err((CoreError::Invalid(errors), fields)) => {
            drain(&mut form).await;
            let typed = typed(&fields);
            if staff {
                super::staff_quotes::staff_page_with(&state, &s, ctx, id, errors, typed).await
            } else {
                super::quotes::portal_page_with(&state, &s, ctx, id, errors, typed).await
            }
        }
        Err((e, _)) => {
            drain(&mut form).await;
            Err(ctx.refuse(e))
        }
    }
}

async fn portal_file(
    State(state): State<AppState>,
    s: Signed,
    Path((id, sha256)): Path<(String, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let id: QuoteId = id.parse().map_err(|_| ctx.refuse(CoreError::NotFound))?;
    let account = s.account(&state).in_page(&ctx)?;
    let (file, data) = state
        .portal
        .portal_quote_file(&s.actor, account, id, &sha256)
        .await
        .in_page(&ctx)?;
    Ok(download(file, data))
}

async fn staff_file(
    State(state): State<AppState>,
    s: Signed,
    Path((id, sha256)): Path<(String, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let id: QuoteId = id.parse().map_err(|_| ctx.refuse(CoreError::NotFound))?;
    let (file, data) = state
        .portal
        .staff_quote_file(&s.user, id, &sha256)
        .await
        .in_page(&ctx)?;
    Ok(download(file, data))
}

/// A thread's file, always as a download (never shown inline), under a sandboxing policy.
pub(crate) fn download(
    file: guichet_domain::QuoteFile,
    data: ByteStream<'static>,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = (StatusCode::OK, axum::body::Body::from_stream(data)).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(v) = HeaderValue::from_str(&crate::formats::disposition::disposition(
        "attachment",
        &file.name,
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}
