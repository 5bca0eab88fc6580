//! Quotes: a customer asks, the provider answers with lines, taxes, a validity date, terms and
//! an optional deposit; each revision sent is a frozen PDF, and the customer accepts exactly the
//! revision it was shown (its number and the PDF's SHA-256) with an e-signature, or refuses it.
use serde::{Deserialize, Serialize};

use crate::{
    CustomerId, Millis, OrderId, ProductId, QuoteId, TaxAmount, TaxRegion, TenantId, Texts, Unit,
    UserId,
};

/// Where a quote stands. An expired quote is a sent one whose validity date has passed
/// (`Quote::expired`), never a stored status: the date alone decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Asked for by the customer or started by staff; staff prepare it, the customer sees only
    /// its request.
    Draft,
    /// A revision was sent: the customer may accept or refuse it until its validity date.
    Sent,
    Accepted,
    Refused,
    /// Staff took it back.
    Withdrawn,
}

impl QuoteStatus {
    pub const ALL: [QuoteStatus; 5] = [
        QuoteStatus::Draft,
        QuoteStatus::Sent,
        QuoteStatus::Accepted,
        QuoteStatus::Refused,
        QuoteStatus::Withdrawn,
    ];
    pub fn code(self) -> &'static str {
        match self {
            QuoteStatus::Draft => "draft",
            QuoteStatus::Sent => "sent",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Refused => "refused",
            QuoteStatus::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    /// Staff may change its lines and send it (a sent quote is reopened first: from then
    /// on its old revision can no longer be accepted).
    pub fn staff_may_edit(self) -> bool {
        self == QuoteStatus::Draft
    }
    /// Settled: frozen for good.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            QuoteStatus::Accepted | QuoteStatus::Refused | QuoteStatus::Withdrawn
        )
    }
}

/// One line of a quote: a catalog product at a price, less a discount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteLine {
    pub product_id: ProductId,
    pub sku: String,
    pub name: Texts,
    pub unit: Unit,
    pub quantity: i64,
    pub unit_minor: i64,
    /// Discount in hundredths of a percent (12.5 % = 1250), 0 to 10,000.
    pub discount_bp: i64,
}

/// The most a line may say: a discount over 100 % is refused.
pub const MAX_DISCOUNT_BP: i64 = 10_000;

impl QuoteLine {
    /// `quantity × unit`, less the discount rounded to the cent (half away from zero);
    /// `None` on overflow.
    pub fn total_minor(&self) -> Option<i64> {
        let gross = i128::from(self.quantity).checked_mul(i128::from(self.unit_minor))?;
        let net = gross.checked_mul(i128::from(
            MAX_DISCOUNT_BP - self.discount_bp.clamp(0, MAX_DISCOUNT_BP),
        ))?;
        let rounded = (net + i128::from(MAX_DISCOUNT_BP / 2)) / i128::from(MAX_DISCOUNT_BP);
        i64::try_from(rounded).ok()
    }
}

/// A quote's amounts, computed from its lines and the customer's tax region.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuoteTotals {
    pub subtotal_minor: i64,
    pub taxes: Vec<TaxAmount>,
    pub total_minor: i64,
    /// The deposit asked at acceptance (rounded to the cent).
    pub deposit_minor: i64,
}

impl QuoteTotals {
    /// `None` when an amount overflows.
    pub fn of(lines: &[QuoteLine], region: TaxRegion, deposit_percent: i64) -> Option<Self> {
        let mut subtotal: i64 = 0;
        for l in lines {
            subtotal = subtotal.checked_add(l.total_minor()?)?;
        }
        let taxes = region.taxes_on(subtotal);
        let total = taxes
            .iter()
            .try_fold(subtotal, |sum, t| sum.checked_add(t.minor))?;
        let deposit = crate::tax_on(total, deposit_percent.clamp(0, 100) * 1000);
        Some(QuoteTotals {
            subtotal_minor: subtotal,
            taxes,
            total_minor: total,
            deposit_minor: deposit,
        })
    }
}

