//! Forms to shape a flow without writing its definition: edit, add or remove a step (a removed
//! step that projects stand at sends them where staff choose), add a field, add or change
//! terms. Each saves the whole definition through the same checked, revisioned edit as the
//! JSON form.
use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichet_core::CoreError;
use guichet_core::access::{Action, may};
use guichet_core::flows::{FlowEdit, FlowEditError};
use guichet_domain::*;

use crate::AppState;
use crate::error::{fail, not_found};
use crate::form::CsrfForm;
use crate::html::flow_staff::problem_text;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/flows/{id}/steps", post(add_step))
        .route(
            "/staff/flows/{id}/steps/{key}",
            get(step_page).post(save_step),
        )
        .route("/staff/flows/{id}/steps/{key}/remove", post(remove_step))
        .route("/staff/flows/{id}/fields", post(add_field))
        .route("/staff/flows/{id}/statuses", post(add_status))
        .route(
            "/staff/flows/{id}/statuses/{key}",
            get(status_page).post(save_status),
        )
        .route(
            "/staff/flows/{id}/statuses/{key}/remove",
            post(remove_status),
        )
        .route("/staff/flows/{id}/order", post(reorder))
        .route("/staff/flows/{id}/terms", post(add_terms))
        .route(
            "/staff/flows/{id}/terms/{key}",
            get(terms_page).post(save_terms),
        )
}

type Pairs = Vec<(String, String)>;

fn field<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// Why a change was not saved: the translated reasons and the status to answer with.
struct Refused(StatusCode, Vec<String>);

/// Applies `change` to the flow's definition as it stood at `revision` and saves it.
async fn apply(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    id: FlowId,
    revision: i64,
    moves: BTreeMap<String, String>,
    change: impl FnOnce(&mut FlowDef) -> Result<(), String>,
) -> Result<(), Refused> {
    let (flow, _) = state
        .portal
        .flow_type(&s.user, id)
        .await
        .map_err(|e| core_refusal(ctx, e))?;
    let mut def = flow.def.clone();
    change(&mut def).map_err(|m| Refused(StatusCode::UNPROCESSABLE_ENTITY, vec![m]))?;
    let edit = FlowEdit {
        name: flow.name.clone(),
        public: flow.public.clone(),
        def,
        revision,
        moves,
    };
    match state
        .portal
        .update_flow(&s.user, &s.v.client, id, edit)
        .await
    {
        Ok(_) => Ok(()),
        Err(FlowEditError::Invalid(p)) => Err(Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            p.iter().map(|p| problem_text(ctx, p)).collect(),
        )),
        Err(FlowEditError::NeedsDestination(needs)) => Err(Refused(
            StatusCode::CONFLICT,
            needs
                .iter()
                .map(|(_, name, n)| {
                    ctx.catalogs.t_with(
                        ctx.locale,
                        "flow-step-in-use",
                        &[("step", name), ("count", &n.to_string())],
                    )
                })
                .collect(),
        )),
        Err(FlowEditError::Core(e)) => Err(core_refusal(ctx, e)),
    }
}

fn core_refusal(ctx: &PageCtx, e: CoreError) -> Refused {
    match e {
        CoreError::Conflict => Refused(StatusCode::CONFLICT, vec![ctx.t("error-conflict")]),
        CoreError::Forbidden => Refused(StatusCode::FORBIDDEN, vec![ctx.t("error-forbidden")]),
        CoreError::NotFound => Refused(StatusCode::NOT_FOUND, vec![ctx.t("error-not-found")]),
        CoreError::Invalid(errs) => Refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            errs.0.iter().map(|x| ctx.t(x.message_key)).collect(),
        ),
        other => Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![{
                tracing::error!(cause = %other, "flow edit");
                ctx.t("error-internal")
            }],
        ),
    }
}

fn parse_ids(id: &str) -> Option<FlowId> {
    id.parse().ok()
}

/// The flow for an editor page, refused to staff without the right.
async fn editable(
    state: &AppState,
    s: &Signed,
    id: FlowId,
) -> Result<(FlowType, BTreeMap<String, i64>), CoreError> {
    if !may(&s.user, Action::ManageFlows) {
        return Err(CoreError::Forbidden);
    }
    state.portal.flow_type(&s.user, id).await
}

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
        steps: f
            .def
            .steps()
            .map(|(st, x)| (x.key.clone(), format!("{} › {}", st.internal, x.internal)))
            .collect(),
        projects,
        problems,
        ctx,
    }
}

async fn step_page(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let (f, usage) = match editable(&state, &s, id).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let Some((_, step)) = f.def.step(&key) else {
        return not_found(ctx);
    };
    let n = usage.get(&key).copied().unwrap_or(0);
    let step = step.clone();
    step_page_of(ctx, &f, &step, n, vec![]).into_response()
}

