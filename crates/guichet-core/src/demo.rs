//! Demo data: a realistic provider so a newcomer sees a living portal. Idempotent.
use guichet_domain::*;

use crate::Portal;
use crate::accounts::{AddressInput, ContactInput, CustomerInput};
use crate::error::CoreResult;
use crate::roles::RoleInput;
use crate::secrets::hash_password;
use crate::tenants::NewTenant;

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

struct DemoCustomer {
    number: &'static str,
    name: &'static str,
    locale: &'static str,
    city: &'static str,
    region: &'static str,
    postal: &'static str,
    country: &'static str,
    street: &'static str,
    contacts: &'static [(&'static str, &'static str, &'static str)],
}

const CUSTOMERS: &[DemoCustomer] = &[
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

const STAFF: &[(&str, &str, StaffRole, Locale)] = &[
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
    async fn seed_demo_profile(
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

/// Demo projects: (customer number, title, reference, site, start, end, status).
const PROJECTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "C-1001",
        "Étude géotechnique — agrandissement de l’entrepôt",
        "GL-2026-014",
        "450, rue Saint-Paul, Québec",
        "2026-10-05",
        "2026-12-18",
        "open",
    ),
    (
        "C-1001",
        "Relevé topographique du chantier de Lévis",
        "GL-2026-021",
        "5800, rue Saint-Georges, Lévis",
        "2026-11-02",
        "2027-01-29",
        "open",
    ),
    (
        "C-1001",
        "Caractérisation environnementale (phase I)",
        "GL-2025-087",
        "450, rue Saint-Paul, Québec",
        "2025-05-12",
        "2025-07-04",
        "closed",
    ),
    (
        "C-1002",
        "Inspection des fondations",
        "GL-2026-030",
        "",
        "2026-11-16",
        "",
        "on_hold",
    ),
];

impl Portal {
    async fn seed_demo_projects(&self, admin: &User, customers: &[Customer]) -> CoreResult<()> {
        // Each project's team: the administrator and the project manager.
        let team: Vec<UserId> = self
            .store
            .list_staff(admin.tenant_id)
            .await?
            .into_iter()
            .filter(|u| u.staff_role != Some(StaffRole::Accountant))
            .map(|u| u.id)
            .collect();
        for (i, (number, title, reference, site, starts, ends, status)) in
            PROJECTS.iter().enumerate()
        {
            let Some(c) = customers.iter().find(|c| c.number == *number) else {
                continue;
            };
            let project = self.create_project(
                admin,
                &crate::Client::default(),
                c.id,
                &crate::projects::ProjectInput {
                    title: (*title).into(),
                    reference: (*reference).into(),
                    description: "Dossier de démonstration : les documents, demandes et échanges s’y ajouteront.".into(),
                    site: (*site).into(),
                    starts_on: (*starts).into(),
                    ends_on: (*ends).into(),
                    status: (*status).into(),
                },
            )
            .await?;
            self.set_project_team(admin, &crate::Client::default(), project.id, &team)
                .await?;
            if i == 0 {
                self.create_request(
                    admin,
                    &crate::Client::default(),
                    project.id,
                    &crate::requests::RequestInput {
                        title: "Plan d’implantation signé".into(),
                        kind: "plan".into(),
                        description: "Le plan signé par le propriétaire, pour lancer les forages."
                            .into(),
                        due_on: "2026-12-04".into(),
                    },
                )
                .await?;
                for (title, kind, file) in [
                    (
                        "Soumission GL-2026-014",
                        "quote",
                        "soumission-GL-2026-014.pdf",
                    ),
                    (
                        "Rapport préliminaire de forage",
                        "report",
                        "rapport-preliminaire.pdf",
                    ),
                    ("Facture 2026-0312", "invoice", "facture-2026-0312.pdf"),
                ] {
                    self.demo_document_file(admin, &project, title, kind, file)
                        .await?;
                }
            }
        }
        self.seed_demo_flows(admin, customers, &team).await?;
        Ok(())
    }

    /// A demo PDF document on a project.
    pub(crate) async fn demo_document(
        &self,
        admin: &User,
        project: &Project,
        title: &str,
        kind: &str,
    ) -> CoreResult<Document> {
        let file = format!("{}.pdf", file_name(title));
        self.demo_document_file(admin, project, title, kind, &file)
            .await
    }

    async fn demo_document_file(
        &self,
        admin: &User,
        project: &Project,
        title: &str,
        kind: &str,
        file: &str,
    ) -> CoreResult<Document> {
        let pdf = demo_pdf(title);
        let data: guichet_blob::ByteStream<'static> =
            Box::pin(futures_util::stream::iter([Ok::<_, std::io::Error>(
                bytes_of(pdf),
            )]));
        self.upload_document(
            crate::documents::Actor::Staff(admin),
            &crate::Client::default(),
            project.id,
            &crate::documents::DocumentMeta {
                title: title.into(),
                kind: kind.into(),
            },
            file,
            data,
        )
        .await
    }
}

/// A one-page PDF that says `title` (enough for a browser to preview it).
fn demo_pdf(title: &str) -> Vec<u8> {
    let text: String = title
        .chars()
        .map(|c| {
            if c.is_ascii() && c != '(' && c != ')' && c != '\\' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn bytes_of(v: Vec<u8>) -> bytes::Bytes {
    bytes::Bytes::from(v)
}

struct DemoRoles {
    company_admin: RoleId,
    accounting: RoleId,
}

impl Portal {
    /// The demo's portal roles besides the default one.
    async fn seed_demo_roles(&self, admin: &User) -> CoreResult<DemoRoles> {
        let default = self
            .roles(admin)
            .await?
            .into_iter()
            .find(|(r, _)| r.is_default)
            .map(|(r, _)| r.id)
            .ok_or_else(|| crate::CoreError::internal("default role missing"))?;
        let make = |pairs: Vec<(&str, String)>| RoleInput {
            pairs: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        };
        let view = |m: &str| (format!("op.{m}"), "view".to_string());
        let accounting = self
            .create_role(
                admin,
                &make(vec![
                    ("name", "Comptabilité".into()),
                    ("op.invoices", "view".into()),
                    ("op.quotes", "view".into()),
                    ("op.orders", "view".into()),
                    ("op.documents", "view".into()),
                    ("scope.documents", "kinds".into()),
                    ("kinds.documents", "invoice".into()),
                    ("kinds.documents", "quote".into()),
                    ("kinds.documents", "purchase_order".into()),
                    ("op.company", "edit".into()),
                    ("field.legal_name", "read_only".into()),
                    ("op.support", "create".into()),
                ]),
            )
            .await?;
        let mut all = vec![("name", "Administrateur de l'entreprise".to_string())];
        let all_ops: Vec<(String, String)> = Module::ALL
            .iter()
            .flat_map(|m| {
                [
                    view(m.code()),
                    (format!("op.{}", m.code()), "create".into()),
                    (format!("op.{}", m.code()), "edit".into()),
                ]
            })
            .collect();
        let mut company_admin = make(std::mem::take(&mut all));
        company_admin.pairs.extend(all_ops);
        company_admin
            .pairs
            .push(("company_admin".into(), "on".into()));
        company_admin
            .pairs
            .push(("grantable".into(), default.to_string()));
        company_admin
            .pairs
            .push(("grantable".into(), accounting.id.to_string()));
        let company_admin = self.create_role(admin, &company_admin).await?;
        self.create_role(
            admin,
            &make(vec![
                ("name", "Sous-traitant".into()),
                ("op.projects", "view".into()),
                ("scope.projects", "own".into()),
                ("op.documents", "create".into()),
                ("scope.documents", "kinds".into()),
                ("kinds.documents", "plan".into()),
                ("kinds.documents", "report".into()),
                ("kinds.documents", "measurement".into()),
                ("op.support", "create".into()),
                ("field.tax_number", "hidden".into()),
            ]),
        )
        .await?;
        Ok(DemoRoles {
            company_admin: company_admin.id,
            accounting: accounting.id,
        })
    }

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
                    .add_contact(&admin, &tenant, customer.id, &input, invite)
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
        Ok(DemoSignIns {
            tenant,
            created: true,
            staff: staff_list,
            contacts: contact_list,
        })
    }
}
