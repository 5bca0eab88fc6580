//! My account: profile summary, password change, sessions.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Locale, NotifyKind, NotifyMode, SessionId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/profile", get(profile_page).post(update_profile))
        .route(
            "/account/password",
            get(password_page).post(change_password),
        )
        .route(
            "/account/notifications",
            get(notifications).post(save_notifications),
        )
        .route("/account/sessions", get(sessions))
        .route("/account/sessions/revoke-others", post(revoke_others))
        .route("/account/sessions/{id}/revoke", post(revoke))
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

fn notice_key(done: &str) -> Option<&'static str> {
    match done {
        "password" => Some("notice-password-changed"),
        "profile" => Some("notice-saved"),
        "notifications" => Some("notice-saved"),
        "revoked" => Some("notice-session-revoked"),
        "revoked-others" => Some("notice-sessions-revoked"),
        _ => None,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: PageCtx,
    name: String,
    email: String,
    phone: String,
    language: &'static str,
    notice: Option<&'static str>,
}

async fn account(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> Response {
    let language = match s.user.locale {
        Locale::Fr => "Français",
        Locale::En => "English",
    };
    AccountPage {
        ctx: s.v.ctx(&state).with_nav("account"),
        name: s.user.name.clone(),
        email: s.user.email.to_string(),
        phone: s.user.phone.clone(),
        language,
        notice: notice_key(&n.done),
    }
    .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "password.html")]
struct PasswordPage {
    ctx: PageCtx,
    email: String,
    errors: FieldErrors,
}

async fn password_page(State(state): State<AppState>, s: Signed) -> Response {
    PasswordPage {
        ctx: s.v.ctx(&state).with_nav("account"),
        email: s.user.email.to_string(),
        errors: FieldErrors::default(),
    }
    .into_response()
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("account");
    let changed = state
        .portal
        .change_password(
            &s.user,
            s.session.id,
            &s.v.client,
            &f.current,
            &f.password,
            &f.confirm,
        )
        .await
        .or_form(&ctx)?;
    Ok(match changed {
        Ok(()) => Redirect::to("/account?done=password").into_response(),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            PasswordPage {
                ctx,
                email: s.user.email.to_string(),
                errors,
            },
        )
            .into_response(),
    })
}

struct SessionRow {
    id: SessionId,
    device: String,
    ip: String,
    last_seen: crate::page::Moment,
    current: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sessions.html")]
struct SessionsPage {
    ctx: PageCtx,
    sessions: Vec<SessionRow>,
    notice: Option<&'static str>,
}

/// A short, readable name for a browser from its user agent.
fn device_name(ua: &str) -> String {
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| match *b {
            "Edg/" => "Edge",
            "Firefox/" => "Firefox",
            "Chrome/" => "Chrome",
            _ => "Safari",
        });
    let os = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(k, _)| ua.contains(k))
    .map(|(_, v)| *v);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b} · {o}"),
        (Some(b), None) => b.to_string(),
        (None, Some(o)) => o.to_string(),
        (None, None) => ua.chars().take(40).collect::<String>(),
    }
}

