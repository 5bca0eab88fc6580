//! Guichet's use cases. Each takes the acting user (or the anonymous client) and decides,
//! here and nowhere else, whether it may proceed.

pub mod access;
pub mod accounts;
pub mod address_book;
pub mod auth;
pub mod billing;
pub mod colleagues;
pub mod comments;
pub mod company;
pub mod demo;
pub mod derived;
pub mod desk;
pub mod digests;
pub mod documents;
pub mod email_change;
pub mod error;
pub mod flow_templates;
pub mod flows;
pub mod invitations;
pub mod jobs;
pub mod journal;
pub mod kept;
pub mod links;
pub mod maintenance;
pub mod notices;
pub mod notify;
pub mod outbox;
pub mod preferences;
pub mod project_view;
pub mod projects;
pub mod requests;
pub mod roles;
pub mod sales;
pub mod secrets;
pub mod shares;
pub mod tenants;
pub mod throttle;
pub mod waiting;

use std::sync::Arc;

use guichet_i18n::Catalogs;
use guichet_store::Store;

pub use error::{Chain, CoreError, CoreResult, FieldError, FieldErrors, LinkProblem};
/// File contents as they stream in (uploads) and out (downloads, ZIPs).
pub use guichet_blob::ByteStream;
pub use secrets::{HashingLimit, PasswordCost};

/// Tunables of the core.
#[derive(Clone, Debug)]
pub struct CoreSettings {
    pub password_cost: PasswordCost,
    /// Password hashes at once, and how long a request waits for its turn.
    pub password_hashing: HashingLimit,
    pub session_ttl_secs: i64,
    /// Failed sign-ins allowed per (account, IP) in the window before throttling.
    pub max_failures_per_account_ip: i64,
    /// Failed sign-ins allowed per IP (all accounts; IPv6 by /64) in the window.
    pub max_failures_per_ip: i64,
    /// Failed sign-ins allowed per account from all addresses in a day, before the account
    /// waits (a minute, doubling with each further failure, at most an hour).
    pub max_failures_per_account: i64,
    pub throttle_window_secs: i64,
    /// Emailed links (sign-in, reset) allowed per address in the window.
    pub max_links_per_address: i64,
    /// Largest file accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Staff see personal links (sign-in, reset, invitation…) whole in the outbox: the demo
    /// only, where nobody receives mail.
    pub outbox_shows_links: bool,
    /// The journal's key and checkpoint file.
    pub journal: journal::JournalSettings,
    /// View-only previews: page cache, renderer bounds, watermark font (decision 0012).
    pub preview: guichet_preview::PreviewSettings,
    /// Where Stripe's API and Stripe.js are.
    pub payments: billing::PaymentsConfig,
}

impl Default for CoreSettings {
    fn default() -> Self {
        CoreSettings {
            password_cost: PasswordCost::default(),
            password_hashing: HashingLimit::default(),
            session_ttl_secs: 14 * 24 * 3600,
            max_failures_per_account_ip: 5,
            max_failures_per_ip: 100,
            max_failures_per_account: 20,
            throttle_window_secs: 15 * 60,
            max_links_per_address: 5,
            max_upload_bytes: 200 * 1024 * 1024,
            outbox_shows_links: false,
            journal: journal::JournalSettings::default(),
            preview: guichet_preview::PreviewSettings::default(),
            payments: billing::PaymentsConfig::default(),
        }
    }
}

/// Where a request comes from, for sessions, throttling and the journal.
#[derive(Clone, Debug, Default)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

pub struct Portal {
    /// The database, behind its ports; only the core reaches it.
    store: Arc<dyn Store>,
    /// Where file contents live; only the core reaches them.
    blobs: Arc<dyn guichet_blob::BlobStore>,
    pub catalogs: Arc<Catalogs>,
    pub settings: CoreSettings,
    /// Flow types as last read, by id; used only while their revision is the stored one.
    flow_cache: flows::FlowCache,
    /// Projects' first pages, used only while their content revision is the stored one.
    content_cache: project_view::ContentCache,
    /// Accounts' first pages of documents, used only while their listing revision holds.
    listing_cache: documents::account::ListingCache,
    /// Password hashing for requests, a few at a time.
    hashing: secrets::PasswordHashing,
    /// The journal's signed checkpoints, outside the database.
    checkpoints: journal::CheckpointLog,
    /// Which refusals are journaled (one a minute per person and kind).
    refusals: journal::RefusalGate,
    /// Page images for those who may only view a document (decision 0012).
    previews: guichet_preview::Previewer,
    /// Quote PDFs and receipts (built on first use).
    pdf: sales::quote_pdf::PdfEngine,
    /// Each provider's catalog categories (the catalog's filter: reading them reads every
    /// product), read again after a short while or a product change here.
    categories: kept::Kept<guichet_domain::TenantId, Vec<guichet_domain::Texts>>,
    /// How each provider takes payments, as invoice pages show it (read again after a short
    /// while or a change of its settings here; paying reads them afresh).
    payment_options: kept::Kept<guichet_domain::TenantId, Option<guichet_domain::PaymentSettings>>,
    /// Statements of account worked out, kept beside the ledger they come from.
    statements: billing::invoices::Statements,
    /// Stripe's API, for card payments.
    stripe: guichet_pay::StripeClient,
}

impl Portal {
    pub fn new(
        store: Arc<dyn Store>,
        blobs: Arc<dyn guichet_blob::BlobStore>,
        catalogs: Arc<Catalogs>,
        settings: CoreSettings,
    ) -> Self {
        Portal {
            hashing: secrets::PasswordHashing::new(
                settings.password_cost,
                settings.password_hashing,
            ),
            checkpoints: journal::CheckpointLog::new(settings.journal.checkpoint_file.clone()),
            previews: guichet_preview::Previewer::new(settings.preview.clone()),
            stripe: guichet_pay::StripeClient::new(&settings.payments.stripe_api),
            store,
            blobs,
            catalogs,
            settings,
            flow_cache: Default::default(),
            content_cache: Default::default(),
            listing_cache: Default::default(),
            refusals: Default::default(),
            pdf: Default::default(),
            categories: Default::default(),
            payment_options: Default::default(),
            statements: crate::derived::Derived::new(200),
        }
    }
}
