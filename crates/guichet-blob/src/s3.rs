//! Blobs in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph, Scaleway…), one object per
//! content named by its SHA-256. An upload is first spooled to a local temporary file while it
//! is hashed and counted, so nothing reaches the bucket unless it arrived whole and within the
//! limit; it is then sent in one request of known length (memory stays flat).
use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::StatusCode;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use tokio::io::AsyncReadExt;

use crate::local::{io, spool, verified};
use crate::{Blob, BlobError, BlobStore, ByteStream, is_sha256};

/// How to reach the bucket.
#[derive(Clone, Debug)]
pub struct S3Config {
    /// e.g. `https://s3.ca-central-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    /// `https://host/bucket/key` (most self-hosted servers) rather than `https://bucket.host/key`.
    pub path_style: bool,
    /// Prepended to every object name (e.g. `guichet/`).
    pub prefix: String,
}

pub struct S3BlobStore {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    http: reqwest::Client,
    spool_dir: PathBuf,
}

/// Signed URLs live only as long as one request needs.
const SIGNED_FOR: Duration = Duration::from_secs(3600);
const CHUNK: usize = 256 * 1024;

fn http(e: reqwest::Error) -> BlobError {
    BlobError::io("object storage", e)
}

fn refused(what: &str, status: StatusCode) -> BlobError {
    BlobError::failed(format!("object storage refused {what}: HTTP {status}"))
}

impl S3BlobStore {
    /// Checks the configuration and that the bucket answers; `spool_dir` holds uploads in
    /// progress (leftovers of a crashed process are removed).
    pub async fn open(config: &S3Config, spool_dir: impl AsRef<Path>) -> Result<Self, BlobError> {
        let endpoint = config
            .endpoint
            .parse()
            .map_err(|e| BlobError::io("object storage endpoint", e))?;
        let style = if config.path_style {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        let bucket = Bucket::new(
            endpoint,
            style,
            config.bucket.clone(),
            config.region.clone(),
        )
        .map_err(|e| BlobError::io("object storage bucket", e))?;
        let spool_dir = spool_dir.as_ref().to_path_buf();
        let _ = tokio::fs::remove_dir_all(&spool_dir).await;
        tokio::fs::create_dir_all(&spool_dir).await.map_err(io)?;
        let store = S3BlobStore {
            bucket,
            credentials: Credentials::new(config.access_key.clone(), config.secret_key.clone()),
            prefix: config.prefix.clone(),
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .build()
                .map_err(http)?,
            spool_dir,
        };
        let url = store
            .bucket
            .head_bucket(Some(&store.credentials))
            .sign(SIGNED_FOR);
        let res = store.http.head(url).send().await.map_err(http)?;
        if !res.status().is_success() {
            return Err(refused("the bucket", res.status()));
        }
        Ok(store)
    }

    /// Creates the bucket (for tests and first setup); no error if it exists and is ours.
    pub async fn create_bucket(config: &S3Config) -> Result<(), BlobError> {
        let endpoint = config
            .endpoint
            .parse()
            .map_err(|e| BlobError::io("object storage endpoint", e))?;
        let bucket = Bucket::new(
            endpoint,
            if config.path_style {
                UrlStyle::Path
            } else {
                UrlStyle::VirtualHost
            },
            config.bucket.clone(),
            config.region.clone(),
        )
        .map_err(|e| BlobError::io("object storage bucket", e))?;
        let credentials = Credentials::new(config.access_key.clone(), config.secret_key.clone());
        let url = bucket.create_bucket(&credentials).sign(SIGNED_FOR);
        let res = reqwest::Client::new()
            .put(url)
            .header(reqwest::header::CONTENT_LENGTH, 0)
            .send()
            .await
            .map_err(http)?;
        if res.status().is_success() || res.status() == StatusCode::CONFLICT {
            Ok(())
        } else {
            Err(refused("creating the bucket", res.status()))
        }
    }

    fn key(&self, sha256: &str) -> Option<String> {
        is_sha256(sha256).then(|| format!("{}{sha256}", self.prefix))
    }

    /// Uploads in progress (for tests: an interrupted upload leaves none).
    pub fn temp_files(&self) -> usize {
        std::fs::read_dir(&self.spool_dir)
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

/// A file's bytes, chunk by chunk.
fn file_chunks(file: tokio::fs::File) -> ByteStream<'static> {
    Box::pin(futures_util::stream::unfold(
        Some(file),
        |file| async move {
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
        },
    ))
}

#[async_trait]
impl BlobStore for S3BlobStore {
    async fn put<'a>(&self, data: ByteStream<'a>, limit: u64) -> Result<Blob, BlobError> {
        let (tmp, blob) = spool(data, limit, &self.spool_dir).await?;
        if self.exists(&blob.sha256).await? {
            return Ok(blob);
        }
        let key = self
            .key(&blob.sha256)
            .ok_or_else(|| BlobError::failed("bad hash"))?;
        let file = tokio::fs::File::open(&tmp.path).await.map_err(io)?;
        let url = self
            .bucket
            .put_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let res = self
            .http
            .put(url)
            .header(reqwest::header::CONTENT_LENGTH, blob.size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::wrap_stream(file_chunks(file)))
            .send()
            .await
            .map_err(http)?;
        drop(tmp);
        if res.status().is_success() {
            Ok(blob)
        } else {
            Err(refused("an upload", res.status()))
        }
    }

    async fn get(&self, sha256: &str) -> Result<ByteStream<'static>, BlobError> {
        let key = self.key(sha256).ok_or(BlobError::NotFound)?;
        let url = self
            .bucket
            .get_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let res = self.http.get(url).send().await.map_err(http)?;
        match res.status() {
            s if s.is_success() => {}
            StatusCode::NOT_FOUND => return Err(BlobError::NotFound),
            s => return Err(refused("a download", s)),
        }
        let chunks = res.bytes_stream().map(|c| c.map_err(std::io::Error::other));
        Ok(verified(Box::pin(chunks), sha256))
    }

    async fn exists(&self, sha256: &str) -> Result<bool, BlobError> {
        let Some(key) = self.key(sha256) else {
            return Ok(false);
        };
        let url = self
            .bucket
            .head_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let res = self.http.head(url).send().await.map_err(http)?;
        match res.status() {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            s => Err(refused("a lookup", s)),
        }
    }

    async fn delete(&self, sha256: &str) -> Result<(), BlobError> {
        let Some(key) = self.key(sha256) else {
            return Ok(());
        };
        let url = self
            .bucket
            .delete_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let res = self.http.delete(url).send().await.map_err(http)?;
        if res.status().is_success() || res.status() == StatusCode::NOT_FOUND {
            Ok(())
        } else {
            Err(refused("a deletion", res.status()))
        }
    }
}
