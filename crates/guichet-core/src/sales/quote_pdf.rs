//! Quote PDFs and acceptance receipts: the sheets, in the quote's language, rendered by
//! `guichet-pdf` off the async threads; a revision's PDF is kept in the blob store by its
//! SHA-256 and read back checked against it.
use std::sync::Arc;

use futures_util::StreamExt;
use guichet_domain::*;
use guichet_pdf::{Provider, Renderer, Sheet, Signature, Table};
use guichet_store::{Account, SignedIn};

use crate::Portal;
use crate::error::{CoreError, CoreResult};

/// The most a quote's PDF may weigh.
const PDF_LIMIT: u64 = 20 * 1024 * 1024;

/// The renderer, built on first use (fonts parsed once) and shared.
pub(crate) type PdfEngine = Arc<tokio::sync::OnceCell<Arc<Renderer>>>;

/// A rate in thousandths of a percent as the language writes it: "9,975 %", "5 %", "12.5%".
pub(crate) fn percent(locale: Locale, milli_percent: i64) -> String {
    let raw = format!("{}.{:03}", milli_percent / 1000, milli_percent % 1000);
    let n = guichet_i18n::format::decimal(locale, raw.trim_end_matches('0').trim_end_matches('.'));
    match locale {
        Locale::Fr => format!("{n}\u{a0}%"),
        Locale::En => format!("{n}%"),
    }
}

impl Portal {
    /// A document's totals up to its taxes: the subtotal, then each tax with its rate.
    pub(crate) fn subtotal_and_taxes(
        &self,
        locale: Locale,
        currency: Currency,
        subtotal_minor: i64,
        taxes: &[TaxAmount],
    ) -> Vec<(String, String)> {
        let money = |m: i64| guichet_i18n::format::money(locale, m, currency.code());
        let mut rows = vec![(
            self.catalogs.t(locale, "pdf-subtotal"),
            money(subtotal_minor),
        )];
        for tax in taxes {
            rows.push((
                format!(
                    "{} ({})",
                    self.catalogs.t(locale, &format!("tax-{}", tax.tax.code())),
                    percent(locale, tax.milli_percent)
                ),
                money(tax.minor),
            ));
        }
        rows
    }

    pub(crate) async fn render(&self, sheet: Sheet) -> CoreResult<Vec<u8>> {
        let engine = self
            .pdf
            .get_or_try_init(|| async {
                tokio::task::spawn_blocking(Renderer::new)
                    .await
                    .map_err(|e| CoreError::internal(format!("PDF engine: {e}")))?
                    .map(Arc::new)
                    .map_err(|e| CoreError::internal(format!("PDF engine: {e}")))
            })
            .await?
            .clone();
        tokio::task::spawn_blocking(move || engine.render(&sheet))
            .await
            .map_err(|e| CoreError::internal(format!("PDF rendering: {e}")))?
            .map_err(|e| CoreError::internal(format!("PDF rendering: {e}")))
    }

    pub(crate) async fn provider(&self, tenant: TenantId) -> CoreResult<(Tenant, Provider)> {
        let t = self
            .store
            .tenant(tenant)
            .await?
            .ok_or(CoreError::NotFound)?;
        let p = Provider {
            name: t.name.clone(),
            colour: t.primary_colour.clone(),
            logo: t.logo_svg.clone().map(String::into_bytes),
        };
        Ok((t, p))
    }

