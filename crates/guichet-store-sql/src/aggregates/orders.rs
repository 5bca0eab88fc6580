//! Carts and orders.
use async_trait::async_trait;
use guichet_domain::*;
use guichet_store::{OrderQuery, OrderStore, Placed, StoreResult};
use sqlx::{Executor, FromRow};
use uuid::Uuid;

use super::catalog::ProductRow;
use super::{Db, SqlStore};
use crate::error::{Result, changed, conflict};
use crate::rows::{Row, code, json, to_json, values};
use crate::signed_in_cache::Topic;

macro_rules! order_columns {
    () => {
        "id, tenant_id, customer_id, number, placed_by, placed_by_name, status, po_number, note, \
         requested_on, address_id, ship_to, currency, subtotal_minor, taxes, total_minor, carrier, \
         tracking, expected_on, submit_key, created_at, updated_at, quote_id, deposit_minor"
    };
}

/// An order's columns as read, with its customer's name.
macro_rules! order_select {
    () => {
        concat!(
            order_columns!(),
            ", (SELECT c.name FROM customers c WHERE c.id = orders.customer_id) AS customer_name"
        )
    };
}

#[derive(FromRow)]
struct CartRow {
    tenant_id: Uuid,
    user_id: Uuid,
    customer_id: Uuid,
    product_id: Uuid,
    quantity: i64,
    seen_unit_minor: i64,
    currency: String,
    added_at: i64,
}

impl Row for CartRow {
    type Value = CartLine;
    fn value(self) -> Result<CartLine> {
        Ok(CartLine {
            tenant_id: TenantId(self.tenant_id),
            user_id: UserId(self.user_id),
            customer_id: CustomerId(self.customer_id),
            product_id: ProductId(self.product_id),
            quantity: self.quantity,
            seen_unit: Money::new(
                self.seen_unit_minor,
                code(&self.currency, Currency::parse, "cart currency")?,
            ),
            added_at: Millis(self.added_at),
        })
    }
}

#[derive(FromRow)]
struct CartProductRow {
    #[sqlx(flatten)]
    line: CartRow,
    #[sqlx(flatten)]
    product: ProductRow,
}

#[derive(FromRow)]
struct OrderRow {
    id: Uuid,
    tenant_id: Uuid,
    customer_id: Uuid,
    customer_name: Option<String>,
    number: i64,
    placed_by: Uuid,
    placed_by_name: String,
    status: String,
    po_number: String,
    note: String,
    requested_on: Option<String>,
    address_id: Option<Uuid>,
    ship_to: String,
    currency: String,
    subtotal_minor: i64,
    taxes: String,
    total_minor: i64,
    carrier: Option<String>,
    tracking: String,
    expected_on: Option<String>,
    submit_key: Uuid,
    created_at: i64,
    updated_at: i64,
    quote_id: Option<Uuid>,
    deposit_minor: i64,
}