/// What the customer signed: the name typed, the signature drawn (strokes of points in a
/// 300 × 100 box; none when signed with the keyboard), and the revision and PDF shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Acceptance {
    pub by: UserId,
    pub name: String,
    pub strokes: Vec<Vec<(f32, f32)>>,
    pub revision: i64,
    pub sha256: String,
    pub at: Millis,
    pub ip: String,
    pub user_agent: String,
    pub order_id: Option<OrderId>,
}

/// The box a drawn signature's points lie in.
pub const SIGNATURE_WIDTH: f32 = 300.0;
pub const SIGNATURE_HEIGHT: f32 = 100.0;

/// Reads a drawn signature as the page sends it: strokes separated by `;`, points by spaces,
/// coordinates by a comma (`"10,20 12,24;40,40 41,44"`). Empty: none drawn. At most 64
/// strokes and 4,000 points, every point inside the box: anything else is forged.
pub fn parse_strokes(raw: &str) -> Option<Vec<Vec<(f32, f32)>>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(Vec::new());
    }
    let mut points = 0usize;
    let mut strokes = Vec::new();
    for stroke in raw.split(';') {
        let mut line = Vec::new();
        for p in stroke.split_whitespace() {
            let (x, y) = p.split_once(',')?;
            let (x, y): (f32, f32) = (x.parse().ok()?, y.parse().ok()?);
            if !(0.0..=SIGNATURE_WIDTH).contains(&x) || !(0.0..=SIGNATURE_HEIGHT).contains(&y) {
                return None;
            }
            line.push((x, y));
            points += 1;
        }
        if line.is_empty() {
            return None;
        }
        strokes.push(line);
    }
    (strokes.len() <= 64 && points <= 4000).then_some(strokes)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    pub id: QuoteId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    /// The customer's name as it is now (read with the quote, never stored with it).
    pub customer_name: String,
    /// The customer's project it answers for: the offer step of that project's flow shows
    /// it, and accepting or refusing it moves the flow.
    pub project_id: Option<crate::ProjectId>,
    /// 1, 2, 3… per provider.
    pub number: i64,
    pub status: QuoteStatus,
    pub title: String,
    /// What the customer asked for, in its words (empty when staff started it).
    pub request: String,
    pub requested_by: Option<UserId>,
    pub requested_by_name: String,
    /// The language of its PDF: `fr` or `en`.
    pub lang: String,
    pub currency: crate::Currency,
    pub tax_region: TaxRegion,
    /// `YYYY-MM-DD`: the last day it may be accepted.
    pub valid_until: Option<String>,
    pub terms: String,
    /// 0 to 100.
    pub deposit_percent: i64,
    /// The revision last sent (0: never sent).
    pub revision: i64,
    /// The SHA-256 of the last revision's PDF.
    pub pdf_sha256: String,
    pub totals: QuoteTotals,
    pub acceptance: Option<Acceptance>,
    /// Why the customer refused it, or asked it renewed.
    pub reason: String,
    pub decided_by_name: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Quote {
    /// Sent, and its last day passed (`today` is `YYYY-MM-DD` in the provider's zone).
    pub fn expired(&self, today: &str) -> bool {
        self.status == QuoteStatus::Sent
            && self.valid_until.as_deref().is_some_and(|last| last < today)
    }
    /// The customer may accept or refuse it now.
    pub fn open_for_customer(&self, today: &str) -> bool {
        self.status == QuoteStatus::Sent && !self.expired(today)
    }
}

/// A message of a quote's thread: a contact's question or staff's answer, with at most one
/// file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteMessage {
    pub id: uuid::Uuid,
    pub tenant_id: TenantId,
    pub quote_id: QuoteId,
    pub author: Option<UserId>,
    pub author_name: String,
    pub from_staff: bool,
    pub body: String,
    pub file: Option<QuoteFile>,
    pub created_at: Millis,
}

/// A file joined to a quote's thread, kept in the blob store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteFile {
    pub sha256: String,
    /// As the sender's computer named it (cleaned).
    pub name: String,
    /// Sniffed from its bytes.
    pub content_type: String,
    pub size: i64,
}

