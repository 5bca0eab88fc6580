//! Values formatted for the reader's language (fr-CA, en-CA): money, numbers, sizes, dates,
//! times, relative times and the name of a time zone.
//!
//! Numbers, dates, times and zone names come from ICU4X and its CLDR data (compiled in); only
//! what ICU4X's stable components do not cover is put together here, from their pieces and
//! the catalogs' words: where a currency symbol goes, the unit of a file size, the words
//! joining the two ends of a range, and relative times ("il y a 2 heures").
//!
//! Money is always integer minor units with its ISO 4217 currency code (two decimals for the
//! currencies Guichet offers: CAD, USD, EUR).
//!
//! Machine formats (CSV exports, iCalendar, `datetime` attributes) stay ISO and are not made
//! here, except [`datetime_attribute`].
use std::cell::{OnceCell, RefCell};

use fixed_decimal::Decimal;
use guichet_domain::{Locale, Millis, TimeZone};
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{self, zone::GenericLong};
use icu_datetime::options::TimePrecision;
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_locale_core::{Locale as IcuLocale, locale};
use icu_time::zone::{UtcOffset, ZoneNameTimestamp};
use icu_time::{DateTime, Time};
use writeable::TryWriteable;

use crate::Catalogs;

type DateFormatter = FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>;
type DateTimeFormatter = FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMDT>;
type TimeFormatter = NoCalendarFormatter<fieldsets::T>;
type ZoneFormatter = NoCalendarFormatter<GenericLong>;

/// One language's formatters, made on first use (ICU4X formatters are neither `Send` nor
/// `Sync` without its `sync` feature, so each thread keeps its own).
struct Formatters {
    locale: IcuLocale,
    decimal: OnceCell<Option<DecimalFormatter>>,
    date: OnceCell<Option<DateFormatter>>,
    date_time: OnceCell<Option<DateTimeFormatter>>,
    time: OnceCell<Option<TimeFormatter>>,
    zone: OnceCell<Option<ZoneFormatter>>,
    /// Month names and digits for the Quebec patterns of French times.
    names: RefCell<Option<FixedCalendarDateTimeNames<Gregorian>>>,
}

impl Formatters {
    fn new(locale: IcuLocale) -> Self {
        Formatters {
            locale,
            decimal: OnceCell::new(),
            date: OnceCell::new(),
            date_time: OnceCell::new(),
            time: OnceCell::new(),
            zone: OnceCell::new(),
            names: RefCell::new(None),
        }
    }

    /// `at` by an explicit pattern with this language's names (none if the pattern or its
    /// data fails).
    fn by_pattern(&self, pattern: &str, at: &DateTime<Gregorian>) -> Option<String> {
        let pattern: DateTimePattern = pattern.parse().ok()?;
        let mut slot = self.names.borrow_mut();
        if slot.is_none() {
            *slot = made(FixedCalendarDateTimeNames::try_new((&self.locale).into()));
        }
        let names = slot.as_mut()?;
        let formatter = names.include_for_pattern(&pattern).ok()?;
        formatter
            .format(at)
            .try_write_to_string()
            .ok()
            .map(|text| text.into_owned())
    }

    // A formatter that cannot be made (CLDR data missing for fr-CA or en-CA: never with the
    // compiled data) is logged once per thread and its values fall back to plain digits or ISO.
    fn decimal(&self) -> Option<&DecimalFormatter> {
        self.decimal
            .get_or_init(|| {
                made(DecimalFormatter::try_new(
                    (&self.locale).into(),
                    Default::default(),
                ))
            })
            .as_ref()
    }

    fn date(&self) -> Option<&DateFormatter> {
        self.date
            .get_or_init(|| {
                made(DateFormatter::try_new(
                    (&self.locale).into(),
                    fieldsets::YMD::long(),
                ))
            })
            .as_ref()
    }

