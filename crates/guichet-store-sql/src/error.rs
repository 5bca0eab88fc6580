//! The one mapping from database errors to `StoreError`, used with `?` everywhere in the store.
use guichet_store::StoreError;

/// What the store's queries fail with: a database error, or a decision of the store itself
/// (`NotFound`, `Conflict`, a corrupt value). Becomes a `StoreError` at the trait boundary.
#[derive(Debug)]
pub(crate) enum Error {
    Sql(sqlx::Error),
    Store(StoreError),
}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Sql(e)
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        Error::Store(e)
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Store(StoreError::Backend(Box::new(e)))
    }
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Store(e) => e,
            Error::Sql(sqlx::Error::RowNotFound) => StoreError::NotFound,
            Error::Sql(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                StoreError::Conflict {
                    constraint: db
                        .constraint()
                        .map(str::to_string)
                        .unwrap_or_else(|| db.message().to_string()),
                }
            }
            Error::Sql(e @ (sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_))) => {
                StoreError::Corrupt {
                    what: "a column".into(),
                    source: Some(Box::new(e)),
                }
            }
            Error::Sql(other) => StoreError::Backend(Box::new(other)),
        }
    }
}

/// `Ok` when a statement changed a row, `NotFound` when it changed none (a guarded write that
/// found nothing of the tenant's to change).
pub(crate) fn changed(rows_affected: u64) -> Result<()> {
    if rows_affected == 0 {
        Err(StoreError::NotFound.into())
    } else {
        Ok(())
    }
}

/// A conflict on a named rule (a revision check, a state already left).
pub(crate) fn conflict<T>(rule: &str) -> Result<T> {
    Err(StoreError::conflict(rule).into())
}

/// Nothing of the tenant's to act on.
pub(crate) fn not_found<T>() -> Result<T> {
    Err(StoreError::NotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_row_is_not_found_and_other_failures_keep_their_cause() {
        assert!(matches!(
            StoreError::from(Error::from(sqlx::Error::RowNotFound)),
            StoreError::NotFound
        ));
        let e = StoreError::from(Error::from(sqlx::Error::PoolTimedOut));
        let StoreError::Backend(cause) = &e else {
            panic!("expected a backend error, got {e:?}");
        };
        assert!(cause.to_string().contains("pool timed out"), "{cause}");
        assert!(matches!(
            changed(0),
            Err(Error::Store(StoreError::NotFound))
        ));
        assert!(changed(1).is_ok());
    }
}
