//! Importing products and prices from CSV files (issue 16): checked line by line with nothing
//! written, then applied — the same file only —, and who may not.
use guichet_domain::*;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use crate::harness::{Backend, Browser, Page, TestApp};

/// Posts the import form: `kind`, `mode` (check / apply), the checked file's `sha256`, then
/// the file.
async fn send(
    b: &Browser,
    csrf: Option<&str>,
    kind: &str,
    mode: &str,
    sha: &str,
    file: &[u8],
) -> Page {
    let mut form = Form::new();
    if let Some(t) = csrf {
        form = form.text("_csrf", t.to_string());
    }
    form = form
        .text("kind", kind.to_string())
        .text("mode", mode.to_string())
        .text("sha256", sha.to_string())
        .part(
            "file",
            Part::bytes(file.to_vec()).file_name("catalogue.csv"),
        );
    let res = b
        .http
        .post(b.url("/staff/catalog/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    Page {
        status: res.status(),
        location: res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: res.text().await.unwrap_or_default(),
    }
}

async fn check(b: &Browser, kind: &str, file: &[u8]) -> Page {
    let t = b.csrf().await;
    send(b, Some(&t), kind, "check", "", file).await
}

/// Checks the file, then applies it with the fingerprint the report carried.
async fn check_and_apply(b: &Browser, kind: &str, file: &[u8]) -> (Page, Page) {
    let checked = check(b, kind, file).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let sha = hidden(&checked, "sha256");
    let t = b.csrf().await;
    let applied = send(b, Some(&t), kind, "apply", &sha, file).await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.body);
    assert!(applied.has("data-applied=\"true\""));
    (checked, applied)
}

fn hidden(p: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = p
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name} in {}", p.body))
        + marker.len();
    let end = p.body[at..].find('"').unwrap();
    p.body[at..at + end].to_string()
}

/// A count of the report's summary.
fn count(p: &Page, what: &str) -> u64 {
    let marker = format!("data-count=\"{what}\" data-n=\"");
    let at = p
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no count {what} in {}", p.body))
        + marker.len();
    let end = p.body[at..].find('"').unwrap();
    p.body[at..at + end].parse().unwrap()
}

/// The result cell of a line of the report.
fn line(p: &Page, n: u64) -> String {
    let marker = format!("<tr data-line=\"{n}\">");
    let at = p
        .body
        .find(&marker)
        .unwrap_or_else(|| panic!("no line {n} in {}", p.body));
    let end = p.body[at..].find("</tr>").unwrap();
    p.body[at..at + end].to_string()
}

fn product_input(sku: &str, name: &str) -> guichet_core::sales::ProductInput {
    guichet_core::sales::ProductInput {
        sku: sku.into(),
        name_fr: name.into(),
        name_en: "Panel".into(),
        category_fr: "Panneaux".into(),
        category_en: "Panels".into(),
        unit: "each".into(),
        availability: "in_stock".into(),
        min_quantity: "1".into(),
        multiple: "1".into(),
        active: true,
        ..Default::default()
    }
}

const PRODUCTS_HEADER: &str = "sku;name_fr;name_en;description_fr;description_en;category_fr;category_en;unit;availability;lead_days;min_quantity;multiple;active\n";