    fn date_time(&self) -> Option<&DateTimeFormatter> {
        self.date_time
            .get_or_init(|| {
                made(DateTimeFormatter::try_new(
                    (&self.locale).into(),
                    fieldsets::YMD::long().with_time(TimePrecision::MinuteOptional),
                ))
            })
            .as_ref()
    }

    fn time(&self) -> Option<&TimeFormatter> {
        self.time
            .get_or_init(|| {
                made(TimeFormatter::try_new(
                    (&self.locale).into(),
                    fieldsets::T::long().with_time_precision(TimePrecision::MinuteOptional),
                ))
            })
            .as_ref()
    }

    fn zone(&self) -> Option<&ZoneFormatter> {
        self.zone
            .get_or_init(|| made(ZoneFormatter::try_new((&self.locale).into(), GenericLong)))
            .as_ref()
    }
}

fn made<T, E: std::fmt::Display>(r: Result<T, E>) -> Option<T> {
    r.map_err(|e| tracing::error!(error = %e, "an ICU4X formatter could not be made"))
        .ok()
}

thread_local! {
    static FR: Formatters = Formatters::new(locale!("fr-CA"));
    static EN: Formatters = Formatters::new(locale!("en-CA"));
}

fn with<R>(locale: Locale, f: impl FnOnce(&Formatters) -> R) -> R {
    match locale {
        Locale::Fr => FR.with(f),
        Locale::En => EN.with(f),
    }
}

fn decimal_text(locale: Locale, d: &Decimal) -> String {
    with(locale, |f| match f.decimal() {
        Some(fmt) => fmt.format(d).to_string(),
        None => d.to_string(),
    })
}

/// "1 234,50 $" (fr-CA) or "$1,234.50" (en-CA); other currencies name their code
/// ("1 234,50 $ US", "US$1,234.50", "1 234,50 €", "€1,234.50"). The amount is ICU's decimal
/// format with two decimals; the symbol is placed as CLDR's currency patterns place it.
pub fn money(locale: Locale, minor: i64, currency: &str) -> String {
    let mut amount = Decimal::from(minor.unsigned_abs());
    amount.multiply_pow10(-2);
    amount.pad_end(-2);
    let units = decimal_text(locale, &amount);
    let sign = if minor < 0 { "-" } else { "" };
    match locale {
        Locale::Fr => {
            let symbol = match currency {
                "CAD" => "$".to_string(),
                "USD" => "$\u{a0}US".to_string(),
                "EUR" => "€".to_string(),
                other => other.to_string(),
            };
            format!("{sign}{units}\u{a0}{symbol}")
        }
        Locale::En => {
            let symbol = match currency {
                "CAD" => "$".to_string(),
                "USD" => "US$".to_string(),
                "EUR" => "€".to_string(),
                other => format!("{other}\u{a0}"),
            };
            format!("{sign}{symbol}{units}")
        }
    }
}

/// A whole number with the language's grouping: "12 345" or "12,345".
pub fn integer(locale: Locale, n: i64) -> String {
    decimal_text(locale, &Decimal::from(n))
}

/// A number stored with a point ("1234.5", a number field's value) as the language writes
/// it: "1 234,5" / "1,234.5". Anything else is shown as it is.
pub fn decimal(locale: Locale, stored: &str) -> String {
    match Decimal::try_from_str(stored.trim()) {
        Ok(d) => decimal_text(locale, &d),
        Err(_) => stored.to_string(),
    }
}

/// A number of tenths, with one decimal unless it is whole: "1,5", "12", "1.5".
fn tenths(locale: Locale, tenths: i64) -> String {
    let mut d = Decimal::from(tenths);
    d.multiply_pow10(-1);
    d.trim_end();
    decimal_text(locale, &d)
}

