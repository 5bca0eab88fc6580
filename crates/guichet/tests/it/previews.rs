//! View only never hands out the original (issue 13, decision 0012): whoever may only view a
//! document sees its pages as PNG images watermarked with their name and the time, on every
//! route; whoever may download still gets the original.
use guichet_domain::{DocumentId, VersionId};
use reqwest::StatusCode;

use crate::harness::{Browser, TestApp};

/// A damaged PDF (sniffed as one, unreadable by the renderer).
const BROKEN_PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

struct Got {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

impl Got {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn contains(&self, needle: &[u8]) -> bool {
        !needle.is_empty() && self.body.windows(needle.len()).any(|w| w == needle)
    }
}

async fn get(b: &Browser, path: &str) -> Got {
    let res = b.http.get(b.url(path)).send().await.unwrap();
    Got {
        status: res.status(),
        content_type: res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        body: res.bytes().await.unwrap().to_vec(),
    }
}

pub(crate) fn png_of(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A Word document as far as its container goes (a ZIP with the parts Word writes).
fn docx() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    let o = zip::write::SimpleFileOptions::default();
    z.start_file("[Content_Types].xml", o).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(b"<w:document>Soumission confidentielle</w:document>")
        .unwrap();
    z.finish().unwrap();
    out.into_inner()
}

async fn view_only_gets_watermarked_pages_never_the_original(app: TestApp) {
    let (c, _camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let (_, _stranger) = app
        .customer_with_contact(&app.a, "C-2", "autre@client.example", "fr")
        .await;
    let pierre = app
        .contact_in(
            &app.a,
            c.id,
            "Pierre Proprio",
            "pierre@client.example",
            "",
            "fr",
        )
        .await;
    let vera = app
        .contact_in(&app.a, c.id, "Vera Viewer", "vera@client.example", "", "en")
        .await;
    let project = app.project(c.id, "Agrandissement").await;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;

    let pdf = guichet_preview::sample_pdf::pdf_with_pages(&["Plan, page un", "Plan, page deux"]);
    let png = png_of(320, 200);
    let word = docx();
    let up = format!("/projects/{}/documents", project.id);
    for (title, name, bytes) in [
        ("Plan", "plan.pdf", pdf.clone()),
        ("Photo", "photo.png", png.clone()),
        ("Soumission", "soumission.docx", word.clone()),
        ("Abîmé", "abime.pdf", BROKEN_PDF.to_vec()),
    ] {
        let p = admin
            .post_form_data(
                &up,
                &[("title", title), ("kind", "other")],
                Some((name, bytes)),
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    }
    // A file sent with a message of the conversation becomes a document of the project too.
    let p = admin
        .post_form_data(
            &format!("/projects/{}/comments", project.id),
            &[("body", "Voici la pièce jointe.")],
            Some(("jointe.pdf", pdf.clone())),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let docs = app.store.documents_of(app.a.id, project.id).await.unwrap();
    let find = |t: &str| -> (DocumentId, VersionId) {
        let (d, v) = docs
            .iter()
            .find(|(d, v)| d.title == t || v.filename == t)
            .unwrap_or_else(|| panic!("no document {t}: {docs:?}"));
        (d.id, v.id)
    };
    let (plan, plan_v) = find("Plan");
    let (_, photo_v) = find("Photo");
    let (_, word_v) = find("Soumission");
    let (_, broken_v) = find("Abîmé");
    let (_, attached_v) = find("jointe.pdf");
    for (user, name) in [(&pierre, "Pierre"), (&vera, "Vera")] {
        let p = admin
            .post(
                &format!("/staff/projects/{}/access", project.id),
                &[
                    ("user", &user.id.to_string()),
                    ("level", "view"),
                    ("document", ""),
                ],
            )
            .await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{name}: {}", p.body);
    }

    let pb = app.browser(&app.a);
    pb.signed_in_as("pierre@client.example").await;
    let vb = app.browser(&app.a);
    vb.signed_in_as("vera@client.example").await;
    let cb = app.browser(&app.a);
    cb.signed_in_as("camille@client.example").await;

    // The preview of a PDF: a page of page images, lazy-loaded, with alt text, no download.
    let page = get(&pb, &format!("/files/{plan_v}?inline=1")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.content_type.starts_with("text/html"),
        "{}",
        page.content_type
    );
    let html = page.text();
    assert!(!page.contains(b"%PDF"), "no original bytes in the page");
    assert!(html.contains("data-testid=\"preview-watermark\""), "{html}");
    assert_eq!(html.matches("<img src=\"/files/").count(), 2, "{html}");
    assert!(html.contains(&format!(
        "<img src=\"/files/{plan_v}/pages/1\" alt=\"Page 1 sur 2\" loading=\"lazy\""
    )));
    assert!(html.contains(&format!("/files/{plan_v}/pages/2\" alt=\"Page 2 sur 2\"")));
    assert!(
        !html.contains(&format!("href=\"/files/{plan_v}\"")),
        "no download button"
    );
    assert!(
        get(&vb, &format!("/files/{plan_v}?inline=1"))
            .await
            .text()
            .contains("alt=\"Page 1 of 2\""),
        "in the viewer's language"
    );

    // Each page: a PNG of the page, not the original, watermarked per viewer.
    let mut firsts = Vec::new();
    for b in [&pb, &vb] {
        let mut sizes = Vec::new();
        for n in 1..=2 {
            let img = get(b, &format!("/files/{plan_v}/pages/{n}")).await;
            assert_eq!(img.status, StatusCode::OK, "{}", img.text());
            assert_eq!(img.content_type, "image/png");
            assert_ne!(img.body, pdf);
            assert!(!img.contains(b"%PDF"));
            let decoded =
                image::load_from_memory_with_format(&img.body, image::ImageFormat::Png).unwrap();
            sizes.push((decoded.width(), decoded.height()));
            if n == 1 {
                firsts.push(decoded.to_rgb8());
            }
        }
        assert_eq!(sizes[0], sizes[1]);
        assert!(sizes[0].1 > sizes[0].0, "a letter page, upright: {sizes:?}");
        for past in ["3", "0", "x", "-1"] {
            assert_eq!(
                get(b, &format!("/files/{plan_v}/pages/{past}"))
                    .await
                    .status,
                StatusCode::NOT_FOUND,
                "page {past}"
            );
        }
    }
    assert_eq!(firsts[0].dimensions(), firsts[1].dimensions());
    let differing = firsts[0]
        .pixels()
        .zip(firsts[1].pixels())
        .filter(|(a, b)| a != b)
        .count();
    assert!(
        differing > 1000,
        "the watermark names the viewer: {differing} pixels differ"
    );

    // No route hands the view-only contact the original.
    for v in [plan_v, photo_v, word_v, broken_v, attached_v] {
        let got = get(&pb, &format!("/files/{v}")).await;
        assert_eq!(got.status, StatusCode::FORBIDDEN, "download of {v}");
        assert!(
            !got.contains(b"%PDF") && !got.contains(&png[..16]) && !got.contains(b"PK\x03\x04")
        );
        let got = get(&pb, &format!("/files/{v}?inline=1")).await;
        assert_eq!(got.status, StatusCode::OK, "preview of {v}");
        assert!(
            got.content_type.starts_with("text/html"),
            "{}",
            got.content_type
        );
        assert!(
            !got.contains(b"%PDF") && !got.contains(&png[..16]) && !got.contains(b"PK\x03\x04")
        );
    }
    assert_eq!(
        get(&pb, &format!("/projects/{}/zip", project.id))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "nothing to put in a ZIP"
    );
    let selected = get(&pb, &format!("/projects/{}/zip?doc={plan}", project.id)).await;
    assert_ne!(selected.status, StatusCode::OK);
    assert!(!selected.contains(b"%PDF"));
    // The conversation's attachment: pages too.
    let att = get(&pb, &format!("/files/{attached_v}?inline=1"))
        .await
        .text();
    assert!(
        att.contains(&format!("/files/{attached_v}/pages/2")),
        "{att}"
    );

    // An image: one page, re-encoded and watermarked.
    let html = get(&pb, &format!("/files/{photo_v}?inline=1")).await.text();
    assert!(html.contains("alt=\"Page 1 sur 1\""), "{html}");
    let img = get(&pb, &format!("/files/{photo_v}/pages/1")).await;
    assert_eq!(img.content_type, "image/png");
    assert_ne!(img.body, png);
    let decoded = image::load_from_memory(&img.body).unwrap().to_rgb8();
    assert_eq!(decoded.dimensions(), (320, 200));
    let original = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_ne!(decoded.as_raw(), original.as_raw(), "watermarked");

    // What cannot be rendered (a Word file, a damaged PDF): a page saying who to ask.
    for v in [word_v, broken_v] {
        let html = get(&pb, &format!("/files/{v}?inline=1")).await.text();
        assert!(
            html.contains("data-testid=\"preview-unavailable\""),
            "{html}"
        );
        assert!(html.contains("Communiquez avec Fournisseur A"), "{html}");
        assert!(!html.contains("<img src=\"/files/"));
        assert_eq!(
            get(&pb, &format!("/files/{v}/pages/1")).await.status,
            StatusCode::NOT_FOUND
        );
    }
    let html = get(&vb, &format!("/files/{word_v}?inline=1")).await.text();
    assert!(html.contains("Ask Fournisseur A"), "{html}");
    // The document page offers the view, even of a type the browser cannot show.
    let doc_page = get(&pb, &format!("/documents/{}", find("Soumission").0))
        .await
        .text();
    assert!(
        doc_page.contains(&format!("/files/{word_v}?inline=1")),
        "{doc_page}"
    );

    // Who may download keeps the original, inline or as a file.
    let got = get(&cb, &format!("/files/{plan_v}?inline=1")).await;
    assert_eq!(
        (got.status, got.content_type.as_str()),
        (StatusCode::OK, "application/pdf")
    );
    assert_eq!(got.body, pdf);
    let got = get(&cb, &format!("/files/{plan_v}")).await;
    assert_eq!(got.body, pdf);
    let got = get(&cb, &format!("/files/{photo_v}?inline=1")).await;
    assert_eq!(
        (got.content_type.as_str(), got.body.clone()),
        ("image/png", png.clone())
    );
    let got = get(&admin, &format!("/files/{plan_v}?inline=1")).await;
    assert_eq!(got.body, pdf, "staff too");

    // The page images are refused to whoever may not see the document.
    let anonymous = app.browser(&app.a);
    let got = get(&anonymous, &format!("/files/{plan_v}/pages/1")).await;
    assert!(
        got.status == StatusCode::SEE_OTHER || got.status == StatusCode::UNAUTHORIZED,
        "{}",
        got.status
    );
    assert_ne!(got.content_type, "image/png");
    let stranger = app.browser(&app.a);
    stranger.signed_in_as("autre@client.example").await;
    assert_eq!(
        get(&stranger, &format!("/files/{plan_v}/pages/1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&stranger, &format!("/files/{plan_v}?inline=1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("admin@b.example").await;
    assert_eq!(
        get(&foreign, &format!("/files/{plan_v}/pages/1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // A document hidden from Pierre: neither its pages nor its preview.
    let p = admin
        .post(
            &format!("/staff/projects/{}/access", project.id),
            &[
                ("user", &pierre.id.to_string()),
                ("level", "hidden"),
                ("document", &plan.to_string()),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(
        get(&pb, &format!("/files/{plan_v}/pages/1")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&pb, &format!("/files/{plan_v}?inline=1")).await.status,
        StatusCode::NOT_FOUND
    );

    // Journaled as before.
    let journal = app.store.chain(app.a.id).await.unwrap();
    for who in [pierre.id, vera.id] {
        assert!(
            journal
                .iter()
                .any(|e| e.action == "document.preview" && e.actor == Some(who)),
            "the preview is journaled"
        );
    }
}

crate::both_backends!(view_only_gets_watermarked_pages_never_the_original);
