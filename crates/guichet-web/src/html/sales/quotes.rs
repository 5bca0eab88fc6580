//! Quotes on the customer's side: the list and the request form, each quote's page (its lines
//! as sent, its PDFs, acceptance with an e-signature, refusal, renewal) and the receipt.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::ByteStream;
use guichet_core::sales::{AcceptInput, QuoteRequestInput, QuoteView};
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Module, Op, Quote, QuoteId, QuoteStatus};
use serde::Deserialize;

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::html::documents::upload::{announced_too_large, drain};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/portal/quotes",
            get(list).post(request).layer(DefaultBodyLimit::disable()),
        )
        .route("/portal/quotes/{id}", get(show))
        .route("/portal/quotes/{id}/accept", post(accept))
        .route("/portal/quotes/{id}/refuse", post(refuse))
        .route("/portal/quotes/{id}/renew", post(renew))
        .route("/portal/quotes/{id}/pdf/{revision}", get(pdf))
        .route("/portal/quotes/{id}/receipt", get(receipt))
}

/// A quote's status as the customer reads it: an expired one says so.
pub fn status_key(q: &Quote, expired: &bool) -> String {
    if *expired {
        "quote-status-expired".into()
    } else {
        format!("quote-status-{}", q.status.code())
    }
}

pub fn status_tone(q: &Quote, expired: &bool) -> &'static str {
    match q.status {
        _ if *expired => "muted",
        QuoteStatus::Sent => "info",
        QuoteStatus::Accepted => "ok",
        QuoteStatus::Refused | QuoteStatus::Withdrawn => "muted",
        QuoteStatus::Draft => "",
    }
}

/// "12,5 %" off a line, or nothing.
pub fn discount(ctx: &PageCtx, bp: &i64) -> String {
    if *bp == 0 {
        String::new()
    } else {
        crate::html::sales::percent(ctx, &(bp * 10))
    }
}

/// A line's amount after its discount.
pub fn line_money(
    ctx: &PageCtx,
    l: &guichet_domain::QuoteLine,
    currency: &guichet_domain::Currency,
) -> String {
    ctx.money(&l.total_minor().unwrap_or(0), currency)
}

/// The message for one field of one line of the draft's form (`quantity`, line 2…).
pub fn line_error(errors: &FieldErrors, field: &str, index: &usize) -> Option<&'static str> {
    errors.get(&format!("{field}-{index}"))
}

/// Whether a quote in a list has expired (today, in eastern Canada as prices are).
pub fn expired(q: &Quote) -> bool {
    q.expired(&guichet_domain::TimeZone::default().date(guichet_domain::Millis::now()))
}

/// A revision's PDF, offered as a download named after the quote.
pub fn pdf_response(pdf: Vec<u8>, filename: &str) -> Response {
    attachment_response(pdf, "application/pdf", filename)
}

/// Bytes offered as a download (never shown inline), under a sandboxing policy.
pub fn attachment_response(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    use axum::http::{HeaderValue, header};
    let mut res = Response::new(axum::body::Body::from(body));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(d) = HeaderValue::from_str(&crate::formats::disposition::disposition(
        "attachment",
        filename,
    )) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    res
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_quotes.html")]
struct ListPage {
    ctx: PageCtx,
    company_name: String,
    quotes: Vec<Quote>,
    may_request: bool,
    title: String,
    request: String,
    errors: FieldErrors,
}

async fn list_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    form: RequestForm,
    errors: FieldErrors,
    status: StatusCode,
) -> PageResult {
    let account = s.account(state).in_page(&ctx)?;
    let quotes = state
        .portal
        .portal_quotes(&s.actor, account)
        .await
        .in_page(&ctx)?;
    Ok((
        status,
        ListPage {
            company_name: account.customer.name.clone(),
            quotes,
            may_request: guichet_core::access::may_in(&s.user, account, Module::Quotes, Op::Create),
            title: form.title,
            request: form.request,
            errors,
            ctx,
        },
    )
        .into_response())
}

async fn list(State(state): State<AppState>, s: Signed) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    list_page(
        &state,
        &s,
        ctx,
        RequestForm::default(),
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[derive(Deserialize, Default)]
struct RequestForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    request: String,
    #[serde(default)]
    from_cart: String,
}

