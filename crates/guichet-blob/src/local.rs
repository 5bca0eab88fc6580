//! Blobs as files under a directory: `<root>/ab/cd/abcd…` by SHA-256, written through a
//! temporary file renamed into place once complete and hashed.
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{Blob, BlobError, BlobStore, ByteStream, is_sha256};

pub struct LocalBlobStore {
    root: PathBuf,
}

const CHUNK: usize = 64 * 1024;

pub(crate) fn io(e: std::io::Error) -> BlobError {
    BlobError::io("file system", e)
}

/// Removes the temporary file unless the upload completed.
pub(crate) struct TempFile {
    pub path: PathBuf,
    pub keep: bool,
}

/// Writes what `data` yields (at most `limit` bytes) to a new temporary file in `dir`, hashing
/// it on the way. The file is removed when the returned guard drops, unless kept; on any error
/// it is already gone.
pub(crate) async fn spool(
    mut data: ByteStream<'_>,
    limit: u64,
    dir: &Path,
) -> Result<(TempFile, Blob), BlobError> {
    let tmp = TempFile {
        path: dir.join(uuid::Uuid::now_v7().simple().to_string()),
        keep: false,
    };
    let mut file = tokio::fs::File::create(&tmp.path).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    while let Some(chunk) = data.next().await {
        let chunk = chunk.map_err(|e| BlobError::Interrupted(e.to_string()))?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(BlobError::TooLarge { limit });
        }
        hasher.update(&chunk);
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.flush().await.map_err(io)?;
    file.sync_data().await.map_err(io)?;
    drop(file);
    let sha256 = hex::encode(hasher.finalize());
    Ok((tmp, Blob { sha256, size }))
}

