//! Invoices and credit notes: what a customer owes, by when, and what is left to pay — the
//! balance, the status a reader sees on a given day, and the amount due now when an invoice is
//! paid in instalments (never the whole balance while only one instalment is due).
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{
    Currency, CustomerId, InvoiceId, MAX_MINOR, Millis, OrderId, QuoteId, TaxAmount, TaxRegion,
    TenantId, Texts,
};

/// An invoice, or a credit note (an amount the provider owes back, set against invoices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceKind {
    Invoice,
    CreditNote,
}

impl InvoiceKind {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Invoice => "invoice",
            InvoiceKind::CreditNote => "credit_note",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [InvoiceKind::Invoice, InvoiceKind::CreditNote]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// Where an invoice stands on a given day (derived, never stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Nothing paid yet, nothing overdue.
    Open,
    /// Some paid, the rest not yet overdue.
    PartiallyPaid,
    Paid,
    /// An amount was due before today and is still unpaid.
    Overdue,
    /// Cancelled by the provider: owes nothing.
    Void,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 5] = [
        InvoiceStatus::Open,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
        InvoiceStatus::Overdue,
        InvoiceStatus::Void,
    ];
    pub fn code(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Overdue => "overdue",
            InvoiceStatus::Void => "void",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// One line of an invoice, as billed (names in both languages, so each reader gets theirs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub sku: String,
    pub name: Texts,
    pub quantity: i64,
    pub unit_minor: i64,
    pub total_minor: i64,
}

/// One payment date of an invoice and the amount due on it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub amount_minor: i64,
    /// The deposit its quote asked for, due on receipt before the rest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deposit: bool,
}

/// How an invoice is to be paid: in `instalments` equal parts (the cents left over on the
/// first), the first `first_days` after the invoice date and the next ones every `every_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub first_days: i64,
    pub instalments: i64,
    pub every_days: i64,
}

impl Default for PaymentTerms {
    /// Net 30: the whole amount thirty days after the invoice date.
    fn default() -> Self {
        PaymentTerms {
            first_days: 30,
            instalments: 1,
            every_days: 30,
        }
    }
}

/// At most this many instalments, and this many days from the invoice date to a due date.
pub const MAX_INSTALMENTS: i64 = 24;
pub const MAX_TERM_DAYS: i64 = 730;

impl PaymentTerms {
    /// Terms within bounds (1–24 instalments, due dates within two years), else `None`.
    pub fn checked(self) -> Option<Self> {
        let last = self
            .first_days
            .checked_add(self.every_days.checked_mul(self.instalments - 1)?)?;
        ((1..=MAX_INSTALMENTS).contains(&self.instalments)
            && self.first_days >= 0
            && self.every_days >= 1
            && last <= MAX_TERM_DAYS)
            .then_some(self)
    }

    /// The schedule of `total_minor` from `issued_on` (`YYYY-MM-DD`); `None` for a bad date or
    /// terms out of bounds. The amounts add up to the total exactly.
    pub fn schedule(self, issued_on: &str, total_minor: i64) -> Option<Vec<Instalment>> {
        let terms = self.checked()?;
        let start: Date = issued_on.parse().ok()?;
        let n = terms.instalments;
        let part = total_minor / n;
        let rest = total_minor - part * n;
        (0..n)
            .map(|i| {
                let days = terms.first_days + terms.every_days * i;
                let due = start.checked_add(jiff::Span::new().days(days)).ok()?;
                Some(Instalment {
                    due_on: due.to_string(),
                    amount_minor: part + if i == 0 { rest } else { 0 },
                    deposit: false,
                })
            })
            .collect()
    }

