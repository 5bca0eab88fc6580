//! Billing (issue 17): invoices and credit notes staff issue and contacts read.
pub mod credits;
pub mod invoice_pdf;
pub mod invoices;
pub mod manual;
pub mod online;
pub mod reminders;
pub mod statement_pdf;
pub mod transfers;

pub use credits::CreditInput;
pub use guichet_store::InvoiceQuery;
pub use invoices::{BillInput, PaymentInput};
pub use manual::{MANUAL_LINES_MAX, ManualInvoiceInput, ManualLineInput};
pub use online::{
    CardPayment, PayPlan, PaymentOptions, PaymentSettingsInput, PaymentSettingsView,
    PaymentsConfig, WebhookOutcome, WebhookRefusal,
};
pub use reminders::RuleInput;
pub use transfers::ProofInput;
