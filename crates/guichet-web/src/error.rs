//! One mapping from core errors to HTTP (`fail`), with pages in the visitor's language, and
//! `PageError`, which carries a core error out of a handler through `?` to that mapping.
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use guichet_core::journal::Refusal;
use guichet_core::{CoreError, FieldErrors, LinkProblem};

use crate::page::PageCtx;

/// What a page handler answers: its page, or the error page for what went wrong.
pub type PageResult<T = Response> = Result<T, PageError>;

/// A core error on its way out of a handler, with the page context it is shown in; answered
/// by `fail`, the one mapping from core errors to HTTP.
pub struct PageError(Box<(PageCtx, CoreError)>);

impl PageError {
    pub fn new(ctx: PageCtx, error: CoreError) -> Self {
        PageError(Box::new((ctx, error)))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (ctx, error) = *self.0;
        fail(ctx, error)
    }
}

impl std::fmt::Debug for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PageError").field(&self.0.1).finish()
    }
}

/// `?` for core results in page handlers: the context is cloned only on the error path.
pub trait InPage<T> {
    /// The value, or the error page in the visitor's language.
    fn in_page(self, ctx: &PageCtx) -> PageResult<T>;
    /// The value, or the problems of the form (to show it again beside its fields), or the
    /// error page for anything else.
    fn or_form(self, ctx: &PageCtx) -> PageResult<Result<T, FieldErrors>>;
}

impl<T> InPage<T> for Result<T, CoreError> {
    fn in_page(self, ctx: &PageCtx) -> PageResult<T> {
        self.map_err(|e| PageError::new(ctx.clone(), e))
    }

    fn or_form(self, ctx: &PageCtx) -> PageResult<Result<T, FieldErrors>> {
        match self {
            Ok(v) => Ok(Ok(v)),
            Err(CoreError::Invalid(errors)) => Ok(Err(errors)),
            Err(e) => Err(PageError::new(ctx.clone(), e)),
        }
    }
}

impl PageCtx {
    /// The error page for `e`, to return from a handler.
    pub fn refuse(&self, e: CoreError) -> PageError {
        PageError::new(self.clone(), e)
    }

    /// The "not found" page, to return from a handler.
    pub fn not_found(&self) -> PageError {
        self.refuse(CoreError::NotFound)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: PageCtx,
    pub title_key: &'static str,
    pub message_key: &'static str,
    /// A sentence after the message (e.g. the size allowed), already translated.
    pub detail: String,
    pub show_sign_in: bool,
}

/// Whole minutes to wait, at least one, as the catalogs' `$minutes` takes them.
pub fn minutes_to_wait(retry_after_secs: i64) -> String {
    ((retry_after_secs.max(1) + 59) / 60).to_string()
}

/// Tells clients how long to wait (`Retry-After`, in seconds).
pub fn retry_after(res: &mut Response, secs: i64) {
    res.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(secs.max(1)),
    );
}

pub fn page(
    ctx: PageCtx,
    status: StatusCode,
    title_key: &'static str,
    message_key: &'static str,
) -> Response {
    let show_sign_in = ctx.user_name.is_none();
    (
        status,
        ErrorPage {
            ctx,
            title_key,
            message_key,
            detail: String::new(),
            show_sign_in,
        },
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "link_problem.html")]
pub struct LinkProblemPage {
    pub ctx: PageCtx,
    pub message_key: &'static str,
}

/// The page for a core error.
pub fn fail(ctx: PageCtx, e: CoreError) -> Response {
    match &e {
        CoreError::Unauthenticated => Redirect::to("/sign-in").into_response(),
        CoreError::Forbidden => {
            let who = ctx.clone();
            let res = page(
                ctx,
                StatusCode::FORBIDDEN,
                "error-forbidden-title",
                "error-forbidden",
            );
            crate::refusals::mark(res, &who, Refusal::Forbidden)
        }
        CoreError::NotFound => not_found(ctx),
        // No form to show again here: the first problem's own message.
        CoreError::Invalid(e) => page(
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid-title",
            e.0.first()
                .map(|f| f.message_key)
                .unwrap_or("error-invalid-form"),
        ),
        CoreError::InvalidCredentials => page(
            ctx,
            StatusCode::UNAUTHORIZED,
            "error-forbidden-title",
            "error-credentials",
        ),
        CoreError::Throttled { retry_after_secs } => {
            let show_sign_in = ctx.user_name.is_none();
            let detail = ctx.t1(
                "error-throttled-any",
                "minutes",
                &minutes_to_wait(*retry_after_secs),
            );
            let mut res = (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorPage {
                    ctx,
                    title_key: "error-throttled-title",
                    message_key: "",
                    detail,
                    show_sign_in,
                },
            )
                .into_response();
            retry_after(&mut res, *retry_after_secs);
            res
        }
        CoreError::Busy { retry_after_secs } => {
            let mut res = page(
                ctx,
                StatusCode::SERVICE_UNAVAILABLE,
                "error-busy-title",
                "error-busy",
            );
            res.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_secs),
            );
            res
        }
        CoreError::Link(p) => {
            let message_key = match p {
                LinkProblem::Unknown => "link-unknown",
                LinkProblem::Used => "link-used",
                LinkProblem::Expired => "link-expired",
                LinkProblem::Revoked => "link-revoked",
            };
            (StatusCode::GONE, LinkProblemPage { ctx, message_key }).into_response()
        }
        CoreError::TooLarge { limit } => {
            let show_sign_in = ctx.user_name.is_none();
            let size =
                crate::html::documents::size_text(&ctx, (*limit).min(i64::MAX as u64) as i64);
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorPage {
                    detail: ctx.t1("error-upload-limit", "size", &size),
                    ctx,
                    title_key: "error-too-large-title",
                    message_key: "error-upload-too-large",
                    show_sign_in,
                },
            )
                .into_response()
        }
        CoreError::FormTooLarge => page(
            ctx,
            StatusCode::PAYLOAD_TOO_LARGE,
            "error-too-large-title",
            "error-too-large",
        ),
        CoreError::Interrupted => page(
            ctx,
            StatusCode::BAD_REQUEST,
            "error-invalid-title",
            "error-upload-interrupted",
        ),
        CoreError::Conflict => page(
            ctx,
            StatusCode::CONFLICT,
            "error-conflict-title",
            "error-conflict",
        ),
        CoreError::ControlCharacters => page(
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid-title",
            "error-control-characters",
        ),
        CoreError::Stale(key) => page(ctx, StatusCode::CONFLICT, "error-conflict-title", key),
        CoreError::Internal(_) => {
            tracing::error!(error = %guichet_core::Chain(&e), "internal error");
            page(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                "error-internal-title",
                "error-internal",
            )
        }
    }
}

/// The page for a form sent without the visitor's CSRF token (403), marked for the journal.
pub fn csrf_refused(ctx: PageCtx) -> Response {
    let who = ctx.clone();
    let res = page(ctx, StatusCode::FORBIDDEN, "error-csrf-title", "error-csrf");
    crate::refusals::mark(res, &who, Refusal::Csrf)
}

pub fn not_found(ctx: PageCtx) -> Response {
    page(
        ctx,
        StatusCode::NOT_FOUND,
        "error-not-found-title",
        "error-not-found",
    )
}

pub fn plain_unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Html("<!doctype html><title>503</title><p lang=\"fr\">Service temporairement indisponible.</p><p lang=\"en\">Service temporarily unavailable.</p>"),
    )
        .into_response()
}
