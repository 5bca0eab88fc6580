//! The catalog: segments, customers' sales terms, products and their price rules.
use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{CatalogStore, ProductQuery, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict};
use crate::rows::{Row, code, json, search_terms, to_json, values};
use crate::signed_in_cache::Topic;

macro_rules! product_columns {
    () => {
        "p.id, p.tenant_id, p.sku, p.name_fr, p.name_en, p.description_fr, p.description_en, \
         p.category_fr, p.category_en, p.unit, p.availability, p.lead_days, p.min_quantity, \
         p.multiple, p.active, p.image_sha256, p.image_type, p.created_at, p.updated_at, \
         p.configurator"
    };
}

macro_rules! price_columns {
    () => {
        "r.id, r.tenant_id, r.product_id, r.target, r.segment_id, r.customer_id, r.min_quantity, \
         r.unit_minor, r.currency, r.valid_from, r.valid_until, r.created_at"
    };
}

/// The rules of `r` that reach a buyer: customer `$c`, segment `$s`, currency `$cur`, on day
/// `$d` (placeholders named by the caller's numbering).
macro_rules! reaches {
    ($c:literal, $s:literal, $cur:literal, $d:literal) => {
        concat!(
            "r.currency = ",
            $cur,
            " AND (r.target = 'base' OR (r.target = 'segment' AND r.segment_id = ",
            $s,
            ") OR (r.target = 'customer' AND r.customer_id = ",
            $c,
            "))",
            " AND (r.valid_from IS NULL OR r.valid_from <= ",
            $d,
            ") AND (r.valid_until IS NULL OR r.valid_until >= ",
            $d,
            ")"
        )
    };
}

/// A product list's filter on `p`: search words `$5` (`SqlStore::search_text`, '' for none)
/// through the backend's full-text index (`product_search_match!`, defined beside `Db`: a macro
/// rather than a constant, so the queries stay `&'static str`s built by `concat!`), category
/// `$6`, and `p.active` one of `$7`, `$8`.
macro_rules! product_filter {
    () => {
        concat!(
            "($5 = '' OR ",
            product_search_match!(),
            ") AND ($6 = '' OR p.category_fr = $6 OR p.category_en = $6) \
             AND (p.active = $7 OR p.active = $8)"
        )
    };
}

/// A product list's order: most relevant first when searching (`product_search_rank!`,
/// smaller first), then by French name.
macro_rules! product_order {
    () => {
        concat!(
            "CASE WHEN $5 = '' THEN 0 ELSE ",
            product_search_rank!(),
            " END, p.name_fr, p.id"
        )
    };
}

#[derive(FromRow)]
pub(super) struct ProductRow {
    id: Uuid,
    tenant_id: Uuid,
    sku: String,
    name_fr: String,
    name_en: String,
    description_fr: String,
    description_en: String,
    category_fr: String,
    category_en: String,
    unit: String,
    availability: String,
    lead_days: i64,
    min_quantity: i64,
    multiple: i64,
    active: bool,
    image_sha256: Option<String>,
    image_type: Option<String>,
    created_at: i64,
    updated_at: i64,
    configurator: Option<String>,
}

impl Row for ProductRow {
    type Value = Product;
    fn value(self) -> Result<Product> {
        Ok(Product {
            id: ProductId(self.id),
            tenant_id: TenantId(self.tenant_id),
            sku: self.sku,
            name: Texts {
                fr: self.name_fr,
                en: self.name_en,
            },
            description: Texts {
                fr: self.description_fr,
                en: self.description_en,
            },
            category: Texts {
                fr: self.category_fr,
                en: self.category_en,
            },
            unit: code(&self.unit, Unit::parse, "product unit")?,
            availability: code(
                &self.availability,
                |c| Availability::from_parts(c, self.lead_days),
                "product availability",
            )?,
            min_quantity: self.min_quantity,
            multiple: self.multiple,
            active: self.active,
            image: match (self.image_sha256, self.image_type) {
                (Some(sha256), Some(content_type)) => Some(ProductImage {
                    sha256,
                    content_type,
                }),
                _ => None,
            },
            configurator: self
                .configurator
                .as_deref()
                .map(|c| json(c, "product configurator"))
                .transpose()?,
            created_at: Millis(self.created_at),
            updated_at: Millis(self.updated_at),
        })
    }
}

