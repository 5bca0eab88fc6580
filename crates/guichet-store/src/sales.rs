//! Selling: the catalog and its price rules, customers' sales terms, carts and orders.

use async_trait::async_trait;
use guichet_domain::*;

use crate::StoreResult;

/// Which products a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProductQuery {
    /// Words found in the SKU, names, categories or descriptions, in either language, through
    /// the database's full-text index: case and accents ignored, every word required, the last
    /// one as a prefix; anything but letters and digits only separates words (never search
    /// syntax). Empty or punctuation only: all.
    pub search: String,
    /// A category's name in either language; empty: all.
    pub category: String,
    /// Staff also see withdrawn products.
    pub include_inactive: bool,
    /// In a buyer's catalog, only this person's favourites (in the buyer's account).
    pub favourites_of: Option<UserId>,
    pub limit: i64,
    /// Products to skip (a page further on), in the list's order.
    pub offset: i64,
}

/// Which orders a list shows (newest first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct OrderQuery {
    pub customer: Option<CustomerId>,
    /// Only the orders this person placed (a role scoped to one's own records).
    pub placed_by: Option<UserId>,
    /// Only open orders (neither delivered nor cancelled).
    pub open_only: bool,
    /// Only orders at this status.
    pub status: Option<OrderStatus>,
    /// An order's number, or words of its PO number or its customer's name (case-insensitive);
    /// empty: all.
    pub search: String,
    pub limit: i64,
    /// Only orders older than this one (its `created_at` and id): the next page.
    pub before: Option<(Millis, OrderId)>,
}

/// What placing an order did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placed {
    /// A new order, with its number.
    New(i64),
    /// The cart's page had already been submitted: that order, unchanged.
    Already(OrderId),
}

#[async_trait]
pub trait CatalogStore {
    /// `Conflict` when the name is the tenant's already.
    async fn insert_segment(&self, segment: &Segment) -> StoreResult<()>;
    /// The tenant's segments by name.
    async fn segments(&self, tenant: TenantId) -> StoreResult<Vec<Segment>>;
    async fn customer_terms(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<CustomerTerms>>;
    /// Sets a customer's terms, in one transaction (journaled). `NotFound` when the customer
    /// or the segment is not the tenant's.
    async fn set_customer_terms(&self, terms: &CustomerTerms) -> StoreResult<()>;

    /// `Conflict` when the SKU is the tenant's already.
    async fn insert_product(&self, product: &Product) -> StoreResult<()>;
    /// Saves a product if it was not changed since `seen` (its `updated_at`): else `Conflict`;
    /// `Conflict` too when the new SKU is another product's.
    async fn update_product(&self, product: &Product, seen: Millis) -> StoreResult<()>;
    /// Sets (or, with none, removes) a product's picture, in one transaction (journaled);
    /// its `updated_at` moves. `NotFound` when it is not the tenant's.
    async fn set_product_image(
        &self,
        tenant: TenantId,
        id: ProductId,
        image: Option<&ProductImage>,
        at: Millis,
    ) -> StoreResult<()>;
    /// Sets (or, with none, removes) a product's configurator, in one transaction
    /// (journaled), if the product was not changed since `seen` (its `updated_at`; else
    /// `Conflict`); its `updated_at` becomes `at`. `NotFound` when it is not the tenant's.
    async fn set_product_configurator(
        &self,
        tenant: TenantId,
        id: ProductId,
        configurator: Option<&Configurator>,
        seen: Millis,
        at: Millis,
    ) -> StoreResult<()>;
    async fn product(&self, tenant: TenantId, id: ProductId) -> StoreResult<Option<Product>>;
    /// The tenant's product with this SKU (as stored: upper-cased), if any; another tenant's
    /// product with the same SKU is never answered.
    async fn product_by_sku(&self, tenant: TenantId, sku: &str) -> StoreResult<Option<Product>>;
    /// The tenant's products, the most relevant first when searching, else by French name.
    async fn products(&self, tenant: TenantId, q: &ProductQuery) -> StoreResult<Vec<Product>>;
    /// The category names in use (active products), by French name.
    async fn categories(&self, tenant: TenantId) -> StoreResult<Vec<Texts>>;
    /// Active products that have a price rule reaching `buyer` in its currency on `today`,
    /// each with those rules (the core picks the one that applies); ordered as `products`.
    async fn catalog(
        &self,
        tenant: TenantId,
        buyer: &Buyer,
        today: &str,
        q: &ProductQuery,
    ) -> StoreResult<Vec<(Product, Vec<PriceRule>)>>;

    /// `NotFound` when the product, segment or customer is not the tenant's.
    async fn insert_price(&self, rule: &PriceRule) -> StoreResult<()>;
    /// `NotFound` when it is not the tenant's.
    async fn delete_price(&self, tenant: TenantId, id: PriceId) -> StoreResult<()>;
    async fn price(&self, tenant: TenantId, id: PriceId) -> StoreResult<Option<PriceRule>>;
    /// A product's rules, every target and date, by target then quantity.
    async fn prices_of(&self, tenant: TenantId, product: ProductId) -> StoreResult<Vec<PriceRule>>;
}

#[async_trait]
pub trait OrderStore {
    /// Adds to a cart: a product already there gets the quantity added and the new price
    /// seen. `NotFound` when the product or customer is not the tenant's.
    async fn add_to_cart(&self, line: &CartLine) -> StoreResult<()>;
    /// Sets a line's quantity (and the price seen); `NotFound` when it is not in the cart.
    async fn set_cart_line(&self, line: &CartLine) -> StoreResult<()>;
    /// `NotFound` when it was not in the cart.
    async fn remove_cart_line(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
        product: ProductId,
    ) -> StoreResult<()>;
    /// Marks (or unmarks) a product as one of a person's favourites in an account. `NotFound`
    /// when the product, customer or person is not the tenant's.
    async fn set_favourite(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
        product: ProductId,
        favourite: bool,
        at: Millis,
    ) -> StoreResult<()>;
    /// A person's favourite products in an account.
    async fn favourites(
        &self,
        tenant: TenantId,
        user: UserId,
        customer: CustomerId,
    ) -> StoreResult<Vec<ProductId>>;
    /// A contact's cart in one account, oldest line first, each with its product and the
    /// price rules reaching `buyer` on `today`.
    async fn cart(
        &self,
        tenant: TenantId,
        user: UserId,
        buyer: &Buyer,
        today: &str,
    ) -> StoreResult<Vec<(CartLine, Product, Vec<PriceRule>)>>;

