//! `Content-Disposition` for a file of any name (RFC 6266, with RFC 5987 for non-ASCII names).
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What stays as it is in `filename*` (RFC 5987 `attr-char`, restricted to the unreserved
/// characters every client reads back the same way).
const KEPT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `attachment; filename="…"; filename*=UTF-8''…` (or `inline`), safe for any name: the
/// quoted name is an ASCII approximation, the encoded one the exact name.
pub fn disposition(kind: &str, filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    let encoded = utf8_percent_encode(filename, KEPT);
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions_are_safe() {
        assert_eq!(
            disposition("attachment", "Plan signé \"v2\".pdf"),
            "attachment; filename=\"Plan sign_ v2.pdf\"; filename*=UTF-8''Plan%20sign%C3%A9%20%22v2%22.pdf"
        );
        assert_eq!(
            disposition("inline", "a~b_c-d.e;f\r\n"),
            "inline; filename=\"a~b_c-d.e;f__\"; filename*=UTF-8''a~b_c-d.e%3Bf%0D%0A"
        );
    }
}
