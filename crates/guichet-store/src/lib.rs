//! Storage ports: small async traits per aggregate (a module each), `Store` as their sum.
//! Every method that reads tenant data takes the tenant id: nothing crosses tenants.

mod addresses;
mod checkouts;
mod comments;
mod company;
mod customers;
mod documents;
mod error;
mod flows;
mod invoices;
mod jobs;
mod journal;
mod journaled;
mod links;
mod maintenance;
mod notifications;
mod outbox;
mod projects;
mod quotes;
mod requests;
mod roles;
mod sales;
mod sessions;
mod shares;
mod tenants;
mod throttle;
mod tokens;
mod users;

pub use addresses::*;
pub use checkouts::*;
pub use comments::*;
pub use company::*;
pub use customers::*;
pub use documents::*;
pub use error::*;
pub use flows::*;
pub use invoices::*;
pub use jobs::*;
pub use journal::*;
pub use journaled::{PendingJournal, take_pending_journal, with_journal};
pub use links::*;
pub use maintenance::*;
pub use notifications::*;
pub use outbox::*;
pub use projects::*;
pub use quotes::*;
pub use requests::*;
pub use roles::*;
pub use sales::*;
pub use sessions::*;
pub use shares::*;
pub use tenants::*;
pub use throttle::*;
pub use tokens::*;
pub use users::*;

// The values these ports take and give, re-exported for their callers.
pub use guichet_domain::{
    Account, AccountDocument, CustomerQuery, DocumentQuery, JournalQuery, ListingRevision, Member,
    Membership, ProjectHead, ProjectQuery, ProjectSort, SignedIn,
};

pub trait Store:
    TenantStore
    + UserStore
    + CustomerStore
    + CompanyStore
    + NotificationStore
    + AddressStore
    + ProjectStore
    + FlowStore
    + DocumentStore
    + JournalStore
    + LinkStore
    + RequestStore
    + CommentStore
    + ShareStore
    + RoleStore
    + CatalogStore
    + OrderStore
    + QuoteStore
    + InvoiceStore
    + CheckoutStore
    + JobStore
    + ReminderStore
    + SessionStore
    + TokenStore
    + ThrottleStore
    + OutboxStore
    + Maintenance
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: TenantStore
        + UserStore
        + CustomerStore
        + CompanyStore
        + NotificationStore
        + AddressStore
        + ProjectStore
        + FlowStore
        + DocumentStore
        + JournalStore
        + LinkStore
        + RequestStore
        + CommentStore
        + ShareStore
        + RoleStore
        + CatalogStore
        + OrderStore
        + QuoteStore
        + InvoiceStore
        + CheckoutStore
        + JobStore
        + ReminderStore
        + SessionStore
        + TokenStore
        + ThrottleStore
        + OutboxStore
        + Maintenance
        + Send
        + Sync
{
}
