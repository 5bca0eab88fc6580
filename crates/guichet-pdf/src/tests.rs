#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use super::*;

/// One renderer for all tests, as a server would share it.
static RENDERER: LazyLock<Renderer> = LazyLock::new(|| Renderer::new().unwrap());

/// A 4 × 2 red PNG.
const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xf0, 0xca, 0xea,
    0x34, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0x21, 0x27, 0x07,
    0x47, 0x0c, 0xc8, 0x1c, 0x00, 0x6f, 0x0a, 0x08, 0x21, 0xee, 0xa4, 0x7d, 0xf9, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// An SVG that links to a file the document does not have.
const LINKED_SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><image href="logo.png" width="40" height="20"/></svg>"#;

fn s(text: &str) -> String {
    text.to_owned()
}

fn quote() -> Sheet {
    Sheet {
        lang: s("fr"),
        title: s("Soumission S-2026-0004, révision 2"),
        provider: Provider {
            name: s("Ébénisterie Côté & fils"),
            colour: s("#7a1f2b"),
            logo: None,
        },
        facts: vec![
            (s("Numéro"), s("S-2026-0004")),
            (s("Date"), s("3 février 2026")),
            (s("Valide jusqu’au"), s("5 mars 2026")),
            (
                s("Client"),
                s("Boulangerie « Le Pétrin »\n12, rue Saint-Édouard\nQuébec (Québec)  G1K 3Y2"),
            ),
        ],
        table: Some(Table {
            headers: vec![s("Description"), s("Qté"), s("Prix unitaire"), s("Montant")],
            rows: vec![
                vec![
                    s("Comptoir en érable massif, fini à l’huile « naturel »"),
                    s("2"),
                    s("617,28\u{a0}$"),
                    s("1\u{202f}234,56\u{a0}$"),
                ],
                vec![
                    s("Installation et ajustements sur place"),
                    s("1"),
                    s("450,00\u{a0}$"),
                    s("450,00\u{a0}$"),
                ],
            ],
            numeric: vec![false, true, true, true],
            totals: vec![
                (s("Sous-total"), s("1\u{202f}684,56\u{a0}$")),
                (s("TPS (5\u{a0}%)"), s("84,23\u{a0}$")),
                (s("TVQ (9,975\u{a0}%)"), s("168,03\u{a0}$")),
                (s("Total"), s("1\u{202f}936,82\u{a0}$")),
            ],
        }),
        sections: vec![(
            s("Conditions"),
            s(
                "Un acompte de 30\u{a0}% est exigé à la signature ; le solde est payable à la livraison.\nLes prix sont en dollars canadiens.",
            ),
        )],
        signature: None,
        footer: s(
            "Ébénisterie Côté & fils — 1200, boul. Charest Est, Québec — TPS 123456789 RT0001",
        ),
    }
}

/// Removes the temporary file when dropped.
struct TempPdf(PathBuf);

impl TempPdf {
    fn new(bytes: &[u8]) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("guichet-pdf-{}-{n}.pdf", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        Self(path)
    }