impl Row for OrderRow {
    type Value = Order;
    fn value(self) -> Result<Order> {
        Ok(Order {
            id: OrderId(self.id),
            tenant_id: TenantId(self.tenant_id),
            customer_id: CustomerId(self.customer_id),
            customer_name: self.customer_name.unwrap_or_default(),
            number: self.number,
            placed_by: UserId(self.placed_by),
            placed_by_name: self.placed_by_name,
            status: code(&self.status, OrderStatus::parse, "order status")?,
            po_number: self.po_number,
            note: self.note,
            requested_on: self.requested_on,
            address_id: self.address_id.map(AddressId),
            ship_to: self.ship_to,
            currency: code(&self.currency, Currency::parse, "order currency")?,
            subtotal_minor: self.subtotal_minor,
            taxes: json(&self.taxes, "order taxes")?,
            total_minor: self.total_minor,
            shipment: Shipment {
                carrier: self
                    .carrier
                    .as_deref()
                    .map(|c| code(c, Carrier::parse, "order carrier"))
                    .transpose()?,
                tracking: self.tracking,
                expected_on: self.expected_on,
            },
            submit_key: self.submit_key,
            quote_id: self.quote_id.map(QuoteId),
            deposit_minor: self.deposit_minor,
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
    total_minor: i64,
    shipped_quantity: i64,
}

impl Row for LineRow {
    type Value = OrderLine;
    fn value(self) -> Result<OrderLine> {
        Ok(OrderLine {
            product_id: ProductId(self.product_id),
            sku: self.sku,
            name: Texts {
                fr: self.name_fr,
                en: self.name_en,
            },
            unit: code(&self.unit, Unit::parse, "order line unit")?,
            quantity: self.quantity,
            unit_minor: self.unit_minor,
            total_minor: self.total_minor,
            shipped: self.shipped_quantity,
        })
    }
}

#[derive(FromRow)]
struct ShipmentRow {
    id: Uuid,
    tenant_id: Uuid,
    order_id: Uuid,
    at: i64,
    carrier: Option<String>,
    tracking: String,
    expected_on: Option<String>,
    lines: String,
    by_name: String,
}

impl Row for ShipmentRow {
    type Value = ShipmentRecord;
    fn value(self) -> Result<ShipmentRecord> {
        Ok(ShipmentRecord {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            order_id: OrderId(self.order_id),
            at: Millis(self.at),
            shipment: Shipment {
                carrier: self
                    .carrier
                    .as_deref()
                    .map(|c| code(c, Carrier::parse, "shipment carrier"))
                    .transpose()?,
                tracking: self.tracking,
                expected_on: self.expected_on,
            },
            lines: json(&self.lines, "shipment lines")?,
            by_name: self.by_name,
        })
    }
}

#[derive(FromRow)]
struct EventRow {
    id: Uuid,
    tenant_id: Uuid,
    order_id: Uuid,
    at: i64,
    status: String,
    by_name: String,
    note: String,
}

impl Row for EventRow {
    type Value = OrderEvent;
    fn value(self) -> Result<OrderEvent> {
        Ok(OrderEvent {
            id: self.id,
            tenant_id: TenantId(self.tenant_id),
            order_id: OrderId(self.order_id),
            at: Millis(self.at),
            status: code(&self.status, OrderStatus::parse, "order event status")?,
            by_name: self.by_name,
            note: self.note,
        })
    }
}

/// Writes a cart line (`add`: quantities add up); returns the rows written (0: the product,
/// customer or person is not the tenant's).
pub(super) async fn write_cart_line(
    e: impl Executor<'_, Database = Db>,
    l: &CartLine,
    add: bool,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO cart_lines (tenant_id, user_id, customer_id, product_id, quantity, \
         seen_unit_minor, currency, added_at) \
         SELECT p.tenant_id, u.id, c.id, p.id, $5, $6, $7, $8 \
         FROM products p CROSS JOIN customers c CROSS JOIN users u \
         WHERE p.id = $4 AND p.tenant_id = $1 AND c.id = $3 AND c.tenant_id = $1 \
         AND u.id = $2 AND u.tenant_id = $1 \
         ON CONFLICT (user_id, customer_id, product_id) DO UPDATE SET \
         quantity = CASE WHEN $9 THEN cart_lines.quantity + excluded.quantity \
         ELSE excluded.quantity END, \
         seen_unit_minor = excluded.seen_unit_minor, currency = excluded.currency",
    )
    .bind(l.tenant_id.0)
    .bind(l.user_id.0)
    .bind(l.customer_id.0)
    .bind(l.product_id.0)
    .bind(l.quantity)
    .bind(l.seen_unit.minor)
    .bind(l.seen_unit.currency.code())
    .bind(l.added_at.0)
    .bind(add)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

async fn set_line(pool: &sqlx::Pool<Db>, l: &CartLine) -> Result<()> {
    let done = sqlx::query(
        "UPDATE cart_lines SET quantity = $5, seen_unit_minor = $6, currency = $7 \
         WHERE tenant_id = $1 AND user_id = $2 AND customer_id = $3 AND product_id = $4",
    )
    .bind(l.tenant_id.0)
    .bind(l.user_id.0)
    .bind(l.customer_id.0)
    .bind(l.product_id.0)
    .bind(l.quantity)
    .bind(l.seen_unit.minor)
    .bind(l.seen_unit.currency.code())
    .execute(pool)
    .await?;
    changed(done.rows_affected())
}

async fn remove_line(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    customer: CustomerId,
    product: ProductId,
) -> Result<()> {
    let done = sqlx::query(
        "DELETE FROM cart_lines WHERE tenant_id = $1 AND user_id = $2 AND customer_id = $3 \
         AND product_id = $4",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(customer.0)
    .bind(product.0)
    .execute(pool)
    .await?;
    changed(done.rows_affected())
}

async fn cart(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    buyer: &Buyer,
    today: &str,
) -> Result<Vec<(CartLine, Product, Vec<PriceRule>)>> {
    let rows: Vec<CartProductRow> = sqlx::query_as(
        "SELECT c.tenant_id, c.user_id, c.customer_id, c.product_id, c.quantity, \
         c.seen_unit_minor, c.currency, c.added_at, p.id, p.sku, p.name_fr, p.name_en, \
         p.description_fr, p.description_en, p.category_fr, p.category_en, p.unit, \
         p.availability, p.lead_days, p.min_quantity, p.multiple, p.active, p.image_sha256, \
         p.image_type, p.created_at, p.updated_at, p.configurator \
         FROM cart_lines c CROSS JOIN products p \
         WHERE c.tenant_id = $1 AND c.user_id = $2 AND c.customer_id = $3 \
         AND p.id = c.product_id ORDER BY c.added_at, p.id",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(buyer.customer.0)
    .fetch_all(pool)
    .await?;
    let rules = super::catalog::cart_rules(pool, tenant, user, buyer, today).await?;
    rows.into_iter()
        .map(|r| {
            let line = r.line.value()?;
            let product = r.product.value()?;
            let mine = rules
                .iter()
                .filter(|x| x.product_id == product.id)
                .cloned()
                .collect();
            Ok((line, product, mine))
        })
        .collect()
}

pub(super) async fn insert_order(
    e: &mut sqlx::Transaction<'static, Db>,
    o: &Order,
    lines: &[OrderLine],
) -> Result<()> {
    sqlx::query(concat!(
        "INSERT INTO orders (",
        order_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         $18, $19, $20, $21, $22, $23, $24)"
    ))
    .bind(o.id.0)
    .bind(o.tenant_id.0)
    .bind(o.customer_id.0)
    .bind(o.number)
    .bind(o.placed_by.0)
    .bind(&o.placed_by_name)
    .bind(o.status.code())
    .bind(&o.po_number)
    .bind(&o.note)
    .bind(&o.requested_on)
    .bind(o.address_id.map(|a| a.0))
    .bind(&o.ship_to)
    .bind(o.currency.code())
    .bind(o.subtotal_minor)
    .bind(to_json(&o.taxes)?)
    .bind(o.total_minor)
    .bind(o.shipment.carrier.map(|c| c.code()))
    .bind(&o.shipment.tracking)
    .bind(&o.shipment.expected_on)
    .bind(o.submit_key)
    .bind(o.created_at.0)
    .bind(o.updated_at.0)
    .bind(o.quote_id.map(|q| q.0))
    .bind(o.deposit_minor)
    .execute(&mut **e)
    .await?;
    for (i, l) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO order_lines (order_id, position, tenant_id, product_id, sku, name_fr, \
             name_en, unit, quantity, unit_minor, total_minor, shipped_quantity) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(o.id.0)
        .bind(i as i64)
        .bind(o.tenant_id.0)
        .bind(l.product_id.0)
        .bind(&l.sku)
        .bind(&l.name.fr)
        .bind(&l.name.en)
        .bind(l.unit.code())
        .bind(l.quantity)
        .bind(l.unit_minor)
        .bind(l.total_minor)
        .bind(l.shipped)
        .execute(&mut **e)
        .await?;
    }
    Ok(())
}

pub(super) async fn insert_event(
    e: impl Executor<'_, Database = Db>,
    ev: &OrderEvent,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_events (id, tenant_id, order_id, at, status, by_name, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(ev.id)
    .bind(ev.tenant_id.0)
    .bind(ev.order_id.0)
    .bind(ev.at.0)
    .bind(ev.status.code())
    .bind(&ev.by_name)
    .bind(&ev.note)
    .execute(e)
    .await?;
    Ok(())
}

/// The tenant's next order number (its counter row stays locked until the transaction ends).
pub(super) async fn next_number(tx: &mut super::Transaction, tenant: TenantId) -> Result<i64> {
    let (number,): (i64,) = sqlx::query_as(
        "INSERT INTO order_counters (tenant_id, last) VALUES ($1, 1) \
         ON CONFLICT (tenant_id) DO UPDATE SET last = order_counters.last + 1 RETURNING last",
    )
    .bind(tenant.0)
    .fetch_one(&mut **tx)
    .await?;
    Ok(number)
}

async fn place(
    store: &SqlStore,
    o: &Order,
    lines: &[OrderLine],
    ev: &OrderEvent,
) -> Result<Placed> {
    let mut tx = store.begin_write().await?;
    // The tenant's counter row: its lock makes placements of one provider take turns, so the
    // check for an earlier submission below sees every committed order.
    let number = next_number(&mut tx, o.tenant_id).await?;
    let earlier: Option<(Uuid,)> =
        sqlx::query_as("SELECT id FROM orders WHERE tenant_id = $1 AND submit_key = $2")
            .bind(o.tenant_id.0)
            .bind(o.submit_key)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((id,)) = earlier {
        tx.rollback().await?;
        return Ok(Placed::Already(OrderId(id)));
    }
    // The customer and the placer must be the tenant's, and the address the customer's.
    let (ok,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM customers c CROSS JOIN users u WHERE c.id = $2 AND c.tenant_id = $1 \
         AND u.id = $3 AND u.tenant_id = $1 AND ($4 IS NULL OR EXISTS (SELECT 1 FROM addresses a \
         WHERE a.id = $4 AND a.customer_id = $2 AND a.tenant_id = $1))",
    )
    .bind(o.tenant_id.0)
    .bind(o.customer_id.0)
    .bind(o.placed_by.0)
    .bind(o.address_id.map(|a| a.0))
    .fetch_one(&mut *tx)
    .await?;
    if ok == 0 {
        return crate::error::not_found();
    }
    let mut numbered = o.clone();
    numbered.number = number;
    insert_order(&mut tx, &numbered, lines).await?;
    insert_event(&mut *tx, ev).await?;
    if let Some(a) = o.address_id {
        sqlx::query(
            "UPDATE addresses SET used_at = $3 WHERE tenant_id = $1 AND id = $2 AND used_at IS NULL",
        )
        .bind(o.tenant_id.0)
        .bind(a.0)
        .bind(o.created_at.0)
        .execute(&mut *tx)
        .await?;
    }
    for l in lines {
        sqlx::query(
            "DELETE FROM cart_lines WHERE tenant_id = $1 AND user_id = $2 AND customer_id = $3 \
             AND product_id = $4",
        )
        .bind(o.tenant_id.0)
        .bind(o.placed_by.0)
        .bind(o.customer_id.0)
        .bind(l.product_id.0)
        .execute(&mut *tx)
        .await?;
    }
    super::commit(tx).await?;
    Ok(Placed::New(number))
}

async fn order(pool: &sqlx::Pool<Db>, tenant: TenantId, id: OrderId) -> Result<Option<Order>> {
    super::tenant_row::<OrderRow, _>(
        pool,
        concat!(
            "SELECT ",
            order_select!(),
            " FROM orders WHERE tenant_id = $1 AND id = $2"
        ),
        tenant,
        id.0,
    )
    .await
}

async fn lines(pool: &sqlx::Pool<Db>, tenant: TenantId, id: OrderId) -> Result<Vec<OrderLine>> {
    super::tenant_rows::<LineRow, _>(
        pool,
        "SELECT product_id, sku, name_fr, name_en, unit, quantity, unit_minor, total_minor, \
         shipped_quantity FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY position",
        tenant,
        id.0,
    )
    .await
}

/// A list of orders' statement: `$columns` of the orders `q` asks for, newest first. A
/// customer's orders come from `orders_by_customer` in their order (at one status, from
/// `orders_by_customer_status`); the provider's from `orders_by_tenant`. The same parameters
/// every way (`bind_order_query`).
macro_rules! orders_where {
    ($columns:expr, $customer:literal) => {
        concat!(
            "SELECT ",
            $columns,
            " FROM orders WHERE tenant_id = $1 AND ",
            $customer,
            " AND ($3 IS NULL OR placed_by = $3) \
             AND ($4 = $5 OR status NOT IN ('delivered', 'cancelled')) \
             AND ($7 = '' OR status = $7) \
             AND ($8 = '' OR CAST(number AS TEXT) = $8 OR lower(po_number) LIKE $9 \
             OR EXISTS (SELECT 1 FROM customers c WHERE c.id = orders.customer_id \
             AND lower(c.name) LIKE $9)) \
             AND ($10 IS NULL OR created_at < $10 OR (created_at = $10 AND id < $11)) \
             ORDER BY created_at DESC, id DESC LIMIT $6"
        )
    };
}

/// The text of `orders_where!` for `q`'s filters, with `$columns`.
macro_rules! orders_text {
    ($q:expr, $columns:expr) => {
        match ($q.customer.is_some(), $q.status.is_some()) {
            (true, true) => orders_where!($columns, "customer_id = $2 AND status = $7"),
            (true, false) => orders_where!($columns, "customer_id = $2"),
            (false, _) => orders_where!($columns, "$2 IS NULL"),
        }
    };
}

/// `q`'s search as typed (a number matched whole) and as a `LIKE` pattern, both '' for none;
/// `%` and `_` typed are taken literally by dropping them.
fn order_search(q: &OrderQuery) -> (String, String) {
    let search = q.search.trim().trim_start_matches('#').to_lowercase();
    let words: String = search
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    if words.is_empty() {
        (String::new(), String::new())
    } else {
        (search, format!("%{words}%"))
    }
}

/// Binds the parameters of `orders_where!`.
fn bind_order_query<'q, O>(
    query: sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments>,
    tenant: TenantId,
    q: &'q OrderQuery,
    search: &'q (String, String),
) -> sqlx::query::QueryAs<'q, Db, O, <Db as sqlx::Database>::Arguments> {
    query
        .bind(tenant.0)
        .bind(q.customer.map(|c| c.0))
        .bind(q.placed_by.map(|u| u.0))
        .bind(q.open_only)
        .bind(false)
        .bind(q.limit.clamp(1, 1000))
        .bind(q.status.map(|s| s.code()).unwrap_or(""))
        .bind(search.0.as_str())
        .bind(search.1.as_str())
        .bind(q.before.map(|(at, _)| at.0))
        .bind(q.before.map(|(_, id)| id.0))
}

async fn orders(pool: &sqlx::Pool<Db>, tenant: TenantId, q: &OrderQuery) -> Result<Vec<Order>> {
    let search = order_search(q);
    let rows: Vec<OrderRow> = bind_order_query(
        sqlx::query_as(orders_text!(q, order_select!())),
        tenant,
        q,
        &search,
    )
    .fetch_all(pool)
    .await?;
    values(rows)
}

macro_rules! summary_columns {
    () => {
        "id, number, placed_by_name, status, po_number, currency, total_minor, created_at"
    };
}

#[derive(FromRow)]
struct SummaryRow {
    id: Uuid,
    number: i64,
    placed_by_name: String,
    status: String,
    po_number: String,
    currency: String,
    total_minor: i64,
    created_at: i64,
}

impl Row for SummaryRow {
    type Value = OrderSummary;
    fn value(self) -> Result<OrderSummary> {
        Ok(OrderSummary {
            id: OrderId(self.id),
            number: self.number,
            placed_by_name: self.placed_by_name,
            status: code(&self.status, OrderStatus::parse, "order status")?,
            po_number: self.po_number,
            currency: code(&self.currency, Currency::parse, "order currency")?,
            total_minor: self.total_minor,
            created_at: Millis(self.created_at),
        })
    }
}

async fn order_summaries(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    q: &OrderQuery,
) -> Result<Vec<OrderSummary>> {
    let search = order_search(q);
    let rows: Vec<SummaryRow> = bind_order_query(
        sqlx::query_as(orders_text!(q, summary_columns!())),
        tenant,
        q,
        &search,
    )
    .fetch_all(pool)
    .await?;
    values(rows)
}

async fn move_order(
    store: &SqlStore,
    tenant: TenantId,
    id: OrderId,
    from: OrderStatus,
    s: &Shipment,
    ev: &OrderEvent,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE orders SET status = $4, carrier = $5, tracking = $6, expected_on = $7, \
         updated_at = $8 WHERE tenant_id = $1 AND id = $2 AND status = $3",
    )
    .bind(tenant.0)
    .bind(id.0)
    .bind(from.code())
    .bind(ev.status.code())
    .bind(s.carrier.map(|c| c.code()))
    .bind(&s.tracking)
    .bind(&s.expected_on)
    .bind(ev.at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("orders_status");
    }
    insert_event(&mut *tx, ev).await?;
    super::commit(tx).await
}

pub(super) async fn insert_shipment(
    e: impl Executor<'_, Database = Db>,
    r: &ShipmentRecord,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_shipments (id, tenant_id, order_id, at, carrier, tracking, \
         expected_on, lines, by_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(r.id)
    .bind(r.tenant_id.0)
    .bind(r.order_id.0)
    .bind(r.at.0)
    .bind(r.shipment.carrier.map(|c| c.code()))
    .bind(&r.shipment.tracking)
    .bind(&r.shipment.expected_on)
    .bind(to_json(&r.lines)?)
    .bind(&r.by_name)
    .execute(e)
    .await?;
    Ok(())
}

async fn record_shipment(
    store: &SqlStore,
    tenant: TenantId,
    from: OrderStatus,
    r: &ShipmentRecord,
    ev: &OrderEvent,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    let done = sqlx::query(
        "UPDATE orders SET status = $4, carrier = $5, tracking = $6, expected_on = $7, \
         updated_at = $8 WHERE tenant_id = $1 AND id = $2 AND status = $3",
    )
    .bind(tenant.0)
    .bind(r.order_id.0)
    .bind(from.code())
    .bind(ev.status.code())
    .bind(r.shipment.carrier.map(|c| c.code()))
    .bind(&r.shipment.tracking)
    .bind(&r.shipment.expected_on)
    .bind(ev.at.0)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return conflict("orders_status");
    }
    for (position, quantity) in &r.lines {
        let done = sqlx::query(
            "UPDATE order_lines SET shipped_quantity = shipped_quantity + $4 \
             WHERE tenant_id = $1 AND order_id = $2 AND position = $3 \
             AND shipped_quantity + $4 <= quantity AND $4 > 0",
        )
        .bind(tenant.0)
        .bind(r.order_id.0)
        .bind(position)
        .bind(quantity)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return conflict("order_lines_shipped");
        }
    }
    insert_shipment(&mut *tx, r).await?;
    insert_event(&mut *tx, ev).await?;
    super::commit(tx).await
}