/// Passes `chunks` through, hashing them; ends with an error instead of the last `None` when
/// the content does not match `expected`.
pub(crate) fn verified(chunks: ByteStream<'static>, expected: &str) -> ByteStream<'static> {
    let state = Some((chunks, Sha256::new(), expected.to_string()));
    Box::pin(futures_util::stream::unfold(state, |state| async move {
        let (mut chunks, mut hasher, expected) = state?;
        match chunks.next().await {
            None => {
                let got = hex::encode(hasher.finalize());
                if got == expected {
                    None
                } else {
                    tracing::error!(expected = %expected, got = %got, "blob content does not match its hash");
                    Some((
                        Err(std::io::Error::other(
                            "stored content does not match its hash",
                        )),
                        None,
                    ))
                }
            }
            Some(Ok(chunk)) => {
                hasher.update(&chunk);
                Some((Ok(chunk), Some((chunks, hasher, expected))))
            }
            Some(Err(e)) => Some((Err(e), None)),
        }
    }))
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl LocalBlobStore {
    /// Uses (and creates) `root`. Leftover temporary files of a crashed process are removed.
    pub async fn open(root: impl AsRef<Path>) -> Result<Self, BlobError> {
        let root = root.as_ref().to_path_buf();
        let tmp = root.join("tmp");
        let _ = tokio::fs::remove_dir_all(&tmp).await;
        tokio::fs::create_dir_all(&tmp).await.map_err(io)?;
        Ok(LocalBlobStore { root })
    }

    fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        is_sha256(sha256).then(|| {
            self.root
                .join(&sha256[..2])
                .join(&sha256[2..4])
                .join(sha256)
        })
    }

    /// Temporary files in progress (for tests: an interrupted upload leaves none).
    pub fn temp_files(&self) -> usize {
        std::fs::read_dir(self.root.join("tmp"))
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

#[async_trait]
impl BlobStore for LocalBlobStore {
    async fn put<'a>(&self, data: ByteStream<'a>, limit: u64) -> Result<Blob, BlobError> {
        let (mut tmp, blob) = spool(data, limit, &self.root.join("tmp")).await?;
        let Some(path) = self.path_of(&blob.sha256) else {
            return Err(BlobError::failed("bad hash"));
        };
        if tokio::fs::try_exists(&path).await.map_err(io)? {
            // Same content already stored: keep the one copy (the temp file goes).
            return Ok(blob);
        }
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(io)?;
        }
        tokio::fs::rename(&tmp.path, &path).await.map_err(io)?;
        tmp.keep = true;
        Ok(blob)
    }

    async fn get(&self, sha256: &str) -> Result<ByteStream<'static>, BlobError> {
        let path = self.path_of(sha256).ok_or(BlobError::NotFound)?;
        let file = match tokio::fs::File::open(&path).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(BlobError::NotFound),
            Err(e) => return Err(io(e)),
        };
        let chunks = futures_util::stream::unfold(Some(file), |file| async move {
            let mut file = file?;
            let mut buf = vec![0u8; CHUNK];
            match file.read(&mut buf).await {
                Ok(0) => None,
                Ok(n) => {
                    buf.truncate(n);
                    Some((Ok(Bytes::from(buf)), Some(file)))
                }
                Err(e) => Some((Err(e), None)),
            }
        });
        Ok(verified(Box::pin(chunks), sha256))
    }

    async fn exists(&self, sha256: &str) -> Result<bool, BlobError> {
        match self.path_of(sha256) {
            Some(p) => tokio::fs::try_exists(p).await.map_err(io),
            None => Ok(false),
        }
    }

    async fn delete(&self, sha256: &str) -> Result<(), BlobError> {
        let Some(path) = self.path_of(sha256) else {
            return Ok(());
        };
        match tokio::fs::remove_file(path).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use futures_util::stream;

    use super::*;

    fn chunks(parts: Vec<Result<&'static [u8], &'static str>>) -> ByteStream<'static> {
        Box::pin(stream::iter(parts.into_iter().map(|p| {
            p.map(Bytes::from_static)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::ConnectionReset, e))
        })))
    }

    async fn read_all(s: ByteStream<'static>) -> Result<Vec<u8>, std::io::Error> {
        let mut out = Vec::new();
        let mut s = s;
        while let Some(c) = s.next().await {
            out.extend_from_slice(&c?);
        }
        Ok(out)
    }

    fn dir() -> PathBuf {
        std::env::temp_dir().join(format!("guichet-blob-{}", uuid::Uuid::now_v7()))
    }

    #[tokio::test]
    async fn stores_hashes_and_reads_back() {
        let root = dir();
        let store = LocalBlobStore::open(&root).await.unwrap();
        let blob = store
            .put(chunks(vec![Ok(b"hello "), Ok(b"world")]), 100)
            .await
            .unwrap();
        assert_eq!(blob.size, 11);
        assert_eq!(
            blob.sha256,
            "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"
        );
        assert_eq!(
            read_all(store.get(&blob.sha256).await.unwrap())
                .await
                .unwrap(),
            b"hello world"
        );
        // The same content again: one copy.
        assert_eq!(
            store
                .put(chunks(vec![Ok(b"hello world")]), 100)
                .await
                .unwrap(),
            blob
        );
        assert!(store.exists(&blob.sha256).await.unwrap());
        store.delete(&blob.sha256).await.unwrap();
        assert!(!store.exists(&blob.sha256).await.unwrap());
        assert!(matches!(
            store.get(&blob.sha256).await,
            Err(BlobError::NotFound)
        ));
        assert!(matches!(
            store.get("../../etc/passwd").await,
            Err(BlobError::NotFound)
        ));
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn keeps_nothing_of_a_failed_or_oversized_upload() {
        let root = dir();
        let store = LocalBlobStore::open(&root).await.unwrap();
        let cut = store
            .put(chunks(vec![Ok(b"partial"), Err("connection reset")]), 100)
            .await;
        assert!(matches!(cut, Err(BlobError::Interrupted(_))));
        let big = store
            .put(chunks(vec![Ok(b"0123456789"), Ok(b"x")]), 10)
            .await;
        assert!(matches!(big, Err(BlobError::TooLarge { limit: 10 })));
        assert_eq!(store.temp_files(), 0);
        let files = walk(&root);
        assert!(files.is_empty(), "{files:?}");
        let _ = std::fs::remove_dir_all(root);
    }

    #[tokio::test]
    async fn a_tampered_file_fails_on_read() {
        let root = dir();
        let store = LocalBlobStore::open(&root).await.unwrap();
        let blob = store.put(chunks(vec![Ok(b"original")]), 100).await.unwrap();
        std::fs::write(store.path_of(&blob.sha256).unwrap(), b"tampered").unwrap();
        assert!(
            read_all(store.get(&blob.sha256).await.unwrap())
                .await
                .is_err()
        );
        let _ = std::fs::remove_dir_all(root);
    }

    fn walk(root: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut dirs = vec![root.to_path_buf()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(d).unwrap().flatten() {
                if e.path().is_dir() {
                    dirs.push(e.path());
                } else {
                    out.push(e.path());
                }
            }
        }
        out
    }
}