/// A request in the contact's words or for their cart; the form may carry a file (multipart:
/// its text first, the file last and streamed, kept before anything is written).
async fn request(State(state): State<AppState>, s: Signed, req: Request) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return match CsrfForm::<RequestForm>::from_request(req, &state).await {
            Ok(CsrfForm(form)) => file_request(&state, &s, ctx, form, None).await,
            Err(refused) => Ok(refused),
        };
    }
    let limit = state.portal.upload_limit(&s.v.tenant);
    if announced_too_large(limit, req.headers()) {
        return Err(ctx.refuse(CoreError::TooLarge { limit }));
    }
    let mut form = match Multipart::from_request(req, &state).await {
        Ok(f) => f,
        Err(e) => return Ok(e.into_response()),
    };
    let result = read_request(&state, &s, ctx.clone(), &mut form).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    result
}

/// Reads a multipart request form: its text fields, then the file (last), then files it.
async fn read_request(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    form: &mut Multipart,
) -> PageResult {
    let mut fields = RequestForm::default();
    let mut csrf = String::new();
    let mut texts = TextFields::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(ctx.refuse(CoreError::Interrupted)),
        };
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("").to_string();
            if file_name.is_empty() {
                break;
            }
            if !matches(&s.v.csrf, &csrf) {
                return Err(ctx.refuse(CoreError::Forbidden));
            }
            let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
            return file_request(state, s, ctx, fields, Some((&file_name, data))).await;
        }
        let text = match texts.read(field, 5_000).await {
            Ok(Text::Fits(t)) => t,
            Ok(Text::TooLong) => {
                return Err(ctx.refuse(CoreError::field("request", "error-too-long")));
            }
            Err(e) => return Err(ctx.refuse(e)),
        };
        match name.as_str() {
            "_csrf" => csrf = text,
            "title" => fields.title = text,
            "request" => fields.request = text,
            "from_cart" => fields.from_cart = text,
            _ => {}
        }
    }
    if !matches(&s.v.csrf, &csrf) {
        return Err(ctx.refuse(CoreError::Forbidden));
    }
    file_request(state, s, ctx, fields, None).await
}

