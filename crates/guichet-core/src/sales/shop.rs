//! A contact's side of selling: their account's catalog at its prices, their cart, and
//! placing an order exactly as the cart was shown.
use guichet_domain::*;
use guichet_store::{Account, Placed, ProductQuery, SignedIn, StoreError};
use sha2::{Digest, Sha256};

use crate::access::{may_in, require_in};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// A product as the buyer's catalog shows it: the price that applies for one (or the
/// smallest quantity sold), and its quantity breaks.
#[derive(Clone, Debug)]
pub struct CatalogItem {
    pub product: Product,
    pub unit_price: Money,
    /// (from this quantity, unit price), when there are several.
    pub breaks: Vec<(i64, Money)>,
    /// One of the reader's favourites.
    pub favourite: bool,
}

/// One line of the cart as shown.
#[derive(Clone, Debug)]
pub struct CartItem {
    pub product: Product,
    pub quantity: i64,
    /// The price that applies now; none: no longer sold to this account.
    pub unit_price: Option<Money>,
    pub total: Option<Money>,
    /// The price shown when the line was added, when it has changed since.
    pub was: Option<Money>,
    /// The quantity no longer fits the product's minimum or multiple.
    pub problem: Option<QuantityProblem>,
}

/// The cart as shown, with its totals; `fingerprint` names exactly what was shown, and an
/// order is placed only from the same.
#[derive(Clone, Debug)]
pub struct CartView {
    pub items: Vec<CartItem>,
    pub currency: Currency,
    pub subtotal: i64,
    pub taxes: Vec<TaxAmount>,
    pub total: i64,
    pub fingerprint: String,
}

impl CartView {
    /// Every line can be ordered as it stands.
    pub fn orderable(&self) -> bool {
        !self.items.is_empty()
            && self
                .items
                .iter()
                .all(|i| i.unit_price.is_some() && i.problem.is_none() && i.product.active)
    }
    pub fn has_changed_prices(&self) -> bool {
        self.items.iter().any(|i| i.was.is_some())
    }
}

/// What the order form sends besides the cart.
#[derive(Clone, Debug, Default)]
pub struct OrderInput {
    /// An address book entry's id, or `other` with `other_address`.
    pub address: String,
    pub other_address: String,
    pub po_number: String,
    pub note: String,
    pub requested_on: String,
    /// The page's key: the same page submitted twice makes one order.
    pub submit_key: String,
    /// The cart's fingerprint as shown.
    pub shown: String,
}

/// Today in eastern Canada: prices' validity dates and invoices' statuses are read on it.
pub fn today() -> String {
    TimeZone::default().date(Millis::now())
}

fn fingerprint(items: &[CartItem], currency: Currency, region: TaxRegion) -> String {
    let mut h = Sha256::new();
    h.update(currency.code().as_bytes());
    h.update(region.code().as_bytes());
    for i in items {
        h.update(i.product.id.0.as_bytes());
        h.update(i.quantity.to_be_bytes());
        h.update(i.unit_price.map(|m| m.minor).unwrap_or(-1).to_be_bytes());
        h.update(i.product.updated_at.0.to_be_bytes());
    }
    hex::encode(h.finalize())
}

impl Portal {
    /// Who buys in this account, as prices see them.
    pub(crate) async fn buyer(&self, account: &Account) -> CoreResult<(Buyer, TaxRegion)> {
        let terms = self
            .terms_of(account.customer.tenant_id, account.customer.id)
            .await?;
        let currency = Currency::parse(&account.customer.currency).unwrap_or_default();
        Ok((
            Buyer {
                customer: account.customer.id,
                segment: terms.segment_id,
                currency,
            },
            terms.tax_region,
        ))
    }

