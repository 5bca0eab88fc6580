//! The tenant comes from the request's host name.
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use guichet_core::{Chain, CoreError, Portal};
use guichet_domain::Tenant;

use crate::AppState;

type Entry = (Instant, Option<Arc<Tenant>>);

/// Host → tenant, cached for a few seconds so the hot path does not query every time.
pub struct TenantCache {
    portal: Arc<Portal>,
    ttl: Duration,
    entries: RwLock<HashMap<String, Entry>>,
}

impl TenantCache {
    pub fn new(portal: Arc<Portal>, ttl: Duration) -> Self {
        TenantCache {
            portal,
            ttl,
            entries: RwLock::new(HashMap::new()),
        }
    }

    pub async fn get(&self, host: &str) -> Result<Option<Arc<Tenant>>, CoreError> {
        if let Ok(map) = self.entries.read()
            && let Some((at, t)) = map.get(host)
            && at.elapsed() < self.ttl
        {
            return Ok(t.clone());
        }
        let found = self.portal.tenant_by_host(host).await?.map(Arc::new);
        if let Ok(mut map) = self.entries.write() {
            if map.len() > 10_000 {
                map.clear();
            }
            map.insert(host.to_string(), (Instant::now(), found.clone()));
        }
        Ok(found)
    }
}

/// The request's host name, lower-cased, from `Host` (HTTP/1.1) or the URI authority.
pub(crate) fn request_host(req: &Request) -> Option<String> {
    req.headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|h| !h.is_empty() && h.len() <= 260)
}

fn without_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map(|(h, _)| &host[..h.len() + 1])
            .unwrap_or(host);
    }
    host.rsplit_once(':')
        .filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit()))
        .map(|(h, _)| h)
        .unwrap_or(host)
}

const UNKNOWN_HOST: &str = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Site inconnu · Unknown site</title></head>\
<body><main><h1>Site inconnu</h1><p>Aucun portail n’est configuré à cette adresse.</p>\
<h1 lang=\"en\">Unknown site</h1><p lang=\"en\">No portal is configured at this address.</p></main></body></html>";

/// Puts the request's tenant in its extensions; unknown hosts get a plain 404 page.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let Some(host) = request_host(&req) else {
        return (StatusCode::NOT_FOUND, Html(UNKNOWN_HOST)).into_response();
    };
    let mut found = state.tenants.get(&host).await;
    if matches!(found, Ok(None)) && without_port(&host) != host {
        found = state.tenants.get(without_port(&host)).await;
    }
    match found {
        Ok(Some(t)) => {
            req.extensions_mut().insert(t);
            next.run(req).await
        }
        Ok(None) => (StatusCode::NOT_FOUND, Html(UNKNOWN_HOST)).into_response(),
        Err(e) => {
            tracing::error!(error = %Chain(&e), "tenant lookup failed");
            (StatusCode::SERVICE_UNAVAILABLE, Html("<!doctype html><title>503</title><p>Service temporairement indisponible. Service temporarily unavailable.</p>"))
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_port;

    #[test]
    fn ports_are_stripped() {
        assert_eq!(without_port("portail.example:8080"), "portail.example");
        assert_eq!(without_port("127.0.0.1"), "127.0.0.1");
        assert_eq!(without_port("[::1]:8080"), "[::1]");
    }
}