async fn staff_check_then_apply_products_and_prices(app: TestApp) {
    let admin_user = app.staff(&app.a, "admin").await;
    let client = guichet_core::Client::default();
    let (customer, _) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let segment = app
        .portal
        .create_segment(&admin_user, &client, "Distributeurs")
        .await
        .unwrap();
    let old = app
        .portal
        .create_product(&admin_user, &client, &product_input("OLD-1", "Ancien nom"))
        .await
        .unwrap();
    app.portal
        .create_product(&admin_user, &client, &product_input("KEEP-1", "Gardé"))
        .await
        .unwrap();
    // Provider B's product: its SKU means nothing to A.
    let b_admin = app.staff(&app.b, "admin").await;
    app.portal
        .create_product(&b_admin, &client, &product_input("B-ONLY", "Chez B"))
        .await
        .unwrap();

    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let catalog = admin.get("/staff/catalog").await;
    assert!(catalog.has("href=\"/staff/catalog/import\""));
    let form = admin.get("/staff/catalog/import").await;
    assert!(
        form.has("min_quantity"),
        "the columns are explained: {}",
        form.body
    );
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.has("sku, name_fr, name_en"));

    // Products: a BOM, semicolons, every kind of line.
    let products = format!(
        "\u{feff}{PRODUCTS_HEADER}\
         new-1;Nouveau panneau;New panel;;;Panneaux;Panels;each;lead_time;10;2;2;oui\n\
         OLD-1;Nouveau nom;Panel;;;Panneaux;Panels;each;in_stock;;1;1;\n\
         KEEP-1;Gardé;Panel;;;Panneaux;Panels;each;in_stock;;1;1;yes\n\
         BAD-1;Mauvais;;;;;;parsec;in_stock;;1;1;oui\n\
         CTRL-1;Nul\u{0}ici;;;;;;each;in_stock;;1;1;oui\n\
         NEW-1;Doublon;;;;;;each;in_stock;;1;1;oui\n"
    );
    let checked = check(&admin, "products", products.as_bytes()).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert!(checked.has("data-applied=\"false\""));
    assert_eq!(
        (
            count(&checked, "created"),
            count(&checked, "updated"),
            count(&checked, "unchanged"),
            count(&checked, "refused")
        ),
        (1, 1, 1, 3),
        "{}",
        checked.body
    );
    assert!(line(&checked, 2).contains("Will be created"));
    assert!(line(&checked, 3).contains("Will be updated"));
    assert!(line(&checked, 4).contains("Unchanged"));
    assert!(
        line(&checked, 5).contains("unit: This value is not valid."),
        "{}",
        line(&checked, 5)
    );
    assert!(
        line(&checked, 6).contains("name_fr: Control characters"),
        "{}",
        line(&checked, 6)
    );
    assert!(line(&checked, 7).contains("already on an earlier line"));
    // Nothing written by the check.
    assert_eq!(
        app.store.product_by_sku(app.a.id, "NEW-1").await.unwrap(),
        None
    );
    assert_eq!(
        app.store
            .product(app.a.id, old.id)
            .await
            .unwrap()
            .unwrap()
            .name
            .fr,
        "Ancien nom"
    );
    // Another file than the one checked: refused, nothing written.
    let t = admin.csrf().await;
    let other = send(
        &admin,
        Some(&t),
        "products",
        "apply",
        &hidden(&checked, "sha256"),
        format!("{products}ZZZ-1;Autre;;;;;;each;in_stock;;1;1;oui\n").as_bytes(),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT, "{}", other.body);
    assert!(other.has("not the one that was checked"));
    assert_eq!(
        app.store.product_by_sku(app.a.id, "ZZZ-1").await.unwrap(),
        None
    );
    assert_eq!(
        app.store.product_by_sku(app.a.id, "NEW-1").await.unwrap(),
        None
    );

    let (_, applied) = check_and_apply(&admin, "products", products.as_bytes()).await;
    assert_eq!(
        (
            count(&applied, "created"),
            count(&applied, "updated"),
            count(&applied, "unchanged"),
            count(&applied, "refused")
        ),
        (1, 1, 1, 3),
        "{}",
        applied.body
    );
    assert!(line(&applied, 2).contains(">Created<"));
    let new = app
        .store
        .product_by_sku(app.a.id, "NEW-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.name.en, "New panel");
    assert_eq!((new.min_quantity, new.multiple), (2, 2));
    assert_eq!(new.availability.days(), 10);
    let renamed = app.store.product(app.a.id, old.id).await.unwrap().unwrap();
    assert_eq!(renamed.name.fr, "Nouveau nom");
    assert!(renamed.active);
    assert_eq!(
        app.store.product_by_sku(app.a.id, "BAD-1").await.unwrap(),
        None
    );
    assert_eq!(
        app.store.product_by_sku(app.a.id, "CTRL-1").await.unwrap(),
        None
    );
    // The same file again changes nothing.
    let (_, again) = check_and_apply(&admin, "products", products.as_bytes()).await;
    assert_eq!(
        (
            count(&again, "created"),
            count(&again, "updated"),
            count(&again, "unchanged")
        ),
        (0, 0, 3)
    );
    assert_eq!(
        app.store
            .product(app.a.id, old.id)
            .await
            .unwrap()
            .unwrap()
            .updated_at,
        renamed.updated_at
    );

    // Prices: by segment name and customer number; a comma file.
    let prices = "sku,target,min_quantity,amount,currency,valid_from,valid_until\n\
                  NEW-1,base,2,\"250,00\",CAD,,\n\
                  NEW-1,segment:distributeurs,10,230.00,cad,2025-01-01,2025-12-31\n\
                  NEW-1,customer:C-1,2,199.50,CAD,,\n\
                  NEW-1,base,20,\"12,345\",CAD,,\n\
                  NEW-1,segment:Inconnus,2,10,CAD,,\n\
                  NEW-1,customer:C-404,2,10,CAD,,\n\
                  B-ONLY,base,1,10,CAD,,\n\
                  NEW-1,base,2,250,CAD,,\n\
                  NEW-1,planet:Mars,2,10,CAD,,\n";
    let checked = check(&admin, "prices", prices.as_bytes()).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(
        (
            count(&checked, "added"),
            count(&checked, "unchanged"),
            count(&checked, "refused")
        ),
        (3, 1, 5),
        "{}",
        checked.body
    );
    assert!(line(&checked, 2).contains("Price to add"));
    assert!(
        line(&checked, 5).contains("amount:"),
        "{}",
        line(&checked, 5)
    );
    assert!(line(&checked, 6).contains("Unknown segment"));
    assert!(line(&checked, 7).contains("Unknown customer number"));
    assert!(line(&checked, 8).contains("Unknown product code"));
    assert!(line(&checked, 9).contains("Unchanged"));
    assert!(line(&checked, 10).contains("Write base"));
    assert!(
        app.store
            .prices_of(app.a.id, new.id)
            .await
            .unwrap()
            .is_empty()
    );

    let (_, applied) = check_and_apply(&admin, "prices", prices.as_bytes()).await;
    assert_eq!(
        (
            count(&applied, "added"),
            count(&applied, "unchanged"),
            count(&applied, "refused")
        ),
        (3, 1, 5),
        "{}",
        applied.body
    );
    let rules = app.store.prices_of(app.a.id, new.id).await.unwrap();
    assert_eq!(rules.len(), 3);
    assert!(
        rules
            .iter()
            .any(|r| r.target == PriceTarget::Base && r.unit_minor == 25_000)
    );
    assert!(
        rules
            .iter()
            .any(|r| r.target == PriceTarget::Segment(segment.id)
                && r.min_quantity == 10
                && r.unit_minor == 23_000
                && r.valid_until.as_deref() == Some("2025-12-31"))
    );
    assert!(
        rules
            .iter()
            .any(|r| r.target == PriceTarget::Customer(customer.id) && r.unit_minor == 19_950)
    );
    let (_, again) = check_and_apply(&admin, "prices", prices.as_bytes()).await;
    assert_eq!((count(&again, "added"), count(&again, "unchanged")), (0, 4));
    assert_eq!(
        app.store.prices_of(app.a.id, new.id).await.unwrap().len(),
        3
    );

    // A wrong header, a file that is not CSV, an empty one: 422 naming the columns.
    let p = check(&admin, "prices", PRODUCTS_HEADER.as_bytes()).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        p.has("sku, target, min_quantity, amount, currency, valid_from, valid_until"),
        "{}",
        p.body
    );
    let p = check(
        &admin,
        "products",
        &[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("sku, name_fr, name_en"));
    let p = check(&admin, "products", b"").await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Over the upload limit (1 MB in tests): 413 with the limit in words. No CSRF: 403.
    let huge = format!(
        "{PRODUCTS_HEADER}{}",
        "X;y;;;;;;each;in_stock;;1;1;oui\n".repeat(40_000)
    );
    let p = check(&admin, "products", huge.as_bytes()).await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        p.has("1 MB") || p.has("1.0 MB") || p.has("MB"),
        "{}",
        p.body
    );
    let p = send(&admin, None, "products", "check", "", products.as_bytes()).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
}