    fn run(&self, program: &str, args: &[&str]) -> String {
        let output = Command::new(program)
            .args(args)
            .arg(&self.0)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}

impl Drop for TempPdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The text of the PDF as pdftotext reads it, in reading order.
fn pdf_text(pdf: &[u8]) -> String {
    TempPdf::new(pdf).run("pdftotext", &["-enc", "UTF-8"])
}

fn page_count(pdf: &[u8]) -> usize {
    let file = TempPdf::new(pdf);
    let output = Command::new("pdfinfo").arg(&file.0).output().unwrap();
    assert!(output.status.success());
    let info = String::from_utf8(output.stdout).unwrap();
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

/// How many images pdfimages lists.
fn image_count(pdf: &[u8]) -> usize {
    let file = TempPdf::new(pdf);
    let output = Command::new("pdfimages")
        .arg("-list")
        .arg(&file.0)
        .output()
        .unwrap();
    assert!(output.status.success());
    // Two header lines, then one line per image.
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .count()
}

/// Whitespace (spaces, no-break spaces, line breaks) collapsed to single spaces.
fn squash(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether every page shows "n / total" (pdftotext may drop the spaces of that small text).
fn page_numbers(text: &str, pages: usize) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (1..=pages).all(|n| compact.contains(&format!("{n}/{pages}")))
}

fn render(sheet: &Sheet) -> Vec<u8> {
    let pdf = RENDERER.render(sheet).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    pdf
}

#[test]
fn renders_french_quote_with_its_text() {
    let pdf = render(&quote());
    let text = squash(&pdf_text(&pdf));
    for expected in [
        "Soumission S-2026-0004, révision 2",
        "Ébénisterie Côté & fils",
        "Boulangerie « Le Pétrin »",
        "Installation et ajustements sur place",
        "Prix unitaire",
        "1 234,56 $",
        "TVQ (9,975 %)",
        "Total 1 936,82 $",
        "Un acompte de 30 % est exigé",
        "TPS 123456789 RT0001",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from {text:?}"
        );
    }
    assert_eq!(page_count(&pdf), 1);
    assert!(page_numbers(&text, 1), "no page number in {text:?}");
}

#[test]
fn no_break_spaces_hold_amounts_together() {
    // Forty amounts in a justified paragraph: with ordinary spaces some would be split
    // across lines; with U+202F and U+00A0 each stays whole on its line.
    let amount = "1\u{202f}234,56\u{a0}$";
    let body = vec![format!("Montant {amount}, puis"); 40].join(" ");
    let mut sheet = quote();
    sheet.sections = vec![(s("Montants"), body)];
    let text = pdf_text(&render(&sheet)).replace(['\u{a0}', '\u{202f}'], " ");
    let whole = text
        .lines()
        .map(|line| line.matches("1 234,56 $").count())
        .sum::<usize>();
    // The quote's own table already shows the amount once.
    assert_eq!(whole, 40 + 1, "an amount was broken across lines: {text}");
}

#[test]
fn shows_hostile_strings_literally() {
    let hostile = r#"#panic("x") *bold* $x$ <lbl> @ref \ ] [ // comment"#;
    let mut sheet = quote();
    sheet.title = s(hostile);
    sheet.provider.name = s(hostile);
    sheet.facts.push((s(hostile), s(hostile)));
    if let Some(table) = &mut sheet.table {
        table
            .rows
            .push(vec![s(hostile), s("1"), s("#{1+1}"), s("])")]);
        table.headers[0] = s("#set page(width: 1cm)");
    }
    sheet.sections.push((s("= Heading"), s(hostile)));
    sheet.footer = s("#counter(page).update(7)");
    let text = squash(&pdf_text(&render(&sheet)));
    assert!(
        text.matches(hostile).count() >= 5,
        "hostile text changed: {text:?}"
    );
    assert!(text.contains("#set page(width: 1cm)"));
    assert!(text.contains("= Heading"));
    assert!(text.contains("#{1+1}"));
    assert!(text.contains("#counter(page).update(7)"));
    assert!(page_numbers(&text, 1), "page number changed: {text:?}");
}

#[test]
fn long_table_spans_pages_and_repeats_its_header() {
    let mut sheet = quote();
    if let Some(table) = &mut sheet.table {
        table.rows = (1..=300)
            .map(|i| {
                vec![
                    format!("Article numéro {i}"),
                    s("1"),
                    s("10,00 $"),
                    s("10,00 $"),
                ]
            })
            .collect();
    }
    let pdf = render(&sheet);
    let pages = page_count(&pdf);
    assert!(pages > 1, "{pages} page(s)");
    let text = pdf_text(&pdf);
    assert_eq!(
        text.matches("Prix unitaire").count(),
        pages,
        "header not on every page"
    );
    assert!(text.contains("Article numéro 300"));
    assert!(page_numbers(&text, pages), "no page numbers in {text:?}");
}

#[test]
fn bad_logo_is_left_out() {
    let without_logo = render(&quote());
    let noise: Vec<u8> = (0..2000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let bad_logos = [
        noise,
        Vec::new(),
        b"\x89PNG\r\n\x1a\nbroken".to_vec(),
        b"\xff\xd8\xff\xe0 not a jpeg".to_vec(),
        TINY_PNG[..40].to_vec(),
        b"<svg xmlns='http://www.w3.org/2000/svg'><unclosed".to_vec(),
        LINKED_SVG.to_vec(),
        b"%PDF-1.7 a PDF is no logo".to_vec(),
    ];
    for logo in bad_logos {
        let mut sheet = quote();
        sheet.provider.logo = Some(logo);
        let pdf = render(&sheet);
        assert!(pdf == without_logo, "a bad logo changed the PDF");
    }
}

#[test]
fn logo_failing_inside_the_document_is_left_out() {
    // The SVG decodes alone, so it passes the check in `inputs`, but the document cannot load
    // the file it links to: the render falls back to no logo.
    let mut sheet = quote();
    sheet.provider.logo = Some(LINKED_SVG.to_vec());
    let compiled = RENDERER
        .compile_warned(&inputs::inputs(&sheet).unwrap())
        .unwrap();
    assert!(compiled.output.is_err());
    assert!(render(&sheet) == render(&quote()));
}

#[test]
fn valid_logo_is_shown() {
    let mut sheet = quote();
    sheet.provider.logo = Some(TINY_PNG.to_vec());
    let pdf = render(&sheet);
    assert_eq!(image_count(&pdf), 1);
    assert!(pdf_text(&pdf).contains("Ébénisterie Côté & fils"));
    assert_eq!(image_count(&render(&quote())), 0);
}

#[test]
fn svg_logo_is_shown() {
    let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="6" fill="#7a1f2b"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>"##;
    let mut sheet = quote();
    sheet.provider.logo = Some(svg.to_vec());
    let pdf = render(&sheet);
    assert!(pdf != render(&quote()), "the SVG logo is missing");
    assert!(pdf_text(&pdf).contains("Ébénisterie Côté & fils"));
}

#[test]
fn invalid_colour_falls_back() {
    let mut sheet = quote();
    for colour in ["red", "#12345", "#GGGGGG", "\"); panic(\"", ""] {
        sheet.provider.colour = s(colour);
        render(&sheet);
    }
}

#[test]
fn invalid_language_is_an_error() {
    let mut sheet = quote();
    sheet.lang = s("fr\"); panic(\"x");
    assert!(matches!(
        RENDERER.render(&sheet),
        Err(PdfError::Language(_))
    ));
    sheet.lang = s("EN");
    render(&sheet);
}

#[test]
fn signatures_render_with_and_without_strokes() {
    let mut sheet = quote();
    sheet.title = s("Reçu d’acceptation");
    let drawn = Signature {
        caption: s("Signé le 4 février 2026 à 14 h 05"),
        strokes: vec![
            vec![
                (10.0, 80.0),
                (40.0, 20.0),
                (70.0, 85.0),
                (110.0, 30.0),
                (150.0, 70.0),
            ],
            vec![(160.0, 60.0)],
            vec![(f32::NAN, 3.0), (200.0, -50.0), (400.0, 150.0)],
            vec![],
        ],
        typed: s("Marie-Ève Tremblay"),
    };
    let empty = Signature {
        strokes: Vec::new(),
        ..drawn.clone()
    };
    let with_strokes = render(&Sheet {
        signature: Some(drawn),
        ..sheet.clone()
    });
    let without = render(&Sheet {
        signature: Some(empty),
        ..sheet
    });
    for pdf in [&with_strokes, &without] {
        let text = squash(&pdf_text(pdf));
        assert!(text.contains("Marie-Ève Tremblay"), "{text:?}");
        assert!(text.contains("Signé le 4 février 2026 à 14 h 05"));
    }
    assert_ne!(with_strokes, without);
}

#[test]
fn empty_sheet_renders() {
    let pdf = render(&Sheet {
        lang: s("en"),
        ..Sheet::default()
    });
    assert_eq!(page_count(&pdf), 1);
    let ragged = Table {
        headers: Vec::new(),
        rows: vec![vec![s("a")], vec![s("b"), s("c"), s("d")]],
        ..Table::default()
    };
    let pdf = render(&Sheet {
        lang: s("en"),
        table: Some(ragged),
        ..Sheet::default()
    });
    assert!(squash(&pdf_text(&pdf)).contains("b c d"));
}

#[test]
fn renders_are_deterministic() {
    let mut sheet = quote();
    sheet.provider.logo = Some(TINY_PNG.to_vec());
    sheet.signature = Some(Signature {
        caption: s("Signature"),
        strokes: vec![vec![(10.0, 10.0), (290.0, 90.0)]],
        typed: s("Jean Untel"),
    });
    let first = render(&sheet);
    render(&Sheet {
        title: s("Autre"),
        ..sheet.clone()
    });
    let second = render(&sheet);
    let fresh = Renderer::new().unwrap().render(&sheet).unwrap();
    assert!(first == second && second == fresh, "renders differ");
    let text = String::from_utf8_lossy(&first);
    assert!(
        !text.contains("/CreationDate"),
        "the PDF carries a creation date"
    );
}

#[test]
fn template_compiles_without_warnings() {
    let mut sheet = quote();
    sheet.provider.logo = Some(TINY_PNG.to_vec());
    sheet.signature = Some(Signature {
        caption: s("Signature"),
        strokes: vec![vec![(10.0, 10.0), (290.0, 90.0)]],
        typed: s("Jean Untel"),
    });
    let compiled = RENDERER
        .compile_warned(&inputs::inputs(&sheet).unwrap())
        .unwrap();
    assert!(compiled.output.is_ok());
    let warnings: Vec<_> = compiled
        .warnings
        .iter()
        .map(|w| w.message.to_string())
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn renderer_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Renderer>();
    let renderer = Arc::new(Renderer::new().unwrap());
    let sheet = quote();
    let expected = renderer.render(&sheet).unwrap();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (renderer, sheet) = (Arc::clone(&renderer), sheet.clone());
            std::thread::spawn(move || renderer.render(&sheet).unwrap())
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), expected);
    }
}
