//! Where file contents live: the `BlobStore` trait, content-addressed by SHA-256 and verified on
//! every read; its local-filesystem implementation (the default) and an S3-compatible one.
use std::pin::Pin;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::Stream;

mod local;
mod s3;
#[cfg(feature = "testing")]
pub mod testing;

pub use local::LocalBlobStore;
pub use s3::{S3BlobStore, S3Config};

/// Bytes as they arrive or leave, chunk by chunk (memory stays flat whatever the size).
pub type ByteStream<'a> = Pin<Box<dyn Stream<Item = Result<Bytes, std::io::Error>> + Send + 'a>>;

/// A stored content: its SHA-256 (hex, lower case) and size in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blob {
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("content larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("no such blob")]
    NotFound,
    /// The upload stopped before its end (connection cut, client error).
    #[error("upload interrupted: {0}")]
    Interrupted(String),
    /// The storage failed (disk, network, the object store's answer); the cause is kept.
    #[error("blob storage: {what}")]
    Io {
        what: String,
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
    },
}

impl BlobError {
    /// A storage failure with its cause.
    pub fn io(
        what: impl Into<String>,
        cause: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        BlobError::Io {
            what: what.into(),
            source: Some(Box::new(cause)),
        }
    }

    /// A storage failure described in words.
    pub fn failed(what: impl Into<String>) -> Self {
        BlobError::Io {
            what: what.into(),
            source: None,
        }
    }
}

#[async_trait]
pub trait BlobStore: Send + Sync {
    /// Stores what `data` yields, at most `limit` bytes. Nothing is kept when the stream fails
    /// or goes over the limit. Storing the same content twice keeps one copy.
    async fn put<'a>(&self, data: ByteStream<'a>, limit: u64) -> Result<Blob, BlobError>;
    /// The content, streamed; the stream ends with an error if it no longer matches its hash.
    async fn get(&self, sha256: &str) -> Result<ByteStream<'static>, BlobError>;
    async fn exists(&self, sha256: &str) -> Result<bool, BlobError>;
    /// Removes a content (no error if it is already gone).
    async fn delete(&self, sha256: &str) -> Result<(), BlobError>;
}

/// Whether `s` looks like a SHA-256 in hex (so it can name a file safely).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
