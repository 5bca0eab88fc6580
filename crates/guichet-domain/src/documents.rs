//! Documents of a project: a kind, a status suited to it, and versions (each a stored file).
use crate::{
    CustomerId, DocumentId, DocumentKind, DocumentStatus, Millis, ProjectId, TenantId, UserId,
    VersionId,
};

#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: DocumentId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub project_id: ProjectId,
    pub title: String,
    pub kind: DocumentKind,
    /// One of `kind.statuses()`.
    pub status: DocumentStatus,
    pub created_by: UserId,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// One stored file of a document; earlier versions stay downloadable.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentVersion {
    pub id: VersionId,
    pub tenant_id: TenantId,
    pub document_id: DocumentId,
    /// 1, 2, 3…
    pub number: i64,
    pub filename: String,
    /// Sniffed from the content, not taken from the browser.
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: UserId,
    pub uploaded_at: Millis,
}

/// Types shown in the browser; everything else is only downloaded (as an attachment).
pub fn previewable(content_type: &str) -> bool {
    matches!(
        content_type,
        "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// A file name safe to show and to send back in `Content-Disposition`: no path, no control
/// characters, at most 150 characters, never empty.
pub fn file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let short: String = trimmed.chars().take(150).collect();
    if short.is_empty() {
        "document".into()
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(file_name("C:\\Users\\x\\Plan signé.pdf"), "Plan signé.pdf");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name("..."), "document");
        assert_eq!(file_name("a\u{0}b\"c<d>.txt"), "abcd.txt");
        assert_eq!(file_name(&"x".repeat(300)).len(), 150);
    }
}

/// A "view the documents" link: a random token (stored hashed) that opens one document or a
/// whole project without an account, until it expires or staff revoke it.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLink {
    pub id: crate::LinkId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub project_id: ProjectId,
    /// Only this document; none: the whole project.
    pub document_id: Option<DocumentId>,
    /// For whom or why (shown to staff, and in the journal as the actor).
    pub label: String,
    pub token_hash: String,
    pub created_by: UserId,
    pub created_at: Millis,
    pub expires_at: Millis,
    pub revoked_at: Option<Millis>,
    pub uses: i64,
    pub last_used_at: Option<Millis>,
    /// Only for someone signed in as a contact of the account (or staff), not for anyone
    /// holding the link.
    pub sign_in: bool,
}

impl ShareLink {
    pub fn live(&self, now: Millis) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// Staff ask the customer for a file (a signed plan, a proof of transfer…) by a date; the
/// request shows in the portal until someone uploads it.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentRequest {
    pub id: crate::RequestId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub project_id: ProjectId,
    pub title: String,
    /// The kind the uploaded document gets.
    pub kind: DocumentKind,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub created_by: UserId,
    pub created_at: Millis,
    pub fulfilled_at: Option<Millis>,
    pub fulfilled_by: Option<UserId>,
    pub document_id: Option<DocumentId>,
}

/// A message on a project, or on one of its documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: crate::CommentId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub project_id: ProjectId,
    pub document_id: Option<DocumentId>,
    pub author: UserId,
    /// The author's name (filled when read).
    pub author_name: String,
    pub body: String,
    pub created_at: Millis,
    /// A file sent with the message (kept as a document of the project).
    pub attachment: Option<DocumentId>,
}

impl Comment {
    /// The conversation it belongs to: its document's, or the project's own.
    pub fn thread(&self) -> uuid::Uuid {
        self.document_id.map(|d| d.0).unwrap_or(self.project_id.0)
    }
}
