//! Billing: invoices and credit notes, their schedules and balances.
mod invoices;
mod payments;

pub use invoices::*;
pub use payments::*;
