//! Sign-in, emailed links, invitations, password resets, sign-out, language switch.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use guichet_core::auth::NewSession;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Locale, TokenPurpose};
use serde::Deserialize;

use crate::AppState;
use crate::error::fail;
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::{LANG_COOKIE, SESSION_COOKIE, Visitor};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(sign_in_page).post(sign_in))
        .route("/sign-in/link", get(link_request_page).post(link_request))
        .route("/forgot-password", get(forgot_page).post(forgot))
        .route(
            "/auth/link/{token}",
            get(link_confirm_page).post(link_redeem),
        )
        .route(
            "/auth/invitation/{token}",
            get(invitation_page).post(invitation_accept),
        )
        .route("/auth/reset/{token}", get(reset_page).post(reset_accept))
        .route("/sign-out", axum::routing::post(sign_out))
}

/// The token at the end of a link's path, taken raw: tokens are URL-safe base64, so a
/// tampered one (bad percent-encoding included) is simply unknown, never a 400.
pub struct LinkToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LinkToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let last = parts.uri.path().rsplit('/').next().unwrap_or("");
        let token = if last.len() <= 100
            && last
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            last
        } else {
            ""
        };
        Ok(LinkToken(token.to_string()))
    }
}

/// Only a path of this site: `//evil`, `/\evil`, schemes and control characters are refused.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && next.len() < 2000;
    ok.then_some(next)
}

pub fn encode_next(path: &str) -> String {
    serde_urlencoded::to_string([("", path)])
        .map(|s| s.trim_start_matches('=').to_string())
        .unwrap_or_default()
}

