//! Where a person reads times: an IANA time zone, parsed once (from the profile form, or from
//! the stored row), so showing a time never parses a name again nor falls back silently.
use std::fmt;

use crate::{Millis, ValueError};

/// The time zone of people who have not chosen one: eastern Canada.
pub const DEFAULT_TIME_ZONE: &str = "America/Toronto";

/// A known IANA time zone (`America/Toronto`), with the name it was chosen by.
#[derive(Clone)]
pub struct TimeZone {
    /// As chosen (trimmed), and as stored.
    name: String,
    zone: jiff::tz::TimeZone,
}

impl TimeZone {
    /// A time zone name as typed or stored: required, at most 64 characters, known to the
    /// bundled time zone database.
    pub fn parse(raw: &str) -> Result<Self, ValueError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValueError::Required);
        }
        if name.len() > 64 {
            return Err(ValueError::Invalid);
        }
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| ValueError::Invalid)?;
        Ok(TimeZone {
            name: name.to_string(),
            zone,
        })
    }

    /// Coordinated Universal Time.
    pub fn utc() -> Self {
        TimeZone {
            name: "UTC".into(),
            zone: jiff::tz::TimeZone::UTC,
        }
    }

    /// The name, as stored (`America/Toronto`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone itself, for date arithmetic.
    pub fn zone(&self) -> &jiff::tz::TimeZone {
        &self.zone
    }

    /// An instant in this zone (none for an instant out of range).
    pub fn zoned(&self, at: Millis) -> Option<jiff::Zoned> {
        jiff::Timestamp::from_millisecond(at.0)
            .ok()
            .map(|ts| ts.to_zoned(self.zone.clone()))
    }

    /// A date and time for people, e.g. `2026-11-23 11:05 EST` (empty when out of range).
    pub fn when(&self, at: Millis) -> String {
        self.zoned(at)
            .map(|z| z.strftime("%Y-%m-%d %H:%M %Z").to_string())
            .unwrap_or_default()
    }

    /// The day, ISO (as in Quebec): `2026-11-23` (empty when out of range).
    pub fn date(&self, at: Millis) -> String {
        self.zoned(at)
            .map(|z| z.strftime("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

impl Default for TimeZone {
    /// Eastern Canada ([`DEFAULT_TIME_ZONE`]); UTC only if the bundled database lacked it.
    fn default() -> Self {
        TimeZone::parse(DEFAULT_TIME_ZONE).unwrap_or_else(|_| TimeZone::utc())
    }
}

impl PartialEq for TimeZone {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for TimeZone {}

impl fmt::Debug for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TimeZone").field(&self.name).finish()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl std::str::FromStr for TimeZone {
    type Err = ValueError;
    fn from_str(s: &str) -> Result<Self, ValueError> {
        TimeZone::parse(s)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_are_parsed_once_and_kept_as_chosen() {
        let tz = TimeZone::parse(" Europe/Paris ").unwrap();
        assert_eq!(tz.name(), "Europe/Paris");
        assert_eq!(tz.to_string(), "Europe/Paris");
        assert_eq!(TimeZone::parse(""), Err(ValueError::Required));
        assert_eq!(TimeZone::parse("Mars/Olympus"), Err(ValueError::Invalid));
        assert_eq!(TimeZone::parse(&"A".repeat(65)), Err(ValueError::Invalid));
        assert_eq!(TimeZone::default().name(), DEFAULT_TIME_ZONE);
    }

    #[test]
    fn times_are_shown_in_the_zone() {
        // 2026-11-23 16:05 UTC.
        let at = Millis(1_795_449_900_000);
        assert_eq!(TimeZone::default().when(at), "2026-11-23 11:05 EST");
        assert_eq!(TimeZone::utc().when(at), "2026-11-23 16:05 UTC");
        assert_eq!(
            TimeZone::parse("Asia/Tokyo").unwrap().date(at),
            "2026-11-24"
        );
        assert_eq!(TimeZone::default().when(Millis(i64::MAX)), "");
    }
}