    /// The account's catalog at its prices (contacts who may order).
    pub async fn portal_catalog(
        &self,
        s: &SignedIn,
        account: &Account,
        q: &ProductQuery,
    ) -> CoreResult<Vec<CatalogItem>> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let (buyer, _) = self.buyer(account).await?;
        let today = today();
        let found = self
            .store
            .catalog(s.user.tenant_id, &buyer, &today, q)
            .await?;
        let favourites = self
            .store
            .favourites(s.user.tenant_id, s.user.id, account.customer.id)
            .await?;
        Ok(found
            .into_iter()
            .filter_map(|(product, rules)| {
                let q = product.min_quantity.max(1);
                let rule = price_for(&rules, &buyer, q, &today)?;
                let breaks = breaks_of(&rules, &buyer, &today);
                Some(CatalogItem {
                    favourite: favourites.contains(&product.id),
                    unit_price: Money::new(rule.unit_minor, rule.currency),
                    breaks: if breaks.len() > 1 { breaks } else { Vec::new() },
                    product,
                })
            })
            .collect())
    }

    /// A picture of a product the account may buy.
    pub async fn portal_product_image(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
    ) -> CoreResult<(ProductImage, crate::ByteStream<'static>)> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let (p, _) = self.sellable(account, product).await?;
        self.image_of(p).await
    }

    /// Marks or unmarks one of the account's products as a favourite of the contact.
    pub async fn set_favourite(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
        favourite: bool,
    ) -> CoreResult<()> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        if favourite {
            self.sellable(account, product).await?;
        }
        match self
            .store
            .set_favourite(
                s.user.tenant_id,
                s.user.id,
                account.customer.id,
                product,
                favourite,
                Millis::now(),
            )
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(CoreError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// The account's addresses an order may go to (contacts who may order).
    pub async fn order_addresses(
        &self,
        s: &SignedIn,
        account: &Account,
    ) -> CoreResult<Vec<ShippingAddress>> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        Ok(self
            .store
            .addresses(s.user.tenant_id, account.customer.id)
            .await?
            .into_iter()
            .filter(|a| a.archived_at.is_none())
            .collect())
    }

    /// Categories for the catalog's filter.
    pub async fn portal_categories(
        &self,
        s: &SignedIn,
        account: &Account,
    ) -> CoreResult<Vec<Texts>> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let tenant = s.user.tenant_id;
        if let Some(kept) = self.categories.get(tenant) {
            return Ok(kept.as_ref().clone());
        }
        let found = self.store.categories(tenant).await?;
        Ok(self.categories.put(tenant, found).as_ref().clone())
    }

    /// Adds a quantity of a product of the account's catalog to the contact's cart.
    pub async fn add_to_cart(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
        quantity: &str,
    ) -> CoreResult<Product> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let (p, unit) = self.sellable(account, product).await?;
        // A configurable product is sold as configured: through its configurator.
        if p.configurator.is_some() {
            return Err(CoreError::field("quantity", "config-configure-first"));
        }
        let q = p.quantity(quantity).map_err(quantity_error)?;
        let in_cart = self
            .cart_lines(s, account)
            .await?
            .into_iter()
            .find(|(l, _, _)| l.product_id == p.id)
            .map(|(l, _, _)| l.quantity)
            .unwrap_or(0);
        p.check_quantity(in_cart + q).map_err(quantity_error)?;
        self.store
            .add_to_cart(&CartLine {
                tenant_id: s.user.tenant_id,
                user_id: s.user.id,
                customer_id: account.customer.id,
                product_id: p.id,
                quantity: q,
                seen_unit: unit,
                added_at: Millis::now(),
            })
            .await?;
        Ok(p)
    }

    /// A product the account may buy now, with its unit price for one.
    pub(crate) async fn sellable(
        &self,
        account: &Account,
        product: ProductId,
    ) -> CoreResult<(Product, Money)> {
        let (buyer, _) = self.buyer(account).await?;
        let p = self
            .store
            .product(account.customer.tenant_id, product)
            .await?
            .filter(|p| p.active)
            .ok_or(CoreError::NotFound)?;
        let rules = self
            .store
            .prices_of(account.customer.tenant_id, product)
            .await?;
        let rule =
            price_for(&rules, &buyer, p.min_quantity, &today()).ok_or(CoreError::NotFound)?;
        let unit = Money::new(rule.unit_minor, rule.currency);
        Ok((p, unit))
    }

    async fn cart_lines(
        &self,
        s: &SignedIn,
        account: &Account,
    ) -> CoreResult<Vec<(CartLine, Product, Vec<PriceRule>)>> {
        let (buyer, _) = self.buyer(account).await?;
        Ok(self
            .store
            .cart(s.user.tenant_id, s.user.id, &buyer, &today())
            .await?)
    }

    /// Sets a line's quantity (0 removes it).
    pub async fn set_cart_quantity(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
        quantity: &str,
    ) -> CoreResult<()> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        if quantity.trim() == "0" {
            return self.remove_from_cart(s, account, product).await;
        }
        let (p, unit) = self.sellable(account, product).await?;
        let q = p.quantity(quantity).map_err(quantity_error)?;
        match self
            .store
            .set_cart_line(&CartLine {
                tenant_id: s.user.tenant_id,
                user_id: s.user.id,
                customer_id: account.customer.id,
                product_id: p.id,
                quantity: q,
                seen_unit: unit,
                added_at: Millis::now(),
            })
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(CoreError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn remove_from_cart(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
    ) -> CoreResult<()> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        match self
            .store
            .remove_cart_line(s.user.tenant_id, s.user.id, account.customer.id, product)
            .await
        {
            // Gone already (another tab): what was asked is true.
            Ok(()) | Err(StoreError::NotFound) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// The contact's cart in this account, priced now, with its taxes.
    pub async fn cart(&self, s: &SignedIn, account: &Account) -> CoreResult<CartView> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let (buyer, region) = self.buyer(account).await?;
        let today = today();
        let lines = self
            .store
            .cart(s.user.tenant_id, s.user.id, &buyer, &today)
            .await?;
        let items: Vec<CartItem> = lines
            .into_iter()
            .map(|(line, product, rules)| {
                let unit_price = price_for(&rules, &buyer, line.quantity, &today)
                    .filter(|_| product.active)
                    .map(|r| Money::new(r.unit_minor, r.currency));
                let total = unit_price.and_then(|u| u.times(line.quantity));
                // The price for one (as seen when added) compared with the price for one now.
                let now_for_one = price_for(&rules, &buyer, product.min_quantity, &today)
                    .map(|r| Money::new(r.unit_minor, r.currency));
                let was = match now_for_one {
                    Some(n) if n != line.seen_unit => Some(line.seen_unit),
                    _ => None,
                };
                CartItem {
                    problem: product.check_quantity(line.quantity).err(),
                    quantity: line.quantity,
                    unit_price,
                    total,
                    was,
                    product,
                }
            })
            .collect();
        let subtotal: i64 = items.iter().filter_map(|i| i.total).map(|m| m.minor).sum();
        let taxes = region.taxes_on(subtotal);
        let total = subtotal + taxes.iter().map(|t| t.minor).sum::<i64>();
        let fingerprint = fingerprint(&items, buyer.currency, region);
        Ok(CartView {
            items,
            currency: buyer.currency,
            subtotal,
            taxes,
            total,
            fingerprint,
        })
    }

    /// Places the cart as an order, if it is still exactly what the page showed (else
    /// `Stale`, nothing ordered). The same page submitted again answers the same order.
    pub async fn place_order(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        input: &OrderInput,
    ) -> CoreResult<OrderId> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let submit_key: uuid::Uuid = input
            .submit_key
            .parse()
            .map_err(|_| CoreError::Stale("order-form-expired"))?;
        // An earlier submission of this page (a double click, a retry): that order.
        let earlier = async || -> CoreResult<Option<OrderId>> {
            Ok(self
                .store
                .order_by_key(s.user.tenant_id, submit_key)
                .await?
                .filter(|o| o.customer_id == account.customer.id && o.placed_by == s.user.id)
                .map(|o| o.id))
        };
        if let Some(id) = earlier().await? {
            return Ok(id);
        }
        let cart = self.cart(s, account).await?;
        if cart.items.is_empty() || cart.fingerprint != input.shown {
            // The same page placed meanwhile by a request beside this one: that order.
            if let Some(id) = earlier().await? {
                return Ok(id);
            }
            return Err(CoreError::Stale(if cart.items.is_empty() {
                "cart-empty"
            } else {
                "cart-changed"
            }));
        }
        if !cart.orderable() {
            return Err(CoreError::Stale("cart-not-orderable"));
        }
        let mut e = FieldErrors::default();
        let po_number = e.check("po_number", text(&input.po_number, 60, false));
        let note = e.check("note", text(&input.note, 2000, false));
        let requested_on = e.check("requested_on", date(&input.requested_on));
        if let Some(Some(d)) = &requested_on
            && d.as_str() < today().as_str()
        {
            e.add("requested_on", "error-date-past");
        }
        let (address_id, ship_to) = match input.address.trim() {
            "other" => match text(&input.other_address, 500, true) {
                Ok(t) => (None, Some(t)),
                Err(err) => {
                    e.add("other_address", err.message_key());
                    (None, None)
                }
            },
            id => match id.parse::<AddressId>() {
                Ok(id) => match self
                    .store
                    .address(s.user.tenant_id, id)
                    .await?
                    .filter(|a| a.customer_id == account.customer.id && a.archived_at.is_none())
                {
                    Some(a) => (Some(a.id), Some(address_lines(&a))),
                    None => {
                        e.add("address", "error-invalid");
                        (None, None)
                    }
                },
                Err(_) => {
                    e.add("address", "error-required");
                    (None, None)
                }
            },
        };
        let (Some(po_number), Some(note), Some(requested_on), Some(ship_to)) =
            (po_number, note, requested_on, ship_to)
        else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let lines: Vec<OrderLine> = cart
            .items
            .iter()
            .filter_map(|i| {
                Some(OrderLine {
                    product_id: i.product.id,
                    sku: i.product.sku.clone(),
                    name: i.product.name.clone(),
                    unit: i.product.unit,
                    quantity: i.quantity,
                    unit_minor: i.unit_price?.minor,
                    total_minor: i.total?.minor,
                    shipped: 0,
                })
            })
            .collect();
        // Above the company's amount, an order of someone who may not approve waits for an
        // approver of the company before it reaches the provider.
        let needs_approval = self
            .store
            .approval_threshold(s.user.tenant_id, account.customer.id)
            .await?
            .is_some_and(|above| cart.total > above)
            && !may_in(&s.user, account, Module::Orders, Op::Edit);
        let status = if needs_approval {
            OrderStatus::AwaitingApproval
        } else {
            OrderStatus::Received
        };
        let now = Millis::now();
        let order = Order {
            id: OrderId::new(),
            tenant_id: s.user.tenant_id,
            customer_id: account.customer.id,
            customer_name: account.customer.name.clone(),
            number: 0,
            placed_by: s.user.id,
            placed_by_name: s.user.name.clone(),
            status,
            po_number,
            note,
            requested_on,
            address_id,
            ship_to,
            currency: cart.currency,
            subtotal_minor: cart.subtotal,
            taxes: cart.taxes.clone(),
            total_minor: cart.total,
            shipment: Shipment::default(),
            quote_id: None,
            deposit_minor: 0,
            submit_key,
            created_at: now,
            updated_at: now,
        };
        let event = OrderEvent {
            id: uuid::Uuid::now_v7(),
            tenant_id: order.tenant_id,
            order_id: order.id,
            at: now,
            status,
            by_name: s.user.name.clone(),
            note: String::new(),
        };
        let entry = self.journal_entry(
            &s.user,
            client,
            Event {
                action: "order.place",
                object_kind: "order",
                object_id: order.id.0,
                customer: Some(order.customer_id),
                project: None,
                detail: format!(
                    "{} {} ({} lines)",
                    Money::new(order.total_minor, order.currency).plain(),
                    order.currency,
                    lines.len()
                ),
            },
        );
        let placed = self
            .journaled(vec![entry], self.store.place_order(&order, &lines, &event))
            .await?;
        match placed {
            Placed::Already(id) => Ok(id),
            Placed::New(number) => {
                let order = Order {
                    number,
                    ..order.clone()
                };
                if needs_approval {
                    self.ask_approvers(account, &order).await;
                } else {
                    self.announce_order(&order, "received").await;
                    self.tell_staff_of_order(&order).await;
                }
                Ok(order.id)
            }
        }
    }
}

