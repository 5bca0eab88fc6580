//! Turning a file into page images, un-watermarked: a PDF by poppler's `pdftoppm` (a process of
//! its own, under `prlimit`: address space, CPU time, file size; killed at the deadline), a PNG
//! or JPEG decoded within memory limits, flattened on white and re-encoded. Decision 0012.
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use image::{DynamicImage, ImageReader, RgbImage, imageops::FilterType};
use tokio::process::Command;
use tokio::time::Instant;

use crate::{Pages, PreviewError, PreviewSettings};

/// The longest side of a rendered page, in pixels (about 130 dpi for a letter page): legible
/// on a large screen, a few hundred kilobytes as PNG.
pub(crate) const LONGEST_SIDE: u32 = 1400;
/// Largest image file decoded (a PDF goes to the renderer whatever its size).
pub(crate) const MAX_IMAGE_FILE: u64 = 64 * 1024 * 1024;
/// Largest file the renderer may write (one page image).
const MAX_OUTPUT_FILE: u64 = 64 * 1024 * 1024;

/// Why a file gave no pages.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The file itself: not a PDF or image the renderer reads, damaged, encrypted… Remembered.
    Unreadable(String),
    /// This machine, now: the renderer is missing, timed out or failed to start. Not remembered
    /// (the next view tries again).
    System(PreviewError),
}

/// Renders the first pages of the PDF at `source` into `out` as `1.png`, `2.png`…
pub(crate) async fn pdf(s: &PreviewSettings, source: &Path, out: &Path) -> Result<Pages, Failure> {
    let deadline = Instant::now() + s.timeout;
    let info = run(
        s,
        deadline,
        limited(s, &s.program("pdfinfo")).arg(source),
        true,
    )
    .await?;
    let total = page_count(&info)
        .ok_or_else(|| Failure::Unreadable("pdfinfo gave no page count".into()))?;
    if total == 0 {
        return Err(Failure::Unreadable("no pages".into()));
    }
    let shown = total.min(s.max_pages.max(1));
    let mut cmd = limited(s, &s.program("pdftoppm"));
    cmd.args(["-q", "-png", "-scale-to", &LONGEST_SIDE.to_string()])
        .args(["-f", "1", "-l", &shown.to_string()])
        .arg(source)
        .arg(out.join("p"));
    run(s, deadline, &mut cmd, false).await?;
    // pdftoppm names pages `p-1.png` or `p-01.png` (padded to the page count's digits).
    let mut found = 0u32;
    let mut dir = tokio::fs::read_dir(out).await.map_err(io)?;
    while let Some(e) = dir.next_entry().await.map_err(io)? {
        let name = e.file_name();
        let Some(n) = name
            .to_str()
            .and_then(|n| n.strip_prefix("p-"))
            .and_then(|n| n.strip_suffix(".png"))
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if (1..=shown).contains(&n) {
            tokio::fs::rename(e.path(), out.join(format!("{n}.png")))
                .await
                .map_err(io)?;
            found += 1;
        }
    }
    if found != shown {
        return Err(Failure::Unreadable(format!(
            "{found} of {shown} pages rendered"
        )));
    }
    Ok(Pages::Shown { shown, total })
}

/// A PNG or JPEG (`bytes`) as one page, flattened on white, at most `LONGEST_SIDE` pixels on its
/// longest side, into `out` as `1.png`.
pub(crate) async fn image(
    s: &PreviewSettings,
    bytes: Vec<u8>,
    out: &Path,
) -> Result<Pages, Failure> {
    let memory = s.memory_bytes;
    let png = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, Failure> {
        let page = decode(&bytes, memory).map_err(|e| Failure::Unreadable(e.to_string()))?;
        crate::encode_png(&page).map_err(|e| Failure::System(PreviewError::Image(e)))
    })
    .await
    .map_err(|e| Failure::System(PreviewError::Io(std::io::Error::other(e))))??;
    tokio::fs::write(out.join("1.png"), png).await.map_err(io)?;
    Ok(Pages::Shown { shown: 1, total: 1 })
}

