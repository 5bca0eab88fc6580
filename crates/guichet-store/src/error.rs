//! The one error type of the storage ports.

/// Any error, boxed: the cause a backend keeps for the logs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or revision check refused the write; nothing was written.
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    /// A stored value could not be read back (a code no longer known, a malformed JSON text).
    #[error("corrupt stored value: {what}")]
    Corrupt {
        what: String,
        #[source]
        source: Option<BoxError>,
    },
    /// The database failed (connection, statement, transaction); the cause is kept.
    #[error("database error")]
    Backend(#[source] BoxError),
}

impl StoreError {
    /// A stored value that does not parse, described in words.
    pub fn corrupt(what: impl Into<String>) -> Self {
        StoreError::Corrupt {
            what: what.into(),
            source: None,
        }
    }

    /// A conflict on a named rule (a constraint, or a revision check).
    pub fn conflict(constraint: impl Into<String>) -> Self {
        StoreError::Conflict {
            constraint: constraint.into(),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
