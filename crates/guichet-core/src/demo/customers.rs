//! The demo provider's customers and staff, and their companies' profiles.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;

/// A demo company: its number, name, language, address, and contacts (name, email, language).
pub(super) struct DemoCustomer {
    pub(super) number: &'static str,
    pub(super) name: &'static str,
    pub(super) locale: &'static str,
    pub(super) city: &'static str,
    pub(super) region: &'static str,
    pub(super) postal: &'static str,
    pub(super) country: &'static str,
    pub(super) street: &'static str,
    pub(super) contacts: &'static [(&'static str, &'static str, &'static str)],
}

pub(super) const CUSTOMERS: &[DemoCustomer] = &[
    DemoCustomer {
        number: "C-1001",
        name: "Construction Boréale inc.",
        locale: "fr",
        city: "Québec",
        region: "QC",
        postal: "G1K 3A9",
        country: "CA",
        street: "450, rue Saint-Paul",
        contacts: &[
            ("Geneviève Lavoie", "genevieve.lavoie@boreale.example", "fr"),
            ("Mathieu Côté", "mathieu.cote@boreale.example", "fr"),
            ("Olivia Chen", "olivia.chen@boreale.example", "en"),
        ],
    },
    DemoCustomer {
        number: "C-1002",
        name: "Ville de Saint-Jérôme",
        locale: "fr",
        city: "Saint-Jérôme",
        region: "QC",
        postal: "J7Z 5T3",
        country: "CA",
        street: "10, rue Saint-Joseph",
        contacts: &[
            ("Pierre Bélanger", "pierre.belanger@stjerome.example", "fr"),
            ("Nathalie Roy", "nathalie.roy@stjerome.example", "fr"),
        ],
    },
    DemoCustomer {
        number: "C-1003",
        name: "Northfield Developments Ltd.",
        locale: "en",
        city: "Ottawa",
        region: "ON",
        postal: "K1P 5G4",
        country: "CA",
        street: "150 Elgin Street",
        contacts: &[
            ("James Miller", "james.miller@northfield.example", "en"),
            ("Priya Patel", "priya.patel@northfield.example", "en"),
            ("Luc Gauthier", "luc.gauthier@northfield.example", "fr"),
            ("Emma Wilson", "emma.wilson@northfield.example", "en"),
        ],
    },
    DemoCustomer {
        number: "C-1004",
        name: "Habitations Laurentiennes",
        locale: "fr",
        city: "Mont-Tremblant",
        region: "QC",
        postal: "J8E 1T1",
        country: "CA",
        street: "1000, chemin des Voyageurs",
        contacts: &[
            (
                "Isabelle Fortin",
                "isabelle.fortin@habitations.example",
                "fr",
            ),
            (
                "Alexandre Morin",
                "alexandre.morin@habitations.example",
                "fr",
            ),
        ],
    },
    DemoCustomer {
        number: "C-1005",
        name: "Énergie Solaire Outaouais",
        locale: "fr",
        city: "Gatineau",
        region: "QC",
        postal: "J8X 3X7",
        country: "CA",
        street: "25, rue Laurier",
        contacts: &[
            (
                "Sébastien Pelletier",
                "sebastien.pelletier@eso.example",
                "fr",
            ),
            ("Chloé Bergeron", "chloe.bergeron@eso.example", "fr"),
            ("David Nguyen", "david.nguyen@eso.example", "en"),
        ],
    },
    DemoCustomer {
        number: "C-1006",
        name: "Maple Ridge Engineering",
        locale: "en",
        city: "Montréal",
        region: "QC",
        postal: "H3B 4W8",
        country: "CA",
        street: "1250 René-Lévesque Blvd W",
        contacts: &[
            ("Sarah Thompson", "sarah.thompson@mapleridge.example", "en"),
            ("Kevin Tremblay", "kevin.tremblay@mapleridge.example", "fr"),
        ],
    },
    DemoCustomer {
        number: "C-1007",
        name: "Transport Gaspésie",
        locale: "fr",
        city: "Rimouski",
        region: "QC",
        postal: "G5L 1B3",
        country: "CA",
        street: "200, boulevard René-Lepage",
        contacts: &[
            ("Martine Gagné", "martine.gagne@transgaspesie.example", "fr"),
            (
                "François Ouellet",
                "francois.ouellet@transgaspesie.example",
                "fr",
            ),
            (
                "Annie Lévesque",
                "annie.levesque@transgaspesie.example",
                "fr",
            ),
        ],
    },
    DemoCustomer {
        number: "C-1008",
        name: "Coopérative agricole du Lac",
        locale: "fr",
        city: "Alma",
        region: "QC",
        postal: "G8B 5V2",
        country: "CA",
        street: "575, rue Sacré-Cœur",
        contacts: &[
            ("Jean-François Simard", "jf.simard@coopdulac.example", "fr"),
            ("Marie-Ève Girard", "me.girard@coopdulac.example", "fr"),
        ],
    },
    DemoCustomer {
        number: "C-1009",
        name: "Harbourfront Properties",
        locale: "en",
        city: "Halifax",
        region: "NS",
        postal: "B3J 1S9",
        country: "CA",
        street: "1791 Barrington Street",
        contacts: &[
            (
                "Michael O'Brien",
                "michael.obrien@harbourfront.example",
                "en",
            ),
            ("Aisha Rahman", "aisha.rahman@harbourfront.example", "en"),
            ("Claire Dubois", "claire.dubois@harbourfront.example", "fr"),
        ],
    },
    DemoCustomer {
        number: "C-1010",
        name: "Béton Mauricie ltée",
        locale: "fr",
        city: "Trois-Rivières",
        region: "QC",
        postal: "G9A 5H3",
        country: "CA",
        street: "1500, rue Royale",
        contacts: &[
            ("Daniel Caron", "daniel.caron@betonmauricie.example", "fr"),
            (
                "Sophie Lemieux",
                "sophie.lemieux@betonmauricie.example",
                "fr",
            ),
            ("Ryan Campbell", "ryan.campbell@betonmauricie.example", "en"),
            (
                "Josée Paquette",
                "josee.paquette@betonmauricie.example",
                "fr",
            ),
        ],
    },
];

