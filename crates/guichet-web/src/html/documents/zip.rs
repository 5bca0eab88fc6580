//! A project's documents (or the ticked ones, `?doc=…`) as one ZIP, built by the core while
//! it is sent.
use axum::extract::{RawQuery, State};
use guichet_domain::{DocumentId, ProjectId};

use super::actor;
use super::download::attachment;
use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};

pub(super) async fn project_zip(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    RawQuery(query): RawQuery,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let who = actor(&state, &s).in_page(&ctx)?;
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).unwrap_or_default();
    let selection = pairs
        .into_iter()
        .filter(|(k, _)| k == "doc")
        .map(|(_, v)| v.parse::<DocumentId>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| ctx.not_found())?;
    let (name, zip) = state
        .portal
        .project_zip(who, &s.v.client, project, &selection)
        .await
        .in_page(&ctx)?;
    Ok(attachment(
        "application/zip",
        "attachment",
        &name,
        zip,
        "sandbox; default-src 'none'",
    ))
}
