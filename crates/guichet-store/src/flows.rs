//! Flow types and projects' places in them.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

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
    /// Saves a project's place, settles documents (an offer accepted or refused) and appends
    /// the journal entries that record it (sealed under `key`), in one transaction: each
    /// document must still be as the page showed it (`expected`, its `updated_at`), else
    /// `Conflict` (`documents_updated_at`) and nothing is written; a place moved meanwhile is
    /// `Conflict` (`project_flows_revision`).
    async fn save_project_flow_journaled(
        &self,
        pf: &ProjectFlow,
        expected_revision: i64,
        settle: &[DocumentSettle],
        journal: &[JournalEntry],
        key: &JournalKey,
    ) -> StoreResult<()>;
}

/// A document's status set as part of a step (an offer accepted or refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSettle {
    pub id: DocumentId,
    pub status: DocumentStatus,
    /// Its `updated_at` when the page was shown.
    pub expected: Millis,
    pub now: Millis,
}
