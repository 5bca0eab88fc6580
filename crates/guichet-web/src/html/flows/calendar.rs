//! The planned visit as a calendar file, for the customer's own calendar.
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use guichet_domain::ProjectId;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::formats::ics;

pub(super) async fn visit_ics(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let a = state
        .portal
        .portal_account(&s.actor, s.v.account_choice)
        .in_page(&ctx)?;
    let (p, rights, place) = state
        .portal
        .portal_project_head(&s.actor, a, project)
        .await
        .in_page(&ctx)?;
    let view = state
        .portal
        .portal_flow(&s.actor, a, &p, &rights, place)
        .await
        .in_page(&ctx)?
        .ok_or_else(|| ctx.not_found())?;
    let Some(visit) = &view.state.visit else {
        return Err(ctx.not_found());
    };
    let mut description = String::new();
    if let Some(t) = &view.technician {
        description.push_str(&format!("{} — {} {}", t.name, t.email.as_str(), t.phone));
    }
    if !visit.note.is_empty() {
        description.push('\n');
        description.push_str(&visit.note);
    }
    let body = ics::calendar(&ics::Event {
        uid: &format!("visit-{}@{}", p.id, s.v.tenant.host),
        starts: visit.starts_at,
        ends: visit.ends_at,
        summary: &ctx.t1("flow-visit-summary", "project", &p.title),
        description: &description,
        location: &p.site,
        organiser: &s.v.tenant.name,
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"visit.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}