    /// Places an order in one transaction (journaled): its number (the tenant's next), its
    /// lines, its first timeline event, and the ordered products taken out of the placer's
    /// cart. An order with the same `submit_key` already placed is answered as `Already`,
    /// and nothing changes.
    async fn place_order(
        &self,
        order: &Order,
        lines: &[OrderLine],
        event: &OrderEvent,
    ) -> StoreResult<Placed>;
    async fn order(&self, tenant: TenantId, id: OrderId) -> StoreResult<Option<Order>>;
    /// The order placed from the page that carried this key, if any.
    async fn order_by_key(&self, tenant: TenantId, key: uuid::Uuid) -> StoreResult<Option<Order>>;
    async fn order_lines(&self, tenant: TenantId, id: OrderId) -> StoreResult<Vec<OrderLine>>;
    async fn orders(&self, tenant: TenantId, q: &OrderQuery) -> StoreResult<Vec<Order>>;
    /// The same orders as `orders`, with only what a list's rows show.
    async fn order_summaries(
        &self,
        tenant: TenantId,
        q: &OrderQuery,
    ) -> StoreResult<Vec<OrderSummary>>;
    /// Moves an order from `from` to the event's status with its shipment facts, in one
    /// transaction (journaled); `Conflict` when it is no longer at `from`.
    async fn move_order(
        &self,
        tenant: TenantId,
        id: OrderId,
        from: OrderStatus,
        shipment: &Shipment,
        event: &OrderEvent,
    ) -> StoreResult<()>;
    /// Above which amount (minor units) the customer's orders wait for its approval; none: no
    /// approval.
    async fn approval_threshold(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> StoreResult<Option<i64>>;
    /// Sets (or, with none, removes) the amount, in one transaction (journaled). `NotFound`
    /// when the customer is not the tenant's.
    async fn set_approval_threshold(
        &self,
        tenant: TenantId,
        customer: CustomerId,
        above_minor: Option<i64>,
        at: Millis,
    ) -> StoreResult<()>;
    /// Records a shipment of some of an order's products, from the status the page showed
    /// (else `Conflict`), in one transaction (journaled): the lines' shipped quantities (never
    /// beyond what was ordered: `Conflict`), the shipment, the order's status (the event's) and
    /// latest shipment facts, and the event.
    async fn record_shipment(
        &self,
        tenant: TenantId,
        from: OrderStatus,
        record: &ShipmentRecord,
        event: &OrderEvent,
    ) -> StoreResult<()>;
    /// An order's shipments, oldest first.
    async fn shipments_of(&self, tenant: TenantId, id: OrderId)
    -> StoreResult<Vec<ShipmentRecord>>;
    /// An order's timeline, oldest first.
    async fn order_events(&self, tenant: TenantId, id: OrderId) -> StoreResult<Vec<OrderEvent>>;
}