#[derive(FromRow)]
pub(super) struct PriceRow {
    id: Uuid,
    tenant_id: Uuid,
    product_id: Uuid,
    target: String,
    segment_id: Option<Uuid>,
    customer_id: Option<Uuid>,
    min_quantity: i64,
    unit_minor: i64,
    currency: String,
    valid_from: Option<String>,
    valid_until: Option<String>,
    created_at: i64,
}

impl Row for PriceRow {
    type Value = PriceRule;
    fn value(self) -> Result<PriceRule> {
        let target = match (self.target.as_str(), self.segment_id, self.customer_id) {
            ("base", None, None) => PriceTarget::Base,
            ("segment", Some(s), None) => PriceTarget::Segment(SegmentId(s)),
            ("customer", None, Some(c)) => PriceTarget::Customer(CustomerId(c)),
            _ => {
                return Err(guichet_store::StoreError::corrupt(format!(
                    "price rule target {:?}",
                    self.target
                ))
                .into());
            }
        };
        Ok(PriceRule {
            id: PriceId(self.id),
            tenant_id: TenantId(self.tenant_id),
            product_id: ProductId(self.product_id),
            target,
            min_quantity: self.min_quantity,
            unit_minor: self.unit_minor,
            currency: code(&self.currency, Currency::parse, "price currency")?,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            created_at: Millis(self.created_at),
        })
    }
}

#[derive(FromRow)]
struct SegmentRow {
    id: Uuid,
    tenant_id: Uuid,
    name: String,
    created_at: i64,
}

impl Row for SegmentRow {
    type Value = Segment;
    fn value(self) -> Result<Segment> {
        Ok(Segment {
            id: SegmentId(self.id),
            tenant_id: TenantId(self.tenant_id),
            name: self.name,
            created_at: Millis(self.created_at),
        })
    }
}

#[derive(FromRow)]
struct TermsRow {
    customer_id: Uuid,
    tenant_id: Uuid,
    segment_id: Option<Uuid>,
    tax_region: String,
    updated_at: i64,
}

impl Row for TermsRow {
    type Value = CustomerTerms;
    fn value(self) -> Result<CustomerTerms> {
        Ok(CustomerTerms {
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            segment_id: self.segment_id.map(SegmentId),
            tax_region: code(&self.tax_region, TaxRegion::parse, "tax region")?,
            updated_at: Millis(self.updated_at),
        })
    }
}

pub(super) async fn insert_segment(e: impl Executor<'_, Database = Db>, s: &Segment) -> Result<()> {
    sqlx::query("INSERT INTO segments (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4)")
        .bind(s.id.0)
        .bind(s.tenant_id.0)
        .bind(&s.name)
        .bind(s.created_at.0)
        .execute(e)
        .await?;
    Ok(())
}