/// A revision as sent: its PDF, kept and never changed.
#[derive(Clone, Debug, PartialEq)]
pub struct QuoteRevision {
    pub quote_id: QuoteId,
    pub revision: i64,
    pub sha256: String,
    pub size: i64,
    pub lines: Vec<QuoteLine>,
    pub totals: QuoteTotals,
    pub valid_until: Option<String>,
    pub sent_by_name: String,
    pub sent_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(quantity: i64, unit_minor: i64, discount_bp: i64) -> QuoteLine {
        QuoteLine {
            product_id: ProductId::new(),
            sku: "A".into(),
            name: Texts::default(),
            unit: Unit::Each,
            quantity,
            unit_minor,
            discount_bp,
        }
    }

    #[test]
    fn lines_and_totals() {
        assert_eq!(line(3, 1999, 0).total_minor(), Some(5997));
        // 10 × 0.99 less 12.5 % = 8.6625 → 8.66
        assert_eq!(line(10, 99, 1250).total_minor(), Some(866));
        // 1 × 0.01 less 50 % = 0.005 → 0.01 (half away from zero)
        assert_eq!(line(1, 1, 5000).total_minor(), Some(1));
        assert_eq!(line(4, 2500, 10_000).total_minor(), Some(0));
        assert_eq!(line(i64::MAX, i64::MAX, 0).total_minor(), None);
        let t = QuoteTotals::of(
            &[line(2, 10_000, 0), line(1, 5000, 1000)],
            TaxRegion::Qc,
            30,
        )
        .unwrap_or_default();
        assert_eq!(t.subtotal_minor, 24_500);
        assert_eq!(t.taxes.iter().map(|x| x.minor).sum::<i64>(), 1225 + 2444);
        assert_eq!(t.total_minor, 24_500 + 1225 + 2444);
        assert_eq!(t.deposit_minor, 8451);
        let none = QuoteTotals::of(&[line(1, 100, 0)], TaxRegion::Exempt, 0).unwrap_or_default();
        assert_eq!((none.total_minor, none.deposit_minor), (100, 0));
        for s in QuoteStatus::ALL {
            assert_eq!(QuoteStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn drawn_signatures_are_read_strictly() {
        assert_eq!(parse_strokes(""), Some(vec![]));
        assert_eq!(
            parse_strokes("10,20 12.5,24;40,40"),
            Some(vec![vec![(10.0, 20.0), (12.5, 24.0)], vec![(40.0, 40.0)]])
        );
        for forged in [
            "10,20;;", "x,1", "10", "301,5", "5,-1", "NaN,1", "inf,2", "1,2\u{0}",
        ] {
            assert_eq!(parse_strokes(forged), None, "{forged:?}");
        }
        let many = vec!["1,1"; 65].join(";");
        assert_eq!(parse_strokes(&many), None);
        let long = vec!["1,1"; 4001].join(" ");
        assert_eq!(parse_strokes(&long), None);
    }

    #[test]
    fn only_sent_quotes_expire() {
        let mut q = Quote {
            id: QuoteId::new(),
            tenant_id: TenantId::new(),
            customer_id: CustomerId::new(),
            customer_name: String::new(),
            project_id: None,
            number: 1,
            status: QuoteStatus::Sent,
            title: String::new(),
            request: String::new(),
            requested_by: None,
            requested_by_name: String::new(),
            lang: "fr".into(),
            currency: crate::Currency::Cad,
            tax_region: TaxRegion::Qc,
            valid_until: Some("2026-12-05".into()),
            terms: String::new(),
            deposit_percent: 0,
            revision: 1,
            pdf_sha256: String::new(),
            totals: QuoteTotals::default(),
            acceptance: None,
            reason: String::new(),
            decided_by_name: String::new(),
            created_at: Millis(0),
            updated_at: Millis(0),
        };
        assert!(!q.expired("2026-12-05"), "the last day still counts");
        assert!(q.expired("2026-12-06"));
        assert!(!q.open_for_customer("2026-12-06"));
        q.status = QuoteStatus::Accepted;
        assert!(!q.expired("2027-01-01"));
    }
}
