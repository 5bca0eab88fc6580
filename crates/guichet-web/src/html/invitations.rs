//! Back-office: inviting many contacts at once (a selection, or a CSV file) and the report.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use guichet_core::access::{Action, may};
use guichet_core::invitations::ReportLine;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{CustomerId, UserId};

use crate::AppState;
use crate::csrf::matches;
use crate::error::{fail, not_found, page};
use crate::form::CsrfForm;
use crate::page::PageCtx;
use crate::visitor::Signed;

/// Largest CSV file accepted.
pub const MAX_CSV_BYTES: usize = 1024 * 1024;
/// Bytes read past the limit before giving up on answering politely.
const DRAIN_CAP: usize = 8 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/customers/{id}/invitations", post(invite_selected))
        .route(
            "/staff/invitations/import",
            get(import_form)
                .post(import)
                // Room for the file and the multipart framing; the file itself is capped below.
                // Room to read (and drop) a somewhat larger file, so its sender gets the 413
                // page rather than a reset connection.
                .layer(DefaultBodyLimit::max(MAX_CSV_BYTES + DRAIN_CAP)),
        )
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_invitation_report.html")]
struct ReportPage {
    ctx: PageCtx,
    back: String,
    invited: usize,
    refused: usize,
    lines: Vec<ReportLine>,
    from_file: bool,
}

fn report(ctx: PageCtx, back: String, lines: Vec<ReportLine>, from_file: bool) -> Response {
    let invited = lines.iter().filter(|l| l.invited()).count();
    ReportPage {
        ctx,
        back,
        refused: lines.len() - invited,
        invited,
        lines,
        from_file,
    }
    .into_response()
}

/// The contacts ticked on a customer page.
async fn invite_selected(
    State(state): State<AppState>,
    s: Signed,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let Ok(id) = id.parse::<CustomerId>() else {
        return not_found(ctx);
    };
    let mut ids = Vec::new();
    for (k, v) in &pairs {
        if k == "member" {
            match v.parse::<UserId>() {
                Ok(u) => ids.push(u),
                Err(_) => return not_found(ctx),
            }
        }
    }
    // Only contacts of this customer account.
    let members = match state.portal.customer(&s.user, id).await {
        Ok((_, m)) => m,
        Err(e) => return fail(ctx, e),
    };
    if ids.iter().any(|u| !members.iter().any(|m| m.user.id == *u)) {
        return not_found(ctx);
    }
    match state
        .portal
        .invite_selected(&s.user, &s.v.tenant, &ids)
        .await
    {
        Ok(lines) => report(ctx, format!("/staff/customers/{id}"), lines, false),
        Err(CoreError::Invalid(_)) => page(
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid-title",
            "error-select-contacts",
        ),
        Err(e) => fail(ctx, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_invitation_import.html")]
struct ImportPage {
    ctx: PageCtx,
    text: String,
    errors: FieldErrors,
    roles: Vec<String>,
}

async fn import_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    text: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    if !may(&s.user, Action::ManageContacts) {
        return fail(ctx, CoreError::Forbidden);
    }
    match state.portal.roles(&s.user).await {
        Ok(roles) => (
            status,
            ImportPage {
                ctx,
                text,
                errors,
                roles: roles.into_iter().map(|(r, _)| r.name).collect(),
            },
        )
            .into_response(),
        Err(e) => fail(ctx, e),
    }
}

async fn import_form(State(state): State<AppState>, s: Signed) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    import_page(
        &state,
        &s,
        ctx,
        String::new(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// The CSV comes as a file or pasted in the text area (multipart form, CSRF field first or
/// anywhere). Oversized files get 413; unreadable ones 422 with the reason beside the field.
async fn import(State(state): State<AppState>, s: Signed, mut form: Multipart) -> Response {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let too_large = |ctx| {
        page(
            ctx,
            StatusCode::PAYLOAD_TOO_LARGE,
            "error-too-large-title",
            "import-too-large",
        )
    };
    let mut csrf = String::new();
    let mut file = Vec::new();
    let mut text = String::new();
    let mut too_big = false;
    let mut read = 0usize;
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(ctx),
            Err(_) => {
                return page(
                    ctx,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "error-invalid-title",
                    "error-invalid-form",
                );
            }
        };
        let name = field.name().unwrap_or("").to_string();
        let mut field = field;
        let mut bytes = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    read += chunk.len();
                    if read > MAX_CSV_BYTES + DRAIN_CAP {
                        return too_large(ctx);
                    }
                    if too_big || bytes.len() + chunk.len() > MAX_CSV_BYTES {
                        // Over the limit: read the rest without keeping it, then say so.
                        too_big = true;
                        bytes.clear();
                        continue;
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_large(ctx),
                Err(_) => {
                    return page(
                        ctx,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "error-invalid-title",
                        "error-invalid-form",
                    );
                }
            }
        }
        match name.as_str() {
            "_csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = bytes,
            "text" => text = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
    if too_big {
        return too_large(ctx);
    }
    if !matches(&s.v.csrf, &csrf) {
        return page(ctx, StatusCode::FORBIDDEN, "error-csrf-title", "error-csrf");
    }
    let content = if file.is_empty() {
        text.clone()
    } else {
        match String::from_utf8(file) {
            // Spreadsheets often start UTF-8 files with a byte-order mark.
            Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
            Err(_) => {
                let mut e = FieldErrors::default();
                e.add("file", "import-not-utf8");
                return import_page(&state, &s, ctx, text, e, StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        }
    };
    match state
        .portal
        .import_invitations(&s.user, &s.v.tenant, &content)
        .await
    {
        Ok(lines) => report(ctx, "/staff/invitations/import".into(), lines, true),
        Err(CoreError::Invalid(e)) => {
            import_page(&state, &s, ctx, text, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => fail(ctx, e),
    }
}
