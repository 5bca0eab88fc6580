//! The demo's catalog (field instruments, supplies and lab services of a geotechnical firm),
//! its prices by segment and customer, and orders at every stage.
use guichet_domain::*;
use sha2::Digest;

use crate::Portal;
use crate::error::CoreResult;
use crate::sales::{PriceInput, ProductInput};

/// (SKU, French name, English name, French description, English description, category FR,
/// category EN, unit, availability, lead days, minimum, multiple).
type DemoProduct = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PRODUCTS: &[DemoProduct] = &[
    (
        "PZ-50",
        "Piézomètre à tube ouvert 50 mm",
        "Open standpipe piezometer, 50 mm",
        "Tube PVC crépiné, bouchon et sac de sable filtrant. Pour suivre la nappe phréatique.",
        "Slotted PVC pipe, cap and filter sand bag. To follow the water table.",
        "Instruments de terrain",
        "Field instruments",
        "each",
        "in_stock",
        "",
        "1",
        "1",
    ),
    (
        "PZ-VW",
        "Piézomètre à corde vibrante",
        "Vibrating wire piezometer",
        "Capteur de pression interstitielle avec 30 m de câble blindé.",
        "Pore pressure sensor with 30 m of shielded cable.",
        "Instruments de terrain",
        "Field instruments",
        "each",
        "lead_time",
        "10",
        "1",
        "1",
    ),
    (
        "INC-TUBE",
        "Tubage d’inclinomètre 70 mm",
        "Inclinometer casing, 70 mm",
        "Tubage ABS rainuré, vendu au mètre par longueurs de 3 m.",
        "Grooved ABS casing, sold by the metre in 3 m lengths.",
        "Instruments de terrain",
        "Field instruments",
        "metre",
        "in_stock",
        "",
        "3",
        "3",
    ),
    (
        "CAP-12",
        "Bouchons de forage étanches",
        "Watertight borehole caps",
        "Boîte de 12 bouchons verrouillables pour puits de 50 mm.",
        "Box of 12 lockable caps for 50 mm wells.",
        "Fournitures",
        "Supplies",
        "box",
        "in_stock",
        "",
        "1",
        "1",
    ),
    (
        "BENT-25",
        "Bentonite en granules (25 kg)",
        "Bentonite chips (25 kg)",
        "Pour sceller les forages et les piézomètres.",
        "To seal boreholes and piezometers.",
        "Fournitures",
        "Supplies",
        "each",
        "in_stock",
        "",
        "2",
        "1",
    ),
    (
        "LAB-PROCTOR",
        "Essai Proctor modifié",
        "Modified Proctor test",
        "Essai en laboratoire sur un échantillon de sol, rapport signé en 5 jours ouvrables.",
        "Laboratory test on one soil sample, signed report within 5 business days.",
        "Services de laboratoire",
        "Laboratory services",
        "each",
        "lead_time",
        "5",
        "1",
        "1",
    ),
    (
        "LAB-GRANULO",
        "Analyse granulométrique",
        "Grain size analysis",
        "Tamisage et sédimentométrie, courbe granulométrique incluse.",
        "Sieve and hydrometer analysis, grading curve included.",
        "Services de laboratoire",
        "Laboratory services",
        "each",
        "lead_time",
        "7",
        "1",
        "1",
    ),
    (
        "TECH-H",
        "Technicien de chantier",
        "Site technician",
        "Contrôle de compaction et prélèvements sur votre chantier, à l’heure.",
        "Compaction control and sampling on your site, by the hour.",
        "Services de terrain",
        "Field services",
        "hour",
        "on_order",
        "",
        "4",
        "1",
    ),
    (
        "BOR-CUSTOM",
        "Trousse de suivi Boréale (sur mesure)",
        "Boréale monitoring kit (custom)",
        "Trousse préparée pour vos chantiers : 2 piézomètres, bentonite et bouchons.",
        "Kit prepared for your sites: 2 piezometers, bentonite and caps.",
        "Instruments de terrain",
        "Field instruments",
        "each",
        "lead_time",
        "3",
        "1",
        "1",
    ),
    (
        "PZ-MESURE",
        "Piézomètre sur mesure",
        "Made-to-measure piezometer",
        "Choisissez le diamètre, le matériau, la profondeur et la protection de tête : le prix suit vos choix.",
        "Choose the diameter, material, depth and head protection: the price follows your choices.",
        "Instruments de terrain",
        "Field instruments",
        "each",
        "lead_time",
        "15",
        "1",
        "1",
    ),
];

