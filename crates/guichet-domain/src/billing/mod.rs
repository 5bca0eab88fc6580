//! Billing: invoices and credit notes, their schedules and balances; payments, online ones
//! through a checkout.
mod checkouts;
mod invoices;
mod payments;
mod reminders;
mod statements;
mod transfers;

pub use checkouts::*;
pub use invoices::*;
pub use payments::*;
pub use reminders::*;
pub use statements::*;
pub use transfers::*;
