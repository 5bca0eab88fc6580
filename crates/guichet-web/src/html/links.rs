//! "View the documents" links: staff create, list and revoke them on a project; visitors open
//! them (a page with one button, so mail scanners spend nothing) and browse what they open.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::links::{LinkAccess, NewLink, link_access};
use guichet_domain::{DocumentId, LinkId, ProjectId, ShareLink, VersionId};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::cookie_value;
use crate::error::{fail, not_found};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::{Signed, Visitor};

/// The cookie that keeps a link open while its holder browses (revoking the link ends it).
pub const SHARE_COOKIE: &str = "guichet_share";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/projects/{id}/links", post(create))
        .route("/staff/projects/{id}/links/{link}/revoke", post(revoke))
        .route("/l/{token}", get(landing).post(open))
        .route("/shared", get(shared))
        .route("/shared/files/{id}", get(shared_file))
}

/// A link as staff see it in the project's list.
pub struct LinkRow {
    pub id: LinkId,
    /// Who issued it.
    pub by: String,
    pub label: String,
    pub scope: String,
    pub expires: String,
    pub uses: i64,
    pub last_used: String,
    pub live: bool,
    pub revoked: bool,
    pub sign_in: bool,
}

pub fn link_rows(
    ctx: &PageCtx,
    links: &[(ShareLink, String)],
    titles: &[(DocumentId, String)],
) -> Vec<LinkRow> {
    let now = guichet_domain::Millis::now();
    links
        .iter()
        .map(|(l, by)| LinkRow {
            by: by.clone(),
            id: l.id,
            label: l.label.clone(),
            scope: match l.document_id {
                None => ctx.t("link-scope-project"),
                Some(d) => titles
                    .iter()
                    .find(|(id, _)| *id == d)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
            },
            expires: ctx.when(l.expires_at),
            uses: l.uses,
            last_used: l
                .last_used_at
                .map(|m| ctx.when(m))
                .unwrap_or_else(|| "—".into()),
            live: l.live(now),
            revoked: l.revoked_at.is_some(),
            sign_in: l.sign_in,
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct CreateForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    document: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    email: String,
    /// A checkbox: present when ticked.
    #[serde(default)]
    sign_in: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "link_created.html")]
struct CreatedPage {
    ctx: PageCtx,
    url: String,
    label: String,
    expires: String,
    back: String,
    /// The address it was emailed to, if any.
    sent_to: String,
}

async fn create(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let document = if form.document.trim().is_empty() {
        None
    } else {
        match form.document.parse::<DocumentId>() {
            Ok(d) => Some(d),
            Err(_) => return not_found(ctx),
        }
    };
    let days = form.days.trim().parse::<i64>().unwrap_or(-1);
    match state
        .portal
        .create_link(
            &s.user,
            &s.v.client,
            &s.v.tenant,
            project,
            &NewLink {
                document,
                label: form.label.clone(),
                days,
                sign_in: !form.sign_in.is_empty(),
                email: form.email.clone(),
            },
        )
        .await
    {
        Ok((link, token)) => CreatedPage {
            sent_to: form.email.trim().to_string(),
            url: format!("{}/l/{token}", s.v.tenant.base_url.trim_end_matches('/')),
            label: link.label.clone(),
            expires: ctx.when(link.expires_at),
            back: format!("/staff/projects/{project}"),
            ctx,
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn revoke(
    State(state): State<AppState>,
    s: Signed,
    Path((id, link)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let (Ok(project), Ok(link)) = (id.parse::<ProjectId>(), link.parse::<LinkId>()) else {
        return not_found(ctx);
    };
    match state
        .portal
        .revoke_link(&s.user, &s.v.client, project, link)
        .await
    {
        Ok(()) => Redirect::to(&format!("/staff/projects/{project}?done=revoked")).into_response(),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "link_open.html")]
struct LandingPage {
    ctx: PageCtx,
    action: String,
    /// Set when the link wants its holder signed in first: where to sign in.
    sign_in_href: String,
}

/// The link's page: one button; looking at it (as mail scanners do) spends and logs nothing.
async fn landing(State(state): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    let ctx = v.ctx(&state);
    match state.portal.link_for(&v.tenant, &v.client, &token).await {
        Ok(link) => {
            let here = format!("/l/{token}");
            let sign_in_href = match link_access(&link, v.signed.as_deref()) {
                LinkAccess::Open => String::new(),
                LinkAccess::SignIn => {
                    format!("/sign-in?next={}", crate::html::auth::encode_next(&here))
                }
                LinkAccess::Refused => return fail(ctx, CoreError::Forbidden),
            };
            LandingPage {
                ctx,
                action: here,
                sign_in_href,
            }
            .into_response()
        }
        Err(e) => fail(ctx, e),
    }
}

fn share_cookie(v: &Visitor, token: &str, max_age_secs: i64) -> String {
    cookie::Cookie::build((SHARE_COOKIE, token.to_string()))
        .path("/shared")
        .http_only(true)
        .secure(v.is_secure())
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
        .to_string()
}

async fn open(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Response {
    let ctx = v.ctx(&state);
    match state
        .portal
        .open_link(&v.tenant, &v.client, &token, v.signed.as_deref())
        .await
    {
        Ok(link) => {
            let secs = (link.expires_at.0 - guichet_domain::Millis::now().0) / 1000;
            let mut res = Redirect::to("/shared").into_response();
            if let Ok(c) = HeaderValue::from_str(&share_cookie(&v, &token, secs.max(0))) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(CoreError::Unauthenticated) => Redirect::to(&format!(
            "/sign-in?next={}",
            crate::html::auth::encode_next(&format!("/l/{token}"))
        ))
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

/// The link behind the visitor's share cookie; when it no longer works, the cookie goes too.
async fn current_link(
    state: &AppState,
    v: &Visitor,
    headers: &axum::http::HeaderMap,
) -> Result<ShareLink, Response> {
    let token = cookie_value(headers, SHARE_COOKIE).unwrap_or_default();
    let found = match state.portal.link_for(&v.tenant, &v.client, &token).await {
        // A link for signed-in contacts stops working for whoever signs out or is not one.
        Ok(l) if link_access(&l, v.signed.as_deref()) != LinkAccess::Open => {
            Err(CoreError::Forbidden)
        }
        other => other,
    };
    match found {
        Ok(l) => Ok(l),
        Err(e) => {
            let mut res = fail(v.ctx(state), e);
            if let Ok(c) = HeaderValue::from_str(&share_cookie(v, "", 0)) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            Err(res)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "shared.html")]
struct SharedPage {
    ctx: PageCtx,
    project_title: String,
    docs: Vec<crate::html::documents::DocumentRow>,
}

async fn shared(
    State(state): State<AppState>,
    v: Visitor,
    headers: axum::http::HeaderMap,
) -> Response {
    let link = match current_link(&state, &v, &headers).await {
        Ok(l) => l,
        Err(res) => return res,
    };
    let ctx = v.ctx(&state);
    match state.portal.link_documents(&link).await {
        Ok((project_title, docs)) => SharedPage {
            docs: crate::html::documents::document_rows(&ctx, &docs),
            ctx,
            project_title,
        }
        .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn shared_file(
    State(state): State<AppState>,
    v: Visitor,
    headers: axum::http::HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let link = match current_link(&state, &v, &headers).await {
        Ok(l) => l,
        Err(res) => return res,
    };
    let ctx = v.ctx(&state);
    let Ok(id) = id.parse::<VersionId>() else {
        return not_found(ctx);
    };
    match state.portal.link_download(&link, &v.client, id).await {
        Ok((version, data)) => crate::html::documents::file_response(&version, data, false),
        Err(e) => fail(ctx, e),
    }
}