/// A file size in the language's units, decimal (10⁶ bytes to the megabyte, as the upload
/// limit): "1,5 Mo" / "1.5 MB", "340 ko" / "340 kB", "12 octets" / "12 bytes".
pub fn size(catalogs: &Catalogs, locale: Locale, bytes: i64) -> String {
    let bytes = bytes.max(0);
    let (key, n) = match bytes {
        b if b >= 1_000_000_000 => ("size-gb", rounded_tenths(b, 100_000_000)),
        b if b >= 1_000_000 => ("size-mb", rounded_tenths(b, 100_000)),
        b if b >= 1_000 => ("size-kb", rounded_tenths(b, 100)),
        b => {
            let n = integer(locale, b);
            return catalogs.t_with(locale, "size-b", &[("n", &n), ("count", &b.to_string())]);
        }
    };
    // One decimal below ten units ("1,5 Mo"), whole units above ("340 ko").
    let n = if n >= 100 { (n + 5) / 10 * 10 } else { n };
    catalogs.t_with(locale, key, &[("n", &tenths(locale, n))])
}

fn rounded_tenths(bytes: i64, tenth: i64) -> i64 {
    (bytes + tenth / 2) / tenth
}

/// An instant as a civil date and time in `tz` (none when out of range).
fn civil(tz: &TimeZone, at: Millis) -> Option<(Date<Gregorian>, Time, i32)> {
    let z = tz.zoned(at)?;
    let date = Date::try_new_gregorian(z.year().into(), z.month() as u8, z.day() as u8).ok()?;
    let time = Time::try_new(z.hour() as u8, z.minute() as u8, z.second() as u8, 0).ok()?;
    Some((date, time, z.offset().seconds()))
}

/// The day of an instant where the reader is: "10 décembre 2026" / "December 10, 2026".
pub fn date(locale: Locale, tz: &TimeZone, at: Millis) -> String {
    match civil(tz, at) {
        Some((d, _, _)) => date_text(locale, &d),
        None => String::new(),
    }
}

/// A calendar date kept as `YYYY-MM-DD` (a project's dates, a request's due date, a date
/// field), for people: "5 décembre 2026" / "December 5, 2026". Anything else is shown as it is.
pub fn calendar_date(locale: Locale, iso: &str) -> String {
    let parsed = iso.trim().parse::<jiff::civil::Date>().ok().and_then(|d| {
        Date::try_new_gregorian(d.year().into(), d.month() as u8, d.day() as u8).ok()
    });
    match parsed {
        Some(d) => date_text(locale, &d),
        None => iso.to_string(),
    }
}

fn date_text(locale: Locale, d: &Date<Gregorian>) -> String {
    with(locale, |f| {
        let text = match locale {
            Locale::Fr => f.by_pattern(
                quebec_day(d),
                &DateTime {
                    date: *d,
                    time: Time::start_of_day(),
                },
            ),
            Locale::En => f.date().map(|fmt| fmt.format(d).to_string()),
        };
        text.unwrap_or_else(|| iso_date(d))
    })
}

/// CLDR's French long date ("d MMMM y"), with the ordinal French writes for the first of
/// the month: "1er décembre 2026".
fn quebec_day(d: &Date<Gregorian>) -> &'static str {
    if d.day_of_month().0 == 1 {
        "d'er' MMMM y"
    } else {
        "d MMMM y"
    }
}

fn iso_date(d: &Date<Gregorian>) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        d.year().extended_year(),
        d.month().ordinal,
        d.day_of_month().0
    )
}

/// A date and time where the reader is, without the zone (named once per page):
/// "10 décembre 2026, 8 h 30" / "December 10, 2026, 8:30 a.m.".
pub fn date_time(locale: Locale, tz: &TimeZone, at: Millis) -> String {
    let Some((date, time, _)) = civil(tz, at) else {
        return String::new();
    };
    let at = DateTime { date, time };
    with(locale, |f| {
        let text = match locale {
            Locale::Fr => f.by_pattern(
                &format!("{}, {}", quebec_day(&date), quebec_time(&time)),
                &at,
            ),
            Locale::En => f.date_time().map(|fmt| fmt.format(&at).to_string()),
        };
        text.unwrap_or_else(|| {
            let (h, m) = (time.hour.number(), time.minute.number());
            format!("{} {h:02}:{m:02}", iso_date(&date))
        })
    })
}

