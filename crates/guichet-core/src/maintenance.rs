//! What operators and orchestrators ask of an installation: whether it is ready, which
//! database it runs on, its providers, and the upkeep of throttle records.
use guichet_domain::{Millis, Tenant};

use crate::Portal;
use crate::error::{Chain, CoreResult};

/// Whether this instance may take requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// The database does not answer.
    DatabaseUnreachable,
    /// The database answers but lacks migrations this build needs.
    MigrationsPending,
    /// The database answered with an error when asked about its migrations.
    DatabaseError,
}

impl Portal {
    /// Ready when the database answers and every migration is applied (failures are logged
    /// with their cause).
    pub async fn readiness(&self) -> Readiness {
        if let Err(e) = self.store.ping().await {
            tracing::warn!(error = %Chain(&e), "readiness: database unreachable");
            return Readiness::DatabaseUnreachable;
        }
        match self.store.migrations_current().await {
            Ok(true) => Readiness::Ready,
            Ok(false) => Readiness::MigrationsPending,
            Err(e) => {
                tracing::warn!(error = %Chain(&e), "readiness: migrations unknown");
                Readiness::DatabaseError
            }
        }
    }

    /// The database backend, for the logs ("sqlite", "postgres").
    pub fn backend_name(&self) -> &'static str {
        self.store.backend_name()
    }

    /// Every provider of this installation (operators' commands).
    pub async fn tenants(&self) -> CoreResult<Vec<Tenant>> {
        Ok(self.store.list_tenants().await?)
    }

    /// Forgets attempt counts whose window started before `before` (they no longer count for
    /// throttling) and that block nothing; returns how many were removed.
    pub async fn prune_throttle_records(&self, before: Millis) -> CoreResult<u64> {
        Ok(self.store.prune_attempts(before).await?)
    }
}
