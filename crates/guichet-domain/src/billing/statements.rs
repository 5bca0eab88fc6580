//! A customer's statement of account in one currency over a date range: the balance brought
//! forward, each invoice, credit note and payment with the running balance, the closing
//! balance, and what is owed by age.
use jiff::civil::Date;

use crate::{Currency, Invoice, InvoiceId, InvoiceKind, Payment};

/// What a statement line records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Invoice,
    CreditNote,
    Payment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// `YYYY-MM-DD`.
    pub on: String,
    pub kind: EntryKind,
    /// The invoice or credit note, or the invoice a payment was applied to.
    pub invoice: InvoiceId,
    /// The invoice's or credit note's number (a payment's invoice's).
    pub number: i64,
    /// A payment's reference.
    pub reference: String,
    /// Owed more (an invoice).
    pub debit_minor: i64,
    /// Owed less (a credit note, a payment).
    pub credit_minor: i64,
    /// The balance after this line.
    pub balance_minor: i64,
}

/// What is owed on open invoices, each instalment's unpaid part by days past its due date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Aging {
    pub current: i64,
    pub days_1_30: i64,
    pub days_31_60: i64,
    pub days_61_90: i64,
    pub over_90: i64,
}

impl Aging {
    pub fn total(&self) -> i64 {
        self.current + self.days_1_30 + self.days_31_60 + self.days_61_90 + self.over_90
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub currency: Currency,
    pub from: String,
    pub to: String,
    pub opening_minor: i64,
    pub lines: Vec<StatementLine>,
    pub closing_minor: i64,
    /// Open invoices' balances by age, on `today`.
    pub aging: Aging,
    /// Credit notes' amounts not yet used.
    pub unused_credit_minor: i64,
}

impl Statement {
    /// The statement of `invoices` and `payments` (one customer's; other currencies and voided
    /// invoices are left out) from `from` to `to` inclusive (`YYYY-MM-DD`), aged on `today`.
    pub fn of(
        invoices: &[Invoice],
        payments: &[Payment],
        currency: Currency,
        from: &str,
        to: &str,
        today: &str,
    ) -> Statement {
        let live: Vec<&Invoice> = invoices
            .iter()
            .filter(|i| i.currency == currency && i.voided_at.is_none())
            .collect();
        let mut entries: Vec<StatementLine> = live
            .iter()
            .map(|i| {
                let (kind, debit, credit) = match i.kind {
                    InvoiceKind::Invoice => (EntryKind::Invoice, i.total_minor, 0),
                    InvoiceKind::CreditNote => (EntryKind::CreditNote, 0, i.total_minor),
                };
                StatementLine {
                    on: i.issued_on.clone(),
                    kind,
                    invoice: i.id,
                    number: i.number,
                    reference: String::new(),
                    debit_minor: debit,
                    credit_minor: credit,
                    balance_minor: 0,
                }
            })
            .collect();
        let by_id: std::collections::HashMap<InvoiceId, &Invoice> =
            live.iter().map(|i| (i.id, *i)).collect();
        for p in payments.iter().filter(|p| p.currency == currency) {
            let Some(i) = by_id.get(&p.invoice_id) else {
                continue;
            };
            entries.push(StatementLine {
                on: p.received_on.clone(),
                kind: EntryKind::Payment,
                invoice: i.id,
                number: i.number,
                reference: p.reference.clone(),
                debit_minor: 0,
                credit_minor: p.amount_minor,
                balance_minor: 0,
            });
        }
        // By date; on one day, what was billed before what was paid.
        entries.sort_by(|a, b| {
            (a.on.as_str(), a.kind != EntryKind::Invoice, a.number).cmp(&(
                b.on.as_str(),
                b.kind != EntryKind::Invoice,
                b.number,
            ))
        });
        let opening: i64 = entries
            .iter()
            .filter(|e| e.on.as_str() < from)
            .map(|e| e.debit_minor - e.credit_minor)
            .sum();
        let mut balance = opening;
        let mut lines = Vec::new();
        for mut e in entries
            .into_iter()
            .filter(|e| e.on.as_str() >= from && e.on.as_str() <= to)
        {
            balance += e.debit_minor - e.credit_minor;
            e.balance_minor = balance;
            lines.push(e);
        }
        let mut aging = Aging::default();
        let mut unused_credit_minor = 0;
        for i in &live {
            match i.kind {
                InvoiceKind::CreditNote => unused_credit_minor += i.balance(),
                // Each instalment's unpaid part by its own due date: what falls due later is
                // current, however late an earlier one is.
                InvoiceKind::Invoice => {
                    for (x, covered) in i.schedule.iter().zip(i.covered()) {
                        let left = x.amount_minor - covered;
                        if left <= 0 {
                            continue;
                        }
                        let late = match (today.parse::<Date>(), x.due_on.parse::<Date>()) {
                            (Ok(t), Ok(d)) if d < t => i64::from((t - d).get_days()),
                            _ => 0,
                        };
                        let bucket = match late {
                            0 => &mut aging.current,
                            1..=30 => &mut aging.days_1_30,
                            31..=60 => &mut aging.days_31_60,
                            61..=90 => &mut aging.days_61_90,
                            _ => &mut aging.over_90,
                        };
                        *bucket += left;
                    }
                }
            }
        }
        Statement {
            currency,
            from: from.to_string(),
            to: to.to_string(),
            opening_minor: opening,
            lines,
            closing_minor: balance,
            aging,
            unused_credit_minor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CustomerId, Instalment, Millis, PaymentId, PaymentMethod, TenantId};
    use proptest::prelude::*;

    fn invoice(
        number: i64,
        kind: InvoiceKind,
        on: &str,
        due: &str,
        total: i64,
        paid: i64,
    ) -> Invoice {
        Invoice {
            id: InvoiceId::new(),
            tenant_id: TenantId::new(),
            customer_id: CustomerId::new(),
            customer_name: String::new(),
            number,
            kind,
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
            issued_on: on.into(),
            schedule: vec![Instalment {
                deposit: false,
                due_on: due.into(),
                amount_minor: total,
            }],
            paid_minor: paid,
            note: String::new(),
            voided_at: None,
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    fn payment(i: &Invoice, on: &str, amount: i64) -> Payment {
        Payment {
            id: PaymentId::new(),
            tenant_id: i.tenant_id,
            customer_id: i.customer_id,
            invoice_id: i.id,
            amount_minor: amount,
            currency: i.currency,
            method: PaymentMethod::Transfer,
            reference: "R".into(),
            received_on: on.into(),
            recorded_by_name: String::new(),
            submit_key: uuid::Uuid::now_v7(),
            created_at: Millis(0),
        }
    }

    #[test]
    fn a_statement_brings_the_balance_forward_and_ages_what_is_owed() {
        let old = invoice(
            1,
            InvoiceKind::Invoice,
            "2026-08-01",
            "2026-08-31",
            100_00,
            100_00,
        );
        let a = invoice(
            2,
            InvoiceKind::Invoice,
            "2026-09-15",
            "2026-10-15",
            200_00,
            50_00,
        );
        let b = invoice(
            3,
            InvoiceKind::Invoice,
            "2026-11-20",
            "2026-12-20",
            300_00,
            0,
        );
        let cn = invoice(
            1,
            InvoiceKind::CreditNote,
            "2026-11-25",
            "2026-11-25",
            20_00,
            0,
        );
        let mut void = invoice(
            4,
            InvoiceKind::Invoice,
            "2026-11-26",
            "2026-12-26",
            999_00,
            0,
        );
        void.voided_at = Some(Millis(1));
        let payments = [
            payment(&old, "2026-08-20", 100_00),
            payment(&a, "2026-11-02", 50_00),
        ];
        let s = Statement::of(
            &[old, a, b, cn, void],
            &payments,
            Currency::Cad,
            "2026-09-01",
            "2026-11-30",
            "2026-12-06",
        );
        // Invoice 1 and its payment both before the range: brought forward as 0.
        assert_eq!(s.opening_minor, 0);
        let seen: Vec<_> = s
            .lines
            .iter()
            .map(|l| (l.on.as_str(), l.kind, l.balance_minor))
            .collect();
        assert_eq!(
            seen,
            [
                ("2026-09-15", EntryKind::Invoice, 200_00),
                ("2026-11-02", EntryKind::Payment, 150_00),
                ("2026-11-20", EntryKind::Invoice, 450_00),
                ("2026-11-25", EntryKind::CreditNote, 430_00),
            ]
        );
        assert_eq!(s.closing_minor, 430_00);
        // Invoice 2 was due 2026-10-15: 52 days late on 2026-12-06; invoice 3 not yet due.
        assert_eq!(
            s.aging,
            Aging {
                current: 300_00,
                days_31_60: 150_00,
                ..Aging::default()
            }
        );
        assert_eq!(s.unused_credit_minor, 20_00);
    }

    #[test]
    fn each_instalment_ages_by_its_own_due_date() {
        let mut i = invoice(
            7,
            InvoiceKind::Invoice,
            "2026-11-16",
            "2026-11-16",
            900_00,
            100_00,
        );
        i.schedule = vec![
            Instalment {
                deposit: false,
                due_on: "2026-11-16".into(),
                amount_minor: 300_00,
            },
            Instalment {
                deposit: false,
                due_on: "2026-12-16".into(),
                amount_minor: 300_00,
            },
            Instalment {
                deposit: false,
                due_on: "2027-01-15".into(),
                amount_minor: 300_00,
            },
        ];
        let s = Statement::of(
            &[i],
            &[],
            Currency::Cad,
            "2026-11-01",
            "2026-12-06",
            "2026-12-06",
        );
        // 200 $ left of the first, 20 days late; the two others not yet due.
        assert_eq!(
            s.aging,
            Aging {
                current: 600_00,
                days_1_30: 200_00,
                ..Aging::default()
            }
        );
    }

    proptest! {
        /// Closing = opening + what was billed − what was credited or paid in the range; the
        /// aging adds up to the open invoices' balances.
        #[test]
        fn the_running_balance_adds_up(
            rows in proptest::collection::vec((0i64..120, 1i64..100_000, 0i64..=100, any::<bool>()), 0..30),
            from in 0i64..120, len in 0i64..120,
        ) {
            let day = |d: i64| {
                "2026-01-01".parse::<jiff::civil::Date>().unwrap()
                    .checked_add(jiff::Span::new().days(d)).unwrap().to_string()
            };
            let mut invoices = Vec::new();
            let mut payments = Vec::new();
            for (n, (d, total, part, credit)) in rows.iter().enumerate() {
                let kind = if *credit { InvoiceKind::CreditNote } else { InvoiceKind::Invoice };
                let paid = if *credit { 0 } else { total * part / 100 };
                let i = invoice(n as i64 + 1, kind, &day(*d), &day(d + 30), *total, paid);
                if paid > 0 {
                    payments.push(payment(&i, &day(d + 5), paid));
                }
                invoices.push(i);
            }
            let (f, t) = (day(from), day(from + len));
            let s = Statement::of(&invoices, &payments, Currency::Cad, &f, &t, &day(200));
            let moved: i64 = s.lines.iter().map(|l| l.debit_minor - l.credit_minor).sum();
            prop_assert_eq!(s.closing_minor, s.opening_minor + moved);
            prop_assert!(s.lines.windows(2).all(|w| w[0].on <= w[1].on));
            let open: i64 = invoices.iter().filter(|i| i.kind == InvoiceKind::Invoice).map(|i| i.balance()).sum();
            prop_assert_eq!(s.aging.total(), open);
            // Over all time, the balance is what invoices still owe less unused credit.
            let all = Statement::of(&invoices, &payments, Currency::Cad, "2000-01-01", "2100-01-01", &day(200));
            prop_assert_eq!(all.opening_minor, 0);
            prop_assert_eq!(all.closing_minor, open - all.unused_credit_minor);
        }
    }
}
