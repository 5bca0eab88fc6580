//! The provider's flow types: the list, and a new one made from a template.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use guichet_core::CoreError;
use guichet_core::access::{Action, may};
use guichet_core::flow_templates::{TEMPLATES, template};
use guichet_core::flows::FlowEditError;
use guichet_domain::FlowId;
use serde::Deserialize;

use super::problem_text;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, Signed};
use crate::page::PageCtx;

pub struct FlowRow {
    pub id: FlowId,
    pub name: String,
    pub public: String,
    pub steps: usize,
    pub projects: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flows.html")]
struct ListPage {
    ctx: PageCtx,
    flows: Vec<FlowRow>,
    can_manage: bool,
    templates: Vec<(&'static str, String)>,
    error: String,
    name: String,
}

/// The list, with the creation form (`error`: why the last one was refused, `name` as typed).
async fn list_page(state: &AppState, s: &Signed, error: String, name: String) -> PageResult {
    let ctx = s.v.ctx(state).with_nav("flows");
    let flows = state.portal.flow_types(&s.user).await.in_page(&ctx)?;
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        ListPage {
            flows: flows
                .into_iter()
                .map(|(f, n)| FlowRow {
                    id: f.id,
                    public: f.public.name.get(ctx.locale).to_string(),
                    steps: f.def.steps().count(),
                    name: f.name,
                    projects: n,
                })
                .collect(),
            can_manage: may(&s.user, Action::ManageFlows),
            templates: TEMPLATES
                .iter()
                .map(|c| (*c, ctx.t(&format!("flow-template-{c}"))))
                .collect(),
            error,
            name,
            ctx,
        },
    )
        .into_response())
}

pub(super) async fn list(State(state): State<AppState>, s: Signed) -> PageResult {
    list_page(&state, &s, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub(super) struct CreateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    template: String,
}

pub(super) async fn create(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(f): CsrfForm<CreateForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let Some((default_name, public, def)) = template(&f.template) else {
        return list_page(&state, &s, ctx.t("flow-template-choose"), f.name).await;
    };
    let name = if f.name.trim().is_empty() {
        default_name
    } else {
        f.name.clone()
    };
    let refused = match state
        .portal
        .create_flow(&s.user, &s.v.client, &name, public, def)
        .await
    {
        Ok(flow) => {
            return Ok(
                Redirect::to(&format!("/staff/flows/{}?done=created", flow.id)).into_response(),
            );
        }
        Err(FlowEditError::Core(CoreError::Invalid(e))) => ctx.t(e
            .0
            .first()
            .map(|x| x.message_key)
            .unwrap_or("error-invalid")),
        Err(FlowEditError::Invalid(p)) => p
            .iter()
            .map(|p| problem_text(&ctx, p))
            .collect::<Vec<_>>()
            .join(" "),
        Err(FlowEditError::Core(e)) => return Err(ctx.refuse(e)),
        Err(FlowEditError::NeedsDestination(_) | FlowEditError::Change(_)) => {
            return Err(ctx.refuse(CoreError::Conflict));
        }
    };
    list_page(&state, &s, refused, f.name).await
}
