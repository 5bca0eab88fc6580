//! Staff keep the catalog: products, price rules, segments, and each customer's sales terms.
use guichet_domain::*;
use guichet_store::{ProductQuery, StoreError};

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// A product as typed in the staff form.
#[derive(Clone, Debug, Default)]
pub struct ProductInput {
    pub sku: String,
    pub name_fr: String,
    pub name_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub category_fr: String,
    pub category_en: String,
    /// A unit's code.
    pub unit: String,
    /// `in_stock`, `lead_time` or `on_order`.
    pub availability: String,
    pub lead_days: String,
    pub min_quantity: String,
    pub multiple: String,
    pub active: bool,
}

/// A price rule as typed in the staff form.
#[derive(Clone, Debug, Default)]
pub struct PriceInput {
    /// `base`, `segment:<id>` or `customer:<id>`.
    pub target: String,
    pub min_quantity: String,
    pub amount: String,
    pub currency: String,
    pub valid_from: String,
    pub valid_until: String,
}

/// The largest product picture.
const IMAGE_LIMIT: u64 = 5 * 1024 * 1024;

fn whole(raw: &str, min: i64, max: i64) -> Result<i64, ValueError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(ValueError::Required);
    }
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ValueError::Invalid),
    }
}

pub(crate) fn parse_product(i: &ProductInput) -> CoreResult<Product> {
    let mut e = FieldErrors::default();
    let sku = e.check("sku", sku(&i.sku));
    let name_fr = e.check("name_fr", text(&i.name_fr, 200, true));
    let name_en = e.check("name_en", text(&i.name_en, 200, false));
    let description_fr = e.check("description_fr", text(&i.description_fr, 4000, false));
    let description_en = e.check("description_en", text(&i.description_en, 4000, false));
    let category_fr = e.check("category_fr", text(&i.category_fr, 100, false));
    let category_en = e.check("category_en", text(&i.category_en, 100, false));
    let unit = Unit::parse(&i.unit);
    if unit.is_none() {
        e.add("unit", "error-invalid");
    }
    let availability = match i.availability.as_str() {
        "lead_time" => e
            .check("lead_days", whole(&i.lead_days, 1, 365))
            .and_then(|d| Availability::from_parts("lead_time", d)),
        other => {
            let a = Availability::from_parts(other, 0);
            if a.is_none() {
                e.add("availability", "error-invalid");
            }
            a
        }
    };
    let min_quantity = e.check("min_quantity", whole(&i.min_quantity, 1, MAX_QUANTITY));
    let multiple = e.check("multiple", whole(&i.multiple, 1, MAX_QUANTITY));
    if let (Some(min), Some(mult)) = (min_quantity, multiple)
        && mult > 1
        && min % mult != 0
    {
        e.add("min_quantity", "error-min-not-multiple");
    }
    match (
        sku,
        name_fr,
        name_en,
        description_fr,
        description_en,
        category_fr,
        category_en,
        unit,
        availability,
        min_quantity,
        multiple,
    ) {
        (
            Some(sku),
            Some(name_fr),
            Some(name_en),
            Some(description_fr),
            Some(description_en),
            Some(category_fr),
            Some(category_en),
            Some(unit),
            Some(availability),
            Some(min_quantity),
            Some(multiple),
        ) if e.is_empty() => {
            let now = Millis::now();
            Ok(Product {
                id: ProductId::new(),
                tenant_id: TenantId(uuid::Uuid::nil()),
                sku,
                name: Texts {
                    fr: name_fr,
                    en: name_en,
                },
                description: Texts {
                    fr: description_fr,
                    en: description_en,
                },
                category: Texts {
                    fr: category_fr,
                    en: category_en,
                },
                unit,
                availability,
                min_quantity,
                multiple,
                active: i.active,
                image: None,
                configurator: None,
                created_at: now,
                updated_at: now,
            })
        }
        _ => Err(CoreError::Invalid(e)),
    }
}

