//! Typed fields staff define on a flow type's projects: what a value may be, how it reads,
//! and how a sub-status's page shows each field.
use serde::{Deserialize, Serialize};

use super::Texts;
use crate::{Email, FieldUse, Locale, ValueError};

/// The type of a dynamic field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    YesNo,
    Choice,
    Email,
    Phone,
    File,
}

impl FieldKind {
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::YesNo,
        FieldKind::Choice,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::File,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::YesNo => "yes_no",
            FieldKind::Choice => "choice",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::File => "file",
        }
    }
}

/// One option of a choice field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub label: Texts,
}

/// A typed field staff define on the projects of a flow type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub key: String,
    pub kind: FieldKind,
    pub label: Texts,
    /// Shown under the field.
    #[serde(default)]
    pub help: Texts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

impl FieldDef {
    /// The value to store for what a customer typed (trimmed, normalised), or why it is refused.
    /// An empty value is `Ok("")` (whether it may be empty is the page's business).
    pub fn check(&self, raw: &str) -> Result<String, ValueError> {
        let t = raw.trim();
        if t.is_empty() {
            return Ok(String::new());
        }
        let max = if self.kind == FieldKind::LongText {
            5000
        } else {
            300
        };
        if t.chars().count() > max {
            return Err(ValueError::TooLong);
        }
        match self.kind {
            FieldKind::Text | FieldKind::LongText | FieldKind::File => Ok(t.to_string()),
            FieldKind::Number => {
                let n: f64 = t
                    .replace([' ', '\u{a0}', '\u{202f}'], "")
                    .replace(',', ".")
                    .parse()
                    .map_err(|_| ValueError::Invalid)?;
                if !n.is_finite() {
                    return Err(ValueError::Invalid);
                }
                Ok(if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", n as i64)
                } else {
                    format!("{n}")
                })
            }
            FieldKind::Date => crate::date(t).map(|d| d.unwrap_or_default()),
            FieldKind::YesNo => match t {
                "yes" | "no" => Ok(t.to_string()),
                _ => Err(ValueError::Invalid),
            },
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|c| c.key == t)
                .map(|c| c.key.clone())
                .ok_or(ValueError::Invalid),
            FieldKind::Email => Email::parse(t).map(|e| e.as_str().to_string()),
            FieldKind::Phone => {
                let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
                let allowed = t
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().x".contains(c));
                if allowed && (7..=20).contains(&digits) {
                    Ok(t.to_string())
                } else {
                    Err(ValueError::Invalid)
                }
            }
        }
    }
    /// A stored value as a person reads it (a choice's label, yes/no in words are left to the
    /// caller's catalog).
    pub fn shown(&self, value: &str, locale: Locale) -> String {
        match self.kind {
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|c| c.key == value)
                .map(|c| c.label.get(locale))
                .unwrap_or(value)
                .to_string(),
            // Stored with a point; written with a comma in French.
            FieldKind::Number if locale == Locale::Fr => value.replace('.', ","),
            _ => value.to_string(),
        }
    }
}

/// A field on a sub-status's page, and how that page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageField {
    pub field: String,
    #[serde(rename = "use", with = "field_use")]
    pub usage: FieldUse,
}

mod field_use {
    use super::FieldUse;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(u: &FieldUse, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match u {
            FieldUse::Required => "required",
            FieldUse::Optional => "optional",
            FieldUse::ReadOnly => "read_only",
        })
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FieldUse, D::Error> {
        match String::deserialize(d)?.as_str() {
            "required" => Ok(FieldUse::Required),
            "optional" => Ok(FieldUse::Optional),
            "read_only" => Ok(FieldUse::ReadOnly),
            other => Err(serde::de::Error::custom(format!(
                "unknown field use {other:?} (required, optional or read_only)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: FieldKind) -> FieldDef {
        FieldDef {
            key: "k".into(),
            kind,
            label: Texts::new("K", "K"),
            help: Texts::default(),
            choices: vec![Choice {
                key: "south".into(),
                label: Texts::new("Sud", "South"),
            }],
        }
    }

    #[test]
    fn field_values_are_checked_by_type() {
        assert_eq!(f(FieldKind::Number).check(" 42,5 "), Ok("42.5".into()));
        assert_eq!(f(FieldKind::Number).check("1 200"), Ok("1200".into()));
        assert_eq!(f(FieldKind::Number).check("abc"), Err(ValueError::Invalid));
        assert_eq!(f(FieldKind::Number).check("inf"), Err(ValueError::Invalid));
        assert_eq!(
            f(FieldKind::Date).check("2026-02-30"),
            Err(ValueError::Date)
        );
        assert_eq!(f(FieldKind::YesNo).check("yes"), Ok("yes".into()));
        assert_eq!(f(FieldKind::YesNo).check("maybe"), Err(ValueError::Invalid));
        assert_eq!(f(FieldKind::Choice).check("south"), Ok("south".into()));
        assert_eq!(
            f(FieldKind::Choice).check("north"),
            Err(ValueError::Invalid)
        );
        assert_eq!(
            f(FieldKind::Email).check("A@B.example"),
            Ok("a@b.example".into())
        );
        assert_eq!(
            f(FieldKind::Phone).check("+1 514 555-0101"),
            Ok("+1 514 555-0101".into())
        );
        assert_eq!(
            f(FieldKind::Phone).check("call me"),
            Err(ValueError::Invalid)
        );
        assert_eq!(f(FieldKind::Text).check("   "), Ok("".into()));
        assert_eq!(
            f(FieldKind::Text).check(&"x".repeat(301)),
            Err(ValueError::TooLong)
        );
        assert_eq!(f(FieldKind::Choice).shown("south", Locale::Fr), "Sud");
        assert_eq!(f(FieldKind::Number).shown("42.5", Locale::Fr), "42,5");
        assert_eq!(f(FieldKind::Number).shown("42.5", Locale::En), "42.5");
    }
}
