//! "View the documents" links: staff create, list and revoke them on a project; visitors open
//! them (a page with one button, so mail scanners spend nothing) and browse what they open.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::links::{LinkAccess, NewLink, link_access};
use guichet_domain::{DocumentId, LinkId, ProjectId, ShareLink, VersionId};
use serde::Deserialize;

use crate::AppState;
use crate::cookies;
use crate::error::{InPage, PageResult, fail};
use crate::extract::{CsrfForm, IdPath, Signed, Visitor};
use crate::page::PageCtx;

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
                .map(|m| ctx.ago(m))
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
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(form): CsrfForm<CreateForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    let document = if form.document.trim().is_empty() {
        None
    } else {
        Some(
            form.document
                .parse::<DocumentId>()
                .map_err(|_| ctx.not_found())?,
        )
    };
    let days = form.days.trim().parse::<i64>().unwrap_or(-1);
    let (link, token) = state
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
        .in_page(&ctx)?;
    Ok(CreatedPage {
        sent_to: form.email.trim().to_string(),
        url: format!("{}/l/{token}", s.v.tenant.base_url.trim_end_matches('/')),
        label: link.label.clone(),
        expires: ctx.when(link.expires_at),
        back: format!("/staff/projects/{project}"),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
struct Empty {}

async fn revoke(
    State(state): State<AppState>,
    s: Signed,
    IdPath((project, link)): IdPath<(ProjectId, LinkId)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("projects");
    state
        .portal
        .revoke_link(&s.user, &s.v.client, project, link)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/projects/{project}?done=revoked")).into_response())
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
async fn landing(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> PageResult {
    let ctx = v.ctx(&state);
    let link = state
        .portal
        .link_for(&v.tenant, &v.client, &token)
        .await
        .in_page(&ctx)?;
    let here = format!("/l/{token}");
    let sign_in_href = match link_access(&link, v.signed.as_deref()) {
        LinkAccess::Open => String::new(),
        LinkAccess::SignIn => format!("/sign-in?next={}", crate::html::auth::encode_next(&here)),
        LinkAccess::Refused => return Err(ctx.refuse(CoreError::Forbidden)),
    };
    Ok(LandingPage {
        ctx,
        action: here,
        sign_in_href,
    }
    .into_response())
}

async fn open(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    let ctx = v.ctx(&state);
    match state
        .portal
        .open_link(&v.tenant, &v.client, &token, v.signed.as_deref())
        .await
    {
        Ok(link) => {
            let secs = (link.expires_at.0 - guichet_domain::Millis::now().0) / 1000;
            let mut res = Redirect::to("/shared").into_response();
            cookies::set(&mut res, cookies::share(v.is_secure(), &token, secs.max(0)));
            Ok(res)
        }
        Err(CoreError::Unauthenticated) => Ok(Redirect::to(&format!(
            "/sign-in?next={}",
            crate::html::auth::encode_next(&format!("/l/{token}"))
        ))
        .into_response()),
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// The link behind the visitor's share cookie, checked on every request (so a revoked link
/// closes at once); when it no longer works, the answer says why and the cookie goes too.
struct SharedLink(ShareLink);

impl FromRequestParts<AppState> for SharedLink {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let v = Visitor::from_request_parts(parts, state).await?;
        let token = cookies::value(&parts.headers, cookies::SHARE).unwrap_or_default();
        let found = match state.portal.link_for(&v.tenant, &v.client, &token).await {
            // A link for signed-in contacts stops working for whoever signs out or is not one.
            Ok(l) if link_access(&l, v.signed.as_deref()) != LinkAccess::Open => {
                Err(CoreError::Forbidden)
            }
            other => other,
        };
        found.map(SharedLink).map_err(|e| {
            let mut res = fail(v.ctx(state), e);
            cookies::set(&mut res, cookies::share(v.is_secure(), "", 0));
            res
        })
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
    SharedLink(link): SharedLink,
) -> PageResult {
    let ctx = v.ctx(&state);
    let (project_title, docs) = state.portal.link_documents(&link).await.in_page(&ctx)?;
    Ok(SharedPage {
        docs: crate::html::documents::document_rows(&ctx, &docs),
        ctx,
        project_title,
    }
    .into_response())
}

async fn shared_file(
    State(state): State<AppState>,
    v: Visitor,
    SharedLink(link): SharedLink,
    IdPath(id): IdPath<VersionId>,
) -> PageResult {
    let ctx = v.ctx(&state);
    let (version, data) = state
        .portal
        .link_download(&link, &v.client, id)
        .await
        .in_page(&ctx)?;
    Ok(crate::html::documents::file_response(&version, data, false))
}
