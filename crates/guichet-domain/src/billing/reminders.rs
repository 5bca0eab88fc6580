//! Reminders: a provider's rules (before an invoice falls due, after it is overdue, before a
//! quote expires), which of them are due for a document on a given day, and the text sent.
//!
//! Each reminder has a key — (document, rule, step), the step being the instalment or the
//! quote's revision — that is sent at most once. On a given day at most one reminder per
//! document is *live*: when several are due at once (after downtime, or two instalments late),
//! only the latest goes out and the others are *superseded*, recorded so they never go out later.
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{
    Invoice, InvoiceKind, Millis, Quote, QuoteStatus, ReminderRuleId, TenantId, Texts, TimeZone,
};

/// When a rule reminds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReminderKind {
    /// `days` before an instalment of an unpaid invoice falls due.
    InvoiceDue,
    /// `days` after an instalment fell due, still unpaid.
    InvoiceOverdue,
    /// `days` before a quote sent and not answered expires.
    QuoteExpiring,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 3] = [
        ReminderKind::InvoiceDue,
        ReminderKind::InvoiceOverdue,
        ReminderKind::QuoteExpiring,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::InvoiceDue => "invoice_due",
            ReminderKind::InvoiceOverdue => "invoice_overdue",
            ReminderKind::QuoteExpiring => "quote_expiring",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    /// The placeholders its texts may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            ReminderKind::InvoiceDue | ReminderKind::InvoiceOverdue => &[
                "name", "provider", "company", "number", "amount", "due", "link",
            ],
            ReminderKind::QuoteExpiring => &[
                "name", "provider", "company", "number", "title", "amount", "due", "link",
            ],
        }
    }
    /// The fewest days a rule of this kind may count (an overdue reminder on the due date
    /// itself would say "late" of what is due today).
    pub fn min_days(self) -> i64 {
        match self {
            ReminderKind::InvoiceOverdue => 1,
            _ => 0,
        }
    }
}

/// The most days a rule counts, the most rules a provider keeps, the longest texts.
pub const REMINDER_MAX_DAYS: i64 = 365;
pub const REMINDER_RULES_MAX: usize = 20;
pub const REMINDER_SUBJECT_MAX: usize = 200;
pub const REMINDER_BODY_MAX: usize = 5000;
/// Reminders of a day go out from this hour, in the provider's zone.
pub const REMINDER_HOUR: i64 = 8;

/// One rule of a provider: a kind, a number of days, and the email in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderRule {
    pub id: ReminderRuleId,
    pub tenant_id: TenantId,
    pub kind: ReminderKind,
    pub days: i64,
    pub active: bool,
    pub subject: Texts,
    pub body: Texts,
    pub updated_at: Millis,
}

/// What is wrong with a rule as typed, by field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleProblem {
    Days,
    Empty(&'static str),
    TooLong(&'static str),
    /// `{name}` the kind does not know.
    UnknownPlaceholder(&'static str, String),
    /// The body has no `{link}`.
    NoLink(&'static str),
}

impl ReminderRule {
    /// Every problem of the rule, with the field it belongs to (`days`, `subject_fr`, …).
    pub fn problems(&self) -> Vec<RuleProblem> {
        let mut out = Vec::new();
        if !(self.kind.min_days()..=REMINDER_MAX_DAYS).contains(&self.days) {
            out.push(RuleProblem::Days);
        }
        let fields: [(&'static str, &str, usize, bool); 4] = [
            ("subject_fr", &self.subject.fr, REMINDER_SUBJECT_MAX, false),
            ("subject_en", &self.subject.en, REMINDER_SUBJECT_MAX, false),
            ("body_fr", &self.body.fr, REMINDER_BODY_MAX, true),
            ("body_en", &self.body.en, REMINDER_BODY_MAX, true),
        ];
        for (field, text, max, body) in fields {
            if text.trim().is_empty() {
                out.push(RuleProblem::Empty(field));
                continue;
            }
            if text.chars().count() > max || (!body && text.contains(['\n', '\r'])) {
                out.push(RuleProblem::TooLong(field));
                continue;
            }
            let names = placeholders(text);
            if let Some(bad) = names
                .iter()
                .find(|n| !self.kind.placeholders().contains(&n.as_str()))
            {
                out.push(RuleProblem::UnknownPlaceholder(field, bad.clone()));
            } else if body && !names.iter().any(|n| n == "link") {
                out.push(RuleProblem::NoLink(field));
            }
        }
        out
    }
}

/// The `{name}` placeholders of a text, in order.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].trim().to_string());
                rest = &after[end + 1..];
            }
            None => {
                out.push(after.to_string());
                break;
            }
        }
    }
    out
}

