//! Configuration: a TOML file plus `GUICHET_*` environment variables (`__` for nesting, e.g.
//! `GUICHET_SMTP__HOST`). Unknown keys are refused; secrets never appear in logs.
use std::fmt;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A string that never prints.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    #[serde(default = "default_smtp_security")]
    pub security: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<Secret>,
}

fn default_smtp_port() -> u16 {
    587
}
fn default_smtp_security() -> String {
    "starttls".into()
}

/// S3-compatible object storage for file contents (instead of `blob_dir`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct S3Section {
    /// e.g. `https://s3.ca-central-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    #[serde(default = "default_s3_region")]
    pub region: String,
    pub access_key: String,
    pub secret_key: Secret,
    /// `https://host/bucket/key` (MinIO, Garage, Ceph…) rather than `https://bucket.host/key`.
    #[serde(default = "default_true")]
    pub path_style: bool,
    /// Prepended to every object name.
    #[serde(default)]
    pub prefix: String,
}

fn default_s3_region() -> String {
    "us-east-1".into()
}
fn default_true() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address the web server listens on.
    pub listen: String,
    /// `sqlite://path` (created if missing) or `postgres://user@host/db`.
    pub database_url: String,
    /// Most database connections kept open.
    pub max_connections: u32,
    /// Where local files live (the outbox of `.eml` files when SMTP is not configured).
    pub data_dir: PathBuf,
    /// Address of the Prometheus metrics endpoint; empty turns it off.
    pub metrics_listen: String,
    /// `text` or `json`.
    pub log_format: String,
    /// A tracing filter, e.g. `info` or `guichet=debug,info`.
    pub log_level: String,
    /// Serve HTTP (turn off for a worker-only instance).
    pub web: bool,
    /// Run background jobs such as email delivery (turn off for web-only instances).
    pub workers: bool,
    /// Apply pending migrations at start.
    pub auto_migrate: bool,
    /// Sender address of emails.
    pub mail_from: String,
    /// SMTP server; when absent, emails are written to `<data_dir>/outbox`.
    pub smtp: Option<SmtpConfig>,
    /// Trust the last `X-Forwarded-For` entry as the client address (behind a proxy only).
    pub trust_forwarded_for: bool,
    /// Largest accepted form, in bytes.
    pub max_form_bytes: usize,
    /// Largest accepted file, in megabytes (10⁶ bytes).
    pub max_upload_mb: u64,
    /// Where file contents are kept; empty: `<data_dir>/blobs`.
    pub blob_dir: String,
    /// Keep file contents in an S3-compatible bucket instead (uploads in progress are spooled
    /// under `<data_dir>/spool`).
    pub s3: Option<S3Section>,
    /// How long a session lasts, in hours.
    pub session_ttl_hours: i64,
    /// Argon2id memory cost in KiB and iterations.
    pub password_memory_kib: u32,
    pub password_iterations: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/guichet.db".into(),
            max_connections: 8,
            data_dir: PathBuf::from("data"),
            metrics_listen: "127.0.0.1:9464".into(),
            log_format: "text".into(),
            log_level: "info".into(),
            web: true,
            workers: true,
            auto_migrate: true,
            mail_from: "no-reply@guichet.localhost".into(),
            smtp: None,
            trust_forwarded_for: false,
            max_form_bytes: 64 * 1024,
            max_upload_mb: 200,
            blob_dir: String::new(),
            s3: None,
            session_ttl_hours: 14 * 24,
            password_memory_kib: 19_456,
            password_iterations: 2,
        }
    }
}

impl Config {
    /// Defaults, then the file (if given, or `guichet.toml` if present), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(f) => {
                if !f.exists() {
                    anyhow::bail!("configuration file {} not found", f.display());
                }
                fig = fig.merge(Toml::file(f));
            }
            None => {
                if Path::new("guichet.toml").exists() {
                    fig = fig.merge(Toml::file("guichet.toml"));
                }
            }
        }
        fig = fig.merge(Env::prefixed("GUICHET_").split("__"));
        let c: Config = fig
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        c.check()?;
        Ok(c)
    }

    fn check(&self) -> anyhow::Result<()> {
        if !matches!(self.log_format.as_str(), "text" | "json") {
            anyhow::bail!("configuration: log_format must be \"text\" or \"json\"");
        }
        if let Some(s) = &self.smtp
            && !matches!(s.security.as_str(), "none" | "starttls" | "tls")
        {
            anyhow::bail!("configuration: smtp.security must be none, starttls or tls");
        }
        Ok(())
    }
}

