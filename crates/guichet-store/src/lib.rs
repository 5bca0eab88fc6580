//! Storage ports: small async traits per aggregate, `Store` as their sum.
//! Every method that reads tenant data takes the tenant id: nothing crosses tenants.

use async_trait::async_trait;
use guichet_domain::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait TenantStore {
    /// Inserts the tenant and its default portal role ("Client", `Permissions::default_role`).
    async fn insert_tenant(&self, tenant: &Tenant) -> StoreResult<()>;
    async fn tenant_by_host(&self, host: &str) -> StoreResult<Option<Tenant>>;
    async fn tenant(&self, id: TenantId) -> StoreResult<Option<Tenant>>;
    /// The tenant's largest upload in MB (none: the instance default).
    async fn set_upload_limit(&self, tenant: TenantId, mb: Option<i64>) -> StoreResult<()>;
    /// The document kinds the provider uses (empty: all).
    async fn set_document_kinds(&self, tenant: TenantId, kinds: &[String]) -> StoreResult<()>;
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
}

#[async_trait]
pub trait UserStore {
    async fn insert_user(&self, user: &User) -> StoreResult<()>;
    async fn user(&self, tenant: TenantId, id: UserId) -> StoreResult<Option<User>>;
    async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>>;
    /// Updates name, email, phone, locale, staff role and active flag.
    async fn update_user(&self, user: &User) -> StoreResult<()>;
    async fn set_user_locale(
        &self,
        tenant: TenantId,
        id: UserId,
        locale: Locale,
    ) -> StoreResult<()>;
    async fn list_staff(&self, tenant: TenantId) -> StoreResult<Vec<User>>;
    /// Sets the password hash, spends the token (if any) and ends every session of the user
    /// except `keep_session`, in one transaction. Returns false if the token was already spent
    /// or expired (then nothing changed).
    async fn set_password(
        &self,
        tenant: TenantId,
        user: UserId,
        password_hash: &str,
        spend: Option<(TokenPurpose, &str)>,
        keep_session: Option<SessionId>,
        now: Millis,
    ) -> StoreResult<bool>;
    /// Sets the active flag; deactivating also ends every session of the user at once.
    async fn set_user_active(
        &self,
        tenant: TenantId,
        id: UserId,
        active: bool,
        now: Millis,
    ) -> StoreResult<()>;
}

/// A page of customers ordered by name, then id (keyset pagination).
#[derive(Clone, Debug, Default)]
pub struct CustomerQuery {
    pub search: Option<String>,
    pub after: Option<(String, CustomerId)>,
    pub limit: i64,
}

