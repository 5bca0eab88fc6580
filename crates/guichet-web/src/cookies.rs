//! Guichet's cookies: their names, reading them from a request (parsed by the `cookie` crate)
//! and setting them on a response.
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use cookie::{Cookie, SameSite};
use guichet_domain::{CustomerId, Locale};

/// The session token (opaque, stored hashed).
pub const SESSION: &str = "guichet_session";
/// The language chosen on this browser.
pub const LANG: &str = "guichet_lang";
/// The customer account a contact of several accounts is working in.
pub const ACCOUNT: &str = "guichet_account";
/// The CSRF token every form echoes (double submit).
pub const CSRF: &str = "guichet_csrf";
/// Keeps a "view the documents" link open while its holder browses (revoking the link ends it).
pub const SHARE: &str = "guichet_share";

/// The value of the request's cookie `name`, if it sent one.
pub fn value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v).filter_map(Result::ok))
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// Adds `Set-Cookie: c` to the response.
pub fn set(res: &mut Response, c: Cookie<'_>) {
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The session cookie carrying `token` for `max_age_secs` (0 clears it).
pub fn session(secure: bool, token: &str, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SESSION, token.to_string()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
}

/// Remembers the person's language on this browser for a year.
pub fn remember_locale(res: &mut Response, locale: Locale) {
    set(
        res,
        Cookie::build((LANG, locale.code()))
            .path("/")
            .same_site(SameSite::Lax)
            .max_age(cookie::time::Duration::seconds(31_536_000))
            .build(),
    );
}

/// The account the contact chose with the switcher.
pub fn account(secure: bool, customer: CustomerId) -> Cookie<'static> {
    Cookie::build((ACCOUNT, customer.to_string()))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .build()
}

/// The opened link's token, for the pages under `/shared` only (0 clears it).
pub fn share(secure: bool, token: &str, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build((SHARE, token.to_string()))
        .path("/shared")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
}

/// A fresh CSRF token's cookie: never sent along by another site.
pub fn csrf(secure: bool, token: String) -> Cookie<'static> {
    Cookie::build((CSRF, token))
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name_from_every_header() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; guichet_lang=en"),
        );
        h.append(
            header::COOKIE,
            HeaderValue::from_static("broken; guichet_session=t0k"),
        );
        assert_eq!(value(&h, LANG).as_deref(), Some("en"));
        assert_eq!(value(&h, SESSION).as_deref(), Some("t0k"));
        assert_eq!(value(&h, ACCOUNT), None);
    }
}
