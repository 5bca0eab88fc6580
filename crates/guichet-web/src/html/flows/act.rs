//! What a customer sends from their project's current step: fields and files (multipart),
//! a drawing, an offer answer, terms, a reactivation.
use std::collections::BTreeMap;

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect};
use futures_util::StreamExt;
use guichet_core::flows::FlowInput;
use guichet_core::{ByteStream, CoreError};
use guichet_domain::*;
use serde::Deserialize;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult, page};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{CsrfForm, IdPath, Signed};

/// After a send: back to the project (with a notice), or the project page again with what was
/// sent and why it was refused, or the error page.
async fn answer(
    state: &AppState,
    s: &Signed,
    project: ProjectId,
    result: Result<ProjectFlow, CoreError>,
    sent: BTreeMap<String, String>,
    step_before: &str,
) -> PageResult {
    let ctx = s.v.ctx(state);
    match result {
        Ok(pf) => {
            let done = if pf.step == step_before {
                "flow-saved"
            } else {
                "flow-moved"
            };
            Ok(
                Redirect::to(&format!("/portal/projects/{project}?done={done}#flow"))
                    .into_response(),
            )
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
        // The project moved meanwhile: say so in words of its own.
        Err(CoreError::Conflict) => Ok(page(
            ctx,
            StatusCode::CONFLICT,
            "error-conflict-title",
            "error-flow-moved",
        )),
        Err(e) => Err(ctx.refuse(e)),
    }
}

/// Everything a step page sends: multipart, the hidden step and revision and the CSRF token
/// first, then the fields, the files (each streamed into the project's documents once the
/// rest is known to be acceptable) and the button pressed.
pub(super) async fn act(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let limit = state.portal.upload_limit(&s.v.tenant);
    if crate::html::documents::announced_too_large(limit, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let a = s.account(&state).in_page(&ctx)?;
    let mut input = FlowInput::default();
    let received = receive(&state, &s, a, project, &mut form, &mut input).await;
    if received.is_err() {
        crate::html::documents::drain(&mut form).await;
    }
    let step = input.step.clone();
    let sent = input.values.clone();
    let result = match received {
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

/// Reads the step page's form into `input`, storing each file as it comes (the CSRF token
/// must come before any file).
async fn receive(
    state: &AppState,
    s: &Signed,
    a: &Account,
    project: ProjectId,
    form: &mut Multipart,
    input: &mut FlowInput,
) -> Result<(), CoreError> {
    let mut csrf_ok = false;
    let mut texts = TextFields::default();
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
            let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
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
        let value = match texts.read(field, 20_000).await? {
            Text::Fits(t) => t,
            Text::TooLong => return Err(CoreError::field("form", "error-too-long")),
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
            // The version of the terms the page showed; anything else is another version.
            "terms_version" => input.terms_version = Some(value.parse().unwrap_or(-1)),
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
pub(super) struct DrawingForm {
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
    /// The version of the terms the page showed.
    #[serde(default)]
    terms_version: String,
}

fn metres(raw: &str) -> Option<f64> {
    raw.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0 && *v <= 1000.0)
}

pub(super) async fn drawing(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(f): CsrfForm<DrawingForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let a = s.account(&state).in_page(&ctx)?;
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
            (!f.terms_version.is_empty()).then(|| f.terms_version.trim().parse().unwrap_or(-1)),
        )
        .await;
    let mut sent = BTreeMap::new();
    sent.insert("points".to_string(), f.points.clone());
    match result {
        Ok(pf) if pf.step == f.step => Ok(Redirect::to(&format!(
            "/portal/projects/{project}?done=flow-drawing#flow"
        ))
        .into_response()),
        other => answer(&state, &s, project, other, sent, &f.step).await,
    }
}
