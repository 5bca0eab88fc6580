//! Configuration: a TOML file plus `GUICHET_*` environment variables (`__` for nesting, e.g.
//! `GUICHET_SMTP__HOST`). Unknown keys in the file are refused; secrets never print.
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use guichet_mail::SmtpSecurity;
use secrecy::SecretString;
use serde::{Deserialize, Deserializer};

/// The configuration's keys (the top-level ones), as `GUICHET_<KEY>` sets them. Other
/// `GUICHET_*` variables (a test's `GUICHET_TEST_PG_URL`…) are not configuration: they are
/// left alone, and named in a warning at start.
pub const KEYS: &[&str] = &[
    "listen",
    "database_url",
    "max_connections",
    "data_dir",
    "metrics_listen",
    "log_format",
    "log_level",
    "web",
    "workers",
    "auto_migrate",
    "mail_from",
    "smtp",
    "trust_forwarded_for",
    "max_form_bytes",
    "max_upload_mb",
    "blob_dir",
    "s3",
    "session_ttl_hours",
    "password_memory_kib",
    "password_iterations",
    "password_hashing_concurrent",
    "password_hashing_wait_ms",
    "max_open_connections",
    "header_read_timeout_secs",
    // The journal's proofs (decision 0011).
    "journal_key_file",
    "journal_checkpoint_file",
    "journal_checkpoint_every_secs",
    // View-only previews (decision 0012).
    "preview_cache_dir",
    "preview_cache_max_mb",
    "preview_max_pages",
    "preview_timeout_secs",
    "preview_memory_mb",
    "preview_concurrent",
    "preview_poppler_dir",
    "preview_font_file",
    // Card payments (issue 17).
    "stripe_api_url",
    "stripe_js_url",
];

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    #[serde(default, deserialize_with = "smtp_security")]
    pub security: SmtpSecurity,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub password: Option<SecretString>,
}

fn default_smtp_port() -> u16 {
    587
}

fn smtp_security<'de, D: Deserializer<'de>>(d: D) -> Result<SmtpSecurity, D::Error> {
    match String::deserialize(d)?.as_str() {
        "none" => Ok(SmtpSecurity::None),
        "starttls" => Ok(SmtpSecurity::StartTls),
        "tls" => Ok(SmtpSecurity::Tls),
        other => Err(serde::de::Error::custom(format!(
            "smtp.security must be none, starttls or tls, not {other:?}"
        ))),
    }
}

/// S3-compatible object storage for file contents (instead of `blob_dir`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct S3Section {
    /// e.g. `https://s3.ca-central-1.amazonaws.com` or `http://127.0.0.1:9000`.
    pub endpoint: String,
    pub bucket: String,
    #[serde(default = "default_s3_region")]
    pub region: String,
    pub access_key: String,
    pub secret_key: SecretString,
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

