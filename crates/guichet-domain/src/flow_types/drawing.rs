//! A customer's drawing (their roof's outline, in metres) as the SVG document kept for it.
use crate::ValueError;

/// A polygon drawn by a customer (their roof), in metres, as the SVG document we keep. Points
/// come as numbers only: no markup from the browser reaches the file.
pub fn drawing_svg(points: &[(f64, f64)], title: &str) -> Result<String, ValueError> {
    if points.len() < 3 || points.len() > 200 {
        return Err(ValueError::Invalid);
    }
    if points
        .iter()
        .any(|(x, y)| !x.is_finite() || !y.is_finite() || x.abs() > 1e4 || y.abs() > 1e4)
    {
        return Err(ValueError::Invalid);
    }
    let (minx, maxx, miny, maxy) = points.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, b, c, d), (x, y)| (a.min(*x), b.max(*x), c.min(*y), d.max(*y)),
    );
    if maxx - minx <= 0.0 || maxy - miny <= 0.0 {
        return Err(ValueError::Invalid);
    }
    let area = polygon_area(points);
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{:.2},{:.2}", x - minx, y - miny))
        .collect();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let (w, h) = (maxx - minx, maxy - miny);
    let pad = (w.max(h) * 0.05).max(0.5);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{vx:.2} {vy:.2} {vw:.2} {vh:.2}\" \
         width=\"800\" height=\"{ph:.0}\" role=\"img\" aria-label=\"{t}\">\n\
         <title>{t}</title>\n\
         <desc>{n} points, {w:.2} m × {h:.2} m, {area:.2} m²</desc>\n\
         <polygon points=\"{pts}\" fill=\"#dbeafe\" stroke=\"#1e3a8a\" stroke-width=\"{sw:.3}\" />\n\
         </svg>\n",
        vx = -pad,
        vy = -pad,
        vw = w + 2.0 * pad,
        vh = h + 2.0 * pad,
        ph = 800.0 * (h + 2.0 * pad) / (w + 2.0 * pad),
        t = esc(title),
        n = points.len(),
        pts = pts.join(" "),
        sw = w.max(h) / 200.0,
    ))
}

/// Shoelace formula, in square metres.
pub fn polygon_area(points: &[(f64, f64)]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (x1, y1) = points[i];
            let (x2, y2) = points[(i + 1) % n];
            x1 * y2 - x2 * y1
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Points as typed or sent by the drawing tool: `x,y` pairs separated by spaces or semicolons.
pub fn parse_points(raw: &str) -> Result<Vec<(f64, f64)>, ValueError> {
    raw.split([' ', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').ok_or(ValueError::Invalid)?;
            let x: f64 = x.trim().parse().map_err(|_| ValueError::Invalid)?;
            let y: f64 = y.trim().parse().map_err(|_| ValueError::Invalid)?;
            Ok((x, y))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_become_svg_from_numbers_only() {
        let pts = parse_points("0,0 10,0; 10,5 0,5").unwrap();
        assert_eq!(polygon_area(&pts), 50.0);
        let svg = drawing_svg(&pts, "Toit <sud>").unwrap();
        assert!(svg.contains("<polygon points=\"0.00,0.00 10.00,0.00 10.00,5.00 0.00,5.00\""));
        assert!(svg.contains("Toit &lt;sud&gt;"));
        assert!(svg.contains("50.00 m²"));
        assert_eq!(parse_points("1,2 <script>"), Err(ValueError::Invalid));
        assert_eq!(drawing_svg(&pts[..2], "x"), Err(ValueError::Invalid));
        assert_eq!(
            drawing_svg(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0 / 0.0)], "x"),
            Err(ValueError::Invalid)
        );
    }
}
