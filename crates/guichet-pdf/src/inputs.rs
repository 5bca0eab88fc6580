//! The sheet as typst values (`sys.inputs` of the template), checked and normalised so that
//! the template cannot fail on the data: a valid colour, a decodable logo, a rectangular table,
//! finite signature points inside their box.

use typst::foundations::{Array, Bytes, Dict, IntoValue, Str, Value};
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

pub(crate) fn inputs(sheet: &Sheet) -> Result<Dict, PdfError> {
    let mut dict = Dict::new();
    let mut put = |key: &str, value: Value| dict.insert(Str::from(key), value);
    put("lang", language(&sheet.lang)?.into_value());
    put("title", text(&sheet.title));
    put("provider", text(&sheet.provider.name));
    put("colour", colour(&sheet.provider.colour).into_value());
    put("logo", logo(sheet.provider.logo.as_deref()));
    put("facts", pairs(&sheet.facts));
    put("table", sheet.table.as_ref().map_or(Value::None, table));
    put("sections", pairs(&sheet.sections));
    put(
        "signature",
        sheet.signature.as_ref().map_or(Value::None, signature),
    );
    put("footer", text(&sheet.footer));
    Ok(dict)
}

/// A string as a typst string (never markup), with `\r\n` and `\r` as `\n`.
fn text(s: &str) -> Value {
    if s.contains('\r') {
        Value::Str(s.replace("\r\n", "\n").replace('\r', "\n").into())
    } else {
        Value::Str(s.into())
    }
}

fn pairs(pairs: &[(String, String)]) -> Value {
    pairs
        .iter()
        .map(|(a, b)| Value::Array(Array::from([text(a), text(b)].as_slice())))
        .collect::<Array>()
        .into_value()
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
fn logo(data: Option<&[u8]>) -> Value {
    let Some(data) = data else {
        return Value::None;
    };
    let bytes = Bytes::new(data.to_vec());
    let decoded = match ImageFormat::detect(data) {
        Some(ImageFormat::Raster(RasterFormat::Exchange(format))) => {
            RasterImage::plain(bytes.clone(), format).ok().map(|image| {
                (
                    format_name(format),
                    f64::from(image.width()),
                    f64::from(image.height()),
                )
            })
        }
        Some(ImageFormat::Vector(VectorFormat::Svg)) => SvgImage::new(bytes.clone())
            .ok()
            .map(|image| ("svg", image.width(), image.height())),
        _ => None,
    };
    let Some((format, w, h)) = decoded else {
        return Value::None;
    };
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return Value::None;
    }
    let width = LOGO_MAX_WIDTH.min(LOGO_MAX_HEIGHT * w / h);
    let mut dict = Dict::new();
    dict.insert("data".into(), Value::Bytes(bytes));
    dict.insert("format".into(), format.into_value());
    dict.insert("width".into(), width.into_value());
    Value::Dict(dict)
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
    let cell = |row: &[String], i: usize| row.get(i).map_or(Value::Str("".into()), |s| text(s));
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

    let mut dict = Dict::new();
    // No header row at all when none is given (not a row of empty cells).
    let headers: Array = if table.headers.is_empty() {
        Array::new()
    } else {
        (0..columns).map(|i| cell(&table.headers, i)).collect()
    };
    let rows: Array = table
        .rows
        .iter()
        .map(|row| Value::Array((0..columns).map(|i| cell(row, i)).collect()))
        .collect();
    dict.insert("headers".into(), headers.into_value());
    dict.insert("rows".into(), rows.into_value());
    dict.insert(
        "numeric".into(),
        numeric
            .into_iter()
            .map(Value::Bool)
            .collect::<Array>()
            .into_value(),
    );
    dict.insert(
        "widths".into(),
        (0..columns)
            .map(|i| Value::Bool(i == filler))
            .collect::<Array>()
            .into_value(),
    );
    dict.insert("totals".into(), pairs(&table.totals));
    Value::Dict(dict)
}

/// Strokes as arrays of `(x, y)` floats inside the box; a single point becomes a dot.
fn signature(signature: &Signature) -> Value {
    let strokes: Array = signature
        .strokes
        .iter()
        .filter_map(|stroke| {
            let mut points: Vec<Value> = stroke
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|&(x, y)| {
                    let x = f64::from(x.clamp(0.0, SIGNATURE_WIDTH));
                    let y = f64::from(y.clamp(0.0, SIGNATURE_HEIGHT));
                    Value::Array(Array::from([x.into_value(), y.into_value()].as_slice()))
                })
                .collect();
            if points.len() == 1 {
                points.push(points[0].clone());
            }
            (!points.is_empty()).then(|| Value::Array(points.into_iter().collect()))
        })
        .collect();
    let mut dict = Dict::new();
    dict.insert("caption".into(), text(&signature.caption));
    dict.insert("strokes".into(), strokes.into_value());
    dict.insert("typed".into(), text(&signature.typed));
    Value::Dict(dict)
}
