//! Billing (issue 17): invoices and credit notes staff issue and contacts read.
pub mod invoices;

pub use invoices::BillInput;