/// Quebec French writes times "8 h 30", and a whole hour "12 h" (the Office québécois de la
/// langue française), where CLDR's fr-CA has "08 h 30" and "12 h 00".
fn quebec_time(t: &Time) -> &'static str {
    if t.minute.number() == 0 {
        "H 'h'"
    } else {
        "H 'h' mm"
    }
}

/// The time of day where the reader is: "8 h 30", "12 h" / "8:30 a.m.", "12 p.m.".
pub fn time(locale: Locale, tz: &TimeZone, at: Millis) -> String {
    let Some((date, time, _)) = civil(tz, at) else {
        return String::new();
    };
    time_text(locale, date, time)
}

fn time_text(locale: Locale, date: Date<Gregorian>, t: Time) -> String {
    with(locale, |f| {
        let text = match locale {
            Locale::Fr => f.by_pattern(quebec_time(&t), &DateTime { date, time: t }),
            Locale::En => f.time().map(|fmt| fmt.format(&t).to_string()),
        };
        text.unwrap_or_else(|| format!("{:02}:{:02}", t.hour.number(), t.minute.number()))
    })
}

/// From `start` to `end` where the reader is: one date when both fall on the same day
/// ("10 décembre 2026, 8 h 30 à 12 h" / "December 10, 2026, 8:30 a.m. to 12 p.m."), else
/// both in full.
pub fn time_range(
    catalogs: &Catalogs,
    locale: Locale,
    tz: &TimeZone,
    start: Millis,
    end: Millis,
) -> String {
    let same_day = match (civil(tz, start), civil(tz, end)) {
        (Some((a, _, _)), Some((b, _, _))) => a == b,
        _ => false,
    };
    let (key, to) = if same_day {
        ("format-range", time(locale, tz, end))
    } else {
        ("format-range-days", date_time(locale, tz, end))
    };
    catalogs.t_with(
        locale,
        key,
        &[("start", &date_time(locale, tz, start)), ("end", &to)],
    )
}

/// How long ago (or how soon) `at` is from `now`, in words, for recent moments: "à l'instant",
/// "il y a 5 minutes", "il y a 2 heures", "il y a 3 jours" / "in 2 hours"; past a week (and
/// for anything out of range), the date.
pub fn relative(
    catalogs: &Catalogs,
    locale: Locale,
    tz: &TimeZone,
    at: Millis,
    now: Millis,
) -> String {
    let secs = (now.0.saturating_sub(at.0)) / 1000;
    let past = secs >= 0;
    let s = secs.unsigned_abs();
    let (unit, n) = match s {
        s if s < 60 => return catalogs.t(locale, "format-now"),
        s if s < 3600 => ("minutes", s / 60),
        s if s < 86_400 => ("hours", s / 3600),
        s if s < 7 * 86_400 => ("days", s / 86_400),
        _ => return date(locale, tz, at),
    };
    let key = match (past, unit) {
        (true, "minutes") => "format-minutes-ago",
        (true, "hours") => "format-hours-ago",
        (true, _) => "format-days-ago",
        (false, "minutes") => "format-in-minutes",
        (false, "hours") => "format-in-hours",
        (false, _) => "format-in-days",
    };
    catalogs.t_with(locale, key, &[("n", &n.to_string())])
}

/// The time zone as people call it, with its city, to name once per page:
/// "heure de l’Est (Toronto)" / "Eastern Time (Toronto)". The name is the one in use at `at`.
pub fn zone_name(locale: Locale, tz: &TimeZone, at: Millis) -> String {
    let city = tz
        .name()
        .rsplit_once('/')
        .map(|(_, city)| city.replace('_', " "));
    match (generic_zone(locale, tz, at), city) {
        (Some(name), Some(city)) if !name.contains(&city) => format!("{name} ({city})"),
        (Some(name), _) => name,
        (None, _) => tz.name().to_string(),
    }
}

