//! Sales taxes as data: which taxes a customer's province charges, at which rate, and how an
//! amount's tax is rounded (to the cent, half away from zero, on the whole subtotal).
use serde::{Deserialize, Serialize};

/// One tax Canadian invoices name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tax {
    /// Federal goods and services tax (TPS).
    Gst,
    /// Quebec sales tax (TVQ).
    Qst,
    /// Harmonized sales tax (TVH).
    Hst,
    /// British Columbia, Saskatchewan provincial sales tax.
    Pst,
    /// Manitoba retail sales tax.
    Rst,
}

impl Tax {
    pub fn code(self) -> &'static str {
        match self {
            Tax::Gst => "gst",
            Tax::Qst => "qst",
            Tax::Hst => "hst",
            Tax::Pst => "pst",
            Tax::Rst => "rst",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Tax::Gst, Tax::Qst, Tax::Hst, Tax::Pst, Tax::Rst]
            .into_iter()
            .find(|t| t.code() == s)
    }
}

/// Where a customer is taxed: a province or territory, outside Canada, or exempt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaxRegion {
    #[default]
    Qc,
    On,
    Bc,
    Ab,
    Mb,
    Sk,
    Ns,
    Nb,
    Nl,
    Pe,
    Nt,
    Nu,
    Yt,
    /// Exports: no Canadian tax.
    Outside,
    /// A customer exempt from sales taxes (a band, some public bodies).
    Exempt,
}

/// A tax at a rate, in thousandths of a percent (QST 9.975 % = 9975).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    pub tax: Tax,
    pub milli_percent: i64,
}

/// A tax charged on an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxAmount {
    pub tax: Tax,
    pub milli_percent: i64,
    pub minor: i64,
}

impl TaxRegion {
    pub const ALL: [TaxRegion; 15] = [
        TaxRegion::Qc,
        TaxRegion::On,
        TaxRegion::Bc,
        TaxRegion::Ab,
        TaxRegion::Mb,
        TaxRegion::Sk,
        TaxRegion::Ns,
        TaxRegion::Nb,
        TaxRegion::Nl,
        TaxRegion::Pe,
        TaxRegion::Nt,
        TaxRegion::Nu,
        TaxRegion::Yt,
        TaxRegion::Outside,
        TaxRegion::Exempt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TaxRegion::Qc => "QC",
            TaxRegion::On => "ON",
            TaxRegion::Bc => "BC",
            TaxRegion::Ab => "AB",
            TaxRegion::Mb => "MB",
            TaxRegion::Sk => "SK",
            TaxRegion::Ns => "NS",
            TaxRegion::Nb => "NB",
            TaxRegion::Nl => "NL",
            TaxRegion::Pe => "PE",
            TaxRegion::Nt => "NT",
            TaxRegion::Nu => "NU",
            TaxRegion::Yt => "YT",
            TaxRegion::Outside => "outside",
            TaxRegion::Exempt => "exempt",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    /// The taxes charged there (rates in force since 1 April 2025).
    pub fn rates(self) -> Vec<TaxRate> {
        let r = |tax, milli_percent| TaxRate { tax, milli_percent };
        match self {
            TaxRegion::Qc => vec![r(Tax::Gst, 5000), r(Tax::Qst, 9975)],
            TaxRegion::On => vec![r(Tax::Hst, 13000)],
            TaxRegion::Ns => vec![r(Tax::Hst, 14000)],
            TaxRegion::Nb | TaxRegion::Nl | TaxRegion::Pe => vec![r(Tax::Hst, 15000)],
            TaxRegion::Bc => vec![r(Tax::Gst, 5000), r(Tax::Pst, 7000)],
            TaxRegion::Mb => vec![r(Tax::Gst, 5000), r(Tax::Rst, 7000)],
            TaxRegion::Sk => vec![r(Tax::Gst, 5000), r(Tax::Pst, 6000)],
            TaxRegion::Ab | TaxRegion::Nt | TaxRegion::Nu | TaxRegion::Yt => {
                vec![r(Tax::Gst, 5000)]
            }
            TaxRegion::Outside | TaxRegion::Exempt => Vec::new(),
        }
    }

    /// Each tax on a subtotal, rounded to the cent (half away from zero).
    pub fn taxes_on(self, subtotal_minor: i64) -> Vec<TaxAmount> {
        self.rates()
            .into_iter()
            .map(|rate| TaxAmount {
                tax: rate.tax,
                milli_percent: rate.milli_percent,
                minor: tax_on(subtotal_minor, rate.milli_percent),
            })
            .collect()
    }
}

/// `amount × rate`, rounded to the cent, half away from zero; exact integer arithmetic.
pub fn tax_on(amount_minor: i64, milli_percent: i64) -> i64 {
    let product = i128::from(amount_minor) * i128::from(milli_percent);
    let q = product / 100_000;
    let r = product % 100_000;
    let rounded = if r.abs() * 2 >= 100_000 {
        q + product.signum()
    } else {
        q
    };
    i64::try_from(rounded).unwrap_or(if rounded > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quebec_charges_gst_and_qst() {
        let t = TaxRegion::Qc.taxes_on(10000);
        assert_eq!(t[0].minor, 500);
        assert_eq!(t[1].minor, 998); // 997.5 rounds up
        let total: i64 = t.iter().map(|x| x.minor).sum();
        assert_eq!(total, 1498); // 14.975 % of 100 $, to the cent
        assert_eq!(TaxRegion::On.taxes_on(10000)[0].minor, 1300);
        assert!(TaxRegion::Exempt.taxes_on(10000).is_empty());
        assert_eq!(tax_on(-10000, 9975), -998);
        assert_eq!(tax_on(1, 5000), 0);
        assert_eq!(tax_on(10, 5000), 1); // 0.5 ¢ rounds away from zero
    }

    #[test]
    fn codes_round_trip() {
        for r in TaxRegion::ALL {
            assert_eq!(TaxRegion::parse(r.code()), Some(r));
        }
        assert_eq!(Tax::parse("qst"), Some(Tax::Qst));
    }

    proptest! {
        /// The rounded tax is never more than half a cent from the exact one.
        #[test]
        fn rounding_is_within_half_a_cent(amount in -1_000_000_000_000i64..1_000_000_000_000, rate in 0i64..30_000) {
            let t = tax_on(amount, rate);
            let exact = i128::from(amount) * i128::from(rate);
            let diff = (i128::from(t) * 100_000 - exact).abs();
            prop_assert!(diff * 2 <= 100_000);
        }
    }
}
