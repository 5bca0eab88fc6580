//! Rendered pages on disk, un-watermarked: `<cache_dir>/<sha256>/` holds `1.png`, `2.png`…
//! and `pages` (what was rendered: `shown total`, or `unrenderable`). An entry is written in a
//! folder of its own and renamed into place whole, so readers never see half of one; past the
//! size bound, the oldest entries go.
use std::path::{Path, PathBuf};

use crate::Pages;

pub(crate) struct Cache {
    dir: PathBuf,
    max_bytes: u64,
}

/// A SHA-256 as hex (lower case): the only names the cache gives its folders.
pub(crate) fn valid_sha(sha: &str) -> bool {
    sha.len() == 64 && sha.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Cache {
    pub(crate) fn new(dir: PathBuf, max_bytes: u64) -> Self {
        Cache { dir, max_bytes }
    }

    fn entry(&self, sha: &str) -> PathBuf {
        self.dir.join(sha)
    }

    /// What is cached for this file, if anything.
    pub(crate) async fn pages(&self, sha: &str) -> Option<Pages> {
        let text = tokio::fs::read_to_string(self.entry(sha).join("pages"))
            .await
            .ok()?;
        Pages::parse(&text)
    }

    /// A cached page image (PNG, un-watermarked).
    pub(crate) async fn page(&self, sha: &str, n: u32) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(self.entry(sha).join(format!("{n}.png"))).await
    }

    /// A fresh folder to render into (inside the cache, so that the rename stays on one file
    /// system); `commit` puts it in place.
    pub(crate) async fn scratch(&self) -> std::io::Result<PathBuf> {
        let dir = self.dir.join(format!(
            ".render-{}",
            hex::encode(rand::random::<[u8; 8]>())
        ));
        tokio::fs::create_dir_all(&dir).await?;
        Ok(dir)
    }

    /// Writes what was rendered into `scratch` and moves it into place as the entry of `sha`
    /// (another request that rendered the same file first wins; this one is dropped).
    pub(crate) async fn commit(
        &self,
        scratch: &Path,
        sha: &str,
        pages: Pages,
    ) -> std::io::Result<()> {
        tokio::fs::write(scratch.join("pages"), pages.to_string()).await?;
        if tokio::fs::rename(scratch, self.entry(sha)).await.is_err() {
            drop_dir(scratch).await;
        }
        self.prune().await;
        Ok(())
    }

    /// Removes the oldest entries (by when they were rendered) while the cache holds more than
    /// its bound.
    async fn prune(&self) {
        let mut entries = Vec::new();
        let mut total = 0u64;
        let Ok(mut dir) = tokio::fs::read_dir(&self.dir).await else {
            return;
        };
        while let Ok(Some(e)) = dir.next_entry().await {
            let name = e.file_name();
            if name.to_str().is_some_and(|n| n.starts_with(".render-")) {
                // Left by a render that never finished (the process stopped): gone after an hour.
                let stale = e
                    .metadata()
                    .await
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600);
                if stale {
                    drop_dir(&e.path()).await;
                }
                continue;
            }
            if !name.to_str().is_some_and(valid_sha) {
                continue;
            }
            let size = dir_size(&e.path()).await;
            let when = tokio::fs::metadata(e.path().join("pages"))
                .await
                .and_then(|m| m.modified())
                .ok();
            total += size;
            entries.push((when, size, e.path()));
        }
        if total <= self.max_bytes {
            return;
        }
        entries.sort_by_key(|(when, _, _)| *when);
        for (_, size, path) in entries {
            if total <= self.max_bytes {
                break;
            }
            drop_dir(&path).await;
            total = total.saturating_sub(size);
        }
    }
}

async fn dir_size(path: &Path) -> u64 {
    let mut total = 0;
    if let Ok(mut dir) = tokio::fs::read_dir(path).await {
        while let Ok(Some(e)) = dir.next_entry().await {
            total += e.metadata().await.map(|m| m.len()).unwrap_or(0);
        }
    }
    total
}

/// Removes a folder, logging (never failing) when it cannot.
pub(crate) async fn drop_dir(path: &Path) {
    if let Err(e) = tokio::fs::remove_dir_all(path).await {
        tracing::warn!(path = %path.display(), error = %e, "preview cache: cannot remove");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[tokio::test]
    async fn the_oldest_entries_leave_past_the_bound() {
        let dir = std::env::temp_dir().join(format!(
            "guichet-preview-cache-{}",
            hex::encode(rand::random::<[u8; 8]>())
        ));
        let cache = Cache::new(dir.clone(), 2_500);
        let shas: Vec<String> = (0..3).map(|i| format!("{i}").repeat(64)).collect();
        for sha in &shas {
            let scratch = cache.scratch().await.unwrap();
            tokio::fs::write(scratch.join("1.png"), vec![0u8; 1_000])
                .await
                .unwrap();
            cache
                .commit(&scratch, sha, Pages::Shown { shown: 1, total: 1 })
                .await
                .unwrap();
            // Distinct modification times.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(cache.pages(&shas[0]).await, None, "the oldest left");
        assert_eq!(
            cache.pages(&shas[2]).await,
            Some(Pages::Shown { shown: 1, total: 1 })
        );
        assert_eq!(cache.page(&shas[1], 1).await.unwrap().len(), 1_000);
        assert!(!valid_sha("../etc"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
