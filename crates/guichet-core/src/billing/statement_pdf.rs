//! A statement of account as a PDF, in the reader's language with the provider's branding:
//! the balance brought forward, each entry with the running balance, the closing balance and
//! what is owed by age.
use guichet_domain::*;
use guichet_pdf::{Sheet, Table};
use guichet_store::{Account, SignedIn};

use crate::Portal;
use crate::error::CoreResult;

impl Portal {
    /// The account's statement in `currency` from `from` to `to`, for a contact whose role
    /// shows its invoices.
    pub async fn portal_statement_pdf(
        &self,
        s: &SignedIn,
        account: &Account,
        currency: Currency,
        from: &str,
        to: &str,
    ) -> CoreResult<Vec<u8>> {
        let of = self
            .portal_statement(s, account, currency, from, to)
            .await?;
        self.statement_pdf(
            s.user.tenant_id,
            &account.customer.name,
            &of.statement,
            s.user.locale,
        )
        .await
    }

    async fn statement_pdf(
        &self,
        tenant_id: TenantId,
        customer: &str,
        st: &Statement,
        locale: Locale,
    ) -> CoreResult<Vec<u8>> {
        let (tenant, provider) = self.provider(tenant_id).await?;
        let t = |key: &str| self.catalogs.t(locale, key);
        let money = |m: i64| guichet_i18n::format::money(locale, m, st.currency.code());
        let day = |d: &str| guichet_i18n::format::calendar_date(locale, d);
        let title = t("statement-title");
        let period = self.catalogs.t_with(
            locale,
            "statement-range",
            &[
                ("from", day(&st.from).as_str()),
                ("to", day(&st.to).as_str()),
            ],
        );
        let facts = vec![
            (t("pdf-quote-customer"), customer.to_string()),
            (t("statement-period"), period),
            (t("statement-currency"), st.currency.code().to_string()),
        ];
        let mut rows = vec![vec![
            day(&st.from),
            t("statement-opening"),
            String::new(),
            String::new(),
            money(st.opening_minor),
        ]];
        for l in &st.lines {
            let n = l.number.to_string();
            let key = match l.kind {
                EntryKind::Invoice => "invoice-number",
                EntryKind::CreditNote => "credit-note-number",
                EntryKind::Payment => "statement-payment",
            };
            let mut entry = self.catalogs.t_with(locale, key, &[("number", n.as_str())]);
            if !l.reference.is_empty() {
                entry = format!("{entry} · {}", l.reference);
            }
            let amount = |m: i64| if m > 0 { money(m) } else { String::new() };
            rows.push(vec![
                day(&l.on),
                entry,
                amount(l.debit_minor),
                amount(l.credit_minor),
                money(l.balance_minor),
            ]);
        }
        let closing = self.catalogs.t_with(
            locale,
            "statement-closing",
            &[("day", day(&st.to).as_str())],
        );
        let a = &st.aging;
        let mut aging = vec![
            format!("{} — {}", t("aging-current"), money(a.current)),
            format!("{} — {}", t("aging-1-30"), money(a.days_1_30)),
            format!("{} — {}", t("aging-31-60"), money(a.days_31_60)),
            format!("{} — {}", t("aging-61-90"), money(a.days_61_90)),
            format!("{} — {}", t("aging-over-90"), money(a.over_90)),
            format!("{} — {}", t("invoice-total"), money(a.total())),
        ];
        if st.unused_credit_minor > 0 {
            aging.push(self.catalogs.t_with(
                locale,
                "invoices-credit-available",
                &[("amount", money(st.unused_credit_minor).as_str())],
            ));
        }
        let sheet = Sheet {
            lang: locale.code().into(),
            title: title.clone(),
            provider,
            facts,
            table: Some(Table {
                headers: [
                    "statement-date",
                    "statement-entry",
                    "statement-debit",
                    "statement-credit",
                    "invoice-balance",
                ]
                .iter()
                .map(|k| t(k))
                .collect(),
                rows,
                numeric: vec![false, false, true, true, true],
                totals: vec![(closing, money(st.closing_minor))],
            }),
            sections: vec![(
                format!("{} — {}", t("statement-aging"), t("statement-aging-lead")),
                aging.join("\n"),
            )],
            signature: None,
            footer: format!("{} — {title} — {customer}", tenant.name),
        };
        self.render(sheet).await
    }
}