async fn segments(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<Segment>> {
    let rows: Vec<SegmentRow> = sqlx::query_as(
        "SELECT id, tenant_id, name, created_at FROM segments WHERE tenant_id = $1 ORDER BY name, id",
    )
    .bind(tenant.0)
    .fetch_all(pool)
    .await?;
    values(rows)
}

/// Writes a customer's terms; returns the rows written (0: customer or segment not the
/// tenant's).
pub(super) async fn write_terms(
    e: impl Executor<'_, Database = Db>,
    t: &CustomerTerms,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO customer_terms (customer_id, tenant_id, segment_id, tax_region, updated_at) \
         SELECT c.id, c.tenant_id, $3, $4, $5 FROM customers c \
         WHERE c.id = $1 AND c.tenant_id = $2 \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM segments s WHERE s.id = $3 AND s.tenant_id = $2)) \
         ON CONFLICT (customer_id) DO UPDATE SET segment_id = excluded.segment_id, \
         tax_region = excluded.tax_region, updated_at = excluded.updated_at",
    )
    .bind(t.customer_id.0)
    .bind(t.tenant_id.0)
    .bind(t.segment_id.map(|s| s.0))
    .bind(t.tax_region.code())
    .bind(t.updated_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

async fn set_terms(store: &SqlStore, t: &CustomerTerms) -> Result<()> {
    let mut tx = store.begin_write().await?;
    changed(write_terms(&mut *tx, t).await?)?;
    super::commit(tx).await
}

async fn terms(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<Option<CustomerTerms>> {
    super::tenant_row::<TermsRow, _>(
        pool,
        "SELECT customer_id, tenant_id, segment_id, tax_region, updated_at FROM customer_terms \
         WHERE tenant_id = $1 AND customer_id = $2",
        tenant,
        customer.0,
    )
    .await
}

pub(super) async fn insert_product(e: impl Executor<'_, Database = Db>, p: &Product) -> Result<()> {
    sqlx::query(
        "INSERT INTO products (id, tenant_id, sku, name_fr, name_en, description_fr, \
         description_en, category_fr, category_en, unit, availability, lead_days, min_quantity, \
         multiple, active, created_at, updated_at, image_sha256, image_type, configurator) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20)",
    )
    .bind(p.id.0)
    .bind(p.tenant_id.0)
    .bind(&p.sku)
    .bind(&p.name.fr)
    .bind(&p.name.en)
    .bind(&p.description.fr)
    .bind(&p.description.en)
    .bind(&p.category.fr)
    .bind(&p.category.en)
    .bind(p.unit.code())
    .bind(p.availability.code())
    .bind(p.availability.days())
    .bind(p.min_quantity)
    .bind(p.multiple)
    .bind(p.active)
    .bind(p.created_at.0)
    .bind(p.updated_at.0)
    .bind(p.image.as_ref().map(|i| i.sha256.as_str()))
    .bind(p.image.as_ref().map(|i| i.content_type.as_str()))
    .bind(p.configurator.as_ref().map(to_json).transpose()?)
    .execute(e)
    .await?;
    Ok(())
}

async fn set_image(
    store: &SqlStore,
    tenant: TenantId,
    id: ProductId,
    image: Option<&ProductImage>,
    at: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE products SET image_sha256 = $3, image_type = $4, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(image.map(|i| i.sha256.as_str()))
    .bind(image.map(|i| i.content_type.as_str()))
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    changed(done.rows_affected())?;
    super::commit(tx).await
}

async fn set_configurator(
    store: &SqlStore,
    tenant: TenantId,
    id: ProductId,
    c: Option<&Configurator>,
    seen: Millis,
    at: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE products SET configurator = $3, updated_at = $5 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $4",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(c.map(to_json).transpose()?)
    .bind(seen.0)
    .bind(at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        drop(tx);
        return match product(&store.pool, tenant, id).await? {
            Some(_) => conflict("products_updated_at"),
            None => crate::error::not_found(),
        };
    }
    super::commit(tx).await
}

async fn add_product(store: &SqlStore, p: &Product) -> Result<()> {
    let mut tx = store.begin_write().await?;
    insert_product(&mut *tx, p).await?;
    super::commit(tx).await
}

async fn update_product(store: &SqlStore, p: &Product, seen: Millis) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE products SET sku = $3, name_fr = $4, name_en = $5, description_fr = $6, \
         description_en = $7, category_fr = $8, category_en = $9, unit = $10, availability = $11, \
         lead_days = $12, min_quantity = $13, multiple = $14, active = $15, updated_at = $16 \
         WHERE tenant_id = $1 AND id = $2 AND updated_at = $17",
    )
    .bind(p.tenant_id.0)
    .bind(p.id.0)
    .bind(&p.sku)
    .bind(&p.name.fr)
    .bind(&p.name.en)
    .bind(&p.description.fr)
    .bind(&p.description.en)
    .bind(&p.category.fr)
    .bind(&p.category.en)
    .bind(p.unit.code())
    .bind(p.availability.code())
    .bind(p.availability.days())
    .bind(p.min_quantity)
    .bind(p.multiple)
    .bind(p.active)
    .bind(p.updated_at.0)
    .bind(seen.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("products_updated_at");
    }
    super::commit(tx).await
}

