//! Values formatted for the reader's language (fr-CA, en-CA): money, numbers, dates.
//!
//! Money is always integer minor units with its ISO 4217 currency code (two decimals for the
//! currencies Guichet offers: CAD, USD, EUR).
use guichet_domain::Locale;

/// "1 234,50 $" (fr-CA) or "$1,234.50" (en-CA); other currencies name their code
/// ("1 234,50 $ US", "US$1,234.50", "1 234,50 €", "€1,234.50").
pub fn money(locale: Locale, minor: i64, currency: &str) -> String {
    let negative = minor < 0;
    let abs = minor.unsigned_abs();
    let units = grouped(locale, abs / 100);
    let cents = abs % 100;
    let sign = if negative { "-" } else { "" };
    match locale {
        Locale::Fr => {
            let symbol = match currency {
                "CAD" => "$".to_string(),
                "USD" => "$\u{a0}US".to_string(),
                "EUR" => "€".to_string(),
                other => other.to_string(),
            };
            format!("{sign}{units},{cents:02}\u{a0}{symbol}")
        }
        Locale::En => {
            let symbol = match currency {
                "CAD" => "$".to_string(),
                "USD" => "US$".to_string(),
                "EUR" => "€".to_string(),
                other => format!("{other}\u{a0}"),
            };
            format!("{sign}{symbol}{units}.{cents:02}")
        }
    }
}

/// A whole number with the language's grouping: "12 345" (narrow no-break space) or "12,345".
pub fn integer(locale: Locale, n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(locale, n.unsigned_abs()))
}

fn grouped(locale: Locale, n: u64) -> String {
    let sep = match locale {
        Locale::Fr => '\u{202f}',
        Locale::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_both_languages() {
        assert_eq!(money(Locale::Fr, 123450, "CAD"), "1\u{202f}234,50\u{a0}$");
        assert_eq!(money(Locale::En, 123450, "CAD"), "$1,234.50");
        assert_eq!(money(Locale::En, -5, "CAD"), "-$0.05");
        assert_eq!(money(Locale::Fr, 18550, "USD"), "185,50\u{a0}$\u{a0}US");
        assert_eq!(money(Locale::En, 100_000_000, "EUR"), "€1,000,000.00");
        assert_eq!(integer(Locale::Fr, 12345), "12\u{202f}345");
        assert_eq!(integer(Locale::En, 999), "999");
    }
}
