//! One event as an iCalendar file (RFC 5545). Written by hand on purpose: it is a dozen lines,
//! and the `icalendar` crate would bring `chrono` beside `jiff` for them.
use guichet_domain::Millis;

/// An event: who organises it, when, what and where.
pub struct Event<'a> {
    pub uid: &'a str,
    pub starts: Millis,
    pub ends: Millis,
    pub summary: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub organiser: &'a str,
}

/// Text as iCalendar wants it: `\`, `;`, `,` and line ends escaped.
fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// A UTC date-time, `20270115T080000Z`.
fn stamp(m: Millis) -> String {
    jiff::Timestamp::from_millisecond(m.0)
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

/// A content line folded at 75 octets (never inside a character), ended by CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// The calendar file holding this one event.
pub fn calendar(e: &Event<'_>) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//Guichet//{}//FR", escaped(e.organiser)),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}", escaped(e.uid)),
        format!("DTSTAMP:{}", stamp(Millis::now())),
        format!("DTSTART:{}", stamp(e.starts)),
        format!("DTEND:{}", stamp(e.ends)),
        format!("SUMMARY:{}", escaped(e.summary)),
        format!("DESCRIPTION:{}", escaped(e.description)),
        format!("LOCATION:{}", escaped(e.location)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ] {
        fold(&line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_files_are_escaped_and_folded() {
        let description = "é".repeat(60);
        let body = calendar(&Event {
            uid: "visit-1@x.example",
            starts: Millis(1_800_000_000_000),
            ends: Millis(1_800_003_600_000),
            summary: "Visite; toit, sud",
            description: &description,
            location: "1 rue A\nMontréal",
            organiser: "Solaire",
        });
        assert!(body.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(body.contains("DTSTART:20270115T080000Z\r\n"));
        assert!(body.contains("DTEND:20270115T090000Z\r\n"));
        assert!(body.contains("SUMMARY:Visite\\; toit\\, sud\r\n"));
        assert!(body.contains("LOCATION:1 rue A\\nMontréal\r\n"));
        for line in body.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = body.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{description}")));
        assert!(body.ends_with("END:VCALENDAR\r\n"));
    }
}
