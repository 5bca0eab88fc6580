//! Quotes, their lines and revisions; an acceptance places its order in the same transaction.
use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{QuoteQuery, QuoteStore, Settle, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict, not_found};
use crate::rows::{Row, code, json, to_json, values};
use crate::signed_in_cache::Topic;

macro_rules! quote_columns {
    () => {
        "id, tenant_id, customer_id, number, status, title, request, requested_by, \
         requested_by_name, lang, currency, tax_region, valid_until, terms, deposit_percent, \
         revision, pdf_sha256, subtotal_minor, taxes, total_minor, deposit_minor, acceptance, \
         reason, decided_by_name, created_at, updated_at, project_id"
    };
}

/// A quote's columns as read, with its customer's name.
macro_rules! quote_select {
    () => {
        concat!(
            quote_columns!(),
            ", (SELECT c.name FROM customers c WHERE c.id = quotes.customer_id) AS customer_name"
        )
    };
}

#[derive(FromRow)]
struct QuoteRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    customer_name: Option<String>,
    number: i64,
    status: String,
    title: String,
    request: String,
    requested_by: Option<Uuid>,
    requested_by_name: String,
    lang: String,
    currency: String,
    tax_region: String,
    valid_until: Option<String>,
    terms: String,
    deposit_percent: i64,
    revision: i64,
    pdf_sha256: String,
    subtotal_minor: i64,
    taxes: String,
    total_minor: i64,
    deposit_minor: i64,
    acceptance: Option<String>,
    reason: String,
    decided_by_name: String,
    created_at: i64,
    updated_at: i64,
    project_id: Option<Uuid>,
}

