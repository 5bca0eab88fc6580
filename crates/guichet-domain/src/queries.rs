//! What the store is asked for and answers with, beyond single entities: list filters, a
//! signed-in request's accounts, a project page's first read.

use crate::*;

/// A page of customers ordered by name, then id (keyset pagination).
#[derive(Clone, Debug, Default)]
pub struct CustomerQuery {
    pub search: Option<String>,
    pub after: Option<(String, CustomerId)>,
    pub limit: i64,
}

/// A contact's place in a customer account: their role there and who invited them.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub user_id: UserId,
    pub role_id: RoleId,
    pub invited_by: Option<UserId>,
    pub created_at: Millis,
}

/// A contact as listed in a customer account.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub user: User,
    pub role_id: RoleId,
    pub invited_by: Option<UserId>,
    /// The inviter's name, for "who invited whom".
    pub invited_by_name: Option<String>,
    pub since: Millis,
}

/// A customer account a signed-in contact belongs to, with the role they have there.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    pub customer: Customer,
    pub role: Role,
}

/// Which journal entries to read.
#[derive(Clone, Debug, Default)]
pub struct JournalQuery {
    pub project: Option<ProjectId>,
    pub object: Option<uuid::Uuid>,
    /// Actions starting with this (`document.` for every document action).
    pub action_prefix: Option<String>,
    pub limit: i64,
}

/// Which of an account's documents to list.
#[derive(Clone, Debug, Default)]
pub struct DocumentQuery {
    /// Only these kinds (empty: all).
    pub kinds: Vec<DocumentKind>,
    /// Only in these projects.
    pub projects: Option<Vec<ProjectId>>,
    /// Words looked for in the title.
    pub search: Option<String>,
    /// Only documents listed after this one (its `created_at` and id), for the next page.
    pub before: Option<(Millis, DocumentId)>,
    pub limit: i64,
}

/// A document of an account with its latest version and its project.
#[derive(Clone, Debug)]
pub struct AccountDocument {
    pub doc: Document,
    pub latest: DocumentVersion,
    pub project: Project,
}

/// Which of a customer's projects to list.
#[derive(Clone, Debug, Default)]
pub struct ProjectQuery {
    /// Words looked for in the title and reference.
    pub search: Option<String>,
    pub status: Option<ProjectStatus>,
    /// Only projects created by this person or shared with them (the "own records" scope).
    pub own: Option<UserId>,
    pub sort: ProjectSort,
    pub limit: i64,
}

/// Which of a provider's projects, across its customers, staff list (most recently changed
/// first).
#[derive(Clone, Debug, Default)]
pub struct StaffProjectQuery {
    /// Words looked for in the title, the reference and the customer's name.
    pub search: Option<String>,
    pub status: Option<ProjectStatus>,
    /// Only projects with this staff member on their team.
    pub team_member: Option<UserId>,
    /// Only projects standing at one of these steps of their flow (flow type, sub-status);
    /// an empty list finds none.
    pub at_steps: Option<Vec<(FlowId, String)>>,
    pub limit: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectSort {
    /// Newest first.
    #[default]
    Recent,
    Title,
}

/// What a contact's project pages read first, in one statement: the project, its place in its
/// flow, the revision of what its page lists, and where the reader stands in its conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectHead {
    pub project: Project,
    /// Its place in its flow, with the flow type's current revision.
    pub flow: Option<(ProjectFlow, i64)>,
    /// Changes whenever what the project's page lists changes (documents and their versions,
    /// requests, comments, the team and the names shown): content read at this revision may
    /// be shown again while it holds.
    pub content_revision: i64,
    /// Until when the reader had read the project's own conversation.
    pub read_at: Option<Millis>,
    /// Whether the reader follows the project.
    pub following: bool,
}

/// A live session with its user and the user's customer accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub session: Session,
    pub user: User,
    /// The customer accounts of a contact (by name), each with the contact's role there.
    pub accounts: Vec<Account>,
    /// The access staff set for this person on projects and documents (decision 0005).
    pub shares: Vec<Share>,
    /// How many of the person's notifications in the portal are unread (the bell's count).
    pub unread: i64,
}

/// What an account's documents listing depends on: it moves whenever one of the account's
/// projects changes what it lists (its content revision), or the projects themselves change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ListingRevision {
    /// The sum of the account's projects' content revisions (each only grows).
    pub content: i64,
    pub projects: i64,
    pub projects_updated: Millis,
}