/// ICU's generic long name of the zone at `at` ("heure de l’Est", "Eastern Time"); a zone
/// without one is named by its offset ("UTC−05:00").
fn generic_zone(locale: Locale, tz: &TimeZone, at: Millis) -> Option<String> {
    let (_, _, offset) = civil(tz, at)?;
    let info = icu_time::TimeZone::from_iana_id(tz.name())
        .with_offset(UtcOffset::try_from_seconds(offset).ok())
        .with_zone_name_timestamp(ZoneNameTimestamp::from_epoch_seconds(at.0 / 1000));
    with(locale, |f| {
        f.zone().map(|fmt| fmt.format(&info).to_string())
    })
}

/// A date and time that travels alone (an email, a receipt, a watermark), so it names its
/// zone: "10 décembre 2026, 8 h 30 (heure de l’Est)".
pub fn date_time_in_zone(catalogs: &Catalogs, locale: Locale, tz: &TimeZone, at: Millis) -> String {
    zoned(catalogs, locale, tz, at, date_time(locale, tz, at))
}

/// [`time_range`], naming its zone (for emails).
pub fn time_range_in_zone(
    catalogs: &Catalogs,
    locale: Locale,
    tz: &TimeZone,
    start: Millis,
    end: Millis,
) -> String {
    let range = time_range(catalogs, locale, tz, start, end);
    zoned(catalogs, locale, tz, start, range)
}

fn zoned(catalogs: &Catalogs, locale: Locale, tz: &TimeZone, at: Millis, when: String) -> String {
    if when.is_empty() {
        return when;
    }
    let zone = generic_zone(locale, tz, at).unwrap_or_else(|| tz.name().to_string());
    catalogs.t_with(
        locale,
        "format-when-zone",
        &[("when", &when), ("zone", &zone)],
    )
}

