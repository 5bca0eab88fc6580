//! Parsed value types: once built, they are valid.
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("required")]
    Required,
    #[error("too long")]
    TooLong,
    #[error("invalid email")]
    InvalidEmail,
    #[error("password too short")]
    PasswordTooShort,
    #[error("password too common")]
    PasswordTooCommon,
    #[error("invalid value")]
    Invalid,
    #[error("invalid postal code for the country")]
    PostalCode,
    #[error("unknown province or state")]
    Region,
    #[error("invalid date")]
    Date,
}

impl ValueError {
    /// Message catalog key for this error.
    pub fn message_key(self) -> &'static str {
        match self {
            ValueError::Required => "error-required",
            ValueError::TooLong => "error-too-long",
            ValueError::InvalidEmail => "error-email",
            ValueError::PasswordTooShort => "error-password-short",
            ValueError::PasswordTooCommon => "error-password-common",
            ValueError::Invalid => "error-invalid",
            ValueError::PostalCode => "error-postal-code",
            ValueError::Region => "error-region",
            ValueError::Date => "error-date",
        }
    }
}

/// An email address, trimmed and lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(ValueError::Required);
        }
        if s.len() > 254 {
            return Err(ValueError::TooLong);
        }
        let (local, domain) = s.split_once('@').ok_or(ValueError::InvalidEmail)?;
        let ok_chars = s.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && c != '<'
                && c != '>'
                && c != ','
                && c != ';'
                && c != '"'
        });
        if local.is_empty()
            || local.len() > 64
            || domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains('@')
            || domain.contains("..")
            || !ok_chars
        {
            return Err(ValueError::InvalidEmail);
        }
        Ok(Email(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = ValueError;
    fn try_from(s: String) -> Result<Self, ValueError> {
        Email::parse(&s)
    }
}
impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}
impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The two languages of the portal. French is Quebec French.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Locale {
    #[default]
    #[serde(rename = "fr")]
    Fr,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        if s == "fr" || s.starts_with("fr-") || s.starts_with("fr_") {
            Some(Locale::Fr)
        } else if s == "en" || s.starts_with("en-") || s.starts_with("en_") {
            Some(Locale::En)
        } else {
            None
        }
    }
    /// Picks the first supported language of an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            if let Some(loc) = Locale::parse(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, loc));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// A password that passed the policy: at least 12 characters and not easily guessed.
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub fn parse(raw: &str, context: &[&str]) -> Result<Self, ValueError> {
        if raw.chars().count() < Self::MIN_CHARS {
            return Err(ValueError::PasswordTooShort);
        }
        if raw.len() > 1024 {
            return Err(ValueError::TooLong);
        }
        // zxcvbn knows the common-password lists and their variations (l33t, repeats,
        // keyboard walks); score 3 means "safely unguessable" against online attacks.
        let entropy = zxcvbn::zxcvbn(raw, context);
        if (entropy.score() as u8) < 3 {
            return Err(ValueError::PasswordTooCommon);
        }
        Ok(NewPassword(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Free text with a maximum length; `required` rejects blanks.
pub fn text(raw: &str, max_chars: usize, required: bool) -> Result<String, ValueError> {
    let t = raw.trim();
    if required && t.is_empty() {
        return Err(ValueError::Required);
    }
    if t.chars().count() > max_chars {
        return Err(ValueError::TooLong);
    }
    if t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(ValueError::Invalid);
    }
    Ok(t.to_string())
}

/// ISO 4217 currency code (three capital letters).
pub fn currency(raw: &str) -> Result<String, ValueError> {
    let t = raw.trim().to_ascii_uppercase();
    if t.is_empty() {
        return Err(ValueError::Required);
    }
    if t.len() != 3 || !t.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(ValueError::Invalid);
    }
    Ok(t)
}

/// A `#rrggbb` colour.
pub fn colour(raw: &str) -> Result<String, ValueError> {
    let t = raw.trim().to_ascii_lowercase();
    if t.len() == 7 && t.starts_with('#') && t[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(t)
    } else {
        Err(ValueError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Marie@Example.COM ").map(String::from),
            Ok("marie@example.com".into())
        );
        for bad in [
            "",
            "no-at",
            "a@b",
            "a@.com",
            "a@com.",
            "a b@x.com",
            "a@x..com",
            "<a@x.com>",
            "a@b@c.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn passwords_need_length_and_strength() {
        assert_eq!(
            NewPassword::parse("short", &[]).err(),
            Some(ValueError::PasswordTooShort)
        );
        assert_eq!(
            NewPassword::parse("password1234", &[]).err(),
            Some(ValueError::PasswordTooCommon)
        );
        assert_eq!(
            NewPassword::parse("qwertyuiop123", &[]).err(),
            Some(ValueError::PasswordTooCommon)
        );
        assert!(NewPassword::parse("Lune-rousse-sur-Gaspé-42", &[]).is_ok());
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Locale::from_accept_language("de, en;q=0.5, fr-CA;q=0.9"),
            Some(Locale::Fr)
        );
        assert_eq!(
            Locale::from_accept_language("en-US,en;q=0.9"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("de"), None);
    }

    #[test]
    fn text_and_codes() {
        assert_eq!(text("  x ", 5, true), Ok("x".into()));
        assert_eq!(text(" ", 5, true), Err(ValueError::Required));
        assert_eq!(text("abcdef", 5, false), Err(ValueError::TooLong));
        assert_eq!(currency("cad"), Ok("CAD".into()));
        assert!(currency("CA").is_err());
        assert_eq!(colour("#1A5FB4"), Ok("#1a5fb4".into()));
        assert!(colour("red").is_err());
    }
}