async fn shipments(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    id: OrderId,
) -> Result<Vec<ShipmentRecord>> {
    super::tenant_rows::<ShipmentRow, _>(
        pool,
        "SELECT id, tenant_id, order_id, at, carrier, tracking, expected_on, lines, by_name \
         FROM order_shipments WHERE tenant_id = $1 AND order_id = $2 ORDER BY at, id",
        tenant,
        id.0,
    )
    .await
}

pub(super) async fn dump_shipments(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<ShipmentRecord>> {
    let rows: Vec<ShipmentRow> = sqlx::query_as(
        "SELECT id, tenant_id, order_id, at, carrier, tracking, expected_on, lines, by_name \
         FROM order_shipments ORDER BY id",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn events(pool: &sqlx::Pool<Db>, tenant: TenantId, id: OrderId) -> Result<Vec<OrderEvent>> {
    super::tenant_rows::<EventRow, _>(
        pool,
        "SELECT id, tenant_id, order_id, at, status, by_name, note FROM order_events \
         WHERE tenant_id = $1 AND order_id = $2 ORDER BY at, id",
        tenant,
        id.0,
    )
    .await
}

pub(super) async fn dump_carts(e: impl Executor<'_, Database = Db>) -> Result<Vec<CartLine>> {
    let rows: Vec<CartRow> = sqlx::query_as(
        "SELECT tenant_id, user_id, customer_id, product_id, quantity, seen_unit_minor, currency, \
         added_at FROM cart_lines ORDER BY user_id, customer_id, product_id",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

pub(super) async fn dump_orders(pool: &sqlx::Pool<Db>) -> Result<Vec<(Order, Vec<OrderLine>)>> {
    let rows: Vec<OrderRow> = sqlx::query_as(concat!(
        "SELECT ",
        order_select!(),
        " FROM orders ORDER BY id"
    ))
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for o in values(rows)? {
        let l = lines(pool, o.tenant_id, o.id).await?;
        out.push((o, l));
    }
    Ok(out)
}

pub(super) async fn dump_events(e: impl Executor<'_, Database = Db>) -> Result<Vec<OrderEvent>> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, tenant_id, order_id, at, status, by_name, note FROM order_events ORDER BY id",
    )
    .fetch_all(e)
    .await?;
    values(rows)
}

async fn set_favourite(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    customer: CustomerId,
    product: ProductId,
    favourite: bool,
    at: Millis,
) -> Result<()> {
    if favourite {
        let done = sqlx::query(
            "INSERT INTO favourites (user_id, customer_id, product_id, tenant_id, added_at) \
             SELECT u.id, c.id, p.id, p.tenant_id, $5 \
             FROM products p CROSS JOIN customers c CROSS JOIN users u \
             WHERE p.id = $4 AND p.tenant_id = $1 AND c.id = $3 AND c.tenant_id = $1 \
             AND u.id = $2 AND u.tenant_id = $1 \
             ON CONFLICT (user_id, customer_id, product_id) DO NOTHING",
        )
        .bind(tenant.0)
        .bind(user.0)
        .bind(customer.0)
        .bind(product.0)
        .bind(at.0)
        .execute(pool)
        .await?;
        if done.rows_affected() == 0 {
            // Already a favourite, or not the tenant's.
            let (n,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM favourites WHERE tenant_id = $1 AND user_id = $2 \
                 AND customer_id = $3 AND product_id = $4",
            )
            .bind(tenant.0)
            .bind(user.0)
            .bind(customer.0)
            .bind(product.0)
            .fetch_one(pool)
            .await?;
            changed(n as u64)?;
        }
        Ok(())
    } else {
        sqlx::query(
            "DELETE FROM favourites WHERE tenant_id = $1 AND user_id = $2 AND customer_id = $3 \
             AND product_id = $4",
        )
        .bind(tenant.0)
        .bind(user.0)
        .bind(customer.0)
        .bind(product.0)
        .execute(pool)
        .await?;
        Ok(())
    }
}

async fn favourites(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    user: UserId,
    customer: CustomerId,
) -> Result<Vec<ProductId>> {
    let rows: Vec<(Uuid,)> = sqlx::query_as(
        "SELECT product_id FROM favourites WHERE tenant_id = $1 AND user_id = $2 \
         AND customer_id = $3 ORDER BY added_at, product_id",
    )
    .bind(tenant.0)
    .bind(user.0)
    .bind(customer.0)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(p,)| ProductId(p)).collect())
}

async fn threshold(
    pool: &sqlx::Pool<Db>,
    tenant: TenantId,
    customer: CustomerId,
) -> Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT above_minor FROM order_approval WHERE tenant_id = $1 AND customer_id = $2",
    )
    .bind(tenant.0)
    .bind(customer.0)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(m,)| m))
}

