//! Billing: invoices and credit notes, their schedules and balances.
mod invoices;
mod payments;
mod statements;

pub use invoices::*;
pub use payments::*;
pub use statements::*;