async fn product(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: ProductId,
) -> Result<Option<Product>> {
    super::tenant_row::<ProductRow, _>(
        pool,
        concat!(
            "SELECT ",
            product_columns!(),
            " FROM products p WHERE p.tenant_id = $1 AND p.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn product_by_sku(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    sku: &str,
) -> Result<Option<Product>> {
    super::tenant_row::<ProductRow, _>(
        pool,
        concat!(
            "SELECT ",
            product_columns!(),
            " FROM products p WHERE p.tenant_id = $1 AND p.sku = $2"
        ),
        tenant,
        sku,
    )
    .await
}

/// What a product list's `$5` holds for the words typed ('' when none: no filter).
fn search_param(typed: &str) -> String {
    SqlStore::search_text(&search_terms(typed))
}

async fn products(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    q: &ProductQuery,
) -> Result<Vec<Product>> {
    // $2–$4 are the catalog's buyer; unused here, bound so the filter keeps its numbers.
    let rows: Vec<ProductRow> = sqlx::query_as(concat!(
        "SELECT ",
        product_columns!(),
        " FROM products p WHERE p.tenant_id = $1 AND ($2 IS NULL OR $3 IS NULL OR $4 IS NULL) \
         AND ",
        product_filter!(),
        " ORDER BY ",
        product_order!(),
        " LIMIT $9"
    ))
    .bind(tenant.0)
    .bind(None::<Uuid>)
    .bind(None::<Uuid>)
    .bind(None::<String>)
    .bind(search_param(&q.search))
    .bind(q.category.trim())
    .bind(true)
    .bind(!q.include_inactive)
    .bind(q.limit.clamp(1, 1000))
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn categories(pool: &sqlx::Pool<Db>, tenant: TenantId) -> Result<Vec<Texts>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT category_fr, category_en FROM products \
         WHERE tenant_id = $1 AND active = $2 AND (category_fr <> '' OR category_en <> '') \
         ORDER BY category_fr, category_en",
    )
    .bind(tenant.0)
    .bind(true)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(fr, en)| Texts { fr, en }).collect())
}

/// The catalog's page when nothing is searched: the same products in name order, read in
/// the order of `products_by_name` (a search's rank is not in the `ORDER BY`, which would make
/// every product be read and sorted). `$5` is '' here, and still named so both texts take the
/// same parameters.
macro_rules! catalog_browse {
    () => {
        concat!(
            "SELECT ",
            product_columns!(),
            " FROM products p WHERE p.tenant_id = $1 AND $5 = '' \
             AND ($6 = '' OR p.category_fr = $6 OR p.category_en = $6) \
             AND (p.active = $7 OR p.active = $8) \
             AND EXISTS (SELECT 1 FROM price_rules r WHERE r.product_id = p.id AND ",
            reaches!("$2", "$3", "$4", "$10"),
            ") AND ($11 IS NULL OR EXISTS (SELECT 1 FROM favourites f WHERE f.product_id = p.id \
             AND f.user_id = $11 AND f.customer_id = $2)) ORDER BY p.name_fr, p.id \
             LIMIT $9 OFFSET $12"
        )
    };
}