/// A text with its `{name}` placeholders filled (unknown ones left as typed).
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The day reminders are reckoned for at `now`: the provider's date, counted from
/// [`REMINDER_HOUR`] (before 08:00 it is still yesterday's round).
pub fn reminder_day(zone: &TimeZone, now: Millis) -> String {
    zone.date(now.plus_secs(-REMINDER_HOUR * 3600))
}

/// One reminder due for a document on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueReminder {
    pub rule: ReminderRuleId,
    pub kind: ReminderKind,
    pub document: uuid::Uuid,
    /// The instalment (0 = first) or the quote's revision.
    pub step: i64,
    /// The day it became due.
    pub on: String,
    /// The instalment's or the quote's last day.
    pub due: String,
    /// Another reminder of the same document, due later, goes out instead.
    pub superseded: bool,
}

impl DueReminder {
    /// Its key: the same reminder is never sent twice.
    pub fn key(&self) -> String {
        reminder_key(self.document, self.rule, self.step)
    }
}

pub fn reminder_key(document: uuid::Uuid, rule: ReminderRuleId, step: i64) -> String {
    format!("reminder:{document}:{}:{step}", rule.0)
}

/// The prefix of every reminder key of a document.
pub fn reminder_prefix(document: uuid::Uuid) -> String {
    format!("reminder:{document}:")
}

/// `day` (`YYYY-MM-DD`) moved by `days`; `None` for a bad date.
pub fn day_plus(day: &str, days: i64) -> Option<String> {
    shift(day.parse().ok()?, days)
}

fn shift(day: Date, days: i64) -> Option<String> {
    day.checked_add(jiff::Span::new().days(days))
        .ok()
        .map(|d| d.to_string())
}

/// Marks every reminder but the latest (by the day it became due, then the later kind, then
/// the most days) superseded.
fn keep_latest(mut due: Vec<DueReminder>) -> Vec<DueReminder> {
    let latest = due
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            a.on.cmp(&b.on)
                .then(
                    (a.kind == ReminderKind::InvoiceOverdue)
                        .cmp(&(b.kind == ReminderKind::InvoiceOverdue)),
                )
                .then(a.step.cmp(&b.step))
                .then(a.rule.cmp(&b.rule))
        })
        .map(|(i, _)| i);
    for (i, r) in due.iter_mut().enumerate() {
        r.superseded = Some(i) != latest;
    }
    due
}

/// The reminders due on `today` for an invoice: for each instalment not fully paid, each
/// active rule whose day has come (and, before the due date, not passed). Empty for a credit
/// note, a voided or a paid invoice.
pub fn invoice_reminders(
    rules: &[ReminderRule],
    invoice: &Invoice,
    today: &str,
) -> Vec<DueReminder> {
    if invoice.kind != InvoiceKind::Invoice || invoice.balance() == 0 {
        return Vec::new();
    }
    let covered = invoice.covered();
    let mut due = Vec::new();
    for (step, (inst, paid)) in invoice.schedule.iter().zip(covered).enumerate() {
        if paid >= inst.amount_minor {
            continue;
        }
        let Ok(day) = inst.due_on.parse::<Date>() else {
            continue;
        };
        for rule in rules.iter().filter(|r| r.active) {
            let on = match rule.kind {
                ReminderKind::InvoiceDue if today <= inst.due_on.as_str() => shift(day, -rule.days),
                ReminderKind::InvoiceOverdue => shift(day, rule.days),
                _ => None,
            };
            if let Some(on) = on.filter(|on| on.as_str() <= today) {
                due.push(DueReminder {
                    rule: rule.id,
                    kind: rule.kind,
                    document: invoice.id.0,
                    step: step as i64,
                    on,
                    due: inst.due_on.clone(),
                    superseded: false,
                });
            }
        }
    }
    keep_latest(due)
}

