//! Refusals into the journal: a response that refuses a signed-in person (403 from the core,
//! or a form without its CSRF token) carries a `Refused` mark; `journal`, a middleware, takes
//! it off and has the core write it down (at most one entry a minute per person and kind:
//! `Portal::record_refusal`) with the route template, never the concrete path.
use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use guichet_core::Client;
use guichet_core::journal::Refusal;
use guichet_domain::SignedIn;

use crate::AppState;
use crate::page::PageCtx;

/// Who a page is for, when signed in: what a refusal is journaled with.
#[derive(Clone)]
pub struct Who {
    pub signed: Arc<SignedIn>,
    pub client: Client,
}

/// The mark on a refusing response.
#[derive(Clone)]
struct Refused {
    who: Who,
    kind: Refusal,
}

/// Marks `res` as refusing the page's signed-in visitor (nothing for anonymous visitors:
/// the journal records what people did, and anyone can send anonymous requests by the million).
pub fn mark(mut res: Response, ctx: &PageCtx, kind: Refusal) -> Response {
    if let Some(who) = &ctx.who {
        res.extensions_mut().insert(Refused {
            who: who.clone(),
            kind,
        });
    }
    res
}

/// Journals the refusal a response is marked with. A journal that cannot be written is logged;
/// the refusal is answered all the same.
pub async fn journal(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(r) = res.extensions_mut().remove::<Refused>() {
        let route = format!(
            "{method} {}",
            route.as_ref().map_or("unmatched", |m| m.as_str())
        );
        if let Err(e) = state
            .portal
            .record_refusal(&r.who.signed.user, &r.who.client, r.kind, &route)
            .await
        {
            tracing::error!(error = %guichet_core::Chain(&e), "journaling a refusal failed");
        }
    }
    res
}
