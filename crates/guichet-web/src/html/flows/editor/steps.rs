//! One step of a flow: its page (what it shows, asks and leads to), added, saved, removed.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use guichet_core::CoreError;
use guichet_domain::*;
use serde::Deserialize;

use super::super::{revision, step_choices};
use super::{Refused, change, editable, reasons, saved};
use crate::AppState;
use crate::error::PageResult;
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

#[derive(Template, WebTemplate)]
#[template(path = "staff_flow_step.html")]
struct StepPage {
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
    text_fr: String,
    text_en: String,
    page: &'static str,
    pages: Vec<(&'static str, String)>,
    terms: String,
    terms_choices: Vec<(String, String)>,
    notify_customer: bool,
    notify_staff: bool,
    /// (field key, label, use code: "", "required", "optional", "read_only")
    fields: Vec<(String, String, &'static str)>,
    /// (action code, label, target key)
    transitions: Vec<(&'static str, String, String)>,
    /// (key, "Status › step")
    steps: Vec<(String, String)>,
    projects: i64,
    problems: Vec<String>,
}

fn use_code(u: Option<FieldUse>) -> &'static str {
    match u {
        Some(FieldUse::Required) => "required",
        Some(FieldUse::Optional) => "optional",
        Some(FieldUse::ReadOnly) => "read_only",
        None => "",
    }
}

fn step_page_of(
    ctx: PageCtx,
    f: &FlowType,
    step: &SubStatus,
    projects: i64,
    problems: Vec<String>,
) -> StepPage {
    let l = ctx.locale;
    StepPage {
        flow_id: f.id,
        flow_name: f.name.clone(),
        revision: f.revision,
        key: step.key.clone(),
        internal: step.internal.clone(),
        name_fr: step.public.name.fr.clone(),
        name_en: step.public.name.en.clone(),
        description_fr: step.public.description.fr.clone(),
        description_en: step.public.description.en.clone(),
        text_fr: step.text.fr.clone(),
        text_en: step.text.en.clone(),
        page: step.page.code(),
        pages: PageKind::ALL
            .iter()
            .map(|p| (p.code(), ctx.t(&format!("flow-page-{}", p.code()))))
            .collect(),
        terms: step.terms.clone().unwrap_or_default(),
        terms_choices: f
            .def
            .terms
            .iter()
            .map(|t| {
                (
                    t.key.clone(),
                    t.current()
                        .map(|v| v.title.get(l).to_string())
                        .unwrap_or_default(),
                )
            })
            .collect(),
        notify_customer: step.notify_customer,
        notify_staff: step.notify_staff,
        fields: f
            .def
            .fields
            .iter()
            .map(|d| {
                (
                    d.key.clone(),
                    d.label.get(l).to_string(),
                    use_code(step.usage(&d.key)),
                )
            })
            .collect(),
        transitions: FlowAction::ALL
            .iter()
            .map(|a| {
                (
                    a.code(),
                    ctx.t(&format!("flow-action-{}", a.code())),
                    step.transition(*a).unwrap_or_default().to_string(),
                )
            })
            .collect(),
        steps: step_choices(&f.def),
        projects,
        problems,
        ctx,
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, usage) = editable(&state, &s, &ctx, id).await?;
    let Some((_, step)) = f.def.step(&key) else {
        return Err(ctx.not_found());
    };
    let n = usage.get(&key).copied().unwrap_or(0);
    let step = step.clone();
    Ok(step_page_of(ctx, &f, &step, n, vec![]).into_response())
}

type Pairs = Vec<(String, String)>;

fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// The sub-status as the step form describes it (`use.<field>` and `to.<action>` say how
/// its page shows each field and where each action leads); `None`: a page it does not offer.
fn step_from(form: &Pairs, key: &str) -> Option<SubStatus> {
    let text = |fr: &str, en: &str| Texts::new(field(form, fr).trim(), field(form, en).trim());
    let page = PageKind::parse(field(form, "page"))?;
    let mut fields = Vec::new();
    let mut transitions = BTreeMap::new();
    for (k, v) in form {
        if let Some(field) = k.strip_prefix("use.") {
            let usage = match v.as_str() {
                "required" => FieldUse::Required,
                "optional" => FieldUse::Optional,
                "read_only" => FieldUse::ReadOnly,
                _ => continue,
            };
            fields.push(PageField {
                field: field.to_string(),
                usage,
            });
        } else if let Some(action) = k.strip_prefix("to.")
            && !v.is_empty()
        {
            transitions.insert(action.to_string(), v.clone());
        }
    }
    let terms = match field(form, "terms") {
        "" => None,
        t => Some(t.to_string()),
    };
    Some(SubStatus {
        key: key.to_string(),
        internal: field(form, "internal").trim().to_string(),
        public: Public {
            name: text("name_fr", "name_en"),
            description: text("description_fr", "description_en"),
        },
        page,
        text: text("text_fr", "text_en"),
        fields,
        terms,
        transitions,
        notify_staff: field(form, "notify_staff") == "on",
        notify_customer: field(form, "notify_customer") == "on",
    })
}

pub(super) async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, usage) = editable(&state, &s, &ctx, id).await?;
    if f.def.step(&key).is_none() {
        return Err(ctx.not_found());
    }
    let Some(step) = step_from(&form, &key) else {
        return Err(ctx.refuse(CoreError::field("page", "error-invalid")));
    };
    let revision = revision(field(&form, "revision"));
    let edit = FlowChange::SaveStep(step.clone());
    match change(&state, &s, &ctx, id, revision, BTreeMap::new(), edit).await {
        Ok(_) => Ok(saved(id).into_response()),
        Err(Refused(ctx, e)) => {
            let (status, problems) = reasons(&ctx, e);
            let n = usage.get(&key).copied().unwrap_or(0);
            let mut page = step_page_of(ctx, &f, &step, n, problems);
            page.revision = revision;
            Ok((status, page).into_response())
        }
    }
}

#[derive(Deserialize)]
pub(super) struct AddStepForm {
    #[serde(default)]
    internal: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    revision: String,
}

pub(super) async fn add(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(form): CsrfForm<AddStepForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let edit = FlowChange::AddStep {
        status: form.status,
        internal: form.internal,
    };
    let rev = revision(&form.revision);
    let key = change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    let key = key.unwrap_or_default();
    Ok(Redirect::to(&format!("/staff/flows/{id}/steps/{key}")))
}

#[derive(Deserialize)]
pub(super) struct RemoveStepForm {
    #[serde(default)]
    revision: String,
    /// Where the projects standing at the step go.
    #[serde(default)]
    to: String,
}

pub(super) async fn remove(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
    CsrfForm(form): CsrfForm<RemoveStepForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let mut moves = BTreeMap::new();
    if !form.to.is_empty() {
        moves.insert(key.clone(), form.to);
    }
    let rev = revision(&form.revision);
    change(
        &state,
        &s,
        &ctx,
        id,
        rev,
        moves,
        FlowChange::RemoveStep(key),
    )
    .await?;
    Ok(saved(id))
}
