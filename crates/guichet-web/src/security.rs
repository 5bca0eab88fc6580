//! Security headers on every response, and the Origin check on every write.
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

pub async fn headers(req: Request, next: Next) -> Response {
    // Pages under /auth/ carry a token in their path: they must not leak it in a Referer.
    // `strict-origin` sends only the origin (never the path), and unlike `no-referrer` it
    // keeps the real `Origin` on the page's own form posts, which the same-origin check needs.
    let token_page = req.uri().path().starts_with("/auth/") || req.uri().path().starts_with("/l/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A response with a stricter policy of its own (a downloaded file) keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static(if token_page {
            "strict-origin"
        } else {
            "same-origin"
        }),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Refuses state-changing requests that a browser says come from another site.
pub async fn same_origin_writes(State(_s): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET
        && req.method() != Method::HEAD
        && req.method() != Method::OPTIONS
    {
        let host = crate::tenant::request_host(&req);
        let fetch_site = req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok());
        if matches!(fetch_site, Some("cross-site")) {
            return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
        }
        if let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
        {
            let origin_host = origin
                .split_once("://")
                .map(|(_, h)| h.trim_end_matches('/').to_ascii_lowercase());
            if origin == "null" || origin_host != host {
                return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
            }
        }
    }
    next.run(req).await
}