    /// The schedule of `total_minor` when `deposit_minor` of it is due on receipt: the deposit
    /// first (due on `issued_on`), then the rest on these terms. No deposit (or one that is
    /// not less than the total) is the plain schedule, the whole due on receipt for the latter.
    pub fn schedule_with_deposit(
        self,
        issued_on: &str,
        total_minor: i64,
        deposit_minor: i64,
    ) -> Option<Vec<Instalment>> {
        if deposit_minor <= 0 {
            return self.schedule(issued_on, total_minor);
        }
        issued_on.parse::<Date>().ok()?;
        let deposit = Instalment {
            due_on: issued_on.to_string(),
            amount_minor: deposit_minor.min(total_minor),
            deposit: true,
        };
        if deposit_minor >= total_minor {
            return Some(vec![deposit]);
        }
        let mut rest = self.schedule(issued_on, total_minor - deposit_minor)?;
        rest.insert(0, deposit);
        Some(rest)
    }
}

/// An invoice's amounts: lines, taxes on their subtotal (as orders and quotes charge them),
/// total.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceTotals {
    pub subtotal_minor: i64,
    pub taxes: Vec<TaxAmount>,
    pub total_minor: i64,
}

impl InvoiceTotals {
    /// `None` when a line is negative, does not equal its quantity × unit price, or an amount
    /// leaves the stored bounds.
    pub fn of(lines: &[InvoiceLine], region: TaxRegion) -> Option<Self> {
        let mut subtotal: i64 = 0;
        for l in lines {
            if l.quantity < 1
                || l.unit_minor < 0
                || l.quantity.checked_mul(l.unit_minor)? != l.total_minor
            {
                return None;
            }
            subtotal = subtotal.checked_add(l.total_minor)?;
        }
        if subtotal > MAX_MINOR {
            return None;
        }
        let taxes = region.taxes_on(subtotal);
        let total = subtotal + taxes.iter().map(|t| t.minor).sum::<i64>();
        Some(InvoiceTotals {
            subtotal_minor: subtotal,
            taxes,
            total_minor: total,
        })
    }
}