async fn file_request(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    form: RequestForm,
    file: Option<(&str, ByteStream<'_>)>,
) -> PageResult {
    let account = s.account(state).in_page(&ctx)?;
    let from_cart = form.from_cart == "1";
    let title = if from_cart && form.title.trim().is_empty() {
        ctx.t("quote-from-cart-title")
    } else {
        form.title.clone()
    };
    let input = QuoteRequestInput {
        title,
        request: form.request.clone(),
        from_cart,
    };
    match state
        .portal
        .request_quote(&s.actor, account, &s.v.client, &input, file)
        .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/portal/quotes/{id}?done=requested")).into_response()),
        Err(CoreError::Invalid(errors)) if !from_cart => {
            list_page(
                state,
                s,
                ctx,
                form,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal_quote.html")]
pub(crate) struct QuotePage {
    pub ctx: PageCtx,
    pub view: QuoteView,
    pub staff: bool,
    /// A message for the reader: what just happened, or why the page changed (409).
    pub notice: Option<String>,
    pub problem: Option<String>,
    pub errors: FieldErrors,
    /// The acceptance form as typed, shown again when it failed.
    pub signer_name: String,
    pub po_number: String,
    /// Staff: may edit, send, reopen or withdraw.
    pub can_edit: bool,
    pub edit: crate::html::sales::staff_quotes::EditForm,
    /// Staff, on a draft: the customer's projects it may answer for (id, title).
    pub projects: Vec<(String, String)>,
    /// The thread's form as typed, shown again when it failed.
    pub message: String,
}

/// What a contact typed in the page's forms, shown again when one failed.
#[derive(Default)]
struct Typed {
    name: String,
    po_number: String,
    message: String,
}

async fn quote_page(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    notice: Option<String>,
    problem: Option<String>,
    errors: FieldErrors,
    typed: Typed,
    status: StatusCode,
) -> PageResult {
    let Typed {
        name,
        po_number,
        message,
    } = typed;
    let account = s.account(state).in_page(&ctx)?;
    let view = state
        .portal
        .portal_quote(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    let name = if name.is_empty() {
        s.user.name.clone()
    } else {
        name
    };
    Ok((
        status,
        QuotePage {
            view,
            staff: false,
            notice,
            problem,
            errors,
            signer_name: name,
            po_number,
            can_edit: false,
            edit: Default::default(),
            projects: Vec::new(),
            message,
            ctx,
        },
    )
        .into_response())
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    #[serde(default)]
    done: String,
}

async fn show(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    Query(q): Query<ShowQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let notice = match q.done.as_str() {
        "requested" => Some(ctx.t("notice-quote-requested")),
        "refused" => Some(ctx.t("notice-quote-refused")),
        "renewal" => Some(ctx.t("notice-quote-renewal")),
        _ => None,
    };
    quote_page(
        &state,
        &s,
        ctx,
        id,
        notice,
        None,
        FieldErrors::default(),
        Default::default(),
        StatusCode::OK,
    )
    .await
}

/// The quote's page again after a message that could not be posted (422), as typed.
pub(crate) async fn portal_page_with(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    errors: FieldErrors,
    message: String,
) -> PageResult {
    let typed = Typed {
        message,
        ..Default::default()
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    quote_page(state, s, ctx, id, None, None, errors, typed, status).await
}

/// A decision that did not go through: the quote's page again with the form as typed and its
/// messages (422), or the quote as it is now and why (409: what the page showed changed).
async fn failed(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    id: QuoteId,
    e: CoreError,
    (name, po_number): (String, String),
) -> PageResult {
    let typed = Typed {
        name,
        po_number,
        message: String::new(),
    };
    match e {
        CoreError::Invalid(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            quote_page(state, s, ctx, id, None, None, errors, typed, status).await
        }
        CoreError::Stale(key) => {
            let problem = Some(ctx.t(key));
            let (errors, status) = (FieldErrors::default(), StatusCode::CONFLICT);
            quote_page(state, s, ctx, id, None, problem, errors, typed, status).await
        }
        e => Err(ctx.refuse(e)),
    }
}

#[derive(Deserialize, Default)]
struct AcceptForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    strokes: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    po_number: String,
}

async fn accept(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(form): CsrfForm<AcceptForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let account = s.account(&state).in_page(&ctx)?;
    let input = AcceptInput {
        revision: form.revision,
        sha256: form.sha256,
        name: form.name.clone(),
        strokes: form.strokes,
        consent: form.consent == "1",
        po_number: form.po_number.clone(),
    };
    match state
        .portal
        .accept_quote(&s.actor, account, &s.v.client, id, &input)
        .await
    {
        Ok((order, _)) => {
            Ok(Redirect::to(&format!("/portal/orders/{order}?placed=quote")).into_response())
        }
        Err(e) => failed(&state, &s, ctx, id, e, (form.name, form.po_number)).await,
    }
}

#[derive(Deserialize, Default)]
struct RefuseForm {
    #[serde(default)]
    revision: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    reason: String,
}

async fn refuse(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(form): CsrfForm<RefuseForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let account = s.account(&state).in_page(&ctx)?;
    match state
        .portal
        .refuse_quote(
            &s.actor,
            account,
            &s.v.client,
            id,
            &form.revision,
            &form.sha256,
            &form.reason,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/portal/quotes/{id}?done=refused")).into_response()),
        Err(e) => failed(&state, &s, ctx, id, e, Default::default()).await,
    }
}

#[derive(Deserialize, Default)]
struct RenewForm {
    #[serde(default)]
    message: String,
}

async fn renew(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
    CsrfForm(form): CsrfForm<RenewForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let account = s.account(&state).in_page(&ctx)?;
    match state
        .portal
        .renew_quote(&s.actor, account, &s.v.client, id, &form.message)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/portal/quotes/{id}?done=renewal")).into_response()),
        Err(e) => failed(&state, &s, ctx, id, e, Default::default()).await,
    }
}

/// A file name for a quote's PDF: "soumission-12-r2.pdf".
pub fn pdf_name(ctx: &PageCtx, q: &Quote, revision: i64) -> String {
    format!(
        "{}-{}-r{revision}.pdf",
        ctx.t("quote-file-prefix"),
        q.number
    )
}

async fn pdf(
    State(state): State<AppState>,
    s: Signed,
    Path((id, revision)): Path<(String, String)>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let (Ok(id), Ok(revision)) = (id.parse::<QuoteId>(), revision.parse::<i64>()) else {
        return Err(ctx.not_found());
    };
    let account = s.account(&state).in_page(&ctx)?;
    let (quote, bytes) = state
        .portal
        .portal_quote_pdf(&s.actor, account, id, revision)
        .await
        .in_page(&ctx)?;
    Ok(pdf_response(bytes, &pdf_name(&ctx, &quote, revision)))
}

async fn receipt(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<QuoteId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("quotes");
    let account = s.account(&state).in_page(&ctx)?;
    let (quote, bytes) = state
        .portal
        .portal_quote_receipt(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    let name = format!(
        "{}-{}.pdf",
        ctx.t("quote-receipt-file-prefix"),
        quote.number
    );
    Ok(pdf_response(bytes, &name))
}
