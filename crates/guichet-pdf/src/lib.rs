//! Business documents (quotes, order confirmations, acceptance receipts) rendered to PDF with
//! typst used as a library.
//!
//! The caller localises and formats every string; this crate formats nothing. The data goes to
//! the template (`sheet.typ`) as a JSON file that it reads with `json(..)`, never as typst
//! source, so a customer's text is always shown literally. Fonts (Noto Sans) are embedded in the binary and
//! nothing is read from the file system or the network. The output is deterministic: the same
//! sheet gives the same bytes (no creation date), so a SHA-256 of it is stable.

mod inputs;
mod world;

use typst::diag::{SourceDiagnostic, SourceResult, Warned};
use typst::foundations::{Bytes, Smart};
use typst::text::Font;
use typst_layout::PagedDocument;

use crate::inputs::Inputs;
use crate::world::Template;

/// How many renders a memoised typst result survives unused (shaped text, laid out cells,
/// decoded images). Typst's cache is global to the process.
const CACHE_MAX_AGE: usize = 4;

/// One document to render. Every string is shown as given: already translated and formatted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// Language of the text (`"fr"`, `"en"`: an ISO 639 code of two or three letters), for
    /// hyphenation and typography.
    pub lang: String,
    /// The document's title, e.g. "Soumission S-2026-0004, révision 2".
    pub title: String,
    /// The issuing company.
    pub provider: Provider,
    /// Label/value pairs under the title (number, date, valid until, customer, ship-to…).
    pub facts: Vec<(String, String)>,
    /// The lines.
    pub table: Option<Table>,
    /// Titled plain-text paragraphs (terms, note); newlines in the body are kept.
    pub sections: Vec<(String, String)>,
    /// The signature, on receipts.
    pub signature: Option<Signature>,
    /// Small text at the bottom of every page, beside the page number ("n / total").
    pub footer: String,
}

/// The issuing company.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provider {
    pub name: String,
    /// `#RRGGBB`; anything else falls back to a dark blue.
    pub colour: String,
    /// PNG, JPEG (also GIF, WebP) or SVG bytes; a logo that typst cannot decode is left out
    /// (the render still succeeds).
    pub logo: Option<Vec<u8>>,
}

/// The lines of a document, with their totals.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column headers, repeated at the top of every page the table spans.
    pub headers: Vec<String>,
    /// Cells, row by row; short rows are padded with empty cells.
    pub rows: Vec<Vec<String>>,
    /// Columns to right-align (amounts, quantities); missing entries mean left-aligned.
    pub numeric: Vec<bool>,
    /// Label/value pairs under the table, right-aligned; the last one is bold.
    pub totals: Vec<(String, String)>,
}

/// A signature block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signature {
    pub caption: String,
    /// Drawn signature: polylines in a 0..300 × 0..100 box (y downwards); may be empty.
    /// Points outside the box are clamped, non-finite ones dropped.
    pub strokes: Vec<Vec<(f32, f32)>>,
    /// The typed name, always shown.
    pub typed: String,
}

/// Why a sheet could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded fonts could not be read")]
    Fonts,
    #[error("invalid language code {0:?}: expected two or three ASCII letters")]
    Language(String),
    #[error("typst could not lay out the document: {}", .0.join("; "))]
    Compile(Vec<String>),
    #[error("typst could not write the PDF: {}", .0.join("; "))]
    Export(Vec<String>),
}

/// Renders sheets to PDF. Build it once and share it (`Send + Sync`, e.g. in an `Arc`): the
/// fonts, the standard library and the template are prepared once.
pub struct Renderer {
    template: Template,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// Prepares the fonts and the template, and renders a small sheet once so that a broken
    /// template shows at start-up and the first real render is warm.
    pub fn new() -> Result<Self, PdfError> {
        let faces = [
            notosans::REGULAR_TTF,
            notosans::BOLD_TTF,
            notosans::ITALIC_TTF,
            notosans::BOLD_ITALIC_TTF,
        ];
        let fonts: Vec<Font> = faces
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        if fonts.len() != faces.len() {
            return Err(PdfError::Fonts);
        }
        let renderer = Self {
            template: Template::new(fonts)?,
        };
        renderer.render(&warm_up_sheet())?;
        Ok(renderer)
    }

    /// Renders one sheet to the bytes of a PDF file (US Letter).
    pub fn render(&self, sheet: &Sheet) -> Result<Vec<u8>, PdfError> {
        let inputs = inputs::inputs(sheet)?;
        let document = match self.compile(&inputs) {
            Ok(document) => document,
            // A logo that decoded alone may still fail in the document (an SVG linking to
            // another file, say): the sheet goes out without it rather than not at all.
            Err(error) if inputs.logo().is_some() => {
                tracing::warn!(%error, "the provider's logo is left out of a PDF");
                self.compile(&inputs.without_logo())?
            }
            Err(error) => return Err(error),
        };
        let options = typst_pdf::PdfOptions {
            // No creation date: the same sheet always gives the same bytes.
            timestamp: None,
            ident: Smart::Auto,
            ..typst_pdf::PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|errors| PdfError::Export(messages(&errors)))
    }

    fn compile(&self, inputs: &Inputs) -> Result<PagedDocument, PdfError> {
        let Warned { output, warnings } = self.compile_warned(inputs)?;
        for warning in &warnings {
            tracing::warn!(message = %warning.message, "typst warning while rendering a PDF");
        }
        output.map_err(|errors| PdfError::Compile(messages(&errors)))
    }

    fn compile_warned(
        &self,
        inputs: &Inputs,
    ) -> Result<Warned<SourceResult<PagedDocument>>, PdfError> {
        let world = self.template.world(inputs.json()?, inputs.logo());
        let compiled = typst::compile::<PagedDocument>(&world);
        typst::comemo::evict(CACHE_MAX_AGE);
        Ok(compiled)
    }
}

/// Each diagnostic's message followed by its hints.
fn messages(diagnostics: &[SourceDiagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let mut text = diagnostic.message.to_string();
            for hint in &diagnostic.hints {
                text.push_str(" (hint: ");
                text.push_str(&hint.v);
                text.push(')');
            }
            text
        })
        .collect()
}

/// A sheet that uses every part of the template.
fn warm_up_sheet() -> Sheet {
    let text = |s: &str| s.to_owned();
    Sheet {
        lang: text("fr"),
        title: text("Soumission"),
        provider: Provider {
            name: text("Guichet"),
            colour: text("#1f3a5f"),
            logo: None,
        },
        facts: vec![(text("Date"), text("2026-01-01"))],
        table: Some(Table {
            headers: vec![text("Description"), text("Montant")],
            rows: vec![vec![text("Article"), text("1,00 $")]],
            numeric: vec![false, true],
            totals: vec![(text("Total"), text("1,00 $"))],
        }),
        sections: vec![(text("Conditions"), text("Net 30"))],
        signature: Some(Signature {
            caption: text("Signature"),
            strokes: vec![vec![(10.0, 50.0), (100.0, 60.0)]],
            typed: text("Nom"),
        }),
        footer: text("Guichet"),
    }
}

#[cfg(test)]
mod tests;