/// A deposit invoice's amount set against the invoice of the whole order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DepositApplied {
    pub invoice: InvoiceId,
    /// Its number, as people quote it (read with the invoice).
    pub number: i64,
    pub amount_minor: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Invoice {
    pub id: InvoiceId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    /// The customer's name as it is now (read with the invoice, never stored with it).
    pub customer_name: String,
    /// 1, 2, 3… per provider and kind, as people quote it.
    pub number: i64,
    pub kind: InvoiceKind,
    /// The order it bills.
    pub order_id: Option<OrderId>,
    /// The quote whose deposit it asks for.
    pub quote_id: Option<QuoteId>,
    /// For a credit note: the invoice it credits.
    pub credits: Option<InvoiceId>,
    /// Asks for the deposit of its order's quote: one line, no taxes (a deposit is not yet a
    /// supply), due on receipt.
    pub is_deposit: bool,
    /// The deposit invoice set against this invoice's total, after its taxes.
    pub deposit: Option<DepositApplied>,
    pub currency: Currency,
    pub lines: Vec<InvoiceLine>,
    pub subtotal_minor: i64,
    pub taxes: Vec<TaxAmount>,
    /// Subtotal and taxes, less the deposit set against it.
    pub total_minor: i64,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
    /// When each part is due; the amounts add up to the total.
    pub schedule: Vec<Instalment>,
    /// Paid so far (payments and credits applied), never above the total.
    pub paid_minor: i64,
    pub note: String,
    pub voided_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Invoice {
    /// Its amounts agree: the lines make the subtotal; subtotal and taxes, less the deposit
    /// set against it, make the total; the schedule adds up to the total.
    pub fn adds_up(&self) -> bool {
        let lines: i64 = self.lines.iter().map(|l| l.total_minor).sum();
        let taxes: i64 = self.taxes.iter().map(|t| t.minor).sum();
        let deducted = self.deposit.as_ref().map_or(0, |d| d.amount_minor);
        let scheduled: i64 = self.schedule.iter().map(|i| i.amount_minor).sum();
        lines == self.subtotal_minor
            && self.subtotal_minor + taxes - deducted == self.total_minor
            && scheduled == self.total_minor
    }

    /// What is left to pay (0 once voided).
    pub fn balance(&self) -> i64 {
        if self.voided_at.is_some() {
            return 0;
        }
        (self.total_minor - self.paid_minor).max(0)
    }

    /// The last due date.
    pub fn due_on(&self) -> &str {
        self.schedule
            .last()
            .map(|i| i.due_on.as_str())
            .unwrap_or(self.issued_on.as_str())
    }

    /// What had to be paid by the end of `day` (`YYYY-MM-DD`): the instalments due by then.
    fn due_by(&self, day: &str) -> i64 {
        self.schedule
            .iter()
            .filter(|i| i.due_on.as_str() <= day)
            .map(|i| i.amount_minor)
            .sum()
    }

    /// Unpaid and due before `today`: overdue.
    pub fn overdue_minor(&self, today: &str) -> i64 {
        if self.voided_at.is_some() || self.kind == InvoiceKind::CreditNote {
            return 0;
        }
        let earlier: i64 = self
            .schedule
            .iter()
            .filter(|i| i.due_on.as_str() < today)
            .map(|i| i.amount_minor)
            .sum();
        (earlier - self.paid_minor).clamp(0, self.balance())
    }

    /// What the customer should pay now: the instalments due by today not yet paid; when none
    /// is, the next instalment (paying early is paying what comes next, not the whole balance).
    /// Never more than the balance; 0 when nothing is left.
    pub fn due_now(&self, today: &str) -> i64 {
        let balance = self.balance();
        if balance == 0 || self.kind == InvoiceKind::CreditNote {
            return 0;
        }
        let due = (self.due_by(today) - self.paid_minor).clamp(0, balance);
        if due > 0 {
            return due;
        }
        self.next_instalment()
            .map(|(_, left)| left)
            .unwrap_or(balance)
    }

    /// How much of each instalment is paid: payments cover the earliest first.
    pub fn covered(&self) -> Vec<i64> {
        let mut left = self.paid_minor;
        self.schedule
            .iter()
            .map(|i| {
                let c = left.min(i.amount_minor).max(0);
                left -= c;
                c
            })
            .collect()
    }

    /// The first instalment not fully paid, with what is left of it.
    pub fn next_instalment(&self) -> Option<(&Instalment, i64)> {
        let mut covered = self.paid_minor;
        for i in &self.schedule {
            if covered >= i.amount_minor {
                covered -= i.amount_minor;
            } else {
                return Some((i, i.amount_minor - covered));
            }
        }
        None
    }

    /// Where it stands on `today`.
    pub fn status(&self, today: &str) -> InvoiceStatus {
        if self.voided_at.is_some() {
            InvoiceStatus::Void
        } else if self.balance() == 0 {
            InvoiceStatus::Paid
        } else if self.overdue_minor(today) > 0 {
            InvoiceStatus::Overdue
        } else if self.paid_minor > 0 {
            InvoiceStatus::PartiallyPaid
        } else {
            InvoiceStatus::Open
        }
    }

    /// Days since the oldest unpaid due date, on `today` (0 when nothing is overdue): the
    /// statement's aging column.
    pub fn days_overdue(&self, today: &str) -> i64 {
        if self.overdue_minor(today) == 0 {
            return 0;
        }
        let (Ok(t), Some((i, _))) = (today.parse::<Date>(), self.next_instalment()) else {
            return 0;
        };
        let Ok(due) = i.due_on.parse::<Date>() else {
            return 0;
        };
        (t - due).get_days().into()
    }
}

/// A credit of `amount` (taxes included) on an invoice, split as the invoice is: each tax its
/// share of the amount in proportion to the invoice's own taxes, the rest before taxes.
/// Returns (amount before taxes, taxes); they add up to `amount` exactly.
pub fn credit_split(invoice: &Invoice, amount: i64) -> (i64, Vec<TaxAmount>) {
    if invoice.total_minor <= 0 {
        return (amount, Vec::new());
    }
    let taxes: Vec<TaxAmount> = invoice
        .taxes
        .iter()
        .map(|t| TaxAmount {
            tax: t.tax,
            milli_percent: t.milli_percent,
            minor: ((i128::from(amount) * i128::from(t.minor)
                + i128::from(invoice.total_minor) / 2)
                / i128::from(invoice.total_minor)) as i64,
        })
        .collect();
    let subtotal = amount - taxes.iter().map(|t| t.minor).sum::<i64>();
    (subtotal, taxes)
}

/// Splits a payment of `amount` across invoices' balances in the order given (oldest first):
/// each gets at most its balance. Returns what each got (0s left out) and what is left over.
pub fn allocate<K: Copy>(amount: i64, balances: &[(K, i64)]) -> (Vec<(K, i64)>, i64) {
    let mut left = amount.max(0);
    let mut applied = Vec::new();
    for (k, balance) in balances {
        if left == 0 {
            break;
        }
        let take = left.min((*balance).max(0));
        if take > 0 {
            applied.push((*k, take));
            left -= take;
        }
    }
    (applied, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn invoice(total: i64, schedule: Vec<(&str, i64)>, paid: i64) -> Invoice {
        Invoice {
            id: InvoiceId::new(),
            tenant_id: TenantId::new(),
            customer_id: CustomerId::new(),
            customer_name: String::new(),
            number: 1,
            kind: InvoiceKind::Invoice,
            order_id: None,
            quote_id: None,
            credits: None,
            is_deposit: false,
            deposit: None,
            currency: Currency::Cad,
            lines: Vec::new(),
            subtotal_minor: total,
            taxes: Vec::new(),
            total_minor: total,
            issued_on: "2026-11-01".into(),
            schedule: schedule
                .into_iter()
                .map(|(d, a)| Instalment {
                    due_on: d.into(),
                    amount_minor: a,
                    deposit: false,
                })
                .collect(),
            paid_minor: paid,
            note: String::new(),
            voided_at: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    #[test]
    fn the_amount_due_now_is_the_instalment_due_not_the_balance() {
        let i = invoice(
            90_000,
            vec![
                ("2026-12-01", 30_000),
                ("2027-01-01", 30_000),
                ("2027-02-01", 30_000),
            ],
            0,
        );
        // Before the first date: the first instalment.
        assert_eq!(i.due_now("2026-11-15"), 30_000);
        assert_eq!(i.status("2026-11-15"), InvoiceStatus::Open);
        // On its date: still due, not overdue.
        assert_eq!(i.due_now("2026-12-01"), 30_000);
        assert_eq!(i.status("2026-12-01"), InvoiceStatus::Open);
        // The day after: overdue, for that instalment only.
        assert_eq!(i.status("2026-12-02"), InvoiceStatus::Overdue);
        assert_eq!(i.overdue_minor("2026-12-02"), 30_000);
        assert_eq!(i.days_overdue("2026-12-11"), 10);
        // Two instalments past: both.
        assert_eq!(i.due_now("2027-01-05"), 60_000);
        // The first paid: the second is what comes next.
        let p = invoice(
            90_000,
            i.schedule
                .iter()
                .map(|x| (x.due_on.as_str(), x.amount_minor))
                .collect(),
            30_000,
        );
        assert_eq!(p.due_now("2026-12-15"), 30_000);
        assert_eq!(p.status("2026-12-15"), InvoiceStatus::PartiallyPaid);
        assert_eq!(
            p.next_instalment()
                .map(|(x, left)| (x.due_on.as_str(), left)),
            Some(("2027-01-01", 30_000))
        );
    }

    #[test]
    fn paid_and_void_invoices_owe_nothing() {
        let paid = invoice(10_000, vec![("2026-12-01", 10_000)], 10_000);
        assert_eq!(paid.status("2027-06-01"), InvoiceStatus::Paid);
        assert_eq!(paid.due_now("2027-06-01"), 0);
        let mut void = invoice(10_000, vec![("2026-12-01", 10_000)], 0);
        void.voided_at = Some(Millis(1));
        assert_eq!(void.status("2027-06-01"), InvoiceStatus::Void);
        assert_eq!(void.balance(), 0);
        assert_eq!(void.due_now("2027-06-01"), 0);
    }

    #[test]
    fn terms_make_a_schedule_that_adds_up() {
        let s = PaymentTerms {
            first_days: 0,
            instalments: 3,
            every_days: 30,
        }
        .schedule("2026-12-06", 100_00)
        .unwrap();
        assert_eq!(
            s.iter()
                .map(|i| (i.due_on.as_str(), i.amount_minor))
                .collect::<Vec<_>>(),
            vec![
                ("2026-12-06", 33_34),
                ("2027-01-05", 33_33),
                ("2027-02-04", 33_33)
            ]
        );
        assert_eq!(
            PaymentTerms::default().schedule("2026-12-06", 5).unwrap()[0].due_on,
            "2027-01-05"
        );
        assert!(
            PaymentTerms {
                first_days: 0,
                instalments: 0,
                every_days: 30
            }
            .checked()
            .is_none()
        );
        assert!(
            PaymentTerms {
                first_days: 700,
                instalments: 3,
                every_days: 30
            }
            .checked()
            .is_none()
        );
        assert!(PaymentTerms::default().schedule("2026-13-01", 5).is_none());
    }

    #[test]
    fn totals_refuse_lines_that_do_not_multiply() {
        let line = |q, u, t| InvoiceLine {
            sku: "A".into(),
            name: Texts::default(),
            quantity: q,
            unit_minor: u,
            total_minor: t,
        };
        let t = InvoiceTotals::of(
            &[line(2, 10_000, 20_000), line(1, 5_00, 5_00)],
            TaxRegion::Qc,
        )
        .unwrap();
        assert_eq!(t.subtotal_minor, 20_500);
        assert_eq!(t.total_minor, 20_500 + 1_025 + 2_045);
        assert!(InvoiceTotals::of(&[line(2, 10_000, 19_999)], TaxRegion::Qc).is_none());
        assert!(InvoiceTotals::of(&[line(0, 10_000, 0)], TaxRegion::Qc).is_none());
        assert!(InvoiceTotals::of(&[line(i64::MAX, 2, 0)], TaxRegion::Qc).is_none());
    }

    proptest! {
        /// Totals equal the sum of the lines and the taxes; each tax is on the subtotal.
        #[test]
        fn totals_are_lines_plus_taxes(lines in proptest::collection::vec((1i64..1000, 0i64..1_000_000), 0..30), region in 0usize..15) {
            let lines: Vec<InvoiceLine> = lines.into_iter().map(|(q, u)| InvoiceLine { sku: String::new(), name: Texts::default(), quantity: q, unit_minor: u, total_minor: q * u }).collect();
            let region = TaxRegion::ALL[region];
            let t = InvoiceTotals::of(&lines, region).unwrap();
            prop_assert_eq!(t.subtotal_minor, lines.iter().map(|l| l.total_minor).sum::<i64>());
            prop_assert_eq!(t.total_minor, t.subtotal_minor + t.taxes.iter().map(|x| x.minor).sum::<i64>());
            prop_assert_eq!(t.taxes, region.taxes_on(t.subtotal_minor));
        }

        /// A credit splits into its part before taxes and each tax's share, adding up exactly,
        /// never more of a tax than the invoice carries.
        #[test]
        fn credits_split_like_their_invoice(lines in proptest::collection::vec((1i64..100, 1i64..1_000_000), 1..10), region in 0usize..15, share in 0.0f64..=1.0) {
            let lines: Vec<InvoiceLine> = lines.into_iter().map(|(q, u)| InvoiceLine { sku: String::new(), name: Texts::default(), quantity: q, unit_minor: u, total_minor: q * u }).collect();
            let t = InvoiceTotals::of(&lines, TaxRegion::ALL[region]).unwrap();
            let mut i = invoice(t.total_minor, vec![("2026-12-01", t.total_minor)], 0);
            i.subtotal_minor = t.subtotal_minor;
            i.taxes = t.taxes.clone();
            let amount = ((t.total_minor as f64) * share) as i64;
            let (before, taxes) = credit_split(&i, amount);
            prop_assert_eq!(before + taxes.iter().map(|x| x.minor).sum::<i64>(), amount);
            prop_assert!(before >= 0);
            for (x, of) in taxes.iter().zip(&i.taxes) {
                prop_assert!(x.minor >= 0 && x.minor <= of.minor);
            }
        }

        /// With a deposit, the schedule still adds up to the total, the deposit first and due
        /// on receipt.
        #[test]
        fn deposits_come_first(total in 1i64..MAX_MINOR, share in 0.0f64..=1.0, n in 1i64..=20, first in 0i64..60) {
            let deposit = ((total as f64) * share) as i64;
            let s = PaymentTerms { first_days: first, instalments: n, every_days: 30 }.schedule_with_deposit("2026-12-06", total, deposit).unwrap();
            prop_assert_eq!(s.iter().map(|i| i.amount_minor).sum::<i64>(), total);
            if deposit > 0 {
                prop_assert!(s[0].deposit && s[0].due_on == "2026-12-06" && s[0].amount_minor == deposit.min(total));
                prop_assert_eq!(s.iter().filter(|i| i.deposit).count(), 1);
            } else {
                prop_assert!(s.iter().all(|i| !i.deposit));
            }
        }

        /// A schedule's amounts add up to the total, in date order, within the terms' bounds.
        #[test]
        fn schedules_add_up(total in 0i64..MAX_MINOR, n in 1i64..=24, first in 0i64..60, every in 1i64..30) {
            let s = PaymentTerms { first_days: first, instalments: n, every_days: every }.schedule("2026-12-06", total).unwrap();
            prop_assert_eq!(s.len() as i64, n);
            prop_assert_eq!(s.iter().map(|i| i.amount_minor).sum::<i64>(), total);
            prop_assert!(s.windows(2).all(|w| w[0].due_on < w[1].due_on));
        }

        /// What is due now is never more than the balance, never 0 while something is owed,
        /// and paying it never leaves an earlier instalment unpaid.
        #[test]
        fn due_now_stays_within_the_balance(total in 1i64..10_000_000, n in 1i64..=12, paid_part in 0i64..=100, day in 0i64..400) {
            let terms = PaymentTerms { first_days: 10, instalments: n, every_days: 30 };
            let schedule = terms.schedule("2026-01-01", total).unwrap();
            let paid = total * paid_part / 100;
            let today = "2026-01-01".parse::<Date>().unwrap().checked_add(jiff::Span::new().days(day)).unwrap().to_string();
            let i = invoice(total, schedule.iter().map(|x| (x.due_on.as_str(), x.amount_minor)).collect(), paid);
            let due = i.due_now(&today);
            prop_assert!(due <= i.balance());
            prop_assert_eq!(due == 0, i.balance() == 0);
            // After paying what is due now, nothing is overdue.
            let after = invoice(total, schedule.iter().map(|x| (x.due_on.as_str(), x.amount_minor)).collect(), paid + due);
            prop_assert_eq!(after.overdue_minor(&today), 0);
        }

        /// An allocation never gives an invoice more than its balance nor spends more than the
        /// payment, and spends all of it while balances remain.
        #[test]
        fn allocations_never_exceed_a_balance(amount in 0i64..1_000_000, balances in proptest::collection::vec(0i64..300_000, 0..10)) {
            let keyed: Vec<(usize, i64)> = balances.iter().copied().enumerate().collect();
            let (applied, left) = allocate(amount, &keyed);
            for (k, a) in &applied {
                prop_assert!(*a > 0 && *a <= balances[*k]);
            }
            let spent: i64 = applied.iter().map(|(_, a)| a).sum();
            prop_assert_eq!(spent + left, amount);
            prop_assert!(left == 0 || spent == balances.iter().sum::<i64>());
        }
    }
}
