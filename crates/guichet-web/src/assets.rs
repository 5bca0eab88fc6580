//! Static files (embedded in the binary) and per-tenant branding.
use std::sync::Arc;

use axum::Router;
use axum::extract::Extension;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use guichet_domain::Tenant;

use crate::AppState;

const APP_CSS: &str = include_str!("../static/app.css");
const DRAWING_JS: &str = include_str!("../static/drawing.js");
const SIGNATURE_JS: &str = include_str!("../static/signature.js");
const CONFIGURE_JS: &str = include_str!("../static/configure.js");
const PAY_JS: &str = include_str!("../static/pay.js");
const COPY_JS: &str = include_str!("../static/copy.js");

pub fn static_routes() -> Router<AppState> {
    Router::new()
        .route("/static/app.css", get(app_css))
        .route("/static/drawing.js", get(drawing_js))
        .route("/static/signature.js", get(signature_js))
        .route("/static/configure.js", get(configure_js))
        .route("/static/pay.js", get(pay_js))
        .route("/static/copy.js", get(copy_js))
}

pub fn tenant_routes() -> Router<AppState> {
    Router::new()
        .route("/brand.css", get(brand_css))
        .route("/brand/logo.svg", get(logo))
}

fn cached(content_type: &'static str, body: String, max_age: &'static str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(max_age));
    res
}

async fn app_css() -> Response {
    cached(
        "text/css; charset=utf-8",
        APP_CSS.to_string(),
        "public, max-age=3600",
    )
}

async fn drawing_js() -> Response {
    cached(
        "text/javascript; charset=utf-8",
        DRAWING_JS.to_string(),
        "public, max-age=3600",
    )
}

async fn signature_js() -> Response {
    cached(
        "text/javascript; charset=utf-8",
        SIGNATURE_JS.to_string(),
        "public, max-age=3600",
    )
}

async fn configure_js() -> Response {
    cached(
        "text/javascript; charset=utf-8",
        CONFIGURE_JS.to_string(),
        "public, max-age=3600",
    )
}

async fn copy_js() -> Response {
    cached(
        "text/javascript; charset=utf-8",
        COPY_JS.to_string(),
        "public, max-age=3600",
    )
}

async fn pay_js() -> Response {
    cached(
        "text/javascript; charset=utf-8",
        PAY_JS.to_string(),
        "public, max-age=3600",
    )
}

/// The tenant's colours as CSS custom properties (no inline styles: the CSP forbids them).
async fn brand_css(Extension(t): Extension<Arc<Tenant>>) -> Response {
    let colour = guichet_domain::colour(&t.primary_colour).unwrap_or_else(|_| "#1a5fb4".into());
    cached(
        "text/css; charset=utf-8",
        format!(":root {{ --brand: {colour}; }}\n"),
        "public, max-age=300",
    )
}

async fn logo(Extension(t): Extension<Arc<Tenant>>) -> Response {
    match &t.logo_svg {
        Some(svg) => {
            let mut res = cached("image/svg+xml", svg.clone(), "public, max-age=300");
            // An SVG is a document: never let it run scripts.
            res.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"),
            );
            res
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