/// Writes a customer's approval amount; returns the rows written (0: not the tenant's).
pub(super) async fn write_threshold(
    e: impl Executor<'_, Database = Db>,
    tenant: TenantId,
    customer: CustomerId,
    above_minor: i64,
    at: Millis,
) -> Result<u64> {
    let done = sqlx::query(
        "INSERT INTO order_approval (customer_id, tenant_id, above_minor, updated_at) \
         SELECT c.id, c.tenant_id, $3, $4 FROM customers c WHERE c.id = $2 AND c.tenant_id = $1 \
         ON CONFLICT (customer_id) DO UPDATE SET above_minor = excluded.above_minor, \
         updated_at = excluded.updated_at",
    )
    .bind(tenant.0)
    .bind(customer.0)
    .bind(above_minor)
    .bind(at.0)
    .execute(e)
    .await?;
    Ok(done.rows_affected())
}

async fn set_threshold(
    store: &SqlStore,
    tenant: TenantId,
    customer: CustomerId,
    above_minor: Option<i64>,
    at: Millis,
) -> Result<()> {
    let mut tx = store.begin_write().await?;
    match above_minor {
        Some(m) => changed(write_threshold(&mut *tx, tenant, customer, m, at).await?)?,
        None => {
            let (n,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM customers WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(customer.0)
                    .fetch_one(&mut *tx)
                    .await?;
            changed(n as u64)?;
            sqlx::query("DELETE FROM order_approval WHERE tenant_id = $1 AND customer_id = $2")
                .bind(tenant.0)
                .bind(customer.0)
                .execute(&mut *tx)
                .await?;
        }
    }
    super::commit(tx).await
}

pub(super) async fn dump_thresholds(
    e: impl Executor<'_, Database = Db>,
) -> Result<Vec<(TenantId, CustomerId, i64, Millis)>> {
    let rows: Vec<(Uuid, Uuid, i64, i64)> = sqlx::query_as(
        "SELECT tenant_id, customer_id, above_minor, updated_at FROM order_approval \
         ORDER BY customer_id",
    )
    .fetch_all(e)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(t, c, m, at)| (TenantId(t), CustomerId(c), m, Millis(at)))
        .collect())
}

