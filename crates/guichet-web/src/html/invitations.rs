//! Back-office: inviting many contacts at once (a selection, or a CSV file) and the report.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use guichet_core::FieldErrors;
use guichet_core::access::{Action, require};
use guichet_core::invitations::ReportLine;
use guichet_domain::{CustomerId, UserId};

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult, page};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

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
    IdPath(id): IdPath<CustomerId>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let mut ids = Vec::new();
    for (k, v) in &pairs {
        if k == "member" {
            ids.push(v.parse::<UserId>().map_err(|_| ctx.not_found())?);
        }
    }
    // Only contacts of this customer account.
    let (_, members) = state.portal.customer(&s.user, id).await.in_page(&ctx)?;
    if ids.iter().any(|u| !members.iter().any(|m| m.user.id == *u)) {
        return Err(ctx.not_found());
    }
    match state
        .portal
        .invite_selected(&s.user, &s.v.tenant, &ids)
        .await
        .or_form(&ctx)?
    {
        Ok(lines) => Ok(report(ctx, format!("/staff/customers/{id}"), lines, false)),
        Err(_) => Ok(page(
            ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            "error-invalid-title",
            "error-select-contacts",
        )),
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
) -> PageResult {
    require(&s.user, Action::ManageContacts).in_page(&ctx)?;
    let roles = state.portal.roles(&s.user).await.in_page(&ctx)?;
    Ok((
        status,
        ImportPage {
            ctx,
            text,
            errors,
            roles: roles.into_iter().map(|(r, _)| r.name).collect(),
        },
    )
        .into_response())
}

async fn import_form(State(state): State<AppState>, s: Signed) -> PageResult {
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
async fn import(State(state): State<AppState>, s: Signed, form: Multipart) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("customers");
    let fields = match read_import_form(form).await {
        Ok(f) => f,
        Err(problem) => return Ok(problem.page(ctx)),
    };
    if !matches(&s.v.csrf, &fields.csrf) {
        return Ok(crate::error::csrf_refused(ctx));
    }
    let ImportForm { file, text, .. } = fields;
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
        .or_form(&ctx)?
    {
        Ok(lines) => Ok(report(ctx, "/staff/invitations/import".into(), lines, true)),
        Err(e) => import_page(&state, &s, ctx, text, e, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

/// The import form's fields as sent.
struct ImportForm {
    csrf: String,
    file: Vec<u8>,
    text: String,
}

/// Why the import form could not be read.
enum Unreadable {
    TooLarge,
    Malformed,
}

impl Unreadable {
    fn page(self, ctx: PageCtx) -> Response {
        match self {
            Unreadable::TooLarge => page(
                ctx,
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-too-large-title",
                "import-too-large",
            ),
            Unreadable::Malformed => page(
                ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                "error-invalid-title",
                "error-invalid-form",
            ),
        }
    }
}

/// Reads every field of the form, keeping at most `MAX_CSV_BYTES` of any; a larger one is read
/// to its end (up to `DRAIN_CAP` more) without being kept, so its sender gets the answer.
async fn read_import_form(mut form: Multipart) -> Result<ImportForm, Unreadable> {
    let mut fields = ImportForm {
        csrf: String::new(),
        file: Vec::new(),
        text: String::new(),
    };
    let mut too_big = false;
    let mut read = 0usize;
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Unreadable::TooLarge
        } else {
            Unreadable::Malformed
        }
    };
    while let Some(mut field) = form.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or("").to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(failed)? {
            read += chunk.len();
            if read > MAX_CSV_BYTES + DRAIN_CAP {
                return Err(Unreadable::TooLarge);
            }
            if too_big || bytes.len() + chunk.len() > MAX_CSV_BYTES {
                // Over the limit: read the rest without keeping it, then say so.
                too_big = true;
                bytes.clear();
                continue;
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "_csrf" => fields.csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => fields.file = bytes,
            "text" => fields.text = String::from_utf8_lossy(&bytes).into_owned(),
            _ => {}
        }
    }
    if too_big {
        return Err(Unreadable::TooLarge);
    }
    Ok(fields)
}
