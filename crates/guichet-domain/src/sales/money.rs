//! Money: integer minor units (cents) with their currency, never floats. Prices typed by staff
//! are parsed as exact decimals (`rust_decimal`) and refused when they have more than two
//! decimals rather than rounded.
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::ValueError;

/// The currencies a provider may bill in (two decimals each).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum Currency {
    #[default]
    #[serde(rename = "CAD")]
    Cad,
    #[serde(rename = "USD")]
    Usd,
    #[serde(rename = "EUR")]
    Eur,
}

impl Currency {
    pub const ALL: [Currency; 3] = [Currency::Cad, Currency::Usd, Currency::Eur];
    pub fn code(self) -> &'static str {
        match self {
            Currency::Cad => "CAD",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s.trim())
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount in minor units (cents) of a currency.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// The largest amount Guichet stores for one price or line: ten billion units. Sums of many
/// lines stay far from `i64::MAX`.
pub const MAX_MINOR: i64 = 1_000_000_000_000;

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    /// A price as staff type it: "12.50", "12,50", "1 234,50", "1,234.50", "$12" — positive,
    /// at most two decimals, at most `MAX_MINOR`.
    pub fn parse_amount(raw: &str) -> Result<i64, ValueError> {
        let cleaned: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '$' | '€'))
            .collect();
        if cleaned.is_empty() {
            return Err(ValueError::Required);
        }
        // One separator: the decimal one. Both: the last is the decimal one, the other groups.
        let normalized = match (cleaned.rfind(','), cleaned.rfind('.')) {
            (Some(c), Some(d)) if c > d => cleaned.replace('.', "").replace(',', "."),
            (Some(_), Some(_)) => cleaned.replace(',', ""),
            (Some(_), None) => cleaned.replace(',', "."),
            _ => cleaned,
        };
        if !normalized.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(ValueError::Invalid);
        }
        let d = Decimal::from_str(&normalized).map_err(|_| ValueError::Invalid)?;
        if d.is_sign_negative() || d.normalize().scale() > 2 {
            return Err(ValueError::Invalid);
        }
        let minor = (d * Decimal::ONE_HUNDRED)
            .to_i64()
            .ok_or(ValueError::TooLong)?;
        if minor > MAX_MINOR {
            return Err(ValueError::TooLong);
        }
        Ok(minor)
    }

    /// `quantity` units at this unit price, or `None` when that overflows or passes a thousand
    /// times `MAX_MINOR` (a line of a million units at the largest price still fits).
    pub fn times(self, quantity: i64) -> Option<Money> {
        let minor = self.minor.checked_mul(quantity)?;
        (minor.abs() <= MAX_MINOR * 1000).then_some(Money::new(minor, self.currency))
    }

    /// The amount as a plain decimal ("1234.50"), for forms and exports.
    pub fn plain(self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        let a = self.minor.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        for (raw, minor) in [
            ("12.50", 1250),
            ("12,50", 1250),
            ("12,5", 1250),
            ("12", 1200),
            ("0", 0),
            ("1 234,50", 123450),
            ("1\u{a0}234,50 $", 123450),
            ("1,234.50", 123450),
            ("1.234,50", 123450),
            ("$0.05", 5),
            ("12.500", 1250),
        ] {
            assert_eq!(Money::parse_amount(raw), Ok(minor), "{raw}");
        }
        for bad in [
            "", "  ", "-3", "12.345", "abc", "1e5", "12..5", "0x10", "١٢",
        ] {
            assert!(Money::parse_amount(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Money::parse_amount("10000000000.01"),
            Err(ValueError::TooLong)
        );
        assert_eq!(
            Money::parse_amount("99999999999999999999999"),
            Err(ValueError::TooLong)
        );
    }

    #[test]
    fn products_and_plain_text() {
        let p = Money::new(1999, Currency::Cad);
        assert_eq!(p.times(3), Some(Money::new(5997, Currency::Cad)));
        assert_eq!(p.times(i64::MAX), None);
        assert_eq!(Money::new(5, Currency::Cad).plain(), "0.05");
        assert_eq!(Money::new(-123450, Currency::Usd).plain(), "-1234.50");
        assert_eq!(Currency::parse("USD"), Some(Currency::Usd));
        assert_eq!(Currency::parse("usd"), None);
    }
}
