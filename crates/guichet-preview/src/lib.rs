//! View-only previews (decision 0012): a document shown as page images rather than as its
//! original file. PDFs are rendered by poppler's `pdftoppm` (Debian's `poppler-utils`) in a
//! bounded process, PNG and JPEG images are decoded and re-encoded; the un-watermarked pages
//! are cached on disk by the file's SHA-256, and each page handed out is watermarked for its
//! viewer, burned into its pixels.
//!
//! Knows nothing of who may see what: `guichet-core` decides, then asks for pages.
mod cache;
mod render;
#[doc(hidden)]
pub mod sample_pdf;
mod settings;
pub mod watermark;

use std::fmt;
use std::time::Duration;

use ab_glyph::FontArc;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use image::RgbImage;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

use cache::{Cache, drop_dir, valid_sha};
use render::Failure;
pub use settings::{DEFAULT_FONT_FILE, PreviewSettings};

/// What a file gives as pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pages {
    /// The first `shown` of its `total` pages are images (`shown` < `total` past the page cap).
    Shown { shown: u32, total: u32 },
    /// Nothing can be shown: not a type we render, or a file the renderer cannot read.
    Unrenderable,
}

impl Pages {
    fn parse(text: &str) -> Option<Pages> {
        let text = text.trim();
        if text == "unrenderable" {
            return Some(Pages::Unrenderable);
        }
        let (shown, total) = text.split_once(' ')?;
        Some(Pages::Shown {
            shown: shown.parse().ok()?,
            total: total.parse().ok()?,
        })
    }
}

impl fmt::Display for Pages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pages::Shown { shown, total } => write!(f, "{shown} {total}"),
            Pages::Unrenderable => f.write_str("unrenderable"),
        }
    }
}