fn set_cookie(res: &mut Response, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// The session cookie carrying `token` for `max_age_secs` (0 clears it).
fn session_cookie(v: &Visitor, token: &str, max_age_secs: i64) -> String {
    cookie::Cookie::build((SESSION_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .secure(v.is_secure())
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
        .to_string()
}

/// Signs the browser in and sends it on.
fn signed_in(v: &Visitor, state: &AppState, s: &NewSession, next: Option<&str>) -> Response {
    let target = next
        .and_then(safe_next)
        .unwrap_or(super::home_of(Some(&s.user)));
    let mut res = Redirect::to(target).into_response();
    set_cookie(
        &mut res,
        session_cookie(v, &s.token, state.portal.settings.session_ttl_secs),
    );
    // Remember the person's language on this browser too.
    set_cookie(
        &mut res,
        format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            s.user.locale.code()
        ),
    );
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    email: String,
    next: String,
    errors: FieldErrors,
    problem: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

async fn sign_in_page(
    State(state): State<AppState>,
    v: Visitor,
    Query(q): Query<NextQuery>,
) -> Response {
    if v.user().is_some() {
        return Redirect::to(super::home_of(v.user())).into_response();
    }
    let next = safe_next(&q.next).unwrap_or("").to_string();
    SignInPage {
        ctx: v.ctx(&state),
        email: String::new(),
        next,
        errors: FieldErrors::default(),
        problem: None,
    }
    .into_response()
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<SignInForm>,
) -> Response {
    let mut errors = FieldErrors::default();
    if f.email.trim().is_empty() {
        errors.add("email", "error-required");
    }
    if f.password.is_empty() {
        errors.add("password", "error-required");
    }
    let next = safe_next(&f.next).unwrap_or("").to_string();
    let page = |v: &Visitor, errors, problem, status| {
        (
            status,
            SignInPage {
                ctx: v.ctx(&state),
                email: f.email.trim().chars().take(254).collect(),
                next: next.clone(),
                errors,
                problem,
            },
        )
            .into_response()
    };
    if !errors.is_empty() {
        return page(&v, errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match state
        .portal
        .sign_in(&v.tenant, &f.email, &f.password, &v.client)
        .await
    {
        Ok(s) => signed_in(&v, &state, &s, Some(&next)),
        Err(CoreError::InvalidCredentials) => page(
            &v,
            errors,
            Some("error-credentials"),
            StatusCode::UNAUTHORIZED,
        ),
        Err(CoreError::Throttled { .. }) => page(
            &v,
            errors,
            Some("error-throttled"),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => fail(v.ctx(&state), e),
    }
}

#[derive(Deserialize, Default)]
struct SignOutForm {
    /// Present: end every session of the user, not only this one.
    #[serde(default)]
    everywhere: Option<String>,
}

async fn sign_out(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<SignOutForm>,
) -> Response {
    if let (Some(u), Some(s)) = (v.user(), v.session()) {
        let done = if f.everywhere.is_some() {
            state.portal.sign_out_everywhere(u).await.map(|_| ())
        } else {
            state.portal.sign_out(u, s.id).await
        };
        if let Err(e) = done {
            return fail(v.ctx(&state), e);
        }
    }
    let mut res = Redirect::to("/sign-in").into_response();
    set_cookie(&mut res, session_cookie(&v, "", 0));
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "email_request.html")]
struct EmailRequestPage {
    ctx: PageCtx,
    title_key: &'static str,
    lead_key: &'static str,
    button_key: &'static str,
    action: &'static str,
    email: String,
    errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
struct MessagePage {
    ctx: PageCtx,
    title_key: &'static str,
    message_key: &'static str,
}

#[derive(Deserialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
}

fn link_request_form(
    ctx: PageCtx,
    reset: bool,
    email: String,
    errors: FieldErrors,
) -> EmailRequestPage {
    if reset {
        EmailRequestPage {
            ctx,
            title_key: "forgot-title",
            lead_key: "forgot-lead",
            button_key: "forgot-send",
            action: "/forgot-password",
            email,
            errors,
        }
    } else {
        EmailRequestPage {
            ctx,
            title_key: "sign-in-link-title",
            lead_key: "sign-in-link-lead",
            button_key: "sign-in-link-send",
            action: "/sign-in/link",
            email,
            errors,
        }
    }
}

async fn link_request_page(State(state): State<AppState>, v: Visitor) -> Response {
    link_request_form(v.ctx(&state), false, String::new(), FieldErrors::default()).into_response()
}

async fn forgot_page(State(state): State<AppState>, v: Visitor) -> Response {
    link_request_form(v.ctx(&state), true, String::new(), FieldErrors::default()).into_response()
}

async fn request_link(state: AppState, v: Visitor, f: EmailForm, reset: bool) -> Response {
    let r = if reset {
        state
            .portal
            .request_password_reset(&v.tenant, &f.email)
            .await
    } else {
        state.portal.request_sign_in_link(&v.tenant, &f.email).await
    };
    match r {
        // The same answer whether or not the address has an account.
        Ok(()) => MessagePage {
            ctx: v.ctx(&state),
            title_key: "check-email-title",
            message_key: if reset {
                "check-email-reset"
            } else {
                "check-email-link"
            },
        }
        .into_response(),
        Err(CoreError::Invalid(errors)) => {
            let email = f.email.trim().chars().take(254).collect();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                link_request_form(v.ctx(&state), reset, email, errors),
            )
                .into_response()
        }
        Err(e) => fail(v.ctx(&state), e),
    }
}

async fn link_request(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> Response {
    request_link(state, v, f, false).await
}

async fn forgot(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> Response {
    request_link(state, v, f, true).await
}

#[derive(Template, WebTemplate)]
#[template(path = "link_confirm.html")]
struct LinkConfirmPage {
    ctx: PageCtx,
    email: String,
    action: String,
}

/// A GET never spends a link (mail scanners open them): it shows one button.
async fn link_confirm_page(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
) -> Response {
    match state
        .portal
        .check_link(&v.tenant, TokenPurpose::SignInLink, &token)
        .await
    {
        Ok(h) => LinkConfirmPage {
            ctx: v.ctx(&state),
            email: h.user.email.to_string(),
            action: format!("/auth/link/{token}"),
        }
        .into_response(),
        Err(e) => fail(v.ctx(&state), e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn link_redeem(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(_f): CsrfForm<Empty>,
) -> Response {
    match state
        .portal
        .redeem_sign_in_link(&v.tenant, &token, &v.client)
        .await
    {
        Ok(s) => signed_in(&v, &state, &s, None),
        Err(e) => fail(v.ctx(&state), e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "set_password.html")]
struct SetPasswordPage {
    ctx: PageCtx,
    title_key: &'static str,
    lead_key: &'static str,
    name: String,
    email: String,
    action: String,
    errors: FieldErrors,
}

async fn password_link_page(
    state: AppState,
    v: Visitor,
    token: String,
    purpose: TokenPurpose,
    errors: FieldErrors,
) -> Response {
    match state.portal.check_link(&v.tenant, purpose, &token).await {
        Ok(h) => {
            let (title_key, lead_key, path) = match purpose {
                TokenPurpose::Invitation => ("invitation-title", "invitation-lead", "invitation"),
                _ => ("reset-title", "reset-lead", "reset"),
            };
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let mut ctx = v.ctx(&state);
            // An invitation opens in the invited person's language.
            if !v.locale_explicit {
                ctx.locale = h.user.locale;
            }
            let page = SetPasswordPage {
                ctx,
                title_key,
                lead_key,
                name: h.user.name.clone(),
                email: h.user.email.to_string(),
                action: format!("/auth/{path}/{token}"),
                errors,
            };
            (status, page).into_response()
        }
        Err(e) => fail(v.ctx(&state), e),
    }
}

async fn invitation_page(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
) -> Response {
    password_link_page(
        state,
        v,
        token,
        TokenPurpose::Invitation,
        FieldErrors::default(),
    )
    .await
}

async fn reset_page(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
) -> Response {
    password_link_page(
        state,
        v,
        token,
        TokenPurpose::PasswordReset,
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn accept_password(
    state: AppState,
    v: Visitor,
    token: String,
    purpose: TokenPurpose,
    f: PasswordForm,
) -> Response {
    match state
        .portal
        .set_password_from_link(
            &v.tenant,
            purpose,
            &token,
            &f.password,
            &f.confirm,
            &v.client,
        )
        .await
    {
        Ok(s) => signed_in(&v, &state, &s, None),
        Err(CoreError::Invalid(errors)) => {
            password_link_page(state, v, token, purpose, errors).await
        }
        Err(e) => fail(v.ctx(&state), e),
    }
}

async fn invitation_accept(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Response {
    accept_password(state, v, token, TokenPurpose::Invitation, f).await
}

async fn reset_accept(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Response {
    accept_password(state, v, token, TokenPurpose::PasswordReset, f).await
}

#[derive(Deserialize)]
pub struct LocaleForm {
    #[serde(default)]
    locale: String,
    #[serde(default)]
    next: String,
}

/// The FR/EN switch: remembered for the user (if signed in) and on the browser.
pub async fn switch_locale(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<LocaleForm>,
) -> Response {
    let Some(locale) = Locale::parse(&f.locale) else {
        return crate::error::page(
            v.ctx(&state),
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid-title",
            "error-invalid-form",
        );
    };
    if let Some(u) = v.user()
        && let Err(e) = state.portal.set_locale(u, locale).await
    {
        return fail(v.ctx(&state), e);
    }
    let mut res = Redirect::to(safe_next(&f.next).unwrap_or("/")).into_response();
    set_cookie(
        &mut res,
        format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            locale.code()
        ),
    );
    res
}

/// Used by account pages to end the current browser's session cookie.
pub(crate) fn clear_session(v: &Visitor, res: &mut Response) {
    set_cookie(res, session_cookie(v, "", 0));
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next("/portal?x=1"), Some("/portal?x=1"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
            "/a b",
            "/\t/evil",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
