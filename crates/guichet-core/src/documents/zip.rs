//! A project's documents as one ZIP, built while it is sent: a blocking thread writes the
//! archive into a channel that is the response body, reading each file from the blob store
//! chunk by chunk, so memory stays flat whatever the project holds.
use std::io::Write;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use guichet_blob::{BlobStore, ByteStream};
use guichet_domain::*;
use tokio::runtime::Handle;
use tokio::sync::mpsc;

use super::{Actor, Listed};
use crate::error::{Chain, CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

/// The ZIP's file name: the project's title and reference and the day, e.g.
/// "Étude du talus (GL-2026-014) 2026-12-07.zip", without what a file name cannot hold.
pub fn zip_name(p: &Project, day: &str) -> String {
    let mut base = p.title.clone();
    if !p.reference.is_empty() {
        base.push_str(&format!(" ({})", p.reference));
    }
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    let clean = clean.trim().trim_matches('.').trim();
    let clean = if clean.is_empty() { "projet" } else { clean };
    format!("{clean} {day}.zip")
}

impl Portal {
    /// The project's documents that this actor may download (only the `selection` when it
    /// names any) as one ZIP, streamed; journaled. `NotFound` when nothing is left to put in.
    pub async fn project_zip(
        &self,
        who: Actor<'_>,
        client: &Client,
        project: ProjectId,
        selection: &[DocumentId],
    ) -> CoreResult<(String, ByteStream<'static>)> {
        let docs = self.zip_documents(who, client, project, selection).await?;
        let name = match self.store.project(who.user().tenant_id, project).await? {
            Some(p) => zip_name(&p, &crate::sales::shop::today()),
            None => return Err(CoreError::NotFound),
        };
        let entries = entry_names(&docs)
            .into_iter()
            .zip(docs.into_iter().map(|l| l.latest.sha256))
            .collect();
        Ok((name, zip_stream(self.blobs.clone(), entries)))
    }

    /// The documents (latest versions) to put in the ZIP; journaled.
    async fn zip_documents(
        &self,
        who: Actor<'_>,
        client: &Client,
        project: ProjectId,
        selection: &[DocumentId],
    ) -> CoreResult<Vec<Listed>> {
        let docs: Vec<_> = self
            .project_documents(who, project)
            .await?
            .into_iter()
            .filter(|l| l.level >= ShareLevel::Download)
            .filter(|l| selection.is_empty() || selection.contains(&l.doc.id))
            .collect();
        let Some(first) = docs.first().map(|l| &l.doc) else {
            return Err(CoreError::NotFound);
        };
        self.record(
            who.user(),
            client,
            Event {
                action: "project.zip",
                object_kind: "project",
                object_id: project.0,
                customer: Some(first.customer_id),
                project: Some(project),
                detail: format!("{} document(s)", docs.len()),
            },
        )
        .await?;
        Ok(docs)
    }
}

/// Distinct, safe names for the entries of a ZIP: "title - filename", numbered when repeated.
fn entry_names(docs: &[Listed]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    docs.iter()
        .map(|Listed { doc, latest, .. }| {
            let base = file_name(&format!("{} - {}", doc.title, latest.filename));
            let mut name = base.clone();
            let mut n = 2;
            while seen.contains(&name) {
                name = format!("({n}) {base}");
                n += 1;
            }
            seen.push(name.clone());
            name
        })
        .collect()
}

/// The ZIP of `entries` (entry name, blob hash), files stored as they are (no compression).
fn zip_stream(blobs: Arc<dyn BlobStore>, entries: Vec<(String, String)>) -> ByteStream<'static> {
    let runtime = Handle::current();
    written_on_blocking_thread(move |out| {
        let mut zip = zip::ZipWriter::new_stream(out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        for (name, sha) in &entries {
            zip.start_file(name.as_str(), options)
                .map_err(std::io::Error::other)?;
            let mut content = runtime
                .block_on(blobs.get(sha))
                .map_err(std::io::Error::other)?;
            while let Some(chunk) = runtime.block_on(content.next()) {
                zip.write_all(&chunk?)?;
            }
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })
}

type Chunk = Result<Bytes, std::io::Error>;

/// `Write` into a body's channel, from a blocking thread; a gone reader is a broken pipe.
pub(crate) struct ChannelWriter(mpsc::Sender<Chunk>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What `write` writes on a blocking thread, as a stream. However the writing ends badly — an
/// error, or the thread's panic — the stream ends with an error after the bytes already
/// written, so the client sees a failed download, never a complete-looking truncated file.
pub(crate) fn written_on_blocking_thread<F>(write: F) -> ByteStream<'static>
where
    F: FnOnce(ChannelWriter) -> std::io::Result<()> + Send + 'static,
{
    let (tx, rx) = mpsc::channel::<Chunk>(4);
    let task = tokio::task::spawn_blocking(move || write(ChannelWriter(tx)));
    let body = futures_util::stream::unfold((rx, Some(task)), |(mut rx, task)| async move {
        if let Some(chunk) = rx.recv().await {
            return Some((chunk, (rx, task)));
        }
        // Every byte is out: how did the writer end?
        let failure = match task?.await {
            Ok(Ok(())) => return None,
            Ok(Err(e)) => {
                tracing::warn!(error = %Chain(&e), "streamed file stopped");
                e
            }
            Err(join) => {
                tracing::error!(error = %Chain(&join), "the thread writing a streamed file failed");
                std::io::Error::other(join)
            }
        };
        Some((Err(failure), (rx, None)))
    });
    Box::pin(body)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[test]
    fn a_zip_is_named_after_its_project_and_day() {
        let mut p = Project {
            id: ProjectId::new(),
            tenant_id: TenantId(uuid::Uuid::nil()),
            customer_id: CustomerId::new(),
            title: "Étude du talus".into(),
            reference: "GL-2026-014".into(),
            description: String::new(),
            site: String::new(),
            starts_on: None,
            ends_on: None,
            status: ProjectStatus::Open,
            created_by: UserId::new(),
            created_at: Millis(0),
            updated_at: Millis(0),
        };
        assert_eq!(
            zip_name(&p, "2026-12-07"),
            "Étude du talus (GL-2026-014) 2026-12-07.zip"
        );
        p.reference.clear();
        p.title = "../Plans: \"v2\"\n".into();
        assert_eq!(zip_name(&p, "2026-12-07"), "-Plans- -v2-- 2026-12-07.zip");
        p.title = "...".into();
        assert_eq!(zip_name(&p, "2026-12-07"), "projet 2026-12-07.zip");
    }

    async fn collect(mut s: ByteStream<'static>) -> (Vec<u8>, Option<std::io::Error>) {
        let mut bytes = Vec::new();
        while let Some(item) = s.next().await {
            match item {
                Ok(b) => bytes.extend_from_slice(&b),
                Err(e) => {
                    assert!(s.next().await.is_none(), "nothing after the error");
                    return (bytes, Some(e));
                }
            }
        }
        (bytes, None)
    }

    #[tokio::test]
    async fn a_complete_writer_gives_its_bytes() {
        let s = written_on_blocking_thread(|mut out| out.write_all(b"PK all of it"));
        let (bytes, error) = collect(s).await;
        assert_eq!(bytes, b"PK all of it");
        assert!(error.is_none());
    }

    #[tokio::test]
    async fn a_failing_or_panicking_writer_ends_the_stream_with_an_error() {
        let s = written_on_blocking_thread(|mut out| {
            out.write_all(b"PK start")?;
            Err(std::io::Error::other("blob missing"))
        });
        let (bytes, error) = collect(s).await;
        assert_eq!(bytes, b"PK start");
        assert!(error.is_some(), "a failed writer is an error, not the end");

        let s = written_on_blocking_thread(|mut out| {
            out.write_all(b"PK start")?;
            panic!("a bug in the writer")
        });
        let (bytes, error) = collect(s).await;
        assert_eq!(bytes, b"PK start");
        assert!(
            error.is_some(),
            "a panicked writer is an error, not the end"
        );
    }
}
