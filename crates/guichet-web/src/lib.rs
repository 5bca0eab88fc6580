//! The HTTP face of Guichet: HTML portal and back-office (server-rendered), health, assets.

mod assets;
mod cookies;
mod csrf;
mod error;
mod extract;
mod formats;
mod health;
mod html;
pub mod metrics;
mod page;
mod refusals;
mod security;
mod tenant;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use guichet_core::Portal;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};

pub use metrics::Metrics;
pub use tenant::TenantCache;

/// Web settings.
#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Largest accepted form body, in bytes.
    pub max_form_bytes: usize,
    /// True when no SMTP server is configured: the outbox page explains that emails stay local.
    pub local_outbox: bool,
    /// Take the client address from the last `X-Forwarded-For` entry (behind a proxy).
    pub trust_forwarded_for: bool,
}

impl Default for WebSettings {
    fn default() -> Self {
        WebSettings {
            max_form_bytes: 64 * 1024,
            local_outbox: true,
            trust_forwarded_for: false,
        }
    }
}

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub portal: Arc<Portal>,
    pub tenants: Arc<TenantCache>,
    pub settings: Arc<WebSettings>,
    pub metrics: Arc<Metrics>,
    /// Statements of account's rows, rendered once per statement and language.
    pub statement_rows: Arc<html::billing::StatementRowsKept>,
}

impl AppState {
    pub fn new(portal: Arc<Portal>, settings: WebSettings, metrics: Arc<Metrics>) -> Self {
        let tenants = Arc::new(TenantCache::new(portal.clone(), Duration::from_secs(10)));
        AppState {
            portal,
            tenants,
            settings: Arc::new(settings),
            metrics,
            statement_rows: Arc::new(guichet_core::derived::Derived::new(100)),
        }
    }
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let tenant_routes = html::routes()
        .merge(assets::tenant_routes())
        .layer(from_fn_with_state(state.clone(), refusals::journal))
        .layer(from_fn_with_state(state.clone(), csrf::issue_cookie))
        .layer(from_fn_with_state(state.clone(), tenant::resolve));
    Router::new()
        .merge(health::routes())
        .merge(assets::static_routes())
        .merge(tenant_routes)
        .layer(from_fn_with_state(
            state.clone(),
            security::same_origin_writes,
        ))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(from_fn_with_state(state.clone(), metrics::track))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(metrics::trace_layer())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

#[cfg(test)]
mod catalog_tests {
    use guichet_domain::Locale;
    use guichet_i18n::Catalogs;

    fn keys_in(text: &str, out: &mut Vec<String>) {
        // Every quoted word-with-dashes is a candidate message key.
        for part in text.split('"').skip(1).step_by(2) {
            let looks_like_key = part.contains('-')
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && part.chars().next().is_some_and(|c| c.is_ascii_lowercase());
            if looks_like_key {
                out.push(part.to_string());
            }
        }
    }

    /// Every message key a template or handler names exists in both catalogs.
    #[test]
    fn every_used_key_is_translated() {
        let c = Catalogs::load().unwrap();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = Vec::new();
        // Every file, folders included (handlers live in a folder per resource).
        let mut dirs: Vec<std::path::PathBuf> = [
            "templates",
            "src",
            "../guichet-core/src",
            "../guichet-domain/src",
        ]
        .iter()
        .map(|d| root.join(d))
        .collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.is_file() {
                    keys_in(&std::fs::read_to_string(&path).unwrap(), &mut used);
                }
            }
        }
        let prefixes = [
            "error-",
            "notice-",
            "area-",
            "contact-",
            "outbox-",
            "link-",
            "check-email-",
            "sign-in",
            "forgot-",
            "invitation-",
            "reset-",
            "field-",
            "email-",
            "nav-",
            "session",
            "customer",
            "password-",
            "home-",
            "set-password",
            "cart-",
            "catalog-",
            "order-",
            "orders-",
            "product-",
            "price-",
            "prices-",
            "segment",
            "availability-",
            "unit-",
            "tax-",
            "carrier-",
            "quote-",
            "quotes-",
            "pdf-",
            "config-",
        ];
        let missing: Vec<_> = used
            .iter()
            .filter(|k| prefixes.iter().any(|p| k.starts_with(p)))
            .filter(|k| !(c.has(Locale::Fr, k) && c.has(Locale::En, k)))
            .collect();
        // Names that look like keys but are not messages (HTML ids, cookie and header names).
        let not_messages = [
            "sign-in-link",
            "quote-file",
            "product-configurator",
            "config-problem",
            "config-errors",
            "config-choices",
            "config-price",
            "config-text",
            "config-ask",
        ];
        let missing: Vec<_> = missing
            .into_iter()
            .filter(|k| !not_messages.contains(&k.as_str()))
            .collect();
        assert!(missing.is_empty(), "untranslated keys: {missing:?}");
    }
}
