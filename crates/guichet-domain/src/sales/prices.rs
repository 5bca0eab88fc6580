//! Price lists as rules, and the one rule that applies to a customer buying a quantity.
//!
//! A rule prices one product for everyone (base), for a segment or for one customer, in one
//! currency, from a quantity on (quantity breaks), optionally between two dates. The price that
//! applies is found in the most specific target that has any rule in force for the customer's
//! currency — customer, else segment, else base — and, within it, the rule with the largest
//! minimum quantity not above the quantity bought. A customer's catalog is the products
//! that have such a price.
use serde::{Deserialize, Serialize};

use crate::{Currency, CustomerId, Millis, PriceId, ProductId, SegmentId, TenantId};

/// Whom a price rule is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PriceTarget {
    Base,
    Segment(SegmentId),
    Customer(CustomerId),
}

impl PriceTarget {
    /// Customer 2, segment 1, base 0: the most specific wins.
    fn rank(self) -> u8 {
        match self {
            PriceTarget::Base => 0,
            PriceTarget::Segment(_) => 1,
            PriceTarget::Customer(_) => 2,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            PriceTarget::Base => "base",
            PriceTarget::Segment(_) => "segment",
            PriceTarget::Customer(_) => "customer",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PriceRule {
    pub id: PriceId,
    pub tenant_id: TenantId,
    pub product_id: ProductId,
    pub target: PriceTarget,
    /// From this quantity on (1 for the plain price).
    pub min_quantity: i64,
    /// Per unit, in minor units of `currency`.
    pub unit_minor: i64,
    pub currency: Currency,
    /// Calendar dates (`YYYY-MM-DD`), both included; none: open.
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: Millis,
}

impl PriceRule {
    /// In force on `today` (`YYYY-MM-DD`; ISO dates compare as text).
    pub fn in_force(&self, today: &str) -> bool {
        self.valid_from.as_deref().is_none_or(|f| f <= today)
            && self.valid_until.as_deref().is_none_or(|u| today <= u)
    }

    fn reaches(&self, who: &Buyer) -> bool {
        match self.target {
            PriceTarget::Base => true,
            PriceTarget::Segment(s) => who.segment == Some(s),
            PriceTarget::Customer(c) => who.customer == c,
        }
    }
}

/// Who buys, as prices see them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Buyer {
    pub customer: CustomerId,
    pub segment: Option<SegmentId>,
    pub currency: Currency,
}

/// The rule that prices `quantity` of a product for `who` on `today`, among that product's
/// rules; none: the product is not sold to them.
pub fn price_for<'a>(
    rules: &'a [PriceRule],
    who: &Buyer,
    quantity: i64,
    today: &str,
) -> Option<&'a PriceRule> {
    let usable = || {
        rules
            .iter()
            .filter(|r| r.currency == who.currency && r.reaches(who) && r.in_force(today))
    };
    let rank = usable().map(|r| r.target.rank()).max()?;
    let tier = || usable().filter(move |r| r.target.rank() == rank);
    tier()
        .filter(|r| r.min_quantity <= quantity.max(1))
        .max_by_key(|r| (r.min_quantity, std::cmp::Reverse(r.unit_minor)))
        // Below the tier's smallest break, its smallest break is the price shown.
        .or_else(|| tier().min_by_key(|r| r.min_quantity))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(target: PriceTarget, min: i64, minor: i64) -> PriceRule {
        PriceRule {
            id: PriceId::new(),
            tenant_id: TenantId::new(),
            product_id: ProductId::new(),
            target,
            min_quantity: min,
            unit_minor: minor,
            currency: Currency::Cad,
            valid_from: None,
            valid_until: None,
            created_at: Millis(0),
        }
    }

    #[test]
    fn the_most_specific_rule_then_the_largest_break() {
        let me = CustomerId::new();
        let seg = SegmentId::new();
        let who = Buyer {
            customer: me,
            segment: Some(seg),
            currency: Currency::Cad,
        };
        let other = Buyer {
            customer: CustomerId::new(),
            segment: None,
            currency: Currency::Cad,
        };
        let rules = vec![
            rule(PriceTarget::Base, 1, 1000),
            rule(PriceTarget::Base, 100, 800),
            rule(PriceTarget::Segment(seg), 1, 900),
            rule(PriceTarget::Segment(seg), 50, 850),
        ];
        let p = |who: &Buyer, q| price_for(&rules, who, q, "2026-12-06").map(|r| r.unit_minor);
        assert_eq!(p(&who, 1), Some(900));
        assert_eq!(p(&who, 60), Some(850));
        assert_eq!(
            p(&who, 200),
            Some(850),
            "the segment's tier wins over base breaks"
        );
        assert_eq!(p(&other, 1), Some(1000));
        assert_eq!(p(&other, 100), Some(800));

        let mut mine = rules.clone();
        mine.push(rule(PriceTarget::Customer(me), 10, 700));
        assert_eq!(
            price_for(&mine, &who, 1, "2026-12-06").map(|r| r.unit_minor),
            Some(700),
            "below the customer's first break, that break is the price shown"
        );
    }

