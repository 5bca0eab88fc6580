//! The outbox: the emails the portal sent (or is sending), and one email as it went out.
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::IntoResponse;
use guichet_domain::EmailId;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{IdPath, Signed};
use crate::formats::linkify::{BodyPart, linkify};
use crate::page::PageCtx;

struct OutboxRow {
    id: EmailId,
    when: String,
    to: String,
    subject: String,
    status_key: &'static str,
    status_class: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxRow>,
    local: bool,
}

pub(super) async fn list(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("outbox");
    let list = state.portal.outbox(&s.user, 200).await.in_page(&ctx)?;
    let emails = list
        .into_iter()
        .map(|m| {
            let (status_key, status_class) = match (m.sent_at, &m.last_error) {
                (Some(_), _) => ("outbox-sent", "ok"),
                (None, Some(_)) => ("outbox-retrying", "err"),
                (None, None) => ("outbox-queued", "warn"),
            };
            OutboxRow {
                id: m.id,
                when: ctx.when(m.created_at),
                to: m.to_addr,
                subject: m.subject,
                status_key,
                status_class,
            }
        })
        .collect();
    Ok(OutboxPage {
        ctx,
        emails,
        local: state.settings.local_outbox,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_outbox_email.html")]
struct OutboxEmailPage {
    ctx: PageCtx,
    subject: String,
    to: String,
    when: String,
    body: Vec<BodyPart>,
}

pub(super) async fn email(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<EmailId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("outbox");
    let m = state.portal.outbox_email(&s.user, id).await.in_page(&ctx)?;
    Ok(OutboxEmailPage {
        when: ctx.when(m.created_at),
        ctx,
        subject: m.subject,
        to: m.to_addr,
        body: linkify(&m.body_text),
    }
    .into_response())
}
