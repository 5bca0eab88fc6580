//! Product pictures: staff upload one per product; contacts see those of their catalog.
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures_util::StreamExt;
use guichet_core::{ByteStream, CoreError};
use guichet_domain::{ProductId, ProductImage};

use crate::AppState;
use crate::csrf::matches;
use crate::error::{InPage, PageResult};
use crate::extract::multipart::{Text, TextFields};
use crate::extract::{IdPath, Signed};
use crate::html::documents::{announced_too_large, drain};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portal/catalog/{id}/image", get(portal_image))
        .route("/staff/catalog/{id}/image", get(staff_image))
        // Pictures are larger than the framework's 2 MB default; the core bounds them.
        .route(
            "/staff/catalog/{id}/image",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
}

/// A picture as a response: its sniffed type, never run as anything else, cached privately.
fn picture(image: ProductImage, data: ByteStream<'static>) -> Response {
    let mut res = Response::new(Body::from_stream(data));
    let h = res.headers_mut();
    if let Ok(ct) = HeaderValue::from_str(&image.content_type) {
        h.insert(header::CONTENT_TYPE, ct);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    if let Ok(tag) = HeaderValue::from_str(&format!("\"{}\"", image.sha256)) {
        h.insert(header::ETAG, tag);
    }
    res
}

async fn portal_image(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let account = s.account(&state).in_page(&ctx)?;
    let (image, data) = state
        .portal
        .portal_product_image(&s.actor, account, id)
        .await
        .in_page(&ctx)?;
    Ok(picture(image, data))
}

async fn staff_image(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
) -> PageResult {
    let ctx = s.v.ctx(&state);
    let (image, data) = state
        .portal
        .staff_product_image(&s.user, id)
        .await
        .in_page(&ctx)?;
    Ok(picture(image, data))
}

/// Staff give a product its picture: the CSRF field, then the file, streamed to the core.
async fn upload(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ProductId>,
    headers: HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("catalog");
    if announced_too_large(5 * 1024 * 1024, &headers) {
        return Err(ctx.refuse(CoreError::TooLarge {
            limit: 5 * 1024 * 1024,
        }));
    }
    let result = receive(&state, &s, id, &mut form).await;
    if result.is_err() {
        drain(&mut form).await;
    }
    result.in_page(&ctx)?;
    Ok(Redirect::to(&format!("/staff/catalog/{id}?done=image")).into_response())
}

async fn receive(
    state: &AppState,
    s: &Signed,
    id: ProductId,
    form: &mut Multipart,
) -> Result<(), CoreError> {
    let mut csrf = String::new();
    let mut texts = TextFields::default();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => return Err(CoreError::field("image", "error-required")),
            Err(_) => return Err(CoreError::Interrupted),
        };
        if field.name() != Some("image") {
            let name = field.name().unwrap_or("").to_string();
            if let Text::Fits(value) = texts.read(field, 1_000).await?
                && name == "_csrf"
            {
                csrf = value;
            }
            continue;
        }
        if !matches(&s.v.csrf, &csrf) {
            return Err(CoreError::Forbidden);
        }
        let data: ByteStream<'_> = Box::pin(field.map(|c| c.map_err(std::io::Error::other)));
        return state
            .portal
            .set_product_image(&s.user, &s.v.client, id, data)
            .await
            .map(|_| ());
    }
}