impl Portal {
    /// Segments, customers' terms, products with prices, and orders of Construction Boréale at
    /// every stage.
    pub(super) async fn seed_demo_sales(
        &self,
        admin: &User,
        customers: &[Customer],
    ) -> CoreResult<()> {
        let client = crate::Client::default();
        let contractors = self
            .create_segment(admin, &client, "Entrepreneurs généraux")
            .await?;
        let cities = self.create_segment(admin, &client, "Municipalités").await?;
        let distributors = self.create_segment(admin, &client, "Distributeurs").await?;
        let by_number = |n: &str| customers.iter().find(|c| c.number == n);
        for (number, segment, region) in [
            ("C-1001", Some(contractors.id), "QC"),
            ("C-1004", Some(contractors.id), "QC"),
            ("C-1002", Some(cities.id), "QC"),
            ("C-1003", None, "ON"),
            ("C-1005", Some(distributors.id), "QC"),
            ("C-1006", Some(distributors.id), "QC"),
        ] {
            if let Some(c) = by_number(number) {
                self.set_customer_terms(
                    admin,
                    &client,
                    c.id,
                    &segment.map(|s| s.to_string()).unwrap_or_default(),
                    region,
                )
                .await?;
            }
        }
        let mut ids = Vec::new();
        for p in PRODUCTS {
            let made = self
                .create_product(
                    admin,
                    &client,
                    &ProductInput {
                        sku: p.0.into(),
                        name_fr: p.1.into(),
                        name_en: p.2.into(),
                        description_fr: p.3.into(),
                        description_en: p.4.into(),
                        category_fr: p.5.into(),
                        category_en: p.6.into(),
                        unit: p.7.into(),
                        availability: p.8.into(),
                        lead_days: p.9.into(),
                        min_quantity: p.10.into(),
                        multiple: p.11.into(),
                        active: true,
                    },
                )
                .await?;
            ids.push((p.0, made.id));
        }
        let id = |sku: &str| ids.iter().find(|(s, _)| *s == sku).map(|(_, id)| *id);
        let boreale = by_number("C-1001").map(|c| c.id);
        let target_segment = |s: SegmentId| format!("segment:{s}");
        let mut prices: Vec<(&str, String, &str, &str)> = vec![
            ("PZ-50", "base".into(), "1", "185.00"),
            ("PZ-50", "base".into(), "10", "169.00"),
            ("PZ-50", target_segment(contractors.id), "1", "172.50"),
            ("PZ-VW", "base".into(), "1", "1245.00"),
            ("PZ-VW", target_segment(cities.id), "1", "1150.00"),
            ("INC-TUBE", "base".into(), "3", "42.75"),
            ("INC-TUBE", "base".into(), "30", "38.90"),
            ("CAP-12", "base".into(), "1", "96.00"),
            ("BENT-25", "base".into(), "2", "31.25"),
            ("BENT-25", "base".into(), "20", "27.80"),
            ("LAB-PROCTOR", "base".into(), "1", "285.00"),
            ("LAB-PROCTOR", target_segment(cities.id), "1", "255.00"),
            ("LAB-GRANULO", "base".into(), "1", "210.00"),
            ("TECH-H", "base".into(), "4", "98.00"),
            ("TECH-H", target_segment(contractors.id), "4", "92.00"),
            ("PZ-MESURE", "base".into(), "1", "120.00"),
        ];
        if let Some(b) = boreale {
            prices.push(("BOR-CUSTOM", format!("customer:{b}"), "1", "1590.00"));
        }
        for (sku, target, min, amount) in prices {
            let Some(product) = id(sku) else { continue };
            self.add_price(
                admin,
                &client,
                product,
                &PriceInput {
                    target,
                    min_quantity: min.into(),
                    amount: amount.into(),
                    currency: "CAD".into(),
                    valid_from: String::new(),
                    valid_until: String::new(),
                },
            )
            .await?;
        }
        self.seed_demo_catalog(
            admin,
            (distributors.id, contractors.id, cities.id),
            by_number("C-1001").map(|c| c.id),
        )
        .await?;
        if let Some(p) = id("PZ-MESURE") {
            self.seed_demo_configurator(admin, p).await?;
        }
        if let Some(c) = by_number("C-1001") {
            self.seed_demo_orders(admin, c, &id).await?;
            self.seed_demo_quotes(admin, c).await?;
            // A site visit billed by hand, on no order.
            let line = |d: &str, q: &str, p: &str| crate::billing::ManualLineInput {
                description: d.into(),
                quantity: q.into(),
                unit_price: p.into(),
            };
            let visit = crate::billing::ManualInvoiceInput {
                key: uuid::Uuid::now_v7().to_string(),
                lines: vec![
                    line("Visite de chantier et rapport", "1", "850,00"),
                    line("Déplacement (km)", "120", "0,68"),
                ],
                terms: crate::billing::BillInput {
                    first_days: "30".into(),
                    instalments: "1".into(),
                    every_days: "30".into(),
                    note: "Visite du 18 novembre, à la demande de Geneviève Lavoie.".into(),
                },
            };
            self.write_invoice(admin, &client, c.id, &visit).await?;
        }
        Ok(())
    }

