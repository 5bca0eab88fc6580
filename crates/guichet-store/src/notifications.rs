//! Notification preferences and daily-summary lines.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

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
    /// A line of the person's notifications in the portal (`NotFound` if not the tenant's
    /// user).
    async fn add_notice(&self, notice: &PortalNotice) -> StoreResult<()>;
    /// The person's notifications, newest first.
    async fn notices(
        &self,
        tenant: TenantId,
        user: UserId,
        limit: i64,
    ) -> StoreResult<Vec<PortalNotice>>;
    /// One of the person's notifications.
    async fn notice(
        &self,
        tenant: TenantId,
        user: UserId,
        id: uuid::Uuid,
    ) -> StoreResult<Option<PortalNotice>>;
    /// Marks the person's unread notifications read (only `id` when given); returns how many.
    async fn read_notices(
        &self,
        tenant: TenantId,
        user: UserId,
        id: Option<uuid::Uuid>,
        at: Millis,
    ) -> StoreResult<u64>;
}
