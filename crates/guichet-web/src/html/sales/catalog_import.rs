//! Staff import products or prices from a CSV file: checked first (nothing written, a report
//! per line), then applied.
//!
//! Between the two steps the file is carried by its SHA-256: the report's "Apply" form asks
//! for the same file again and carries the fingerprint of the checked one. Each upload is
//! streamed to a temporary file while it is hashed (never held in memory), so an applied file
//! that is not byte for byte the checked one is refused before anything is written; the
//! temporary file is removed when the request ends. Nothing stays on the server between the
//! two steps, and the report page stays small whatever the file's size.
use std::path::PathBuf;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use guichet_core::CoreError;
use guichet_core::access::{Action, may};
use guichet_core::sales::import::{ImportLine, Outcome};
use guichet_core::sales::{ImportKind, ImportReport, csv_rows};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::Signed;
use crate::extract::multipart::{Text, TextFields};
use crate::html::documents::upload::{announced_too_large, drain};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/staff/catalog/import",
        get(form)
            .post(import)
            // The file's size is checked while it is read (the tenant's upload limit).
            .layer(DefaultBodyLimit::disable()),
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalog_import.html")]
struct FormPage {
    ctx: PageCtx,
    kind: &'static str,
    /// The problem with the file sent, in words.
    problem: Option<String>,
    product_columns: String,
    price_columns: String,
    size: String,
}

