//! Project flows, through the web like a customer and their provider: a whole residential solar
//! installation, a reactivation, safe editing of a flow in use, and what must be refused.
use guichet_core::accounts::ContactInput;
use guichet_domain::{Customer, FlowId, Project, User};
use guichet_store::JournalQuery;
use reqwest::StatusCode;

use crate::harness::{Browser, Page, TestApp};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];

struct Setup {
    admin: Browser,
    customer: Browser,
    flow: FlowId,
    project: Project,
    c: Customer,
    owner: User,
}

/// Tenant A with the solar flow (made from its template through the staff page), a customer
/// whose contact may move projects forward, and a project put in the flow by staff.
async fn setup(app: &TestApp) -> Setup {
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let made = admin
        .post("/staff/flows", &[("template", "solar"), ("name", "")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let loc = made.location.unwrap();
    let flow: FlowId = loc["/staff/flows/".len()..loc.find('?').unwrap()]
        .parse()
        .unwrap();
    let (c, _) = app
        .customer_with_contact(&app.a, "C-SOL", "lecteur@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let role = app
        .portal
        .create_role(
            &admin_user,
            &guichet_core::Client::default(),
            &crate::harness::role_form(
                [
                    ("name", "Propriétaire"),
                    ("op.projects", "view"),
                    ("op.projects", "edit"),
                    ("scope.projects", "company"),
                    ("op.documents", "view"),
                    ("scope.documents", "company"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ),
        )
        .await
        .unwrap();
    let owner = app
        .contact_in(
            &app.a,
            c.id,
            "Paule Proprio",
            "paule@client.example",
            &role.id.to_string(),
            "fr",
        )
        .await;
    let project = app.project(c.id, "Toit solaire Lavoie").await;
    let start = admin
        .post(
            &format!("/staff/projects/{}/flow", project.id),
            &[("flow", &flow.to_string())],
        )
        .await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let customer = app.browser(&app.a);
    customer.signed_in_as("paule@client.example").await;
    Setup {
        admin,
        customer,
        flow,
        project,
        c,
        owner,
    }
}

async fn step_of(app: &TestApp, s: &Setup) -> (String, i64) {
    let pf = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    (pf.step, pf.revision)
}

async fn send(
    s: &Setup,
    app: &TestApp,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Page {
    let (step, revision) = step_of(app, s).await;
    let revision = revision.to_string();
    let mut all = vec![("step", step.as_str()), ("revision", revision.as_str())];
    all.extend_from_slice(fields);
    s.customer
        .post_multipart(
            &format!("/portal/projects/{}/flow", s.project.id),
            &all,
            files,
        )
        .await
}

async fn staff_move(s: &Setup, app: &TestApp, to: &str) {
    let (_, revision) = step_of(app, s).await;
    let p = s
        .admin
        .post(
            &format!("/staff/projects/{}/flow", s.project.id),
            &[("step", to), ("revision", &revision.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(app, s).await.0, to);
}

/// The offer page's value for a quote: its latest version and SHA-256, as the page shows them.
async fn shown(app: &TestApp, quote: &guichet_domain::Document) -> String {
    let versions = app.store.versions(app.a.id, quote.id).await.unwrap();
    let latest = versions.iter().max_by_key(|v| v.number).unwrap();
    format!("{}:{}:{}", quote.id, latest.id, latest.sha256)
}

async fn upload_quote(s: &Setup, title: &str) {
    let p = s
        .admin
        .post_form_data(
            &format!("/projects/{}/documents", s.project.id),
            &[("title", title), ("kind", "quote")],
            Some(("offre.pdf", PDF.to_vec())),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
}

async fn documents(app: &TestApp, s: &Setup) -> Vec<guichet_domain::Document> {
    app.store
        .documents_of(app.a.id, s.project.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

async fn a_customer_walks_the_solar_flow_to_the_end(app: TestApp) {
    let s = setup(&app).await;
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("data-step=\"documentation_initiale\""),
        "{}",
        page.body
    );
    assert!(page.has("Installation solaire résidentielle"));
    assert!(page.has("aria-current=\"step\""));
    let list = s.customer.get("/portal/projects").await;
    assert!(
        list.has("Étape en cours\u{a0}: Documentation initiale"),
        "{}",
        list.body
    );

    // Required fields missing: refused with a message per field; what was typed is kept.
    let p = send(
        &s,
        &app,
        &[
            ("f.notes", "Chien gentil dans la cour"),
            ("f.monthly_bill", "beaucoup"),
            ("action", "documentation_submitted"),
        ],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    assert!(p.has("id=\"e-ff-roof_type\""), "required field flagged");
    assert!(
        p.has("id=\"e-ff-electricity_bill\""),
        "required file flagged"
    );
    assert!(p.has("id=\"e-ff-monthly_bill\""), "bad number flagged");
    let (step, _) = step_of(&app, &s).await;
    assert_eq!(step, "documentation_initiale");
    let pf = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(pf.values.get("notes").unwrap(), "Chien gentil dans la cour");
    assert!(!pf.values.contains_key("monthly_bill"));

    // Complete: the project moves on, the bill is a document of the project.
    let p = send(
        &s,
        &app,
        &[
            ("f.roof_type", "asphalt"),
            ("f.orientation", "south"),
            ("f.shading", "no"),
            ("f.monthly_bill", "145,50"),
            ("action", "documentation_submitted"),
        ],
        &[("file.electricity_bill", "facture-hydro.pdf", PDF)],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert!(p.location.unwrap().contains("done=flow-moved"));
    assert_eq!(step_of(&app, &s).await.0, "dessin_toit");
    let docs = documents(&app, &s).await;
    assert!(
        docs.iter()
            .any(|d| d.title == "Une facture d'électricité récente")
    );
    // The team (no one named: the managers) is told.
    let mail = app.last_mail_to("admin@a.example").await;
    assert!(
        mail.subject.contains("Toit solaire Lavoie"),
        "{}",
        mail.subject
    );

    // Drawing: saved (a new SVG document), still editable, then submitted as a rectangle.
    let (_, rev) = step_of(&app, &s).await;
    let draw = |points: &str, width: &str, length: &str, action: &str, rev: i64| {
        let path = format!("/portal/projects/{}/drawing", s.project.id);
        let fields = [
            ("step".to_string(), "dessin_toit".to_string()),
            ("revision".to_string(), rev.to_string()),
            ("points".to_string(), points.to_string()),
            ("width".to_string(), width.to_string()),
            ("length".to_string(), length.to_string()),
            ("action".to_string(), action.to_string()),
        ];
        let b = &s.customer;
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            b.post(&path, &refs).await
        }
    };
    let p = draw("0,0 12", "", "", "save", rev).await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", p.body);
    assert!(p.has("id=\"e-points\""));
    let p = draw("0,0 12,0 12,8 0,8", "", "", "save", rev).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let (step, rev2) = step_of(&app, &s).await;
    assert_eq!(step, "dessin_toit", "saving does not move on");
    let kept = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        kept.values.get("@drawing_points").map(String::as_str),
        Some("0,0 12,0 12,8 0,8"),
        "the corners are kept as numbers"
    );
    let plans: Vec<_> = documents(&app, &s)
        .await
        .into_iter()
        .filter(|d| d.kind == guichet_domain::DocumentKind::Plan)
        .collect();
    assert_eq!(plans.len(), 1);
    let p = draw("", "10", "6,5", "drawing_submitted", rev).await;
    assert_eq!(
        p.status,
        StatusCode::CONFLICT,
        "an old page changes nothing"
    );
    let p = draw("", "10", "6,5", "drawing_submitted", rev2).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "analyse");
    let versions = app.store.versions(app.a.id, plans[0].id).await.unwrap();
    assert_eq!(versions.len(), 2, "the submitted drawing is a new version");
    assert!(versions[0].filename.ends_with(".svg"));

    // The offer: staff publish a quote and move the project; the customer is told.
    upload_quote(&s, "Offre 6,4 kW").await;
    staff_move(&s, &app, "offre").await;
    let mail = app.last_mail_to("paule@client.example").await;
    assert!(mail.subject.contains("Votre offre"), "{}", mail.subject);
    assert!(
        mail.body
            .contains(&format!("/portal/projects/{}#flow", s.project.id))
    );
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(page.has("data-testid=\"terms\""));
    assert!(page.has("Offre 6,4 kW"));
    let quote = documents(&app, &s)
        .await
        .into_iter()
        .find(|d| d.kind == guichet_domain::DocumentKind::Quote)
        .unwrap();
    let value = shown(&app, &quote).await;
    assert!(
        page.has(&format!("value=\"{value}\"")),
        "the page names the file shown"
    );
    let p = send(
        &s,
        &app,
        &[("quote", &value), ("action", "offer_accepted")],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "terms first");
    assert!(p.has("id=\"e-accept-terms\""));
    let p = send(
        &s,
        &app,
        &[
            ("quote", &value),
            ("accept_terms", "yes"),
            ("terms_version", "1"),
            ("action", "offer_accepted"),
        ],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "financement");
    let quote = app
        .store
        .document(app.a.id, quote.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(quote.status, guichet_domain::DocumentStatus::Approved);
    let terms = app
        .store
        .journal(
            app.a.id,
            &JournalQuery {
                project: Some(s.project.id),
                object: None,
                action_prefix: Some("flow.terms".into()),
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(terms.len(), 1, "the acceptance is journaled");
    assert_eq!(terms[0].actor, Some(s.owner.id));
    assert!(
        terms[0].detail.contains("conditions_vente v1"),
        "{}",
        terms[0].detail
    );
    assert_eq!(terms[0].ip, "127.0.0.1");

    // Financing, contract (moved on by staff once signed), visit with its calendar file.
    let p = send(
        &s,
        &app,
        &[
            ("f.financing_mode", "loan"),
            ("action", "documentation_submitted"),
        ],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "signature");
    staff_move(&s, &app, "visite").await;
    let manager = app.staff(&app.a, "manager").await;
    let (_, rev) = step_of(&app, &s).await;
    let p = s
        .admin
        .post(
            &format!("/staff/projects/{}/visit", s.project.id),
            &[
                ("technician", &manager.id.to_string()),
                ("date", "2027-03-15"),
                ("start", "09:00"),
                ("end", "08:00"),
                ("revision", &rev.to_string()),
            ],
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a visit ending before it starts"
    );
    assert!(
        p.has("The visit must end after it starts."),
        "the reason is said"
    );
    let p = s
        .admin
        .post(
            &format!("/staff/projects/{}/visit", s.project.id),
            &[
                ("technician", &manager.id.to_string()),
                ("date", "2027-03-15"),
                ("start", "09:00"),
                ("end", "11:30"),
                ("note", "Accès par la ruelle"),
                ("revision", &rev.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    // The customer is told when, in their own time zone.
    let mail = app.last_mail_to("paule@client.example").await;
    assert!(
        mail.subject
            .contains("le 15 mars 2027, 9 h à 11 h 30 (heure de l’Est)"),
        "{}",
        mail.subject
    );
    assert!(mail.body.contains("Max Manager") && mail.body.contains("Accès par la ruelle"));
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(page.has("Max Manager"));
    assert!(page.has("Accès par la ruelle"));
    let ics = s
        .customer
        .http
        .get(
            s.customer
                .url(&format!("/portal/projects/{}/visit.ics", s.project.id)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status(), StatusCode::OK);
    assert!(
        ics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let body = ics.text().await.unwrap();
    // 09:00 in Toronto on 15 March 2027 (daylight time) is 13:00 UTC.
    assert!(body.contains("DTSTART:20270315T130000Z"), "{body}");
    assert!(body.contains("DTEND:20270315T153000Z"), "{body}");
    assert!(body.contains("Max Manager"));

    // Installation documentation, then the closing page.
    staff_move(&s, &app, "documentation_installation").await;
    let p = send(
        &s,
        &app,
        &[("action", "documentation_submitted")],
        &[("file.panel_photo", "panneau.jpg", JPEG)],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "termine");
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(page.has("Vos panneaux produisent!"));
    assert!(page.has("data-testid=\"flow-given\""));
    // The customer's history and the staff journal show each transition.
    let history = s
        .customer
        .get(&format!("/portal/projects/{}/history", s.project.id))
        .await;
    assert!(history.has("Étape complétée"), "{}", history.body);
    assert!(history.has("Votre offre → Financement"));
    let staff_page = s
        .admin
        .get(&format!("/staff/projects/{}", s.project.id))
        .await;
    assert!(staff_page.has("data-step=\"termine\""));
    assert!(staff_page.has("Step completed"));
    let _ = (&s.c, s.flow);
}

async fn a_declined_offer_can_be_reactivated(app: TestApp) {
    let s = setup(&app).await;
    upload_quote(&s, "Offre A").await;
    staff_move(&s, &app, "offre").await;
    let p = send(
        &s,
        &app,
        &[
            ("accept_terms", "yes"),
            ("terms_version", "1"),
            ("action", "offer_refused"),
        ],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "abandon");
    let quote = documents(&app, &s)
        .await
        .into_iter()
        .find(|d| d.kind == guichet_domain::DocumentKind::Quote)
        .unwrap();
    assert_eq!(quote.status, guichet_domain::DocumentStatus::Refused);
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(
        page.has("value=\"reactivation_requested\""),
        "{}",
        page.body
    );
    let p = send(&s, &app, &[("action", "reactivation_requested")], &[]).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "analyse");
    let mail = app.last_mail_to("manager@a.example").await;
    assert!(
        mail.body.contains("Projet en pause")
            || mail.subject.contains("Projet en pause")
            || mail.subject.contains("Project on hold"),
        "{}",
        mail.subject
    );
}

async fn forged_or_stale_actions_change_nothing(app: TestApp) {
    let s = setup(&app).await;
    let before = step_of(&app, &s).await;
    let docs_before = documents(&app, &s).await.len();
    // An action this page does not offer, an unknown one, a step that is not current.
    for fields in [
        vec![("action", "offer_accepted")],
        vec![("action", "teleport")],
    ] {
        let p = send(&s, &app, &fields, &[]).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{fields:?}: {}", p.body);
    }
    let p = s
        .customer
        .post_multipart(
            &format!("/portal/projects/{}/flow", s.project.id),
            &[
                ("step", "offre"),
                ("revision", &before.1.to_string()),
                ("action", "offer_accepted"),
            ],
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    // A field the page does not let them fill in, as text or as a file.
    let p = send(
        &s,
        &app,
        &[("f.financing_mode", "cash"), ("action", "save")],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = send(
        &s,
        &app,
        &[("action", "save")],
        &[("file.panel_photo", "x.jpg", JPEG)],
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // Read-only on this step (shown, not editable): the drawing step shows the roof type.
    staff_move(&s, &app, "dessin_toit").await;
    let p = send(
        &s,
        &app,
        &[("f.roof_type", "metal"), ("action", "save")],
        &[],
    )
    .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let after = step_of(&app, &s).await;
    assert_eq!(after.0, "dessin_toit");
    assert_eq!(documents(&app, &s).await.len(), docs_before, "no file kept");
    let pf = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!pf.values.contains_key("roof_type"));

    // A contact whose role only lets them follow the project.
    let reader = app.browser(&app.a);
    reader.signed_in_as("lecteur@client.example").await;
    let page = reader
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.has("data-testid=\"flow\""));
    let (step, rev) = step_of(&app, &s).await;
    let p = reader
        .post(
            &format!("/portal/projects/{}/drawing", s.project.id),
            &[
                ("step", &step),
                ("revision", &rev.to_string()),
                ("points", "0,0 1,0 1,1"),
                ("action", "drawing_submitted"),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    // Another customer, the other tenant, an anonymous visitor.
    let (_, _) = app
        .customer_with_contact(&app.a, "C-OTHER", "autre@client.example", "fr")
        .await;
    let other = app.browser(&app.a);
    other.signed_in_as("autre@client.example").await;
    let p = other
        .post_multipart(
            &format!("/portal/projects/{}/flow", s.project.id),
            &[
                ("step", &step),
                ("revision", &rev.to_string()),
                ("action", "save"),
            ],
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let p = other
        .get(&format!("/portal/projects/{}/visit.ics", s.project.id))
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let (_, _) = app
        .customer_with_contact(&app.b, "B-1", "b@client.example", "fr")
        .await;
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("b@client.example").await;
    let p = foreign
        .post_multipart(
            &format!("/portal/projects/{}/flow", s.project.id),
            &[
                ("step", &step),
                ("revision", &rev.to_string()),
                ("action", "save"),
            ],
            &[],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    let p = b_admin
        .post(
            &format!("/staff/projects/{}/flow", s.project.id),
            &[("step", "termine"), ("revision", &rev.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(
        b_admin
            .get(&format!("/staff/flows/{}", s.flow))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let anon = app.browser(&app.a);
    let p = anon
        .post_multipart(
            &format!("/portal/projects/{}/flow", s.project.id),
            &[
                ("step", &step),
                ("revision", &rev.to_string()),
                ("action", "save"),
            ],
            &[],
        )
        .await;
    assert!(
        p.status == StatusCode::SEE_OTHER || p.status == StatusCode::FORBIDDEN,
        "{}",
        p.status
    );
    assert_ne!(
        p.location.as_deref(),
        Some(&*format!(
            "/portal/projects/{}?done=flow-saved#flow",
            s.project.id
        ))
    );
    // Staff without the right: the accountant neither edits flows nor moves projects.
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    let p = accountant
        .post("/staff/flows", &[("template", "study")])
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let p = accountant
        .post(
            &format!("/staff/projects/{}/flow", s.project.id),
            &[("step", "termine"), ("revision", &rev.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(step_of(&app, &s).await, (step, rev), "nothing moved");
}

async fn editing_a_flow_in_use_is_safe(app: TestApp) {
    let s = setup(&app).await;
    staff_move(&s, &app, "dessin_toit").await;
    let page = s.admin.get(&format!("/staff/flows/{}", s.flow)).await;
    assert_eq!(page.status, StatusCode::OK);
    // The team's queue at a step: the projects waiting there.
    let queue = format!("/staff/flows/{}/steps/dessin_toit/projects", s.flow);
    let page = s.admin.get(&queue).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.has("Toit solaire Lavoie") && page.has("Société C-SOL"),
        "{}",
        page.body
    );
    let empty = s
        .admin
        .get(&format!("/staff/flows/{}/steps/offre/projects", s.flow))
        .await;
    assert!(!empty.has("Toit solaire Lavoie"));
    assert_eq!(
        s.admin
            .get(&format!("/staff/flows/{}/steps/nowhere/projects", s.flow))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    assert_eq!(b_admin.get(&queue).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.browser(&app.a).get(&queue).await.status,
        StatusCode::SEE_OTHER
    );
    let flow = app.store.flow(app.a.id, s.flow).await.unwrap().unwrap();
    let mut def = flow.def.clone();
    // Rename a step, change the terms, remove the drawing step (one project is there).
    def.statuses[1].steps[0].public.name.fr = "Étude de votre toit".into();
    def.statuses[0].steps.retain(|x| x.key != "dessin_toit");
    def.statuses[0].steps[0]
        .transitions
        .insert("documentation_submitted".into(), "analyse".into());
    def.terms[0].versions[0].text.fr = "Nouvelles conditions.".into();
    let json = serde_json::to_string(&def).unwrap();
    let revision = flow.revision.to_string();
    let form = |extra: Vec<(&'static str, String)>| {
        let mut f: Vec<(String, String)> = vec![
            ("name".into(), "Solaire".into()),
            ("public_fr".into(), "Installation solaire".into()),
            ("public_en".into(), "Solar installation".into()),
            ("definition".into(), json.clone()),
            ("revision".into(), revision.clone()),
        ];
        f.extend(extra.into_iter().map(|(k, v)| (k.to_string(), v)));
        f
    };
    let post = |fields: Vec<(String, String)>| {
        let b = &s.admin;
        let path = format!("/staff/flows/{}", s.flow);
        async move {
            let refs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            b.post(&path, &refs).await
        }
    };
    let p = post(form(vec![])).await;
    assert_eq!(p.status, StatusCode::CONFLICT, "a destination is needed");
    assert!(p.has("name=\"move.dessin_toit\""), "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "dessin_toit", "nothing saved");
    let bad = post(vec![
        ("definition".into(), "{\"statuses\": [".into()),
        ("revision".into(), revision.clone()),
        ("name".into(), "x".into()),
    ])
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.has("line 1"));
    let mut broken = def.clone();
    broken.statuses[0].steps[0]
        .transitions
        .insert("documentation_submitted".into(), "nowhere".into());
    let p = post(vec![
        ("definition".into(), serde_json::to_string(&broken).unwrap()),
        ("revision".into(), revision.clone()),
        ("name".into(), "x".into()),
    ])
    .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("nowhere"));
    let p = post(form(vec![("move.dessin_toit", "analyse".into())])).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(step_of(&app, &s).await.0, "analyse", "moved with the edit");
    let saved = app.store.flow(app.a.id, s.flow).await.unwrap().unwrap();
    assert_eq!(saved.revision, flow.revision + 1);
    assert_eq!(
        saved.def.terms[0].versions.len(),
        2,
        "terms get a new version"
    );
    assert_eq!(
        saved.def.terms[0].versions[0].text.fr,
        flow.def.terms[0].versions[0].text.fr
    );
    // The same form again: it was made on the old revision.
    let p = post(form(vec![("move.dessin_toit", "analyse".into())])).await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(page.has("Étude de votre toit"), "renaming applies at once");
}

async fn staff_shape_a_flow_with_forms(app: TestApp) {
    let s = setup(&app).await;
    let base = format!("/staff/flows/{}", s.flow);
    let rev = |app: &TestApp| {
        let store = app.store.clone();
        let (t, f) = (app.a.id, s.flow);
        async move { store.flow(t, f).await.unwrap().unwrap() }
    };
    // A new step in a status, then its page edited.
    let r = rev(&app).await.revision.to_string();
    let p = s
        .admin
        .post(
            &format!("{base}/steps"),
            &[
                ("status", "installation"),
                ("internal", "Visite de contrôle"),
                ("revision", &r),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some(&*format!("{base}/steps/visite_de_controle"))
    );
    let page = s
        .admin
        .get(&format!("{base}/steps/visite_de_controle"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let r = rev(&app).await.revision.to_string();
    let p = s
        .admin
        .post(
            &format!("{base}/steps/visite_de_controle"),
            &[
                ("internal", "Visite de contrôle"),
                ("name_fr", "Visite de contrôle"),
                ("name_en", "Inspection visit"),
                ("page", "installation_documentation"),
                ("use.panel_photo", "required"),
                ("use.notes", "read_only"),
                ("to.documentation_submitted", "termine"),
                ("notify_customer", "on"),
                ("revision", &r),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let f = rev(&app).await;
    let (_, step) = f.def.step("visite_de_controle").unwrap();
    assert_eq!(step.public.name.en, "Inspection visit");
    assert_eq!(
        step.usage("panel_photo"),
        Some(guichet_domain::FieldUse::Required)
    );
    assert_eq!(
        step.usage("notes"),
        Some(guichet_domain::FieldUse::ReadOnly)
    );
    assert_eq!(
        step.transition(guichet_domain::FlowAction::DocumentationSubmitted),
        Some("termine")
    );
    assert!(step.notify_customer && !step.notify_staff);
    // A page that does not offer the step's actions: refused with the reason, nothing saved.
    let r = f.revision.to_string();
    let p = s
        .admin
        .post(
            &format!("{base}/steps/visite_de_controle"),
            &[
                ("internal", "Visite de contrôle"),
                ("page", "success"),
                ("to.documentation_submitted", "termine"),
                ("revision", &r),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("data-testid=\"problems\""), "{}", p.body);
    assert_eq!(rev(&app).await.revision, f.revision);
    // A field and terms, then the terms changed: a second version.
    let p = s
        .admin
        .post(
            &format!("{base}/fields"),
            &[
                ("label_fr", "Type de branchement"),
                ("label_en", "Service type"),
                ("kind", "choice"),
                ("choices", "Aérien | Overhead\nSouterrain | Underground"),
                ("revision", &r),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let f = rev(&app).await;
    let field = f.def.field("service_type").unwrap();
    assert_eq!(field.choices.len(), 2);
    assert_eq!(field.choices[1].key, "underground");
    let p = s
        .admin
        .post(
            &format!("{base}/terms"),
            &[
                ("title_fr", "Politique de confidentialité"),
                ("title_en", "Privacy notice"),
                ("text_fr", "Vos données restent au Québec."),
                ("text_en", "Your data stays in Quebec."),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let f = rev(&app).await;
    assert!(
        s.admin
            .get(&format!("{base}/terms/privacy_notice"))
            .await
            .has("Your data stays")
    );
    let p = s
        .admin
        .post(
            &format!("{base}/terms/privacy_notice"),
            &[
                ("title_fr", "Politique de confidentialité"),
                ("title_en", "Privacy notice"),
                ("text_fr", "Vos données restent au Canada."),
                ("text_en", "Your data stays in Canada."),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let f = rev(&app).await;
    let t = f.def.terms("privacy_notice").unwrap();
    assert_eq!(t.versions.len(), 2);
    assert_eq!(t.versions[0].text.en, "Your data stays in Quebec.");
    assert_eq!(t.current().unwrap().version, 2);
    // Removing a step a project is at: where it goes must be chosen.
    staff_move(&s, &app, "visite_de_controle").await;
    let f = rev(&app).await;
    let remove = format!("{base}/steps/visite_de_controle/remove");
    let p = s
        .admin
        .post(&remove, &[("revision", &f.revision.to_string())])
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT, "{}", p.body);
    assert!(rev(&app).await.def.step("visite_de_controle").is_some());
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &remove,
            &[
                ("to", "documentation_installation"),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert!(rev(&app).await.def.step("visite_de_controle").is_none());
    assert_eq!(step_of(&app, &s).await.0, "documentation_installation");
    // A new stage, renamed; a step moved into it and back; the empty stage removed.
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &format!("{base}/statuses"),
            &[("internal", "Suivi"), ("revision", &f.revision.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(
        p.location.as_deref(),
        Some(&*format!("{base}/statuses/suivi"))
    );
    assert!(
        s.admin
            .get(&format!("{base}/statuses/suivi"))
            .await
            .has("Suivi")
    );
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &format!("{base}/statuses/suivi"),
            &[
                ("internal", "Suivi"),
                ("name_fr", "Suivi de production"),
                ("name_en", "Production follow-up"),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let order = |app: &TestApp| {
        let r = rev(app);
        async move {
            r.await
                .def
                .steps()
                .map(|(st, s)| format!("{}:{}", st.key, s.key))
                .collect::<Vec<_>>()
        }
    };
    let last_before = order(&app).await.last().unwrap().clone();
    assert_eq!(last_before, "fin:abandon");
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &format!("{base}/order"),
            &[
                ("what", "step"),
                ("key", "abandon"),
                ("dir", "down"),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(order(&app).await.last().unwrap(), "suivi:abandon");
    let f = rev(&app).await;
    assert_eq!(
        f.def.statuses.last().unwrap().public.name.en,
        "Production follow-up"
    );
    let p = s
        .admin
        .post(
            &format!("{base}/statuses/suivi/remove"),
            &[("revision", &f.revision.to_string())],
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a stage with steps stays"
    );
    let p = s
        .admin
        .post(
            &format!("{base}/order"),
            &[
                ("what", "step"),
                ("key", "abandon"),
                ("dir", "up"),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &format!("{base}/statuses/suivi/remove"),
            &[("revision", &f.revision.to_string())],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert!(
        rev(&app)
            .await
            .def
            .statuses
            .iter()
            .all(|st| st.key != "suivi")
    );
    let f = rev(&app).await;
    let p = s
        .admin
        .post(
            &format!("{base}/order"),
            &[
                ("what", "status"),
                ("key", "demande"),
                ("dir", "up"),
                ("revision", &f.revision.to_string()),
            ],
        )
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the first stage cannot go up"
    );
    // Staff without the right, and another provider.
    let accountant = app.browser(&app.a);
    accountant.signed_in_as("accountant@a.example").await;
    assert_eq!(
        accountant.get(&format!("{base}/steps/offre")).await.status,
        StatusCode::FORBIDDEN
    );
    let r = rev(&app).await.revision.to_string();
    let p = accountant
        .post(
            &format!("{base}/steps"),
            &[("status", "fin"), ("internal", "X"), ("revision", &r)],
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    let b_admin = app.browser(&app.b);
    b_admin.signed_in_as("admin@b.example").await;
    assert_eq!(
        b_admin.get(&format!("{base}/steps/offre")).await.status,
        StatusCode::NOT_FOUND
    );
    let p = b_admin
        .post(
            &format!("{base}/steps"),
            &[("status", "fin"), ("internal", "X"), ("revision", &r)],
        )
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);
    assert_eq!(rev(&app).await.revision.to_string(), r, "nothing saved");
}

/// Files sent from a step page follow the provider's upload limit, streamed: a 3 MB bill is
/// kept (the framework's 2 MB default does not apply), one over the provider's limit gets 413
/// and nothing is stored or moved.
async fn step_files_follow_the_providers_upload_limit(app: TestApp) {
    let s = setup(&app).await;
    app.portal
        .set_upload_limit(&app.a.host, Some(4))
        .await
        .unwrap();
    let fields = [
        ("f.roof_type", "asphalt"),
        ("f.orientation", "south"),
        ("f.shading", "no"),
        ("f.monthly_bill", "145,50"),
        ("action", "documentation_submitted"),
    ];
    let sized = |n: usize| {
        let mut v = PDF.to_vec();
        v.resize(n, b' ');
        v
    };
    let before = step_of(&app, &s).await.0;
    let huge = sized(5_000_000);
    let refused = send(
        &s,
        &app,
        &fields,
        &[("file.electricity_bill", "facture.pdf", &huge)],
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        refused.body
    );
    assert!(refused.has("4"), "the limit is named: {}", refused.body);
    assert_eq!(step_of(&app, &s).await.0, before);
    assert!(documents(&app, &s).await.is_empty(), "nothing stored");
    let big = sized(3_000_000);
    let kept = send(
        &s,
        &app,
        &fields,
        &[("file.electricity_bill", "facture.pdf", &big)],
    )
    .await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    assert_ne!(step_of(&app, &s).await.0, before);
    let docs = app
        .store
        .documents_of(app.a.id, s.project.id)
        .await
        .unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].1.size, 3_000_000);
}

async fn accept_offer(s: &Setup, app: &TestApp, value: &str, terms: &str) -> Page {
    send(
        s,
        app,
        &[
            ("quote", value),
            ("accept_terms", "yes"),
            ("terms_version", terms),
            ("action", "offer_accepted"),
        ],
        &[],
    )
    .await
}

/// An offer is accepted as shown: the page names the quote's version and SHA-256; a version
/// added after the page was shown makes the acceptance fail (409, nothing accepted, the
/// project stays); once accepted the quote is frozen (no new version, no status change), the
/// journal keeps which file and hash, and both sides get a receipt.
async fn an_offer_is_accepted_as_shown(app: TestApp) {
    let s = setup(&app).await;
    upload_quote(&s, "Offre 6,4 kW").await;
    staff_move(&s, &app, "offre").await;
    let quote = documents(&app, &s)
        .await
        .into_iter()
        .find(|d| d.kind == guichet_domain::DocumentKind::Quote)
        .unwrap();
    let first = shown(&app, &quote).await;
    let page = s
        .customer
        .get(&format!("/portal/projects/{}", s.project.id))
        .await;
    assert!(page.has(&first) && page.has("offre.pdf") && page.has("SHA-256"));
    // Staff swap the file after the page was shown.
    let swapped = s
        .admin
        .post_form_data(
            &format!("/documents/{}/versions", quote.id),
            &[],
            Some(("offre-v2.pdf", [PDF, b"% autre prix\n"].concat())),
        )
        .await;
    assert_eq!(swapped.status, StatusCode::SEE_OTHER, "{}", swapped.body);
    let stale = accept_offer(&s, &app, &first, "1").await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(
        stale.has("changé depuis") || stale.has("changed since"),
        "{}",
        stale.body
    );
    assert_eq!(step_of(&app, &s).await.0, "offre", "the project stays");
    let doc = app
        .store
        .document(app.a.id, quote.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(doc.status, guichet_domain::DocumentStatus::ToApprove);
    // Terms other than those shown: refused too.
    let current = shown(&app, &doc).await;
    assert_ne!(current, first);
    let old_terms = accept_offer(&s, &app, &current, "0").await;
    assert_eq!(old_terms.status, StatusCode::CONFLICT);
    assert_eq!(step_of(&app, &s).await.0, "offre");
    // A forged value (not a version and hash) is a form error, never an acceptance.
    let forged = accept_offer(&s, &app, &quote.id.to_string(), "1").await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);

    let ok = accept_offer(&s, &app, &current, "1").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(step_of(&app, &s).await.0, "financement");
    let doc = app
        .store
        .document(app.a.id, quote.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(doc.status, guichet_domain::DocumentStatus::Approved);
    let sha = current.rsplit(':').next().unwrap().to_string();
    let accepted = app
        .store
        .journal(
            app.a.id,
            &JournalQuery {
                project: Some(s.project.id),
                object: None,
                action_prefix: Some("document.accepted".into()),
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(accepted.len(), 1);
    assert_eq!(accepted[0].actor, Some(s.owner.id));
    assert_eq!(accepted[0].ip, "127.0.0.1");
    assert!(
        accepted[0].detail.contains("v2 offre-v2.pdf") && accepted[0].detail.contains(&sha),
        "{}",
        accepted[0].detail
    );
    // Receipts, to the customer and to the provider's side.
    for to in ["paule@client.example", "admin@a.example"] {
        let mails = app.mails_to(to).await;
        let receipt = mails
            .iter()
            .find(|m| m.body.contains(&sha))
            .unwrap_or_else(|| panic!("no receipt for {to}"));
        assert!(receipt.body.contains("offre-v2.pdf") && receipt.body.contains("127.0.0.1"));
    }
    // Frozen: no new version, no status change, by staff.
    let again = s
        .admin
        .post_form_data(
            &format!("/documents/{}/versions", quote.id),
            &[],
            Some(("offre-v3.pdf", [PDF, b"% encore\n"].concat())),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(
        app.store.versions(app.a.id, quote.id).await.unwrap().len(),
        2
    );
    let back = s
        .admin
        .post(
            &format!("/documents/{}/status", quote.id),
            &[
                ("status", "to_approve"),
                ("version", &doc.updated_at.0.to_string()),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT, "{}", back.body);
    assert_eq!(
        app.store
            .document(app.a.id, quote.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        guichet_domain::DocumentStatus::Approved
    );
    // Both histories show the acceptance.
    let history = s
        .customer
        .get(&format!("/portal/projects/{}/history", s.project.id))
        .await;
    assert!(history.has("Accepté"), "{}", history.body);
}

/// A NUL byte (or any control character) in a step's field is refused before anything is
/// saved (it used to answer 500 on PostgreSQL after the values were written, unjournaled);
/// the same holds for every url-encoded form.
async fn control_characters_are_refused_before_anything_is_saved(app: TestApp) {
    let s = setup(&app).await;
    let before = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    let journal = app.store.chain(app.a.id).await.unwrap().len();
    for bad in ["Chien\0gentil", "bip\u{7}", "\u{1b}[31mrouge"] {
        let p = send(&s, &app, &[("f.notes", bad)], &[]).await;
        assert_eq!(
            p.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}: {}",
            p.body
        );
        assert!(p.has("caractères de contrôle"), "{}", p.body);
    }
    // Tabs and line breaks are text.
    let ok = send(
        &s,
        &app,
        &[("f.notes", "Chien\tgentil\r\ndans la cour")],
        &[],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let after = app
        .store
        .project_flow(app.a.id, s.project.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.revision,
        before.revision + 1,
        "only the good save counted"
    );
    assert_eq!(app.store.chain(app.a.id).await.unwrap().len(), journal + 1);
    let name = s
        .customer
        .post(
            "/account/profile",
            &[
                ("name", "Paule\0Proprio"),
                ("phone", ""),
                ("locale", "fr"),
                ("time_zone", "America/Toronto"),
            ],
        )
        .await;
    assert_eq!(name.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store
            .user(app.a.id, s.owner.id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Paule Proprio"
    );
}

/// A contact who has not activated their access gets no email about the project (its link
/// would lead nowhere for them): their invitation goes again instead, once.
async fn only_activated_contacts_are_emailed_about_a_project(app: TestApp) {
    let s = setup(&app).await;
    let owner_role = app
        .store
        .contacts_of(app.a.id, s.c.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.user.id == s.owner.id)
        .unwrap()
        .role_id;
    let admin = app.staff(&app.a, "admin").await;
    app.portal
        .add_contact(
            &admin,
            &app.a,
            &guichet_core::Client::default(),
            s.c.id,
            &ContactInput {
                role: owner_role.to_string(),
                name: "Paul Pas-Encore".into(),
                email: "paul@client.example".into(),
                phone: String::new(),
                locale: "fr".into(),
            },
            true,
        )
        .await
        .unwrap();
    app.deliver().await;
    assert_eq!(
        app.mails_to("paul@client.example").await.len(),
        1,
        "invited"
    );

    staff_move(&s, &app, "signature").await;
    app.deliver().await;
    let told = app.mails_to("paule@client.example").await;
    assert!(
        told.iter()
            .any(|m| m.subject.contains("Toit solaire Lavoie")),
        "the activated contact is told: {:?}",
        told.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let paul = app.mails_to("paul@client.example").await;
    assert_eq!(
        paul.len(),
        2,
        "{:?}",
        paul.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(
        paul.iter()
            .all(|m| m.body.contains("/auth/invitation/")
                && !m.subject.contains("Toit solaire Lavoie")),
        "only invitations"
    );
    // Once: the next step tells him nothing more.
    staff_move(&s, &app, "visite").await;
    app.deliver().await;
    assert_eq!(app.mails_to("paul@client.example").await.len(), 2);
    assert!(app.mails_to("paule@client.example").await.len() > told.len());
}

crate::both_backends!(
    control_characters_are_refused_before_anything_is_saved,
    an_offer_is_accepted_as_shown,
    step_files_follow_the_providers_upload_limit,
    a_customer_walks_the_solar_flow_to_the_end,
    a_declined_offer_can_be_reactivated,
    forged_or_stale_actions_change_nothing,
    editing_a_flow_in_use_is_safe,
    staff_shape_a_flow_with_forms,
    only_activated_contacts_are_emailed_about_a_project,
);
