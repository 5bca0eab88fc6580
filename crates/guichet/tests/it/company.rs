//! My company: a role decides which details a contact sees and edits; changes are recorded and,
//! on the fields staff choose, wait for their approval.
use guichet_domain::{CompanyProfile, Millis};
use reqwest::StatusCode;

use crate::harness::TestApp;

fn version_of(body: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let i = body.find(marker).unwrap() + marker.len();
    body[i..i + body[i..].find('"').unwrap()].to_string()
}

async fn my_company_follows_the_role(app: TestApp) {
    let (c, u) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "en")
        .await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    // Staff: a role that edits the company, with the tax number hidden and the legal name
    // read-only.
    let p = admin
        .post(
            "/staff/roles",
            &[
                ("name", "Comptabilité"),
                ("op.company", "edit"),
                ("field.tax_number", "hidden"),
                ("field.legal_name", "read_only"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let role = app.store.roles(app.a.id).await.unwrap();
    let role = role
        .iter()
        .find(|(r, _)| r.name == "Comptabilité")
        .unwrap()
        .0
        .clone();
    app.portal
        .move_contacts(
            &app.staff(&app.a, "admin").await,
            &guichet_core::Client::default(),
            &[(c.id, u.id)],
            &role.id.to_string(),
        )
        .await
        .unwrap();
    // Details the provider already holds, the tax number among them.
    app.store
        .save_company_profile(
            &CompanyProfile {
                tenant_id: app.a.id,
                customer_id: c.id,
                legal_name: "Société C-1 inc.".into(),
                tax_number: "SECRET123RT0001".into(),
                version: 1,
                updated_at: Millis::now(),
                ..CompanyProfile::default()
            },
            0,
            &[],
        )
        .await
        .unwrap();

    let contact = app.browser(&app.a);
    contact.signed_in_as("camille@client.example").await;
    let home = contact.get("/portal").await;
    assert!(
        home.has("href=\"/portal/company\""),
        "the navigation offers My company"
    );
    let page = contact.get("/portal/company").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("data-field=\"legal_name\" data-access=\"read_only\""));
    assert!(page.has("Société C-1 inc."));
    assert!(page.has("data-field=\"phone\" data-access=\"editable\""));
    assert!(
        !page.has("tax_number\"") && !page.has("SECRET123"),
        "a hidden field never reaches the page"
    );
    assert!(page.has("data-field=\"tax_number_qc\" data-access=\"editable\""));

    // Saving an editable field: applied, recorded with before and after.
    let v = version_of(&page.body);
    let p = contact
        .post(
            "/portal/company",
            &[("version", &v), ("phone", "819 555-0199")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let page = contact.get("/portal/company").await;
    assert!(page.has("819 555-0199"));
    let history = app.store.company_changes(app.a.id, c.id, 10).await.unwrap();
    assert_eq!(
        (history[0].before.as_str(), history[0].after.as_str()),
        ("", "819 555-0199")
    );

    // Forged fields: read-only, hidden, unknown — 403 and nothing written.
    let v = version_of(&page.body);
    for forged in [
        ("legal_name", "Hacked inc."),
        ("tax_number", "000"),
        ("customer_id", "x"),
    ] {
        let p = contact
            .post(
                "/portal/company",
                &[("version", &v), ("phone", "1"), forged],
            )
            .await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{forged:?}");
    }
    let now = app
        .store
        .company_profile(app.a.id, c.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            now.legal_name.as_str(),
            now.tax_number.as_str(),
            now.phone.as_str()
        ),
        ("Société C-1 inc.", "SECRET123RT0001", "819 555-0199")
    );

    // Bad input: 422, the message beside the field, the input kept.
    let p = contact
        .post(
            "/portal/company",
            &[("version", &v), ("billing_email", "not an email")],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("id=\"e-billing_email\"") && p.has("not an email"));

    // Someone saved meanwhile: 409, nothing written, the saved value shown.
    let p = contact
        .post("/portal/company", &[("version", "1"), ("phone", "000")])
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert!(p.has("data-testid=\"conflict\"") && p.has("819 555-0199"));
    assert_eq!(
        app.store
            .company_profile(app.a.id, c.id)
            .await
            .unwrap()
            .unwrap()
            .phone,
        "819 555-0199"
    );

    // Staff hold phone changes for approval.
    let p = admin
        .post("/staff/company-fields", &[("field", "phone")])
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let p = contact
        .post(
            "/portal/company",
            &[("version", &v), ("phone", "450 555-0000")],
        )
        .await;
    assert_eq!(p.location.as_deref(), Some("/portal/company?done=pending"));
    let page = contact.get("/portal/company").await;
    assert!(
        page.has("819 555-0199") && page.has("450 555-0000"),
        "old value kept, new one pending"
    );
    let staff_page = admin.get(&format!("/staff/customers/{}", c.id)).await;
    assert!(staff_page.has("/approve") && staff_page.has("450 555-0000"));
    let pending = app.store.company_changes(app.a.id, c.id, 1).await.unwrap()[0].id;
    let p = admin
        .post(
            &format!("/staff/company-changes/{pending}/approve"),
            &[("customer", &c.id.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store
            .company_profile(app.a.id, c.id)
            .await
            .unwrap()
            .unwrap()
            .phone,
        "450 555-0000"
    );
    // Deciding twice changes nothing.
    let p = admin
        .post(
            &format!("/staff/company-changes/{pending}/reject"),
            &[("customer", &c.id.to_string())],
        )
        .await;
    assert_eq!(
        p.location,
        Some(format!("/staff/customers/{}?done=decided", c.id))
    );

    // The preview of the role shows the same fields, read-only, and no tax number.
    let preview = admin
        .get(&format!("/staff/roles/{}/preview/company", role.id))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.has("data-testid=\"preview-banner\""));
    assert!(preview.has("data-field=\"phone\" data-access=\"read_only\""));
    assert!(!preview.has("tax_number\"") && !preview.has("<input id=\"f-"));

    // The default role sees the company read-only and may not save.
    let default = app.store.roles(app.a.id).await.unwrap()[0].0.id;
    app.portal
        .move_contacts(
            &app.staff(&app.a, "admin").await,
            &guichet_core::Client::default(),
            &[(c.id, u.id)],
            &default.to_string(),
        )
        .await
        .unwrap();
    let page = contact.get("/portal/company").await;
    assert!(page.has("data-field=\"tax_number\" data-access=\"read_only\""));
    let p = contact
        .post(
            "/portal/company",
            &[("version", &version_of(&page.body)), ("phone", "1")],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
}

crate::both_backends!(my_company_follows_the_role);