/// Decodes an image within limits (dimensions, memory) and brings it to page size, on white.
fn decode(bytes: &[u8], memory: u64) -> image::ImageResult<RgbImage> {
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(memory);
    reader.limits(limits);
    let img = reader.decode()?;
    let img = if img.width().max(img.height()) > LONGEST_SIDE {
        img.resize(LONGEST_SIDE, LONGEST_SIDE, FilterType::Triangle)
    } else {
        img
    };
    Ok(on_white(img))
}

/// The image without transparency: transparent parts become white (not black).
fn on_white(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let a = u16::from(a);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([blend(r), blend(g), blend(b)])
    })
}

/// A poppler program under `prlimit`: address space, CPU seconds and file size bounded, no
/// environment but `PATH` (the server's variables hold secrets), no input.
fn limited(s: &PreviewSettings, program: &Path) -> Command {
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!("--as={}", s.memory_bytes))
        .arg(format!("--cpu={}", s.timeout.as_secs().max(1)))
        .arg(format!("--fsize={MAX_OUTPUT_FILE}"))
        .arg("--")
        .arg(program)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LC_ALL", "C")
        .env("HOME", &s.cache_dir)
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

/// Runs a program until the deadline; its standard output when `capture`.
async fn run(
    s: &PreviewSettings,
    deadline: Instant,
    cmd: &mut Command,
    capture: bool,
) -> Result<String, Failure> {
    cmd.stdout(if capture {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stderr(Stdio::piped());
    let child = cmd.spawn().map_err(|e| {
        Failure::System(PreviewError::RendererMissing {
            program: "prlimit / poppler-utils".into(),
            source: e,
        })
    })?;
    let left = deadline.saturating_duration_since(Instant::now());
    let output =
        match tokio::time::timeout(left.max(Duration::from_millis(1)), child.wait_with_output())
            .await
        {
            Ok(r) => r.map_err(io)?,
            // Dropping the future kills the process (`kill_on_drop`).
            Err(_) => {
                return Err(Failure::System(PreviewError::TimedOut(s.timeout)));
            }
        };
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr: String = stderr.chars().take(500).collect();
    // prlimit itself answers 127 or 126 when it cannot run the program.
    match output.status.code() {
        Some(126 | 127) => Err(Failure::System(PreviewError::RendererMissing {
            program: "poppler-utils".into(),
            source: std::io::Error::other(stderr),
        })),
        // Killed by a signal: out of CPU time or memory.
        None => Err(Failure::Unreadable(format!(
            "renderer stopped ({}): {stderr}",
            output.status
        ))),
        Some(code) => Err(Failure::Unreadable(format!("exit {code}: {stderr}"))),
    }
}

fn page_count(info: &str) -> Option<u32> {
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

fn io(e: std::io::Error) -> Failure {
    Failure::System(PreviewError::Io(e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn page_counts_are_read_from_pdfinfo() {
        assert_eq!(
            page_count("Title: x\nPages:          12\nEncrypted: no\n"),
            Some(12)
        );
        assert_eq!(page_count("Title: x\n"), None);
    }

    #[test]
    fn large_and_transparent_images_come_to_page_size_on_white() {
        let mut png = Vec::new();
        let big = image::RgbaImage::from_pixel(3000, 1500, image::Rgba([0, 0, 0, 0]));
        DynamicImage::ImageRgba8(big)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let page = decode(&png, 512 * 1024 * 1024).unwrap();
        assert_eq!(page.dimensions(), (1400, 700));
        assert_eq!(page.get_pixel(10, 10).0, [255, 255, 255]);
        assert!(decode(b"not an image", 1 << 20).is_err());
        assert!(decode(&png, 1024).is_err(), "memory limit");
    }
}
