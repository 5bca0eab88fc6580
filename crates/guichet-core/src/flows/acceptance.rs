//! What an offer page agrees to: the exact file shown (its version and SHA-256), checked when
//! the customer accepts; once accepted the quote is frozen, the journal keeps who, when, from
//! where and which file, and both sides get a receipt by email.
use guichet_domain::*;
use guichet_store::DocumentSettle;

use super::*;
use crate::access::{Action, may};
use crate::documents::Actor;
use crate::error::{CoreError, CoreResult};
use crate::journal::Event;
use crate::{Client, Portal};

/// A document settled as part of a step, expected as the page showed it.
pub(super) fn settled(d: &Document, status: DocumentStatus, now: Millis) -> DocumentSettle {
    DocumentSettle {
        id: d.id,
        status,
        expected: d.updated_at,
        now: Millis(now.0.max(d.updated_at.0 + 1)),
    }
}

/// The journal's record of a document a customer settled: an acceptance names the exact file,
/// its version and SHA-256.
pub(super) fn settled_event(
    d: &Document,
    status: DocumentStatus,
    accepted: Option<&DocumentVersion>,
) -> Event<'static> {
    let (action, detail) = match accepted {
        Some(v) if status.is_agreed() => (
            "document.accepted",
            format!(
                "{} — v{} {} — SHA-256 {}",
                d.title, v.number, v.filename, v.sha256
            ),
        ),
        _ => (
            "document.status",
            format!("{} — {} → {status}", d.title, d.status),
        ),
    };
    Event {
        action,
        object_kind: "document",
        object_id: d.id.0,
        customer: Some(d.customer_id),
        project: Some(d.project_id),
        detail,
    }
}

impl Portal {
    /// Checks the quote chosen on an offer page: one of the project's quotes the contact sees,
    /// still to approve, and still the file the page showed (else 409: a new version came).
    /// `Ok(Err(key))`: a message for the form.
    pub(super) async fn chosen_quote(
        &self,
        s: &SignedIn,
        a: &Account,
        p: &Project,
        rights: &ProjectRights,
        quote: Option<&QuoteShown>,
    ) -> CoreResult<Result<Option<(Document, DocumentVersion)>, &'static str>> {
        let quotes: Vec<(Document, DocumentVersion)> = self
            .store
            .documents_of_kind(p.tenant_id, p.id, DocumentKind::Quote)
            .await?
            .into_iter()
            .filter(|(d, _)| Portal::level(Actor::Contact(s, a), Some(rights), d).is_some())
            .collect();
        Ok(match quote {
            None if quotes.is_empty() => Ok(None),
            None => Err("error-flow-quote"),
            Some(q) => match quotes.into_iter().find(|(d, _)| d.id == q.document) {
                Some((d, _)) if d.status != DocumentStatus::ToApprove => {
                    Err("error-flow-quote-settled")
                }
                // The page showed another file than the one there now: accepting would agree
                // to something not shown.
                Some((_, latest)) if latest.id != q.version || latest.sha256 != q.sha256 => {
                    return Err(CoreError::Stale("error-flow-quote-changed"));
                }
                Some(found) => Ok(Some(found)),
                None => Err("error-flow-quote"),
            },
        })
    }

    /// A receipt of the acceptance to the person who accepted and to the project's team
    /// (else the provider's managers): who, when, from where, which file and its SHA-256.
    pub(super) async fn send_receipts(
        &self,
        actor: &User,
        client: &Client,
        p: &Project,
        d: &Document,
        v: &DocumentVersion,
    ) -> CoreResult<()> {
        let Some(tenant) = self.store.tenant(p.tenant_id).await? else {
            return Ok(());
        };
        let base = tenant.base_url.trim_end_matches('/');
        let mut people = vec![(actor.clone(), format!("{base}/portal/projects/{}", p.id))];
        let mut team = self.store.project_team(p.tenant_id, p.id).await?;
        if team.is_empty() {
            team = self
                .store
                .list_staff(p.tenant_id)
                .await?
                .into_iter()
                .filter(|u| may(u, Action::ManageFlows))
                .collect();
        }
        for u in team.into_iter().filter(|u| u.active) {
            people.push((u, format!("{base}/staff/projects/{}", p.id)));
        }
        let number = v.number.to_string();
        for (user, link) in people {
            let when = guichet_i18n::format::date_time_in_zone(
                &self.catalogs,
                user.locale,
                &user.time_zone,
                Millis::now(),
            );
            let args = [
                ("who", actor.name.as_str()),
                ("document", d.title.as_str()),
                ("project", p.title.as_str()),
                ("when", when.as_str()),
                ("ip", client.ip.as_str()),
                ("file", v.filename.as_str()),
                ("version", number.as_str()),
                ("sha256", v.sha256.as_str()),
                ("link", link.as_str()),
                ("provider", tenant.name.as_str()),
            ];
            let mail = self.provider_email(
                &tenant,
                &user.email,
                user.locale,
                ("receipt-subject", "receipt-body"),
                &args,
            );
            self.store.enqueue_email(&mail).await?;
        }
        Ok(())
    }
}