/// The catalog's page of products: active ones with a rule reaching the buyer ($2 customer,
/// $3 segment, $4 currency, $10 today), only the favourites of person $11 when given.
macro_rules! catalog_page {
    () => {
        concat!(
            "SELECT ",
            product_columns!(),
            " FROM products p WHERE p.tenant_id = $1 AND ",
            product_filter!(),
            " AND EXISTS (SELECT 1 FROM price_rules r WHERE r.product_id = p.id AND ",
            reaches!("$2", "$3", "$4", "$10"),
            ") AND ($11 IS NULL OR EXISTS (SELECT 1 FROM favourites f WHERE f.product_id = p.id \
             AND f.user_id = $11 AND f.customer_id = $2)) ORDER BY ",
            product_order!(),
            " LIMIT $9 OFFSET $12"
        )
    };
}

async fn catalog(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    buyer: &Buyer,
    today: &str,
    q: &ProductQuery,
) -> Result<Vec<(Product, Vec<PriceRule>)>> {
    let search = search_param(&q.search);
    let category = q.category.trim();
    let limit = q.limit.clamp(1, 1000);
    let page = if search.is_empty() {
        catalog_browse!()
    } else {
        catalog_page!()
    };
    let products: Vec<ProductRow> = sqlx::query_as(page)
        .bind(tenant.0)
        .bind(buyer.customer.0)
        .bind(buyer.segment.map(|s| s.0))
        .bind(buyer.currency.code())
        .bind(&search)
        .bind(category)
        .bind(true)
        .bind(true)
        .bind(limit)
        .bind(today)
        .bind(q.favourites_of.map(|u| u.0))
        .bind(q.offset.clamp(0, 1_000_000))
        .fetch_all(pool)
        .await?;
    let products = values(products)?;
    let ids: Vec<Uuid> = products.iter().map(|p| p.id.0).collect();
    let mut rules = Vec::new();
    for chunk in ids.chunks(RULES_CHUNK) {
        rules.extend(values(rules_of(pool, buyer, today, chunk).await?)?);
    }
    Ok(products
        .into_iter()
        .map(|p| {
            let mine = rules
                .iter()
                .filter(|r| r.product_id == p.id)
                .cloned()
                .collect();
            (p, mine)
        })
        .collect())
}

/// How many products' price rules one statement reads (`rules_of`).
const RULES_CHUNK: usize = 50;

/// The price rules reaching a buyer of up to `RULES_CHUNK` products, by product and quantity
/// (sorted here: an `ORDER BY` would have SQLite sort them in a temporary B-tree). One text whatever the number of products (the list is padded with its first id), so each
/// connection prepares it once; by the products' ids rather than by running their page again.
async fn rules_of(
    pool: &sqlx::Pool<Db>,
    buyer: &Buyer,
    today: &str,
    products: &[Uuid],
) -> Result<Vec<PriceRow>> {
    let Some(first) = products.first() else {
        return Ok(Vec::new());
    };
    let mut query = sqlx::query_as(concat!(
        "SELECT ",
        price_columns!(),
        " FROM price_rules r WHERE r.product_id IN ($5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, \
         $31, $32, $33, $34, $35, $36, $37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, \
         $48, $49, $50, $51, $52, $53, $54) AND ",
        reaches!("$1", "$2", "$3", "$4")
    ))
    .bind(buyer.customer.0)
    .bind(buyer.segment.map(|s| s.0))
    .bind(buyer.currency.code())
    .bind(today);
    for i in 0..RULES_CHUNK {
        query = query.bind(*products.get(i).unwrap_or(first));
    }
    let mut rows: Vec<PriceRow> = query.fetch_all(pool).await?;
    rows.sort_unstable_by_key(|r| (r.product_id, r.min_quantity, r.id));
    Ok(rows)
}

