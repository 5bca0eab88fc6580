//! Selling (issue 16): a customer's catalog at its prices, the cart, orders placed exactly as
//! shown and once, followed to delivery; and who may not.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, Page, TestApp};

/// The value of the hidden field `name` in a page.
pub(crate) fn hidden(p: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = p
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {}", p.body))
        + marker.len();
    let end = p.body[at..].find('"').unwrap();
    p.body[at..at + end].to_string()
}

/// The id after `prefix` in a redirect.
pub(crate) fn id_in(location: &str, prefix: &str) -> String {
    let i = location.find(prefix).unwrap() + prefix.len();
    location[i..i + 36].to_string()
}

pub(crate) struct Shop {
    pub(crate) customer: Customer,
    pub(crate) other: Customer,
    /// A product everyone is sold (base 250,00 $, 230,00 $ from 10), which the customer buys
    /// at 199,50 $; sold by boxes of 2, at least 2.
    pub(crate) panel: String,
    /// A product only the customer is sold.
    pub(crate) exclusive: String,
    pub(crate) buyer: User,
}

/// Staff set up a catalog through the pages; a buyer (a role that orders) in one customer.
pub(crate) async fn shop(app: &TestApp) -> (Shop, Browser) {
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let (customer, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (other, _) = app
        .customer_with_contact(&app.a, "C-2", "autre@client.example", "fr")
        .await;
    let admin = app.staff(&app.a, "admin").await;
    let buyer_role = app
        .portal
        .create_role(
            &admin,
            &guichet_core::Client::default(),
            &crate::harness::role_form(vec![
                ("name".into(), "Acheteur".into()),
                ("op.orders".into(), "view".into()),
                ("op.orders".into(), "create".into()),
                ("scope.orders".into(), "company".into()),
            ]),
        )
        .await
        .unwrap();
    let buyer = app
        .contact_in(
            &app.a,
            customer.id,
            "Béatrice Acheteuse",
            "acheteuse@client.example",
            &buyer_role.id.to_string(),
            "fr",
        )
        .await;
    app.contact_in(
        &app.a,
        other.id,
        "Oscar Autre",
        "oscar@autre.example",
        &buyer_role.id.to_string(),
        "en",
    )
    .await;

    let product = |sku: &'static str, fr: &'static str, min: &'static str| {
        vec![
            ("sku", sku),
            ("name_fr", fr),
            ("name_en", "Solar panel"),
            ("category_fr", "Panneaux"),
            ("category_en", "Panels"),
            ("unit", "each"),
            ("availability", "lead_time"),
            ("lead_days", "10"),
            ("min_quantity", min),
            ("multiple", min),
            ("active", "on"),
            ("version", ""),
        ]
    };
    let made = staff
        .post("/staff/catalog", &product("pv-440", "Panneau 440 W", "2"))
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let panel = id_in(made.location.as_deref().unwrap(), "/staff/catalog/");
    // The same SKU again: a clear error on its field, nothing created.
    let again = staff
        .post("/staff/catalog", &product("PV-440", "Doublon", "1"))
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.has("Another product already has this code."),
        "{}",
        again.body
    );
    let made = staff
        .post(
            "/staff/catalog",
            &product("EX-1", "Support sur mesure", "1"),
        )
        .await;
    let exclusive = id_in(made.location.as_deref().unwrap(), "/staff/catalog/");

    let price = |target: String, min: &'static str, amount: &'static str| {
        vec![
            ("target", target),
            ("min_quantity", min.to_string()),
            ("amount", amount.to_string()),
            ("currency", "CAD".to_string()),
            ("valid_from", String::new()),
            ("valid_until", String::new()),
        ]
    };
    for (product_id, fields) in [
        (&panel, price("base".into(), "1", "250,00")),
        (&panel, price("base".into(), "10", "230")),
        (
            &panel,
            price(format!("customer:{}", customer.id), "1", "199.50"),
        ),
        (
            &exclusive,
            price(format!("customer:{}", customer.id), "1", "1 234,56"),
        ),
    ] {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let p = staff
            .post(&format!("/staff/catalog/{product_id}/prices"), &fields)
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    }
    // A price with three decimals, or negative, is refused with its reason.
    let bad = staff
        .post(
            &format!("/staff/catalog/{panel}/prices"),
            &[
                ("target", "base"),
                ("min_quantity", "1"),
                ("amount", "12,345"),
                ("currency", "CAD"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let terms = staff
        .post(
            &format!("/staff/customers/{}/terms", customer.id),
            &[("segment", ""), ("tax_region", "QC")],
        )
        .await;
    assert_eq!(terms.status, StatusCode::SEE_OTHER, "{}", terms.body);

    let b = app.browser(&app.a);
    b.signed_in_as("acheteuse@client.example").await;
    (
        Shop {
            customer,
            other,
            panel,
            exclusive,
            buyer,
        },
        b,
    )
}

/// The cart page's order form, ready to submit with `extra` fields.
pub(crate) async fn place(b: &Browser, extra: &[(&str, &str)]) -> Page {
    let cart = b.get("/portal/cart").await;
    assert_eq!(cart.status, StatusCode::OK, "{}", cart.body);
    let key = hidden(&cart, "submit_key");
    let shown = hidden(&cart, "shown");
    let mut fields = vec![("submit_key", key.as_str()), ("shown", shown.as_str())];
    fields.extend_from_slice(extra);
    b.post("/portal/cart/order", &fields).await
}

async fn orders_of(app: &TestApp) -> Vec<Order> {
    app.store
        .dump()
        .await
        .unwrap()
        .orders
        .into_iter()
        .map(|(o, _)| o)
        .collect()
}

async fn a_buyer_orders_at_their_prices_and_follows_delivery(app: TestApp) {
    let (shop, b) = shop(&app).await;

    // The catalog: the customer's own price, its products only, in French money.
    let cat = b.get("/portal/catalog").await;
    assert_eq!(cat.status, StatusCode::OK, "{}", cat.body);
    assert!(cat.has("Panneau 440 W"));
    assert!(cat.has("199,50\u{a0}$"), "{}", cat.body);
    assert!(!cat.has("250,00\u{a0}$"), "the base price is not theirs");
    assert!(cat.has("1\u{a0}234,56\u{a0}$"), "their exclusive product");
    assert!(cat.has("Prêt en 10 jours"));
    // Favourites: marked from the catalog, shown alone on demand.
    let fav = b
        .post(
            &format!("/portal/catalog/{}/favourite", shop.exclusive),
            &[("on", "1"), ("back", "favourites=1")],
        )
        .await;
    assert_eq!(fav.status, StatusCode::SEE_OTHER, "{}", fav.body);
    assert_eq!(
        fav.location.as_deref(),
        Some("/portal/catalog?favourites=1")
    );
    let favs = b.get("/portal/catalog?favourites=1").await;
    assert!(
        favs.has("Support sur mesure") && !favs.has("Panneau 440 W"),
        "{}",
        favs.body
    );
    let evil = b
        .post(
            &format!("/portal/catalog/{}/favourite", shop.exclusive),
            &[("on", "0"), ("back", "//evil.example/x")],
        )
        .await;
    assert!(evil.location.unwrap().starts_with("/portal/catalog?"));
    assert!(
        !b.get("/portal/catalog?favourites=1")
            .await
            .has("Support sur mesure")
    );
    let found = b.get("/portal/catalog?q=support").await;
    assert!(found.has("Support sur mesure") && !found.has("Panneau 440 W"));

    // Another customer sees the base prices and not the exclusive product.
    let o = app.browser(&app.a);
    o.signed_in_as("oscar@autre.example").await;
    let theirs = o.get("/portal/catalog").await;
    assert!(theirs.has("$250.00"), "{}", theirs.body);
    assert!(!theirs.has("EX-1"), "{}", theirs.body);
    assert_eq!(
        o.post(
            &format!("/portal/catalog/{}/favourite", shop.exclusive),
            &[("on", "1")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "a product not sold to them cannot be a favourite"
    );
    assert_eq!(
        o.post(
            "/portal/cart/add",
            &[("product", shop.exclusive.as_str()), ("quantity", "1")]
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "a product not sold to them cannot be put in a cart"
    );

    // Quantities follow the product's minimum and multiple; errors say why.
    let low = b
        .post(
            "/portal/cart/add",
            &[("product", shop.panel.as_str()), ("quantity", "1")],
        )
        .await;
    assert_eq!(low.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(low.has("Cette quantité est sous le minimum du produit."));
    let odd = b
        .post(
            "/portal/cart/add",
            &[("product", shop.panel.as_str()), ("quantity", "3")],
        )
        .await;
    assert_eq!(odd.status, StatusCode::UNPROCESSABLE_ENTITY);
    for qty in ["4", "6"] {
        let added = b
            .post(
                "/portal/cart/add",
                &[("product", shop.panel.as_str()), ("quantity", qty)],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    b.post(
        "/portal/cart/add",
        &[("product", shop.exclusive.as_str()), ("quantity", "1")],
    )
    .await;
    let cart = b.get("/portal/cart").await;
    // 10 panels at the customer's 199,50 $ (its own tier wins over the base break at 10),
    // plus 1 234,56 $: subtotal 3 229,56 $; GST 161,48 $; QST 322,15 $.
    assert!(cart.has("1\u{a0}995,00\u{a0}$"), "{}", cart.body);
    assert!(cart.has("3\u{a0}229,56\u{a0}$"));
    assert!(cart.has("161,48\u{a0}$") && cart.has("322,15\u{a0}$"));
    assert!(cart.has("3\u{a0}713,19\u{a0}$"));

    // No address: nothing ordered, the reason shown.
    let missing = place(&b, &[("po_number", "PO-77")]).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(orders_of(&app).await.is_empty());
    // A NUL byte in the note is refused; nothing ordered.
    let nul = place(
        &b,
        &[
            ("address", "other"),
            ("other_address", "1 rue"),
            ("note", "a\0b"),
        ],
    )
    .await;
    assert_eq!(nul.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(orders_of(&app).await.is_empty());

    let cart = b.get("/portal/cart").await;
    let key = hidden(&cart, "submit_key");
    let shown = hidden(&cart, "shown");
    let fields = [
        ("submit_key", key.as_str()),
        ("shown", shown.as_str()),
        ("address", "other"),
        ("other_address", "450, rue Saint-Paul\nQuébec QC G1K 3A9"),
        ("po_number", "PO-77"),
        ("note", "Quai 3"),
    ];
    let placed = b.post("/portal/cart/order", &fields).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    let location = placed.location.clone().unwrap();
    let order_id = id_in(&location, "/portal/orders/");
    // The same page submitted again is the same order.
    let twice = b.post("/portal/cart/order", &fields).await;
    assert_eq!(twice.status, StatusCode::SEE_OTHER, "{}", twice.body);
    assert_eq!(
        id_in(twice.location.as_deref().unwrap(), "/portal/orders/"),
        order_id
    );
    let orders = orders_of(&app).await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].number, 1);
    assert_eq!(orders[0].total_minor, 371319);
    assert!(b.get("/portal/cart").await.has("Votre panier est vide."));

    let page = b.get(&location).await;
    assert!(page.has("Commande 1"), "{}", page.body);
    assert!(page.has("la commande 1 est passée"));
    assert!(page.has("PO-77") && page.has("Reçue"));
    let mail = app.last_mail_to("acheteuse@client.example").await;
    assert!(
        mail.subject.contains("commande 1 reçue"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("3\u{a0}713,19\u{a0}$"), "{}", mail.body);
    assert!(mail.body.contains(&format!("/portal/orders/{order_id}")));

    // The provider's people who handle orders are told (an accountant is not).
    let mail = app.last_mail_to("admin@a.example").await;
    assert!(
        mail.subject.contains("new order 1 from Société C-1"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains(&format!("/staff/orders/{order_id}")));
    assert!(app.mails_to("accountant@a.example").await.is_empty());

    // Staff ship it with a tracking number; the customer sees where it is.
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    assert!(staff.get("/staff/orders").await.has("Order 1"));
    // Found by PO number, by customer, by number, by status; not by another word.
    for found in [
        "/staff/orders?q=po-77",
        "/staff/orders?q=soci%C3%A9t%C3%A9",
        "/staff/orders?q=%231",
        "/staff/orders?status=received",
    ] {
        assert!(
            staff
                .get(found)
                .await
                .has(&format!("/staff/orders/{order_id}")),
            "{found}"
        );
    }
    assert!(
        !staff
            .get("/staff/orders?q=zzz")
            .await
            .has(&format!("/staff/orders/{order_id}"))
    );
    assert!(
        !staff
            .get("/staff/orders?status=shipped")
            .await
            .has(&format!("/staff/orders/{order_id}"))
    );
    let long = "x".repeat(300);
    assert_eq!(
        staff.get(&format!("/staff/orders?q={long}")).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A picture: staff give one, the customer sees it in the catalog; not a picture: refused.
    let png = crate::previews::png_of(64, 40);
    let up = staff
        .post_multipart(
            &format!("/staff/catalog/{}/image", shop.panel),
            &[],
            &[("image", "panneau.png", &png)],
        )
        .await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    let not_image = staff
        .post_multipart(
            &format!("/staff/catalog/{}/image", shop.panel),
            &[],
            &[("image", "evil.png", b"<script>alert(1)</script>")],
        )
        .await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        not_image.has("not a PNG, JPEG or WebP picture"),
        "{}",
        not_image.body
    );
    let img = b
        .http
        .get(b.url(&format!("/portal/catalog/{}/image", shop.panel)))
        .send()
        .await
        .unwrap();
    assert_eq!(img.status(), StatusCode::OK);
    assert_eq!(img.headers()["content-type"], "image/png");
    assert_eq!(
        img.bytes().await.unwrap().to_vec(),
        png,
        "the picture kept, not the refused file"
    );
    assert!(
        b.get("/portal/catalog")
            .await
            .has(&format!("/portal/catalog/{}/image", shop.panel))
    );
    // Another customer is not sold the exclusive product: no picture of it either; a contact
    // may not upload; a foreign provider's staff see nothing.
    let other = app.browser(&app.a);
    other.signed_in_as("oscar@autre.example").await;
    assert_eq!(
        other
            .get(&format!("/portal/catalog/{}/image", shop.exclusive))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.post_multipart(
            &format!("/staff/catalog/{}/image", shop.panel),
            &[],
            &[("image", "p.png", &png)]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("admin@b.example").await;
    assert_eq!(
        foreign
            .get(&format!("/staff/catalog/{}/image", shop.panel))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let anon = app.browser(&app.a);
    assert_eq!(
        anon.get(&format!("/portal/catalog/{}/image", shop.panel))
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // Staff see what each customer pays and which rule says so.
    let theirs = staff
        .get(&format!("/staff/customers/{}", shop.customer.id))
        .await;
    assert!(theirs.has("What this customer pays"), "{}", theirs.body);
    assert!(theirs.has("$199.50") && theirs.has("Its own price"));
    let others = staff
        .get(&format!("/staff/customers/{}", shop.other.id))
        .await;
    assert!(others.has("$250.00") && others.has("Everyone (base price)"));
    assert!(!others.has("EX-1"));
    // A shipment beyond what was ordered, or a tracking number with spaces: refused.
    for fields in [
        vec![("from", "received"), ("qty.0", "11")],
        vec![("from", "received"), ("qty.0", "2"), ("tracking", "12 34<")],
        vec![("from", "received"), ("qty.0", "0"), ("qty.1", "")],
    ] {
        let bad = staff
            .post(&format!("/staff/orders/{order_id}/ship"), &fields)
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    // Part of it leaves first, then the rest, each tracked.
    let part = staff
        .post(
            &format!("/staff/orders/{order_id}/ship"),
            &[
                ("from", "received"),
                ("qty.0", "4"),
                ("qty.1", "0"),
                ("carrier", "ups"),
                ("tracking", "1Z999AA10123456784"),
            ],
        )
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER, "{}", part.body);
    let page = b.get(&location).await;
    assert!(page.has("Expédiée en partie"), "{}", page.body);
    assert!(page.has("4 sur 10 expédiés"));
    let moved = staff
        .post(
            &format!("/staff/orders/{order_id}/ship"),
            &[
                ("from", "partially_shipped"),
                ("qty.0", "6"),
                ("qty.1", "1"),
                ("carrier", "purolator"),
                ("tracking", "329012345678"),
                ("expected_on", "2026-12-20"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    // The same shipment from a stale page changes nothing; nothing is left to ship.
    let stale = staff
        .post(
            &format!("/staff/orders/{order_id}/ship"),
            &[("from", "partially_shipped"), ("qty.0", "1")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let stale = staff
        .post(
            &format!("/staff/orders/{order_id}/move"),
            &[("from", "received"), ("to", "in_preparation")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let page = b.get(&location).await;
    assert!(page.has("Expédiée"));
    assert!(page.has("https://www.purolator.com/en/shipping/tracker?pin=329012345678"));
    assert!(
        page.has("https://www.ups.com/track?tracknum=1Z999AA10123456784"),
        "both parcels"
    );
    assert!(!page.has("Annuler la commande"), "shipped: no cancelling");
    let mail = app.last_mail_to("acheteuse@client.example").await;
    assert!(mail.subject.contains("Expédiée"), "{}", mail.subject);

    // Everything is in the journal.
    let actions: Vec<String> = app
        .store
        .dump()
        .await
        .unwrap()
        .journal
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "product.create",
        "price.add",
        "customer.terms",
        "order.place",
        "order.ship",
        "product.image",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }

    // Order again: the products back in the cart at today's prices.
    let again = b
        .post(&format!("/portal/orders/{order_id}/reorder"), &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location.as_deref(), Some("/portal/cart"));
    assert!(b.get("/portal/cart").await.has("Panneau 440 W"));
    let _ = (shop.buyer, shop.customer);
}

async fn an_order_is_placed_only_as_shown_and_once(app: TestApp) {
    let (shop, b) = shop(&app).await;
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "2")],
    )
    .await;
    let cart = b.get("/portal/cart").await;
    let key = hidden(&cart, "submit_key");
    let shown = hidden(&cart, "shown");

    // A price changes after the page was shown: nothing is ordered, the new price shown.
    let admin = app.staff(&app.a, "admin").await;
    let rules = app
        .store
        .prices_of(app.a.id, shop.panel.parse().unwrap())
        .await
        .unwrap();
    let mine = rules
        .iter()
        .find(|r| matches!(r.target, PriceTarget::Customer(_)))
        .unwrap();
    app.portal
        .remove_price(&admin, &guichet_core::Client::default(), mine.id)
        .await
        .unwrap();
    let fields = [
        ("submit_key", key.as_str()),
        ("shown", shown.as_str()),
        ("address", "other"),
        ("other_address", "1 rue Principale"),
    ];
    let refused = b.post("/portal/cart/order", &fields).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.has("Votre panier a changé"));
    assert!(refused.has("250,00\u{a0}$"), "the price now");
    assert!(refused.has("auparavant 199,50\u{a0}$"), "{}", refused.body);
    assert!(orders_of(&app).await.is_empty());

    // Twenty submissions of the page now shown, at once: one order.
    let cart = b.get("/portal/cart").await;
    let key = hidden(&cart, "submit_key");
    let shown = hidden(&cart, "shown");
    let b = std::sync::Arc::new(b);
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (b, key, shown) = (b.clone(), key.clone(), shown.clone());
        tasks.push(tokio::spawn(async move {
            b.post(
                "/portal/cart/order",
                &[
                    ("submit_key", key.as_str()),
                    ("shown", shown.as_str()),
                    ("address", "other"),
                    ("other_address", "1 rue Principale"),
                ],
            )
            .await
        }));
    }
    let mut places = std::collections::HashSet::new();
    for t in tasks {
        let p = t.await.unwrap();
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
        places.insert(id_in(p.location.as_deref().unwrap(), "/portal/orders/"));
    }
    assert_eq!(places.len(), 1, "one order for one page");
    assert_eq!(orders_of(&app).await.len(), 1);

    // A forged fingerprint or key orders nothing.
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "2")],
    )
    .await;
    let forged = b
        .post(
            "/portal/cart/order",
            &[
                ("submit_key", "not-a-key"),
                ("shown", "x"),
                ("address", "other"),
                ("other_address", "1 rue"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::CONFLICT);
    assert_eq!(orders_of(&app).await.len(), 1);
}

async fn strangers_and_roles_without_the_right_are_refused(app: TestApp) {
    let (shop, b) = shop(&app).await;
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "2")],
    )
    .await;
    let placed = place(&b, &[("address", "other"), ("other_address", "1 rue")]).await;
    let location = placed.location.unwrap();
    let order_id = id_in(&location, "/portal/orders/");

    // Anonymous: sent to sign in, everywhere.
    let anon = app.browser(&app.a);
    for path in [
        "/portal/catalog",
        "/portal/cart",
        "/portal/orders",
        location.as_str(),
    ] {
        let p = anon.get(path).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        assert!(p.location.unwrap().starts_with("/sign-in"), "{path}");
    }
    let p = anon
        .post(
            "/portal/cart/add",
            &[("product", shop.panel.as_str()), ("quantity", "2")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(p.location.unwrap().starts_with("/sign-in"));
    assert_eq!(orders_of(&app).await.len(), 1);

    // A contact of the same customer whose role only views: sees orders, cannot order.
    let viewer = app.browser(&app.a);
    viewer.signed_in_as("camille@client.example").await;
    assert_eq!(viewer.get("/portal/orders").await.status, StatusCode::OK);
    assert!(viewer.get(&location).await.has("Commande 1"));
    assert!(!viewer.get(&location).await.has("Commander de nouveau"));
    assert_eq!(
        viewer.get("/portal/catalog").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        viewer.get("/portal/cart").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        viewer
            .post(
                "/portal/cart/add",
                &[("product", shop.panel.as_str()), ("quantity", "2")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        viewer
            .post(&format!("/portal/orders/{order_id}/cancel"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Another customer's contact, and another provider's: the order does not exist for them.
    let other = app.browser(&app.a);
    other.signed_in_as("oscar@autre.example").await;
    assert_eq!(other.get(&location).await.status, StatusCode::NOT_FOUND);
    assert!(!other.get("/portal/orders").await.has("Commande 1"));
    assert_eq!(
        other
            .post(&format!("/portal/orders/{order_id}/cancel"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    app.customer_with_contact(&app.b, "B-1", "b@client.example", "fr")
        .await;
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("b@client.example").await;
    assert_eq!(foreign.get(&location).await.status, StatusCode::NOT_FOUND);
    let foreign_staff = app.browser(&app.b);
    foreign_staff.signed_in_as("admin@b.example").await;
    assert_eq!(
        foreign_staff
            .get(&format!("/staff/orders/{order_id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        foreign_staff
            .get(&format!("/staff/catalog/{}", shop.panel))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        foreign_staff
            .post(
                &format!("/staff/orders/{order_id}/move"),
                &[("from", "received"), ("to", "cancelled")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Contacts never reach staff pages.
    for path in [
        "/staff/catalog",
        "/staff/orders",
        &format!("/staff/orders/{order_id}"),
    ] {
        assert_eq!(b.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        b.post(
            &format!("/staff/orders/{order_id}/move"),
            &[("from", "received"), ("to", "delivered")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // An agent moves orders but does not keep the catalog; an accountant does neither.
    app.portal
        .add_staff_with_password(
            &app.a,
            "agent@a.example",
            "Agathe Agent",
            StaffRole::Agent,
            Locale::Fr,
            crate::harness::PASSWORD,
        )
        .await
        .unwrap();
    let product = [
        ("sku", "NEW-1"),
        ("name_fr", "Nouveau"),
        ("unit", "each"),
        ("availability", "in_stock"),
        ("min_quantity", "1"),
        ("multiple", "1"),
    ];
    for who in ["agent@a.example", "accountant@a.example"] {
        let s = app.browser(&app.a);
        s.signed_in_as(who).await;
        assert_eq!(s.get("/staff/orders").await.status, StatusCode::OK, "{who}");
        assert_eq!(
            s.post("/staff/catalog", &product).await.status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
        assert_eq!(
            s.post(
                &format!("/staff/catalog/{}/prices", shop.panel),
                &[
                    ("target", "base"),
                    ("min_quantity", "1"),
                    ("amount", "1"),
                    ("currency", "CAD")
                ]
            )
            .await
            .status,
            StatusCode::FORBIDDEN,
            "{who}"
        );
    }
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant
            .post(
                &format!("/staff/orders/{order_id}/move"),
                &[("from", "received"), ("to", "in_preparation")]
            )
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let agent = app.browser(&app.a);
    agent.signed_in_as("agent@a.example").await;
    assert_eq!(
        agent
            .post(
                &format!("/staff/orders/{order_id}/move"),
                &[("from", "received"), ("to", "in_preparation")]
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(orders_of(&app).await[0].status, OrderStatus::InPreparation);
    // Now under way: the buyer can no longer cancel.
    assert_eq!(
        b.post(&format!("/portal/orders/{order_id}/cancel"), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
    let _ = (shop.customer, shop.other, shop.exclusive, shop.buyer);
}

async fn the_customer_cancels_before_the_provider_starts(app: TestApp) {
    let (shop, b) = shop(&app).await;
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "2")],
    )
    .await;
    let placed = place(&b, &[("address", "other"), ("other_address", "1 rue")]).await;
    let location = placed.location.unwrap();
    let order_id = id_in(&location, "/portal/orders/");
    assert!(b.get(&location).await.has("Annuler la commande"));
    let cancelled = b
        .post(
            &format!("/portal/orders/{order_id}/cancel"),
            &[("reason", "Commandé en double")],
        )
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let page = b.get(&location).await;
    assert!(page.has("Annulée") && page.has("Commandé en double"));
    let again = b
        .post(&format!("/portal/orders/{order_id}/cancel"), &[])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(orders_of(&app).await[0].status, OrderStatus::Cancelled);
    // Staff cannot move a cancelled order.
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let p = staff
        .post(
            &format!("/staff/orders/{order_id}/move"),
            &[("from", "cancelled"), ("to", "shipped")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    let _ = (shop.customer, shop.other, shop.exclusive, shop.buyer);
}

async fn orders_above_the_amount_wait_for_an_approver(app: TestApp) {
    let (shop, b) = shop(&app).await;
    let admin = app.staff(&app.a, "admin").await;
    let client = guichet_core::Client::default();
    let role = |name: &str, admin: bool| {
        let mut pairs = vec![
            ("name".to_string(), name.to_string()),
            ("op.orders".into(), "view".into()),
            ("op.orders".into(), "create".into()),
            ("op.orders".into(), "edit".into()),
            ("scope.orders".into(), "company".into()),
        ];
        if admin {
            pairs.push(("company_admin".into(), "on".into()));
        }
        crate::harness::role_form(pairs)
    };
    let approver_role = app
        .portal
        .create_role(&admin, &client, &role("Achats", false))
        .await
        .unwrap();
    let boss_role = app
        .portal
        .create_role(&admin, &client, &role("Direction", true))
        .await
        .unwrap();
    app.contact_in(
        &app.a,
        shop.customer.id,
        "Paul Approbateur",
        "paul@client.example",
        &approver_role.id.to_string(),
        "fr",
    )
    .await;
    app.contact_in(
        &app.a,
        shop.customer.id,
        "Diane Direction",
        "diane@client.example",
        &boss_role.id.to_string(),
        "fr",
    )
    .await;

    // Only a company administrator sets the amount; a bad amount says why.
    assert_eq!(
        b.post("/portal/orders/approval", &[("amount", "500")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let boss = app.browser(&app.a);
    boss.signed_in_as("diane@client.example").await;
    let bad = boss
        .post("/portal/orders/approval", &[("amount", "-5")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set = boss
        .post("/portal/orders/approval", &[("amount", "500,00")])
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert!(
        b.get("/portal/orders")
            .await
            .has("Les commandes de plus de 500,00\u{a0}$")
    );

    // Below the amount: straight to the provider.
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "2")],
    )
    .await;
    let small = place(&b, &[("address", "other"), ("other_address", "1 rue")]).await;
    assert_eq!(small.status, StatusCode::SEE_OTHER, "{}", small.body);
    // Above it: waits, unseen by the provider.
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "4")],
    )
    .await;
    let big = place(&b, &[("address", "other"), ("other_address", "1 rue")]).await;
    let location = big.location.unwrap();
    let id = id_in(&location, "/portal/orders/");
    let page = b.get(&location).await;
    assert!(page.has("En attente d’approbation"), "{}", page.body);
    assert!(page.has("dépasse le montant d’approbation"));
    assert!(
        !page.has("Approuver et transmettre"),
        "the buyer may not approve"
    );
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    assert!(
        !staff
            .get("/staff/orders")
            .await
            .has(&format!("/staff/orders/{id}"))
    );
    assert_eq!(
        staff.get(&format!("/staff/orders/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        staff
            .post(
                &format!("/staff/orders/{id}/move"),
                &[("from", "awaiting_approval"), ("to", "shipped")]
            )
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let mail = app.last_mail_to("paul@client.example").await;
    assert!(
        mail.subject.contains("attend votre approbation"),
        "{}",
        mail.subject
    );

    // The buyer cannot approve their own; the approver does, once.
    assert_eq!(
        b.post(&format!("/portal/orders/{id}/approve"), &[])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let approver = app.browser(&app.a);
    approver.signed_in_as("paul@client.example").await;
    assert!(
        approver
            .get("/portal/orders")
            .await
            .has("Commandes à approuver")
    );
    let ok = approver
        .post(&format!("/portal/orders/{id}/approve"), &[])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(
        approver
            .post(&format!("/portal/orders/{id}/approve"), &[])
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert!(b.get(&location).await.has("Reçue"));
    assert!(
        staff
            .get("/staff/orders")
            .await
            .has(&format!("/staff/orders/{id}"))
    );
    // The provider hears of it once approved, not before.
    let told: Vec<String> = app
        .mails_to("manager@a.example")
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        told.len(),
        2,
        "{told:?}: the small order, then the approved one"
    );

    // Another one refused with a reason, which the buyer reads.
    b.post(
        "/portal/cart/add",
        &[("product", shop.panel.as_str()), ("quantity", "4")],
    )
    .await;
    let second = place(&b, &[("address", "other"), ("other_address", "1 rue")]).await;
    let second = second.location.unwrap();
    let second_id = id_in(&second, "/portal/orders/");
    let refused = approver
        .post(
            &format!("/portal/orders/{second_id}/refuse"),
            &[("reason", "Budget dépassé")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    let page = b.get(&second).await;
    assert!(page.has("Annulée") && page.has("Budget dépassé"));

    // An approver's own order never waits.
    approver
        .post(
            "/portal/cart/add",
            &[("product", shop.panel.as_str()), ("quantity", "4")],
        )
        .await;
    let own = place(
        &approver,
        &[("address", "other"), ("other_address", "1 rue")],
    )
    .await;
    assert!(
        approver
            .get(own.location.as_deref().unwrap())
            .await
            .has("Reçue")
    );
    let actions: Vec<String> = app
        .store
        .dump()
        .await
        .unwrap()
        .journal
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.iter().any(|a| a == "order.approval"));
    let _ = (shop.other, shop.exclusive, shop.buyer);
}

crate::both_backends!(
    orders_above_the_amount_wait_for_an_approver,
    a_buyer_orders_at_their_prices_and_follows_delivery,
    an_order_is_placed_only_as_shown_and_once,
    strangers_and_roles_without_the_right_are_refused,
    the_customer_cancels_before_the_provider_starts,
);
