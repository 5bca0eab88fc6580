//! Liveness and readiness, for load balancers and orchestrators (no tenant needed).
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use guichet_core::maintenance::Readiness;

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
    match state.portal.readiness().await {
        Readiness::Ready => (StatusCode::OK, "ready\n"),
        Readiness::DatabaseUnreachable => {
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n")
        }
        Readiness::MigrationsPending => (StatusCode::SERVICE_UNAVAILABLE, "migrations pending\n"),
        Readiness::DatabaseError => (StatusCode::SERVICE_UNAVAILABLE, "database error\n"),
    }
}
