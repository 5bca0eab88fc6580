//! Quotes: asked for, prepared, sent revision by revision, accepted (placing their order) or
//! refused.
use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

/// Which quotes a list shows (newest first).
#[derive(Clone, Debug, Default)]
pub struct QuoteQuery {
    pub customer: Option<CustomerId>,
    /// Only the quotes answering for this project.
    pub project: Option<ProjectId>,
    /// Only the quotes this person asked for (a role scoped to one's own records).
    pub requested_by: Option<UserId>,
    pub status: Option<QuoteStatus>,
    pub limit: i64,
}

/// How a quote was settled from `Sent`, and what it leaves behind.
#[derive(Clone, Debug)]
pub enum Settle<'a> {
    /// Accepted at the revision and PDF shown: its order is placed in the same transaction
    /// (numbered as the tenant's next order).
    Accept {
        order: &'a Order,
        lines: &'a [OrderLine],
        event: &'a OrderEvent,
    },
    Refuse,
    /// Back to staff as a draft: they revise it, or the customer asks for an expired one to
    /// be renewed. The revision sent can no longer be accepted.
    Reopen,
    /// Staff take it back.
    Withdraw,
}

#[async_trait]
pub trait QuoteStore {
    /// Numbers (the tenant's next) and inserts a new quote with its lines, in one transaction
    /// (journaled); returns its number. `NotFound` when the customer, the requester or a
    /// product is not the tenant's.
    async fn insert_quote(&self, quote: &Quote, lines: &[QuoteLine]) -> StoreResult<i64>;
    /// The same, with the first message of its thread (a file sent with the request), in the
    /// same transaction.
    async fn insert_quote_with_message(
        &self,
        quote: &Quote,
        lines: &[QuoteLine],
        message: &QuoteMessage,
    ) -> StoreResult<i64>;
    /// The quote as it is now: what accepting, refusing and renewing are decided on.
    async fn quote(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Option<Quote>>;
    /// The quote to show on its page: may be a copy kept while nothing about quotes changed
    /// (never for a decision — read `quote` for that).
    async fn shown_quote(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Option<Quote>>;
    async fn quote_lines(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Vec<QuoteLine>>;
    async fn quotes(&self, tenant: TenantId, q: &QuoteQuery) -> StoreResult<Vec<Quote>>;
    /// Saves staff's changes (title, language, validity, terms, deposit, lines and totals) if
    /// the quote was not changed since `seen` (its `updated_at`) and is still a draft:
    /// else `Conflict`. `NotFound` when a product is not the tenant's.
    async fn save_quote(&self, quote: &Quote, lines: &[QuoteLine], seen: Millis)
    -> StoreResult<()>;
    /// Sends a revision (journaled): the quote takes its number, SHA-256 and totals and
    /// becomes `Sent`, if it is a draft not changed since `seen`; else `Conflict`.
    async fn send_quote(
        &self,
        tenant: TenantId,
        id: QuoteId,
        revision: &QuoteRevision,
        seen: Millis,
    ) -> StoreResult<()>;
    /// The revisions sent, oldest first.
    async fn quote_revisions(
        &self,
        tenant: TenantId,
        id: QuoteId,
    ) -> StoreResult<Vec<QuoteRevision>>;
    /// Settles a sent quote, in one transaction (journaled), only while it is still `Sent` at
    /// `quote.revision` with `quote.pdf_sha256` (else `Conflict`): its status, acceptance,
    /// reason and `updated_at` become `quote`'s. Returns the order's number when accepted.
    /// `flow`: the place its project's flow moves to, saved in the same transaction only if
    /// the flow is still at the revision given (else `Conflict` on `project_flows_revision`,
    /// and nothing is settled).
    /// Adds a message to a quote's thread (journaled); `NotFound` when the quote or the
    /// author is not the tenant's.
    async fn add_quote_message(&self, message: &QuoteMessage) -> StoreResult<()>;
    /// A quote's thread, oldest first.
    async fn quote_messages(
        &self,
        tenant: TenantId,
        quote: QuoteId,
    ) -> StoreResult<Vec<QuoteMessage>>;
    async fn settle_quote(
        &self,
        quote: &Quote,
        how: Settle<'_>,
        flow: Option<(&ProjectFlow, i64)>,
    ) -> StoreResult<Option<i64>>;
}
