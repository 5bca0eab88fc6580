//! Sending email: SMTP in production, `.eml` files in an outbox folder for local use.
use std::path::PathBuf;

use async_trait::async_trait;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("delivery failed: {0}")]
    Delivery(String),
}

/// One plain-text message.
#[derive(Clone, Debug)]
pub struct MailMessage {
    pub from_name: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
}

#[async_trait]
pub trait Mailer: Send + Sync {
    async fn send(&self, msg: &MailMessage) -> Result<(), MailError>;
    /// True when messages leave the machine (so stored bodies may be wiped after delivery).
    fn delivers_remotely(&self) -> bool;
}

fn build(from: &Mailbox, msg: &MailMessage) -> Result<Message, MailError> {
    let to: Mailbox = msg
        .to
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::Address(e.to_string()))?;
    let from = Mailbox::new(Some(msg.from_name.clone()), from.email.clone());
    Message::builder()
        .from(from)
        .to(to)
        .subject(msg.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(msg.body_text.clone())
        .map_err(|e| MailError::Build(e.to_string()))
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text (a relay on the same host or network only).
    None,
    /// Plain, then upgraded with STARTTLS (usually port 587).
    #[default]
    StartTls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// SMTP settings.
#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    pub password: Option<String>,
    pub from: String,
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    pub fn new(s: &SmtpSettings) -> Result<Self, MailError> {
        let mut builder = match s.security {
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)
                .map_err(|e| MailError::Build(e.to_string()))?,
            SmtpSecurity::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
                .map_err(|e| MailError::Build(e.to_string()))?,
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        }
        .port(s.port)
        .timeout(Some(std::time::Duration::from_secs(20)));
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        let from: Mailbox = s
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address(e.to_string()))?;
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, msg: &MailMessage) -> Result<(), MailError> {
        let m = build(&self.from, msg)?;
        self.transport
            .send(m)
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?;
        Ok(())
    }
    fn delivers_remotely(&self) -> bool {
        true
    }
}

/// Writes each message as an `.eml` file, for installations without SMTP.
pub struct OutboxDirMailer {
    dir: PathBuf,
    from: Mailbox,
}

impl OutboxDirMailer {
    pub fn new(dir: PathBuf, from: &str) -> Result<Self, MailError> {
        let from = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Address(e.to_string()))?;
        Ok(OutboxDirMailer { dir, from })
    }
}

#[async_trait]
impl Mailer for OutboxDirMailer {
    async fn send(&self, msg: &MailMessage) -> Result<(), MailError> {
        let m = build(&self.from, msg)?;
        tokio::fs::create_dir_all(&self.dir)
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?;
        let path = self.dir.join(format!("{}.eml", uuid::Uuid::now_v7()));
        tokio::fs::write(&path, m.formatted())
            .await
            .map_err(|e| MailError::Delivery(e.to_string()))?;
        Ok(())
    }
    fn delivers_remotely(&self) -> bool {
        false
    }
}
