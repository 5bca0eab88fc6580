//! CSRF protection: a random token in a `SameSite=Strict` cookie that every form echoes in
//! its `_csrf` field (double submit), plus an Origin check on every write (`security.rs`).
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;

use crate::AppState;

pub const COOKIE: &str = "guichet_csrf";

/// The CSRF token of this request (from its cookie, or freshly made).
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub(crate) fn cookie_value(req_headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    req_headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Makes sure every visitor has a CSRF cookie.
pub async fn issue_cookie(
    State(_state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let existing = cookie_value(req.headers(), COOKIE)
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()));
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => {
            let mut b = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut b);
            (hex::encode(b), true)
        }
    };
    let secure = req
        .extensions()
        .get::<std::sync::Arc<guichet_domain::Tenant>>()
        .is_some_and(|t| t.base_url.starts_with("https://"));
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if fresh {
        let c = cookie::Cookie::build((COOKIE, token))
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(cookie::SameSite::Strict)
            .build();
        if let Ok(v) = c.to_string().parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Constant-time comparison.
pub fn matches(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
