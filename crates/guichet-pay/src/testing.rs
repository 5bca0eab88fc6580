//! A Stripe-compatible server for tests: `localstripe` (`pip install localstripe`), started on
//! a free port and stopped when dropped.
use std::time::Duration;

pub struct LocalStripe {
    child: tokio::process::Child,
    /// The API's base address (`http://127.0.0.1:port`).
    pub api: String,
}

/// A publishable and a secret key localstripe accepts.
pub const PUBLISHABLE_KEY: &str = "pk_test_guichet";
pub const SECRET_KEY: &str = "sk_test_guichet";

impl LocalStripe {
    /// Starts a server and waits until it answers. Panics with the install hint when it
    /// cannot start: these tests are never skipped.
    #[allow(clippy::panic)]
    pub async fn start() -> LocalStripe {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let child = tokio::process::Command::new("python3")
            .args([
                "-m",
                "localstripe",
                "--port",
                &port.to_string(),
                "--from-scratch",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 -m localstripe: {e}"));
        let mut server = LocalStripe {
            child,
            api: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!(
                    "localstripe exited ({status}); install it with: python3 -m pip install localstripe"
                );
            }
            if http
                .get(format!("{}/js.stripe.com/v3/", server.api))
                .send()
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("localstripe did not answer within 30 s");
    }

    /// Asks localstripe to send its events to `url`, signed with `secret` (its own `/_config`
    /// call; real Stripe is configured in its dashboard).
    #[allow(clippy::panic)]
    pub async fn send_webhooks_to(&self, id: &str, url: &str, secret: &str) {
        let res = reqwest::Client::new()
            .post(format!("{}/_config/webhooks/{id}", self.api))
            .form(&[("url", url), ("secret", secret)])
            .send()
            .await
            .unwrap_or_else(|e| panic!("configuring localstripe's webhook: {e}"));
        assert!(
            res.status().is_success(),
            "localstripe webhook: {}",
            res.status()
        );
    }

    /// What Stripe.js does in the browser: turns a card number into a card id (with the
    /// publishable key only).
    #[allow(clippy::panic)]
    pub async fn card(&self, number: &str) -> String {
        let res: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/v1/tokens", self.api))
            .form(&[
                ("key", PUBLISHABLE_KEY),
                ("card[number]", number),
                ("card[exp_month]", "12"),
                ("card[exp_year]", "2030"),
                ("card[cvc]", "123"),
            ])
            .send()
            .await
            .unwrap_or_else(|e| panic!("creating a card token: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("reading a card token: {e}"));
        res["card"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no card id in {res}"))
            .to_string()
    }
}