fn form_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    kind: ImportKind,
    problem: Option<String>,
    status: StatusCode,
) -> PageResult {
    if !may(&s.user, Action::ManageCatalog) {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    let limit = state.portal.upload_limit(&s.v.tenant);
    Ok((
        status,
        FormPage {
            kind: kind.code(),
            problem,
            product_columns: ImportKind::Products.columns().join(", "),
            price_columns: ImportKind::Prices.columns().join(", "),
            size: crate::html::documents::size_text(&ctx, limit.min(i64::MAX as u64) as i64),
            ctx,
        },
    )
        .into_response())
}

async fn form(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    form_page(&state, &s, ctx, ImportKind::Products, None, StatusCode::OK)
}

/// A line of the report in words.
pub struct ShownLine {
    pub line: u64,
    pub sku: String,
    pub ok: bool,
    pub result: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalog_import_report.html")]
struct ReportPage {
    ctx: PageCtx,
    report: ImportReport,
    lines: Vec<ShownLine>,
    kind: &'static str,
    sha256: String,
    size: String,
}

fn shown(ctx: &PageCtx, applied: bool, l: &ImportLine) -> ShownLine {
    let word = |will: &str, did: &str| ctx.t(if applied { did } else { will });
    let (ok, result) = match &l.outcome {
        Outcome::Created => (
            true,
            word("catalog-import-will-create", "catalog-import-created"),
        ),
        Outcome::Updated => (
            true,
            word("catalog-import-will-update", "catalog-import-updated"),
        ),
        Outcome::Unchanged => (true, ctx.t("catalog-import-unchanged")),
        Outcome::PriceAdded => (
            true,
            word(
                "catalog-import-will-add-price",
                "catalog-import-price-added",
            ),
        ),
        Outcome::Refused(problems) => (
            false,
            problems
                .iter()
                .map(|p| {
                    let message = ctx.t(p.key);
                    if p.column.is_empty() {
                        message
                    } else {
                        ctx.t2(
                            "catalog-import-problem",
                            ("column", &p.column),
                            ("message", &message),
                        )
                    }
                })
                .collect::<Vec<_>>()
                .join(" ; "),
        ),
    };
    ShownLine {
        line: l.line,
        sku: l.sku.clone(),
        ok,
        result,
    }
}

/// An uploaded file kept on disk for the time of the request.
struct Spooled {
    path: PathBuf,
    sha256: String,
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The import form as sent: its fields, and the file spooled.
struct Upload {
    kind: ImportKind,
    apply: bool,
    /// The fingerprint of the file checked, when applying.
    checked: String,
    file: Spooled,
}

/// Checks (`mode=check`) or applies (`mode=apply`, with `sha256` of the file checked) a file.
/// Text fields, the CSRF token among them, come before the file.
async fn import(
    State(state): State<AppState>,
    s: Signed,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    if !may(&s.user, Action::ManageCatalog) {
        drain(&mut form).await;
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let received = receive(&s, &mut form, limit).await;
    if received.is_err() {
        drain(&mut form).await;
    }
    let upload = match received {
        Ok(u) => u,
        Err(CoreError::Invalid(e)) => {
            let key =
                e.0.first()
                    .map(|x| x.message_key)
                    .unwrap_or("error-invalid");
            return form_page(
                &state,
                &s,
                ctx.clone(),
                ImportKind::Products,
                Some(ctx.t(key)),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Err(CoreError::Forbidden) => return Ok(crate::error::csrf_refused(ctx)),
        Err(e) => return Err(ctx.refuse(e)),
    };
    if upload.apply && upload.checked != upload.file.sha256 {
        return form_page(
            &state,
            &s,
            ctx.clone(),
            upload.kind,
            Some(ctx.t("catalog-import-not-checked-file")),
            StatusCode::CONFLICT,
        );
    }
    let file = std::fs::File::open(&upload.file.path)
        .map_err(CoreError::internal_from)
        .in_page(&ctx)?;
    let mut rows = csv_rows(file);
    let result = state
        .portal
        .import_catalog(&s.user, &s.v.client, upload.kind, upload.apply, &mut rows)
        .await;
    drop(rows);
    let report = match result {
        Ok(r) => r,
        Err(CoreError::Invalid(e)) => {
            let key =
                e.0.first()
                    .map(|x| x.message_key)
                    .unwrap_or("error-invalid");
            let problem = if key == "catalog-import-bad-header" {
                ctx.t1(key, "columns", &upload.kind.columns().join(", "))
            } else {
                ctx.t(key)
            };
            return form_page(
                &state,
                &s,
                ctx,
                upload.kind,
                Some(problem),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Err(e) => return Err(ctx.refuse(e)),
    };
    let lines = report
        .listed
        .iter()
        .map(|l| shown(&ctx, report.applied, l))
        .collect();
    Ok(ReportPage {
        lines,
        report,
        kind: upload.kind.code(),
        sha256: upload.file.sha256.clone(),
        size: crate::html::documents::size_text(&ctx, limit.min(i64::MAX as u64) as i64),
        ctx,
    }
    .into_response())
}

/// Reads the text fields up to the file, checks the CSRF token, then streams the file to a
/// temporary file while hashing it; over `limit` bytes, `TooLarge`.
async fn receive(s: &Signed, form: &mut Multipart, limit: u64) -> Result<Upload, CoreError> {
    let mut texts = TextFields::default();
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(CoreError::field("file", "error-required")),
            Err(_) => return Err(CoreError::Interrupted),
        };
        let name = field.name().unwrap_or("").to_string();
        if name != "file" {
            match texts.read(field, 200).await? {
                Text::Fits(value) => fields.push((name, value)),
                Text::TooLong => return Err(CoreError::FormTooLarge),
            }
            continue;
        }
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        if !matches(&s.v.csrf, &get("_csrf")) {
            return Err(CoreError::Forbidden);
        }
        let kind = ImportKind::parse(&get("kind"))
            .ok_or_else(|| CoreError::field("kind", "error-invalid"))?;
        let apply = get("mode") == "apply";
        let path =
            std::env::temp_dir().join(format!("guichet-import-{}.csv", uuid::Uuid::now_v7()));
        let mut out = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await
            .map_err(CoreError::internal_from)?;
        let mut spooled = Spooled {
            path,
            sha256: String::new(),
        };
        let mut hash = Sha256::new();
        let mut size: u64 = 0;
        while let Some(chunk) = field.chunk().await.map_err(|_| CoreError::Interrupted)? {
            size += chunk.len() as u64;
            if size > limit {
                return Err(CoreError::TooLarge { limit });
            }
            hash.update(&chunk);
            out.write_all(&chunk)
                .await
                .map_err(CoreError::internal_from)?;
        }
        out.flush().await.map_err(CoreError::internal_from)?;
        if size == 0 {
            return Err(CoreError::field("file", "catalog-import-empty"));
        }
        spooled.sha256 = hex::encode(hash.finalize());
        return Ok(Upload {
            kind,
            apply,
            checked: get("sha256"),
            file: spooled,
        });
    }
}
