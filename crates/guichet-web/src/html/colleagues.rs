//! Colleagues (contacts of the same customer account): the list, and for company
//! administrators, inviting and deactivating colleagues and the account's activity.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::accounts::ContactInput;
use guichet_core::colleagues::{ColleaguesView, CompanyEventKind};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::UserId;
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::company::{field_key, status_key};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/colleagues", get(list).post(invite))
        .route("/portal/colleagues/new", get(new))
        .route("/portal/colleagues/{id}/deactivate", post(deactivate))
        .route("/portal/colleagues/{id}/activate", post(activate))
}

pub struct Row {
    pub id: UserId,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_name: String,
    pub active: bool,
    pub status_key: &'static str,
    pub status_class: &'static str,
    pub invited_by: Option<String>,
    pub is_self: bool,
}

pub struct Event {
    pub when: String,
    pub text: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "colleagues.html")]
struct ListPage {
    ctx: PageCtx,
    company_name: String,
    rows: Vec<Row>,
    can_manage: bool,
    show_email: bool,
    show_phone: bool,
    events: Vec<Event>,
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
struct Notice {
    #[serde(default)]
    done: String,
}

fn rows(view: ColleaguesView) -> Vec<Row> {
    view.colleagues
        .into_iter()
        .map(|c| {
            let (status_key, status_class) = super::contact_status(c.active, !c.pending);
            Row {
                id: c.id,
                name: c.name,
                email: c.email,
                phone: c.phone,
                role_name: c.role_name,
                active: c.active,
                status_key,
                status_class,
                invited_by: c.invited_by,
                is_self: c.is_self,
            }
        })
        .collect()
}

/// One line of the account's activity, in the reader's words.
fn event_text(ctx: &PageCtx, kind: CompanyEventKind) -> String {
    match kind {
        CompanyEventKind::Joined { who, by: Some(by) } => ctx.catalogs.t_with(
            ctx.locale,
            "activity-joined-by",
            &[("who", who.as_str()), ("by", by.as_str())],
        ),
        CompanyEventKind::Joined { who, by: None } => ctx.t1("activity-joined", "who", &who),
        CompanyEventKind::Changed { by, field, status } => ctx.catalogs.t_with(
            ctx.locale,
            "activity-changed",
            &[
                ("by", by.as_str()),
                ("field", ctx.t(&field_key(field)).as_str()),
                ("status", ctx.t(status_key(status)).as_str()),
            ],
        ),
    }
}

async fn list(State(state): State<AppState>, s: Signed, Query(n): Query<Notice>) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("colleagues");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let view = state
        .portal
        .colleagues(&s.actor, account)
        .await
        .in_page(&ctx)?;
    let events = if view.can_manage {
        state
            .portal
            .company_activity(&s.actor, account)
            .await
            .in_page(&ctx)?
            .into_iter()
            .map(|e| Event {
                when: ctx.when(e.at),
                text: event_text(&ctx, e.kind),
            })
            .collect()
    } else {
        Vec::new()
    };
    let show_email = view.colleagues.iter().any(|c| c.email.is_some());
    let show_phone = view.colleagues.iter().any(|c| c.phone.is_some());
    Ok(ListPage {
        company_name: account.customer.name.clone(),
        can_manage: view.can_manage,
        rows: rows(view),
        show_email,
        show_phone,
        events,
        notice: match n.done.as_str() {
            "invited" => Some("notice-invited"),
            "deactivated" => Some("notice-deactivated"),
            "activated" => Some("notice-activated"),
            _ => None,
        },
        ctx,
    }
    .into_response())
}

#[derive(Deserialize, Default, Clone)]
struct InviteForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    locale: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "colleague_form.html")]
struct FormPage {
    ctx: PageCtx,
    roles: Vec<(String, String)>,
    form: InviteForm,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    form: InviteForm,
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let v = state
        .portal
        .colleagues(&s.actor, account)
        .await
        .in_page(&ctx)?;
    if !v.can_manage {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    Ok((
        status,
        FormPage {
            ctx,
            roles: v
                .grantable
                .into_iter()
                .map(|(id, name)| (id.to_string(), name))
                .collect(),
            form,
            errors,
        },
    )
        .into_response())
}

async fn new(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("colleagues");
    let form = InviteForm {
        locale: s.v.locale.code().into(),
        ..Default::default()
    };
    form_page(
        &state,
        &s,
        ctx,
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn invite(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("colleagues");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let input = ContactInput {
        role: form.role.clone(),
        name: form.name.clone(),
        email: form.email.clone(),
        phone: form.phone.clone(),
        locale: form.locale.clone(),
    };
    let invited = state
        .portal
        .invite_colleague(&s.actor, account, &s.v.tenant, &s.v.client, &input)
        .await
        .or_form(&ctx)?;
    match invited {
        Ok(_) => Ok(Redirect::to("/portal/colleagues?done=invited").into_response()),
        Err(errors) => {
            form_page(
                &state,
                &s,
                ctx,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn set_active(state: AppState, s: Signed, id: UserId, active: bool) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("colleagues");
    let account = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    state
        .portal
        .set_colleague_active(&s.actor, account, &s.v.client, id, active)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to(&format!(
        "/portal/colleagues?done={}",
        if active { "activated" } else { "deactivated" }
    ))
    .into_response())
}

async fn deactivate(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    set_active(state, s, id, false).await
}

async fn activate(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<UserId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> PageResult {
    set_active(state, s, id, true).await
}
