//! A customer's project flow as their project page shows it: the progress view and the page
//! of the current step (its fields, documents, terms, actions, the planned visit).
use std::collections::BTreeMap;

use guichet_core::FieldErrors;
use guichet_core::flows::{DRAWING_DOC, DRAWING_POINTS, FlowView};
use guichet_domain::*;

use crate::html::documents::{DocumentRow, document_rows};
use crate::page::PageCtx;

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
    pub documents: Vec<DocumentRow>,
    /// Offer page: the project's quotes, each answered on its own page.
    pub quotes: Vec<Quote>,
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
        _ => shown_value(ctx, def, value),
    }
}

/// A stored value of a field as people read it: dates and numbers in their language, a
/// choice by its label.
pub fn shown_value(ctx: &PageCtx, def: &FieldDef, value: &str) -> String {
    match def.kind {
        FieldKind::Date => ctx.day(value),
        FieldKind::Number => guichet_i18n::format::decimal(ctx.locale, value),
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
            // An offer made with quotes is answered on each quote's page.
            .filter(|a| {
                v.quotes.is_empty()
                    || !matches!(a, FlowAction::OfferAccepted | FlowAction::OfferRefused)
            })
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
            documents: document_rows(ctx, &v.documents),
            quotes: v.quotes.clone(),
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
                when: ctx.time_range(visit.starts_at, visit.ends_at),
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
