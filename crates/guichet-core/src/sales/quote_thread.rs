//! A quote's thread (issue 16): the customer asks questions about a quote (with a file, as
//! with a request), staff answer; each side is told, as each chose. Files are kept in the blob
//! store (the provider's upload limit) and served only to those who see the quote.
use guichet_domain::*;
use guichet_store::{Account, SignedIn};

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{ByteStream, Client, Portal};

/// A file sent with a message: its name as sent and its bytes.
pub type Attachment<'a> = (&'a str, ByteStream<'a>);

impl Portal {
    /// A contact's question on a quote they see (or a file sent with their request).
    pub async fn ask_about_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        id: QuoteId,
        body: &str,
        file: Option<Attachment<'_>>,
    ) -> CoreResult<()> {
        let quote = self.reachable_quote(s, account, id).await?;
        let message = self.message(&s.user, &quote, false, body, file).await?;
        self.post_message(&s.user, client, &quote, &message).await?;
        self.tell_staff_of_quote(
            &Quote {
                reason: excerpt(&message),
                ..quote
            },
            "email-quote-question-subject",
            "email-quote-question-body",
        )
        .await;
        Ok(())
    }

    /// Staff answer in a quote's thread; the contacts who see it are told.
    pub async fn answer_about_quote(
        &self,
        actor: &User,
        client: &Client,
        id: QuoteId,
        body: &str,
        file: Option<Attachment<'_>>,
    ) -> CoreResult<()> {
        require(actor, Action::ManageOrders)?;
        let quote = self
            .store
            .quote(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let message = self.message(actor, &quote, true, body, file).await?;
        self.post_message(actor, client, &quote, &message).await?;
        self.announce_quote(
            &quote,
            (
                "email-quote-answer-subject",
                "email-quote-answer-body",
                "quote-answer-digest-line",
            ),
            &excerpt(&message),
        )
        .await;
        Ok(())
    }

    /// A file of a quote's thread, for a contact who sees the quote.
    pub async fn portal_quote_file(
        &self,
        s: &SignedIn,
        account: &Account,
        id: QuoteId,
        sha256: &str,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        let quote = self.reachable_quote(s, account, id).await?;
        self.thread_file(&quote, sha256).await
    }

    /// A file of a quote's thread, for staff.
    pub async fn staff_quote_file(
        &self,
        actor: &User,
        id: QuoteId,
        sha256: &str,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        let quote = self.staff_quote(actor, id).await?.quote;
        self.thread_file(&quote, sha256).await
    }

    async fn thread_file(
        &self,
        quote: &Quote,
        sha256: &str,
    ) -> CoreResult<(QuoteFile, ByteStream<'static>)> {
        let file = self
            .store
            .quote_messages(quote.tenant_id, quote.id)
            .await?
            .into_iter()
            .filter_map(|m| m.file)
            .find(|f| f.sha256 == sha256)
            .ok_or(CoreError::NotFound)?;
        let data = self
            .blobs
            .get(&file.sha256)
            .await
            .map_err(crate::documents::blob_error)?;
        Ok((file, data))
    }

    /// A message as sent: some text or a file (or both); the file stored first, within the
    /// provider's upload limit.
    async fn message(
        &self,
        author: &User,
        quote: &Quote,
        from_staff: bool,
        body: &str,
        file: Option<Attachment<'_>>,
    ) -> CoreResult<QuoteMessage> {
        let body = text(body, 5000, file.is_none())
            .map_err(|e| CoreError::field("body", e.message_key()))?;
        let file = self.keep_file(quote.tenant_id, file).await?;
        Ok(QuoteMessage {
            id: uuid::Uuid::now_v7(),
            tenant_id: quote.tenant_id,
            quote_id: quote.id,
            author: Some(author.id),
            author_name: author.name.clone(),
            from_staff,
            body,
            file,
            created_at: Millis::now(),
        })
    }

    /// Keeps a file sent with a message in the blob store, within the provider's upload
    /// limit (else 413, nothing kept but content-addressed bytes nobody points to).
    pub(crate) async fn keep_file(
        &self,
        tenant: TenantId,
        file: Option<Attachment<'_>>,
    ) -> CoreResult<Option<QuoteFile>> {
        let Some((name, data)) = file else {
            return Ok(None);
        };
        let limit = match self.store.tenant(tenant).await? {
            Some(t) => self.upload_limit(&t),
            None => return Err(CoreError::NotFound),
        };
        let blob = self
            .blobs
            .put(data, limit)
            .await
            .map_err(crate::documents::blob_error)?;
        if blob.size == 0 {
            return Err(CoreError::field("file", "quote-file-empty"));
        }
        Ok(Some(QuoteFile {
            content_type: self.sniff(&blob.sha256).await,
            name: file_name(name),
            size: blob.size as i64,
            sha256: blob.sha256,
        }))
    }

    async fn post_message(
        &self,
        actor: &User,
        client: &Client,
        quote: &Quote,
        m: &QuoteMessage,
    ) -> CoreResult<()> {
        let detail = match &m.file {
            Some(f) => format!(
                "#{} — {} ({}, SHA-256 {})",
                quote.number,
                excerpt(m),
                f.name,
                f.sha256
            ),
            None => format!("#{} — {}", quote.number, excerpt(m)),
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "quote.message",
                object_kind: "quote",
                object_id: quote.id.0,
                customer: Some(quote.customer_id),
                project: quote.project_id,
                detail,
            },
        );
        self.journaled(vec![entry], self.store.add_quote_message(m))
            .await?;
        Ok(())
    }
}

/// The start of a message, for an email or the journal (its file's name when it has no text).
fn excerpt(m: &QuoteMessage) -> String {
    let text: String = m.body.chars().take(300).collect();
    match (&m.file, text.is_empty()) {
        (Some(f), true) => f.name.clone(),
        _ => text,
    }
}
