//! Terms a flow's steps ask customers to accept: their page, new ones, new texts.
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

pub(super) async fn page(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let (f, _) = editable(&state, &s, &ctx, id).await?;
    let Some(t) = f.def.terms(&key) else {
        return Err(ctx.not_found());
    };
    let cur = t.current().cloned().unwrap_or(TermsVersion {
        version: 0,
        title: Texts::default(),
        text: Texts::default(),
        published_at: Millis(0),
    });
    Ok(TermsPage {
        flow_id: f.id,
        flow_name: f.name.clone(),
        revision: f.revision,
        key: t.key.clone(),
        title_fr: cur.title.fr,
        title_en: cur.title.en,
        text_fr: cur.text.fr,
        text_en: cur.text.en,
        versions: t
            .versions
            .iter()
            .rev()
            .map(|v| (v.version, ctx.when(v.published_at)))
            .collect(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize)]
pub(super) struct TermsForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    title_fr: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    text_fr: String,
    #[serde(default)]
    text_en: String,
}

impl TermsForm {
    /// The text as typed (numbered and dated when saved).
    fn text(&self) -> TermsVersion {
        TermsVersion {
            version: 0,
            title: Texts::new(self.title_fr.trim(), self.title_en.trim()),
            text: Texts::new(self.text_fr.trim(), self.text_en.trim()),
            published_at: Millis(0),
        }
    }
}

pub(super) async fn save(
    State(state): State<AppState>,
    s: Signed,
    IdPath((id, key)): IdPath<(FlowId, String)>,
    CsrfForm(form): CsrfForm<TermsForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let edit = FlowChange::SaveTerms {
        key,
        text: form.text(),
    };
    let rev = revision(&form.revision);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(saved(id))
}

pub(super) async fn add(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<FlowId>,
    CsrfForm(form): CsrfForm<TermsForm>,
) -> Result<Redirect, Refused> {
    let ctx = s.v.ctx(&state).with_nav("flows");
    let edit = FlowChange::AddTerms(form.text());
    let rev = revision(&form.revision);
    change(&state, &s, &ctx, id, rev, BTreeMap::new(), edit).await?;
    Ok(saved(id))
}