/// The commented configuration printed by `guichet default-config`.
pub const DEFAULT_CONFIG: &str = r#"# Guichet configuration. Every key may also be set in the environment as GUICHET_<KEY>
# (nested keys with a double underscore: GUICHET_SMTP__HOST). Unknown keys are refused.

# Address the web server listens on.
listen = "127.0.0.1:8080"

# Database: "sqlite://data/guichet.db" (embedded, created if missing) or
# "postgres://user:password@host:5432/guichet".
database_url = "sqlite://data/guichet.db"

# Most database connections kept open.
max_connections = 8

# Local files (the outbox of .eml files when no SMTP server is configured).
data_dir = "data"

# Prometheus metrics, on their own address ("" turns them off).
metrics_listen = "127.0.0.1:9464"

# Logs: "text" or "json"; level as a tracing filter.
log_format = "text"
log_level = "info"

# Roles of this instance: serve HTTP, run background jobs (email delivery). Several instances
# may share one database; turn one off to split web and workers.
web = true
workers = true

# Apply pending database migrations at start (else run `guichet migrate`).
auto_migrate = true

# Sender address of emails.
mail_from = "no-reply@guichet.localhost"

# Behind a reverse proxy only: take the client address from X-Forwarded-For.
trust_forwarded_for = false

# Largest accepted form body, in bytes (larger ones get 413).
max_form_bytes = 65536

# Largest accepted file, in megabytes (larger ones get 413 and nothing is kept).
max_upload_mb = 200

# Where file contents are kept (content-addressed by SHA-256); empty: <data_dir>/blobs.
blob_dir = ""

# S3-compatible object storage for file contents (AWS S3, MinIO, Garage, Ceph…) instead of
# blob_dir. Uploads in progress are spooled under <data_dir>/spool, then sent whole.
# [s3]
# endpoint = "https://s3.ca-central-1.amazonaws.com"
# bucket = "guichet-files"
# region = "ca-central-1"
# access_key = "AKIA…"
# secret_key = "…"
# path_style = true        # https://host/bucket/key; false: https://bucket.host/key
# prefix = ""

# Session lifetime, in hours.
session_ttl_hours = 336

# Argon2id cost for password hashing (OWASP minimum: 19456 KiB, 2 iterations).
password_memory_kib = 19456
password_iterations = 2

# SMTP server. Without this section, emails are written to <data_dir>/outbox as .eml files
# and administrators can read them on the "Outbox" page.
# [smtp]
# host = "smtp.example.com"
# port = 587
# security = "starttls"   # none, starttls or tls
# username = "guichet"
# password = "secret"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_text_parses_to_the_defaults() {
        let parsed: Config = Figment::from(Toml::string(DEFAULT_CONFIG))
            .extract()
            .unwrap();
        let d = Config::default();
        assert_eq!(parsed.listen, d.listen);
        assert_eq!(parsed.database_url, d.database_url);
        assert_eq!(parsed.max_form_bytes, d.max_form_bytes);
        assert!(parsed.smtp.is_none());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let r: Result<Config, _> = Figment::from(Serialized::defaults(Config::default()))
            .merge(Toml::string("listn = \"x\""))
            .extract();
        assert!(r.is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let s = SmtpConfig {
            host: "h".into(),
            port: 1,
            security: "none".into(),
            username: Some("u".into()),
            password: Some(Secret("hunter2".into())),
        };
        assert!(!format!("{s:?}").contains("hunter2"));
        let s3: S3Section = Figment::from(Toml::string(
            "endpoint = \"http://h\"\nbucket = \"b\"\naccess_key = \"k\"\nsecret_key = \"s3cr3t\"",
        ))
        .extract()
        .unwrap();
        assert!(s3.path_style && s3.region == "us-east-1");
        assert!(!format!("{s3:?}").contains("s3cr3t"));
    }
}
