//! Rights of one contact on one project or one document, set by staff over what the contact's
//! role gives: share a whole project, only some of its documents, or restrict someone to viewing.
use std::collections::HashMap;

use crate::{DocumentId, Millis, ProjectId, TenantId, UserId};

/// What a contact may do with documents. Ordered: each level includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ShareLevel {
    /// On a project: the contact sees only the documents shared with them one by one.
    /// On a document: hidden from the contact.
    Hidden,
    /// See the document, its versions and comments, and preview PDFs and images in the browser.
    View,
    /// Also download its files (one by one or in a ZIP).
    Download,
    /// Also add files: new documents on a project, new versions of a document.
    Upload,
}

impl ShareLevel {
    pub const ALL: [ShareLevel; 4] = [
        ShareLevel::Hidden,
        ShareLevel::View,
        ShareLevel::Download,
        ShareLevel::Upload,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ShareLevel::Hidden => "hidden",
            ShareLevel::View => "view",
            ShareLevel::Download => "download",
            ShareLevel::Upload => "upload",
        }
    }
    pub fn parse(s: &str) -> Option<ShareLevel> {
        ShareLevel::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// A right set by staff for one contact on a project (`document_id` none) or one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    pub tenant_id: TenantId,
    pub project_id: ProjectId,
    pub document_id: Option<DocumentId>,
    pub user_id: UserId,
    pub level: ShareLevel,
    pub granted_by: UserId,
    pub granted_at: Millis,
}

/// What a contact's role gives on one project, before shares.
#[derive(Clone, Copy, Debug, Default)]
pub struct RoleRights {
    /// The role opens the projects area at all (without it, shares give nothing).
    pub projects_area: bool,
    /// The role's projects scope reaches this project.
    pub reaches_project: bool,
    /// The role may see documents (of the kinds its scope names).
    pub view_documents: bool,
    pub create_documents: bool,
    /// New versions of documents the role reaches.
    pub edit_documents: bool,
}

/// A contact's rights on one project's documents: their role, then the shares that staff set
/// for them (a document's share wins over the project's, which wins over the role).
#[derive(Clone, Debug, Default)]
pub struct ProjectRights {
    pub role: RoleRights,
    pub project: Option<ShareLevel>,
    pub documents: HashMap<DocumentId, ShareLevel>,
}

impl ProjectRights {
    pub fn new(role: RoleRights, user: UserId, shares: &[Share]) -> ProjectRights {
        let mut r = ProjectRights {
            role,
            ..Default::default()
        };
        for s in shares.iter().filter(|s| s.user_id == user) {
            match s.document_id {
                None => r.project = Some(s.level),
                Some(d) => {
                    r.documents.insert(d, s.level);
                }
            }
        }
        r
    }

    /// Whether the project shows in their list and opens.
    pub fn sees_project(&self) -> bool {
        if !self.role.projects_area {
            return false;
        }
        let by_project = match self.project {
            Some(level) => level > ShareLevel::Hidden,
            None => self.role.reaches_project,
        };
        by_project || self.documents.values().any(|l| *l > ShareLevel::Hidden)
    }

    /// Their level on one document (`role_reaches`: the role's documents scope reaches it);
    /// `None` when they do not see it.
    pub fn document(&self, id: DocumentId, role_reaches: bool) -> Option<ShareLevel> {
        if !self.role.projects_area {
            return None;
        }
        let level = match (self.documents.get(&id), self.project) {
            (Some(level), _) => *level,
            (None, Some(level)) => level,
            (None, None)
                if self.role.reaches_project && self.role.view_documents && role_reaches =>
            {
                if self.role.edit_documents {
                    ShareLevel::Upload
                } else {
                    ShareLevel::Download
                }
            }
            (None, None) => return None,
        };
        (level > ShareLevel::Hidden).then_some(level)
    }

    /// Whether they may add documents to the project (and answer its document requests).
    pub fn may_add_documents(&self) -> bool {
        if !self.role.projects_area {
            return false;
        }
        match self.project {
            Some(level) => level == ShareLevel::Upload,
            None => self.role.reaches_project && self.role.create_documents,
        }
    }

