//! Billing: invoices and credit notes, their schedules and balances.
mod invoices;

pub use invoices::*;