pub(super) const STAFF: &[(&str, &str, StaffRole, Locale)] = &[
    (
        "admin@geotech-laurentides.example",
        "Sophie Gagnon",
        StaffRole::Admin,
        Locale::Fr,
    ),
    (
        "marc.tremblay@geotech-laurentides.example",
        "Marc Tremblay",
        StaffRole::Manager,
        Locale::Fr,
    ),
    (
        "julie.roy@geotech-laurentides.example",
        "Julie Roy",
        StaffRole::Accountant,
        Locale::En,
    ),
];

impl Portal {
    /// Legal and billing details of a demo company, as if its first contact had entered them.
    pub(super) async fn seed_demo_profile(
        &self,
        c: &DemoCustomer,
        customer: &Customer,
        n: usize,
    ) -> CoreResult<()> {
        let (contact_name, contact_email, _) = c.contacts[0];
        let digits = 100_000_000 + (n as u64) * 7_654_321;
        let profile = CompanyProfile {
            tenant_id: customer.tenant_id,
            customer_id: customer.id,
            legal_name: c.name.to_string(),
            tax_number: format!("{digits}RT0001"),
            tax_number_qc: if c.region == "QC" {
                format!("{}TQ0001", digits * 10 + 1)
            } else {
                String::new()
            },
            phone: format!("819 555-{:04}", 1000 + n),
            billing_contact: contact_name.to_string(),
            billing_email: contact_email.to_string(),
            version: 1,
            updated_at: Millis::now(),
        };
        self.store.save_company_profile(&profile, 0, &[]).await?;
        // The address book: the head office, and for the first company a work site too.
        let now = Millis::now();
        let mut sites = vec![(
            "Siège social",
            String::new(),
            c.street.to_string(),
            c.city.to_string(),
            c.postal.to_string(),
            String::new(),
        )];
        if n == 0 {
            sites.push((
                "Chantier Lévis",
                "Terrain 14, accès par la rue Saint-Laurent".to_string(),
                "5800, rue Saint-Georges".to_string(),
                "Lévis".to_string(),
                "G6V 4M7".to_string(),
                "Livraison en semaine de 7 h à 15 h; appeler le contremaître à l’arrivée."
                    .to_string(),
            ));
        }
        for (i, (label, site, line1, city, postal, instructions)) in sites.into_iter().enumerate() {
            let region = if c.country == "CA" && i == 0 {
                c.region
            } else {
                "QC"
            };
            self.store
                .insert_address(&ShippingAddress {
                    id: AddressId::new(),
                    tenant_id: customer.tenant_id,
                    customer_id: customer.id,
                    label: label.to_string(),
                    site,
                    line1,
                    line2: String::new(),
                    city,
                    region: region.to_string(),
                    postal_code: postal,
                    country: c.country.to_string(),
                    instructions,
                    is_default: i == 0,
                    archived_at: None,
                    used_at: None,
                    created_at: now,
                    updated_at: now,
                })
                .await?;
        }
        if n == 1 {
            // A change waiting for staff: the company's new legal name.
            let Some(author) = self
                .store
                .user_by_email(
                    customer.tenant_id,
                    &Email::parse(contact_email)
                        .map_err(|_| crate::CoreError::internal("demo email"))?,
                )
                .await?
            else {
                return Ok(());
            };
            let next = CompanyProfile {
                version: 2,
                ..profile.clone()
            };
            let change = CompanyChange {
                id: ChangeId::new(),
                tenant_id: customer.tenant_id,
                customer_id: customer.id,
                user_id: author.id,
                user_name: author.name.clone(),
                field: Field::LegalName,
                before: profile.legal_name.clone(),
                after: format!("{} (9123-4567 Québec inc.)", c.name),
                status: ChangeStatus::Pending,
                created_at: Millis::now(),
                decided_by: None,
                decided_at: None,
            };
            self.store.save_company_profile(&next, 1, &[change]).await?;
        }
        Ok(())
    }
}
