//! Liveness and readiness, for load balancers and orchestrators (no tenant needed).
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, "ok\n")
}

/// Ready when the database answers and every migration is applied.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let store = &state.portal.store;
    match store.ping().await {
        Err(e) => {
            tracing::warn!(error = %e, "readiness: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
        Ok(()) => match store.migrations_current().await {
            Ok(true) => (StatusCode::OK, "ready\n"),
            Ok(false) => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending\n"),
            Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database error\n"),
        },
    }
}