/// How logs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// For people.
    #[default]
    Text,
    /// One JSON object a line, for collectors.
    Json,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the web server listens on.
    pub listen: SocketAddr,
    /// `sqlite://path` (created if missing) or `postgres://user:password@host/db`.
    pub database_url: SecretString,
    /// Most database connections kept open.
    pub max_connections: u32,
    /// Where local files live (the outbox of `.eml` files when SMTP is not configured).
    pub data_dir: PathBuf,
    /// Address of the Prometheus metrics endpoint; `"off"` (or `""`) turns it off.
    #[serde(deserialize_with = "address_or_off")]
    pub metrics_listen: Option<SocketAddr>,
    pub log_format: LogFormat,
    /// A tracing filter, e.g. `info` or `guichet=debug,info`; checked at start.
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
    /// Where file contents are kept; none (or `""`): `<data_dir>/blobs`.
    #[serde(deserialize_with = "path_or_empty")]
    pub blob_dir: Option<PathBuf>,
    /// Keep file contents in an S3-compatible bucket instead (uploads in progress are spooled
    /// under `<data_dir>/spool`).
    pub s3: Option<S3Section>,
    /// How long a session lasts, in hours.
    pub session_ttl_hours: i64,
    /// Argon2id memory cost in KiB and iterations.
    pub password_memory_kib: u32,
    pub password_iterations: u32,
    /// Password hashes at once (each holds `password_memory_kib`); 0: one per core.
    pub password_hashing_concurrent: usize,
    /// How long a sign-in waits for its turn to hash before "busy, try again" (503).
    pub password_hashing_wait_ms: u64,
    /// Connections served at once (more wait in the listen queue).
    pub max_open_connections: usize,
    /// Seconds a connection has to send a request's head (also ends idle keep-alive ones).
    pub header_read_timeout_secs: u64,
    /// Set by `guichet demo` (never by a file): nobody receives mail, so the outbox shows
    /// personal links whole.
    #[serde(skip)]
    pub demo: bool,
    // The journal's proofs, kept outside the database (decision 0011).
    /// The journal key (64 hex digits); none (or `""`): `<data_dir>/journal.key`, created with
    /// a random key (mode 0600) at first start.
    #[serde(deserialize_with = "path_or_empty")]
    pub journal_key_file: Option<PathBuf>,
    /// Where signed checkpoints are appended; none (or `""`):
    /// `<data_dir>/journal-checkpoints.log`.
    #[serde(deserialize_with = "path_or_empty")]
    pub journal_checkpoint_file: Option<PathBuf>,
    /// How often the workers checkpoint each journal that grew, in seconds.
    pub journal_checkpoint_every_secs: u64,
    // View-only previews: page images watermarked per viewer (decision 0012).
    /// Un-watermarked page images; none (or `""`): `<data_dir>/previews`.
    #[serde(deserialize_with = "path_or_empty")]
    pub preview_cache_dir: Option<PathBuf>,
    /// Past this size (megabytes, 10⁶ bytes), the oldest rendered files leave the cache.
    pub preview_cache_max_mb: u64,
    /// Pages rendered of a PDF (the first ones).
    pub preview_max_pages: u32,
    /// Seconds (wall clock and CPU) the renderer has for one file.
    pub preview_timeout_secs: u64,
    /// Address space of the renderer, and memory an image may take to decode (megabytes).
    pub preview_memory_mb: u64,
    /// Files rendered at once.
    pub preview_concurrent: usize,
    /// Where `pdftoppm` and `pdfinfo` are (Debian's poppler-utils); none (or `""`): `PATH`.
    #[serde(deserialize_with = "path_or_empty")]
    pub preview_poppler_dir: Option<PathBuf>,
    /// The watermark's font (TrueType or OpenType).
    pub preview_font_file: PathBuf,
    /// Stripe's API, for card payments (each provider enters its own keys); a localstripe
    /// address for trials.
    pub stripe_api_url: String,
    /// Where customers' browsers load Stripe.js from.
    pub stripe_js_url: String,
}

fn address_or_off<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SocketAddr>, D::Error> {
    let raw = String::deserialize(d)?;
    match raw.trim() {
        "" | "off" => Ok(None),
        a => a.parse().map(Some).map_err(|_| {
            serde::de::Error::custom(format!(
                "metrics_listen must be an address such as 127.0.0.1:9464, or \"off\", not {raw:?}"
            ))
        }),
    }
}

fn path_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    let raw = PathBuf::deserialize(d)?;
    Ok((!raw.as_os_str().is_empty()).then_some(raw))
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: SecretString::from("sqlite://data/guichet.db"),
            max_connections: 8,
            data_dir: PathBuf::from("data"),
            metrics_listen: Some(SocketAddr::from(([127, 0, 0, 1], 9464))),
            log_format: LogFormat::Text,
            log_level: "info".into(),
            web: true,
            workers: true,
            auto_migrate: true,
            mail_from: "no-reply@guichet.localhost".into(),
            smtp: None,
            trust_forwarded_for: false,
            max_form_bytes: 64 * 1024,
            max_upload_mb: 200,
            blob_dir: None,
            s3: None,
            session_ttl_hours: 14 * 24,
            password_memory_kib: 19_456,
            password_iterations: 2,
            password_hashing_concurrent: 0,
            password_hashing_wait_ms: 3_000,
            max_open_connections: 1_024,
            header_read_timeout_secs: 10,
            demo: false,
            journal_key_file: None,
            journal_checkpoint_file: None,
            journal_checkpoint_every_secs: 300,
            preview_cache_dir: None,
            preview_cache_max_mb: 1_000,
            preview_max_pages: 50,
            preview_timeout_secs: 30,
            preview_memory_mb: 1_000,
            preview_concurrent: 2,
            preview_poppler_dir: None,
            preview_font_file: PathBuf::from(guichet_preview::DEFAULT_FONT_FILE),
            stripe_api_url: "https://api.stripe.com".into(),
            stripe_js_url: "https://js.stripe.com/v3/".into(),
        }
    }
}

