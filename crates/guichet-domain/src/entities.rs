//! The records Guichet keeps, as plain data.
use crate::{CustomerId, Email, EmailId, Locale, Millis, SessionId, TenantId, TokenId, UserId};

/// A provider: one company running its portal on its own host name.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenant {
    pub id: TenantId,
    pub host: String,
    pub name: String,
    /// Base URL used for every link in emails, e.g. `https://portail.example.com`.
    pub base_url: String,
    pub primary_colour: String,
    /// Logo as an inline SVG document (served at `/brand/logo.svg`), if any.
    pub logo_svg: Option<String>,
    pub default_locale: Locale,
    pub created_at: Millis,
    /// Largest uploaded file, in MB (10⁶ bytes); none: the instance's `max_upload_mb`.
    pub max_upload_mb: Option<i64>,
    /// The document kinds this provider uses; empty: all of them.
    pub document_kinds: Vec<crate::DocumentKind>,
}

impl Tenant {
    /// The document kinds offered in this provider's forms, in the usual order.
    pub fn kinds(&self) -> Vec<crate::DocumentKind> {
        crate::DocumentKind::ALL
            .into_iter()
            .filter(|k| self.offers_kind(*k))
            .collect()
    }
    pub fn offers_kind(&self, kind: crate::DocumentKind) -> bool {
        self.document_kinds.is_empty() || self.document_kinds.contains(&kind)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserKind {
    Staff,
    Contact,
}

impl UserKind {
    pub fn code(self) -> &'static str {
        match self {
            UserKind::Staff => "staff",
            UserKind::Contact => "contact",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "staff" => Some(UserKind::Staff),
            "contact" => Some(UserKind::Contact),
            _ => None,
        }
    }
}

/// What a staff member may do in the back-office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffRole {
    Admin,
    Manager,
    Agent,
    Accountant,
}

impl StaffRole {
    pub const ALL: [StaffRole; 4] = [
        StaffRole::Admin,
        StaffRole::Manager,
        StaffRole::Agent,
        StaffRole::Accountant,
    ];
    pub fn code(self) -> &'static str {
        match self {
            StaffRole::Admin => "admin",
            StaffRole::Manager => "manager",
            StaffRole::Agent => "agent",
            StaffRole::Accountant => "accountant",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// A person who signs in: a staff member of the provider or a contact of a customer.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: UserId,
    pub tenant_id: TenantId,
    pub kind: UserKind,
    pub email: Email,
    pub name: String,
    pub phone: String,
    pub locale: Locale,
    /// Where times are shown to this person, e.g. `America/Toronto`.
    pub time_zone: crate::TimeZone,
    pub staff_role: Option<StaffRole>,
    pub active: bool,
    /// Argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A postal address.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
}

impl Address {
    pub fn is_empty(&self) -> bool {
        self.line1.is_empty() && self.city.is_empty() && self.postal_code.is_empty()
    }
}

/// A customer account: a company buying from the provider.
#[derive(Clone, Debug, PartialEq)]
pub struct Customer {
    pub id: CustomerId,
    pub tenant_id: TenantId,
    pub number: String,
    pub name: String,
    pub locale: Locale,
    pub currency: String,
    pub billing: Address,
    pub shipping: Address,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A signed-in browser.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub id: SessionId,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub token_hash: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
    pub user_agent: String,
    pub ip: String,
}

/// Why a single-use emailed token exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenPurpose {
    Invitation,
    SignInLink,
    PasswordReset,
    /// Confirms a new address from that address before it replaces the person's own.
    EmailChange,
}

impl TokenPurpose {
    pub fn code(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::SignInLink => "sign_in_link",
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::EmailChange => "email_change",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "invitation" => Some(TokenPurpose::Invitation),
            "sign_in_link" => Some(TokenPurpose::SignInLink),
            "password_reset" => Some(TokenPurpose::PasswordReset),
            "email_change" => Some(TokenPurpose::EmailChange),
            _ => None,
        }
    }
    /// How long a token of this purpose stays valid.
    pub fn lifetime_secs(self) -> i64 {
        match self {
            TokenPurpose::Invitation => 7 * 24 * 3600,
            TokenPurpose::SignInLink => 15 * 60,
            TokenPurpose::PasswordReset => 3600,
            TokenPurpose::EmailChange => 24 * 3600,
        }
    }
}

/// A single-use token sent by email; only its hash is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub id: TokenId,
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub purpose: TokenPurpose,
    pub token_hash: String,
    /// The address an address-change token confirms (none for other purposes).
    pub new_email: Option<Email>,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub spent_at: Option<Millis>,
}

/// An email waiting in (or gone through) the outbox.
#[derive(Clone, Debug, PartialEq)]
pub struct OutboxEmail {
    pub id: EmailId,
    pub tenant_id: TenantId,
    pub to_addr: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
    pub attempts: i32,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
}
