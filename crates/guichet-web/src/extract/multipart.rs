//! Text fields of multipart forms (uploads, comments, flow steps), read with a bound: a field is
//! read chunk by chunk and dropped as soon as it is longer than any form here takes, and a form
//! may carry only so many fields, so a hostile client cannot make the server hold a 200 MB
//! "comment" in memory before anything is checked.
use axum::extract::multipart::Field;
use guichet_core::CoreError;

/// Text fields a form may carry (a flow step, the largest, has a few dozen).
pub const MAX_TEXT_FIELDS: usize = 200;

/// A UTF-8 character takes at most this many bytes.
const MAX_BYTES_PER_CHAR: usize = 4;

/// Whether text holds characters no person types: control characters other than tab and line
/// breaks (a NUL byte, escape sequences…). Every text field of every form is checked here, by
/// the two form extractors, before any handler runs.
pub fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// What a text field held.
#[derive(Debug, PartialEq)]
pub enum Text {
    Fits(String),
    /// Longer than the field takes, though not absurdly so: the form says which field.
    TooLong,
}

/// Reads the text fields of one form, counting them.
#[derive(Default)]
pub struct TextFields {
    read: usize,
}

impl TextFields {
    /// The field's text, when it has at most `max_chars` characters. Beyond 4 bytes a
    /// character the reading stops there and the whole form is refused as too large (413):
    /// nothing more of it is held. Invalid UTF-8 is replaced, as browsers never send it.
    pub async fn read(
        &mut self,
        mut field: Field<'_>,
        max_chars: usize,
    ) -> Result<Text, CoreError> {
        self.read += 1;
        if self.read > MAX_TEXT_FIELDS {
            return Err(CoreError::FormTooLarge);
        }
        let cap = max_chars.saturating_mul(MAX_BYTES_PER_CHAR);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| CoreError::Interrupted)? {
            if bytes.len() + chunk.len() > cap {
                return Err(CoreError::FormTooLarge);
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if has_control_characters(&text) {
            return Err(CoreError::ControlCharacters);
        }
        Ok(if text.chars().count() <= max_chars {
            Text::Fits(text)
        } else {
            Text::TooLong
        })
    }
}
