//! A project's journal as CSV, for staff's records or a dispute. Built whole before it is
//! sent: a failure is an error page, never a file cut short behind a 200. Text a spreadsheet
//! would run as a formula is written as text.
use std::borrow::Cow;
use std::io::Write;

use guichet_domain::JournalEntry;

const HEADER: [&str; 9] = [
    "seq",
    "at_utc",
    "actor",
    "ip",
    "action",
    "object_kind",
    "object_id",
    "detail",
    "hash",
];

/// The text of a cell, as a spreadsheet will show it: a cell starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would be taken for a formula (a title such as
/// `=HYPERLINK("https://…")` in a document's name), so it is written after a `'`, which
/// spreadsheets read as "this is text" (OWASP, CSV injection).
fn cell(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// Writes the entries as CSV (a header, then one line each) into `out`.
pub fn write<W: Write>(entries: &[JournalEntry], out: W) -> Result<W, csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(HEADER)?;
    for e in entries {
        let at = jiff::Timestamp::from_millisecond(e.at.0)
            .map(|t| t.to_string())
            .unwrap_or_default();
        let seq = e.seq.to_string();
        let object_id = e.object_id.to_string();
        w.write_record(
            [
                Cow::Borrowed(seq.as_str()),
                Cow::Borrowed(at.as_str()),
                cell(&e.actor_label),
                cell(&e.ip),
                cell(&e.action),
                cell(&e.object_kind),
                Cow::Borrowed(object_id.as_str()),
                cell(&e.detail),
                cell(&e.hash),
            ]
            .iter()
            .map(|c| c.as_bytes()),
        )?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use guichet_domain::{EntryId, Millis, TenantId};

    fn entry(seq: i64, detail: &str) -> JournalEntry {
        JournalEntry {
            id: EntryId::new(),
            tenant_id: TenantId::new(),
            seq,
            at: Millis(1_800_000_000_000),
            actor: None,
            actor_label: "Alice, \"admin\"".into(),
            ip: "192.0.2.1".into(),
            action: "document.upload".into(),
            object_kind: "document".into(),
            object_id: uuid::Uuid::nil(),
            customer_id: None,
            project_id: None,
            detail: detail.into(),
            prev_hash: String::new(),
            hash: "ab".into(),
            keyed: true,
        }
    }

    #[test]
    fn entries_become_quoted_csv_lines() {
        let out = write(&[entry(1, "Plan; v2\nsigné")], Vec::new()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("seq,at_utc,actor,ip,action,object_kind,object_id,detail,hash")
        );
        assert!(text.contains("1,2027-01-15T08:00:00Z,\"Alice, \"\"admin\"\"\",192.0.2.1,"));
        assert!(text.contains("\"Plan; v2\nsigné\""));
    }

    #[test]
    fn formulas_are_written_as_text() {
        for (detail, shown) in [
            ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
        ] {
            let text = String::from_utf8(write(&[entry(1, detail)], Vec::new()).unwrap()).unwrap();
            assert!(text.contains(shown), "{detail:?} → {text}");
        }
        let plain =
            String::from_utf8(write(&[entry(1, "Plan 2 = v2")], Vec::new()).unwrap()).unwrap();
        assert!(plain.contains(",Plan 2 = v2,"), "{plain}");
    }

    /// A sink that takes a few bytes, then fails (a full disk, a closed pipe).
    struct Failing(usize);

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            let n = buf.len().min(self.0);
            self.0 -= n;
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk full"));
            }
            Ok(())
        }
    }

    #[test]
    fn a_write_error_is_an_error_not_a_short_file() {
        let many: Vec<_> = (0..2_000)
            .map(|i| entry(i, "x".repeat(50).as_str()))
            .collect();
        assert!(write(&many, Failing(100)).is_err());
    }
}
