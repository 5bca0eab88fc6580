//! Demo data: a realistic provider so a newcomer sees a living portal. Idempotent.
use guichet_domain::*;

use crate::Portal;
use crate::accounts::{AddressInput, ContactInput, CustomerInput};
use crate::error::CoreResult;
use crate::secrets::hash_password;
use crate::tenants::NewTenant;

mod catalog;
mod customers;
mod flows;
mod payments;
mod projects;
mod roles;
mod sales;

use customers::{CUSTOMERS, STAFF};

/// The password of every demo account that has one.
pub const DEMO_PASSWORD: &str = "Demo-Guichet-2026!";

pub const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Géotechnique Laurentides"><rect width="64" height="64" rx="12" fill="#0b5d4b"/><path d="M8 46 L24 22 L34 36 L42 26 L56 46 Z" fill="#f4f1e8"/><circle cx="46" cy="16" r="5" fill="#f2b134"/></svg>"##;

/// Who can sign in to the demo.
pub struct DemoSignIns {
    pub tenant: Tenant,
    pub created: bool,
    pub staff: Vec<(String, String)>,
    pub contacts: Vec<(String, String, String)>,
}

impl Portal {
    /// Seeds the demo provider on `host` unless it exists already.
    pub async fn seed_demo(&self, host: &str, base_url: &str) -> CoreResult<DemoSignIns> {
        let staff_list: Vec<(String, String)> = STAFF
            .iter()
            .map(|(e, _, _, _)| (e.to_string(), DEMO_PASSWORD.to_string()))
            .collect();
        let contact_list: Vec<(String, String, String)> = CUSTOMERS
            .iter()
            .map(|c| {
                (
                    c.contacts[0].1.to_string(),
                    DEMO_PASSWORD.to_string(),
                    c.name.to_string(),
                )
            })
            .collect();
        if let Some(tenant) = self.tenant_by_host(host).await? {
            self.demo_payments(&tenant).await?;
            return Ok(DemoSignIns {
                tenant,
                created: false,
                staff: staff_list,
                contacts: contact_list,
            });
        }
        let (tenant, _) = self
            .create_tenant(&NewTenant {
                host: host.to_string(),
                name: "Géotechnique Laurentides inc.".into(),
                base_url: base_url.to_string(),
                primary_colour: "#0b5d4b".into(),
                default_locale: Locale::Fr,
                admin_email: "fondateur@geotech-laurentides.example".into(),
                admin_name: "Louis Laurentides".into(),
                logo_svg: Some(LOGO_SVG.into()),
            })
            .await?;
        let mut admin = None;
        for (email, name, role, locale) in STAFF {
            let u = self
                .add_staff_with_password(&tenant, email, name, *role, *locale, DEMO_PASSWORD)
                .await?;
            if *role == StaffRole::Admin {
                admin = Some(u);
            }
        }
        let Some(admin) = admin else {
            return Err(crate::CoreError::internal("demo admin missing"));
        };
        let hash = hash_password(DEMO_PASSWORD.to_string(), self.settings.password_cost).await?;
        let roles = self.seed_demo_roles(&admin).await?;
        // Changes of legal name and tax numbers wait for staff approval.
        self.store
            .set_approval_fields(
                tenant.id,
                &[Field::LegalName, Field::TaxNumber, Field::TaxNumberQc],
            )
            .await?;
        for c in CUSTOMERS {
            let addr = AddressInput {
                line1: c.street.into(),
                line2: String::new(),
                city: c.city.into(),
                region: c.region.into(),
                postal_code: c.postal.into(),
                country: c.country.into(),
            };
            let customer = self
                .create_customer(
                    &admin,
                    &crate::Client::default(),
                    &CustomerInput {
                        number: c.number.into(),
                        name: c.name.into(),
                        locale: c.locale.into(),
                        currency: "CAD".into(),
                        billing: addr.clone(),
                        shipping: addr,
                    },
                )
                .await?;
            for (i, (name, email, locale)) in c.contacts.iter().enumerate() {
                // The first contact runs the company's portal, the second (of larger companies)
                // does its accounting; the others have the default role.
                let role = match i {
                    0 => roles.company_admin.to_string(),
                    1 if c.contacts.len() > 2 => roles.accounting.to_string(),
                    _ => String::new(),
                };
                let input = ContactInput {
                    role,
                    name: (*name).into(),
                    email: (*email).into(),
                    phone: "819 555-0100".into(),
                    locale: (*locale).into(),
                };
                // The first contact of each company has accepted; the last one of the larger
                // companies is still invited, so the outbox shows live invitation links.
                let invite = i > 0 && i == c.contacts.len() - 1;
                let u = self
                    .add_contact(
                        &admin,
                        &tenant,
                        &crate::Client::default(),
                        customer.id,
                        &input,
                        invite,
                    )
                    .await?;
                if i == 0 {
                    self.store
                        .set_password(tenant.id, u.id, &hash, None, None, Millis::now())
                        .await?;
                }
            }
        }
        let customers_for_projects = self
            .store
            .list_customers(
                tenant.id,
                &guichet_store::CustomerQuery {
                    search: None,
                    after: None,
                    limit: 100,
                },
            )
            .await?;
        self.seed_demo_projects(&admin, &customers_for_projects)
            .await?;
        let customers = self
            .store
            .list_customers(
                tenant.id,
                &guichet_store::CustomerQuery {
                    search: None,
                    after: None,
                    limit: 100,
                },
            )
            .await?;
        for (n, c) in CUSTOMERS.iter().enumerate() {
            if let Some(customer) = customers.iter().find(|x| x.number == c.number) {
                self.seed_demo_profile(c, customer, n).await?;
            }
        }
        self.seed_demo_sales(&admin, &customers).await?;
        self.demo_payments(&tenant).await?;
        Ok(DemoSignIns {
            tenant,
            created: true,
            staff: staff_list,
            contacts: contact_list,
        })
    }
}
