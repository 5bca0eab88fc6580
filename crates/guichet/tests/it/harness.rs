//! `spawn_app()`: a real server on port 0 over a temp SQLite file or a fresh PostgreSQL
//! database, a real SMTP server (aiosmtpd) receiving its mail, and helpers to drive it.
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use guichet::app;
use guichet::config::{Config, SmtpConfig};
use guichet_core::Portal;
use guichet_core::accounts::{ContactInput, CustomerInput};
use guichet_core::tenants::NewTenant;
use guichet_domain::*;
use guichet_mail::Mailer;
use reqwest::StatusCode;
use tokio::net::TcpListener;

pub const PASSWORD: &str = "Une-phrase-de-passe-solide-42";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A real SMTP server process and the Maildir it writes to.
pub struct Smtp {
    pub port: u16,
    pub dir: PathBuf,
    _child: tokio::process::Child,
}

impl Smtp {
    pub async fn start(dir: PathBuf) -> Smtp {
        let port = free_port().await;
        let python = std::env::var("GUICHET_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = tokio::process::Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 with aiosmtpd is needed for mail tests (pip install aiosmtpd)");
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Smtp {
                    port,
                    dir,
                    _child: child,
                };
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the SMTP server did not start on port {port}");
    }

    /// Every message received so far: (recipient, subject, decoded body).
    pub fn received(&self) -> Vec<ReceivedMail> {
        let mut out = Vec::new();
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else {
            return out;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        for p in paths {
            if let Ok(raw) = std::fs::read_to_string(&p) {
                out.push(ReceivedMail::parse(&raw));
            }
        }
        out
    }
}

#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

fn decode_qp(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_header(v: &str) -> String {
    // RFC 2047 words as lettre writes them: =?utf-8?b?...?= or =?utf-8?q?...?=. White space
    // between two encoded words is dropped; any other is one space.
    let mut out = String::new();
    let mut after_encoded = false;
    for word in v.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let decoded = if lower.starts_with("=?utf-8?b?") && word.ends_with("?=") {
            use base64::Engine;
            let inner = &word[10..word.len() - 2];
            base64::engine::general_purpose::STANDARD
                .decode(inner)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        } else if lower.starts_with("=?utf-8?q?") && word.ends_with("?=") {
            Some(decode_qp(&word[10..word.len() - 2].replace('_', " ")))
        } else {
            None
        };
        let encoded = decoded.is_some();
        if !out.is_empty() && !(encoded && after_encoded) {
            out.push(' ');
        }
        out.push_str(decoded.as_deref().unwrap_or(word));
        after_encoded = encoded;
    }
    out
}

impl ReceivedMail {
    fn parse(raw: &str) -> Self {
        let raw = raw.replace("\r\n", "\n");
        let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
        // Unfold headers.
        let head = head.replace("\n ", " ").replace("\n\t", " ");
        let header = |name: &str| {
            head.lines()
                .find(|l| {
                    l.to_ascii_lowercase()
                        .starts_with(&format!("{}:", name.to_ascii_lowercase()))
                })
                .map(|l| l[name.len() + 1..].trim().to_string())
                .unwrap_or_default()
        };
        let encoding = header("Content-Transfer-Encoding").to_ascii_lowercase();
        let body = match encoding.as_str() {
            "quoted-printable" => decode_qp(body),
            "base64" => {
                use base64::Engine;
                let joined: String = body.split_whitespace().collect();
                String::from_utf8_lossy(
                    &base64::engine::general_purpose::STANDARD
                        .decode(joined)
                        .unwrap_or_default(),
                )
                .into_owned()
            }
            _ => body.to_string(),
        };
        ReceivedMail {
            to: header("To"),
            subject: decode_header(&header("Subject")),
            body,
        }
    }

