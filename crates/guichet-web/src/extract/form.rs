//! Form bodies: size-limited, CSRF-checked, parsed into typed structs.
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::de::DeserializeOwned;

use crate::AppState;
use crate::csrf::{CsrfToken, matches};
use crate::error::page;
use crate::extract::Visitor;

/// A urlencoded form whose `_csrf` field matched the visitor's CSRF cookie.
pub struct CsrfForm<T>(pub T);

#[derive(serde::Deserialize)]
struct CsrfField {
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let expected = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let visitor = <Visitor as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await;
        let ctx = |v: &Result<Visitor, Response>| v.as_ref().ok().map(|v| v.ctx(state));
        let limit = state.settings.max_form_bytes;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let too_large = |v: &Result<Visitor, Response>| match ctx(v) {
            Some(c) => page(
                c,
                StatusCode::PAYLOAD_TOO_LARGE,
                "error-too-large-title",
                "error-too-large",
            ),
            None => StatusCode::PAYLOAD_TOO_LARGE.into_response_plain(),
        };
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large(&visitor));
        }
        let bytes = match axum::body::to_bytes(Body::new(body), limit).await {
            Ok(b) => b,
            Err(_) => return Err(too_large(&visitor)),
        };
        let csrf: CsrfField = serde_urlencoded::from_bytes(&bytes).unwrap_or(CsrfField {
            csrf: String::new(),
        });
        if !matches(&expected, &csrf.csrf) {
            return Err(match ctx(&visitor) {
                Some(c) => crate::error::csrf_refused(c),
                None => StatusCode::FORBIDDEN.into_response_plain(),
            });
        }
        // Control characters (a NUL byte…) in any field: refused here, before any handler.
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if pairs.iter().any(|(k, v)| {
            super::multipart::has_control_characters(k) || super::multipart::has_control_characters(v)
        }) {
            return Err(match ctx(&visitor) {
                Some(c) => page(
                    c,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "error-invalid-title",
                    "error-control-characters",
                ),
                None => StatusCode::UNPROCESSABLE_ENTITY.into_response_plain(),
            });
        }
        match serde_urlencoded::from_bytes::<T>(&bytes) {
            Ok(v) => Ok(CsrfForm(v)),
            Err(_) => Err(match ctx(&visitor) {
                Some(c) => page(
                    c,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "error-invalid-title",
                    "error-invalid-form",
                ),
                None => StatusCode::UNPROCESSABLE_ENTITY.into_response_plain(),
            }),
        }
    }
}

trait PlainStatus {
    fn into_response_plain(self) -> Response;
}

impl PlainStatus for StatusCode {
    fn into_response_plain(self) -> Response {
        axum::response::IntoResponse::into_response(self)
    }
}