    /// The made-to-measure piezometer's options and rules, written through the staff form.
    async fn seed_demo_configurator(&self, admin: &User, product: ProductId) -> CoreResult<()> {
        use crate::sales::{ConfiguratorEdit, GroupInput, OptionInput, RuleInput};
        let (p, _) = self.staff_product(admin, product).await?;
        let group = |key: &str, fr: &str, en: &str| GroupInput {
            key: key.into(),
            name_fr: fr.into(),
            name_en: en.into(),
            kind: "choice".into(),
            ..Default::default()
        };
        let option = |group: &str, key: &str, fr: &str, en: &str, price: &str| OptionInput {
            group: group.into(),
            key: key.into(),
            name_fr: fr.into(),
            name_en: en.into(),
            price: price.into(),
            remove: false,
        };
        let rule = |kind: &str, a: &str, b: &str, min: &str, max: &str| RuleInput {
            kind: kind.into(),
            a: a.into(),
            b: b.into(),
            min: min.into(),
            max: max.into(),
            remove: false,
        };
        let edit = ConfiguratorEdit {
            seen: p.updated_at.0.to_string(),
            groups: vec![
                group("diametre", "Diamètre", "Diameter"),
                group("materiau", "Matériau du tube", "Pipe material"),
                GroupInput {
                    kind: "number".into(),
                    min: "3".into(),
                    max: "30".into(),
                    unit_price: "18.50".into(),
                    ..group("profondeur", "Profondeur (m)", "Depth (m)")
                },
                group("protection", "Protection de tête", "Head protection"),
            ],
            options: vec![
                option("diametre", "d50", "50 mm", "50 mm", ""),
                option("diametre", "d100", "100 mm", "100 mm", "65.00"),
                option("materiau", "pvc", "PVC annexe 40", "Schedule 40 PVC", ""),
                option(
                    "materiau",
                    "inox",
                    "Acier inoxydable 316",
                    "316 stainless steel",
                    "240.00",
                ),
                option(
                    "protection",
                    "affleurant",
                    "Couvercle affleurant",
                    "Flush-mount cover",
                    "85.00",
                ),
                option(
                    "protection",
                    "hors_sol",
                    "Tubage hors sol cadenassé",
                    "Locking stick-up casing",
                    "140.00",
                ),
            ],
            rules: vec![
                rule("excludes", "materiau.inox", "diametre.d100", "", ""),
                rule("range", "diametre.d50", "profondeur", "3", "15"),
            ],
        };
        self.save_configurator(admin, &crate::Client::default(), product, &edit)
            .await
    }

