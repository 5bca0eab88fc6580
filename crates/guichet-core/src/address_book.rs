//! The address book of a customer account, kept by its contacts (rights of "My company").
use guichet_domain::*;
use guichet_store::{Account, SignedIn, StoreError};

use crate::Portal;
use crate::access::{Action, require, require_in};
use crate::error::{CoreError, CoreResult, FieldErrors};

/// An address as typed in the form.
#[derive(Clone, Debug, Default)]
pub struct AddressInput {
    pub label: String,
    pub site: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub instructions: String,
    pub make_default: bool,
}

struct Parsed {
    label: String,
    site: String,
    line1: String,
    line2: String,
    city: String,
    region: String,
    postal_code: String,
    country: String,
    instructions: String,
}

fn parse(i: &AddressInput) -> CoreResult<Parsed> {
    let mut e = FieldErrors::default();
    let label = e.check("label", text(&i.label, 80, true));
    let site = e.check("site", text(&i.site, 100, false));
    let line1 = e.check("line1", text(&i.line1, 200, true));
    let line2 = e.check("line2", text(&i.line2, 200, false));
    let city = e.check("city", text(&i.city, 100, true));
    let country = e.check("country", country(&i.country));
    let code = country.clone().unwrap_or_default();
    let region = e.check("region", region(&code, &i.region));
    let postal_code = e.check("postal_code", postal_code(&code, &i.postal_code));
    let instructions = e.check("instructions", text(&i.instructions, 500, false));
    match (
        label,
        site,
        line1,
        line2,
        city,
        region,
        postal_code,
        country,
        instructions,
    ) {
        (
            Some(label),
            Some(site),
            Some(line1),
            Some(line2),
            Some(city),
            Some(region),
            Some(postal_code),
            Some(country),
            Some(instructions),
        ) if e.is_empty() => Ok(Parsed {
            label,
            site,
            line1,
            line2,
            city,
            region,
            postal_code,
            country,
            instructions,
        }),
        _ => Err(CoreError::Invalid(e)),
    }
}

impl Portal {
    pub async fn addresses(
        &self,
        actor: &SignedIn,
        account: &Account,
    ) -> CoreResult<Vec<ShippingAddress>> {
        require_in(&actor.user, account, Module::Company, Op::View)?;
        Ok(self
            .store
            .addresses(account.customer.tenant_id, account.customer.id)
            .await?)
    }

    /// One address of this account (404 for any other).
    pub async fn address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
    ) -> CoreResult<ShippingAddress> {
        require_in(&actor.user, account, Module::Company, Op::View)?;
        self.store
            .address(account.customer.tenant_id, id)
            .await?
            .filter(|a| a.customer_id == account.customer.id)
            .ok_or(CoreError::NotFound)
    }

    async fn editable_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
    ) -> CoreResult<ShippingAddress> {
        require_in(&actor.user, account, Module::Company, Op::Edit)?;
        self.address(actor, account, id).await
    }

    /// Adds an address; the first active one becomes the default.
    pub async fn add_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        input: &AddressInput,
    ) -> CoreResult<ShippingAddress> {
        require_in(&actor.user, account, Module::Company, Op::Edit)?;
        let p = parse(input)?;
        let existing = self
            .store
            .addresses(account.customer.tenant_id, account.customer.id)
            .await?;
        let first = !existing.iter().any(|a| a.archived_at.is_none());
        let now = Millis::now();
        let a = ShippingAddress {
            id: AddressId::new(),
            tenant_id: account.customer.tenant_id,
            customer_id: account.customer.id,
            label: p.label,
            site: p.site,
            line1: p.line1,
            line2: p.line2,
            city: p.city,
            region: p.region,
            postal_code: p.postal_code,
            country: p.country,
            instructions: p.instructions,
            is_default: first || input.make_default,
            archived_at: None,
            used_at: None,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_address(&a).await?;
        Ok(a)
    }

    /// Saves an address if nobody changed it since the form was shown (`version`: its
    /// `updated_at`); else `Conflict` and nothing is written.
    pub async fn update_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
        version: i64,
        input: &AddressInput,
    ) -> CoreResult<ShippingAddress> {
        let mut a = self.editable_address(actor, account, id).await?;
        let p = parse(input)?;
        if a.updated_at.0 != version {
            return Err(CoreError::Conflict);
        }
        a.label = p.label;
        a.site = p.site;
        a.line1 = p.line1;
        a.line2 = p.line2;
        a.city = p.city;
        a.region = p.region;
        a.postal_code = p.postal_code;
        a.country = p.country;
        a.instructions = p.instructions;
        a.is_default = a.archived_at.is_none() && (a.is_default || input.make_default);
        let expected = a.updated_at;
        a.updated_at = Millis(Millis::now().0.max(expected.0 + 1));
        match self.store.update_address(&a, expected).await {
            Ok(()) => Ok(a),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn set_default_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
    ) -> CoreResult<()> {
        let a = self.editable_address(actor, account, id).await?;
        Ok(self
            .store
            .set_default_address(a.tenant_id, a.id, Millis::now())
            .await?)
    }

    pub async fn archive_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
        archived: bool,
    ) -> CoreResult<()> {
        let a = self.editable_address(actor, account, id).await?;
        Ok(self
            .store
            .set_address_archived(a.tenant_id, a.id, archived, Millis::now())
            .await?)
    }

    /// Deletes an address no order used; a used one must be archived instead.
    pub async fn delete_address(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: AddressId,
    ) -> CoreResult<()> {
        let a = self.editable_address(actor, account, id).await?;
        match self.store.delete_address(a.tenant_id, a.id).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { .. }) => {
                Err(CoreError::field("address", "error-address-used"))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Staff: a customer's address book.
    pub async fn addresses_for_staff(
        &self,
        actor: &User,
        customer: &Customer,
    ) -> CoreResult<Vec<ShippingAddress>> {
        require(actor, Action::ViewCustomers)?;
        if customer.tenant_id != actor.tenant_id {
            return Err(CoreError::NotFound);
        }
        Ok(self.store.addresses(actor.tenant_id, customer.id).await?)
    }
}
