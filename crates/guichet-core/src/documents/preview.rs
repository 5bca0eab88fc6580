//! Previews. Who may download a file sees the original in the browser (PDFs and images, as
//! before); who may only view it sees page images watermarked with their name and the time of
//! viewing, and never receives the original's bytes (decision 0012).
use guichet_blob::ByteStream;
use guichet_domain::*;
use guichet_preview::Pages;

use super::Actor;
use crate::error::{Chain, CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

/// What the preview of a version shows this person.
pub enum Preview {
    /// The original, for the browser to show: the person may download it.
    Original(DocumentVersion, ByteStream<'static>),
    /// Page images (`shown` of the file's `total` pages), each fetched with `preview_page`.
    Pages {
        doc: Document,
        version: DocumentVersion,
        shown: u32,
        total: u32,
    },
    /// Nothing of the file can be shown to this person (a type we do not render, a file the
    /// renderer cannot read): the page says who to ask.
    Unavailable {
        doc: Document,
        version: DocumentVersion,
    },
}

impl Portal {
    /// Opens a version for viewing; journaled (`document.preview`, or `document.download` for
    /// someone who may download a type the browser does not show).
    pub async fn preview(
        &self,
        who: Actor<'_>,
        client: &Client,
        version: VersionId,
    ) -> CoreResult<Preview> {
        let v = self
            .store
            .version(who.tenant(), version)
            .await?
            .ok_or(CoreError::NotFound)?;
        let (doc, _, level) = self.document_for(who, v.document_id).await?;
        if level >= ShareLevel::Download {
            let (v, data) = self.download(who, client, version, true).await?;
            return Ok(Preview::Original(v, data));
        }
        self.record(
            who.user(),
            client,
            Event {
                action: "document.preview",
                object_kind: "version",
                object_id: v.id.0,
                customer: Some(doc.customer_id),
                project: Some(doc.project_id),
                detail: format!("{} — v{} ({})", doc.title, v.number, v.filename),
            },
        )
        .await?;
        Ok(match self.pages_of(&v).await {
            Pages::Shown { shown, total } => Preview::Pages {
                doc,
                version: v,
                shown,
                total,
            },
            Pages::Unrenderable => Preview::Unavailable { doc, version: v },
        })
    }

    /// Page `page` (from 1) of a version as a PNG, watermarked with the viewer's name, address
    /// and the time, for anyone who may see the document. `NotFound` past the pages shown.
    pub async fn preview_page(
        &self,
        who: Actor<'_>,
        version: VersionId,
        page: u32,
    ) -> CoreResult<Vec<u8>> {
        let v = self
            .store
            .version(who.tenant(), version)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.document_for(who, v.document_id).await?;
        match self.pages_of(&v).await {
            Pages::Shown { shown, .. } if (1..=shown).contains(&page) => {}
            _ => return Err(CoreError::NotFound),
        }
        let mark = watermark_text(who.user(), Millis::now());
        self.previews
            .page(&v.sha256, page, &mark)
            .await
            .map_err(CoreError::internal_from)?
            .ok_or(CoreError::NotFound)
    }

    /// The version's pages: from the cache, else rendered now. Whatever fails here is logged
    /// and shown as "cannot be shown", never as the original.
    async fn pages_of(&self, v: &DocumentVersion) -> Pages {
        if !guichet_preview::renderable(&v.content_type) {
            return Pages::Unrenderable;
        }
        if let Some(p) = self.previews.cached(&v.sha256).await {
            return p;
        }
        let data = match self.blobs.get(&v.sha256).await {
            Ok(d) => d,
            Err(e) => {
                tracing::error!(version = %v.id, sha256 = v.sha256, error = %Chain(&e),
                    "previews: cannot read the file");
                return Pages::Unrenderable;
            }
        };
        match self.previews.render(&v.sha256, &v.content_type, data).await {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(version = %v.id, sha256 = v.sha256, error = %Chain(&e),
                    "previews: cannot render");
                Pages::Unrenderable
            }
        }
    }
}

/// What is burned into each page: who views it and when, in their time zone.
pub(crate) fn watermark_text(u: &User, at: Millis) -> String {
    let name = u.name.trim();
    let when = u.time_zone.when(at);
    if name.is_empty() {
        format!("{} · {when}", u.email)
    } else {
        format!("{name} · {} · {when}", u.email)
    }
}
