//! A customer's project flow: the progress view and the page of the current step on the
//! project page, what they send from it (fields and files, a drawing, an offer answer, terms,
//! a reactivation), and the planned visit as a calendar file.
use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::flows::{DRAWING_DOC, DRAWING_POINTS, FlowInput, FlowView};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::*;
use guichet_store::Account;
use serde::Deserialize;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{fail, not_found, page};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::Signed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/projects/{id}/flow", post(act))
        .route("/portal/projects/{id}/drawing", post(drawing))
        .route("/portal/projects/{id}/visit.ics", get(visit_ics))
}

/// The flow part of a contact's project page.
pub struct FlowPanel {
    pub project: ProjectId,
    pub name: String,
    pub statuses: Vec<StatusRow>,
    pub current: Option<CurrentStep>,
    pub may_act: bool,
    pub revision: i64,
    /// Everything filled in so far: (label, value).
    pub given: Vec<(String, String)>,
    /// Translated error summary when the last send was refused.
    pub has_errors: bool,
}

pub struct StatusRow {
    pub name: String,
    /// "done", "current" or "ahead".
    pub state: &'static str,
    pub steps: Vec<(String, &'static str)>,
}

pub struct CurrentStep {
    pub key: String,
    pub name: String,
    pub description: String,
    pub text: String,
    /// `PageKind::code()`.
    pub page: &'static str,
    pub since: String,
    pub fields: Vec<FieldRow>,
    pub documents: Vec<crate::html::documents::DocumentRow>,
    /// (title, text, version) of the terms to accept here.
    pub terms: Option<(String, String, i64)>,
    pub terms_error: String,
    pub quote_error: String,
    pub points_error: String,
    /// (action code, label, primary).
    pub actions: Vec<(&'static str, String, bool)>,
    pub visit: Option<VisitRow>,
    pub drawing_points: String,
    pub drawing_doc: Option<DocumentId>,
    /// The page has fields to fill in: it may be saved without going on.
    pub can_save: bool,
}

/// The planned visit as the page shows it.
pub struct VisitRow {
    /// Name, email, phone.
    pub technician: Option<(String, String, String)>,
    pub when: String,
    pub note: String,
}

pub struct FieldRow {
    pub key: String,
    pub label: String,
    pub help: String,
    /// `FieldKind::code()`.
    pub kind: &'static str,
    pub required: bool,
    pub read_only: bool,
    pub value: String,
    /// The value as read (a choice's label, yes/no in words).
    pub shown: String,
    pub choices: Vec<(String, String)>,
    pub error: String,
    /// A file given earlier: (document, title).
    pub file: Option<(DocumentId, String)>,
}

/// The catalog key naming a step's state ("done", "current", "ahead") for screen readers.
pub fn state_key(state: &str) -> &'static str {
    match state {
        "done" => "flow-state-done",
        "current" => "flow-state-current",
        _ => "flow-state-ahead",
    }
}

fn shown(ctx: &PageCtx, def: &FieldDef, value: &str) -> String {
    match def.kind {
        FieldKind::YesNo if value == "yes" => ctx.t("flow-yes"),
        FieldKind::YesNo if value == "no" => ctx.t("flow-no"),
        _ => def.shown(value, ctx.locale),
    }
}

/// The panel for a project's flow; `sent`: what the contact just sent and why it was refused.
pub fn panel(
    ctx: &PageCtx,
    v: &FlowView,
    sent: Option<(&BTreeMap<String, String>, &FieldErrors)>,
) -> FlowPanel {
    let l = ctx.locale;
    let def = &v.flow.def;
    let progress = v.state.progress(def);
    let state_of = |key: &str| {
        if progress.current.is_some_and(|c| c.key == key) {
            "current"
        } else if progress.done.iter().any(|s| s.key == key) {
            "done"
        } else {
            "ahead"
        }
    };
    let statuses = def
        .statuses
        .iter()
        .map(|st| {
            // A "finalisation failed" step is only shown once the project went there.
            let steps: Vec<(String, &'static str)> = st
                .steps
                .iter()
                .map(|s| (s, state_of(&s.key)))
                .filter(|(s, state)| s.page != PageKind::Failed || *state != "ahead")
                .map(|(s, state)| (s.public.name.get(l).to_string(), state))
                .collect();
            let state = if steps.iter().any(|(_, s)| *s == "current") {
                "current"
            } else if steps.iter().all(|(_, s)| *s == "done") {
                "done"
            } else {
                "ahead"
            };
            StatusRow {
                name: st.public.name.get(l).to_string(),
                state,
                steps,
            }
        })
        .filter(|st| !st.steps.is_empty())
        .collect();
    let errors = sent.map(|(_, e)| e.clone()).unwrap_or_default();
    let err = |k: &str| errors.get(k).map(|m| ctx.t(m)).unwrap_or_default();
    let file_of = |value: &str| {
        value
            .parse::<DocumentId>()
            .ok()
            .and_then(|id| v.files.get(&id))
            .map(|d| (d.id, d.title.clone()))
    };
    let given = def
        .fields
        .iter()
        .filter_map(|f| {
            let value = v.state.values.get(&f.key)?;
            if value.is_empty() {
                return None;
            }
            let text = match f.kind {
                FieldKind::File => file_of(value).map(|(_, t)| t).unwrap_or_default(),
                _ => shown(ctx, f, value),
            };
            Some((f.label.get(l).to_string(), text))
        })
        .collect();
    let current = progress.current.map(|step| {
        let fields = step
            .fields
            .iter()
            .filter_map(|pf| {
                let f = def.field(&pf.field)?;
                let stored = v.state.values.get(&f.key).cloned().unwrap_or_default();
                let value = sent
                    .and_then(|(s, _)| s.get(&f.key).cloned())
                    .unwrap_or_else(|| match f.kind {
                        FieldKind::Number => f.shown(&stored, l),
                        _ => stored.clone(),
                    });
                Some(FieldRow {
                    key: f.key.clone(),
                    label: f.label.get(l).to_string(),
                    help: f.help.get(l).to_string(),
                    kind: f.kind.code(),
                    required: pf.usage == FieldUse::Required,
                    read_only: pf.usage == FieldUse::ReadOnly || !v.may_act,
                    shown: shown(ctx, f, &value),
                    choices: f
                        .choices
                        .iter()
                        .map(|c| (c.key.clone(), c.label.get(l).to_string()))
                        .collect(),
                    error: err(&f.key),
                    file: if f.kind == FieldKind::File {
                        file_of(&stored)
                    } else {
                        None
                    },
                    value,
                })
            })
            .collect::<Vec<_>>();
        let can_save = fields.iter().any(|f| !f.read_only);
        let mut actions: Vec<(&'static str, String, bool)> = step
            .page
            .actions()
            .iter()
            .filter(|a| step.transition(**a).is_some())
            .map(|a| {
                (
                    a.code(),
                    ctx.t(&format!("flow-do-{}", a.code())),
                    *a != FlowAction::OfferRefused,
                )
            })
            .collect();
        if step.transition(FlowAction::TermsAccepted).is_some() {
            actions.push((
                FlowAction::TermsAccepted.code(),
                ctx.t("flow-do-terms_accepted"),
                true,
            ));
        }
        CurrentStep {
            key: step.key.clone(),
            name: step.public.name.get(l).to_string(),
            description: step.public.description.get(l).to_string(),
            text: step.text.get(l).to_string(),
            page: step.page.code(),
            since: ctx.when(v.state.entered_at),
            documents: crate::html::documents::document_rows(ctx, &v.documents),
            terms: v.terms.as_ref().map(|t| {
                (
                    t.title.get(l).to_string(),
                    t.text.get(l).to_string(),
                    t.version,
                )
            }),
            terms_error: err("accept_terms"),
            quote_error: err("quote"),
            points_error: err("points"),
            actions,
            visit: v.state.visit.as_ref().map(|visit| VisitRow {
                technician: v.technician.as_ref().map(|u| {
                    (
                        u.name.clone(),
                        u.email.as_str().to_string(),
                        u.phone.clone(),
                    )
                }),
                when: format!(
                    "{} – {}",
                    ctx.when(visit.starts_at),
                    ctx.when(visit.ends_at)
                ),
                note: visit.note.clone(),
            }),
            drawing_points: sent
                .and_then(|(s, _)| s.get("points").cloned())
                .or_else(|| v.state.values.get(DRAWING_POINTS).cloned())
                .unwrap_or_default(),
            drawing_doc: v.state.values.get(DRAWING_DOC).and_then(|d| d.parse().ok()),
            can_save,
            fields,
        }
    });
    FlowPanel {
        project: v.state.project_id,
        name: v.flow.public.name.get(l).to_string(),
        statuses,
        current,
        may_act: v.may_act,
        revision: v.state.revision,
        given,
        has_errors: !errors.is_empty(),
    }
}

fn account<'a>(state: &AppState, s: &'a Signed) -> Result<&'a Account, CoreError> {
    state.portal.portal_account(&s.actor, s.v.account_choice)
}

/// After a send: back to the project (with a notice), or the project page again with what was
/// sent and why it was refused, or the error page.
async fn answer(
    state: &AppState,
    s: &Signed,
    project: ProjectId,
    result: Result<ProjectFlow, CoreError>,
    sent: BTreeMap<String, String>,
    step_before: &str,
) -> Response {
    let ctx = s.v.ctx(state);
    match result {
        Ok(pf) => {
            let done = if pf.step == step_before {
                "flow-saved"
            } else {
                "flow-moved"
            };
            Redirect::to(&format!("/portal/projects/{project}?done={done}#flow")).into_response()
        }
        Err(CoreError::Invalid(errors)) => {
            crate::html::projects::render_portal_project(
                state,
                s,
                project,
                None,
                "",
                Some((sent, errors)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(CoreError::Conflict) => page(
            ctx,
            StatusCode::CONFLICT,
            "error-conflict-title",
            "error-flow-moved",
        ),
        Err(e) => fail(ctx, e),
    }
}

/// Everything a step page sends: multipart, the hidden step and revision and the CSRF token
/// first, then the fields, the files (each streamed into the project's documents once the
/// rest is known to be acceptable) and the button pressed.
async fn act(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    form: Multipart,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let limit = state.portal.upload_limit(&s.v.tenant);
    if crate::html::documents::announced_too_large(limit, &headers) {
        return fail(ctx, CoreError::TooLarge { limit });
    }
    let a = match account(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let mut form = form;
    let mut input = FlowInput::default();
    let result = receive(&state, &s, a, project, &mut form, &mut input).await;
    if result.is_err() {
        crate::html::documents::drain(&mut form).await;
    }
    let step = input.step.clone();
    let sent = input.values.clone();
    let result = match result {
        Ok(()) => {
            state
                .portal
                .flow_act(&s.actor, a, &s.v.client, project, input)
                .await
        }
        Err(e) => Err(e),
    };
    answer(&state, &s, project, result, sent, &step).await
}

async fn receive(
    state: &AppState,
    s: &Signed,
    a: &Account,
    project: ProjectId,
    form: &mut Multipart,
    input: &mut FlowInput,
) -> Result<(), CoreError> {
    let mut csrf_ok = false;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(CoreError::Interrupted),
        };
        let name = field.name().unwrap_or("").to_string();
        if let Some(key) = name.strip_prefix("file.") {
            let filename = field.file_name().unwrap_or("").to_string();
            if filename.is_empty() {
                continue;
            }
            if !csrf_ok {
                return Err(CoreError::Forbidden);
            }
            let key = key.to_string();
            let data: guichet_blob::ByteStream<'_> =
                Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            let doc = state
                .portal
                .flow_file(
                    &s.actor,
                    a,
                    &s.v.client,
                    project,
                    input,
                    &key,
                    &filename,
                    data,
                )
                .await?;
            input.files.insert(key, doc);
            continue;
        }
        let value = match field.text().await {
            Ok(t) if t.len() <= 20_000 => t,
            Ok(_) => return Err(CoreError::field("form", "error-too-long")),
            Err(_) => return Err(CoreError::Interrupted),
        };
        match name.as_str() {
            "_csrf" => csrf_ok = matches(&s.v.csrf, &value),
            "step" => input.step = value,
            "revision" => {
                input.revision = value.parse().map_err(|_| CoreError::Conflict)?;
            }
            "action" if value == "save" => input.action = None,
            "action" => input.action = Some(FlowAction::parse(&value).ok_or(CoreError::Forbidden)?),
            "accept_terms" => input.accept_terms = value == "yes",
            "quote" => {
                input.quote = Some(
                    value
                        .parse()
                        .map_err(|_| CoreError::field("quote", "error-flow-quote"))?,
                )
            }
            n => {
                if let Some(key) = n.strip_prefix("f.") {
                    input.values.insert(key.to_string(), value);
                }
            }
        }
    }
    if !csrf_ok {
        return Err(CoreError::Forbidden);
    }
    Ok(())
}

#[derive(Deserialize)]
struct DrawingForm {
    step: String,
    revision: i64,
    #[serde(default)]
    points: String,
    /// The keyboard alternative: a rectangle of this width and length (metres).
    #[serde(default)]
    width: String,
    #[serde(default)]
    length: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    accept_terms: String,
}

fn metres(raw: &str) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0 && *v <= 1000.0)
}

async fn drawing(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<DrawingForm>,
) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let a = match account(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    // Width and length, when both are given, stand for a rectangle.
    let points = match (metres(&f.width), metres(&f.length)) {
        (Some(w), Some(l)) => format!("0,0 {w},0 {w},{l} 0,{l}"),
        _ if !f.width.trim().is_empty() || !f.length.trim().is_empty() => "invalid".into(),
        _ => f.points.clone(),
    };
    let result = state
        .portal
        .save_drawing(
            &s.actor,
            a,
            &s.v.client,
            project,
            &f.step,
            f.revision,
            &points,
            f.action == FlowAction::DrawingSubmitted.code(),
            f.accept_terms == "yes",
        )
        .await;
    let mut sent = BTreeMap::new();
    sent.insert("points".to_string(), f.points.clone());
    match result {
        Ok(pf) if pf.step == f.step => Redirect::to(&format!(
            "/portal/projects/{project}?done=flow-drawing#flow"
        ))
        .into_response(),
        other => answer(&state, &s, project, other, sent, &f.step).await,
    }
}

/// The planned visit as an iCalendar file.
async fn visit_ics(State(state): State<AppState>, s: Signed, Path(id): Path<String>) -> Response {
    let ctx = s.v.ctx(&state);
    let Ok(project) = id.parse::<ProjectId>() else {
        return not_found(ctx);
    };
    let a = match account(&state, &s) {
        Ok(a) => a,
        Err(e) => return fail(ctx, e),
    };
    let (p, rights, place) = match state.portal.portal_project_head(&s.actor, a, project).await {
        Ok(x) => x,
        Err(e) => return fail(ctx, e),
    };
    let view = match state
        .portal
        .portal_flow(&s.actor, a, &p, &rights, place)
        .await
    {
        Ok(Some(v)) => v,
        Ok(None) => return not_found(ctx),
        Err(e) => return fail(ctx, e),
    };
    let Some(visit) = &view.state.visit else {
        return not_found(ctx);
    };
    let tech = view.technician.as_ref();
    let summary = ctx.t1("flow-visit-summary", "project", &p.title);
    let mut description = String::new();
    if let Some(t) = tech {
        description.push_str(&format!("{} — {} {}", t.name, t.email.as_str(), t.phone));
    }
    if !visit.note.is_empty() {
        description.push('\n');
        description.push_str(&visit.note);
    }
    let body = ics(
        &format!("visit-{}@{}", p.id, s.v.tenant.host),
        visit.starts_at,
        visit.ends_at,
        &summary,
        &description,
        &p.site,
        &s.v.tenant.name,
    );
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"visit.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// One event in iCalendar (RFC 5545): text escaped, lines folded at 75 octets, CRLF ends.
pub fn ics(
    uid: &str,
    starts: Millis,
    ends: Millis,
    summary: &str,
    description: &str,
    location: &str,
    organiser: &str,
) -> String {
    fn esc(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace("\r\n", "\\n")
            .replace('\n', "\\n")
    }
    fn stamp(m: Millis) -> String {
        jiff::Timestamp::from_millisecond(m.0)
            .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
            .unwrap_or_default()
    }
    fn fold(line: &str, out: &mut String) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += n;
        }
        out.push_str("\r\n");
    }
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//Guichet//{}//FR", esc(organiser)),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", esc(uid)),
        format!("DTSTAMP:{}", stamp(Millis::now())),
        format!("DTSTART:{}", stamp(starts)),
        format!("DTEND:{}", stamp(ends)),
        format!("SUMMARY:{}", esc(summary)),
        format!("DESCRIPTION:{}", esc(description)),
        format!("LOCATION:{}", esc(location)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ] {
        fold(&line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_files_are_escaped_and_folded() {
        let body = ics(
            "visit-1@x.example",
            Millis(1_800_000_000_000),
            Millis(1_800_003_600_000),
            "Visite; toit, sud",
            &"é".repeat(60),
            "1 rue A\nMontréal",
            "Solaire",
        );
        assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(body.contains("DTSTART:20270115T080000Z\r\n"));
        assert!(body.contains("DTEND:20270115T090000Z\r\n"));
        assert!(body.contains("SUMMARY:Visite\\; toit\\, sud\r\n"));
        assert!(body.contains("LOCATION:1 rue A\\nMontréal\r\n"));
        for line in body.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = body.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{}", "é".repeat(60))));
        assert!(body.ends_with("END:VCALENDAR\r\n"));
    }
}
