//! Baseline: the portal home's database work and nothing else around it.
//!
//! Per request: read cookie `guichet_session`, SHA-256-hex the token (as
//! `guichet_core::secrets::hash_token`), `signed_in` (session, user and customer accounts in one
//! statement, as the portal does), and answer an HTML page padded to the real page's size. The
//! tenant is resolved once at start. The documents pages (`bench/documents.sh`) and the sales
//! pages (`bench/sales.sh`: catalog, orders, a quote) and the billing pages (`bench/billing.sh`:
//! "My invoices", a statement) have routes of their own below, each doing that page's queries.
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use clap::Parser;
use guichet_domain::{Millis, Tenant};
use guichet_store::Store;

#[derive(Parser)]
#[command(
    name = "bench-baseline-queries",
    about = "Minimal axum handler doing the portal home's queries"
)]
struct Args {
    /// Address to listen on, e.g. 127.0.0.1:18082.
    #[arg(long, default_value = "127.0.0.1:18082")]
    listen: String,
    /// sqlite://… or postgres://…
    #[arg(long)]
    database_url: String,
    /// The tenant's host name (as seeded by bench-gen).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Size of the answered page in bytes (the real portal home's size).
    #[arg(long, default_value_t = 4096)]
    bytes: usize,
    /// Database pool size (guichet's default is 8).
    #[arg(long, default_value_t = 8)]
    max_connections: u32,
    /// Experiment: only `session_with_user` (no customer accounts).
    #[arg(long)]
    session_only: bool,
    /// The project page's two statements at once rather than one after the other (as the
    /// portal does), for comparison.
    #[arg(long)]
    concurrent: bool,
}

