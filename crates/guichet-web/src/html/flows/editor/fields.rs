//! A new field on a flow's projects.
use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Redirect;
use guichet_domain::*;
use serde::Deserialize;

use super::super::revision;
use super::{Refused, change, saved};
use crate::AppState;
use crate::extract::{CsrfForm, IdPath, Signed};

#[derive(Deserialize)]
pub(super) struct FieldForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    label_fr: String,
    #[serde(default)]
    label_en: String,
    #[serde(default)]
    help_fr: String,
    #[serde(default)]
    help_en: String,
    /// One choice per line: "Libellé | Label".
    #[serde(default)]
    choices: String,
}

pub(super) async fn add(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(form): CsrfForm<FieldForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let choices = form
        .choices
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once('|') {
            Some((fr, en)) => (fr.trim().to_string(), en.trim().to_string()),
            None => (l.to_string(), l.to_string()),
        })
        .collect();
    let edit = FlowChange::AddField {
        kind: FieldKind::ALL.into_iter().find(|k| k.code() == form.kind),
        label: Texts::new(form.label_fr.trim(), form.label_en.trim()),
        help: Texts::new(form.help_fr.trim(), form.help_en.trim()),
        choices,
    };
    let rev = revision(&form.revision);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(saved(id))
}
