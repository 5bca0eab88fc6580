//! The S3 blob store against a real S3-compatible server (moto), started by each test.
#![allow(clippy::unwrap_used, clippy::panic)]
use std::time::Duration;

use bytes::Bytes;
use futures_util::{StreamExt, stream};
use guichet_blob::testing::S3TestServer;
use guichet_blob::{BlobError, BlobStore, ByteStream, S3BlobStore, S3Config};
use rusty_s3::actions::ListObjectsV2;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

fn chunks(parts: Vec<Result<Vec<u8>, &'static str>>) -> ByteStream<'static> {
    Box::pin(stream::iter(parts.into_iter().map(|p| {
        p.map(Bytes::from)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::ConnectionReset, e))
    })))
}

async fn read_all(mut s: ByteStream<'static>) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    while let Some(c) = s.next().await {
        out.extend_from_slice(&c?);
    }
    Ok(out)
}

fn spool() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("guichet-s3-spool-{}", uuid::Uuid::now_v7()))
}

fn bucket(c: &S3Config) -> (Bucket, Credentials) {
    (
        Bucket::new(
            c.endpoint.parse().unwrap(),
            UrlStyle::Path,
            c.bucket.clone(),
            c.region.clone(),
        )
        .unwrap(),
        Credentials::new(c.access_key.clone(), c.secret_key.clone()),
    )
}

/// Every object name in the bucket, read straight from the server.
async fn objects(c: &S3Config) -> Vec<String> {
    let (b, creds) = bucket(c);
    let url = ListObjectsV2::new(&b, Some(&creds)).sign(Duration::from_secs(60));
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    ListObjectsV2::parse_response(&text)
        .unwrap()
        .contents
        .into_iter()
        .map(|o| o.key)
        .collect()
}

#[tokio::test]
async fn stores_reads_back_dedupes_and_deletes() {
    let server = S3TestServer::start().await;
    let config = server.bucket("docs").await;
    let store = S3BlobStore::open(&config, spool()).await.unwrap();
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let blob = store
        .put(
            chunks(vec![
                Ok(big[..1_000_000].to_vec()),
                Ok(big[1_000_000..].to_vec()),
            ]),
            10_000_000,
        )
        .await
        .unwrap();
    assert_eq!(blob.size, 3_000_000);
    assert_eq!(objects(&config).await, [format!("blobs/{}", blob.sha256)]);
    assert_eq!(
        read_all(store.get(&blob.sha256).await.unwrap())
            .await
            .unwrap(),
        big
    );
    assert!(store.exists(&blob.sha256).await.unwrap());
    let again = store
        .put(chunks(vec![Ok(big.clone())]), 10_000_000)
        .await
        .unwrap();
    assert_eq!(again, blob, "same content, one object");
    assert_eq!(objects(&config).await.len(), 1);
    assert_eq!(store.temp_files(), 0, "the spool is emptied");
    store.delete(&blob.sha256).await.unwrap();
    store.delete(&blob.sha256).await.unwrap();
    assert!(!store.exists(&blob.sha256).await.unwrap());
    assert!(matches!(
        store.get(&blob.sha256).await,
        Err(BlobError::NotFound)
    ));
    assert!(matches!(
        store.get("../etc/passwd").await,
        Err(BlobError::NotFound)
    ));
}

#[tokio::test]
async fn too_large_or_interrupted_uploads_leave_nothing() {
    let server = S3TestServer::start().await;
    let config = server.bucket("limits").await;
    let store = S3BlobStore::open(&config, spool()).await.unwrap();
    let r = store
        .put(chunks(vec![Ok(vec![1; 600]), Ok(vec![2; 600])]), 1000)
        .await;
    assert!(matches!(r, Err(BlobError::TooLarge { limit: 1000 })));
    let r = store
        .put(
            chunks(vec![Ok(vec![1; 600]), Err("connection reset")]),
            1000,
        )
        .await;
    assert!(matches!(r, Err(BlobError::Interrupted(_))));
    assert!(objects(&config).await.is_empty());
    assert_eq!(store.temp_files(), 0);
}

#[tokio::test]
async fn content_changed_in_the_bucket_is_detected_on_read() {
    let server = S3TestServer::start().await;
    let config = server.bucket("tamper").await;
    let store = S3BlobStore::open(&config, spool()).await.unwrap();
    let blob = store
        .put(chunks(vec![Ok(b"facture 2026-11".to_vec())]), 1000)
        .await
        .unwrap();
    let (b, creds) = bucket(&config);
    let url = b
        .put_object(Some(&creds), &format!("blobs/{}", blob.sha256))
        .sign(Duration::from_secs(60));
    let res = reqwest::Client::new()
        .put(url)
        .body("facture 2026-12")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let err = read_all(store.get(&blob.sha256).await.unwrap())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("does not match"), "{err}");
}

#[tokio::test]
async fn a_missing_bucket_or_a_bad_endpoint_is_refused_at_start() {
    let server = S3TestServer::start().await;
    let config = server.bucket("present").await;
    let missing = S3Config {
        bucket: "absent".into(),
        ..config.clone()
    };
    assert!(matches!(
        S3BlobStore::open(&missing, spool()).await,
        Err(BlobError::Io { .. })
    ));
    let bad = S3Config {
        endpoint: "ftp://example".into(),
        ..config
    };
    assert!(matches!(
        S3BlobStore::open(&bad, spool()).await,
        Err(BlobError::Io { .. })
    ));
}
