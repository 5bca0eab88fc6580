//! Helpers shared by the benchmark binaries of the "signed-in portal home" benchmark
//! (`bench/run.sh`): page padding, cookie reading, serving.
//!
//! - `bench-baseline-static`: a bare axum handler returning a fixed page of N bytes.
//! - `bench-baseline-queries`: the portal home's database work and nothing else.
//! - `bench-gen`: demo tenant plus realistic volumes of customers, contacts and sessions.
//! - `bench-docs`, `bench-sales`: the documents and sales benchmarks' data (`bench/documents.sh`,
//!   `bench/sales.sh`); `bench-baseline-queries` also answers those pages' routes.

use axum::http::HeaderMap;
use axum::http::header;

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

const TAIL: &str = "</main></body></html>\n";

/// Finishes a page started with `head`: pads it with a comment so the whole page is `bytes`
/// long (or just closes it when `head` is already longer).
pub fn finish_page(mut page: String, bytes: usize) -> String {
    let open = "<!--";
    let close = "-->";
    let needed = bytes.saturating_sub(page.len() + TAIL.len());
    if needed >= open.len() + close.len() {
        page.push_str(open);
        page.extend(std::iter::repeat_n(' ', needed - open.len() - close.len()));
        page.push_str(close);
    } else {
        page.extend(std::iter::repeat_n('\n', needed));
    }
    page.push_str(TAIL);
    page
}

/// A fixed HTML page of exactly `bytes` bytes (when `bytes` is at least ~100).
pub fn static_page(bytes: usize) -> String {
    let mut page = String::with_capacity(bytes.max(128));
    page.push_str(
        "<!doctype html><html lang=\"fr-CA\"><head><meta charset=\"utf-8\"><title>Accueil</title></head><body><main><h1>Bonjour</h1>",
    );
    let filler = "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>";
    while page.len() + filler.len() + TAIL.len() <= bytes {
        page.push_str(filler);
    }
    finish_page(page, bytes)
}

/// Serves `app` on `listen` until Ctrl-C or SIGTERM.
pub async fn serve(listen: &str, app: axum::Router) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| anyhow::anyhow!("binding {listen}: {e}"))?;
    eprintln!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_have_the_asked_size() {
        for n in [200, 1000, 4321, 10_000] {
            assert_eq!(static_page(n).len(), n);
        }
        let p = finish_page("<!doctype html><main>é".to_string(), 500);
        assert_eq!(p.len(), 500);
    }

    #[test]
    fn cookies_are_found() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; guichet_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, "guichet_session"), Some("tok"));
        assert_eq!(cookie_value(&h, "c"), None);
    }
}

/// The database at `database_url` migrated, and a portal on it as the benchmarks seed through:
/// a throw-away blob folder, cheap password hashing. Returns how many migrations were applied.
pub async fn open_portal(
    database_url: &str,
    blob_folder: &str,
) -> anyhow::Result<(
    std::sync::Arc<dyn guichet_store::Store>,
    std::sync::Arc<guichet_core::Portal>,
    usize,
)> {
    use std::sync::Arc;
    let store = guichet_store_sql::connect(database_url, 8)
        .await
        .map_err(|e| anyhow::anyhow!("database: {e}"))?;
    let applied = store
        .migrate()
        .await
        .map_err(|e| anyhow::anyhow!("migrations: {e}"))?;
    let catalogs =
        Arc::new(guichet_i18n::Catalogs::load().map_err(|e| anyhow::anyhow!("catalogs: {e}"))?);
    let blobs = guichet_blob::LocalBlobStore::open(
        std::env::temp_dir().join(format!("{blob_folder}-{}", std::process::id())),
    )
    .await
    .map_err(|e| anyhow::anyhow!("blobs: {e}"))?;
    let portal = Arc::new(guichet_core::Portal::new(
        store.clone(),
        Arc::new(blobs),
        catalogs,
        guichet_core::CoreSettings {
            password_cost: guichet_core::PasswordCost {
                memory_kib: 1024,
                iterations: 1,
            },
            ..Default::default()
        },
    ));
    Ok((store, portal, applied))
}
