//! The provider's products, and the segments customers are grouped in for pricing.
use serde::{Deserialize, Serialize};

use crate::{CustomerId, Millis, ProductId, SegmentId, TaxRegion, TenantId, Texts, ValueError};

/// How a product is sold: the unit its quantity counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    #[default]
    Each,
    Box,
    Metre,
    Kilogram,
    Litre,
    Hour,
}

impl Unit {
    pub const ALL: [Unit; 6] = [
        Unit::Each,
        Unit::Box,
        Unit::Metre,
        Unit::Kilogram,
        Unit::Litre,
        Unit::Hour,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Unit::Each => "each",
            Unit::Box => "box",
            Unit::Metre => "metre",
            Unit::Kilogram => "kilogram",
            Unit::Litre => "litre",
            Unit::Hour => "hour",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.code() == s)
    }
}

/// Whether a product can be had now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "days")]
pub enum Availability {
    #[default]
    InStock,
    /// Made or brought in within this many days.
    LeadTime(u16),
    /// Ordered from the maker on request; no date promised.
    OnOrder,
}

impl Availability {
    pub fn code(self) -> &'static str {
        match self {
            Availability::InStock => "in_stock",
            Availability::LeadTime(_) => "lead_time",
            Availability::OnOrder => "on_order",
        }
    }
    /// From its stored code and lead time in days.
    pub fn from_parts(code: &str, days: i64) -> Option<Self> {
        match code {
            "in_stock" => Some(Availability::InStock),
            "lead_time" => u16::try_from(days).ok().map(Availability::LeadTime),
            "on_order" => Some(Availability::OnOrder),
            _ => None,
        }
    }
    pub fn days(self) -> i64 {
        match self {
            Availability::LeadTime(d) => i64::from(d),
            _ => 0,
        }
    }
}

/// Something the provider sells.
#[derive(Clone, Debug, PartialEq)]
pub struct Product {
    pub id: ProductId,
    pub tenant_id: TenantId,
    /// The provider's own code (unique per provider).
    pub sku: String,
    pub name: Texts,
    pub description: Texts,
    /// A category name as the provider writes it (both languages).
    pub category: Texts,
    pub unit: Unit,
    pub availability: Availability,
    /// Smallest quantity per order, and the step quantities go by (boxes of 12: 12, 24…).
    pub min_quantity: i64,
    pub multiple: i64,
    /// Withdrawn products stay on past orders but are sold no more.
    pub active: bool,
    /// Its picture, when staff gave one.
    pub image: Option<ProductImage>,
    /// Its options and rules, when it is sold configured (`Configurator`).
    pub configurator: Option<crate::Configurator>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A product's picture: a file of the blob store and its type, sniffed from its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductImage {
    pub sha256: String,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub content_type: String,
}

impl ProductImage {
    /// The picture types a product may have.
    pub const TYPES: [&'static str; 3] = ["image/png", "image/jpeg", "image/webp"];
}

/// Why a quantity cannot be ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityProblem {
    /// Not a whole number, zero, negative or absurd.
    Invalid,
    BelowMinimum(i64),
    NotMultiple(i64),
}

/// The most of one product one order line may hold.
pub const MAX_QUANTITY: i64 = 1_000_000;

impl Product {
    /// A quantity as typed, checked against the product's minimum and multiple.
    pub fn quantity(&self, raw: &str) -> Result<i64, QuantityProblem> {
        let q: i64 = raw.trim().parse().map_err(|_| QuantityProblem::Invalid)?;
        self.check_quantity(q)?;
        Ok(q)
    }

    pub fn check_quantity(&self, q: i64) -> Result<(), QuantityProblem> {
        if !(1..=MAX_QUANTITY).contains(&q) {
            return Err(QuantityProblem::Invalid);
        }
        if q < self.min_quantity {
            return Err(QuantityProblem::BelowMinimum(self.min_quantity));
        }
        if self.multiple > 1 && q % self.multiple != 0 {
            return Err(QuantityProblem::NotMultiple(self.multiple));
        }
        Ok(())
    }
}

/// A provider's SKU: letters, digits, `-`, `_`, `.`, `/`; 1–40 characters; kept as typed
/// (upper-cased).
pub fn sku(raw: &str) -> Result<String, ValueError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ValueError::Required);
    }
    if t.chars().count() > 40 {
        return Err(ValueError::TooLong);
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err(ValueError::Invalid);
    }
    Ok(t.to_ascii_uppercase())
}

/// A group of customers who share prices (distributors, contractors…).
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub id: SegmentId,
    pub tenant_id: TenantId,
    pub name: String,
    pub created_at: Millis,
}

/// How a customer buys: its segment and where it is taxed (its currency is the account's).
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerTerms {
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub segment_id: Option<SegmentId>,
    pub tax_region: TaxRegion,
    pub updated_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Locale;

    fn product(min: i64, multiple: i64) -> Product {
        Product {
            id: ProductId::new(),
            tenant_id: TenantId::new(),
            sku: "A-1".into(),
            name: Texts::default(),
            description: Texts::default(),
            category: Texts::default(),
            unit: Unit::Each,
            availability: Availability::InStock,
            min_quantity: min,
            multiple,
            active: true,
            image: None,
            configurator: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    #[test]
    fn quantities_follow_minimum_and_multiple() {
        let p = product(12, 6);
        assert_eq!(p.quantity("18"), Ok(18));
        assert_eq!(p.quantity(" 12 "), Ok(12));
        assert_eq!(p.quantity("6"), Err(QuantityProblem::BelowMinimum(12)));
        assert_eq!(p.quantity("13"), Err(QuantityProblem::NotMultiple(6)));
        for bad in ["0", "-6", "1.5", "x", "", "99999999999999999999", "1000002"] {
            assert!(p.quantity(bad).is_err(), "{bad}");
        }
        assert_eq!(product(1, 1).quantity("1"), Ok(1));
    }

    #[test]
    fn skus() {
        assert_eq!(sku(" pv-440w "), Ok("PV-440W".into()));
        assert_eq!(sku(""), Err(ValueError::Required));
        assert_eq!(sku("a b"), Err(ValueError::Invalid));
        assert_eq!(sku("é"), Err(ValueError::Invalid));
        assert_eq!(sku(&"x".repeat(41)), Err(ValueError::TooLong));
    }

    #[test]
    fn texts_fall_back_to_the_other_language() {
        let t = Texts {
            fr: "Onduleur".into(),
            en: String::new(),
        };
        assert_eq!(t.get(Locale::En), "Onduleur");
        assert_eq!(t.get(Locale::Fr), "Onduleur");
        assert_eq!(
            Availability::from_parts("lead_time", 10),
            Some(Availability::LeadTime(10))
        );
        assert_eq!(Availability::from_parts("x", 0), None);
    }
}
