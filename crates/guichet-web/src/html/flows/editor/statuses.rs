//! A flow's statuses (its stages as customers see them), and the order of statuses and steps.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use guichet_domain::*;
use serde::Deserialize;

use super::super::revision;
use super::{Refused, change, editable, saved};
use crate::AppState;
use crate::error::PageResult;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

#[derive(Deserialize)]
pub(super) struct AddStatusForm {
    #[serde(default)]
    internal: String,
    #[serde(default)]
    revision: String,
}

pub(super) async fn add(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(form): CsrfForm<AddStatusForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let edit = FlowChange::AddStatus {
        internal: form.internal,
    };
    let rev = revision(&form.revision);
    let key = change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    let key = key.unwrap_or_default();
    Ok(Redirect::to(&format!("/staff/flows/{id}/statuses/{key}")))
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flow_status.html")]
struct StatusPage {
    ctx: PageCtx,
    flow_id: FlowId,
    flow_name: String,
    revision: i64,
    key: String,
    internal: String,
    name_fr: String,
    name_en: String,
    description_fr: String,
    description_en: String,
    steps: usize,
}

pub(super) async fn page(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, _) = editable(&state, &s, &ctx, id).await?;
    let Some(st) = f.def.statuses.iter().find(|x| x.key == key) else {
        return Err(ctx.not_found());
    };
    Ok(StatusPage {
        flow_id: f.id,
        flow_name: f.name.clone(),
        revision: f.revision,
        key: st.key.clone(),
        internal: st.internal.clone(),
        name_fr: st.public.name.fr.clone(),
        name_en: st.public.name.en.clone(),
        description_fr: st.public.description.fr.clone(),
        description_en: st.public.description.en.clone(),
        steps: st.steps.len(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
pub(super) struct StatusForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    internal: String,
    #[serde(default)]
    name_fr: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    description_fr: String,
    #[serde(default)]
    description_en: String,
}

pub(super) async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
    CsrfForm(form): CsrfForm<StatusForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let edit = FlowChange::SaveStatus {
        key,
        internal: form.internal,
        public: Public {
            name: Texts::new(form.name_fr.trim(), form.name_en.trim()),
            description: Texts::new(form.description_fr.trim(), form.description_en.trim()),
        },
    };
    let rev = revision(&form.revision);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(saved(id))
}

#[derive(Deserialize)]
pub(super) struct RevisionForm {
    #[serde(default)]
    revision: String,
}

pub(super) async fn remove(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
    CsrfForm(form): CsrfForm<RevisionForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let rev = revision(&form.revision);
    let edit = FlowChange::RemoveStatus(key);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(saved(id))
}

#[derive(Deserialize)]
pub(super) struct OrderForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    key: String,
    /// "up" or down.
    #[serde(default)]
    dir: String,
    /// "step" or status.
    #[serde(default)]
    what: String,
}

/// Moves a step or a status one place up or down.
pub(super) async fn reorder(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(form): CsrfForm<OrderForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let up = form.dir == "up";
    let (anchor, edit) = if form.what == "step" {
        let key = form.key.clone();
        ("step", FlowChange::MoveStep { key, up })
    } else {
        let key = form.key.clone();
        ("status", FlowChange::MoveStatus { key, up })
    };
    let rev = revision(&form.revision);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(Redirect::to(&format!(
        "/staff/flows/{id}?done=saved#{anchor}-{}",
        form.key
    )))
}
