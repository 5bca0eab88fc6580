//! Conversations on a project or a document: shown on their pages, written with a file or
//! not (multipart: fields first, the CSRF token checked before anything is stored, the file
//! last and streamed), and followed or not.
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use futures_util::StreamExt;
use guichet_core::documents::Actor;
use guichet_core::{ByteStream, CoreError};
use guichet_domain::{DocumentId, ProjectId};
use serde::Deserialize;

use super::{actor, announced_too_large, drain, project_href};
use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

/// A comment as shown.
pub struct CommentRow {
    pub author: String,
    pub when: crate::page::Moment,
    pub body: String,
    /// Written by someone else since the reader last read this conversation.
    pub new: bool,
    pub attachment: Option<DocumentId>,
}

/// A conversation as shown: its messages, whether the reader follows the project, whether
/// they may attach files.
#[derive(Default)]
pub struct Conversation {
    pub rows: Vec<CommentRow>,
    pub following: bool,
    pub can_attach: bool,
}

/// The conversation of a project (or a document) for whoever is asking (empty when they may
/// not see it); reading it marks it read.
pub async fn comments_for(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    project: ProjectId,
    document: Option<DocumentId>,
) -> Conversation {
    let Ok(who) = actor(state, s) else {
        return Conversation::default();
    };
    let Ok((list, read)) = state.portal.conversation(who, project, document).await else {
        return Conversation::default();
    };
    let following = state
        .portal
        .is_following(who, project)
        .await
        .unwrap_or(false);
    let can_attach = state.portal.may_add_documents(who, project).await;
    conversation_rows(ctx, &s.user, &list, read, following, can_attach)
}

/// A conversation as shown to `reader`, who had read it until `read`.
pub fn conversation_rows(
    ctx: &PageCtx,
    reader: &guichet_domain::User,
    list: &[guichet_domain::Comment],
    read: Option<guichet_domain::Millis>,
    following: bool,
    can_attach: bool,
) -> Conversation {
    let rows = list
        .iter()
        .map(|c| CommentRow {
            author: c.author_name.clone(),
            when: ctx.moment(c.created_at),
            body: c.body.clone(),
            new: c.author != reader.id && read.is_none_or(|r| c.created_at > r),
            attachment: c.attachment,
        })
        .collect();
    Conversation {
        rows,
        following,
        can_attach,
    }
}

/// Where the conversation is shown: the document's page, else the project's.
fn conversation_href(s: &Signed, project: ProjectId, document: Option<DocumentId>) -> String {
    match document {
        Some(d) => format!("/documents/{d}#comments"),
        None => format!("{}#comments", project_href(s, project)),
    }
}

/// A message, with a file when one is chosen.
pub(super) async fn comment(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let who = actor(&state, &s).in_page(&ctx)?;
    let result = receive_comment(&state, &s, who, project, &mut form).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    let document = result.in_page(&ctx)?;
    Ok(Redirect::to(&conversation_href(&s, project, document)).into_response())
}

#[derive(Deserialize, Default)]
pub(super) struct FollowForm {
    #[serde(default)]
    on: String,
    /// The document page it was sent from, if any.
    #[serde(default)]
    back: String,
}

pub(super) async fn follow(
    State(state): State<AppState>,
    s: Signed,
    IdPath(project): IdPath<ProjectId>,
    CsrfForm(form): CsrfForm<FollowForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let who = actor(&state, &s).in_page(&ctx)?;
    state
        .portal
        .set_following(who, project, form.on == "1")
        .await
        .in_page(&ctx)?;
    let back = conversation_href(&s, project, form.back.parse::<DocumentId>().ok());
    Ok(Redirect::to(&back).into_response())
}

/// Reads a comment form and adds the comment; returns the document it is about, if any.
async fn receive_comment(
    state: &AppState,
    s: &Signed,
    who: Actor<'_>,
    project: ProjectId,
    form: &mut Multipart,
) -> Result<Option<DocumentId>, CoreError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut texts = TextFields::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return post_comment(state, s, who, project, &fields, None).await,
            Err(_) => return Err(CoreError::Interrupted),
        };
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("").to_string();
            if name.is_empty() {
                return post_comment(state, s, who, project, &fields, None).await;
            }
            let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            return post_comment(state, s, who, project, &fields, Some((&name, data))).await;
        }
        let name = field.name().unwrap_or("").to_string();
        match texts.read(field, 20_000).await? {
            Text::Fits(t) => fields.push((name, t)),
            Text::TooLong => return Err(CoreError::field("body", "error-too-long")),
        }
    }
}

async fn post_comment(
    state: &AppState,
    s: &Signed,
    who: Actor<'_>,
    project: ProjectId,
    fields: &[(String, String)],
    attachment: Option<(&str, ByteStream<'_>)>,
) -> Result<Option<DocumentId>, CoreError> {
    let get = |k: &str| {
        fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    };
    if !matches(&s.v.csrf, get("_csrf")) {
        return Err(CoreError::Forbidden);
    }
    let document = match get("document") {
        "" => None,
        d => Some(d.parse::<DocumentId>().map_err(|_| CoreError::NotFound)?),
    };
    state
        .portal
        .add_comment(
            who,
            &s.v.client,
            &s.v.tenant,
            project,
            document,
            get("body"),
            attachment,
        )
        .await?;
    Ok(document)
}
