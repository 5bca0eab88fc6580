//! Sending email: SMTP in production, `.eml` files in an outbox folder for local use.
use std::path::PathBuf;

use async_trait::async_trait;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Any error, boxed: the cause kept for the logs.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a message was not sent. Each keeps its cause (`source()`): log it with the whole chain.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// An address (the sender's, a recipient's) that does not parse.
    #[error("invalid address {address:?}")]
    Address {
        address: String,
        #[source]
        source: lettre::address::AddressError,
    },
    /// The message or the SMTP transport could not be built.
    #[error("could not build the {what}")]
    Build {
        what: &'static str,
        #[source]
        source: BoxError,
    },
    /// The message could not be handed over (the SMTP server refused it or could not be
    /// reached, the outbox folder could not be written); `to` says where it was going.
    #[error("delivery failed ({to})")]
    Delivery {
        to: String,
        #[source]
        source: BoxError,
    },
}

fn mailbox(address: &str) -> Result<Mailbox, MailError> {
    address.parse().map_err(|source| MailError::Address {
        address: address.to_string(),
        source,
    })
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
    let to = mailbox(&msg.to)?;
    let from = Mailbox::new(Some(msg.from_name.clone()), from.email.clone());
    Message::builder()
        .from(from)
        .to(to)
        .subject(msg.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(msg.body_text.clone())
        .map_err(|e| MailError::Build {
            what: "message",
            source: Box::new(e),
        })
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

/// SMTP connections kept open at most (the outbox sends this many messages at once).
pub const MAX_CONNECTIONS: u32 = 16;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// `SMTP server host:port`, for the errors.
    server: String,
}

impl SmtpMailer {
    pub fn new(s: &SmtpSettings) -> Result<Self, MailError> {
        let transport = |e: lettre::transport::smtp::Error| MailError::Build {
            what: "SMTP transport",
            source: Box::new(e),
        };
        let mut builder = match s.security {
            SmtpSecurity::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(transport)?
            }
            SmtpSecurity::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(transport)?
            }
            SmtpSecurity::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        }
        .port(s.port)
        .timeout(Some(std::time::Duration::from_secs(20)))
        // Connections kept open and reused: each message otherwise waits for a new connection
        // and its greeting. As many as the outbox sends at once.
        .pool_config(PoolConfig::new().max_size(MAX_CONNECTIONS));
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from: mailbox(&s.from)?,
            server: format!("SMTP server {}:{}", s.host, s.port),
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
            .map_err(|e| MailError::Delivery {
                to: self.server.clone(),
                source: Box::new(e),
            })?;
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
        Ok(OutboxDirMailer {
            dir,
            from: mailbox(from)?,
        })
    }
}

#[async_trait]
impl Mailer for OutboxDirMailer {
    async fn send(&self, msg: &MailMessage) -> Result<(), MailError> {
        let m = build(&self.from, msg)?;
        let failed = |e: std::io::Error| MailError::Delivery {
            to: format!("outbox folder {}", self.dir.display()),
            source: Box::new(e),
        };
        tokio::fs::create_dir_all(&self.dir).await.map_err(failed)?;
        let path = self.dir.join(format!("{}.eml", uuid::Uuid::now_v7()));
        tokio::fs::write(&path, m.formatted())
            .await
            .map_err(failed)?;
        Ok(())
    }
    fn delivers_remotely(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::error::Error as _;

    use super::*;

    #[tokio::test]
    async fn a_failed_delivery_keeps_its_cause() {
        // A folder that cannot be made: its parent is a file.
        let file = std::env::temp_dir().join(format!("guichet-mail-{}", uuid::Uuid::now_v7()));
        std::fs::write(&file, b"").unwrap();
        let mailer = OutboxDirMailer::new(file.join("outbox"), "portail@example.com").unwrap();
        let msg = MailMessage {
            from_name: "Guichet".into(),
            to: "marie@example.com".into(),
            subject: "Objet".into(),
            body_text: "Bonjour".into(),
        };
        let e = mailer.send(&msg).await.err().unwrap();
        let _ = std::fs::remove_file(&file);
        assert!(matches!(e, MailError::Delivery { .. }), "{e:?}");
        assert!(
            e.to_string().starts_with("delivery failed (outbox folder "),
            "{e}"
        );
        let cause = e.source().unwrap();
        assert!(
            cause.downcast_ref::<std::io::Error>().is_some(),
            "{cause:?}"
        );
    }

    #[test]
    fn a_bad_address_is_named_with_its_cause() {
        let e = OutboxDirMailer::new("/tmp".into(), "not an address")
            .err()
            .unwrap();
        assert_eq!(e.to_string(), "invalid address \"not an address\"");
        assert!(e.source().is_some());
    }
}
