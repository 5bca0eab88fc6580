//! Projects and their teams.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

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
    /// The provider's projects across its customers, with each one's customer name, most
    /// recently changed first.
    async fn staff_projects(
        &self,
        tenant: TenantId,
        query: &StaffProjectQuery,
    ) -> StoreResult<Vec<(Project, String)>>;
    /// Replaces the provider's team on a project (only the tenant's staff are kept), in one
    /// transaction; `NotFound` if the project is not the tenant's.
    async fn set_project_team(
        &self,
        tenant: TenantId,
        project: ProjectId,
        staff: &[UserId],
    ) -> StoreResult<()>;
    /// What a contact's project pages read first, in one statement: the project, its place in
    /// its flow with the flow type's revision, the revision of what its page lists, and until
    /// when `reader` read its conversation and whether they follow it.
    async fn project_head(
        &self,
        tenant: TenantId,
        project: ProjectId,
        reader: UserId,
    ) -> StoreResult<Option<ProjectHead>>;
    /// The provider's team on a project, by name.
    async fn project_team(&self, tenant: TenantId, project: ProjectId) -> StoreResult<Vec<User>>;
}
