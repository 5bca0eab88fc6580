//! Configurable products (issue 16): staff write options and rules (a rule set leaving no
//! configuration is refused, its rules marked); a contact configures the product — options
//! that no longer fit not offered, the price following — and asks for a quote for it; and who
//! may not.
use guichet_domain::*;
use reqwest::StatusCode;

use crate::harness::{Browser, Page, TestApp};
use crate::quotes::purchaser;
use crate::sales::{hidden, id_in, shop};

/// The staff form for a door-like support: material (steel, wood + 150,00 $), glazing (none,
/// double + 80,00 $, triple + 140,00 $), width 60–120 at 1,00 $ a unit; wood excludes triple
/// glazing and limits the width to 60–90. `extra`: more rule rows.
fn door_form(seen: &str, extra: &[[(&'static str, &'static str); 4]]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![("seen".into(), seen.into())];
    let mut put = |k: String, v: &str| f.push((k, v.to_string()));
    for (i, (key, fr, kind, min, max, unit)) in [
        ("material", "Matériau", "choice", "", "", ""),
        ("glazing", "Vitrage", "choice", "", "", ""),
        ("width", "Largeur (cm)", "number", "60", "120", "1,00"),
        ("", "", "choice", "", "", ""),
    ]
    .iter()
    .enumerate()
    {
        put(format!("g.{i}.key"), key);
        put(format!("g.{i}.name_fr"), fr);
        put(format!("g.{i}.name_en"), "");
        put(format!("g.{i}.kind"), kind);
        put(format!("g.{i}.min"), min);
        put(format!("g.{i}.max"), max);
        put(format!("g.{i}.unit_price"), unit);
    }
    for (i, (group, key, fr, price)) in [
        ("material", "steel", "Acier", ""),
        ("material", "wood", "Bois", "150"),
        ("glazing", "none", "Aucun", ""),
        ("glazing", "double", "Double", "80,00"),
        ("glazing", "triple", "Triple", "140"),
        ("", "", "", ""),
    ]
    .iter()
    .enumerate()
    {
        put(format!("o.{i}.group"), group);
        put(format!("o.{i}.key"), key);
        put(format!("o.{i}.name_fr"), fr);
        put(format!("o.{i}.name_en"), "");
        put(format!("o.{i}.price"), price);
    }
    let mut rules = vec![
        [
            ("kind", "excludes"),
            ("a", "material.wood"),
            ("b", "glazing.triple"),
            ("min", ""),
        ],
        [
            ("kind", "range"),
            ("a", "material.wood"),
            ("b", "width"),
            ("min", "60"),
        ],
    ];
    rules.extend_from_slice(extra);
    for (i, r) in rules.iter().enumerate() {
        for (k, v) in r {
            put(format!("r.{i}.{k}"), v);
        }
        put(
            format!("r.{i}.max"),
            if r[0].1 == "range" { "90" } else { "" },
        );
    }
    f
}

async fn post_form(b: &Browser, path: &str, fields: &[(String, String)]) -> Page {
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &f).await
}

async fn configurator_of(app: &TestApp, product: &str) -> Option<Configurator> {
    app.store
        .product(app.a.id, product.parse().unwrap())
        .await
        .unwrap()
        .unwrap()
        .configurator
}

async fn quote_count(app: &TestApp) -> usize {
    app.store.dump().await.unwrap().quotes.len()
}