#[async_trait]
pub trait CustomerStore {
    async fn insert_customer(&self, customer: &Customer) -> StoreResult<()>;
    async fn update_customer(&self, customer: &Customer) -> StoreResult<()>;
    async fn customer(&self, tenant: TenantId, id: CustomerId) -> StoreResult<Option<Customer>>;
    async fn customer_by_number(
        &self,
        tenant: TenantId,
        number: &str,
    ) -> StoreResult<Option<Customer>>;
    async fn list_customers(
        &self,
        tenant: TenantId,
        query: &CustomerQuery,
    ) -> StoreResult<Vec<Customer>>;
    async fn count_customers(&self, tenant: TenantId) -> StoreResult<i64>;
    /// Inserts a contact and its membership in one transaction. `NotFound` if the customer or
    /// the role is not the tenant's.
    async fn insert_contact(&self, membership: &Membership, user: &User) -> StoreResult<()>;
    /// Makes an existing user a member of another customer account of the same tenant
    /// (`NotFound` if the customer, the user or the role is not the tenant's).
    async fn add_membership(&self, membership: &Membership) -> StoreResult<()>;
    /// The contacts of a customer account with their role there, by name.
    async fn contacts_of(&self, tenant: TenantId, customer: CustomerId)
    -> StoreResult<Vec<Member>>;
    async fn customers_of(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Customer>>;
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

#[async_trait]
pub trait JournalStore {
    /// Appends an entry at the end of its tenant's chain: `seq`, `prev_hash` and `hash` are
    /// set here (the given ones are ignored). Returns the entry as stored.
    async fn append(&self, entry: &JournalEntry) -> StoreResult<JournalEntry>;
    /// Entries, newest first.
    async fn journal(
        &self,
        tenant: TenantId,
        query: &JournalQuery,
    ) -> StoreResult<Vec<JournalEntry>>;
    /// A tenant's whole chain in order (for verification).
    async fn chain(&self, tenant: TenantId) -> StoreResult<Vec<JournalEntry>>;
}

#[async_trait]
pub trait CommentStore {
    /// `NotFound` if the project (and document) are not the tenant's and the customer's.
    async fn insert_comment(&self, comment: &Comment) -> StoreResult<()>;
    /// Comments of a project (`document`: none → on the project itself), oldest first, with
    /// their authors' names.
    async fn comments_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
    ) -> StoreResult<Vec<Comment>>;
    /// Someone follows a project's conversations (no error if they already do).
    async fn follow(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
        at: Millis,
    ) -> StoreResult<()>;
    async fn unfollow(&self, tenant: TenantId, project: ProjectId, user: UserId)
    -> StoreResult<()>;
    async fn followers(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<UserId>>;
    /// Records that `user` has read a conversation (a project's or a document's id) up to `at`.
    async fn mark_read(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: uuid::Uuid,
        at: Millis,
    ) -> StoreResult<()>;
    async fn read_at(
        &self,
        tenant: TenantId,
        user: UserId,
        thread: uuid::Uuid,
    ) -> StoreResult<Option<Millis>>;
    /// In one statement: until when `user` read the project's own conversation, and whether
    /// they follow the project.
    async fn reader_state(
        &self,
        tenant: TenantId,
        user: UserId,
        project: ProjectId,
    ) -> StoreResult<(Option<Millis>, bool)>;
    /// Messages by others on these projects' own conversations that `user` has not read.
    async fn unread_counts(
        &self,
        tenant: TenantId,
        user: UserId,
        projects: &[ProjectId],
    ) -> StoreResult<Vec<(ProjectId, i64)>>;
}

#[async_trait]
pub trait RequestStore {
    /// `NotFound` if the project is not the tenant's and the customer's.
    async fn insert_request(&self, request: &DocumentRequest) -> StoreResult<()>;
    async fn request(
        &self,
        tenant: TenantId,
        id: RequestId,
    ) -> StoreResult<Option<DocumentRequest>>;
    /// A project's requests, outstanding first (by due date), then fulfilled ones.
    async fn requests_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<DocumentRequest>>;
    /// Marks a request fulfilled by a document; `Conflict` if it already was.
    async fn fulfil_request(
        &self,
        tenant: TenantId,
        id: RequestId,
        document: DocumentId,
        by: UserId,
        at: Millis,
    ) -> StoreResult<()>;
}

#[async_trait]
pub trait LinkStore {
    /// `NotFound` if the project (and document) are not the tenant's and the customer's.
    async fn insert_link(&self, link: &ShareLink) -> StoreResult<()>;
    async fn link_by_hash(
        &self,
        tenant: TenantId,
        token_hash: &str,
    ) -> StoreResult<Option<ShareLink>>;
    /// A project's links, newest first.
    async fn links_of(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<ShareLink>>;
    /// Revokes a live link; false if it was not live (already revoked, or not the tenant's).
    async fn revoke_link(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<bool>;
    async fn count_link_use(&self, tenant: TenantId, id: LinkId, at: Millis) -> StoreResult<()>;
}

#[async_trait]
pub trait DocumentStore {
    /// A new document with its first version, in one transaction (`NotFound` if the project is
    /// not the tenant's or not the document's customer's).
    async fn insert_document(&self, doc: &Document, first: &DocumentVersion) -> StoreResult<()>;
    /// Adds a version; its number is the next one, chosen in the transaction (the given
    /// `number` is ignored). Returns the saved version.
    async fn add_version(&self, version: &DocumentVersion) -> StoreResult<DocumentVersion>;
    /// Sets a document's status if it was not changed since `expected_updated_at` (`Conflict`
    /// otherwise, `NotFound` if it is not the tenant's).
    async fn set_document_status(
        &self,
        tenant: TenantId,
        id: DocumentId,
        status: &str,
        expected_updated_at: Millis,
        now: Millis,
    ) -> StoreResult<()>;
    async fn document(&self, tenant: TenantId, id: DocumentId) -> StoreResult<Option<Document>>;
    /// A project's documents, newest first, each with its latest version.
    async fn documents_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A project's documents of one kind (its quotes, its contracts), as `documents_of`.
    async fn documents_of_kind(
        &self,
        tenant: TenantId,
        project: ProjectId,
        kind: &str,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A page of a project's documents, newest first: those listed after `before` (its
    /// `created_at` and id), at most `limit`.
    async fn project_documents_page(
        &self,
        tenant: TenantId,
        project: ProjectId,
        before: Option<(Millis, DocumentId)>,
        limit: i64,
    ) -> StoreResult<Vec<(Document, DocumentVersion)>>;
    /// A customer account's documents across its projects, newest first, keyset-paginated.
    async fn customer_documents(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        query: &DocumentQuery,
    ) -> StoreResult<Vec<AccountDocument>>;
    /// A document's versions, newest first.
    async fn versions(
        &self,
        tenant: TenantId,
        document: DocumentId,
    ) -> StoreResult<Vec<DocumentVersion>>;
    async fn version(
        &self,
        tenant: TenantId,
        id: VersionId,
    ) -> StoreResult<Option<DocumentVersion>>;
}

#[async_trait]
pub trait ShareStore {
    /// Sets (or replaces) one contact's right on a project or one of its documents; `NotFound`
    /// if the project, document or contact is not the tenant's.
    async fn set_share(&self, share: &Share) -> StoreResult<()>;
    /// Back to what their role (or the project's share) gives.
    async fn remove_share(
        &self,
        tenant: TenantId,
        project: ProjectId,
        document: Option<DocumentId>,
        user: UserId,
    ) -> StoreResult<()>;
    /// Every share set for one contact (across projects).
    async fn shares_of_contact(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Share>>;
    /// A project with the shares set for one contact on it and its documents, and its place in
    /// its flow, in one statement (what a contact's pages need first).
    async fn project_with_shares_of(
        &self,
        tenant: TenantId,
        project: ProjectId,
        user: UserId,
    ) -> StoreResult<Option<ProjectHead>>;
    /// Every share on a project and its documents.
    async fn shares_of_project(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Vec<Share>>;
}

/// Which of an account's documents to list.
#[derive(Clone, Debug, Default)]
pub struct DocumentQuery {
    /// Only these kinds (empty: all).
    pub kinds: Vec<String>,
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProjectSort {
    /// Newest first.
    #[default]
    Recent,
    Title,
}

#[async_trait]
pub trait ProjectStore {
    /// `NotFound` if the customer is not the tenant's.
    async fn insert_project(&self, project: &Project) -> StoreResult<()>;
    /// Saves a project if it was not changed since `expected_updated_at` (`Conflict` otherwise).
    async fn update_project(
        &self,
        project: &Project,
        expected_updated_at: Millis,
    ) -> StoreResult<()>;
    async fn project(&self, tenant: TenantId, id: ProjectId) -> StoreResult<Option<Project>>;
    async fn projects_of(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        query: &ProjectQuery,
    ) -> StoreResult<Vec<Project>>;
    /// Replaces the provider's team on a project (only the tenant's staff are kept), in one
    /// transaction; `NotFound` if the project is not the tenant's.
    async fn set_project_team(
        &self,
        tenant: TenantId,
        project: ProjectId,
        staff: &[UserId],
    ) -> StoreResult<()>;
    /// The provider's team on a project, by name.
    async fn project_team(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<User>>;
}

/// What a contact's project pages read first, in one statement.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectHead {
    pub project: Project,
    /// The shares set for that contact on the project and its documents.
    pub shares: Vec<Share>,
    /// Its place in its flow, with the flow type's current revision.
    pub flow: Option<(ProjectFlow, i64)>,
}

#[async_trait]
pub trait FlowStore {
    async fn insert_flow(&self, flow: &FlowType) -> StoreResult<()>;
    /// Saves an edited flow type if it is still at `expected_revision` (`Conflict` otherwise)
    /// and, in the same transaction, moves the projects at each `(from, to)` sub-status.
    /// Returns how many projects moved.
    async fn update_flow(
        &self,
        flow: &FlowType,
        expected_revision: i64,
        moves: &[(String, String)],
    ) -> StoreResult<u64>;
    /// A provider's flow types, by name.
    async fn flows(&self, tenant: TenantId) -> StoreResult<Vec<FlowType>>;
    async fn flow(&self, tenant: TenantId, id: FlowId) -> StoreResult<Option<FlowType>>;
    /// How many projects stand at each sub-status of a flow type.
    async fn flow_usage(&self, tenant: TenantId, flow: FlowId) -> StoreResult<Vec<(String, i64)>>;
    async fn project_flow(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Option<ProjectFlow>>;
    /// A project's place in its flow with the flow type's current revision (one statement:
    /// enough to tell whether a flow type read earlier is still current).
    async fn project_flow_revision(
        &self,
        tenant: TenantId,
        project: ProjectId,
    ) -> StoreResult<Option<(ProjectFlow, i64)>>;
    /// The projects standing at one sub-status of a flow type, longest waiting first:
    /// (project, its customer's name, when it arrived there).
    async fn projects_at_step(
        &self,
        tenant: TenantId,
        flow: FlowId,
        step: &str,
        limit: i64,
    ) -> StoreResult<Vec<(Project, String, Millis)>>;
    /// Where each of these projects stands: (project, flow type, current sub-status, the flow
    /// type's revision), for those that follow a flow.
    async fn project_steps(
        &self,
        tenant: TenantId,
        projects: &[ProjectId],
    ) -> StoreResult<Vec<(ProjectId, FlowId, String, i64)>>;
    /// Puts a project in a flow type (replacing any earlier one); `NotFound` unless both are
    /// the tenant's.
    async fn start_project_flow(&self, pf: &ProjectFlow) -> StoreResult<()>;
    /// Saves a project's place in its flow if it is still at `expected_revision` (`Conflict`
    /// otherwise: someone moved it meanwhile).
    async fn save_project_flow(&self, pf: &ProjectFlow, expected_revision: i64) -> StoreResult<()>;
}

#[async_trait]
pub trait AddressStore {
    /// A customer's addresses: the default first, then active ones by label, archived last.
    async fn addresses(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Vec<ShippingAddress>>;
    async fn address(
        &self,
        tenant: TenantId,
        id: AddressId,
    ) -> StoreResult<Option<ShippingAddress>>;
    /// Inserts an address; if it is the default, the previous default stops being one, in the
    /// same transaction. `NotFound` if the customer is not the tenant's.
    async fn insert_address(&self, address: &ShippingAddress) -> StoreResult<()>;
    /// Saves an address if it was not changed since `expected_updated_at` (`Conflict`
    /// otherwise).
    async fn update_address(
        &self,
        address: &ShippingAddress,
        expected_updated_at: Millis,
    ) -> StoreResult<()>;
    /// Makes an active address the customer's default (`NotFound` if archived or foreign).
    async fn set_default_address(
        &self,
        tenant: TenantId,
        id: AddressId,
        at: Millis,
    ) -> StoreResult<()>;
    /// Archives (no longer the default) or restores an address.
    async fn set_address_archived(
        &self,
        tenant: TenantId,
        id: AddressId,
        archived: bool,
        at: Millis,
    ) -> StoreResult<()>;
    /// Deletes an address never used by an order (`Conflict` once used: archive it instead).
    async fn delete_address(&self, tenant: TenantId, id: AddressId) -> StoreResult<()>;
}

#[async_trait]
pub trait NotificationStore {
    /// The kinds this user set a mode for (others are `NotifyMode::default()`).
    async fn notification_prefs(
        &self,
        tenant: TenantId,
        user: UserId,
    ) -> StoreResult<Vec<(NotifyKind, NotifyMode)>>;
    /// Replaces the user's choices, in one transaction (`NotFound` if not the tenant's user).
    async fn set_notification_prefs(
        &self,
        tenant: TenantId,
        user: UserId,
        prefs: &[(NotifyKind, NotifyMode)],
    ) -> StoreResult<()>;
    /// A line for the user's next daily summary.
    async fn add_digest_item(&self, item: &DigestItem) -> StoreResult<()>;
    /// Unsent lines written before `before`, oldest first (at most `limit`).
    async fn digest_items_before(&self, before: Millis, limit: i64)
    -> StoreResult<Vec<DigestItem>>;
    /// Marks lines sent; returns how many were still unsent (another worker may have won).
    async fn mark_digest_sent(&self, ids: &[uuid::Uuid], at: Millis) -> StoreResult<u64>;
}

#[async_trait]
pub trait CompanyStore {
    async fn company_profile(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<CompanyProfile>>;
    /// Saves the profile (its `version` must be `expected + 1`; `expected` 0 means none yet)
    /// and records the changes, in one transaction. `Conflict` if someone saved meanwhile;
    /// `NotFound` if the customer is not the tenant's.
    async fn save_company_profile(
        &self,
        profile: &CompanyProfile,
        expected: i64,
        changes: &[CompanyChange],
    ) -> StoreResult<()>;
    /// The latest changes of a customer's profile, newest first, with their authors' names.
    async fn company_changes(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        limit: i64,
    ) -> StoreResult<Vec<CompanyChange>>;
    /// Approves (applying the new value to the profile) or rejects a pending change, in one
    /// transaction. `NotFound` if not the tenant's; `Conflict` if no longer pending.
    async fn decide_company_change(
        &self,
        tenant: TenantId,
        id: ChangeId,
        approve: bool,
        by: UserId,
        at: Millis,
    ) -> StoreResult<CompanyChange>;
    /// Profile fields whose changes by customers wait for staff approval.
    async fn approval_fields(&self, tenant: TenantId) -> StoreResult<Vec<Field>>;
    async fn set_approval_fields(&self, tenant: TenantId, fields: &[Field]) -> StoreResult<()>;
}

#[async_trait]
pub trait RoleStore {
    async fn insert_role(&self, role: &Role) -> StoreResult<()>;
    /// Saves name and permissions (`NotFound` if not the tenant's).
    async fn update_role(&self, role: &Role) -> StoreResult<()>;
    async fn role(&self, tenant: TenantId, id: RoleId) -> StoreResult<Option<Role>>;
    /// The tenant's roles, default first then by name, each with its number of memberships.
    async fn roles(&self, tenant: TenantId) -> StoreResult<Vec<(Role, i64)>>;
    /// Moves the role's memberships to `transfer_to` and deletes it, in one transaction;
    /// returns how many moved. `NotFound` if either is not the tenant's; `Conflict` for the
    /// default role or a transfer to itself.
    async fn delete_role(
        &self,
        tenant: TenantId,
        id: RoleId,
        transfer_to: RoleId,
    ) -> StoreResult<u64>;
    /// Gives these memberships (customer, user) of the tenant this role, in one transaction;
    /// returns how many changed. `NotFound` (and nothing changed) if the role or any of the
    /// memberships is not the tenant's.
    async fn set_member_roles(
        &self,
        tenant: TenantId,
        members: &[(CustomerId, UserId)],
        role: RoleId,
    ) -> StoreResult<u64>;
}

/// A live session with its user and the user's customer accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedIn {
    pub session: Session,
    pub user: User,
    /// The customer accounts of a contact (by name), each with the contact's role there.
    pub accounts: Vec<Account>,
}

#[async_trait]
pub trait SessionStore {
    async fn insert_session(&self, session: &Session) -> StoreResult<()>;
    /// The live session with this token hash and its active user, in one query.
    /// Everything a signed-in request needs, in one statement: the live session, its active
    /// user and the customer accounts the user belongs to (by name).
    async fn signed_in(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<SignedIn>>;
    async fn session_with_user(
        &self,
        tenant: TenantId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<(Session, User)>>;
    async fn touch_session(&self, id: SessionId, now: Millis) -> StoreResult<()>;
    async fn list_sessions(
        &self,
        tenant: TenantId,
        user: UserId,
        now: Millis,
    ) -> StoreResult<Vec<Session>>;
    /// Ends one session of this user; false if there was none.
    async fn delete_session(
        &self,
        tenant: TenantId,
        user: UserId,
        id: SessionId,
    ) -> StoreResult<bool>;
    async fn delete_sessions_of(
        &self,
        tenant: TenantId,
        user: UserId,
        except: Option<SessionId>,
    ) -> StoreResult<u64>;
}

#[async_trait]
pub trait TokenStore {
    /// Stores a new token and queues its email in one transaction; with `revoke_previous`,
    /// earlier unspent tokens of the same user and purpose stop working.
    async fn issue_token(
        &self,
        token: &Token,
        email: &OutboxEmail,
        revoke_previous: bool,
    ) -> StoreResult<()>;
    /// A token that is neither spent nor expired (no change made).
    async fn live_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>>;
    /// Any token with this hash, spent or not (to tell "used" from "expired" from "unknown").
    async fn token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
    ) -> StoreResult<Option<Token>>;
    /// Atomically marks a live token spent; `None` if it was not live (single use under races).
    async fn spend_token(
        &self,
        tenant: TenantId,
        purpose: TokenPurpose,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Token>>;
}

#[async_trait]
pub trait ThrottleStore {
    async fn record_failure(&self, tenant: TenantId, key: &str, now: Millis) -> StoreResult<()>;
    async fn failures_since(&self, tenant: TenantId, key: &str, since: Millis) -> StoreResult<i64>;
    async fn clear_failures(&self, tenant: TenantId, key: &str) -> StoreResult<()>;
    /// Deletes failures older than `before`, for every tenant.
    async fn prune_failures(&self, before: Millis) -> StoreResult<u64>;
}

#[async_trait]
pub trait OutboxStore {
    async fn enqueue_email(&self, email: &OutboxEmail) -> StoreResult<()>;
    /// Claims up to `limit` due emails (any tenant) by pushing their next attempt to
    /// `lease_until`; a crashed worker's claims come back when the lease runs out.
    async fn claim_emails(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: i64,
    ) -> StoreResult<Vec<OutboxEmail>>;
    /// Marks sent; with `wipe_body`, the body (which may hold a link) is cleared.
    async fn mark_email_sent(&self, id: EmailId, now: Millis, wipe_body: bool) -> StoreResult<()>;
    async fn mark_email_failed(
        &self,
        id: EmailId,
        next_attempt_at: Millis,
        error: &str,
    ) -> StoreResult<()>;
    async fn list_outbox(&self, tenant: TenantId, limit: i64) -> StoreResult<Vec<OutboxEmail>>;
    async fn outbox_email(&self, tenant: TenantId, id: EmailId)
    -> StoreResult<Option<OutboxEmail>>;
}

/// Everything an installation holds, for `migrate-db`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dump {
    pub tenants: Vec<Tenant>,
    pub users: Vec<User>,
    pub customers: Vec<Customer>,
    pub roles: Vec<Role>,
    pub memberships: Vec<Membership>,
    pub profiles: Vec<CompanyProfile>,
    pub company_changes: Vec<CompanyChange>,
    pub approval_fields: Vec<(TenantId, Field)>,
    /// (tenant, user, kind, mode)
    pub notification_prefs: Vec<(TenantId, UserId, NotifyKind, NotifyMode)>,
    pub addresses: Vec<ShippingAddress>,
    pub projects: Vec<Project>,
    pub documents: Vec<Document>,
    pub versions: Vec<DocumentVersion>,
    pub journal: Vec<JournalEntry>,
    pub links: Vec<ShareLink>,
    pub requests: Vec<DocumentRequest>,
    pub comments: Vec<Comment>,
    pub shares: Vec<Share>,
    /// (tenant, project, user, since)
    pub followers: Vec<(TenantId, ProjectId, UserId, Millis)>,
    /// (tenant, project, staff member)
    pub project_team: Vec<(TenantId, ProjectId, UserId)>,
    /// (tenant, user, thread, read up to)
    pub thread_reads: Vec<(TenantId, UserId, uuid::Uuid, Millis)>,
    pub flows: Vec<FlowType>,
    pub project_flows: Vec<ProjectFlow>,
    pub sessions: Vec<Session>,
    pub tokens: Vec<Token>,
    pub emails: Vec<OutboxEmail>,
}

#[async_trait]
pub trait Maintenance {
    async fn ping(&self) -> StoreResult<()>;
    /// True when every migration this build knows is applied.
    async fn migrations_current(&self) -> StoreResult<bool>;
    async fn migrate(&self) -> StoreResult<usize>;
    async fn dump(&self) -> StoreResult<Dump>;
    /// Loads a dump into an empty database, in one transaction.
    async fn restore(&self, dump: &Dump) -> StoreResult<()>;
    fn backend_name(&self) -> &'static str;
}

pub trait Store:
    TenantStore
    + UserStore
    + CustomerStore
    + CompanyStore
    + NotificationStore
    + AddressStore
    + ProjectStore
    + FlowStore
    + DocumentStore
    + JournalStore
    + LinkStore
    + RequestStore
    + CommentStore
    + ShareStore
    + RoleStore
    + SessionStore
    + TokenStore
    + ThrottleStore
    + OutboxStore
    + Maintenance
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: TenantStore
        + UserStore
        + CustomerStore
        + CompanyStore
        + NotificationStore
        + AddressStore
        + ProjectStore
        + FlowStore
        + DocumentStore
        + JournalStore
        + LinkStore
        + RequestStore
        + CommentStore
        + ShareStore
        + RoleStore
        + SessionStore
        + TokenStore
        + ThrottleStore
        + OutboxStore
        + Maintenance
        + Send
        + Sync
{
}