/// What went wrong on this machine (never the file's fault: a file the renderer cannot read is
/// `Pages::Unrenderable`).
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("the watermark's font {path} cannot be read (Debian: fonts-dejavu-core)")]
    NoFont { path: String },
    #[error("{program} cannot run (Debian: poppler-utils; util-linux for prlimit)")]
    RendererMissing {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("rendering took longer than {0:?}")]
    TimedOut(Duration),
    #[error("not a SHA-256: {0:?}")]
    BadHash(String),
    #[error("preview cache")]
    Io(#[source] std::io::Error),
    #[error("image")]
    Image(#[source] image::ImageError),
}

/// Renders, caches and watermarks pages.
pub struct Previewer {
    settings: PreviewSettings,
    cache: Cache,
    font: Option<FontArc>,
    /// Files rendered at once.
    renders: Semaphore,
    /// Pages watermarked and encoded at once (CPU work, off the async threads).
    stamps: Semaphore,
}

/// The types rendered as pages; anything else is `Unrenderable`.
pub fn renderable(content_type: &str) -> bool {
    matches!(content_type, "application/pdf" | "image/png" | "image/jpeg")
}

impl Previewer {
    /// Reads the font now; without it no page is ever shown (logged).
    pub fn new(settings: PreviewSettings) -> Self {
        let font = match std::fs::read(&settings.font_file) {
            Ok(bytes) => match FontArc::try_from_vec(bytes) {
                Ok(f) => Some(f),
                Err(e) => {
                    tracing::error!(font = %settings.font_file.display(), error = %e,
                        "previews: the watermark's font is not a font; view-only previews are off");
                    None
                }
            },
            Err(e) => {
                tracing::error!(font = %settings.font_file.display(), error = %e,
                    "previews: cannot read the watermark's font; view-only previews are off");
                None
            }
        };
        let concurrent = settings.concurrent.max(1);
        Previewer {
            cache: Cache::new(settings.cache_dir.clone(), settings.cache_max_bytes),
            settings,
            font,
            renders: Semaphore::new(concurrent),
            stamps: Semaphore::new(concurrent * 2),
        }
    }

    fn font(&self) -> Result<&FontArc, PreviewError> {
        self.font.as_ref().ok_or_else(|| PreviewError::NoFont {
            path: self.settings.font_file.display().to_string(),
        })
    }

    /// What the cache knows of this file, if it was rendered (or found unreadable) before.
    pub async fn cached(&self, sha256: &str) -> Option<Pages> {
        if !valid_sha(sha256) {
            return None;
        }
        self.cache.pages(sha256).await
    }

    /// Renders a file (`source`, its content) and caches its pages; a file the renderer cannot
    /// read is remembered as `Unrenderable` (and logged). Errors are this machine's problems
    /// (no renderer, no font, time out): nothing is remembered, the next view tries again.
    pub async fn render<S>(
        &self,
        sha256: &str,
        content_type: &str,
        source: S,
    ) -> Result<Pages, PreviewError>
    where
        S: Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send,
    {
        if !valid_sha(sha256) {
            return Err(PreviewError::BadHash(sha256.into()));
        }
        if !renderable(content_type) {
            return Ok(Pages::Unrenderable);
        }
        self.font()?;
        let _turn = self
            .renders
            .acquire()
            .await
            .map_err(|e| PreviewError::Io(std::io::Error::other(e)))?;
        // Rendered by another request while this one waited.
        if let Some(p) = self.cache.pages(sha256).await {
            return Ok(p);
        }
        let scratch = self.cache.scratch().await.map_err(PreviewError::Io)?;
        let outcome = self.render_into(&scratch, content_type, source).await;
        let pages = match outcome {
            Ok(p) => p,
            Err(Failure::Unreadable(why)) => {
                tracing::warn!(
                    sha256,
                    content_type,
                    why,
                    "previews: file cannot be rendered"
                );
                Pages::Unrenderable
            }
            Err(Failure::System(e)) => {
                drop_dir(&scratch).await;
                return Err(e);
            }
        };
        if let Err(e) = self.cache.commit(&scratch, sha256, pages).await {
            drop_dir(&scratch).await;
            return Err(PreviewError::Io(e));
        }
        Ok(pages)
    }

    async fn render_into<S>(
        &self,
        scratch: &std::path::Path,
        content_type: &str,
        mut source: S,
    ) -> Result<Pages, Failure>
    where
        S: Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send,
    {
        let io = |e| Failure::System(PreviewError::Io(e));
        if content_type == "application/pdf" {
            let path = scratch.join("source.pdf");
            let mut file = tokio::fs::File::create(&path).await.map_err(io)?;
            while let Some(chunk) = source.next().await {
                file.write_all(&chunk.map_err(io)?).await.map_err(io)?;
            }
            file.flush().await.map_err(io)?;
            drop(file);
            let pages = render::pdf(&self.settings, &path, scratch).await;
            let _ = tokio::fs::remove_file(&path).await;
            pages
        } else {
            let mut bytes = Vec::new();
            while let Some(chunk) = source.next().await {
                bytes.extend_from_slice(&chunk.map_err(io)?);
                if bytes.len() as u64 > render::MAX_IMAGE_FILE {
                    return Err(Failure::Unreadable("image file too large".into()));
                }
            }
            render::image(&self.settings, bytes, scratch).await
        }
    }

    /// Page `n` (from 1) of a rendered file, watermarked with `watermark`, as PNG; `None` when
    /// the file has no such page in the cache (never rendered, unrenderable, evicted).
    pub async fn page(
        &self,
        sha256: &str,
        n: u32,
        watermark: &str,
    ) -> Result<Option<Vec<u8>>, PreviewError> {
        let font = self.font()?.clone();
        match self.cached(sha256).await {
            Some(Pages::Shown { shown, .. }) if (1..=shown).contains(&n) => {}
            _ => return Ok(None),
        }
        let png = match self.cache.page(sha256, n).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(PreviewError::Io(e)),
        };
        let _turn = self
            .stamps
            .acquire()
            .await
            .map_err(|e| PreviewError::Io(std::io::Error::other(e)))?;
        let text = watermark.to_string();
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, PreviewError> {
            let mut page = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
                .map_err(PreviewError::Image)?
                .to_rgb8();
            watermark::stamp(&mut page, &font, &text);
            encode_png(&page).map_err(PreviewError::Image)
        })
        .await
        .map_err(|e| PreviewError::Io(std::io::Error::other(e)))?
        .map(Some)
    }
}