async fn a_configurable_product_is_written_configured_and_quoted(app: TestApp) {
    let (shop, buyer) = shop(&app).await;
    let staff = app.browser(&app.a);
    staff.signed_in_as("admin@a.example").await;
    let product = shop.exclusive.clone();
    let path = format!("/staff/catalog/{product}/configurator");
    let page = staff.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let seen = hidden(&page, "seen");

    // Wood needs triple glazing, which it excludes; steel excludes every glazing: refused,
    // the four rules at fault marked, nothing saved.
    let impossible = door_form(
        &seen,
        &[
            [
                ("kind", "requires"),
                ("a", "material.wood"),
                ("b", "glazing.triple"),
                ("min", ""),
            ],
            [
                ("kind", "excludes"),
                ("a", "material.steel"),
                ("b", "glazing.none"),
                ("min", ""),
            ],
            [
                ("kind", "excludes"),
                ("a", "material.steel"),
                ("b", "glazing.double"),
                ("min", ""),
            ],
            [
                ("kind", "excludes"),
                ("a", "material.steel"),
                ("b", "glazing.triple"),
                ("min", ""),
            ],
        ],
    );
    let refused = post_form(&staff, &path, &impossible).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.has("leave no possible configuration"),
        "{}",
        refused.body
    );
    assert_eq!(
        refused
            .body
            .matches("data-testid=\"rule-at-fault\"")
            .count(),
        5
    );
    assert!(
        refused.has("value=\"glazing.triple\""),
        "what was typed is kept"
    );
    assert_eq!(configurator_of(&app, &product).await, None);
    // A rule naming an option that does not exist, an option of no group: on their rows.
    let mut dangling = door_form(
        &seen,
        &[[
            ("kind", "requires"),
            ("a", "material.gold"),
            ("b", "glazing.none"),
            ("min", ""),
        ]],
    );
    dangling.push(("o.6.group".into(), "colour".into()));
    dangling.push(("o.6.key".into(), "red".into()));
    let refused = post_form(&staff, &path, &dangling).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.has("No \"choice\" group has this key")
            || refused.has("No &quot;choice&quot; group has this key")
            || refused.has("No &#34;choice&#34; group has this key"),
        "{}",
        refused.body
    );
    assert_eq!(configurator_of(&app, &product).await, None);

    // Saved; a second save from the same page finds it changed (409), what was typed kept.
    let saved = post_form(&staff, &path, &door_form(&seen, &[])).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let c = configurator_of(&app, &product).await.unwrap();
    assert_eq!(c.groups.len(), 3);
    assert_eq!(c.rules.len(), 2);
    let stale = post_form(&staff, &path, &door_form(&seen, &[])).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.has("value=\"material.wood\""));
    // An accountant may read it, not write it; another provider's staff find nothing.
    let ada = app.browser(&app.a);
    ada.signed_in_as("accountant@a.example").await;
    assert_eq!(ada.get(&path).await.status, StatusCode::OK);
    assert_eq!(
        post_form(&ada, &path, &door_form(&seen, &[])).await.status,
        StatusCode::FORBIDDEN
    );
    let b_staff = app.browser(&app.b);
    b_staff.signed_in_as("admin@b.example").await;
    assert_eq!(b_staff.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        post_form(&b_staff, &path, &door_form(&seen, &[]))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The buyer's catalog offers to configure it; it is never put in the cart as is.
    let catalog = buyer.get("/portal/catalog").await;
    assert!(
        catalog.has(&format!("/portal/catalog/{product}/configure")),
        "{}",
        catalog.body
    );
    let added = buyer
        .post(
            "/portal/cart/add",
            &[("product", product.as_str()), ("quantity", "1")],
        )
        .await;
    assert_eq!(added.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        added.has("choisissez d’abord ses options"),
        "{}",
        added.body
    );
    // The buyer may configure it, not ask for a quote.
    let theirs = buyer
        .get(&format!("/portal/catalog/{product}/configure"))
        .await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.body);
    assert!(theirs.has("ne permet pas de demander des soumissions"));

    // Paul configures: wood leaves triple glazing out and the width at 60–90.
    let paul = purchaser(&app, shop.customer.id).await;
    let configure = format!("/portal/catalog/{product}/configure");
    let wood = paul.get(&format!("{configure}?opt.material=wood")).await;
    assert_eq!(wood.status, StatusCode::OK, "{}", wood.body);
    assert!(
        wood.has("id=\"opt-glazing-triple\" name=\"opt.glazing\" value=\"triple\" disabled"),
        "{}",
        wood.body
    );
    assert!(wood.has("De 60 à 90"));
    assert!(
        wood.has("Faites un choix dans chaque groupe"),
        "no price yet"
    );
    let done = paul
        .get(&format!(
            "{configure}?opt.material=wood&opt.glazing=double&opt.width=80"
        ))
        .await;
    // 1 234,56 $ + 150,00 $ + 80,00 $ + 80 × 1,00 $.
    assert!(done.has("1\u{a0}544,56\u{a0}$"), "{}", done.body);
    assert!(done.has("Matériau\u{a0}: Bois; Vitrage\u{a0}: Double; Largeur (cm)\u{a0}: 80"));
    // The step-by-step way (no JavaScript): "Update" posts the choices and shows the page.
    let stepped = paul
        .post(
            &configure,
            &[
                ("opt.material", "steel"),
                ("opt.glazing", "triple"),
                ("opt.width", "120"),
                ("action", "update"),
            ],
        )
        .await;
    assert_eq!(stepped.status, StatusCode::OK);
    assert!(stepped.has("1\u{a0}494,56\u{a0}$"), "{}", stepped.body);

    // Asking with a forged combination, a width out of range or no quantity: a clear
    // message, no quote.
    let before = quote_count(&app).await;
    for (fields, expected) in [
        (
            vec![
                ("opt.material", "wood"),
                ("opt.glazing", "triple"),
                ("opt.width", "80"),
                ("quantity", "1"),
            ],
            "ne va pas avec vos autres choix",
        ),
        (
            vec![
                ("opt.material", "wood"),
                ("opt.glazing", "none"),
                ("opt.width", "100"),
                ("quantity", "1"),
            ],
            "de 60 à 90",
        ),
        (
            vec![
                ("opt.material", "wood"),
                ("opt.glazing", "none"),
                ("opt.width", "80"),
                ("quantity", "0"),
            ],
            "quantité permise",
        ),
        (
            vec![
                ("opt.material", "gold"),
                ("opt.glazing", "none"),
                ("opt.width", "80"),
                ("quantity", "1"),
            ],
            "Faites un choix dans ce groupe",
        ),
        (
            vec![
                ("opt.material", "wood\u{0}"),
                ("opt.glazing", "none"),
                ("opt.width", "80"),
                ("quantity", "1"),
            ],
            "octet NUL",
        ),
    ] {
        let mut fields = fields;
        fields.push(("action", "ask"));
        let refused = paul.post(&configure, &fields).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            refused.body
        );
        assert!(refused.has(expected), "{fields:?}: {}", refused.body);
    }
    assert_eq!(quote_count(&app).await, before, "nothing half-written");

    // Asked: a draft for staff, its one line the product as configured at its price.
    let asked = paul
        .post(
            &configure,
            &[
                ("opt.material", "wood"),
                ("opt.glazing", "double"),
                ("opt.width", "80"),
                ("quantity", "3"),
                ("note", "Livraison au chantier de Lévis."),
                ("action", "ask"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    let quote = id_in(asked.location.as_deref().unwrap(), "/portal/quotes/");
    let q: QuoteId = quote.parse().unwrap();
    let lines = app.store.quote_lines(app.a.id, q).await.unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].quantity, lines[0].unit_minor), (3, 154_456));
    assert!(
        lines[0].name.fr.contains("Vitrage\u{a0}: Double"),
        "{:?}",
        lines[0].name
    );
    assert!(
        lines[0].name.en.contains("glazing")
            || lines[0].name.en.contains("Glazing")
            || lines[0].name.en.contains("Vitrage"),
        "{:?}",
        lines[0].name
    );
    let draft = staff.get(&format!("/staff/quotes/{quote}")).await;
    assert!(
        draft.has("Livraison au chantier de Lévis."),
        "{}",
        draft.body
    );

    // Another company's contact and another provider's: nothing to configure.
    let oscar = app.browser(&app.a);
    oscar.signed_in_as("oscar@autre.example").await;
    assert_eq!(oscar.get(&configure).await.status, StatusCode::NOT_FOUND);
    assert!(matches!(
        oscar
            .post(&configure, &[("opt.material", "wood"), ("action", "ask")])
            .await
            .status,
        StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
    ));
    let anon = app.browser(&app.a);
    assert!(anon.get(&configure).await.status.is_redirection());
    // An ordinary product has no configurator page.
    assert_eq!(
        paul.get(&format!("/portal/catalog/{}/configure", shop.panel))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Staff tick "Remove" on every row: an ordinary product again.
    let page = staff.get(&path).await;
    let seen = hidden(&page, "seen");
    let mut cleared = door_form(&seen, &[]);
    for (prefix, rows) in [("g", 4), ("o", 6), ("r", 2)] {
        for i in 0..rows {
            cleared.push((format!("{prefix}.{i}.remove"), "1".into()));
        }
    }
    let saved = post_form(&staff, &path, &cleared).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(configurator_of(&app, &product).await, None);
}

crate::both_backends!(a_configurable_product_is_written_configured_and_quoted,);