/// The instant for a `<time datetime="…">` attribute: ISO 8601 with the reader's offset,
/// e.g. `2026-12-10T08:30-05:00` (empty when out of range).
pub fn datetime_attribute(tz: &TimeZone, at: Millis) -> String {
    tz.zoned(at)
        .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // 2026-12-10 13:30 UTC: 8:30 in Toronto (EST).
    const AT: Millis = Millis(1_796_909_400_000);
    const NB: char = '\u{a0}';
    const NNB: char = '\u{202f}';

    fn toronto() -> TimeZone {
        TimeZone::default()
    }

    fn catalogs() -> Catalogs {
        Catalogs::load().unwrap()
    }

    #[test]
    fn money_in_both_languages() {
        // CLDR's fr-CA groups with a no-break space (U+00A0), where fr uses a narrow one.
        assert_eq!(
            money(Locale::Fr, 123450, "CAD"),
            format!("1{NB}234,50{NB}$")
        );
        assert_eq!(money(Locale::Fr, 18550, "CAD"), format!("185,50{NB}$"));
        assert_eq!(money(Locale::En, 123450, "CAD"), "$1,234.50");
        assert_eq!(money(Locale::En, 18550, "CAD"), "$185.50");
        assert_eq!(money(Locale::En, -5, "CAD"), "-$0.05");
        assert_eq!(money(Locale::Fr, -5, "CAD"), format!("-0,05{NB}$"));
        assert_eq!(
            money(Locale::Fr, 18550, "USD"),
            format!("185,50{NB}${NB}US")
        );
        assert_eq!(money(Locale::En, 18550, "USD"), "US$185.50");
        assert_eq!(money(Locale::En, 100_000_000, "EUR"), "€1,000,000.00");
        assert_eq!(
            money(Locale::Fr, 100_000_000, "EUR"),
            format!("1{NB}000{NB}000,00{NB}€")
        );
        assert_eq!(money(Locale::En, 0, "CHF"), format!("CHF{NB}0.00"));
    }

    #[test]
    fn whole_numbers_are_grouped() {
        assert_eq!(integer(Locale::Fr, 12345), format!("12{NB}345"));
        assert_eq!(integer(Locale::En, 12345), "12,345");
        assert_eq!(integer(Locale::En, 999), "999");
        assert_eq!(integer(Locale::Fr, -1_234_567), format!("-1{NB}234{NB}567"));
        assert_eq!(integer(Locale::En, i64::MIN), "-9,223,372,036,854,775,808");
    }

    #[test]
    fn stored_numbers_are_written_in_the_language() {
        assert_eq!(decimal(Locale::Fr, "1234.5"), format!("1{NB}234,5"));
        assert_eq!(decimal(Locale::En, "1234.5"), "1,234.5");
        assert_eq!(decimal(Locale::En, "-3"), "-3");
        assert_eq!(decimal(Locale::Fr, "n/a"), "n/a");
    }

    #[test]
    fn sizes_in_the_language_units() {
        let c = catalogs();
        assert_eq!(size(&c, Locale::Fr, 1_500_000), format!("1,5{NB}Mo"));
        assert_eq!(size(&c, Locale::En, 1_500_000), format!("1.5{NB}MB"));
        assert_eq!(size(&c, Locale::Fr, 200_000_000), format!("200{NB}Mo"));
        assert_eq!(size(&c, Locale::En, 2_000_000), format!("2{NB}MB"));
        assert_eq!(size(&c, Locale::Fr, 340_400), format!("340{NB}ko"));
        assert_eq!(size(&c, Locale::En, 1_260), format!("1.3{NB}kB"));
        assert_eq!(size(&c, Locale::Fr, 2_500_000_000), format!("2,5{NB}Go"));
        assert_eq!(size(&c, Locale::Fr, 12), format!("12{NB}octets"));
        assert_eq!(size(&c, Locale::Fr, 1), format!("1{NB}octet"));
        assert_eq!(size(&c, Locale::En, 1), format!("1{NB}byte"));
        assert_eq!(size(&c, Locale::En, 512), format!("512{NB}bytes"));
    }

    #[test]
    fn dates_where_the_reader_is() {
        assert_eq!(date(Locale::Fr, &toronto(), AT), "10 décembre 2026");
        assert_eq!(date(Locale::En, &toronto(), AT), "December 10, 2026");
        // Already the next day in Tokyo.
        let tokyo = TimeZone::parse("Asia/Tokyo").unwrap();
        assert_eq!(
            date(Locale::Fr, &tokyo, Millis(AT.0 + 11 * 3_600_000)),
            "11 décembre 2026"
        );
        assert_eq!(date(Locale::Fr, &toronto(), Millis(i64::MAX)), "");
        assert_eq!(calendar_date(Locale::Fr, "2026-12-05"), "5 décembre 2026");
        assert_eq!(calendar_date(Locale::Fr, "2026-11-01"), "1er novembre 2026");
        assert_eq!(calendar_date(Locale::En, "2026-11-01"), "November 1, 2026");
        assert_eq!(calendar_date(Locale::En, "2026-12-05"), "December 5, 2026");
        assert_eq!(calendar_date(Locale::En, "not a date"), "not a date");
    }

    #[test]
    fn dates_and_times_in_quebec_style_and_in_english() {
        let tz = toronto();
        assert_eq!(date_time(Locale::Fr, &tz, AT), "10 décembre 2026, 8 h 30");
        assert_eq!(
            date_time(Locale::En, &tz, AT),
            format!("December 10, 2026 at 8:30{NNB}a.m.")
        );
        let noon = AT.plus_secs(3 * 3600 + 1800);
        assert_eq!(date_time(Locale::Fr, &tz, noon), "10 décembre 2026, 12 h");
        let first = Millis(AT.0 - 9 * 86_400_000);
        assert_eq!(
            date_time(Locale::Fr, &tz, first),
            "1er décembre 2026, 8 h 30"
        );
        assert_eq!(time(Locale::Fr, &tz, noon), "12 h");
        assert_eq!(time(Locale::En, &tz, noon), format!("12{NNB}p.m."));
        assert_eq!(
            time(Locale::Fr, &tz, AT.plus_secs(9 * 3600 + 300)),
            "17 h 35"
        );
        assert_eq!(time(Locale::En, &tz, AT), format!("8:30{NNB}a.m."));
        assert_eq!(date_time(Locale::En, &tz, Millis(i64::MIN)), "");
    }

    #[test]
    fn time_ranges_name_one_day_once() {
        let c = catalogs();
        let tz = toronto();
        let noon = AT.plus_secs(3 * 3600 + 1800);
        assert_eq!(
            time_range(&c, Locale::Fr, &tz, AT, noon),
            "10 décembre 2026, 8 h 30 à 12 h"
        );
        assert_eq!(
            time_range(&c, Locale::En, &tz, AT, noon),
            format!("December 10, 2026 at 8:30{NNB}a.m. to 12{NNB}p.m.")
        );
        let next_day = AT.plus_secs(24 * 3600);
        assert_eq!(
            time_range(&c, Locale::Fr, &tz, AT, next_day),
            "10 décembre 2026, 8 h 30 au 11 décembre 2026, 8 h 30"
        );
    }

    #[test]
    fn relative_times_for_recent_moments() {
        let c = catalogs();
        let tz = toronto();
        let rel = |l, secs: i64| relative(&c, l, &tz, AT, AT.plus_secs(secs));
        assert_eq!(rel(Locale::Fr, 7200), "il y a 2 heures");
        assert_eq!(rel(Locale::En, 7200), "2 hours ago");
        assert_eq!(rel(Locale::Fr, 3600), "il y a 1 heure");
        assert_eq!(rel(Locale::En, 60), "1 minute ago");
        assert_eq!(rel(Locale::Fr, 5), "à l’instant");
        assert_eq!(rel(Locale::En, 5), "just now");
        assert_eq!(rel(Locale::Fr, 3 * 86_400), "il y a 3 jours");
        assert_eq!(rel(Locale::En, -2 * 86_400), "in 2 days");
        assert_eq!(rel(Locale::Fr, -1800), "dans 30 minutes");
        // Past a week: the date.
        assert_eq!(rel(Locale::Fr, 30 * 86_400), "10 décembre 2026");
    }

    #[test]
    fn the_zone_is_named_as_people_say_it() {
        let tz = toronto();
        assert_eq!(zone_name(Locale::Fr, &tz, AT), "heure de l’Est (Toronto)");
        assert_eq!(zone_name(Locale::En, &tz, AT), "Eastern Time (Toronto)");
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        assert_eq!(
            zone_name(Locale::Fr, &paris, AT),
            "heure de l’Europe centrale (Paris)"
        );
        assert_eq!(
            zone_name(Locale::En, &TimeZone::utc(), AT),
            "Coordinated Universal Time"
        );
        let st_johns = TimeZone::parse("America/St_Johns").unwrap();
        assert_eq!(
            zone_name(Locale::En, &st_johns, AT),
            "Newfoundland Time (St Johns)"
        );
    }

    #[test]
    fn times_travelling_alone_name_their_zone() {
        let c = catalogs();
        let tz = toronto();
        assert_eq!(
            date_time_in_zone(&c, Locale::Fr, &tz, AT),
            "10 décembre 2026, 8 h 30 (heure de l’Est)"
        );
        assert_eq!(
            date_time_in_zone(&c, Locale::En, &tz, AT),
            format!("December 10, 2026 at 8:30{NNB}a.m. (Eastern Time)")
        );
        assert_eq!(
            time_range_in_zone(&c, Locale::Fr, &tz, AT, AT.plus_secs(3600)),
            "10 décembre 2026, 8 h 30 à 9 h 30 (heure de l’Est)"
        );
        assert_eq!(date_time_in_zone(&c, Locale::Fr, &tz, Millis(i64::MAX)), "");
    }

    #[test]
    fn datetime_attributes_stay_iso() {
        assert_eq!(
            datetime_attribute(&toronto(), AT),
            "2026-12-10T08:30:00-05:00"
        );
        assert_eq!(datetime_attribute(&toronto(), Millis(i64::MAX)), "");
    }
}
