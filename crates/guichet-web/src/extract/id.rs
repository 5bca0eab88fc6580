//! Typed ids from the path: a malformed id answers the "not found" page in the visitor's
//! language, exactly as an id that names nothing, never a bare 400.
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::Response;
use guichet_core::CoreError;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::error::{fail, not_found};
use crate::extract::Visitor;

/// The path's parameters as typed values: one id (`IdPath<ProjectId>`) or several in route
/// order (`IdPath<(ProjectId, LinkId)>`, `IdPath<(FlowId, String)>`).
pub struct IdPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for IdPath<T> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(IdPath(value)),
            Err(rejection) => {
                let ctx = Visitor::from_request_parts(parts, state).await?.ctx(state);
                Err(match rejection {
                    PathRejection::FailedToDeserializePathParams(_) => not_found(ctx),
                    // A route whose parameters do not match its handler: a bug, said so in the logs.
                    other => fail(
                        ctx,
                        CoreError::internal(format!("path parameters: {}", other.body_text())),
                    ),
                })
            }
        }
    }
}
