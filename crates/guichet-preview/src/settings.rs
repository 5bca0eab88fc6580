//! What the operator tunes: where pages are cached and how much, the renderer's bounds, the
//! watermark's font.
use std::path::PathBuf;
use std::time::Duration;

/// DejaVu Sans as Debian's `fonts-dejavu-core` installs it.
pub const DEFAULT_FONT_FILE: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

#[derive(Clone, Debug)]
pub struct PreviewSettings {
    /// Un-watermarked page images, a folder per file (by SHA-256).
    pub cache_dir: PathBuf,
    /// Past this many bytes, the oldest rendered files leave the cache.
    pub cache_max_bytes: u64,
    /// Pages rendered of a PDF (the first ones); the page says how many there are in all.
    pub max_pages: u32,
    /// Wall-clock and CPU time the renderer has for one file.
    pub timeout: Duration,
    /// Address space the renderer may use (bytes), and the memory an image may take to decode.
    pub memory_bytes: u64,
    /// Where `pdftoppm` and `pdfinfo` (Debian's `poppler-utils`) are; none: found on `PATH`.
    pub poppler_dir: Option<PathBuf>,
    /// A TrueType or OpenType font for the watermark.
    pub font_file: PathBuf,
    /// Files rendered at once (each runs one renderer process).
    pub concurrent: usize,
}

impl Default for PreviewSettings {
    fn default() -> Self {
        PreviewSettings {
            cache_dir: std::env::temp_dir().join("guichet-previews"),
            cache_max_bytes: 1024 * 1024 * 1024,
            max_pages: 50,
            timeout: Duration::from_secs(30),
            memory_bytes: 1024 * 1024 * 1024,
            poppler_dir: None,
            font_file: PathBuf::from(DEFAULT_FONT_FILE),
            concurrent: 2,
        }
    }
}

impl PreviewSettings {
    /// A poppler program: in `poppler_dir`, or by name on `PATH`.
    pub(crate) fn program(&self, name: &str) -> PathBuf {
        match &self.poppler_dir {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        }
    }
}