async fn sessions(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("account");
    let list = state.portal.sessions(&s.user).await.in_page(&ctx)?;
    let sessions = list
        .into_iter()
        .map(|x| SessionRow {
            id: x.id,
            device: device_name(&x.user_agent),
            ip: x.ip.clone(),
            last_seen: ctx.moment(x.last_seen_at),
            current: x.id == s.session.id,
        })
        .collect();
    Ok(SessionsPage {
        ctx,
        sessions,
        notice: notice_key(&n.done),
    }
    .into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn revoke(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<SessionId>,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    state
        .portal
        .revoke_session(&s.user, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    if id == s.session.id {
        let mut res = Redirect::to("/sign-in").into_response();
        super::auth::clear_session(&s.v, &mut res);
        return Ok(res);
    }
    Ok(Redirect::to("/account/sessions?done=revoked").into_response())
}

async fn revoke_others(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(_f): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    state
        .portal
        .revoke_other_sessions(&s.user, &s.v.client, s.session.id)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to("/account/sessions?done=revoked-others").into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_offered_zone_is_labelled_and_known() {
        let c = guichet_i18n::Catalogs::load().unwrap();
        for z in super::zones() {
            assert!(
                c.has(guichet_domain::Locale::Fr, &z.label_key)
                    && c.has(guichet_domain::Locale::En, &z.label_key),
                "{}",
                z.label_key
            );
            assert!(guichet_domain::TimeZone::parse(z.id).is_ok(), "{}", z.id);
        }
        assert!(guichet_domain::TimeZone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn device_names() {
        assert_eq!(
            super::device_name(
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36"
            ),
            "Chrome · Linux"
        );
        assert_eq!(
            super::device_name(
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1"
            ),
            "Safari · iPhone"
        );
        assert_eq!(super::device_name("curl/8"), "curl/8");
    }
}

#[derive(Deserialize, Default)]
struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    locale: String,
    #[serde(default)]
    time_zone: String,
}

struct ZoneChoice {
    id: &'static str,
    label_key: String,
}

/// The offered time zones, labelled from the catalogs (`tz-america-toronto`, …).
fn zones() -> Vec<ZoneChoice> {
    guichet_core::accounts::TIME_ZONES
        .iter()
        .map(|id| ZoneChoice {
            id,
            label_key: format!("tz-{}", id.to_ascii_lowercase().replace(['/', '_'], "-")),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    zones: Vec<ZoneChoice>,
    email: String,
    form: ProfileForm,
    errors: FieldErrors,
}

async fn profile_page(State(state): State<AppState>, s: Signed) -> Response {
    let form = ProfileForm {
        name: s.user.name.clone(),
        phone: s.user.phone.clone(),
        locale: s.user.locale.code().into(),
        time_zone: s.user.time_zone.name().into(),
    };
    ProfilePage {
        ctx: s.v.ctx(&state).with_nav("account"),
        zones: zones(),
        email: s.user.email.to_string(),
        form,
        errors: FieldErrors::default(),
    }
    .into_response()
}

async fn update_profile(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<ProfileForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("account");
    let input = guichet_core::accounts::ProfileInput {
        name: form.name.clone(),
        phone: form.phone.clone(),
        locale: form.locale.clone(),
        time_zone: form.time_zone.clone(),
    };
    Ok(
        match state
            .portal
            .update_profile(&s.user, &s.v.client, &input)
            .await
            .or_form(&ctx)?
        {
            Ok(u) => {
                let mut res = Redirect::to("/account?done=profile").into_response();
                // The page follows the new language at once.
                crate::cookies::remember_locale(&mut res, u.locale);
                res
            }
            Err(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ProfilePage {
                    ctx,
                    zones: zones(),
                    email: s.user.email.to_string(),
                    form,
                    errors,
                },
            )
                .into_response(),
        },
    )
}

pub struct PrefRow {
    pub code: &'static str,
    pub label_key: String,
    pub mode: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
struct NotificationsPage {
    ctx: PageCtx,
    rows: Vec<PrefRow>,
    modes: Vec<(&'static str, String)>,
    notice: Option<&'static str>,
}

async fn notifications(
    State(state): State<AppState>,
    s: Signed,
    Query(n): Query<Notice>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("account");
    let prefs = state
        .portal
        .notification_prefs(&s.user)
        .await
        .in_page(&ctx)?;
    Ok(NotificationsPage {
        rows: prefs
            .into_iter()
            .map(|(k, m)| PrefRow {
                code: k.code(),
                label_key: format!("notify-{}", k.code().replace('_', "-")),
                mode: m.code(),
            })
            .collect(),
        modes: guichet_domain::NotifyMode::ALL
            .iter()
            .map(|m| (m.code(), format!("notify-mode-{}", m.code())))
            .collect(),
        notice: notice_key(&n.done),
        ctx,
    }
    .into_response())
}

async fn save_notifications(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("account");
    // `n.<kind>=<mode>` for each kind; a kind or mode no page offers changes nothing (422).
    let mut choices = Vec::new();
    for (k, v) in &pairs {
        let Some(code) = k.strip_prefix("n.") else {
            continue;
        };
        match (NotifyKind::parse(code), NotifyMode::parse(v)) {
            (Some(kind), Some(mode)) => choices.push((kind, mode)),
            _ => return Err(ctx.refuse(CoreError::field("prefs", "error-invalid-form"))),
        }
    }
    state
        .portal
        .set_notification_prefs(&s.user, &choices)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to("/account/notifications?done=notifications").into_response())
}