    #[test]
    fn currency_dates_and_exclusive_products() {
        let me = CustomerId::new();
        let who = Buyer {
            customer: me,
            segment: None,
            currency: Currency::Cad,
        };
        let mut usd = rule(PriceTarget::Base, 1, 500);
        usd.currency = Currency::Usd;
        assert!(price_for(&[usd], &who, 1, "2026-12-06").is_none());

        let mut old = rule(PriceTarget::Customer(me), 1, 600);
        old.valid_until = Some("2026-11-30".into());
        let base = rule(PriceTarget::Base, 1, 1000);
        let rules = vec![old.clone(), base];
        assert_eq!(
            price_for(&rules, &who, 1, "2026-12-06").map(|r| r.unit_minor),
            Some(1000)
        );
        assert_eq!(
            price_for(&rules, &who, 1, "2026-11-30").map(|r| r.unit_minor),
            Some(600)
        );

        // A product priced only for one customer is in nobody else's catalog.
        let only = vec![rule(PriceTarget::Customer(me), 1, 100)];
        let stranger = Buyer {
            customer: CustomerId::new(),
            segment: None,
            currency: Currency::Cad,
        };
        assert!(price_for(&only, &stranger, 1, "2026-12-06").is_none());
        assert!(price_for(&only, &who, 1, "2026-12-06").is_some());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Three customers, two segments; rules drawn at random for one product.
    fn world() -> ([CustomerId; 3], [SegmentId; 2]) {
        let c = [CustomerId::new(), CustomerId::new(), CustomerId::new()];
        let s = [SegmentId::new(), SegmentId::new()];
        (c, s)
    }

    fn rules_strategy() -> impl Strategy<Value = Vec<(u8, u8, i64, i64, bool, u8)>> {
        // (target kind 0..3, which 0..3, min quantity, price, CAD?, validity 0..3)
        prop::collection::vec(
            (
                0u8..3,
                0u8..3,
                1i64..200,
                1i64..1_000_000,
                any::<bool>(),
                0u8..3,
            ),
            0..12,
        )
    }

    proptest! {
        /// The rule applied is the precedence rules' answer, computed another way: among rules
        /// in force, in the buyer's currency, that reach the buyer, the most specific target
        /// present; within it the largest break not above the quantity (else its smallest
        /// break). Never another customer's or segment's rule.
        #[test]
        fn the_price_applied_follows_precedence(raw in rules_strategy(), buyer_i in 0usize..3, seg_i in 0usize..3, qty in 1i64..300) {
            let (customers, segments) = world();
            let today = "2026-12-06";
            let rules: Vec<PriceRule> = raw
                .iter()
                .map(|(kind, which, min, minor, cad, validity)| PriceRule {
                    id: PriceId::new(),
                    tenant_id: TenantId(uuid::Uuid::nil()),
                    product_id: ProductId(uuid::Uuid::nil()),
                    target: match kind {
                        0 => PriceTarget::Base,
                        1 => PriceTarget::Segment(segments[(*which as usize) % 2]),
                        _ => PriceTarget::Customer(customers[*which as usize]),
                    },
                    min_quantity: *min,
                    unit_minor: *minor,
                    currency: if *cad { Currency::Cad } else { Currency::Usd },
                    valid_from: (*validity == 1).then(|| "2027-01-01".to_string()),
                    valid_until: (*validity == 2).then(|| "2026-11-30".to_string()),
                    created_at: Millis(0),
                })
                .collect();
            let buyer = Buyer {
                customer: customers[buyer_i],
                segment: segments.get(seg_i).copied(),
                currency: Currency::Cad,
            };
            let got = price_for(&rules, &buyer, qty, today);

            let reaching: Vec<&PriceRule> = rules
                .iter()
                .filter(|r| r.currency == Currency::Cad && r.valid_from.is_none() && r.valid_until.is_none())
                .filter(|r| match r.target {
                    PriceTarget::Base => true,
                    PriceTarget::Segment(s) => Some(s) == buyer.segment,
                    PriceTarget::Customer(c) => c == buyer.customer,
                })
                .collect();
            let best_rank = reaching.iter().map(|r| match r.target {
                PriceTarget::Base => 0,
                PriceTarget::Segment(_) => 1,
                PriceTarget::Customer(_) => 2,
            }).max();
            match best_rank {
                None => prop_assert!(got.is_none()),
                Some(rank) => {
                    let got = got.expect("a rule reaches the buyer");
                    let tier: Vec<&&PriceRule> = reaching.iter().filter(|r| match r.target {
                        PriceTarget::Base => rank == 0,
                        PriceTarget::Segment(_) => rank == 1,
                        PriceTarget::Customer(_) => rank == 2,
                    }).collect();
                    prop_assert!(tier.iter().any(|r| r.id == got.id), "the rule is of the most specific tier");
                    let below: Vec<i64> = tier.iter().map(|r| r.min_quantity).filter(|m| *m <= qty).collect();
                    let expected_break = below.iter().max().copied()
                        .unwrap_or_else(|| tier.iter().map(|r| r.min_quantity).min().unwrap_or(0));
                    prop_assert_eq!(got.min_quantity, expected_break);
                    // Never a rule meant for someone else.
                    match got.target {
                        PriceTarget::Customer(c) => prop_assert_eq!(c, buyer.customer),
                        PriceTarget::Segment(s) => prop_assert_eq!(Some(s), buyer.segment),
                        PriceTarget::Base => {}
                    }
                }
            }
        }
    }
}
