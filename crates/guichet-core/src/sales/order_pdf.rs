//! An order's confirmation as a PDF: what was ordered, where it goes, its amounts.
use guichet_domain::*;
use guichet_pdf::{Sheet, Table};
use guichet_store::{Account, SignedIn};

use crate::Portal;
use crate::error::CoreResult;
use crate::sales::OrderView;

impl Portal {
    /// The confirmation of one of the account's orders the contact's role reaches.
    pub async fn portal_order_pdf(
        &self,
        s: &SignedIn,
        account: &Account,
        id: OrderId,
    ) -> CoreResult<(Order, Vec<u8>)> {
        let view = self.portal_order(s, account, id).await?;
        let pdf = self
            .order_pdf(&view, s.user.locale, &s.user.time_zone)
            .await?;
        Ok((view.order, pdf))
    }

    /// Staff: an order's confirmation.
    pub async fn staff_order_pdf(&self, actor: &User, id: OrderId) -> CoreResult<(Order, Vec<u8>)> {
        let view = self.staff_order(actor, id).await?;
        let pdf = self
            .order_pdf(&view, actor.locale, &actor.time_zone)
            .await?;
        Ok((view.order, pdf))
    }

    async fn order_pdf(
        &self,
        view: &OrderView,
        locale: Locale,
        zone: &TimeZone,
    ) -> CoreResult<Vec<u8>> {
        let o = &view.order;
        let (tenant, provider) = self.provider(o.tenant_id).await?;
        let t = |key: &str| self.catalogs.t(locale, key);
        let money = |m: i64| guichet_i18n::format::money(locale, m, o.currency.code());
        let number = o.number.to_string();
        let title = self
            .catalogs
            .t_with(locale, "pdf-order-title", &[("number", number.as_str())]);
        let mut facts = vec![
            (t("pdf-quote-customer"), o.customer_name.clone()),
            (
                t("pdf-order-date"),
                guichet_i18n::format::date(locale, zone, o.created_at),
            ),
            (t("pdf-order-placed-by"), o.placed_by_name.clone()),
        ];
        if !o.po_number.is_empty() {
            facts.push((t("pdf-order-po"), o.po_number.clone()));
        }
        if let Some(d) = &o.requested_on {
            facts.push((
                t("pdf-order-requested-on"),
                guichet_i18n::format::calendar_date(locale, d),
            ));
        }
        if !o.ship_to.is_empty() {
            facts.push((t("pdf-order-ship-to"), o.ship_to.clone()));
        }
        let rows = view
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.sku.clone(),
                    l.name.get(locale).to_string(),
                    format!(
                        "{} {}",
                        guichet_i18n::format::integer(locale, l.quantity),
                        t(&format!("unit-{}", l.unit.code()))
                    ),
                    money(l.unit_minor),
                    money(l.total_minor),
                ]
            })
            .collect();
        let mut totals = self.subtotal_and_taxes(locale, o.currency, o.subtotal_minor, &o.taxes);
        totals.push((t("pdf-total"), money(o.total_minor)));
        if o.deposit_minor > 0 {
            totals.push((t("pdf-order-deposit-due"), money(o.deposit_minor)));
        }
        let mut sections = Vec::new();
        if !o.note.is_empty() {
            sections.push((t("pdf-order-note"), o.note.clone()));
        }
        let sheet = Sheet {
            lang: locale.code().into(),
            title: title.clone(),
            provider,
            facts,
            table: Some(Table {
                headers: [
                    "pdf-col-sku",
                    "pdf-col-product",
                    "pdf-col-quantity",
                    "pdf-col-unit-price",
                    "pdf-col-total",
                ]
                .iter()
                .map(|k| t(k))
                .collect(),
                rows,
                numeric: vec![false, false, true, true, true],
                totals,
            }),
            sections,
            signature: None,
            footer: format!("{} — {title}", tenant.name),
        };
        self.render(sheet).await
    }
}