/// Each provider's order counter, from the orders restored.
pub(super) async fn restore_counters(e: impl Executor<'_, Database = Db>) -> Result<()> {
    sqlx::query(
        "INSERT INTO order_counters (tenant_id, last) \
         SELECT tenant_id, MAX(number) FROM orders GROUP BY tenant_id",
    )
    .execute(e)
    .await?;
    Ok(())
}

#[async_trait]
impl OrderStore for SqlStore {
    async fn add_to_cart(&self, line: &CartLine) -> StoreResult<()> {
        Ok(changed(write_cart_line(&self.pool, line, true).await?)?)
    }
    async fn set_cart_line(&self, line: &CartLine) -> StoreResult<()> {
        Ok(set_line(&self.pool, line).await?)
    }
    async fn remove_cart_line(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
        product: ProductId,
    ) -> StoreResult<()> {
        Ok(remove_line(&self.pool, tenant, user, customer, product).await?)
    }
    async fn cart(
        &self,
        tenant: TenantId,
        user: UserId,
        buyer: &Buyer,
        today: &str,
    ) -> StoreResult<Vec<(CartLine, Product, Vec<PriceRule>)>> {
        Ok(cart(&self.pool, tenant, user, buyer, today).await?)
    }
    async fn place_order(
        &self,
        order: &Order,
        lines: &[OrderLine],
        event: &OrderEvent,
    ) -> StoreResult<Placed> {
        let _changing = self.cache.topic_changing(Topic::Orders);
        Ok(place(self, order, lines, event).await?)
    }
    async fn order(&self, tenant: TenantId, id: OrderId) -> StoreResult<Option<Order>> {
        Ok(order(&self.pool, tenant, id).await?)
    }
    async fn order_by_key(&self, tenant: TenantId, key: Uuid) -> StoreResult<Option<Order>> {
        Ok(super::tenant_row::<OrderRow, _>(
            &self.pool,
            concat!(
                "SELECT ",
                order_select!(),
                " FROM orders WHERE tenant_id = $1 AND submit_key = $2"
            ),
            tenant,
            key,
        )
        .await?)
    }
    async fn order_lines(&self, tenant: TenantId, id: OrderId) -> StoreResult<Vec<OrderLine>> {
        Ok(lines(&self.pool, tenant, id).await?)
    }
    async fn orders(&self, tenant: TenantId, q: &OrderQuery) -> StoreResult<Vec<Order>> {
        Ok(orders(&self.pool, tenant, q).await?)
    }
    async fn order_summaries(
        &self,
        tenant: TenantId,
        q: &OrderQuery,
    ) -> StoreResult<Vec<OrderSummary>> {
        // A customer's lists, read on every visit of its contacts, are kept while no order
        // changes (decision 0016); staff's lists and searches (which read customers' names)
        // are read afresh.
        if q.customer.is_none() || !q.search.is_empty() {
            return Ok(order_summaries(&self.pool, tenant, q).await?);
        }
        self.listen_for_changes();
        Ok(self
            .order_reads
            .lists
            .get_or_read(
                &self.cache,
                (tenant, q.clone()),
                order_summaries(&self.pool, tenant, q),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn move_order(
        &self,
        tenant: TenantId,
        id: OrderId,
        from: OrderStatus,
        shipment: &Shipment,
        event: &OrderEvent,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Orders);
        Ok(move_order(self, tenant, id, from, shipment, event).await?)
    }
    async fn set_favourite(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
        product: ProductId,
        favourite: bool,
        at: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Catalog);
        Ok(set_favourite(&self.pool, tenant, user, customer, product, favourite, at).await?)
    }
    async fn favourites(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
    ) -> StoreResult<Vec<ProductId>> {
        self.listen_for_changes();
        Ok(self
            .catalog_reads
            .favourites
            .get_or_read(
                &self.cache,
                (tenant, user, customer),
                favourites(&self.pool, tenant, user, customer),
            )
            .await?
            .as_ref()
            .clone())
    }
    async fn approval_threshold(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<i64>> {
        self.listen_for_changes();
        Ok(*self
            .order_reads
            .approvals
            .get_or_read(
                &self.cache,
                (tenant, customer),
                threshold(&self.pool, tenant, customer),
            )
            .await?)
    }
    async fn set_approval_threshold(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        above_minor: Option<i64>,
        at: Millis,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Orders);
        Ok(set_threshold(self, tenant, customer, above_minor, at).await?)
    }
    async fn record_shipment(
        &self,
        tenant: TenantId,
        from: OrderStatus,
        record: &ShipmentRecord,
        event: &OrderEvent,
    ) -> StoreResult<()> {
        let _changing = self.cache.topic_changing(Topic::Orders);
        Ok(record_shipment(self, tenant, from, record, event).await?)
    }
    async fn shipments_of(
        &self,
        tenant: TenantId,
        id: OrderId,
    ) -> StoreResult<Vec<ShipmentRecord>> {
        Ok(shipments(&self.pool, tenant, id).await?)
    }
    async fn order_events(&self, tenant: TenantId, id: OrderId) -> StoreResult<Vec<OrderEvent>> {
        Ok(events(&self.pool, tenant, id).await?)
    }
}