/// The documents pages' necessary queries, once each: `GET /portal/projects/{id}` (the
/// project with its place in its flow and the reader's state, then its first 50 documents)
/// and `GET /portal/documents` (the first page of the account's documents; the contact's
/// shares come with the session). No cache beyond the session's: what a minimal handler
/// listing 50 rows costs. Answers a page of about the real one's size with one row per
/// document.
async fn project_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Ok(project) = id.parse::<guichet_domain::ProjectId>() else {
        return (StatusCode::NOT_FOUND, "no project\n").into_response();
    };
    let t = s.tenant.id;
    let st = &s.store;
    let r = if s.sequential {
        async {
            Ok::<_, guichet_store::StoreError>((
                st.project_head(t, project, found.user.id).await?,
                st.project_documents_page(t, project, None, 51).await?,
            ))
        }
        .await
    } else {
        tokio::try_join!(
            st.project_head(t, project, found.user.id),
            st.project_documents_page(t, project, None, 51),
        )
    };
    let Ok((Some(head), docs)) = r else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let p = head.project;
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>");
    guichet_bench::escape_into(&mut page, &p.title);
    page.push_str("</title></head><body><main><table>");
    for (d, v) in docs.iter().take(50) {
        page.push_str("<tr><td><a href=\"/documents/");
        page.push_str(&d.id.to_string());
        page.push_str("\">");
        guichet_bench::escape_into(&mut page, &d.title);
        page.push_str("</a></td><td><a href=\"/files/");
        page.push_str(&v.id.to_string());
        page.push_str("\">");
        guichet_bench::escape_into(&mut page, &v.filename);
        page.push_str("</a></td></tr>");
    }
    page.push_str("</table>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

async fn documents_page(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let t = s.tenant.id;
    let query = guichet_store::DocumentQuery {
        limit: 51,
        ..Default::default()
    };
    let Ok(list) = s
        .store
        .customer_documents(t, account.customer.id, &query)
        .await
    else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Documents</title></head><body><main><table>");
    for d in list.iter().take(50) {
        page.push_str("<tr><td><a href=\"/documents/");
        page.push_str(&d.doc.id.to_string());
        page.push_str("\">");
        guichet_bench::escape_into(&mut page, &d.doc.title);
        page.push_str("</a></td><td>");
        guichet_bench::escape_into(&mut page, &d.project.title);
        page.push_str("</td></tr>");
    }
    page.push_str("</table>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// The sales pages' queries (issue 16), once each, with a plain page around their rows.
///
/// `GET /portal/catalog`: the account's sales terms (its segment, for prices), its catalog's
/// first page (48 products with a price for it, and one more to know whether a next page
/// exists; then their price rules: two statements) and the contact's favourites there; the
/// price that applies is picked for each product (`price_for`, as the portal does). The
/// catalog's categories are not read: the portal keeps them in memory (30 s), so a page reads
/// them at most twice a minute.
async fn catalog_page(State(s): State<AppState>, headers: HeaderMap) -> Response {
    use guichet_domain::{Buyer, Currency, TimeZone, price_for};
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let (t, c, st) = (s.tenant.id, account.customer.id, &s.store);
    let r = async {
        let terms = st.customer_terms(t, c).await?;
        let buyer = Buyer {
            customer: c,
            segment: terms.and_then(|x| x.segment_id),
            currency: Currency::parse(&account.customer.currency).unwrap_or_default(),
        };
        let today = TimeZone::default().date(Millis::now());
        let q = guichet_store::ProductQuery {
            limit: 49,
            ..Default::default()
        };
        let items = st.catalog(t, &buyer, &today, &q).await?;
        let favourites = st.favourites(t, found.user.id, c).await?;
        let categories: Vec<guichet_domain::Texts> = Vec::new();
        Ok::<_, guichet_store::StoreError>((buyer, today, items, favourites, categories))
    }
    .await;
    let Ok((buyer, today, items, favourites, categories)) = r else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Catalogue</title></head><body><main><select>");
    for c in &categories {
        page.push_str("<option>");
        guichet_bench::escape_into(&mut page, &c.fr);
        page.push_str("</option>");
    }
    page.push_str("</select><ul>");
    for (p, rules) in &items {
        let Some(rule) = price_for(rules, &buyer, p.min_quantity.max(1), &today) else {
            continue;
        };
        page.push_str("<li data-sku=\"");
        guichet_bench::escape_into(&mut page, &p.sku);
        page.push_str("\"><h2>");
        guichet_bench::escape_into(&mut page, &p.name.fr);
        if favourites.contains(&p.id) {
            page.push('★');
        }
        page.push_str("</h2><p>");
        guichet_bench::escape_into(&mut page, &p.description.fr);
        page.push_str("</p><p>");
        page.push_str(&rule.unit_minor.to_string());
        page.push_str(" ¢</p></li>");
    }
    page.push_str("</ul>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// `GET /portal/orders`: the account's newest 50 orders (and one more, to know whether an older
/// page exists), the newest 10 waiting for approval (and one more, to know whether others wait), and the amount above which its orders wait for
/// approval.
async fn orders_page(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let (t, c, st) = (s.tenant.id, account.customer.id, &s.store);
    let q = guichet_store::OrderQuery {
        customer: Some(c),
        limit: 51,
        ..Default::default()
    };
    let waiting = guichet_store::OrderQuery {
        customer: Some(c),
        open_only: true,
        status: Some(guichet_domain::OrderStatus::AwaitingApproval),
        limit: 11,
        ..Default::default()
    };
    let r = async {
        let mut orders = st.order_summaries(t, &q).await?;
        orders.extend(st.order_summaries(t, &waiting).await?);
        Ok::<_, guichet_store::StoreError>((orders, st.approval_threshold(t, c).await?))
    }
    .await;
    let Ok((orders, _threshold)) = r else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Commandes</title></head><body><main><table>");
    for o in &orders {
        page.push_str("<tr><td><a href=\"/portal/orders/");
        page.push_str(&o.id.to_string());
        page.push_str("\">");
        page.push_str(&o.number.to_string());
        page.push_str("</a></td><td>");
        page.push_str(o.status.code());
        page.push_str("</td><td>");
        guichet_bench::escape_into(&mut page, &o.po_number);
        page.push_str("</td><td>");
        guichet_bench::escape_into(&mut page, &o.placed_by_name);
        page.push_str("</td><td>");
        page.push_str(&o.total_minor.to_string());
        page.push_str("</td></tr>");
    }
    page.push_str("</table>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// `GET /portal/quotes/{id}`: the quote (the account's), its revisions sent (the last one's
/// lines and totals are shown) and, once accepted, its order's number.
async fn quote_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let Ok(id) = id.parse::<guichet_domain::QuoteId>() else {
        return (StatusCode::NOT_FOUND, "no quote\n").into_response();
    };
    let (t, st) = (s.tenant.id, &s.store);
    let r = async {
        let Some(quote) = st
            .quote(t, id)
            .await?
            .filter(|q| q.customer_id == account.customer.id)
        else {
            return Ok(None);
        };
        let revisions = st.quote_revisions(t, id).await?;
        let order = match quote.acceptance.as_ref().and_then(|a| a.order_id) {
            Some(o) => st.order(t, o).await?.map(|o| o.number),
            None => None,
        };
        Ok::<_, guichet_store::StoreError>(Some((quote, revisions, order)))
    }
    .await;
    let (quote, revisions, order) = match r {
        Ok(Some(found)) => found,
        Ok(None) => return (StatusCode::NOT_FOUND, "no quote\n").into_response(),
        Err(_) => return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response(),
    };
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>");
    guichet_bench::escape_into(&mut page, &quote.title);
    page.push_str("</title></head><body><main><table>");
    if let Some(last) = revisions.last() {
        for l in &last.lines {
            page.push_str("<tr><td>");
            guichet_bench::escape_into(&mut page, &l.name.fr);
            page.push_str("</td><td>");
            page.push_str(&l.quantity.to_string());
            page.push_str("</td><td>");
            page.push_str(&l.unit_minor.to_string());
            page.push_str("</td></tr>");
        }
        page.push_str("<tr><td>Total</td><td>");
        page.push_str(&last.totals.total_minor.to_string());
        page.push_str("</td></tr>");
    }
    page.push_str("</table><ul>");
    for r in &revisions {
        page.push_str("<li><a href=\"/portal/quotes/");
        page.push_str(&quote.id.to_string());
        page.push_str("/pdf/");
        page.push_str(&r.revision.to_string());
        page.push_str("\">");
        page.push_str(&r.sha256);
        page.push_str("</a></li>");
    }
    page.push_str("</ul>");
    if let Some(n) = order {
        page.push_str("<p>");
        page.push_str(&n.to_string());
        page.push_str("</p>");
    }
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// `GET /portal/invoices`: the account's newest 50 invoices (and one more, to know whether an
/// older page exists), its unpaid invoices (what it owes), and the provider's payment settings
/// (whether cards are taken).
async fn invoices_page(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let (t, c, st) = (s.tenant.id, account.customer.id, &s.store);
    let page_q = guichet_store::InvoiceQuery {
        customer: Some(c),
        limit: 51,
        ..Default::default()
    };
    let unpaid = guichet_store::InvoiceQuery {
        customer: Some(c),
        unpaid_only: true,
        limit: 1000,
        ..Default::default()
    };
    let r = async {
        Ok::<_, guichet_store::StoreError>((
            st.invoices(t, &page_q).await?,
            st.invoices(t, &unpaid).await?,
            st.payment_settings(t).await?,
        ))
    }
    .await;
    let Ok((invoices, unpaid, _settings)) = r else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let owed: i64 = unpaid.iter().map(|i| i.balance()).sum();
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Factures</title></head><body><main><p>");
    page.push_str(&owed.to_string());
    page.push_str("</p><table>");
    for i in invoices.iter().take(50) {
        page.push_str("<tr><td><a href=\"/portal/invoices/");
        page.push_str(&i.id.to_string());
        page.push_str("\">");
        page.push_str(&i.number.to_string());
        page.push_str("</a></td><td>");
        page.push_str(&i.issued_on);
        page.push_str("</td><td>");
        page.push_str(i.due_on());
        page.push_str("</td><td>");
        page.push_str(&i.total_minor.to_string());
        page.push_str("</td><td>");
        page.push_str(&i.balance().to_string());
        page.push_str("</td></tr>");
    }
    page.push_str("</table>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

#[derive(serde::Deserialize, Default)]
struct StatementRange {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `GET /portal/invoices/statement`: the account's ledger (its invoices and payments), made
/// into the statement of the range asked for, one row per line.
async fn statement_page(
    State(s): State<AppState>,
    headers: HeaderMap,
    axum::extract::Query(range): axum::extract::Query<StatementRange>,
) -> Response {
    let Some(found) = signed(&s, &headers).await else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    let Some(account) = found.accounts.first() else {
        return (StatusCode::FORBIDDEN, "no account\n").into_response();
    };
    let Ok(ledger) = s.store.ledger(s.tenant.id, account.customer.id).await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "database\n").into_response();
    };
    let (invoices, payments) = &*ledger;
    let today = guichet_domain::TimeZone::default().date(Millis::now());
    let st = guichet_domain::Statement::of(
        invoices,
        payments,
        guichet_domain::Currency::Cad,
        &range.from,
        &range.to,
        &today,
    );
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str("<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Relevé</title></head><body><main><table>");
    for l in &st.lines {
        page.push_str("<tr><td>");
        page.push_str(&l.on);
        page.push_str("</td><td>");
        page.push_str(&l.number.to_string());
        page.push_str("</td><td>");
        guichet_bench::escape_into(&mut page, &l.reference);
        page.push_str("</td><td>");
        page.push_str(&l.debit_minor.to_string());
        page.push_str("</td><td>");
        page.push_str(&l.credit_minor.to_string());
        page.push_str("</td><td>");
        page.push_str(&l.balance_minor.to_string());
        page.push_str("</td></tr>");
    }
    page.push_str("</table><p>");
    page.push_str(&st.aging.total().to_string());
    page.push_str("</p>");
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// The signed-in contact behind the session cookie, in one statement (as the portal does).
async fn signed(s: &AppState, headers: &HeaderMap) -> Option<guichet_store::SignedIn> {
    let token = guichet_bench::cookie_value(headers, "guichet_session")?;
    if token.is_empty() || token.len() > 100 {
        return None;
    }
    let hash = guichet_core::secrets::hash_token(token);
    s.store
        .signed_in(s.tenant.id, &hash, Millis::now())
        .await
        .ok()
        .flatten()
}

#[derive(Clone)]
struct AppState {
    store: Arc<dyn Store>,
    tenant: Arc<Tenant>,
    bytes: usize,
    session_only: bool,
    sequential: bool,
}

async fn home(State(s): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = guichet_bench::cookie_value(&headers, "guichet_session") else {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    };
    if token.is_empty() || token.len() > 100 {
        return (StatusCode::UNAUTHORIZED, "no session\n").into_response();
    }
    let hash = guichet_core::secrets::hash_token(token);
    let (user, customers) = if s.session_only {
        match s
            .store
            .session_with_user(s.tenant.id, &hash, Millis::now())
            .await
        {
            Ok(Some((_, user))) => (user, Vec::new()),
            Ok(None) => return (StatusCode::UNAUTHORIZED, "no session\n").into_response(),
            Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, format!("{e}\n")).into_response(),
        }
    } else {
        match s.store.signed_in(s.tenant.id, &hash, Millis::now()).await {
            Ok(Some(found)) => (
                found.user,
                found.accounts.into_iter().map(|a| a.customer).collect(),
            ),
            Ok(None) => return (StatusCode::UNAUTHORIZED, "no session\n").into_response(),
            Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, format!("{e}\n")).into_response(),
        }
    };
    let mut page = String::with_capacity(s.bytes + 64);
    page.push_str(
        "<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Accueil · ",
    );
    guichet_bench::escape_into(&mut page, &s.tenant.name);
    page.push_str("</title></head><body><main><h1>Bonjour ");
    guichet_bench::escape_into(&mut page, &user.name);
    page.push_str("</h1>");
    for c in &customers {
        page.push_str("<p class=\"lead\">");
        guichet_bench::escape_into(&mut page, &c.name);
        page.push_str(" (");
        guichet_bench::escape_into(&mut page, &c.number);
        page.push_str(")</p>");
    }
    let page = guichet_bench::finish_page(page, s.bytes);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let store = guichet_store_sql::connect(&args.database_url, args.max_connections)
        .await
        .map_err(|e| anyhow::anyhow!("database: {e}"))?;
    let tenant = store
        .tenant_by_host(&args.host)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no tenant on host {} (run bench-gen first)", args.host))?;
    let state = AppState {
        store,
        tenant: Arc::new(tenant),
        bytes: args.bytes,
        session_only: args.session_only,
        sequential: !args.concurrent,
    };
    let app = Router::new()
        .route("/", get(home))
        .route("/portal", get(home))
        .route("/portal/projects/{id}", get(project_page))
        .route("/portal/documents", get(documents_page))
        .route("/portal/catalog", get(catalog_page))
        .route("/portal/orders", get(orders_page))
        .route("/portal/quotes/{id}", get(quote_page))
        .route("/portal/invoices", get(invoices_page))
        .route("/portal/invoices/statement", get(statement_page))
        .with_state(state);
    guichet_bench::serve(&args.listen, app).await
}
