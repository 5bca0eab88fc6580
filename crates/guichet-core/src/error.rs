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
    /// Too much work of this kind at once (password hashing); nothing was done.
    #[error("busy; retry in {retry_after_secs} s")]
    Busy { retry_after_secs: u64 },
    #[error("link problem: {0:?}")]
    Link(LinkProblem),
    /// Someone saved the same record meanwhile; nothing was written.
    #[error("edited meanwhile")]
    Conflict,
    /// What the page showed is no longer what is there (a new version of the quote, new
    /// terms), or the record is frozen (agreed to); nothing was written. The catalog key says
    /// which, in words for the person.
    #[error("changed since shown: {0}")]
    Stale(&'static str),
    /// A file over the size limit; nothing was kept.
    #[error("file larger than {limit} bytes")]
    TooLarge { limit: u64 },
    /// A form with a field longer, or more fields, than any form takes; nothing was kept.
    #[error("form too large")]
    FormTooLarge,
    /// The upload stopped before its end; nothing was kept.
    #[error("upload interrupted")]
    Interrupted,
    /// A text field held control characters (a NUL byte…), which no person types; nothing
    /// was kept.
    #[error("control characters in a text field")]
    ControlCharacters,
    /// Something failed inside (database, file store, a bug); the cause is kept for the logs
    /// and never shown to the visitor.
    #[error("internal error")]
    Internal(#[source] guichet_store::BoxError),
}

impl CoreError {
    /// An internal failure described in words (no underlying error to keep).
    pub fn internal(what: impl Into<String>) -> Self {
        CoreError::Internal(Box::from(what.into()))
    }

    /// An internal failure with its cause.
    pub fn internal_from(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        CoreError::Internal(Box::new(cause))
    }

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
            // Every caller that can meet a conflict says "edited meanwhile" the same way.
            StoreError::Conflict { .. } => CoreError::Conflict,
            other => CoreError::Internal(Box::new(other)),
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

/// An error and its causes on one line ("database error: connection refused: …"), for logs.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut line = self.0.to_string();
        let mut cause = self.0.source();
        while let Some(c) = cause {
            // Some errors (lettre's, io's custom ones) already print their cause: once is
            // enough.
            let text = c.to_string();
            if !line.ends_with(&text) {
                line.push_str(": ");
                line.push_str(&text);
            }
            cause = c.source();
        }
        f.write_str(&line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_keeps_its_cause_for_the_logs() {
        let store = StoreError::Backend(Box::from("connection refused"));
        let e = CoreError::from(store);
        assert_eq!(e.to_string(), "internal error");
        assert_eq!(
            Chain(&e).to_string(),
            "internal error: database error: connection refused"
        );
    }

    #[test]
    fn a_cause_already_printed_by_its_error_is_not_repeated() {
        #[derive(Debug, thiserror::Error)]
        #[error("network error: {0}")]
        struct Prints(#[source] std::io::Error);
        #[derive(Debug, thiserror::Error)]
        #[error("delivery failed")]
        struct Outer(#[source] Prints);
        let e = Outer(Prints(std::io::Error::other("connection refused")));
        assert_eq!(
            Chain(&e).to_string(),
            "delivery failed: network error: connection refused"
        );
    }

    #[test]
    fn a_store_conflict_is_a_conflict_not_an_internal_error() {
        let e = CoreError::from(StoreError::conflict("projects_updated_at"));
        assert!(matches!(e, CoreError::Conflict));
    }
}