    /// The first link in the body that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> String {
        let start = self
            .body
            .find(prefix)
            .unwrap_or_else(|| panic!("no link {prefix} in {}", self.body));
        self.body[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    }
}

async fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

pub struct TestApp {
    pub port: u16,
    pub portal: Arc<Portal>,
    /// The database behind the portal, for what tests check or arrange underneath it.
    pub store: Arc<dyn guichet_store::Store>,
    pub mailer: Arc<dyn Mailer>,
    pub smtp: Smtp,
    /// Tenant A on host 127.0.0.1; tenant B on host localhost.
    pub a: Tenant,
    pub b: Tenant,
    pub database_url: String,
    pub dir: TempDir,
    /// The S3-compatible server holding file contents, when the app was started with one.
    pub s3: Option<(guichet_blob::testing::S3TestServer, guichet_blob::S3Config)>,
    /// The instance's configuration (another instance on the same database starts from it).
    pub config: Config,
}

pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_on(backend, false).await
}

/// The app with file contents in a real S3-compatible server (`s3`) or in local files.
pub async fn spawn_app_on(backend: Backend, s3: bool) -> TestApp {
    spawn_app_with(backend, s3, |_| {}).await
}

/// The app with its test configuration changed by `tune` before it starts.
pub async fn spawn_app_with(backend: Backend, s3: bool, tune: impl FnOnce(&mut Config)) -> TestApp {
    let dir = TempDir(std::env::temp_dir().join(format!("guichet-it-{}", uuid::Uuid::now_v7())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let smtp = Smtp::start(dir.0.join("maildir")).await;
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}/guichet.db", dir.0.display()),
        Backend::Postgres => guichet_store_sql::testing::fresh_pg_database()
            .await
            .unwrap(),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let s3 = if s3 {
        let server = guichet_blob::testing::S3TestServer::start().await;
        let bucket = server.bucket("guichet").await;
        Some((server, bucket))
    } else {
        None
    };
    let mut config = Config {
        s3: s3.as_ref().map(|(_, c)| guichet::config::S3Section {
            endpoint: c.endpoint.clone(),
            bucket: c.bucket.clone(),
            region: c.region.clone(),
            access_key: c.access_key.clone(),
            secret_key: c.secret_key.clone().into(),
            path_style: c.path_style,
            prefix: c.prefix.clone(),
        }),
        listen: ([127, 0, 0, 1], port).into(),
        database_url: database_url.clone().into(),
        max_connections: 5,
        data_dir: dir.0.join("data"),
        metrics_listen: None,
        workers: false,
        password_memory_kib: 1024,
        password_iterations: 1,
        smtp: Some(SmtpConfig {
            host: "127.0.0.1".into(),
            port: smtp.port,
            security: guichet_mail::SmtpSecurity::None,
            username: None,
            password: None,
        }),
        max_form_bytes: 16 * 1024,
        max_upload_mb: 1,
        ..Config::default()
    };
    tune(&mut config);
    let instance = app::build(config.clone()).await.unwrap();
    let portal = instance.portal.clone();
    let store = instance.store.clone();
    let mailer = instance.mailer.clone();
    let mk = |host: &str, name: &str, admin: &str| NewTenant {
        host: host.into(),
        name: name.into(),
        base_url: format!("http://{host}:{port}"),
        primary_colour: "#0b5d4b".into(),
        default_locale: Locale::Fr,
        admin_email: admin.into(),
        admin_name: "Admin".into(),
        logo_svg: None,
    };
    let (a, _) = portal
        .create_tenant(&mk("127.0.0.1", "Fournisseur A", "founder@a.example"))
        .await
        .unwrap();
    let (b, _) = portal
        .create_tenant(&mk("localhost", "Provider B", "founder@b.example"))
        .await
        .unwrap();
    for (t, p) in [(&a, "a"), (&b, "b")] {
        portal
            .add_staff_with_password(
                t,
                &format!("admin@{p}.example"),
                "Alice Admin",
                StaffRole::Admin,
                Locale::En,
                PASSWORD,
            )
            .await
            .unwrap();
        portal
            .add_staff_with_password(
                t,
                &format!("manager@{p}.example"),
                "Max Manager",
                StaffRole::Manager,
                Locale::En,
                PASSWORD,
            )
            .await
            .unwrap();
        portal
            .add_staff_with_password(
                t,
                &format!("accountant@{p}.example"),
                "Ada Accountant",
                StaffRole::Accountant,
                Locale::En,
                PASSWORD,
            )
            .await
            .unwrap();
    }
    // The tenants' own invitation emails are not part of any test.
    portal.deliver_outbox(mailer.as_ref(), 100).await.unwrap();
    tokio::spawn(app::run(instance, Some(listener), std::future::pending()));
    TestApp {
        port,
        portal,
        store,
        mailer,
        smtp,
        a,
        b,
        database_url,
        dir,
        s3,
        config,
    }
}

/// A browser-like client: cookie jar, no automatic redirects.
pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    pub fn csrf(&self) -> String {
        let marker = "name=\"_csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .unwrap_or_else(|| panic!("no CSRF field in page: {}", self.body));
        self.body[start..start + 64].to_string()
    }
    pub fn has(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

impl TestApp {
    pub fn browser(&self, tenant: &Tenant) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: format!("http://{}:{}", tenant.host, self.port),
        }
    }

    /// Delivers the outbox through the SMTP server.
    /// Another instance on the same database, files and mail server, serving nothing (its
    /// workers are started by the test).
    pub async fn another_instance(&self) -> app::Instance {
        app::build(Config {
            web: false,
            workers: false,
            ..self.config.clone()
        })
        .await
        .unwrap()
    }

    pub async fn deliver(&self) {
        self.portal
            .deliver_outbox(self.mailer.as_ref(), 100)
            .await
            .unwrap();
    }

    /// The newest mail received for `to`.
    pub async fn last_mail_to(&self, to: &str) -> ReceivedMail {
        self.deliver().await;
        for _ in 0..100 {
            if let Some(m) = self
                .smtp
                .received()
                .into_iter()
                .rev()
                .find(|m| m.to.contains(to))
            {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no mail to {to}; received: {:?}", self.smtp.received());
    }

    pub async fn mails_to(&self, to: &str) -> Vec<ReceivedMail> {
        self.deliver().await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        self.smtp
            .received()
            .into_iter()
            .filter(|m| m.to.contains(to))
            .collect()
    }

    pub async fn staff(&self, t: &Tenant, who: &str) -> User {
        self.store
            .user_by_email(
                t.id,
                &Email::parse(&format!(
                    "{who}@{}.example",
                    if t.id == self.a.id { "a" } else { "b" }
                ))
                .unwrap(),
            )
            .await
            .unwrap()
            .unwrap()
    }

    /// A contact of `customer` (tenant A) with a new role of these rights (`("op.orders",
    /// "view")`, `("scope.orders", "company")`…), named `role_name`.
    pub async fn contact_with_role(
        &self,
        customer: CustomerId,
        role_name: &str,
        rights: &[(&str, &str)],
        (name, email): (&str, &str),
    ) -> User {
        let admin = self.staff(&self.a, "admin").await;
        let mut form = vec![("name".to_string(), role_name.to_string())];
        form.extend(rights.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let role = self
            .portal
            .create_role(&admin, &guichet_core::Client::default(), &role_form(form))
            .await
            .unwrap();
        self.contact_in(&self.a, customer, name, email, &role.id.to_string(), "fr")
            .await
    }

    /// A contact added to a customer account (`role`: a role id, or empty for the default),
    /// who has already set `PASSWORD`.
    pub async fn contact_in(
        &self,
        t: &Tenant,
        customer: CustomerId,
        name: &str,
        email: &str,
        role: &str,
        locale: &str,
    ) -> User {
        let admin = self.staff(t, "admin").await;
        let u = self
            .portal
            .add_contact(
                &admin,
                t,
                &guichet_core::Client::default(),
                customer,
                &ContactInput {
                    role: role.into(),
                    name: name.into(),
                    email: email.into(),
                    phone: String::new(),
                    locale: locale.into(),
                },
                false,
            )
            .await
            .unwrap();
        let hash = guichet_core::secrets::hash_password(
            PASSWORD.into(),
            self.portal.settings.password_cost,
        )
        .await
        .unwrap();
        self.store
            .set_password(t.id, u.id, &hash, None, None, Millis::now())
            .await
            .unwrap();
        u
    }

    /// A project opened by tenant A's administrator for `customer`.
    pub async fn project(&self, customer: CustomerId, title: &str) -> Project {
        let admin = self.staff(&self.a, "admin").await;
        self.portal
            .create_project(
                &admin,
                &guichet_core::Client::default(),
                customer,
                &guichet_core::projects::ProjectInput {
                    title: title.into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap()
    }

    /// A customer with one contact who has already set `PASSWORD`.
    pub async fn customer_with_contact(
        &self,
        t: &Tenant,
        number: &str,
        email: &str,
        locale: &str,
    ) -> (Customer, User) {
        let admin = self.staff(t, "admin").await;
        let c = self
            .portal
            .create_customer(
                &admin,
                &guichet_core::Client::default(),
                &CustomerInput {
                    number: number.into(),
                    name: format!("Société {number}"),
                    locale: locale.into(),
                    currency: "CAD".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let u = self
            .contact_in(t, c.id, "Camille Contact", email, "", locale)
            .await;
        (c, u)
    }
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }

    async fn page(res: reqwest::Response) -> Page {
        let status = res.status();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = res.text().await.unwrap_or_default();
        Page {
            status,
            location,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    /// Posts a form with the CSRF token taken from `csrf_from` (a page of this site).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.get("/sign-in/link").await.csrf();
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        Self::page(
            self.http
                .post(self.url(path))
                .form(&all)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>) -> Page {
        Self::page(
            self.http
                .post(self.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// A multipart form post (as a form with a file field sends), with the CSRF token and
    /// an optional file as the last field.
    pub async fn post_form_data(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> Page {
        let mut form = reqwest::multipart::Form::new().text("_csrf", self.csrf().await);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        if let Some((name, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
            );
        }
        let res = self
            .http
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap();
        Page {
            status: res.status(),
            location: res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: res.text().await.unwrap_or_default(),
        }
    }

    /// A multipart post with text fields then files (`field`, file name, bytes), in order.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Page {
        let mut form = reqwest::multipart::Form::new().text("_csrf", self.csrf().await);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
            );
        }
        let res = self
            .http
            .post(self.url(path))
            .multipart(form)
            .send()
            .await
            .unwrap();
        Page {
            status: res.status(),
            location: res
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            body: res.text().await.unwrap_or_default(),
        }
    }

    pub async fn csrf(&self) -> String {
        self.get("/sign-in/link").await.csrf()
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }

    pub async fn signed_in_as(&self, email: &str) {
        let p = self.sign_in(email, PASSWORD).await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "sign-in as {email} failed: {}",
            p.body
        );
    }
}

/// Runs a test body on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::harness::spawn_app($crate::harness::Backend::Sqlite).await).await; } )* }
        mod on_postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::harness::spawn_app($crate::harness::Backend::Postgres).await).await; } )* }
    };
}

/// Tests that start their own app (a tuned configuration): each runs with the backend to use.
#[macro_export]
macro_rules! both_backends_own_app {
    ($($name:ident),* $(,)?) => {
        mod own_app_on_sqlite { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::harness::Backend::Sqlite).await; } )* }
        mod own_app_on_postgres { $( #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name($crate::harness::Backend::Postgres).await; } )* }
    };
}

/// A role as the role form defines it, from the form's pairs (`name`, `op.<module>`,
/// `scope.<module>`, `kinds.<module>`, `field.<field>`, `company_admin`, `grantable`).
pub fn role_form(pairs: Vec<(String, String)>) -> guichet_core::roles::RoleInput {
    let mut input = guichet_core::roles::RoleInput::default();
    for (k, v) in &pairs {
        let (k, v) = (k.as_str(), v.as_str());
        let (head, tail) = k.split_once('.').unwrap_or((k, ""));
        let module = || Module::parse(tail).unwrap_or_else(|| panic!("module {tail}"));
        match head {
            "name" => input.name = v.to_string(),
            "company_admin" => input.company_admin = v == "on",
            "grantable" => input.grantable.push(v.parse().unwrap()),
            "op" => input
                .modules
                .entry(module())
                .or_default()
                .ops
                .push(Op::parse(v).unwrap()),
            "scope" => input.modules.entry(module()).or_default().scope = ScopeKind::parse(v),
            "kinds" => input
                .modules
                .entry(module())
                .or_default()
                .kinds
                .push(v.parse().unwrap()),
            "field" => {
                input
                    .fields
                    .insert(Field::parse(tail).unwrap(), FieldAccess::parse(v).unwrap());
            }
            other => panic!("no role form field {other}"),
        }
    }
    input
}