pub(super) async fn insert_price(
    e: impl Executor<'_, Database = Db>,
    r: &PriceRule,
) -> Result<u64> {
    let (segment, customer) = match r.target {
        PriceTarget::Base => (None, None),
        PriceTarget::Segment(s) => (Some(s.0), None),
        PriceTarget::Customer(c) => (None, Some(c.0)),
    };
    let done = sqlx::query(
        "INSERT INTO price_rules (id, tenant_id, product_id, target, segment_id, customer_id, \
         min_quantity, unit_minor, currency, valid_from, valid_until, created_at) \
         SELECT $1, p.tenant_id, p.id, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM products p \
         WHERE p.id = $3 AND p.tenant_id = $2 \
         AND ($5 IS NULL OR EXISTS (SELECT 1 FROM segments s WHERE s.id = $5 AND s.tenant_id = $2)) \
         AND ($6 IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.id = $6 AND c.tenant_id = $2))",
    )
    .bind(r.id.0)
    .bind(r.tenant_id.0)
    .bind(r.product_id.0)
    .bind(r.target.code())
    .bind(segment)
    .bind(customer)
    .bind(r.min_quantity)
    .bind(r.unit_minor)
    .bind(r.currency.code())
    .bind(&r.valid_from)
    .bind(&r.valid_until)
    .bind(r.created_at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

async fn add_price(store: &SqlStore, r: &PriceRule) -> Result<()> {
    let mut tx = store.begin_write().await?;
    changed(insert_price(&mut *tx, r).await?)?;
    super::commit(tx).await
}

async fn delete_price(store: &SqlStore, tenant: TenantId, id: PriceId) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query("DELETE FROM price_rules WHERE tenant_id = $1 AND id = $2")
        .bind(tenant.0)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    changed(done.rows_affected())?;
    super::commit(tx).await
}

async fn price(pool: &sqlx::Pool<Db>, tenant: TenantId, id: PriceId) -> Result<Option<PriceRule>> {
    super::tenant_row::<PriceRow, _>(
        pool,
        concat!(
            "SELECT ",
            price_columns!(),
            " FROM price_rules r WHERE r.tenant_id = $1 AND r.id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn prices_of(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    product: ProductId,
) -> Result<Vec<PriceRule>> {
    super::tenant_rows::<PriceRow, _>(
        pool,
        concat!(
            "SELECT ",
            price_columns!(),
            " FROM price_rules r WHERE r.tenant_id = $1 AND r.product_id = $2 \
             ORDER BY CASE r.target WHEN 'base' THEN 0 WHEN 'segment' THEN 1 ELSE 2 END, \
             r.currency, r.min_quantity, r.id"
        ),
        tenant,
        product.0,
    )
    .await
}

/// Rules reaching a buyer for the products in a person's cart.
pub(super) async fn cart_rules(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    buyer: &Buyer,
    today: &str,
) -> Result<Vec<PriceRule>> {
    let rows: Vec<PriceRow> = sqlx::query_as(concat!(
        "SELECT ",
        price_columns!(),
        " FROM cart_lines c CROSS JOIN price_rules r \
         WHERE c.tenant_id = $1 AND c.user_id = $5 AND c.customer_id = $2 \
         AND r.product_id = c.product_id AND ",
        reaches!("$2", "$3", "$4", "$6"),
        " ORDER BY r.product_id, r.min_quantity"
    ))
    .bind(tenant.0)
    .bind(buyer.customer.0)
    .bind(buyer.segment.map(|s| s.0))
    .bind(buyer.currency.code())
    .bind(user.0)
    .bind(today)
    .fetch_all(pool)
    .await?;
    values(rows)
}

pub(super) async fn dump_segments(e: impl Executor<'_, Database = Db>) -> Result<Vec<Segment>> {
    let rows: Vec<SegmentRow> =
        sqlx::query_as("SELECT id, tenant_id, name, created_at FROM segments ORDER BY id")
            .fetch_all(e)
            .await?;
    values(rows)
}

pub(super) async fn dump_terms(e: impl Executor<'_, Database = Db>) -> Result<Vec<CustomerTerms>> {
    let rows: Vec<TermsRow> = sqlx::query_as(
        "SELECT customer_id, tenant_id, segment_id, tax_region, updated_at FROM customer_terms \
         ORDER BY customer_id",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_products(e: impl Executor<'_, Database = Db>) -> Result<Vec<Product>> {
    let rows: Vec<ProductRow> = sqlx::query_as(concat!(
        "SELECT ",
        product_columns!(),
        " FROM products p ORDER BY p.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_prices(e: impl Executor<'_, Database = Db>) -> Result<Vec<PriceRule>> {
    let rows: Vec<PriceRow> = sqlx::query_as(concat!(
        "SELECT ",
        price_columns!(),
        " FROM price_rules r ORDER BY r.id"
    ))
    .fetch_all(e)
    .await?;
    values(rows)
}

#[async_trait]
impl CatalogStore for SqlStore {
    async fn insert_segment(&self, segment: &Segment) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(insert_segment(&self.pool, segment).await?)
    }
    async fn segments(&self, tenant: TenantId) -> StoreResult<Vec<Segment>> {
        Ok(segments(&self.pool, tenant).await?)
    }
    async fn customer_terms(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<CustomerTerms>> {
        self.listen_for_changes();
        Ok(self
            .catalog_reads
            .terms
            .get_or_read(
                &self.cache,
                (tenant, customer),
                terms(&self.pool, tenant, customer),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn set_customer_terms(&self, t: &CustomerTerms) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(set_terms(self, t).await?)
    }
    async fn insert_product(&self, product: &Product) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(add_product(self, product).await?)
    }
    async fn update_product(&self, product: &Product, seen: Millis) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(update_product(self, product, seen).await?)
    }
    async fn set_product_image(
        &self,
        tenant: TenantId,
        id: ProductId,
        image: Option<&ProductImage>,
        at: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(set_image(self, tenant, id, image, at).await?)
    }
    async fn set_product_configurator(
        &self,
        tenant: TenantId,
        id: ProductId,
        configurator: Option<&Configurator>,
        seen: Millis,
        at: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(set_configurator(self, tenant, id, configurator, seen, at).await?)
    }
    async fn product(&self, tenant: TenantId, id: ProductId) -> StoreResult<Option<Product>> {
        Ok(product(&self.pool, tenant, id).await?)
    }
    async fn product_by_sku(&self, tenant: TenantId, sku: &str) -> StoreResult<Option<Product>> {
        Ok(product_by_sku(&self.pool, tenant, sku).await?)
    }
    async fn products(&self, tenant: TenantId, q: &ProductQuery) -> StoreResult<Vec<Product>> {
        Ok(products(&self.pool, tenant, q).await?)
    }
    async fn categories(&self, tenant: TenantId) -> StoreResult<Vec<Texts>> {
        Ok(categories(&self.pool, tenant).await?)
    }
    async fn catalog(
        &self,
        tenant: TenantId,
        buyer: &Buyer,
        today: &str,
        q: &ProductQuery,
    ) -> StoreResult<Vec<(Product, Vec<PriceRule>)>> {
        // Every contact who browses reads the same pages, changed a few times a day: kept
        // while nothing behind them changes (decision 0016).
        self.listen_for_changes();
        Ok(self
            .catalog_reads
            .pages
            .get_or_read(
                &self.cache,
                (tenant, *buyer, today.to_string(), q.clone()),
                catalog(&self.pool, tenant, buyer, today, q),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn insert_price(&self, rule: &PriceRule) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(add_price(self, rule).await?)
    }
    async fn delete_price(&self, tenant: TenantId, id: PriceId) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(delete_price(self, tenant, id).await?)
    }
    async fn price(&self, tenant: TenantId, id: PriceId) -> StoreResult<Option<PriceRule>> {
        Ok(price(&self.pool, tenant, id).await?)
    }
    async fn prices_of(&self, tenant: TenantId, product: ProductId) -> StoreResult<Vec<PriceRule>> {
        Ok(prices_of(&self.pool, tenant, product).await?)
    }
}