/// The reminders due on `today` for a quote sent and not answered, until its last day.
pub fn quote_reminders(rules: &[ReminderRule], quote: &Quote, today: &str) -> Vec<DueReminder> {
    let Some(last) = quote.valid_until.as_deref() else {
        return Vec::new();
    };
    if quote.status != QuoteStatus::Sent || today > last {
        return Vec::new();
    }
    let Ok(day) = last.parse::<Date>() else {
        return Vec::new();
    };
    let due = rules
        .iter()
        .filter(|r| r.active && r.kind == ReminderKind::QuoteExpiring)
        .filter_map(|rule| {
            let on = shift(day, -rule.days)?;
            (on.as_str() <= today).then(|| DueReminder {
                rule: rule.id,
                kind: rule.kind,
                document: quote.id.0,
                step: quote.revision,
                on,
                due: last.to_string(),
                superseded: false,
            })
        })
        .collect();
    keep_latest(due)
}

/// Whether the reminder of `key` is still to go out on `today` (its rule still active, its
/// document still in the state it reminds of, and no later reminder due instead).
pub fn still_live(due: &[DueReminder], key: &str) -> bool {
    due.iter().any(|r| !r.superseded && r.key() == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Currency, CustomerId, Instalment, InvoiceId};
    use proptest::prelude::*;

    fn rule(kind: ReminderKind, days: i64) -> ReminderRule {
        ReminderRule {
            id: ReminderRuleId::new(),
            tenant_id: TenantId::new(),
            kind,
            days,
            active: true,
            subject: Texts::new("Facture {number}", "Invoice {number}"),
            body: Texts::new("Voir {link}", "See {link}"),
            updated_at: Millis(0),
        }
    }

    fn invoice(schedule: &[(&str, i64)], paid: i64) -> Invoice {
        let total = schedule.iter().map(|(_, a)| a).sum();
        Invoice {
            id: InvoiceId::new(),
            tenant_id: TenantId::new(),
            customer_id: CustomerId::new(),
            customer_name: "C".into(),
            number: 1,
            kind: InvoiceKind::Invoice,
            order_id: None,
            quote_id: None,
            credits: None,
            is_deposit: false,
            deposit: None,
            currency: Currency::Cad,
            lines: vec![],
            subtotal_minor: total,
            taxes: vec![],
            total_minor: total,
            issued_on: "2026-01-01".into(),
            schedule: schedule
                .iter()
                .map(|(d, a)| Instalment {
                    due_on: d.to_string(),
                    amount_minor: *a,
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
    fn before_due_then_overdue_steps_one_live_at_a_time() {
        let before = rule(ReminderKind::InvoiceDue, 3);
        let late7 = rule(ReminderKind::InvoiceOverdue, 7);
        let late30 = rule(ReminderKind::InvoiceOverdue, 30);
        let rules = [before.clone(), late7.clone(), late30.clone()];
        let inv = invoice(&[("2026-03-10", 1000)], 0);
        assert!(invoice_reminders(&rules, &inv, "2026-03-06").is_empty());
        let d = invoice_reminders(&rules, &inv, "2026-03-07");
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].rule, d[0].superseded), (before.id, false));
        // On the due date the "before" reminder still holds; the day after it does not.
        assert_eq!(invoice_reminders(&rules, &inv, "2026-03-10").len(), 1);
        assert!(invoice_reminders(&rules, &inv, "2026-03-11").is_empty());
        let d = invoice_reminders(&rules, &inv, "2026-03-17");
        assert_eq!((d.len(), d[0].rule), (1, late7.id));
        // After a long downtime: both overdue steps are due; only the later goes out.
        let d = invoice_reminders(&rules, &inv, "2026-05-01");
        assert_eq!(d.len(), 2);
        let live: Vec<_> = d.iter().filter(|r| !r.superseded).collect();
        assert_eq!((live.len(), live[0].rule), (1, late30.id));
        assert!(still_live(&d, &live[0].key()));
        assert!(!still_live(&d, &reminder_key(inv.id.0, late7.id, 0)));
    }

    #[test]
    fn paid_void_inactive_and_credit_notes_remind_nothing() {
        let rules = [rule(ReminderKind::InvoiceOverdue, 1)];
        let mut inv = invoice(&[("2026-03-10", 1000)], 1000);
        assert!(invoice_reminders(&rules, &inv, "2026-04-01").is_empty());
        inv.paid_minor = 0;
        inv.voided_at = Some(Millis(1));
        assert!(invoice_reminders(&rules, &inv, "2026-04-01").is_empty());
        inv.voided_at = None;
        inv.kind = InvoiceKind::CreditNote;
        assert!(invoice_reminders(&rules, &inv, "2026-04-01").is_empty());
        inv.kind = InvoiceKind::Invoice;
        let mut off = rules.clone();
        off[0].active = false;
        assert!(invoice_reminders(&off, &inv, "2026-04-01").is_empty());
        assert_eq!(invoice_reminders(&rules, &inv, "2026-04-01").len(), 1);
    }

    #[test]
    fn instalments_paid_are_skipped_and_the_latest_one_reminds() {
        let rules = [rule(ReminderKind::InvoiceOverdue, 1)];
        // First instalment paid, second and third late: one reminder, for the third.
        let inv = invoice(
            &[
                ("2026-01-10", 100),
                ("2026-02-10", 100),
                ("2026-03-10", 100),
            ],
            100,
        );
        let d = invoice_reminders(&rules, &inv, "2026-04-01");
        assert_eq!(d.iter().map(|r| r.step).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(
            d.iter()
                .filter(|r| !r.superseded)
                .map(|r| r.step)
                .collect::<Vec<_>>(),
            vec![2]
        );
    }

    #[test]
    fn texts_are_checked_and_filled() {
        let mut r = rule(ReminderKind::InvoiceDue, 3);
        assert!(r.problems().is_empty());
        r.body.en = "No link here {amount}".into();
        r.subject.fr = "Bonjour {titre}".into();
        r.days = -1;
        let p = r.problems();
        assert!(p.contains(&RuleProblem::Days));
        assert!(p.contains(&RuleProblem::NoLink("body_en")));
        assert!(p.contains(&RuleProblem::UnknownPlaceholder(
            "subject_fr",
            "titre".into()
        )));
        let mut late = rule(ReminderKind::InvoiceOverdue, 0);
        assert_eq!(late.problems(), vec![RuleProblem::Days]);
        late.days = 1;
        late.subject.en = "two\nlines".into();
        assert_eq!(late.problems(), vec![RuleProblem::TooLong("subject_en")]);
        assert_eq!(
            fill(
                "Invoice {number}: {amount} {unknown} {",
                &[("number", "12"), ("amount", "5 $")]
            ),
            "Invoice 12: 5 $ {unknown} {"
        );
    }

    #[test]
    fn the_day_starts_at_eight() {
        let tz = TimeZone::default();
        // 2026-03-10 12:30 UTC = 08:30 in Montréal (EDT); 11:30 UTC = 07:30.
        let at = |h: i64, m: i64| {
            Millis(
                jiff::civil::date(2026, 3, 10)
                    .at(h as i8, m as i8, 0, 0)
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .unwrap()
                    .timestamp()
                    .as_millisecond(),
            )
        };
        assert_eq!(reminder_day(&tz, at(12, 30)), "2026-03-10");
        assert_eq!(reminder_day(&tz, at(11, 30)), "2026-03-09");
    }

    proptest! {
        /// Whatever the day, the rules and the payments: at most one reminder per invoice is
        /// live, every one due is for an unpaid instalment, and keys never repeat.
        #[test]
        fn at_most_one_live_and_keys_unique(
            days in proptest::collection::vec((0usize..3, 0i64..60), 0..6),
            n in 1usize..5,
            paid in 0i64..500,
            offset in 0i64..200,
        ) {
            let rules: Vec<_> = days.iter().map(|(k, d)| {
                let kind = ReminderKind::ALL[*k];
                rule(kind, (*d).max(kind.min_days()))
            }).collect();
            let start: Date = "2026-01-01".parse().unwrap();
            let sched: Vec<(String, i64)> = (0..n)
                .map(|i| (shift(start, 30 * i as i64).unwrap(), 100))
                .collect();
            let refs: Vec<(&str, i64)> = sched.iter().map(|(d, a)| (d.as_str(), *a)).collect();
            let inv = invoice(&refs, paid);
            let today = shift(start, offset).unwrap();
            let due = invoice_reminders(&rules, &inv, &today);
            prop_assert!(due.iter().filter(|r| !r.superseded).count() <= 1);
            prop_assert_eq!(due.is_empty(), due.iter().all(|r| r.superseded));
            let covered = inv.covered();
            for r in &due {
                prop_assert!(covered[r.step as usize] < 100);
                prop_assert!(r.on.as_str() <= today.as_str());
            }
            let mut keys: Vec<_> = due.iter().map(|r| r.key()).collect();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), due.len());
        }
    }
}
