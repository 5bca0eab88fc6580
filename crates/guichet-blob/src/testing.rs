//! A real S3-compatible server for tests: moto's standalone server (`python3 -m moto.server`,
//! from `pip install "moto[server]"`), started on a free port and stopped when dropped.
use std::time::Duration;

use crate::S3Config;

pub struct S3TestServer {
    child: tokio::process::Child,
    pub endpoint: String,
}

impl S3TestServer {
    /// Starts a server and waits until it answers. Panics with the install hint when the
    /// server cannot start: these tests are never skipped.
    #[allow(clippy::panic)]
    pub async fn start() -> S3TestServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let child = tokio::process::Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 -m moto.server: {e}"));
        let mut server = S3TestServer {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "the S3 test server exited ({status}); install it with: python3 -m pip install 'moto[server]'"
                );
            }
            if http.get(&server.endpoint).send().await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the S3 test server did not answer within 30 s");
    }

    /// A configuration for a new bucket on this server (created).
    #[allow(clippy::panic)]
    pub async fn bucket(&self, name: &str) -> S3Config {
        let config = S3Config {
            endpoint: self.endpoint.clone(),
            bucket: name.into(),
            region: "us-east-1".into(),
            access_key: "test-key".into(),
            secret_key: "test-secret".into(),
            path_style: true,
            prefix: "blobs/".into(),
        };
        crate::S3BlobStore::create_bucket(&config)
            .await
            .unwrap_or_else(|e| panic!("creating bucket {name}: {e}"));
        config
    }
}
