//! An invoice (or credit note) as a PDF, in the reader's language with the provider's
//! branding: what is billed, its taxes, what is paid and left, and the payment schedule.
use guichet_domain::*;
use guichet_pdf::{Sheet, Table};
use guichet_store::{Account, SignedIn};

use crate::Portal;
use crate::error::{CoreError, CoreResult};

impl Portal {
    /// One of the account's invoices, for a contact whose role shows them.
    pub async fn portal_invoice_pdf(
        &self,
        s: &SignedIn,
        account: &Account,
        id: InvoiceId,
    ) -> CoreResult<(Invoice, Vec<u8>)> {
        let invoice = self.portal_invoice(s, account, id).await?;
        let pdf = self.invoice_pdf(&invoice, s.user.locale).await?;
        Ok((invoice, pdf))
    }

    /// Several of the account's invoices (at most 50), each as its PDF, in one ZIP file.
    pub async fn portal_invoices_zip(
        &self,
        s: &SignedIn,
        account: &Account,
        ids: &[String],
    ) -> CoreResult<Vec<u8>> {
        let chosen = crate::billing::online::chosen_invoices(ids)?;
        let mut files = Vec::with_capacity(chosen.len());
        for id in chosen {
            let invoice = self.portal_invoice(s, account, id).await?;
            let pdf = self.invoice_pdf(&invoice, s.user.locale).await?;
            let prefix = match invoice.kind {
                InvoiceKind::Invoice => "invoice-file-prefix",
                InvoiceKind::CreditNote => "credit-note-file-prefix",
            };
            let name = format!(
                "{}-{}.pdf",
                self.catalogs.t(s.user.locale, prefix),
                invoice.number
            );
            files.push((name, pdf));
        }
        tokio::task::spawn_blocking(move || zipped(files))
            .await
            .map_err(CoreError::internal_from)?
    }

    /// Staff: any invoice of the provider.
    pub async fn staff_invoice_pdf(
        &self,
        actor: &User,
        id: InvoiceId,
    ) -> CoreResult<(Invoice, Vec<u8>)> {
        let invoice = self.staff_invoice(actor, id).await?;
        let pdf = self.invoice_pdf(&invoice, actor.locale).await?;
        Ok((invoice, pdf))
    }

    async fn invoice_pdf(&self, i: &Invoice, locale: Locale) -> CoreResult<Vec<u8>> {
        let (tenant, provider) = self.provider(i.tenant_id).await?;
        let t = |key: &str| self.catalogs.t(locale, key);
        let money = |m: i64| guichet_i18n::format::money(locale, m, i.currency.code());
        let day = |d: &str| guichet_i18n::format::calendar_date(locale, d);
        let number = i.number.to_string();
        let title_key = match i.kind {
            InvoiceKind::Invoice if i.is_deposit => "pdf-deposit-invoice-title",
            InvoiceKind::Invoice => "pdf-invoice-title",
            InvoiceKind::CreditNote => "pdf-credit-note-title",
        };
        let title = self
            .catalogs
            .t_with(locale, title_key, &[("number", number.as_str())]);
        let mut facts = vec![
            (t("pdf-quote-customer"), i.customer_name.clone()),
            (t("invoice-issued-on"), day(&i.issued_on)),
        ];
        if i.kind == InvoiceKind::Invoice {
            facts.push((t("invoice-due-on"), day(i.due_on())));
        }
        if i.voided_at.is_some() {
            facts.push((t("invoice-status"), t("invoice-status-void")));
        }
        let rows = i
            .lines
            .iter()
            .map(|l| {
                vec![
                    l.sku.clone(),
                    l.name.get(locale).to_string(),
                    guichet_i18n::format::integer(locale, l.quantity),
                    money(l.unit_minor),
                    money(l.total_minor),
                ]
            })
            .collect();
        let mut totals = self.subtotal_and_taxes(locale, i.currency, i.subtotal_minor, &i.taxes);
        if let Some(d) = &i.deposit {
            let number = d.number.to_string();
            totals.push((
                self.catalogs.t_with(
                    locale,
                    "invoice-deposit-deducted",
                    &[("number", number.as_str())],
                ),
                format!("−{}", money(d.amount_minor)),
            ));
        }
        totals.push((t("pdf-total"), money(i.total_minor)));
        if i.paid_minor > 0 {
            totals.push((t("invoice-paid"), money(i.paid_minor)));
        }
        totals.push((t("invoice-balance"), money(i.balance())));
        let mut sections = Vec::new();
        if i.kind == InvoiceKind::Invoice
            && (i.schedule.len() > 1 || i.schedule.iter().any(|x| x.deposit))
        {
            let lines: Vec<String> = i
                .schedule
                .iter()
                .map(|x| {
                    let line = format!("{} — {}", day(&x.due_on), money(x.amount_minor));
                    if x.deposit {
                        format!("{line} — {}", t("invoice-deposit"))
                    } else {
                        line
                    }
                })
                .collect();
            sections.push((t("invoice-schedule"), lines.join("\n")));
        }
        if !i.note.is_empty() {
            sections.push((t("invoice-note"), i.note.clone()));
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

/// PDFs in one ZIP (stored as they are: PDFs compress little).
fn zipped(files: Vec<(String, Vec<u8>)>) -> CoreResult<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(name, options)
            .map_err(CoreError::internal_from)?;
        zip.write_all(&bytes).map_err(CoreError::internal_from)?;
    }
    Ok(zip.finish().map_err(CoreError::internal_from)?.into_inner())
}