fn quantity_error(p: QuantityProblem) -> CoreError {
    CoreError::field(
        "quantity",
        match p {
            QuantityProblem::Invalid => "error-quantity",
            QuantityProblem::BelowMinimum(_) => "error-quantity-minimum",
            QuantityProblem::NotMultiple(_) => "error-quantity-multiple",
        },
    )
}

/// An address book entry as an order keeps it, one line per row.
pub(crate) fn address_lines(a: &ShippingAddress) -> String {
    let mut out: Vec<String> = vec![a.label.clone()];
    for l in [&a.site, &a.line1, &a.line2] {
        if !l.is_empty() {
            out.push(l.clone());
        }
    }
    out.push(format!("{} {} {}", a.city, a.region, a.postal_code));
    out.push(a.country.clone());
    if !a.instructions.is_empty() {
        out.push(a.instructions.clone());
    }
    out.join("\n")
}

/// The breaks of the tier that applies, smallest quantity first.
fn breaks_of(rules: &[PriceRule], buyer: &Buyer, today: &str) -> Vec<(i64, Money)> {
    let Some(first) = price_for(rules, buyer, 1, today) else {
        return Vec::new();
    };
    let mut out: Vec<(i64, Money)> = rules
        .iter()
        .filter(|r| r.target == first.target && r.currency == first.currency && r.in_force(today))
        .map(|r| (r.min_quantity, Money::new(r.unit_minor, r.currency)))
        .collect();
    out.sort_by_key(|(q, _)| *q);
    out.dedup_by_key(|(q, _)| *q);
    out
}
