//! CSRF protection: a random token in a `SameSite=Strict` cookie that every form echoes in
//! its `_csrf` field (double submit), plus an Origin check on every write (`security.rs`).
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;

use crate::AppState;

/// The CSRF token of this request (from its cookie, or freshly made).
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

/// Makes sure every visitor has a CSRF cookie.
pub async fn issue_cookie(
    State(_state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let existing = crate::cookies::value(req.headers(), crate::cookies::CSRF)
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
        crate::cookies::set(&mut res, crate::cookies::csrf(secure, token));
    }
    res
}

/// Whether the token sent matches the expected one, compared in constant time (`subtle`).
pub fn matches(expected: &str, given: &str) -> bool {
    use subtle::ConstantTimeEq;
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn tokens_match_only_when_equal_and_present() {
        assert!(matches("ab12", "ab12"));
        assert!(!matches("ab12", "ab13"));
        assert!(!matches("ab12", "ab1"));
        assert!(!matches("", ""));
    }
}