/// The sub-status as the form describes it.
fn step_from(form: &Pairs, old: &SubStatus) -> Result<SubStatus, ()> {
    let text = |fr: &str, en: &str| Texts::new(field(form, fr).trim(), field(form, en).trim());
    let page = PageKind::parse(field(form, "page")).ok_or(())?;
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
    Ok(SubStatus {
        key: old.key.clone(),
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

async fn save_step(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let (f, usage) = match editable(&state, &s, id).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let Some((_, old)) = f.def.step(&key).map(|(a, b)| (a.clone(), b.clone())) else {
        return not_found(ctx);
    };
    let Ok(step) = step_from(&form, &old) else {
        return fail(ctx, CoreError::field("page", "error-invalid"));
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let internal_empty = step.internal.is_empty();
    let edited = step.clone();
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if internal_empty {
            return Err(ctx.t("flow-step-internal-required"));
        }
        match def.step_mut(&key) {
            Some(x) => {
                *x = edited;
                Ok(())
            }
            None => Err(ctx.t("error-not-found")),
        }
    })
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("/staff/flows/{id}?done=saved")).into_response(),
        Err(Refused(status, problems)) => {
            let n = usage.get(&key).copied().unwrap_or(0);
            let mut page = step_page_of(ctx, &f, &step, n, problems);
            page.revision = revision;
            (status, page).into_response()
        }
    }
}

async fn add_step(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let internal = field(&form, "internal").trim().to_string();
    let status = field(&form, "status").to_string();
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let mut key = String::new();
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if internal.is_empty() {
            return Err(ctx.t("flow-step-internal-required"));
        }
        key = def.new_key(&internal);
        let st = def
            .statuses
            .iter_mut()
            .find(|x| x.key == status)
            .ok_or_else(|| ctx.t("error-invalid"))?;
        st.steps.push(SubStatus {
            key: key.clone(),
            internal: internal.clone(),
            public: Public {
                name: Texts::new(&internal, ""),
                description: Texts::default(),
            },
            ..Default::default()
        });
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}/steps/{key}"))
}

/// Where to go after a change made from the flow page: on, or back with the reasons.
fn after(ctx: PageCtx, result: Result<(), Refused>, next: String) -> Response {
    match result {
        Ok(()) => Redirect::to(&next).into_response(),
        Err(Refused(status, problems)) => (
            status,
            crate::error::ErrorPage {
                detail: problems.join(" "),
                show_sign_in: false,
                title_key: "error-invalid-title",
                message_key: "flow-change-refused",
                ctx,
            },
        )
            .into_response(),
    }
}