    /// Quotes of Construction Boréale: one to accept, one refused, and one it asked for that
    /// staff are preparing.
    async fn seed_demo_quotes(&self, admin: &User, customer: &Customer) -> CoreResult<()> {
        let client = crate::Client::default();
        let until = TimeZone::default().date(Millis::now().plus_secs(30 * 24 * 3600));
        let line = |sku: &str, quantity: &str, discount: &str| {
            (sku.to_string(), quantity.to_string(), discount.to_string())
        };
        let quotes = [
            (
                "Agrandissement du stationnement — phase 2",
                vec![
                    line("PZ-50", "24", "5"),
                    line("BENT-25", "40", ""),
                    line("TECH-H", "16", ""),
                ],
                "25",
                Outcome::Open,
                None,
            ),
            (
                "Étude géotechnique — agrandissement de l’entrepôt",
                vec![line("TECH-H", "24", ""), line("LAB-PROCTOR", "6", "")],
                "20",
                Outcome::Open,
                // Its project waits at the offer step of its flow, which shows this quote.
                Some("Étude géotechnique — agrandissement de l’entrepôt"),
            ),
            (
                "Drainage de la cour arrière",
                vec![line("INC-TUBE", "60", ""), line("CAP-12", "2", "")],
                "",
                Outcome::Refused("Nous avons retenu une autre option pour ce chantier."),
                None,
            ),
            (
                "Sondages géotechniques — lot 3",
                vec![line("LAB-PROCTOR", "4", ""), line("TECH-H", "8", "10")],
                "30",
                Outcome::Accepted,
                None,
            ),
        ];
        let projects = self
            .store
            .projects_of(
                customer.tenant_id,
                customer.id,
                &guichet_store::ProjectQuery {
                    limit: 100,
                    ..Default::default()
                },
            )
            .await?;
        for (title, lines, deposit, outcome, project) in quotes {
            let project = project
                .and_then(|t| projects.iter().find(|p| p.title == t))
                .map(|p| p.id.to_string())
                .unwrap_or_default();
            let id = self
                .new_quote(admin, &client, customer.id, None, title)
                .await?;
            // Lines are added by SKU, one save each, then given their quantities.
            for (sku, _, _) in &lines {
                let q = self.staff_quote(admin, id).await?;
                let mut input = edit_of(&q);
                input.add_sku = sku.clone();
                self.save_quote(admin, &client, id, &input).await?;
            }
            let q = self.staff_quote(admin, id).await?;
            let mut input = edit_of(&q);
            for (i, (_, quantity, discount)) in lines.iter().enumerate() {
                if let Some(l) = input.lines.get_mut(i) {
                    l.quantity = quantity.clone();
                    l.discount = discount.clone();
                }
            }
            input.valid_until = until.clone();
            input.deposit_percent = deposit.into();
            input.project = project;
            input.terms = "Prix valides pour une livraison au chantier dans la grande région de Québec. Paiement net 30 jours.".into();
            self.save_quote(admin, &client, id, &input).await?;
            let seen = self
                .staff_quote(admin, id)
                .await?
                .quote
                .updated_at
                .0
                .to_string();
            self.send_quote(admin, &client, id, &seen).await?;
            if outcome == Outcome::Accepted {
                self.accept_as_demo_contact(customer, id).await?;
            }
            if let Outcome::Refused(reason) = outcome {
                let q = self.staff_quote(admin, id).await?.quote;
                let refused = Quote {
                    status: QuoteStatus::Refused,
                    reason: reason.into(),
                    decided_by_name: "Geneviève Lavoie".into(),
                    updated_at: Millis(q.updated_at.0 + 1),
                    ..q
                };
                self.store
                    .settle_quote(&refused, guichet_store::Settle::Refuse, None)
                    .await?;
            }
        }
        // One it asked for, being prepared.
        let requester = self
            .store
            .contacts_of(customer.tenant_id, customer.id)
            .await?
            .into_iter()
            .map(|m| m.user)
            .find(|u| u.password_hash.is_some());
        if let Some(u) = requester {
            let terms = self.terms_of(customer.tenant_id, customer.id).await?;
            let now = Millis::now();
            let q = Quote {
                id: QuoteId::new(),
                tenant_id: customer.tenant_id,
                customer_id: customer.id,
                customer_name: customer.name.clone(),
                project_id: None,
                number: 0,
                status: QuoteStatus::Draft,
                title: "Essais de laboratoire — printemps".into(),
                request: "Bonjour, nous aurons besoin d’environ 12 essais Proctor et 8 granulométries entre avril et juin. Pouvez-vous nous faire un prix?".into(),
                requested_by: Some(u.id),
                requested_by_name: u.name.clone(),
                lang: "fr".into(),
                currency: Currency::Cad,
                tax_region: terms.tax_region,
                valid_until: None,
                terms: String::new(),
                deposit_percent: 0,
                revision: 0,
                pdf_sha256: String::new(),
                totals: QuoteTotals::default(),
                acceptance: None,
                reason: String::new(),
                decided_by_name: String::new(),
                created_at: now,
                updated_at: now,
            };
            self.store.insert_quote(&q, &[]).await?;
        }
        Ok(())
    }