async fn only_catalog_keepers_of_the_provider_may_import(app: TestApp) {
    let admin_user = app.staff(&app.a, "admin").await;
    let client = guichet_core::Client::default();
    app.portal
        .create_product(&admin_user, &client, &product_input("A-1", "Chez A"))
        .await
        .unwrap();
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
    app.customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let products = format!("{PRODUCTS_HEADER}NEW-9;Nouveau;;;;;;each;in_stock;;1;1;oui\n");
    for who in [
        "agent@a.example",
        "accountant@a.example",
        "camille@client.example",
    ] {
        let b = app.browser(&app.a);
        b.signed_in_as(who).await;
        let g = b.get("/staff/catalog/import").await;
        assert!(
            matches!(g.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{who}: {}",
            g.status
        );
        let p = check(&b, "products", products.as_bytes()).await;
        assert!(
            matches!(p.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND),
            "{who}: {}",
            p.status
        );
    }
    // Anonymous: sent to sign in, nothing read.
    let anon = app.browser(&app.a);
    let p = check(&anon, "products", products.as_bytes()).await;
    assert!(
        matches!(p.status, StatusCode::SEE_OTHER | StatusCode::FORBIDDEN),
        "{}",
        p.status
    );
    assert_eq!(
        app.store.product_by_sku(app.a.id, "NEW-9").await.unwrap(),
        None
    );

    // Provider B's administrator: A's SKU is unknown to B's prices, and a products file
    // naming it creates B's own product, A's untouched.
    let b = app.browser(&app.b);
    b.signed_in_as("admin@b.example").await;
    let prices =
        "sku,target,min_quantity,amount,currency,valid_from,valid_until\nA-1,base,1,10,CAD,,\n";
    let p = check(&b, "prices", prices.as_bytes()).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert!(line(&p, 2).contains("Unknown product code"));
    let (_, applied) = check_and_apply(
        &b,
        "products",
        format!("{PRODUCTS_HEADER}A-1;Chez B;;;;;;each;in_stock;;1;1;oui\n").as_bytes(),
    )
    .await;
    assert_eq!(count(&applied, "created"), 1);
    let a1 = app
        .store
        .product_by_sku(app.a.id, "A-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a1.name.fr, "Chez A");
    assert!(
        app.store
            .prices_of(app.a.id, a1.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.store
            .product_by_sku(app.b.id, "A-1")
            .await
            .unwrap()
            .unwrap()
            .name
            .fr,
        "Chez B"
    );
}

crate::both_backends!(
    staff_check_then_apply_products_and_prices,
    only_catalog_keepers_of_the_provider_may_import
);

/// 20,000 generated lines go through, read as a stream; the report lists the first lines and
/// counts them all.
async fn a_big_file_goes_through(backend: Backend) {
    let app = crate::harness::spawn_app_with(backend, false, |c| c.max_upload_mb = 16).await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let mut file = String::from(PRODUCTS_HEADER);
    for i in 0..20_000 {
        let bad = if i % 1000 == 7 { "parsec" } else { "box" };
        file.push_str(&format!(
            "GEN-{i:05};Produit {i};Product {i};Une description assez longue pour peser;A fairly long description;Générés;Generated;{bad};in_stock;;1;1;oui\n"
        ));
    }
    let checked = check(&admin, "products", file.as_bytes()).await;
    assert_eq!(
        checked.status,
        StatusCode::OK,
        "{}",
        &checked.body[..checked.body.len().min(2000)]
    );
    assert_eq!(count(&checked, "created"), 19_980);
    assert_eq!(count(&checked, "refused"), 20);
    assert!(checked.has("data-testid=\"unlisted\""));
    assert_eq!(checked.body.matches("<tr data-line=").count(), 220);
    assert_eq!(
        app.store
            .product_by_sku(app.a.id, "GEN-00000")
            .await
            .unwrap(),
        None
    );
    // Applied: a fifth of it, to keep the test short (each line is its own journaled write).
    let part: String = file.lines().take(4_001).map(|l| format!("{l}\n")).collect();
    let (_, applied) = check_and_apply(&admin, "products", part.as_bytes()).await;
    assert_eq!(count(&applied, "created"), 3_996);
    assert_eq!(count(&applied, "refused"), 4);
    assert!(
        app.store
            .product_by_sku(app.a.id, "GEN-03999")
            .await
            .unwrap()
            .is_some()
    );
}

crate::both_backends_own_app!(a_big_file_goes_through);
