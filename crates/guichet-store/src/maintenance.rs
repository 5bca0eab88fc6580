//! Health, migrations, and whole-installation copies.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

/// Everything an installation holds, for `migrate-db`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dump {
    pub tenants: Vec<Tenant>,
    pub users: Vec<User>,
    pub customers: Vec<Customer>,
    pub roles: Vec<Role>,
    pub memberships: Vec<Membership>,
    pub profiles: Vec<CompanyProfile>,
    pub company_changes: Vec<CompanyChange>,
    pub approval_fields: Vec<(TenantId, Field)>,
    /// (tenant, user, kind, mode)
    pub notification_prefs: Vec<(TenantId, UserId, NotifyKind, NotifyMode)>,
    pub addresses: Vec<ShippingAddress>,
    pub projects: Vec<Project>,
    pub documents: Vec<Document>,
    pub versions: Vec<DocumentVersion>,
    pub journal: Vec<JournalEntry>,
    pub links: Vec<ShareLink>,
    pub requests: Vec<DocumentRequest>,
    pub comments: Vec<Comment>,
    pub shares: Vec<Share>,
    /// (tenant, project, user, since)
    pub followers: Vec<(TenantId, ProjectId, UserId, Millis)>,
    /// (tenant, project, staff member)
    pub project_team: Vec<(TenantId, ProjectId, UserId)>,
    /// (tenant, user, thread, read up to)
    pub thread_reads: Vec<(TenantId, UserId, uuid::Uuid, Millis)>,
    pub flows: Vec<FlowType>,
    pub project_flows: Vec<ProjectFlow>,
    pub sessions: Vec<Session>,
    pub tokens: Vec<Token>,
    pub emails: Vec<OutboxEmail>,
    pub segments: Vec<Segment>,
    pub customer_terms: Vec<CustomerTerms>,
    pub products: Vec<Product>,
    pub prices: Vec<PriceRule>,
    pub cart_lines: Vec<CartLine>,
    pub orders: Vec<(Order, Vec<OrderLine>)>,
    pub order_events: Vec<OrderEvent>,
    /// (tenant, customer, above this amount in minor units, updated at)
    pub approval_thresholds: Vec<(TenantId, CustomerId, i64, Millis)>,
    pub shipments: Vec<ShipmentRecord>,
    pub quotes: Vec<(Quote, Vec<QuoteLine>)>,
    pub quote_revisions: Vec<QuoteRevision>,
    pub quote_messages: Vec<QuoteMessage>,
    pub invoices: Vec<Invoice>,
    pub payments: Vec<Payment>,
    pub online_payments: OnlinePayments,
    pub reminder_rules: Vec<ReminderRule>,
    /// With the subject each is about.
    pub jobs: Vec<(Job, Option<uuid::Uuid>)>,
    pub notices: Vec<PortalNotice>,
}

/// Paying online, in a dump: each provider's settings, the checkouts, the Stripe events noted
/// (tenant, event id, kind, outcome, received at).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OnlinePayments {
    pub settings: Vec<PaymentSettings>,
    pub checkouts: Vec<Checkout>,
    pub events: Vec<(TenantId, String, String, String, Millis)>,
    pub proofs: Vec<TransferProof>,
}

#[async_trait]
pub trait Maintenance {
    async fn ping(&self) -> StoreResult<()>;
    /// True when every migration this build knows is applied.
    async fn migrations_current(&self) -> StoreResult<bool>;
    async fn migrate(&self) -> StoreResult<usize>;
    async fn dump(&self) -> StoreResult<Dump>;
    /// Loads a dump into an empty database, in one transaction.
    async fn restore(&self, dump: &Dump) -> StoreResult<()>;
    fn backend_name(&self) -> &'static str;
}