    /// Four orders of Construction Boréale, placed by its portal administrator: two
    /// delivered, one shipped, one just received.
    async fn seed_demo_orders(
        &self,
        admin: &User,
        customer: &Customer,
        id: &dyn Fn(&str) -> Option<ProductId>,
    ) -> CoreResult<()> {
        let Some(placer) = self
            .store
            .contacts_of(customer.tenant_id, customer.id)
            .await?
            .into_iter()
            .map(|m| m.user)
            .find(|u| u.password_hash.is_some())
        else {
            return Ok(());
        };
        let terms = self.terms_of(customer.tenant_id, customer.id).await?;
        let buyer = Buyer {
            customer: customer.id,
            segment: terms.segment_id,
            currency: Currency::Cad,
        };
        let day = 24 * 3600;
        let now = Millis::now();
        let orders: [(&[(&str, i64)], i64, &str, &[OrderStatus]); 4] = [
            (
                &[("LAB-GRANULO", 4), ("TECH-H", 6)],
                -45,
                "BC-2026-0388",
                &[
                    OrderStatus::InPreparation,
                    OrderStatus::Shipped,
                    OrderStatus::Delivered,
                ],
            ),
            (
                &[("PZ-50", 6), ("BENT-25", 10), ("CAP-12", 1)],
                -21,
                "BC-2026-0412",
                &[
                    OrderStatus::InPreparation,
                    OrderStatus::Shipped,
                    OrderStatus::Delivered,
                ],
            ),
            (
                &[("INC-TUBE", 36), ("LAB-PROCTOR", 3)],
                -4,
                "BC-2026-0477",
                &[OrderStatus::InPreparation, OrderStatus::Shipped],
            ),
            (&[("BOR-CUSTOM", 1), ("TECH-H", 8)], -1, "", &[]),
        ];
        // The first three are invoiced: the oldest at net 60 (not due yet), the delivered one in
        // three instalments, the first due on receipt and now overdue, the shipped one at net 30.
        let billing = [
            Some((
                -44,
                PaymentTerms {
                    first_days: 60,
                    instalments: 1,
                    every_days: 30,
                },
            )),
            Some((
                -20,
                PaymentTerms {
                    first_days: 0,
                    instalments: 3,
                    every_days: 30,
                },
            )),
            Some((-3, PaymentTerms::default())),
            None,
        ];
        for ((lines_wanted, days_ago, po, moves), bill) in orders.into_iter().zip(billing) {
            let at = now.plus_secs(days_ago * day);
            let mut lines = Vec::new();
            for (sku, quantity) in lines_wanted {
                let Some(pid) = id(sku) else { continue };
                let Some(p) = self.store.product(customer.tenant_id, pid).await? else {
                    continue;
                };
                let rules = self.store.prices_of(customer.tenant_id, pid).await?;
                let Some(rule) = price_for(&rules, &buyer, *quantity, &crate::sales::shop::today())
                else {
                    continue;
                };
                lines.push(OrderLine {
                    product_id: p.id,
                    sku: p.sku.clone(),
                    name: p.name.clone(),
                    unit: p.unit,
                    quantity: *quantity,
                    unit_minor: rule.unit_minor,
                    total_minor: rule.unit_minor * quantity,
                    shipped: 0,
                });
            }
            let subtotal: i64 = lines.iter().map(|l| l.total_minor).sum();
            let taxes = terms.tax_region.taxes_on(subtotal);
            let total = subtotal + taxes.iter().map(|t| t.minor).sum::<i64>();
            let order = Order {
                id: OrderId::new(),
                tenant_id: customer.tenant_id,
                customer_id: customer.id,
                customer_name: customer.name.clone(),
                number: 0,
                placed_by: placer.id,
                placed_by_name: placer.name.clone(),
                status: OrderStatus::Received,
                po_number: po.into(),
                note: String::new(),
                requested_on: None,
                address_id: None,
                ship_to: format!(
                    "{}\n{}\n{} {} {}",
                    customer.name,
                    customer.shipping.line1,
                    customer.shipping.city,
                    customer.shipping.region,
                    customer.shipping.postal_code
                ),
                currency: Currency::Cad,
                subtotal_minor: subtotal,
                taxes,
                total_minor: total,
                shipment: Shipment::default(),
                submit_key: uuid::Uuid::now_v7(),
                quote_id: None,
                deposit_minor: 0,
                created_at: at,
                updated_at: at,
            };
            let event = |status, at: Millis, by: &str| OrderEvent {
                id: uuid::Uuid::now_v7(),
                tenant_id: order.tenant_id,
                order_id: order.id,
                at,
                status,
                by_name: by.to_string(),
                note: String::new(),
            };
            self.store
                .place_order(
                    &order,
                    &lines,
                    &event(OrderStatus::Received, at, &placer.name),
                )
                .await?;
            let mut from = OrderStatus::Received;
            for (i, to) in moves.iter().enumerate() {
                let when = at.plus_secs((i as i64 + 1) * day);
                if *to == OrderStatus::Shipped {
                    // Everything leaves in one parcel, tracked.
                    let record = ShipmentRecord {
                        id: uuid::Uuid::now_v7(),
                        tenant_id: order.tenant_id,
                        order_id: order.id,
                        at: when,
                        shipment: Shipment {
                            carrier: Some(Carrier::Purolator),
                            tracking: "329012345678".into(),
                            expected_on: Some(TimeZone::default().date(when.plus_secs(2 * day))),
                        },
                        lines: (0..lines.len() as i64)
                            .zip(lines.iter().map(|l| l.quantity))
                            .collect(),
                        by_name: admin.name.clone(),
                    };
                    self.store
                        .record_shipment(
                            order.tenant_id,
                            from,
                            &record,
                            &event(*to, when, &admin.name),
                        )
                        .await?;
                } else {
                    let shipment = self
                        .store
                        .order(order.tenant_id, order.id)
                        .await?
                        .map(|o| o.shipment)
                        .unwrap_or_default();
                    self.store
                        .move_order(
                            order.tenant_id,
                            order.id,
                            from,
                            &shipment,
                            &event(*to, when, &admin.name),
                        )
                        .await?;
                }
                from = *to;
            }
            if let Some((issued_days_ago, terms)) = bill {
                let issued = now.plus_secs(issued_days_ago * day);
                self.seed_demo_invoice(&order, &lines, issued, terms)
                    .await?;
            }
        }
        Ok(())
    }

