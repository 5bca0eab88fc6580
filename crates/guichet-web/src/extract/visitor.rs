//! Who is asking: the tenant, the signed-in user if any, their language and CSRF token.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use guichet_core::Client;
use guichet_domain::{CustomerId, Locale, Session, SignedIn, Tenant, User};

use crate::AppState;
use crate::cookies::{self, value as cookie_value};
use crate::csrf::CsrfToken;
use crate::page::PageCtx;

#[derive(Clone)]
pub struct Visitor {
    pub tenant: Arc<Tenant>,
    /// The session, its user and the user's customer accounts, when signed in.
    pub signed: Option<Arc<SignedIn>>,
    pub locale: Locale,
    /// True when the language comes from the user's choice (account or switch), not a guess.
    pub locale_explicit: bool,
    pub csrf: String,
    pub client: Client,
    /// Path and query of this request (for `next` after sign-in and the language switch).
    pub here: String,
    /// The account chosen with the switcher (checked against the memberships by the core).
    pub account_choice: Option<CustomerId>,
}

/// A signed-in visitor: anonymous visitors are sent to the sign-in page.
pub struct Signed {
    pub v: Visitor,
    /// Session, user and customer accounts; `user` and `session` are copied out for brevity.
    pub actor: Arc<SignedIn>,
    pub user: User,
    pub session: Session,
}

impl Signed {
    /// The contact's current account (the one chosen with the switcher, else their first).
    pub fn account(
        &self,
        state: &AppState,
    ) -> Result<&guichet_domain::Account, guichet_core::CoreError> {
        state
            .portal
            .portal_account(&self.actor, self.v.account_choice)
    }
}

fn client_of(parts: &Parts, headers: &HeaderMap) -> Client {
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    Client { ip, user_agent }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // A handler and its form extractor both ask: look the session up once per request.
        if let Some(v) = parts.extensions.get::<Visitor>() {
            return Ok(v.clone());
        }
        let Some(tenant) = parts.extensions.get::<Arc<Tenant>>().cloned() else {
            return Err(axum::http::StatusCode::NOT_FOUND.into_response());
        };
        let csrf = parts
            .extensions
            .get::<CsrfToken>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let mut client = client_of(parts, &parts.headers);
        if state.settings.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next_back())
                .map(|s| s.trim().to_string())
                .filter(|s| s.parse::<std::net::IpAddr>().is_ok())
        {
            client.ip = ip;
        }
        let mut signed = None;
        if let Some(token) = cookie_value(&parts.headers, cookies::SESSION) {
            match state.portal.authenticate(&tenant, &token).await {
                Ok(Some(found)) => signed = Some(Arc::new(found)),
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(error = %guichet_core::Chain(&e), "session lookup failed");
                    return Err(crate::error::plain_unavailable());
                }
            }
        }
        let chosen = signed.as_ref().map(|s| s.user.locale).or_else(|| {
            cookie_value(&parts.headers, cookies::LANG).and_then(|l| Locale::parse(&l))
        });
        let locale_explicit = chosen.is_some();
        let locale = chosen
            .or_else(|| {
                parts
                    .headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(Locale::from_accept_language)
            })
            .unwrap_or(tenant.default_locale);
        let here = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| "/".into());
        let account_choice =
            cookie_value(&parts.headers, cookies::ACCOUNT).and_then(|c| c.parse().ok());
        let v = Visitor {
            tenant,
            signed,
            locale,
            locale_explicit,
            csrf,
            client,
            here,
            account_choice,
        };
        parts.extensions.insert(v.clone());
        Ok(v)
    }
}

impl Visitor {
    pub fn user(&self) -> Option<&User> {
        self.signed.as_deref().map(|s| &s.user)
    }
    pub fn session(&self) -> Option<&Session> {
        self.signed.as_deref().map(|s| &s.session)
    }
    pub fn ctx(&self, state: &AppState) -> PageCtx {
        PageCtx::new(state, self)
    }
    pub fn is_secure(&self) -> bool {
        self.tenant.base_url.starts_with("https://")
    }
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let v = Visitor::from_request_parts(parts, state).await?;
        match v.signed.clone() {
            Some(actor) => Ok(Signed {
                user: actor.user.clone(),
                session: actor.session.clone(),
                actor,
                v,
            }),
            _ => {
                let next = crate::html::auth::encode_next(&v.here);
                Err(Redirect::to(&format!("/sign-in?next={next}")).into_response())
            }
        }
    }
}