    /// The level their role alone gives on the project's documents (shown to staff beside the
    /// setting: "by role: download").
    pub fn role_level(&self) -> Option<ShareLevel> {
        let r = &self.role;
        if !(r.projects_area && r.reaches_project) {
            return None;
        }
        Some(if !r.view_documents {
            ShareLevel::Hidden
        } else if r.create_documents || r.edit_documents {
            ShareLevel::Upload
        } else {
            ShareLevel::Download
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(user: UserId, document: Option<DocumentId>, level: ShareLevel) -> Share {
        Share {
            tenant_id: TenantId::new(),
            project_id: ProjectId::new(),
            document_id: document,
            user_id: user,
            level,
            granted_by: UserId::new(),
            granted_at: Millis(0),
        }
    }

    const CLIENT: RoleRights = RoleRights {
        projects_area: true,
        reaches_project: true,
        view_documents: true,
        create_documents: false,
        edit_documents: false,
    };

    #[test]
    fn the_role_alone_gives_download_on_what_it_reaches() {
        let me = UserId::new();
        let r = ProjectRights::new(CLIENT, me, &[]);
        let d = DocumentId::new();
        assert!(r.sees_project());
        assert_eq!(r.document(d, true), Some(ShareLevel::Download));
        assert_eq!(
            r.document(d, false),
            None,
            "a kind outside the role's scope"
        );
        assert!(!r.may_add_documents());
    }

    #[test]
    fn a_document_share_wins_over_the_project_which_wins_over_the_role() {
        let me = UserId::new();
        let (report, invoice, other) = (DocumentId::new(), DocumentId::new(), DocumentId::new());
        let shares = [
            share(me, None, ShareLevel::View),
            share(me, Some(report), ShareLevel::Download),
            share(me, Some(invoice), ShareLevel::Hidden),
            share(UserId::new(), Some(other), ShareLevel::Upload),
        ];
        let r = ProjectRights::new(CLIENT, me, &shares);
        assert_eq!(r.document(report, false), Some(ShareLevel::Download));
        assert_eq!(r.document(invoice, true), None);
        assert_eq!(
            r.document(other, true),
            Some(ShareLevel::View),
            "someone else's share"
        );
        assert!(!r.may_add_documents());
    }

    #[test]
    fn only_some_documents_shared() {
        let me = UserId::new();
        let report = DocumentId::new();
        let role = RoleRights {
            reaches_project: false,
            view_documents: false,
            ..CLIENT
        };
        assert!(!ProjectRights::new(role, me, &[]).sees_project());
        let shares = [
            share(me, None, ShareLevel::Hidden),
            share(me, Some(report), ShareLevel::View),
        ];
        let r = ProjectRights::new(CLIENT, me, &shares);
        assert!(
            r.sees_project(),
            "the project opens on its shared documents"
        );
        assert_eq!(r.document(report, true), Some(ShareLevel::View));
        assert_eq!(r.document(DocumentId::new(), true), None);
        let r = ProjectRights::new(role, me, &shares[1..]);
        assert!(
            r.sees_project(),
            "shared with someone whose role does not reach it"
        );
    }

    #[test]
    fn shares_give_nothing_without_the_projects_area() {
        let me = UserId::new();
        let d = DocumentId::new();
        let role = RoleRights::default();
        let r = ProjectRights::new(role, me, &[share(me, Some(d), ShareLevel::Upload)]);
        assert!(!r.sees_project());
        assert_eq!(r.document(d, true), None);
        assert!(!r.may_add_documents());
    }

    #[test]
    fn upload_on_the_project_lets_them_add_documents() {
        let me = UserId::new();
        let r = ProjectRights::new(CLIENT, me, &[share(me, None, ShareLevel::Upload)]);
        assert!(r.may_add_documents());
        let creator = RoleRights {
            create_documents: true,
            ..CLIENT
        };
        assert!(ProjectRights::new(creator, me, &[]).may_add_documents());
        let r = ProjectRights::new(creator, me, &[share(me, None, ShareLevel::Download)]);
        assert!(!r.may_add_documents(), "a share restricts the role too");
    }

    #[test]
    fn levels_parse_back() {
        for l in ShareLevel::ALL {
            assert_eq!(ShareLevel::parse(l.code()), Some(l));
        }
        assert_eq!(ShareLevel::parse("owner"), None);
    }
}