impl Config {
    /// The journal key file, as configured or in the data directory.
    pub fn journal_key_path(&self) -> PathBuf {
        self.journal_key_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("journal.key"))
    }

    /// The preview cache, as configured or in the data directory.
    pub fn preview_cache_path(&self) -> PathBuf {
        self.preview_cache_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("previews"))
    }

    /// The checkpoint file, as configured or in the data directory.
    pub fn journal_checkpoint_path(&self) -> PathBuf {
        self.journal_checkpoint_file
            .clone()
            .unwrap_or_else(|| self.data_dir.join("journal-checkpoints.log"))
    }
}

/// A loaded configuration, and the `GUICHET_*` variables that were not configuration.
pub struct Loaded {
    pub config: Config,
    pub ignored_variables: Vec<String>,
}

impl Config {
    /// Defaults, then the file (if given, or `guichet.toml` if present), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Loaded> {
        let mut fig = Figment::new();
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
        fig = fig.merge(
            Env::prefixed("GUICHET_")
                .split("__")
                .filter(|k| is_key(k.as_str())),
        );
        let config: Config = fig
            .extract()
            .map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
        config.check()?;
        let ignored_variables = std::env::vars_os()
            .filter_map(|(k, _)| k.into_string().ok())
            .filter(|k| k.strip_prefix("GUICHET_").is_some_and(|rest| !is_key(rest)))
            .collect();
        Ok(Loaded {
            config,
            ignored_variables,
        })
    }

    fn check(&self) -> anyhow::Result<()> {
        tracing_subscriber::EnvFilter::try_new(&self.log_level)
            .map_err(|e| anyhow::anyhow!("configuration: log_level {:?}: {e}", self.log_level))?;
        Ok(())
    }
}

