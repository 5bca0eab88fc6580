//! What people are told by email, and how often.

/// Kinds of events a person may be notified of. Security emails (sign-in links, invitations,
/// password resets) are not listed: they are always sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NotifyKind {
    DocumentShared,
    CommentMention,
    /// A new message on a project one follows.
    CommentNew,
    QuoteToApprove,
    InvoiceIssued,
    OrderUpdate,
    SupportReply,
    ProjectStep,
}

impl NotifyKind {
    pub const ALL: [NotifyKind; 8] = [
        NotifyKind::DocumentShared,
        NotifyKind::CommentMention,
        NotifyKind::CommentNew,
        NotifyKind::QuoteToApprove,
        NotifyKind::InvoiceIssued,
        NotifyKind::OrderUpdate,
        NotifyKind::SupportReply,
        NotifyKind::ProjectStep,
    ];
    pub fn code(self) -> &'static str {
        match self {
            NotifyKind::DocumentShared => "document_shared",
            NotifyKind::CommentMention => "comment_mention",
            NotifyKind::CommentNew => "comment_new",
            NotifyKind::QuoteToApprove => "quote_to_approve",
            NotifyKind::InvoiceIssued => "invoice_issued",
            NotifyKind::OrderUpdate => "order_update",
            NotifyKind::SupportReply => "support_reply",
            NotifyKind::ProjectStep => "project_step",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One line of someone's daily summary email, written in their language when the event
/// happened.
#[derive(Clone, Debug, PartialEq)]
pub struct DigestItem {
    pub id: uuid::Uuid,
    pub tenant_id: crate::TenantId,
    pub user_id: crate::UserId,
    pub line: String,
    pub created_at: crate::Millis,
    pub sent_at: Option<crate::Millis>,
}

/// How a person wants to hear of one kind of event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NotifyMode {
    /// One email per event, at once (the default).
    #[default]
    Immediate,
    /// Gathered into one email a day.
    Digest,
    /// No email: only in the portal's notifications.
    Portal,
    /// Nothing at all.
    Off,
}

impl NotifyMode {
    pub const ALL: [NotifyMode; 4] = [
        NotifyMode::Immediate,
        NotifyMode::Digest,
        NotifyMode::Portal,
        NotifyMode::Off,
    ];
    pub fn code(self) -> &'static str {
        match self {
            NotifyMode::Immediate => "immediate",
            NotifyMode::Digest => "digest",
            NotifyMode::Portal => "portal",
            NotifyMode::Off => "off",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// One line of a person's notifications in the portal (the bell): what happened, in their
/// language when it happened, and where to see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalNotice {
    pub id: uuid::Uuid,
    pub tenant_id: crate::TenantId,
    pub user_id: crate::UserId,
    pub kind: NotifyKind,
    pub text: String,
    /// A path of this portal (`/portal/orders/…`), or empty.
    pub link: String,
    pub created_at: crate::Millis,
    pub read_at: Option<crate::Millis>,
}
