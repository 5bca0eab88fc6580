//! The watermark burned into a page image: one line of text (who views, when), repeated in
//! staggered rows along a rising diagonal, grey and translucent — legible, yet the page stays
//! readable beneath it.
use ab_glyph::{Font, FontArc, PxScale, ScaleFont, point};
use image::RgbImage;

/// How strongly the text covers the page (0: invisible, 1: opaque).
const OPACITY: f32 = 0.30;
/// The text's colour: a neutral grey, visible on white and on most printed content.
const INK: [f32; 3] = [96.0, 96.0, 96.0];
/// The angle the rows rise at, in degrees.
const ANGLE_DEGREES: f32 = 30.0;

/// A line of text as coverage (0 to 1 per pixel), `w` × `h`.
struct Mask {
    w: usize,
    h: usize,
    coverage: Vec<f32>,
}

impl Mask {
    fn of(font: &FontArc, text: &str, px: f32) -> Mask {
        let scaled = font.as_scaled(PxScale::from(px));
        let mut x = 0.0f32;
        let mut previous = None;
        let mut glyphs = Vec::new();
        for c in text.chars().filter(|c| !c.is_control()) {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                x += scaled.kern(p, id);
            }
            glyphs.push(id.with_scale_and_position(px, point(x, scaled.ascent())));
            x += scaled.h_advance(id);
            previous = Some(id);
        }
        let w = (x.ceil().max(0.0) as usize).saturating_add(2).min(16_384);
        let h = ((scaled.ascent() - scaled.descent()).ceil().max(0.0) as usize)
            .saturating_add(2)
            .min(4_096);
        let mut coverage = vec![0.0f32; w * h];
        for g in glyphs {
            let Some(outline) = font.outline_glyph(g) else {
                continue;
            };
            let bounds = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                let x = bounds.min.x as i64 + i64::from(gx);
                let y = bounds.min.y as i64 + i64::from(gy);
                if x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h {
                    let i = y as usize * w + x as usize;
                    coverage[i] = (coverage[i] + c).min(1.0);
                }
            });
        }
        Mask { w, h, coverage }
    }

    /// Coverage at a point of the mask, interpolated between its four pixels (0 outside).
    fn at(&self, x: f32, y: f32) -> f32 {
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let px = |xi: f32, yi: f32| -> f32 {
            if xi < 0.0 || yi < 0.0 {
                return 0.0;
            }
            let (xi, yi) = (xi as usize, yi as usize);
            if xi >= self.w || yi >= self.h {
                0.0
            } else {
                self.coverage[yi * self.w + xi]
            }
        };
        let top = px(x0, y0) * (1.0 - fx) + px(x0 + 1.0, y0) * fx;
        let bottom = px(x0, y0 + 1.0) * (1.0 - fx) + px(x0 + 1.0, y0 + 1.0) * fx;
        top * (1.0 - fy) + bottom * fy
    }
}

/// Burns `text` into the image's pixels, repeated across the whole page along a rising
/// diagonal; the image keeps its size. The text's size follows the page's (about a fortieth of
/// its width, at least 14 px).
pub fn stamp(page: &mut RgbImage, font: &FontArc, text: &str) {
    let (width, height) = page.dimensions();
    if width == 0 || height == 0 || text.trim().is_empty() {
        return;
    }
    let px = (width.max(height) as f32 / 40.0).max(14.0);
    let mask = Mask::of(font, text, px);
    // A row's period along the text (text, then a gap) and across it (rows apart).
    let period_u = mask.w as f32 + px * 3.0;
    let period_v = mask.h as f32 + px * 3.0;
    let (sin, cos) = ANGLE_DEGREES.to_radians().sin_cos();
    for (x, y, pixel) in page.enumerate_pixels_mut() {
        let (x, y) = (x as f32, y as f32);
        // Along the text (rising to the right), and across it (downwards).
        let u = x * cos - y * sin;
        let v = x * sin + y * cos;
        let row = (v / period_v).floor();
        // Each row is shifted by half a period, so the lines do not stack in columns.
        let shift = if row.rem_euclid(2.0) == 1.0 {
            period_u / 2.0
        } else {
            0.0
        };
        let mu = (u + shift).rem_euclid(period_u);
        let mv = v - row * period_v;
        let c = mask.at(mu, mv) * OPACITY;
        if c <= 0.0 {
            continue;
        }
        for (channel, ink) in pixel.0.iter_mut().zip(INK) {
            *channel = (f32::from(*channel) * (1.0 - c) + ink * c).round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::settings::DEFAULT_FONT_FILE;

    fn font() -> FontArc {
        let bytes = std::fs::read(DEFAULT_FONT_FILE).unwrap_or_else(|e| {
            panic!("{DEFAULT_FONT_FILE}: {e} (install Debian's fonts-dejavu-core)")
        });
        FontArc::try_from_vec(bytes).unwrap()
    }

    fn white(w: u32, h: u32) -> RgbImage {
        RgbImage::from_pixel(w, h, image::Rgb([255, 255, 255]))
    }

    #[test]
    fn the_watermark_changes_pixels_and_keeps_the_size() {
        let font = font();
        let mut page = white(600, 800);
        stamp(&mut page, &font, "Camille Contact · 2026-11-23 11:05 EST");
        assert_eq!(page.dimensions(), (600, 800));
        let marked = page.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        let share = marked as f64 / (600.0 * 800.0);
        assert!(share > 0.03, "the text covers the page: {share}");
        assert!(share < 0.5, "and leaves most of it untouched: {share}");
        // Translucent: nothing is darker than the ink blended at its opacity.
        let darkest = page.pixels().map(|p| p.0[0]).min().unwrap();
        assert!(darkest >= 180, "never opaque: {darkest}");
        // Spread over the page, not in one corner.
        for (x0, y0) in [(0, 0), (300, 0), (0, 400), (300, 400)] {
            let quarter = (x0..x0 + 300)
                .flat_map(|x| (y0..y0 + 400).map(move |y| (x, y)))
                .filter(|(x, y)| page.get_pixel(*x, *y).0 != [255, 255, 255])
                .count();
            assert!(
                quarter > 1000,
                "every quarter is marked ({x0},{y0}): {quarter}"
            );
        }
    }

    #[test]
    fn another_viewer_gets_other_pixels() {
        let font = font();
        let mut a = white(400, 300);
        let mut b = white(400, 300);
        stamp(&mut a, &font, "Camille Contact · 2026-11-23 11:05 EST");
        stamp(&mut b, &font, "Pierre Proprio · 2026-11-23 11:05 EST");
        assert_ne!(a.as_raw(), b.as_raw());
    }

    #[test]
    fn content_stays_visible_under_it() {
        let font = font();
        let mut page = RgbImage::from_pixel(300, 300, image::Rgb([0, 0, 0]));
        stamp(&mut page, &font, "Camille");
        assert!(page.pixels().all(|p| p.0[0] <= 96), "black stays dark");
        let mut tiny = white(1, 1);
        stamp(&mut tiny, &font, "x");
        assert_eq!(tiny.dimensions(), (1, 1));
        let mut empty = white(10, 10);
        stamp(&mut empty, &font, "   ");
        assert!(empty.pixels().all(|p| p.0 == [255, 255, 255]));
    }
}
