//! Baseline: the portal home's database work and nothing else around it.
//!
//! Per request: read cookie `guichet_session`, SHA-256-hex the token (as
//! `guichet_core::secrets::hash_token`), `signed_in` (session, user and customer accounts in one
//! statement, as the portal does), and answer an HTML page padded to the real page's size. The
//! tenant is resolved once at start.
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
        .with_state(state);
    guichet_bench::serve(&args.listen, app).await
}