/// Whether an environment key (after `GUICHET_`, lowercased, `__` as `.`) sets configuration.
fn is_key(key: &str) -> bool {
    let top = key.split("__").next().unwrap_or(key);
    let top = top.split('.').next().unwrap_or(top);
    KEYS.contains(&top.to_ascii_lowercase().as_str())
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

# Prometheus metrics, on their own address ("off" turns them off; `guichet demo` serves none).
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

# Where file contents are kept (content-addressed by SHA-256); by default <data_dir>/blobs.
# blob_dir = "/var/lib/guichet/blobs"

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
# Password hashes at once (each holds the memory above; 0: one per core), and how long a
# sign-in waits for its turn before it is answered "busy, try again in a few seconds" (503).
password_hashing_concurrent = 0
password_hashing_wait_ms = 3000

# Connections served at once (more wait in the listen queue until one ends), and the seconds
# a connection has to send a request's head: a client sending its headers byte by byte, or
# keeping a connection idle, is cut off after them.
max_open_connections = 1024
header_read_timeout_secs = 10

# The activity journal's proofs, kept outside the database (see docs/security.md). Every
# entry is sealed with an HMAC under the journal key; signed checkpoints of each journal's
# head are appended to the checkpoint file every journal_checkpoint_every_secs seconds (and by
# `guichet audit checkpoint`). `guichet audit verify` checks both. The key file is created
# with a random key (mode 0600) at first start; keep it safe and back it up apart from the
# database: without it no journal verifies. By default both live in data_dir.
# journal_key_file = "/etc/guichet/journal.key"
# journal_checkpoint_file = "/var/lib/guichet/journal-checkpoints.log"
journal_checkpoint_every_secs = 300

# View-only previews. Whoever may only view a document (not download it) sees its pages as
# images watermarked with their name and the time, never the file itself: PDFs are rendered by
# pdftoppm (Debian: poppler-utils) under prlimit, PNG and JPEG images re-encoded; other types
# show a page saying who to ask. Un-watermarked pages are cached in preview_cache_dir (by
# default <data_dir>/previews), oldest first out past preview_cache_max_mb. The renderer gets
# preview_timeout_secs and preview_memory_mb per file, preview_concurrent files at once, the
# first preview_max_pages pages. The watermark's font: Debian's fonts-dejavu-core.
# preview_cache_dir = "/var/cache/guichet/previews"
preview_cache_max_mb = 1000
preview_max_pages = 50
preview_timeout_secs = 30
preview_memory_mb = 1000
preview_concurrent = 2
# preview_poppler_dir = "/usr/bin"
preview_font_file = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# Card payments go through Stripe (Payment Intents); each provider enters its own keys on its
# "Payment settings" page and points Stripe's webhooks to <its address>/webhooks/stripe. For
# trials without a Stripe account, run localstripe (pip install localstripe; python3 -m
# localstripe --port 8420) and set both to it: http://127.0.0.1:8420 and
# http://127.0.0.1:8420/js.stripe.com/v3/ (the demo then configures itself for it).
stripe_api_url = "https://api.stripe.com"
stripe_js_url = "https://js.stripe.com/v3/"

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
    // figment's Jail returns its own (large) error type.
    #![allow(clippy::unwrap_used, clippy::result_large_err)]
    use figment::Jail;
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn default_config_text_parses_to_the_defaults() {
        let parsed: Config = Figment::from(Toml::string(DEFAULT_CONFIG))
            .extract()
            .unwrap();
        let d = Config::default();
        assert_eq!(parsed.listen, d.listen);
        assert_eq!(
            parsed.database_url.expose_secret(),
            d.database_url.expose_secret()
        );
        assert_eq!(parsed.metrics_listen, d.metrics_listen);
        assert_eq!(parsed.max_form_bytes, d.max_form_bytes);
        assert_eq!(parsed.blob_dir, None);
        assert!(parsed.smtp.is_none());
    }

    #[test]
    fn every_key_of_the_default_file_is_known_to_the_environment() {
        let table: toml::Table = toml::from_str(DEFAULT_CONFIG).unwrap();
        for key in table.keys() {
            assert!(KEYS.contains(&key.as_str()), "{key} missing from KEYS");
        }
        for key in ["smtp", "s3", "blob_dir"] {
            assert!(KEYS.contains(&key));
        }
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let r: Result<Config, _> = Figment::from(Toml::string("listn = \"x\"")).extract();
        assert!(r.is_err());
    }

    #[test]
    fn values_are_typed_and_checked() {
        let bad = |toml: &str| {
            Figment::from(Toml::string(toml))
                .extract::<Config>()
                .is_err()
        };
        assert!(bad("listen = \"localhost\""), "an address needs a port");
        assert!(bad("metrics_listen = \"nowhere\""));
        assert!(bad("log_format = \"xml\""));
        assert!(bad("[smtp]\nhost = \"h\"\nsecurity = \"ssl\""));
        let c: Config = Figment::from(Toml::string("metrics_listen = \"off\"\nblob_dir = \"\""))
            .extract()
            .unwrap();
        assert_eq!((c.metrics_listen, c.blob_dir), (None, None));
        let c: Config = Figment::from(Toml::string("[smtp]\nhost = \"h\"\nsecurity = \"tls\""))
            .extract()
            .unwrap();
        assert_eq!(c.smtp.unwrap().security, SmtpSecurity::Tls);
    }

    #[test]
    fn an_invalid_log_level_is_refused_at_start() {
        Jail::expect_with(|jail| {
            jail.set_env("GUICHET_LOG_LEVEL", "guichet=loud");
            let e = Config::load(None).err().unwrap().to_string();
            assert!(e.contains("log_level"), "{e}");
            Ok(())
        });
    }

    /// The README tells testers to set `GUICHET_TEST_PG_URL`: variables that are not
    /// configuration keys are left alone (and named), while keys are read.
    #[test]
    fn other_guichet_variables_are_not_configuration() {
        Jail::expect_with(|jail| {
            jail.set_env("GUICHET_TEST_PG_URL", "postgres://elsewhere/db");
            jail.set_env("GUICHET_MAX_CONNECTIONS", "3");
            jail.set_env("GUICHET_SMTP__HOST", "smtp.example.com");
            let loaded = Config::load(None).unwrap();
            assert_eq!(loaded.config.max_connections, 3);
            assert_eq!(loaded.config.smtp.unwrap().host, "smtp.example.com");
            assert!(
                loaded
                    .ignored_variables
                    .contains(&"GUICHET_TEST_PG_URL".to_string())
            );
            assert!(
                !loaded
                    .ignored_variables
                    .iter()
                    .any(|v| v == "GUICHET_MAX_CONNECTIONS" || v == "GUICHET_SMTP__HOST")
            );
            Ok(())
        });
    }

    #[test]
    fn secrets_do_not_print() {
        let c: Config = Figment::from(Toml::string(
            "database_url = \"postgres://guichet:pa55word@db/guichet\"\n\
             [smtp]\nhost = \"h\"\nusername = \"u\"\npassword = \"hunter2\"\n\
             [s3]\nendpoint = \"http://h\"\nbucket = \"b\"\naccess_key = \"k\"\nsecret_key = \"s3cr3t\"",
        ))
        .extract()
        .unwrap();
        let printed = format!("{c:?}");
        for secret in ["pa55word", "hunter2", "s3cr3t"] {
            assert!(!printed.contains(secret), "{secret} printed: {printed}");
        }
        let s3 = c.s3.unwrap();
        assert!(s3.path_style && s3.region == "us-east-1");
        assert_eq!(s3.secret_key.expose_secret(), "s3cr3t");
    }
}