/// A price rule as typed, checked field by field (whether the segment or customer named is
/// the provider's is the store's to say).
pub(crate) fn parse_price(
    input: &PriceInput,
    tenant: TenantId,
    product: ProductId,
) -> CoreResult<PriceRule> {
    let mut e = FieldErrors::default();
    let target = match input.target.split_once(':') {
        None if input.target == "base" => Some(PriceTarget::Base),
        Some(("segment", id)) => id.parse().ok().map(PriceTarget::Segment),
        Some(("customer", id)) => id.parse().ok().map(PriceTarget::Customer),
        _ => None,
    };
    if target.is_none() {
        e.add("target", "error-invalid");
    }
    let min_quantity = e.check("min_quantity", whole(&input.min_quantity, 1, MAX_QUANTITY));
    let amount = e.check("amount", Money::parse_amount(&input.amount));
    let currency = Currency::parse(&input.currency);
    if currency.is_none() {
        e.add("currency", "error-invalid");
    }
    let valid_from = e.check("valid_from", date(&input.valid_from));
    let valid_until = e.check("valid_until", date(&input.valid_until));
    if let (Some(Some(f)), Some(Some(u))) = (&valid_from, &valid_until)
        && u < f
    {
        e.add("valid_until", "error-end-before-start");
    }
    let (
        Some(target),
        Some(min_quantity),
        Some(amount),
        Some(currency),
        Some(valid_from),
        Some(valid_until),
    ) = (
        target,
        min_quantity,
        amount,
        currency,
        valid_from,
        valid_until,
    )
    else {
        return Err(CoreError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(CoreError::Invalid(e));
    }
    Ok(PriceRule {
        id: PriceId::new(),
        tenant_id: tenant,
        product_id: product,
        target,
        min_quantity,
        unit_minor: amount,
        currency,
        valid_from,
        valid_until,
        created_at: Millis::now(),
    })
}

impl Portal {
    /// Staff: the catalog, withdrawn products included.
    pub async fn staff_products(&self, actor: &User, q: &ProductQuery) -> CoreResult<Vec<Product>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.products(actor.tenant_id, q).await?)
    }

    /// Staff: a product and all its price rules.
    pub async fn staff_product(
        &self,
        actor: &User,
        id: ProductId,
    ) -> CoreResult<(Product, Vec<PriceRule>)> {
        require(actor, Action::ViewCustomers)?;
        let p = self
            .store
            .product(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let rules = self.store.prices_of(actor.tenant_id, id).await?;
        Ok((p, rules))
    }

    pub async fn create_product(
        &self,
        actor: &User,
        client: &Client,
        input: &ProductInput,
    ) -> CoreResult<Product> {
        require(actor, Action::ManageCatalog)?;
        let p = Product {
            tenant_id: actor.tenant_id,
            ..parse_product(input)?
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "product.create",
                object_kind: "product",
                object_id: p.id.0,
                customer: None,
                project: None,
                detail: format!("{} {}", p.sku, p.name.fr),
            },
        );
        let saved = self
            .journaled(vec![entry], self.store.insert_product(&p))
            .await;
        self.categories.forget(actor.tenant_id);
        match saved {
            Ok(()) => Ok(p),
            Err(StoreError::Conflict { .. }) => Err(CoreError::field("sku", "error-sku-taken")),
            Err(e) => Err(e.into()),
        }
    }

    /// Saves a product if nobody changed it since the form was shown (`seen`, its
    /// `updated_at` then): else `Conflict`.
    pub async fn update_product(
        &self,
        actor: &User,
        client: &Client,
        id: ProductId,
        input: &ProductInput,
        seen: Millis,
    ) -> CoreResult<Product> {
        require(actor, Action::ManageCatalog)?;
        let before = self
            .store
            .product(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        if before.updated_at != seen {
            return Err(CoreError::Conflict);
        }
        let parsed = parse_product(input)?;
        let p = Product {
            id,
            tenant_id: actor.tenant_id,
            created_at: before.created_at,
            updated_at: Millis(Millis::now().0.max(seen.0 + 1)),
            image: before.image.clone(),
            configurator: before.configurator.clone(),
            ..parsed
        };
        let sku_changed = p.sku != before.sku;
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "product.edit",
                object_kind: "product",
                object_id: p.id.0,
                customer: None,
                project: None,
                detail: format!(
                    "{} {} {} → {} {} {}",
                    before.sku, before.name.fr, before.active, p.sku, p.name.fr, p.active
                ),
            },
        );
        let saved = self
            .journaled(vec![entry], self.store.update_product(&p, seen))
            .await;
        self.categories.forget(actor.tenant_id);
        match saved {
            Ok(()) => Ok(p),
            Err(StoreError::Conflict { .. }) if sku_changed => {
                // Another product's SKU, unless the product itself changed meanwhile.
                match self.store.product(actor.tenant_id, id).await? {
                    Some(now) if now.updated_at == seen => {
                        Err(CoreError::field("sku", "error-sku-taken"))
                    }
                    _ => Err(CoreError::Conflict),
                }
            }
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// Gives a product its picture (PNG, JPEG or WebP, at most 5 MB, the type sniffed from
    /// its bytes): else 422 or 413, and the product keeps the picture it had.
    pub async fn set_product_image(
        &self,
        actor: &User,
        client: &Client,
        id: ProductId,
        data: crate::ByteStream<'_>,
    ) -> CoreResult<Product> {
        require(actor, Action::ManageCatalog)?;
        let p = self
            .store
            .product(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let blob = self
            .blobs
            .put(data, IMAGE_LIMIT)
            .await
            .map_err(crate::documents::blob_error)?;
        let content_type = self.sniff(&blob.sha256).await;
        if !ProductImage::TYPES.contains(&content_type.as_str()) {
            return Err(CoreError::field("image", "error-image-type"));
        }
        let image = ProductImage {
            sha256: blob.sha256,
            content_type,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "product.image",
                object_kind: "product",
                object_id: p.id.0,
                customer: None,
                project: None,
                detail: format!("{} {}", p.sku, image.sha256),
            },
        );
        let at = Millis(Millis::now().0.max(p.updated_at.0 + 1));
        self.journaled(
            vec![entry],
            self.store
                .set_product_image(actor.tenant_id, id, Some(&image), at),
        )
        .await?;
        Ok(Product {
            image: Some(image),
            updated_at: at,
            ..p
        })
    }

    /// Staff: a product's picture and its bytes.
    pub async fn staff_product_image(
        &self,
        actor: &User,
        id: ProductId,
    ) -> CoreResult<(ProductImage, crate::ByteStream<'static>)> {
        require(actor, Action::ViewCustomers)?;
        let p = self
            .store
            .product(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.image_of(p).await
    }

    pub(crate) async fn image_of(
        &self,
        p: Product,
    ) -> CoreResult<(ProductImage, crate::ByteStream<'static>)> {
        let image = p.image.ok_or(CoreError::NotFound)?;
        let data = self
            .blobs
            .get(&image.sha256)
            .await
            .map_err(crate::documents::blob_error)?;
        Ok((image, data))
    }

    pub async fn add_price(
        &self,
        actor: &User,
        client: &Client,
        product: ProductId,
        input: &PriceInput,
    ) -> CoreResult<PriceRule> {
        require(actor, Action::ManageCatalog)?;
        let p = self
            .store
            .product(actor.tenant_id, product)
            .await?
            .ok_or(CoreError::NotFound)?;
        let rule = parse_price(input, actor.tenant_id, p.id)?;
        let PriceRule {
            target,
            min_quantity,
            unit_minor: amount,
            currency,
            ..
        } = rule;
        let customer = match target {
            PriceTarget::Customer(c) => Some(c),
            _ => None,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "price.add",
                object_kind: "product",
                object_id: p.id.0,
                customer,
                project: None,
                detail: format!(
                    "{} {} ≥{} {} {}",
                    p.sku,
                    target.code(),
                    min_quantity,
                    Money::new(amount, currency).plain(),
                    currency
                ),
            },
        );
        match self
            .journaled(vec![entry], self.store.insert_price(&rule))
            .await
        {
            Ok(()) => Ok(rule),
            // The segment or customer named is not the provider's.
            Err(StoreError::NotFound) => Err(CoreError::field("target", "error-invalid")),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn remove_price(
        &self,
        actor: &User,
        client: &Client,
        id: PriceId,
    ) -> CoreResult<ProductId> {
        require(actor, Action::ManageCatalog)?;
        let rule = self
            .store
            .price(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "price.remove",
                object_kind: "product",
                object_id: rule.product_id.0,
                customer: None,
                project: None,
                detail: format!(
                    "{} ≥{} {} {}",
                    rule.target.code(),
                    rule.min_quantity,
                    Money::new(rule.unit_minor, rule.currency).plain(),
                    rule.currency
                ),
            },
        );
        match self
            .journaled(vec![entry], self.store.delete_price(actor.tenant_id, id))
            .await
        {
            Ok(()) | Err(StoreError::NotFound) => Ok(rule.product_id),
            Err(e) => Err(e.into()),
        }
    }

    /// Customers a price may be for, by name (the first 1,000: a provider with more names
    /// them by segment).
    pub async fn customer_choices(&self, actor: &User) -> CoreResult<Vec<(CustomerId, String)>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self
            .store
            .list_customers(
                actor.tenant_id,
                &guichet_domain::CustomerQuery {
                    search: None,
                    after: None,
                    limit: 1000,
                },
            )
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} ({})", c.name, c.number)))
            .collect())
    }

    pub async fn segments(&self, actor: &User) -> CoreResult<Vec<Segment>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self.store.segments(actor.tenant_id).await?)
    }

    pub async fn create_segment(
        &self,
        actor: &User,
        client: &Client,
        name: &str,
    ) -> CoreResult<Segment> {
        require(actor, Action::ManageCatalog)?;
        let name = text(name, 80, true).map_err(|e| CoreError::field("name", e.message_key()))?;
        let s = Segment {
            id: SegmentId::new(),
            tenant_id: actor.tenant_id,
            name,
            created_at: Millis::now(),
        };
        // Segments are settings, not a person's records: journaled after the fact.
        match self.store.insert_segment(&s).await {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => {
                return Err(CoreError::field("name", "error-segment-taken"));
            }
            Err(e) => return Err(e.into()),
        }
        self.record(
            actor,
            client,
            Event {
                action: "segment.create",
                object_kind: "segment",
                object_id: s.id.0,
                customer: None,
                project: None,
                detail: s.name.clone(),
            },
        )
        .await?;
        Ok(s)
    }

    /// Staff: what a customer pays for one of each product of its catalog, and which rule says
    /// so (the customer's own, its segment's or the base price), by French name.
    pub async fn customer_prices(
        &self,
        actor: &User,
        customer: CustomerId,
    ) -> CoreResult<Vec<(Product, PriceRule)>> {
        require(actor, Action::ViewCustomers)?;
        let c = self
            .store
            .customer(actor.tenant_id, customer)
            .await?
            .ok_or(CoreError::NotFound)?;
        let terms = self.terms_of(actor.tenant_id, customer).await?;
        let buyer = Buyer {
            customer,
            segment: terms.segment_id,
            currency: Currency::parse(&c.currency).unwrap_or_default(),
        };
        let today = super::shop::today();
        let found = self
            .store
            .catalog(
                actor.tenant_id,
                &buyer,
                &today,
                &ProductQuery {
                    search: String::new(),
                    category: String::new(),
                    include_inactive: false,
                    favourites_of: None,
                    limit: 500,
                    offset: 0,
                },
            )
            .await?;
        Ok(found
            .into_iter()
            .filter_map(|(p, rules)| {
                let rule = price_for(&rules, &buyer, p.min_quantity, &today)?.clone();
                Some((p, rule))
            })
            .collect())
    }

    /// A customer's sales terms (the defaults — no segment, taxed in Quebec — until set).
    pub async fn customer_terms(
        &self,
        actor: &User,
        customer: CustomerId,
    ) -> CoreResult<CustomerTerms> {
        require(actor, Action::ViewCustomers)?;
        self.store
            .customer(actor.tenant_id, customer)
            .await?
            .ok_or(CoreError::NotFound)?;
        Ok(self.terms_of(actor.tenant_id, customer).await?)
    }

    pub(crate) async fn terms_of(
        &self,
        tenant: TenantId,
        customer: CustomerId,
    ) -> CoreResult<CustomerTerms> {
        Ok(self
            .store
            .customer_terms(tenant, customer)
            .await?
            .unwrap_or(CustomerTerms {
                tenant_id: tenant,
                customer_id: customer,
                segment_id: None,
                tax_region: TaxRegion::default(),
                updated_at: Millis(0),
            }))
    }

    pub async fn set_customer_terms(
        &self,
        actor: &User,
        client: &Client,
        customer: CustomerId,
        segment: &str,
        tax_region: &str,
    ) -> CoreResult<CustomerTerms> {
        require(actor, Action::ManageCatalog)?;
        let before = self.customer_terms(actor, customer).await?;
        let mut e = FieldErrors::default();
        let segment_id = match segment.trim() {
            "" => Some(None),
            s => s.parse::<SegmentId>().ok().map(Some),
        };
        if segment_id.is_none() {
            e.add("segment", "error-invalid");
        }
        let region = TaxRegion::parse(tax_region);
        if region.is_none() {
            e.add("tax_region", "error-invalid");
        }
        let (Some(segment_id), Some(tax_region)) = (segment_id, region) else {
            return Err(CoreError::Invalid(e));
        };
        let terms = CustomerTerms {
            tenant_id: actor.tenant_id,
            customer_id: customer,
            segment_id,
            tax_region,
            updated_at: Millis::now(),
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "customer.terms",
                object_kind: "customer",
                object_id: customer.0,
                customer: Some(customer),
                project: None,
                detail: format!(
                    "{} {} → {} {}",
                    before.segment_id.map(|s| s.to_string()).unwrap_or_default(),
                    before.tax_region.code(),
                    segment_id.map(|s| s.to_string()).unwrap_or_default(),
                    tax_region.code()
                ),
            },
        );
        match self
            .journaled(vec![entry], self.store.set_customer_terms(&terms))
            .await
        {
            Ok(()) => Ok(terms),
            Err(StoreError::NotFound) => Err(CoreError::field("segment", "error-invalid")),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            sku: "pv-1".into(),
            name_fr: "Panneau".into(),
            unit: "each".into(),
            availability: "in_stock".into(),
            min_quantity: "1".into(),
            multiple: "1".into(),
            active: true,
            ..Default::default()
        }
    }

    #[test]
    fn product_forms_are_checked_field_by_field() {
        let p = parse_product(&input()).unwrap();
        assert_eq!(p.sku, "PV-1");
        let bad = ProductInput {
            sku: "a b".into(),
            name_fr: String::new(),
            unit: "parsec".into(),
            availability: "lead_time".into(),
            lead_days: "0".into(),
            min_quantity: "5".into(),
            multiple: "2".into(),
            ..input()
        };
        let Err(CoreError::Invalid(e)) = parse_product(&bad) else {
            panic!("accepted")
        };
        for f in ["sku", "name_fr", "unit", "lead_days", "min_quantity"] {
            assert!(e.get(f).is_some(), "{f}: {e:?}");
        }
    }
}