impl Row for QuoteRow {
    type Value = Quote;
    fn value(self) -> Result<Quote> {
        Ok(Quote {
            id: QuoteId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            customer_name: self.customer_name.unwrap_or_default(),
            project_id: self.project_id.map(ProjectId),
            number: self.number,
            status: code(&self.status, QuoteStatus::parse, "quote status")?,
            title: self.title,
            request: self.request,
            requested_by: self.requested_by.map(UserId),
            requested_by_name: self.requested_by_name,
            lang: self.lang,
            currency: code(&self.currency, Currency::parse, "quote currency")?,
            tax_region: code(&self.tax_region, TaxRegion::parse, "quote tax region")?,
            valid_until: self.valid_until,
            terms: self.terms,
            deposit_percent: self.deposit_percent,
            revision: self.revision,
            pdf_sha256: self.pdf_sha256,
            totals: QuoteTotals {
                subtotal_minor: self.subtotal_minor,
                taxes: json(&self.taxes, "quote taxes")?,
                total_minor: self.total_minor,
                deposit_minor: self.deposit_minor,
            },
            acceptance: self
                .acceptance
                .as_deref()
                .map(|a| json(a, "quote acceptance"))
                .transpose()?,
            reason: self.reason,
            decided_by_name: self.decided_by_name,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
struct LineRow {
    product_id: Uuid,
    sku: String,
    name_fr: String,
    name_en: String,
    unit: String,
    quantity: i64,
    unit_minor: i64,
    discount_bp: i64,
}

impl Row for LineRow {
    type Value = QuoteLine;
    fn value(self) -> Result<QuoteLine> {
        Ok(QuoteLine {
            product_id: ProductId(self.product_id),
            sku: self.sku,
            name: Texts {
                fr: self.name_fr,
                en: self.name_en,
            },
            unit: code(&self.unit, Unit::parse, "quote line unit")?,
            quantity: self.quantity,
            unit_minor: self.unit_minor,
            discount_bp: self.discount_bp,
        })
    }
}

/// What a revision froze, beside its PDF.
#[derive(serde::Serialize, serde::Deserialize)]
struct Frozen {
    lines: Vec<QuoteLine>,
    totals: QuoteTotals,
    valid_until: Option<String>,
}

#[derive(FromRow)]
struct RevisionRow {
    quote_id: Uuid,
    revision: i64,
    sha256: String,
    size: i64,
    content: String,
    sent_by_name: String,
    sent_at: i64,
}

impl Row for RevisionRow {
    type Value = QuoteRevision;
    fn value(self) -> Result<QuoteRevision> {
        let f: Frozen = json(&self.content, "quote revision")?;
        Ok(QuoteRevision {
            quote_id: QuoteId(self.quote_id),
            revision: self.revision,
            sha256: self.sha256,
            size: self.size,
            lines: f.lines,
            totals: f.totals,
            valid_until: f.valid_until,
            sent_by_name: self.sent_by_name,
            sent_at: Millis(self.sent_at),
        })
    }
}

#[derive(FromRow)]
struct MessageRow {
    id: Uuid,
    tenant_id: Uuid,
    quote_id: Uuid,
    author_id: Option<Uuid>,
    author_name: String,
    from_staff: bool,
    body: String,
    file_sha256: Option<String>,
    file_name: Option<String>,
    file_type: Option<String>,
    file_size: Option<i64>,
    created_at: i64,
}

impl Row for MessageRow {
    type Value = QuoteMessage;
    fn value(self) -> Result<QuoteMessage> {
        Ok(QuoteMessage {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            quote_id: QuoteId(self.quote_id),
            author: self.author_id.map(UserId),
            author_name: self.author_name,
            from_staff: self.from_staff,
            body: self.body,
            file: match (
                self.file_sha256,
                self.file_name,
                self.file_type,
                self.file_size,
            ) {
                (Some(sha256), Some(name), Some(content_type), Some(size)) => Some(QuoteFile {
                    sha256,
                    name,
                    content_type,
                    size,
                }),
                _ => None,
            },
            created_at: Millis(self.created_at),
        })
    }
}

macro_rules! message_columns {
    () => {
        "id, tenant_id, quote_id, author_id, author_name, from_staff, body, file_sha256, \
         file_name, file_type, file_size, created_at"
    };
}

/// Writes a message if its quote (and author) are its tenant's.
pub(super) async fn write_message(
    e: impl Executor<'_, Database = Db>,
    m: &QuoteMessage,
) -> Result<()> {
    let done = sqlx::query(
        "INSERT INTO quote_messages (id, tenant_id, quote_id, author_id, author_name, from_staff, \
         body, file_sha256, file_name, file_type, file_size, created_at) \
         SELECT $1, q.tenant_id, q.id, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM quotes q \
         WHERE q.id = $3 AND q.tenant_id = $2 AND ($4 IS NULL OR EXISTS \
         (SELECT 1 FROM users u WHERE u.id = $4 AND u.tenant_id = $2))",
    )
    .bind(m.id)
    .bind(m.tenant_id.0)
    .bind(m.quote_id.0)
    .bind(m.author.map(|u| u.0))
    .bind(&m.author_name)
    .bind(m.from_staff)
    .bind(&m.body)
    .bind(m.file.as_ref().map(|f| f.sha256.as_str()))
    .bind(m.file.as_ref().map(|f| f.name.as_str()))
    .bind(m.file.as_ref().map(|f| f.content_type.as_str()))
    .bind(m.file.as_ref().map(|f| f.size))
    .bind(m.created_at.0)
    .execute(e)
    .await?;
    changed(done.rows_affected())
}

async fn add_message(store: &SqlStore, m: &QuoteMessage) -> Result<()> {
    let mut tx = store.begin_write().await?;
    write_message(&mut *tx, m).await?;
    super::commit(tx).await
}

async fn messages(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    quote: QuoteId,
) -> Result<Vec<QuoteMessage>> {
    let rows: Vec<MessageRow> = sqlx::query_as(concat!(
        "SELECT ",
        message_columns!(),
        " FROM quote_messages WHERE tenant_id = $1 AND quote_id = $2 ORDER BY created_at, id"
    ))
    .bind(tenant.0)
    .bind(quote.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

pub(super) async fn dump_messages(pool: &sqlx::Pool<Db>) -> Result<Vec<QuoteMessage>> {
    let rows: Vec<MessageRow> = sqlx::query_as(concat!(
        "SELECT ",
        message_columns!(),
        " FROM quote_messages ORDER BY tenant_id, quote_id, created_at, id"
    ))
    .fetch_all(pool)
    .await?;
    values(rows)
}

fn acceptance_json(q: &Quote) -> Result<Option<String>> {
    q.acceptance.as_ref().map(to_json).transpose()
}

pub(super) async fn write_quote(tx: &mut super::Transaction, q: &Quote) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO quotes (",
        quote_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)"
    ))
    .bind(q.id.0)
    .bind(q.tenant_id.0)
    .bind(q.customer_id.0)
    .bind(q.number)
    .bind(q.status.code())
    .bind(&q.title)
    .bind(&q.request)
    .bind(q.requested_by.map(|u| u.0))
    .bind(&q.requested_by_name)
    .bind(&q.lang)
    .bind(q.currency.code())
    .bind(q.tax_region.code())
    .bind(&q.valid_until)
    .bind(&q.terms)
    .bind(q.deposit_percent)
    .bind(q.revision)
    .bind(&q.pdf_sha256)
    .bind(q.totals.subtotal_minor)
    .bind(to_json(&q.totals.taxes)?)
    .bind(q.totals.total_minor)
    .bind(q.totals.deposit_minor)
    .bind(acceptance_json(q)?)
    .bind(&q.reason)
    .bind(&q.decided_by_name)
    .bind(q.created_at.0)
    .bind(q.updated_at.0)
    .bind(q.project_id.map(|p| p.0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces a quote's lines; `NotFound` when a product is not the tenant's.
pub(super) async fn write_lines(
    tx: &mut super::Transaction,
    tenant: TenantId,
    id: QuoteId,
    lines: &[QuoteLine],
) -> Result<()> {
    sqlx::query("DELETE FROM quote_lines WHERE tenant_id = $1 AND quote_id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .execute(&mut **tx)
        .await?;
    for (i, l) in lines.iter().enumerate() {
        let done = sqlx::query(
            "INSERT INTO quote_lines (quote_id, position, tenant_id, product_id, sku, name_fr, \
             name_en, unit, quantity, unit_minor, discount_bp) \
             SELECT $1, $2, p.tenant_id, p.id, $5, $6, $7, $8, $9, $10, $11 FROM products p \
             WHERE p.id = $4 AND p.tenant_id = $3",
        )
        .bind(id.0)
        .bind(i as i64)
        .bind(tenant.0)
        .bind(l.product_id.0)
        .bind(&l.sku)
        .bind(&l.name.fr)
        .bind(&l.name.en)
        .bind(l.unit.code())
        .bind(l.quantity)
        .bind(l.unit_minor)
        .bind(l.discount_bp)
        .execute(&mut **tx)
        .await?;
        changed(done.rows_affected())?;
    }
    Ok(())
}

pub(super) async fn write_revision(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    r: &QuoteRevision,
) -> Result<()> {
    let frozen = Frozen {
        lines: r.lines.clone(),
        totals: r.totals.clone(),
        valid_until: r.valid_until.clone(),
    };
    sqlx::query(
        "INSERT INTO quote_revisions (quote_id, revision, tenant_id, sha256, size, content, \
         sent_by_name, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.quote_id.0)
    .bind(r.revision)
    .bind(tenant.0)
    .bind(&r.sha256)
    .bind(r.size)
    .bind(to_json(&frozen)?)
    .bind(&r.sent_by_name)
    .bind(r.sent_at.0)
    .execute(e)
    .await?;
    Ok(())
}

async fn insert(
    store: &SqlStore,
    q: &Quote,
    lines: &[QuoteLine],
    message: Option<&QuoteMessage>,
) -> Result<i64> {
    let mut tx = store.begin_write().await?;
    let (ok,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM customers c WHERE c.id = $2 AND c.tenant_id = $1 \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = $3 AND u.tenant_id = $1)) \
         AND ($4 IS NULL OR EXISTS (SELECT 1 FROM projects p WHERE p.id = $4 \
         AND p.tenant_id = $1 AND p.customer_id = $2))",
    )
    .bind(q.tenant_id.0)
    .bind(q.customer_id.0)
    .bind(q.requested_by.map(|u| u.0))
    .bind(q.project_id.map(|p| p.0))
    .fetch_one(&mut *tx)
    .await?;
    if ok == 0 {
        return not_found();
    }
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO quote_counters (tenant_id, last) VALUES ($1, 1) \
         ON CONFLICT (tenant_id) DO UPDATE SET last = quote_counters.last + 1 RETURNING last",
    )
    .bind(q.tenant_id.0)
    .fetch_one(&mut *tx)
    .await?;
    let numbered = Quote {
        number,
        ..q.clone()
    };
    write_quote(&mut tx, &numbered).await?;
    write_lines(&mut tx, q.tenant_id, q.id, lines).await?;
    if let Some(m) = message {
        write_message(&mut *tx, m).await?;
    }
    super::commit(tx).await?;
    Ok(number)
}

async fn save(store: &SqlStore, q: &Quote, lines: &[QuoteLine], seen: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    if let Some(p) = q.project_id {
        let (ok,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM projects p WHERE p.id = $3 AND p.tenant_id = $1 \
             AND p.customer_id = (SELECT customer_id FROM quotes WHERE id = $2 AND tenant_id = $1)",
        )
        .bind(q.tenant_id.0)
        .bind(q.id.0)
        .bind(p.0)
        .fetch_one(&mut *tx)
        .await?;
        if ok == 0 {
            return not_found();
        }
    }
    let done = sqlx::query(
        "UPDATE quotes SET title = $4, lang = $5, valid_until = $6, terms = $7, \
         deposit_percent = $8, subtotal_minor = $9, taxes = $10, total_minor = $11, \
         deposit_minor = $12, tax_region = $13, currency = $14, updated_at = $15, project_id = $16 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $3 AND status = 'draft'",
    )
    .bind(q.tenant_id.0)
    .bind(q.id.0)
    .bind(seen.0)
    .bind(&q.title)
    .bind(&q.lang)
    .bind(&q.valid_until)
    .bind(&q.terms)
    .bind(q.deposit_percent)
    .bind(q.totals.subtotal_minor)
    .bind(to_json(&q.totals.taxes)?)
    .bind(q.totals.total_minor)
    .bind(q.totals.deposit_minor)
    .bind(q.tax_region.code())
    .bind(q.currency.code())
    .bind(q.updated_at.0)
    .bind(q.project_id.map(|p| p.0))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("quotes_changed");
    }
    write_lines(&mut tx, q.tenant_id, q.id, lines).await?;
    super::commit(tx).await
}

async fn send(
    store: &SqlStore,
    tenant: TenantId,
    id: QuoteId,
    r: &QuoteRevision,
    seen: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE quotes SET status = 'sent', revision = $4, pdf_sha256 = $5, subtotal_minor = $6, \
         taxes = $7, total_minor = $8, deposit_minor = $9, valid_until = $10, updated_at = $11 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $3 AND revision = $4 - 1 \
         AND status = 'draft'",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(seen.0)
    .bind(r.revision)
    .bind(&r.sha256)
    .bind(r.totals.subtotal_minor)
    .bind(to_json(&r.totals.taxes)?)
    .bind(r.totals.total_minor)
    .bind(r.totals.deposit_minor)
    .bind(&r.valid_until)
    .bind(r.sent_at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("quotes_changed");
    }
    write_revision(&mut *tx, tenant, r).await?;
    super::commit(tx).await
}

async fn settle(
    store: &SqlStore,
    q: &Quote,
    how: Settle<'_>,
    flow: Option<(&ProjectFlow, i64)>,
) -> Result<Option<i64>> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE quotes SET status = $5, acceptance = $6, reason = $7, decided_by_name = $8, \
         updated_at = $9 WHERE tenant_id = $1 AND id = $2 AND status = 'sent' \
         AND revision = $3 AND pdf_sha256 = $4",
    )
    .bind(q.tenant_id.0)
    .bind(q.id.0)
    .bind(q.revision)
    .bind(&q.pdf_sha256)
    .bind(q.status.code())
    .bind(acceptance_json(q)?)
    .bind(&q.reason)
    .bind(&q.decided_by_name)
    .bind(q.updated_at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("quotes_settled");
    }
    let number = match how {
        Settle::Accept {
            order,
            lines,
            event,
        } => {
            let number = super::orders::next_number(&mut tx, order.tenant_id).await?;
            let numbered = Order {
                number,
                ..order.clone()
            };
            super::orders::insert_order(&mut tx, &numbered, lines).await?;
            super::orders::insert_event(&mut *tx, event).await?;
            Some(number)
        }
        Settle::Refuse | Settle::Reopen | Settle::Withdraw => None,
    };
    if let Some((pf, expected)) = flow
        && super::flows::update_place(&mut *tx, pf, expected).await? != 1
    {
        return conflict("project_flows_revision");
    }
    super::commit(tx).await?;
    Ok(number)
}

async fn lines(pool: &sqlx::Pool<Db>, tenant: TenantId, id: QuoteId) -> Result<Vec<QuoteLine>> {
    super::tenant_rows::<LineRow, _>(
        pool,
        "SELECT product_id, sku, name_fr, name_en, unit, quantity, unit_minor, discount_bp \
         FROM quote_lines WHERE tenant_id = $1 AND quote_id = $2 ORDER BY position",
        tenant,
        id.0,
    )
    .await
}

async fn quotes(pool: &sqlx::Pool<Db>, tenant: TenantId, q: &QuoteQuery) -> Result<Vec<Quote>> {
    let rows: Vec<QuoteRow> = sqlx::query_as(concat!(
        "SELECT ",
        quote_select!(),
        " FROM quotes WHERE tenant_id = $1 AND ($2 IS NULL OR customer_id = $2) \
         AND ($3 IS NULL OR requested_by = $3) AND ($4 = '' OR status = $4) \
         AND ($6 IS NULL OR project_id = $6) \
         ORDER BY created_at DESC, id DESC LIMIT $5"
    ))
    .bind(tenant.0)
    .bind(q.customer.map(|c| c.0))
    .bind(q.requested_by.map(|u| u.0))
    .bind(q.status.map(|s| s.code()).unwrap_or(""))
    .bind(q.limit.clamp(1, 1000))
    .bind(q.project.map(|p| p.0))
    .fetch_all(pool)
    .await?;
    values(rows)
}

pub(super) async fn dump_quotes(pool: &sqlx::Pool<Db>) -> Result<Vec<(Quote, Vec<QuoteLine>)>> {
    let rows: Vec<QuoteRow> = sqlx::query_as(concat!(
        "SELECT ",
        quote_select!(),
        " FROM quotes ORDER BY tenant_id, number"
    ))
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for q in values(rows)? {
        let lines = lines(pool, q.tenant_id, q.id).await?;
        out.push((q, lines));
    }
    Ok(out)
}

pub(super) async fn dump_revisions(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<QuoteRevision>> {
    let rows: Vec<RevisionRow> = sqlx::query_as(
        "SELECT quote_id, revision, sha256, size, content, sent_by_name, sent_at \
         FROM quote_revisions ORDER BY quote_id, revision",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

/// Each provider's quote counter, from the quotes restored.
pub(super) async fn restore_counters(e: impl Executor<'_, Database = Db>) -> Result<()> {
    sqlx::query(
        "INSERT INTO quote_counters (tenant_id, last) \
         SELECT tenant_id, MAX(number) FROM quotes GROUP BY tenant_id",
    )
    .execute(e)
    .await?;
    Ok(())
}

async fn read_quote(s: &SqlStore, tenant: TenantId, id: QuoteId) -> Result<Option<Quote>> {
    super::tenant_row::<QuoteRow, _>(
        &s.pool,
        concat!(
            "SELECT ",
            quote_select!(),
            " FROM quotes WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

#[async_trait]
impl QuoteStore for SqlStore {
    async fn insert_quote(&self, quote: &Quote, lines: &[QuoteLine]) -> StoreResult<i64> {
        let _changing = self.cache.topic_changing(Topic::Quotes);
        Ok(insert(self, quote, lines, None).await?)
    }
    async fn insert_quote_with_message(
        &self,
        quote: &Quote,
        lines: &[QuoteLine],
        message: &QuoteMessage,
    ) -> StoreResult<i64> {
        let _changing = self.cache.topic_changing(Topic::Quotes);
        Ok(insert(self, quote, lines, Some(message)).await?)
    }
    async fn quote(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Option<Quote>> {
        // Read afresh: what is decided on a quote (accepting, refusing, renewing) is decided
        // on this. The copy its page shows is replaced by what was just read (decision 0016).
        let generation = self.quote_reads.shown.generation(&self.cache);
        let quote = read_quote(self, tenant, id).await?;
        self.quote_reads
            .shown
            .put(&self.cache, (tenant, id), generation, quote.clone());
        Ok(quote)
    }
    async fn shown_quote(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Option<Quote>> {
        self.listen_for_changes();
        Ok(self
            .quote_reads
            .shown
            .get_or_read(&self.cache, (tenant, id), read_quote(self, tenant, id))
            .await?
            .as_ref()
            .clone())
    }
    async fn quote_lines(&self, tenant: TenantId, id: QuoteId) -> StoreResult<Vec<QuoteLine>> {
        Ok(lines(&self.pool, tenant, id).await?)
    }
    async fn quotes(&self, tenant: TenantId, q: &QuoteQuery) -> StoreResult<Vec<Quote>> {
        Ok(quotes(&self.pool, tenant, q).await?)
    }
    async fn save_quote(
        &self,
        quote: &Quote,
        lines: &[QuoteLine],
        seen: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Quotes);
        Ok(save(self, quote, lines, seen).await?)
    }
    async fn send_quote(
        &self,
        tenant: TenantId,
        id: QuoteId,
        revision: &QuoteRevision,
        seen: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Quotes);
        Ok(send(self, tenant, id, revision, seen).await?)
    }
    async fn quote_revisions(
        &self,
        tenant: TenantId,
        id: QuoteId,
    ) -> StoreResult<Vec<QuoteRevision>> {
        self.listen_for_changes();
        let read = super::tenant_rows::<RevisionRow, _>(
            &self.pool,
            "SELECT quote_id, revision, sha256, size, content, sent_by_name, sent_at \
             FROM quote_revisions WHERE tenant_id = $1 AND quote_id = $2 ORDER BY revision",
            tenant,
            id.0,
        );
        Ok(self
            .quote_reads
            .revisions
            .get_or_read(&self.cache, (tenant, id), read)
            .await?
            .as_ref()
            .clone())
    }
    async fn add_quote_message(&self, message: &QuoteMessage) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Quotes);
        Ok(add_message(self, message).await?)
    }
    async fn quote_messages(
        &self,
        tenant: TenantId,
        quote: QuoteId,
    ) -> StoreResult<Vec<QuoteMessage>> {
        self.listen_for_changes();
        Ok(self
            .quote_reads
            .messages
            .get_or_read(
                &self.cache,
                (tenant, quote),
                messages(&self.pool, tenant, quote),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn settle_quote(
        &self,
        quote: &Quote,
        how: Settle<'_>,
        flow: Option<(&ProjectFlow, i64)>,
    ) -> StoreResult<Option<i64>> {
        // Accepting places the quote's order.
        let _orders = self.cache.topic_changing(Topic::Orders);
        let _quotes = self.cache.topic_changing(Topic::Quotes);
        Ok(settle(self, quote, how, flow).await?)
    }
}
