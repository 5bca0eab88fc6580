//! A customer's company profile as the customer maintains it (My company), and the record of
//! every change made to it.
use crate::{ChangeId, CustomerId, Field, Millis, TenantId, UserId};

/// Legal and billing details of a customer account. `version` grows with every save, so two
/// people editing at once cannot overwrite each other unknowingly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompanyProfile {
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub legal_name: String,
    pub tax_number: String,
    pub tax_number_qc: String,
    pub phone: String,
    pub billing_contact: String,
    pub billing_email: String,
    pub version: i64,
    pub updated_at: Millis,
}

impl CompanyProfile {
    /// The fields of the profile, in the order pages show them.
    pub const FIELDS: [Field; 6] = [
        Field::LegalName,
        Field::TaxNumber,
        Field::TaxNumberQc,
        Field::Phone,
        Field::BillingContact,
        Field::BillingEmail,
    ];

    pub fn get(&self, f: Field) -> &str {
        match f {
            Field::LegalName => &self.legal_name,
            Field::TaxNumber => &self.tax_number,
            Field::TaxNumberQc => &self.tax_number_qc,
            Field::Phone => &self.phone,
            Field::BillingContact => &self.billing_contact,
            Field::BillingEmail => &self.billing_email,
            _ => "",
        }
    }

    /// Sets a profile field; false for a field the profile does not hold.
    pub fn set(&mut self, f: Field, value: String) -> bool {
        let slot = match f {
            Field::LegalName => &mut self.legal_name,
            Field::TaxNumber => &mut self.tax_number,
            Field::TaxNumberQc => &mut self.tax_number_qc,
            Field::Phone => &mut self.phone,
            Field::BillingContact => &mut self.billing_contact,
            Field::BillingEmail => &mut self.billing_email,
            _ => return false,
        };
        *slot = value;
        true
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStatus {
    /// Applied at once (the field needs no approval).
    Applied,
    /// Waiting for staff; the profile still shows the old value.
    Pending,
    Approved,
    Rejected,
}

impl ChangeStatus {
    pub const ALL: [ChangeStatus; 4] = [
        ChangeStatus::Applied,
        ChangeStatus::Pending,
        ChangeStatus::Approved,
        ChangeStatus::Rejected,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ChangeStatus::Applied => "applied",
            ChangeStatus::Pending => "pending",
            ChangeStatus::Approved => "approved",
            ChangeStatus::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// One field changed by someone, with the values before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct CompanyChange {
    pub id: ChangeId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub user_id: UserId,
    /// The author's name (filled when read).
    pub user_name: String,
    pub field: Field,
    pub before: String,
    pub after: String,
    pub status: ChangeStatus,
    pub created_at: Millis,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<Millis>,
}
