//! Rows as read from the database (by column name, `#[derive(sqlx::FromRow)]` structs beside
//! their queries) and the checks that turn them into domain values.
use guichet_store::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Result;

/// A row read by column name that becomes a domain value once its codes and JSON texts are
/// checked.
pub(crate) trait Row: Sized {
    type Value;
    fn value(self) -> Result<Self::Value>;
}

/// Every row of a result, as domain values.
pub(crate) fn values<R: Row>(rows: Vec<R>) -> Result<Vec<R::Value>> {
    rows.into_iter().map(Row::value).collect()
}

/// The row found, if any, as a domain value.
pub(crate) fn value<R: Row>(row: Option<R>) -> Result<Option<R::Value>> {
    row.map(Row::value).transpose()
}

/// A stored code (a locale, a status…) parsed back, or the row is corrupt.
pub(crate) fn code<T>(raw: &str, parse: impl FnOnce(&str) -> Option<T>, what: &str) -> Result<T> {
    parse(raw).ok_or_else(|| StoreError::corrupt(format!("{what}: unknown code {raw:?}")).into())
}

/// A stored code parsed back by its type, or the row is corrupt (the parse error kept as the
/// cause: it names the code).
pub(crate) fn parsed<T>(raw: &str, what: &str) -> Result<T>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    raw.parse().map_err(|e| {
        StoreError::Corrupt {
            what: what.into(),
            source: Some(Box::new(e)),
        }
        .into()
    })
}

/// A stored JSON text parsed back, or the row is corrupt (the cause kept).
pub(crate) fn json<T: DeserializeOwned>(raw: &str, what: &str) -> Result<T> {
    serde_json::from_str(raw).map_err(|e| {
        StoreError::Corrupt {
            what: what.into(),
            source: Some(Box::new(e)),
        }
        .into()
    })
}

/// A value written as a JSON text (never silently empty: a value that cannot be written is an
/// error, and nothing is saved).
pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(Box::new(e)).into())
}

/// A `LIKE` pattern finding `words` anywhere, case-insensitively (compare with `LOWER(…)` and
/// `ESCAPE '\'`): the user's `%`, `_` and `\` are matched literally.
pub(crate) fn contains_pattern(words: &str) -> String {
    let escaped = words
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Appends ` AND (LOWER(c1) LIKE … OR LOWER(c2) LIKE …)`: `words` found anywhere in any of
/// `columns`, case-insensitively, the user's `%`, `_` and `\` matched literally.
pub(crate) fn push_contains<DB: sqlx::Database>(
    b: &mut sqlx::QueryBuilder<DB>,
    words: &str,
    columns: &[&str],
) where
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let pattern = contains_pattern(words);
    b.push(" AND (");
    for (i, column) in columns.iter().enumerate() {
        if i > 0 {
            b.push(" OR ");
        }
        b.push(format!("LOWER({column}) LIKE "));
        b.push_bind(pattern.clone());
        b.push(" ESCAPE '\\'");
    }
    b.push(")");
}

/// A `LIKE` pattern for values starting with `prefix` (with `ESCAPE '\'`).
pub(crate) fn prefix_pattern(prefix: &str) -> String {
    let escaped = prefix
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("{escaped}%")
}

/// The words of a search box, if any.
pub(crate) fn search_words(search: Option<&str>) -> Option<&str> {
    search.filter(|s| !s.trim().is_empty())
}

/// How many words of a full-text search are kept.
const MAX_SEARCH_TERMS: usize = 16;

/// The words of a full-text search, as each backend's engine is given them
/// (`SqlStore::search_text`): lower case, letters and digits only. Whatever else was typed
/// (quotes, `*`, `-`, `:`, `&`, `!`, parentheses…) separates words and never reaches the
/// engine's syntax; the databases' tokenizers split the indexed texts at the same places.
pub(crate) fn search_terms(search: &str) -> Vec<String> {
    search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_SEARCH_TERMS)
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_are_letters_and_digits() {
        assert_eq!(
            search_terms(" Panneau-120 \"l'Électrique\" OR* NEAR(x:y) &!-"),
            ["panneau", "120", "l", "électrique", "or", "near", "x", "y"]
        );
        assert!(search_terms(" \"*:&!()-^ ").is_empty());
        assert_eq!(search_terms(&"a ".repeat(40)).len(), MAX_SEARCH_TERMS);
    }

    #[test]
    fn patterns_match_the_users_characters_literally() {
        assert_eq!(contains_pattern("  50%_Off\\ "), "%50\\%\\_off\\\\%");
        assert_eq!(prefix_pattern("document."), "document.%");
        assert_eq!(prefix_pattern("a_b"), "a\\_b%");
        assert_eq!(search_words(Some("  ")), None);
        assert_eq!(search_words(Some(" x ")), Some(" x "));
    }

    #[test]
    fn unknown_codes_and_bad_json_are_corrupt_rows() {
        let e = code("xx", |_| None::<u8>, "user locale").err();
        assert!(matches!(
            e.map(StoreError::from),
            Some(StoreError::Corrupt { .. })
        ));
        let e = parsed::<guichet_domain::DocumentKind>("memo", "document kind").err();
        let Some(StoreError::Corrupt {
            what,
            source: Some(cause),
        }) = e.map(StoreError::from)
        else {
            panic!("a corrupt row with its cause expected");
        };
        assert_eq!(what, "document kind");
        assert_eq!(cause.to_string(), "unknown document kind \"memo\"");
        let e = json::<Vec<u8>>("{", "flow definition").err();
        assert!(matches!(
            e.map(StoreError::from),
            Some(StoreError::Corrupt {
                source: Some(_),
                ..
            })
        ));
    }
}
