//! Sign-in, emailed links, invitations, password resets, sign-out, language switch.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use guichet_core::auth::NewSession;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Locale, TokenPurpose};
use serde::Deserialize;

use crate::AppState;
use crate::cookies;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, Visitor};
use crate::page::PageCtx;

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

/// Signs the browser in and sends it on.
fn signed_in(v: &Visitor, state: &AppState, s: &NewSession, next: Option<&str>) -> Response {
    let target = next
        .and_then(safe_next)
        .unwrap_or(super::home_of(Some(&s.user)));
    let mut res = Redirect::to(target).into_response();
    cookies::set(
        &mut res,
        cookies::session(
            v.is_secure(),
            &s.token,
            state.portal.settings.session_ttl_secs,
        ),
    );
    // Remember the person's language on this browser too.
    cookies::remember_locale(&mut res, s.user.locale);
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "sign_in.html")]
struct SignInPage {
    ctx: PageCtx,
    email: String,
    next: String,
    errors: FieldErrors,
    /// What went wrong, in the visitor's language.
    problem: Option<String>,
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
) -> PageResult {
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
        return Ok(page(&v, errors, None, StatusCode::UNPROCESSABLE_ENTITY));
    }
    Ok(
        match state
            .portal
            .sign_in(&v.tenant, &f.email, &f.password, &v.client)
            .await
        {
            Ok(s) => signed_in(&v, &state, &s, Some(&next)),
            Err(CoreError::InvalidCredentials) => page(
                &v,
                errors,
                Some(v.ctx(&state).t("error-credentials")),
                StatusCode::UNAUTHORIZED,
            ),
            Err(CoreError::Throttled { retry_after_secs }) => {
                let minutes = crate::error::minutes_to_wait(retry_after_secs);
                let problem = v.ctx(&state).t1("error-throttled", "minutes", &minutes);
                let mut res = page(&v, errors, Some(problem), StatusCode::TOO_MANY_REQUESTS);
                crate::error::retry_after(&mut res, retry_after_secs);
                res
            }
            Err(e) => return Err(v.ctx(&state).refuse(e)),
        },
    )
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
) -> PageResult {
    if let (Some(u), Some(s)) = (v.user(), v.session()) {
        if f.everywhere.is_some() {
            state
                .portal
                .sign_out_everywhere(u, &v.client)
                .await
                .map(|_| ())
        } else {
            state.portal.sign_out(u, s.id).await
        }
        .in_page(&v.ctx(&state))?;
    }
    let mut res = Redirect::to("/sign-in").into_response();
    clear_session(&v, &mut res);
    Ok(res)
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

async fn request_link(state: AppState, v: Visitor, f: EmailForm, reset: bool) -> PageResult {
    let ctx = v.ctx(&state);
    let sent = if reset {
        state
            .portal
            .request_password_reset(&v.tenant, &f.email)
            .await
    } else {
        state.portal.request_sign_in_link(&v.tenant, &f.email).await
    };
    Ok(match sent.or_form(&ctx)? {
        // The same answer whether or not the address has an account.
        Ok(()) => MessagePage {
            ctx,
            title_key: "check-email-title",
            message_key: if reset {
                "check-email-reset"
            } else {
                "check-email-link"
            },
        }
        .into_response(),
        Err(errors) => {
            let email = f.email.trim().chars().take(254).collect();
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                link_request_form(ctx, reset, email, errors),
            )
                .into_response()
        }
    })
}

async fn link_request(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> PageResult {
    request_link(state, v, f, false).await
}

async fn forgot(
    State(state): State<AppState>,
    v: Visitor,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> PageResult {
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
) -> PageResult {
    let ctx = v.ctx(&state);
    let holder = state
        .portal
        .check_link(&v.tenant, TokenPurpose::SignInLink, &token)
        .await
        .in_page(&ctx)?;
    Ok(LinkConfirmPage {
        ctx,
        email: holder.user.email.to_string(),
        action: format!("/auth/link/{token}"),
    }
    .into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn link_redeem(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let session = state
        .portal
        .redeem_sign_in_link(&v.tenant, &token, &v.client)
        .await
        .in_page(&v.ctx(&state))?;
    Ok(signed_in(&v, &state, &session, None))
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
) -> PageResult {
    let mut ctx = v.ctx(&state);
    let h = state
        .portal
        .check_link(&v.tenant, purpose, &token)
        .await
        .in_page(&ctx)?;
    let (title_key, lead_key, path) = match purpose {
        TokenPurpose::Invitation => ("invitation-title", "invitation-lead", "invitation"),
        _ => ("reset-title", "reset-lead", "reset"),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
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
    Ok((status, page).into_response())
}

async fn invitation_page(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
) -> PageResult {
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
) -> PageResult {
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
) -> PageResult {
    let set = state
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
        .or_form(&v.ctx(&state))?;
    match set {
        Ok(s) => Ok(signed_in(&v, &state, &s, None)),
        Err(errors) => password_link_page(state, v, token, purpose, errors).await,
    }
}

async fn invitation_accept(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> PageResult {
    accept_password(state, v, token, TokenPurpose::Invitation, f).await
}

async fn reset_accept(
    State(state): State<AppState>,
    v: Visitor,
    LinkToken(token): LinkToken,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> PageResult {
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
) -> PageResult {
    let ctx = v.ctx(&state);
    let Some(locale) = Locale::parse(&f.locale) else {
        return Err(ctx.refuse(CoreError::field("locale", "error-invalid-form")));
    };
    if let Some(u) = v.user() {
        state.portal.set_locale(u, locale).await.in_page(&ctx)?;
    }
    let mut res = Redirect::to(safe_next(&f.next).unwrap_or("/")).into_response();
    cookies::remember_locale(&mut res, locale);
    Ok(res)
}

/// Ends the current browser's session cookie (signing out, revoking this session).
pub(crate) fn clear_session(v: &Visitor, res: &mut Response) {
    cookies::set(res, cookies::session(v.is_secure(), "", 0));
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