/// A page as PNG, compressed fast (pages are made on each view).
pub(crate) fn encode_png(page: &RgbImage) -> image::ImageResult<Vec<u8>> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
        .write_image(
            page.as_raw(),
            page.width(),
            page.height(),
            image::ExtendedColorType::Rgb8,
        )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn pages_read_back_as_written() {
        for p in [
            Pages::Shown {
                shown: 3,
                total: 70,
            },
            Pages::Unrenderable,
        ] {
            assert_eq!(Pages::parse(&p.to_string()), Some(p));
        }
        assert_eq!(Pages::parse("junk"), None);
    }

    fn settings() -> PreviewSettings {
        PreviewSettings {
            cache_dir: std::env::temp_dir().join(format!(
                "guichet-preview-{}",
                hex::encode(rand::random::<[u8; 8]>())
            )),
            ..PreviewSettings::default()
        }
    }

    fn stream(bytes: Vec<u8>) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Unpin + Send {
        futures_util::stream::iter([Ok(Bytes::from(bytes))])
    }

    #[tokio::test]
    async fn a_pdf_becomes_watermarked_pages() {
        let s = settings();
        let dir = s.cache_dir.clone();
        let p = Previewer::new(s);
        let sha = "a".repeat(64);
        let pdf = sample_pdf::pdf_with_pages(&["First page", "Second page"]);
        assert_eq!(p.cached(&sha).await, None);
        let pages = p
            .render(&sha, "application/pdf", stream(pdf))
            .await
            .unwrap();
        assert_eq!(pages, Pages::Shown { shown: 2, total: 2 });
        assert_eq!(p.cached(&sha).await, Some(pages), "cached");
        let one = p
            .page(&sha, 1, "Camille · 2026-11-23 11:05")
            .await
            .unwrap()
            .unwrap();
        let other = p
            .page(&sha, 1, "Pierre · 2026-11-23 11:05")
            .await
            .unwrap()
            .unwrap();
        assert_ne!(one, other);
        let img = image::load_from_memory(&one).unwrap();
        assert_eq!(img.width().max(img.height()), render::LONGEST_SIDE);
        assert!(p.page(&sha, 2, "x").await.unwrap().is_some());
        assert!(p.page(&sha, 3, "x").await.unwrap().is_none());
        assert!(p.page(&sha, 0, "x").await.unwrap().is_none());
        // A damaged PDF is remembered as unrenderable; a type we do not render is not cached.
        let bad = "b".repeat(64);
        let pages = p
            .render(
                &bad,
                "application/pdf",
                stream(b"%PDF-1.4 nothing".to_vec()),
            )
            .await
            .unwrap();
        assert_eq!(pages, Pages::Unrenderable);
        assert_eq!(p.cached(&bad).await, Some(Pages::Unrenderable));
        let docx = "c".repeat(64);
        let pages = p
            .render(&docx, "application/zip", stream(b"PK".to_vec()))
            .await
            .unwrap();
        assert_eq!(pages, Pages::Unrenderable);
        assert!(p.page(&docx, 1, "x").await.unwrap().is_none());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn the_page_cap_holds() {
        let s = PreviewSettings {
            max_pages: 2,
            ..settings()
        };
        let dir = s.cache_dir.clone();
        let p = Previewer::new(s);
        let pdf =
            sample_pdf::pdf_with_pages(&["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
        let pages = p
            .render(&"d".repeat(64), "application/pdf", stream(pdf))
            .await
            .unwrap();
        assert_eq!(
            pages,
            Pages::Shown {
                shown: 2,
                total: 11
            }
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn without_a_font_nothing_is_shown() {
        let s = PreviewSettings {
            font_file: "/nonexistent/font.ttf".into(),
            ..settings()
        };
        let p = Previewer::new(s);
        let pdf = sample_pdf::pdf_with_pages(&["x"]);
        assert!(matches!(
            p.render(&"e".repeat(64), "application/pdf", stream(pdf))
                .await,
            Err(PreviewError::NoFont { .. })
        ));
    }

    #[tokio::test]
    async fn images_are_re_encoded() {
        let s = settings();
        let dir = s.cache_dir.clone();
        let p = Previewer::new(s);
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(RgbImage::from_pixel(200, 100, image::Rgb([10, 200, 10])))
            .write_to(
                &mut std::io::Cursor::new(&mut jpeg),
                image::ImageFormat::Jpeg,
            )
            .unwrap();
        let sha = "f".repeat(64);
        let pages = p
            .render(&sha, "image/jpeg", stream(jpeg.clone()))
            .await
            .unwrap();
        assert_eq!(pages, Pages::Shown { shown: 1, total: 1 });
        let png = p.page(&sha, 1, "Camille").await.unwrap().unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(image::load_from_memory(&png).unwrap().width(), 200);
        let _ = std::fs::remove_dir_all(dir);
    }
}