    /// An invoice of a demo order, issued on a day of the past.
    async fn seed_demo_invoice(
        &self,
        order: &Order,
        lines: &[OrderLine],
        issued: Millis,
        terms: PaymentTerms,
    ) -> CoreResult<()> {
        let issued_on = TimeZone::default().date(issued);
        let Some(schedule) = terms.schedule(&issued_on, order.total_minor) else {
            return Ok(());
        };
        let invoice = Invoice {
            id: InvoiceId::new(),
            tenant_id: order.tenant_id,
            customer_id: order.customer_id,
            customer_name: order.customer_name.clone(),
            number: 0,
            kind: InvoiceKind::Invoice,
            order_id: Some(order.id),
            quote_id: None,
            credits: None,
            is_deposit: false,
            deposit: None,
            currency: order.currency,
            lines: lines
                .iter()
                .map(|l| InvoiceLine {
                    sku: l.sku.clone(),
                    name: l.name.clone(),
                    quantity: l.quantity,
                    unit_minor: l.unit_minor,
                    total_minor: l.total_minor,
                })
                .collect(),
            subtotal_minor: order.subtotal_minor,
            taxes: order.taxes.clone(),
            total_minor: order.total_minor,
            issued_on,
            schedule,
            paid_minor: 0,
            note: String::new(),
            voided_at: None,
            created_at: issued,
            updated_at: issued,
        };
        self.store.insert_invoice(&invoice).await?;
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Open,
    Refused(&'static str),
    Accepted,
}

impl Portal {
    /// The customer's portal administrator accepts a sent quote through the portal's own path
    /// (signature, receipt, order), from a session made for it and ended at once.
    async fn accept_as_demo_contact(&self, customer: &Customer, id: QuoteId) -> CoreResult<()> {
        let Some(u) = self
            .store
            .contacts_of(customer.tenant_id, customer.id)
            .await?
            .into_iter()
            .map(|m| m.user)
            .find(|u| u.password_hash.is_some())
        else {
            return Ok(());
        };
        let now = Millis::now();
        let hash = hex::encode(sha2::Sha256::digest(uuid::Uuid::now_v7().as_bytes()));
        let session = Session {
            id: SessionId::new(),
            tenant_id: customer.tenant_id,
            user_id: u.id,
            token_hash: hash.clone(),
            created_at: now,
            last_seen_at: now,
            expires_at: now.plus_secs(60),
            user_agent: String::new(),
            ip: String::new(),
        };
        self.store.insert_session(&session).await?;
        let signed = self.store.signed_in(customer.tenant_id, &hash, now).await?;
        let result = async {
            let Some(signed) = signed else { return Ok(()) };
            let Some(account) = signed
                .accounts
                .iter()
                .find(|a| a.customer.id == customer.id)
            else {
                return Ok(());
            };
            let quote = self
                .store
                .quote(customer.tenant_id, id)
                .await?
                .ok_or(crate::CoreError::NotFound)?;
            self.accept_quote(
                &signed,
                account,
                &crate::Client {
                    ip: "192.0.2.10".into(),
                    user_agent: "Mozilla/5.0 (Guichet demo)".into(),
                },
                id,
                &crate::sales::AcceptInput {
                    revision: quote.revision.to_string(),
                    sha256: quote.pdf_sha256,
                    name: u.name.clone(),
                    strokes: "20,62 35,30 52,68 70,34 88,64 104,40;118,55 175,52".into(),
                    consent: true,
                    po_number: "BC-2026-0490".into(),
                },
            )
            .await
            .map(|_| ())
        }
        .await;
        self.store
            .delete_session(customer.tenant_id, u.id, session.id)
            .await?;
        result
    }
}

/// A draft's form as its page would show it.
fn edit_of(v: &crate::sales::QuoteView) -> crate::sales::QuoteEdit {
    let q = &v.quote;
    crate::sales::QuoteEdit {
        seen: q.updated_at.0.to_string(),
        title: q.title.clone(),
        lang: q.lang.clone(),
        valid_until: q.valid_until.clone().unwrap_or_default(),
        terms: q.terms.clone(),
        deposit_percent: q.deposit_percent.to_string(),
        lines: v
            .lines
            .iter()
            .map(|l| crate::sales::LineInput {
                product: l.product_id.to_string(),
                quantity: l.quantity.to_string(),
                unit_price: Money::new(l.unit_minor, q.currency).plain(),
                discount: (l.discount_bp / 100).to_string(),
            })
            .collect(),
        add_sku: String::new(),
        project: q.project_id.map(|p| p.to_string()).unwrap_or_default(),
    }
}
