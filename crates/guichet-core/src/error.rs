use guichet_domain::ValueError;
use guichet_store::StoreError;

/// A problem with one form field: the field's name and a message catalog key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// A form field's name (fixed, or a flow field's key).
    pub field: std::borrow::Cow<'static, str>,
    pub message_key: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message_key: &'static str) {
        self.0.push(FieldError {
            field: field.into(),
            message_key,
        });
    }
    /// An error on a field whose name is only known at run time (a flow's fields).
    pub fn add_named(&mut self, field: String, message_key: &'static str) {
        self.0.push(FieldError {
            field: field.into(),
            message_key,
        });
    }
    /// Keeps the parsed value, or records the error under `field`.
    pub fn check<T>(&mut self, field: &'static str, r: Result<T, ValueError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.message_key());
                None
            }
        }
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message_key)
    }
}

/// Why an emailed link did not work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Used,
    Expired,
    /// Withdrawn by staff.
    Revoked,
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("wrong email or password")]
    InvalidCredentials,
    #[error("too many attempts; retry in {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    #[error("link problem: {0:?}")]
    Link(LinkProblem),
    /// Someone saved the same record meanwhile; nothing was written.
    #[error("edited meanwhile")]
    Conflict,
    /// A file over the size limit; nothing was kept.
    #[error("file larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// The upload stopped before its end; nothing was kept.
    #[error("upload interrupted")]
    Interrupted,
    #[error("internal error: {0}")]
    Internal(String),
}

impl CoreError {
    pub fn field(field: &'static str, message_key: &'static str) -> Self {
        let mut e = FieldErrors::default();
        e.add(field, message_key);
        CoreError::Invalid(e)
    }
}

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            // A missing row from a guarded write is a "not found"; everything else is internal.
            StoreError::NotFound => CoreError::NotFound,
            other => CoreError::Internal(other.to_string()),
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;