async fn remove_step(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let mut moves = BTreeMap::new();
    if !field(&form, "to").is_empty() {
        moves.insert(key.clone(), field(&form, "to").to_string());
    }
    let result = apply(&state, &s, &ctx, id, revision, moves, |def| {
        def.remove_step(&key)
            .map(|_| ())
            .ok_or_else(|| ctx.t("error-not-found"))
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

async fn add_field(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let label = Texts::new(
        field(&form, "label_fr").trim(),
        field(&form, "label_en").trim(),
    );
    let kind = FieldKind::ALL
        .into_iter()
        .find(|k| k.code() == field(&form, "kind"));
    // One choice per line: "Libellé | Label".
    let choices: Vec<(String, String)> = field(&form, "choices")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('|') {
            Some((fr, en)) => (fr.trim().to_string(), en.trim().to_string()),
            None => (l.to_string(), l.to_string()),
        })
        .collect();
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        let kind = kind.ok_or_else(|| ctx.t("error-invalid"))?;
        if label.fr.is_empty() && label.en.is_empty() {
            return Err(ctx.t("flow-field-label-required"));
        }
        let key = def.new_key(if label.en.is_empty() {
            &label.fr
        } else {
            &label.en
        });
        let mut made = Vec::new();
        for (fr, en) in &choices {
            let mut k = key_of(if en.is_empty() { fr } else { en });
            while made.iter().any(|c: &Choice| c.key == k) {
                k.push('_');
            }
            made.push(Choice {
                key: k,
                label: Texts::new(fr, en),
            });
        }
        def.fields.push(FieldDef {
            key,
            kind,
            label: label.clone(),
            help: Texts::new(
                field(&form, "help_fr").trim(),
                field(&form, "help_en").trim(),
            ),
            choices: made,
        });
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

fn key_of(text: &str) -> String {
    FlowDef::default().new_key(text)
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_flow_terms.html")]
struct TermsPage {
    ctx: PageCtx,
    flow_id: FlowId,
    flow_name: String,
    revision: i64,
    key: String,
    title_fr: String,
    title_en: String,
    text_fr: String,
    text_en: String,
    /// (version, published)
    versions: Vec<(i64, String)>,
}

async fn terms_page(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let (f, _) = match editable(&state, &s, id).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let Some(t) = f.def.terms(&key) else {
        return not_found(ctx);
    };
    let cur = t.current().cloned();
    TermsPage {
        flow_id: f.id,
        flow_name: f.name.clone(),
        revision: f.revision,
        key: t.key.clone(),
        title_fr: cur.as_ref().map(|v| v.title.fr.clone()).unwrap_or_default(),
        title_en: cur.as_ref().map(|v| v.title.en.clone()).unwrap_or_default(),
        text_fr: cur.as_ref().map(|v| v.text.fr.clone()).unwrap_or_default(),
        text_en: cur.as_ref().map(|v| v.text.en.clone()).unwrap_or_default(),
        versions: t
            .versions
            .iter()
            .rev()
            .map(|v| (v.version, ctx.when(v.published_at)))
            .collect(),
        ctx,
    }
    .into_response()
}

fn terms_version(form: &Pairs) -> TermsVersion {
    TermsVersion {
        version: 0,
        title: Texts::new(
            field(form, "title_fr").trim(),
            field(form, "title_en").trim(),
        ),
        text: Texts::new(field(form, "text_fr").trim(), field(form, "text_en").trim()),
        published_at: Millis(0),
    }
}

async fn save_terms(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let v = terms_version(&form);
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if v.text.fr.is_empty() && v.text.en.is_empty() {
            return Err(ctx.t("flow-terms-text-required"));
        }
        let t = def
            .terms
            .iter_mut()
            .find(|t| t.key == key)
            .ok_or_else(|| ctx.t("error-not-found"))?;
        // The last version is replaced by the edited text; saving publishes it as a new
        // version and keeps every earlier one (`FlowDef::version_terms`).
        match t.versions.last_mut() {
            Some(last) => *last = v.clone(),
            None => t.versions.push(v.clone()),
        }
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

async fn add_terms(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let v = terms_version(&form);
    let mut key = String::new();
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if v.text.fr.is_empty() && v.text.en.is_empty() {
            return Err(ctx.t("flow-terms-text-required"));
        }
        key = def.new_key(if v.title.en.is_empty() {
            &v.title.fr
        } else {
            &v.title.en
        });
        def.terms.push(TermsDef {
            key: key.clone(),
            versions: vec![v.clone()],
        });
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

async fn add_status(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let internal = field(&form, "internal").trim().to_string();
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let mut key = String::new();
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if internal.is_empty() {
            return Err(ctx.t("flow-status-internal-required"));
        }
        key = def.new_key(&internal);
        def.statuses.push(FlowStatus {
            key: key.clone(),
            internal: internal.clone(),
            public: Public {
                name: Texts::new(&internal, ""),
                description: Texts::default(),
            },
            steps: vec![],
        });
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}/statuses/{key}"))
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

async fn status_page(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let (f, _) = match editable(&state, &s, id).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let Some(st) = f.def.statuses.iter().find(|x| x.key == key) else {
        return not_found(ctx);
    };
    StatusPage {
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
    .into_response()
}

async fn save_status(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let internal = field(&form, "internal").trim().to_string();
    let public = Public {
        name: Texts::new(
            field(&form, "name_fr").trim(),
            field(&form, "name_en").trim(),
        ),
        description: Texts::new(
            field(&form, "description_fr").trim(),
            field(&form, "description_en").trim(),
        ),
    };
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        if internal.is_empty() {
            return Err(ctx.t("flow-status-internal-required"));
        }
        let st = def
            .statuses
            .iter_mut()
            .find(|x| x.key == key)
            .ok_or_else(|| ctx.t("error-not-found"))?;
        st.internal = internal.clone();
        st.public = public.clone();
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

async fn remove_status(
    State(state): State<AppState>,
    s: Signed,
    Path((id, key)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        let i = def
            .statuses
            .iter()
            .position(|x| x.key == key)
            .ok_or_else(|| ctx.t("error-not-found"))?;
        if !def.statuses[i].steps.is_empty() {
            return Err(ctx.t("flow-status-not-empty"));
        }
        def.statuses.remove(i);
        Ok(())
    })
    .await;
    after(ctx, result, format!("/staff/flows/{id}?done=saved"))
}

/// Moves a step or a status one place up or down (`what`: "step" or "status").
async fn reorder(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<Pairs>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let Some(id) = parse_ids(&id) else {
        return not_found(ctx);
    };
    let revision = field(&form, "revision").parse().unwrap_or(0);
    let key = field(&form, "key").to_string();
    let up = field(&form, "dir") == "up";
    let step = field(&form, "what") == "step";
    let result = apply(&state, &s, &ctx, id, revision, BTreeMap::new(), |def| {
        let moved = if step {
            def.move_step(&key, up)
        } else {
            def.move_status(&key, up)
        };
        if moved {
            Ok(())
        } else {
            Err(ctx.t("flow-cannot-move"))
        }
    })
    .await;
    let anchor = if step { "step" } else { "status" };
    after(
        ctx,
        result,
        format!("/staff/flows/{id}?done=saved#{anchor}-{key}"),
    )
}