    /// The PDF of a quote about to be sent, with these lines.
    pub(crate) async fn quote_pdf_bytes(
        &self,
        q: &Quote,
        lines: &[QuoteLine],
        actor: &User,
    ) -> CoreResult<Vec<u8>> {
        let locale = Locale::parse(&q.lang).unwrap_or_default();
        let (tenant, provider) = self.provider(q.tenant_id).await?;
        let t = |key: &str| self.catalogs.t(locale, key);
        let money = |m: i64| guichet_i18n::format::money(locale, m, q.currency.code());
        let number = q.number.to_string();
        let revision = q.revision.to_string();
        let title = self.catalogs.t_with(
            locale,
            "pdf-quote-title",
            &[("number", number.as_str()), ("revision", revision.as_str())],
        );
        let today = crate::sales::shop::today();
        let mut facts = vec![
            (t("pdf-quote-customer"), q.customer_name.clone()),
            (t("pdf-quote-title-label"), q.title.clone()),
            (
                t("pdf-quote-date"),
                guichet_i18n::format::calendar_date(locale, &today),
            ),
        ];
        if let Some(until) = &q.valid_until {
            facts.push((
                t("pdf-quote-valid-until"),
                guichet_i18n::format::calendar_date(locale, until),
            ));
        }
        if !q.requested_by_name.is_empty() {
            facts.push((t("pdf-quote-requested-by"), q.requested_by_name.clone()));
        }
        facts.push((t("pdf-quote-prepared-by"), actor.name.clone()));
        let rows = lines
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
                    if l.discount_bp == 0 {
                        String::new()
                    } else {
                        percent(locale, l.discount_bp * 10)
                    },
                    money(l.total_minor().unwrap_or(0)),
                ]
            })
            .collect();
        let mut totals =
            self.subtotal_and_taxes(locale, q.currency, q.totals.subtotal_minor, &q.totals.taxes);
        if q.totals.deposit_minor > 0 {
            totals.push((
                self.catalogs.t_with(
                    locale,
                    "pdf-deposit",
                    &[("percent", q.deposit_percent.to_string().as_str())],
                ),
                money(q.totals.deposit_minor),
            ));
        }
        totals.push((t("pdf-total"), money(q.totals.total_minor)));
        let mut sections = Vec::new();
        if !q.terms.is_empty() {
            sections.push((t("pdf-terms"), q.terms.clone()));
        }
        sections.push((t("pdf-how-to-accept"), t("pdf-how-to-accept-body")));
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
                    "pdf-col-discount",
                    "pdf-col-total",
                ]
                .iter()
                .map(|k| t(k))
                .collect(),
                rows,
                numeric: vec![false, false, true, true, true, true],
                totals,
            }),
            sections,
            signature: None,
            footer: format!("{} — {title}", tenant.name),
        };
        self.render(sheet).await
    }

    /// Keeps a PDF in the blob store (by its SHA-256).
    pub(crate) async fn store_pdf(&self, pdf: Vec<u8>) -> CoreResult<guichet_blob::Blob> {
        let stream =
            futures_util::stream::once(
                async move { Ok::<_, std::io::Error>(bytes::Bytes::from(pdf)) },
            );
        self.blobs
            .put(Box::pin(stream), PDF_LIMIT)
            .await
            .map_err(|e| CoreError::internal(format!("storing a quote PDF: {e}")))
    }

    /// A revision's PDF as kept, checked against its SHA-256.
    pub(crate) async fn revision_pdf(&self, q: &Quote, revision: i64) -> CoreResult<Vec<u8>> {
        let revisions = self.store.quote_revisions(q.tenant_id, q.id).await?;
        let r = revisions
            .iter()
            .find(|r| r.revision == revision)
            .ok_or(CoreError::NotFound)?;
        let mut stream = self
            .blobs
            .get(&r.sha256)
            .await
            .map_err(|e| CoreError::internal(format!("reading a quote PDF: {e}")))?;
        let mut out = Vec::with_capacity(r.size.max(0) as usize);
        while let Some(chunk) = stream.next().await {
            let chunk =
                chunk.map_err(|e| CoreError::internal(format!("reading a quote PDF: {e}")))?;
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// The receipt of an acceptance, for the customer: who, when, from where, which revision
    /// and PDF (its SHA-256), the order placed and the signature.
    pub async fn portal_quote_receipt(
        &self,
        s: &SignedIn,
        account: &Account,
        id: QuoteId,
    ) -> CoreResult<(Quote, Vec<u8>)> {
        let view = self.portal_quote(s, account, id).await?;
        let pdf = self
            .receipt(&view.quote, s.user.locale, &s.user.time_zone)
            .await?;
        Ok((view.quote, pdf))
    }

    /// The receipt of an acceptance, for staff.
    pub async fn staff_quote_receipt(
        &self,
        actor: &User,
        id: QuoteId,
    ) -> CoreResult<(Quote, Vec<u8>)> {
        let view = self.staff_quote(actor, id).await?;
        let pdf = self
            .receipt(&view.quote, actor.locale, &actor.time_zone)
            .await?;
        Ok((view.quote, pdf))
    }

    async fn receipt(&self, q: &Quote, locale: Locale, zone: &TimeZone) -> CoreResult<Vec<u8>> {
        let a = q.acceptance.as_ref().ok_or(CoreError::NotFound)?;
        let (tenant, provider) = self.provider(q.tenant_id).await?;
        let t = |key: &str| self.catalogs.t(locale, key);
        let number = q.number.to_string();
        let title =
            self.catalogs
                .t_with(locale, "pdf-receipt-title", &[("number", number.as_str())]);
        let order = match a.order_id {
            Some(id) => self
                .store
                .order(q.tenant_id, id)
                .await?
                .map(|o| o.number.to_string())
                .unwrap_or_default(),
            None => String::new(),
        };
        let facts = vec![
            (t("pdf-quote-customer"), q.customer_name.clone()),
            (t("pdf-quote-title-label"), q.title.clone()),
            (t("pdf-receipt-revision"), a.revision.to_string()),
            (t("pdf-receipt-sha256"), a.sha256.clone()),
            (
                t("pdf-receipt-total"),
                guichet_i18n::format::money(locale, q.totals.total_minor, q.currency.code()),
            ),
            (t("pdf-receipt-signed-by"), a.name.clone()),
            (t("pdf-receipt-account"), q.decided_by_name.clone()),
            (
                t("pdf-receipt-when"),
                guichet_i18n::format::date_time_in_zone(&self.catalogs, locale, zone, a.at),
            ),
            (t("pdf-receipt-ip"), a.ip.clone()),
            (t("pdf-receipt-agent"), a.user_agent.clone()),
            (t("pdf-receipt-order"), order),
        ];
        let sheet = Sheet {
            lang: locale.code().into(),
            title: title.clone(),
            provider,
            facts,
            table: None,
            sections: vec![(t("pdf-receipt-what"), t("pdf-receipt-what-body"))],
            signature: Some(Signature {
                caption: t("pdf-receipt-signature"),
                strokes: a.strokes.clone(),
                typed: a.name.clone(),
            }),
            footer: format!("{} — {title}", tenant.name),
        };
        self.render(sheet).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_keep_their_thousandths() {
        assert_eq!(percent(Locale::Fr, 9975), "9,975\u{a0}%");
        assert_eq!(percent(Locale::Fr, 5000), "5\u{a0}%");
        assert_eq!(percent(Locale::En, 12_500), "12.5%");
        assert_eq!(percent(Locale::En, 1250 * 10), "12.5%");
    }
}
