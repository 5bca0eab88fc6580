//! The sheet as data for the template (`/data.json`, read with typst's `json`, so every string
//! stays a string), checked and normalised so that the template cannot fail on it: a valid
//! colour and language, a decodable logo, a rectangular table, finite signature points inside
//! their box.

use serde_json::{Value, json};
use typst::foundations::Bytes;
use typst::visualize::{
    ExchangeFormat, ImageFormat, RasterFormat, RasterImage, SvgImage, VectorFormat,
};

use crate::{PdfError, Sheet, Signature, Table};

/// The provider colour when the given one is not `#RRGGBB`.
const FALLBACK_COLOUR: &str = "#1f3a5f";
/// The logo fits in this box (centimetres), keeping its proportions.
const LOGO_MAX_WIDTH: f64 = 3.0;
const LOGO_MAX_HEIGHT: f64 = 1.6;
/// The signature box, in the strokes' units.
const SIGNATURE_WIDTH: f32 = 300.0;
const SIGNATURE_HEIGHT: f32 = 100.0;

/// One sheet's files: its data and its logo.
#[derive(Clone)]
pub(crate) struct Inputs {
    data: Value,
    logo: Option<Bytes>,
}

impl Inputs {
    /// The data as the bytes of `/data.json`.
    pub(crate) fn json(&self) -> Result<Bytes, PdfError> {
        serde_json::to_vec(&self.data)
            .map(Bytes::new)
            .map_err(|e| PdfError::Compile(vec![e.to_string()]))
    }

    pub(crate) fn logo(&self) -> Option<Bytes> {
        self.logo.clone()
    }

    pub(crate) fn without_logo(mut self) -> Self {
        self.data["logo"] = Value::Null;
        self.logo = None;
        self
    }
}

pub(crate) fn inputs(sheet: &Sheet) -> Result<Inputs, PdfError> {
    let (logo, logo_data) = match logo(sheet.provider.logo.as_deref()) {
        Some((bytes, format, width)) => (Some(bytes), json!({ "format": format, "width": width })),
        None => (None, Value::Null),
    };
    let data = json!({
        "lang": language(&sheet.lang)?,
        "title": text(&sheet.title),
        "provider": text(&sheet.provider.name),
        "colour": colour(&sheet.provider.colour),
        "logo": logo_data,
        "facts": pairs(&sheet.facts),
        "table": sheet.table.as_ref().map_or(Value::Null, table),
        "sections": pairs(&sheet.sections),
        "signature": sheet.signature.as_ref().map_or(Value::Null, signature),
        "footer": text(&sheet.footer),
    });
    Ok(Inputs { data, logo })
}

/// A string with `\r\n` and `\r` as `\n`.
fn text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

fn pairs(pairs: &[(String, String)]) -> Value {
    pairs
        .iter()
        .map(|(a, b)| json!([text(a), text(b)]))
        .collect()
}

fn language(lang: &str) -> Result<String, PdfError> {
    let valid = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic());
    if valid {
        Ok(lang.to_ascii_lowercase())
    } else {
        Err(PdfError::Language(lang.to_owned()))
    }
}

fn colour(colour: &str) -> &str {
    let valid = colour.len() == 7
        && colour.starts_with('#')
        && colour.bytes().skip(1).all(|b| b.is_ascii_hexdigit());
    if valid { colour } else { FALLBACK_COLOUR }
}

/// The logo's bytes, format and width in centimetres, or none when it is not a PNG, JPEG, GIF,
/// WebP or SVG image that typst can decode. Typst memoises the decoding, so the template's
/// `image` reuses it.
fn logo(data: Option<&[u8]>) -> Option<(Bytes, &'static str, f64)> {
    let data = data?;
    let bytes = Bytes::new(data.to_vec());
    let (format, w, h) = match ImageFormat::detect(data)? {
        ImageFormat::Raster(RasterFormat::Exchange(format)) => {
            let image = RasterImage::plain(bytes.clone(), format).ok()?;
            let (w, h) = (image.width(), image.height());
            (format_name(format), f64::from(w), f64::from(h))
        }
        ImageFormat::Vector(VectorFormat::Svg) => {
            let image = SvgImage::new(bytes.clone()).ok()?;
            ("svg", image.width(), image.height())
        }
        _ => return None,
    };
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return None;
    }
    Some((bytes, format, LOGO_MAX_WIDTH.min(LOGO_MAX_HEIGHT * w / h)))
}

fn format_name(format: ExchangeFormat) -> &'static str {
    match format {
        ExchangeFormat::Png => "png",
        ExchangeFormat::Jpg => "jpg",
        ExchangeFormat::Gif => "gif",
        ExchangeFormat::Webp => "webp",
    }
}

/// Headers, rows, alignment and totals, every row as wide as the widest; the column with the
/// most text takes the remaining width.
fn table(table: &Table) -> Value {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.headers.len()])
        .max()
        .unwrap_or(0);
    let cells = |row: &[String]| -> Value {
        (0..columns)
            .map(|i| row.get(i).map_or_else(String::new, |s| text(s)))
            .collect()
    };
    let numeric: Vec<bool> = (0..columns)
        .map(|i| table.numeric.get(i).copied().unwrap_or(false))
        .collect();
    let text_length = |i: usize| -> usize {
        table
            .rows
            .iter()
            .chain([&table.headers])
            .filter_map(|row| row.get(i))
            .map(|s| s.chars().count())
            .sum()
    };
    let filler = (0..columns)
        .filter(|&i| !numeric[i])
        .max_by_key(|&i| (text_length(i), std::cmp::Reverse(i)))
        .unwrap_or(0);
    json!({
        // No header row at all when none is given (not a row of empty cells).
        "headers": if table.headers.is_empty() { json!([]) } else { cells(&table.headers) },
        "rows": table.rows.iter().map(|row| cells(row)).collect::<Value>(),
        "numeric": numeric,
        "widths": (0..columns).map(|i| i == filler).collect::<Vec<bool>>(),
        "totals": pairs(&table.totals),
    })
}

/// Strokes as arrays of `[x, y]` inside the box; a single point becomes a dot.
fn signature(signature: &Signature) -> Value {
    let strokes: Vec<Vec<[f32; 2]>> = signature
        .strokes
        .iter()
        .map(|stroke| {
            let mut points: Vec<[f32; 2]> = stroke
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|&(x, y)| {
                    [
                        x.clamp(0.0, SIGNATURE_WIDTH),
                        y.clamp(0.0, SIGNATURE_HEIGHT),
                    ]
                })
                .collect();
            if let [point] = points[..] {
                points.push(point);
            }
            points
        })
        .filter(|points| !points.is_empty())
        .collect();
    json!({
        "caption": text(&signature.caption),
        "strokes": strokes,
        "typed": text(&signature.typed),
    })
}
