//! "All my documents": an account's documents across its projects, as a contact sees them.
use guichet_domain::*;

use super::Listed;
use crate::Portal;
use crate::access::role_reaches_document;
use crate::error::{CoreError, CoreResult};

impl Portal {
    /// One page of the documents a contact sees across their account's projects, newest first
    /// (`kind`: only that kind; `before`: the cursor of the page before). The next page's
    /// cursor is returned when there are more.
    pub async fn account_documents(
        &self,
        s: &SignedIn,
        a: &Account,
        kind: Option<&str>,
        search: &str,
        before: Option<(Millis, DocumentId)>,
        limit: i64,
    ) -> CoreResult<AccountPage> {
        crate::access::require_in(&s.user, a, Module::Projects, Op::View)?;
        let tenant = a.customer.tenant_id;
        let shares = &s.shares;
        let grant = |m: Module| a.role.permissions.modules.get(&m).map(|g| &g.scope);
        let projects = match grant(Module::Projects) {
            Some(Scope::Company) => None,
            _ => {
                let mut ids: Vec<ProjectId> = shares
                    .iter()
                    .filter(|sh| sh.level > ShareLevel::Hidden)
                    .map(|sh| sh.project_id)
                    .collect();
                ids.sort_by_key(|p| p.0);
                ids.dedup();
                Some(ids)
            }
        };
        let mut kinds: Vec<String> = Vec::new();
        if let Some(k) = kind {
            if !DOCUMENT_KINDS.contains(&k) {
                return Err(CoreError::field("kind", "error-invalid"));
            }
            kinds.push(k.to_string());
        } else if shares.is_empty() {
            match grant(Module::Documents) {
                Some(Scope::Kinds(k)) => kinds = k.clone(),
                Some(_) => {}
                None => return Ok(AccountPage::default()),
            }
        }
        let limit = limit.clamp(1, 100);
        let mut page = AccountPage::default();
        let mut rights: std::collections::HashMap<ProjectId, ProjectRights> = Default::default();
        let mut cursor = before;
        for _ in 0..5 {
            let rows = self
                .store
                .customer_documents(
                    tenant,
                    a.customer.id,
                    &guichet_store::DocumentQuery {
                        kinds: kinds.clone(),
                        projects: projects.clone(),
                        search: Some(search.to_string()),
                        before: cursor,
                        limit: limit + 1,
                    },
                )
                .await?;
            let exhausted = (rows.len() as i64) <= limit;
            for row in rows {
                if page.items.len() as i64 == limit {
                    page.next = cursor;
                    return Ok(page);
                }
                cursor = Some((row.doc.created_at, row.doc.id));
                let r = rights.entry(row.project.id).or_insert_with(|| {
                    let mine: Vec<Share> = shares
                        .iter()
                        .filter(|sh| sh.project_id == row.project.id)
                        .cloned()
                        .collect();
                    ProjectRights::new(
                        crate::access::role_rights(&s.user, &a.role, a.customer.id, &row.project),
                        s.user.id,
                        &mine,
                    )
                });
                let level = r.document(
                    row.doc.id,
                    role_reaches_document(&s.user, &a.role, a.customer.id, &row.doc),
                );
                if let Some(level) = level {
                    page.items.push((
                        Listed {
                            doc: row.doc,
                            latest: row.latest,
                            level,
                        },
                        row.project,
                    ));
                }
            }
            if exhausted {
                return Ok(page);
            }
        }
        // Many documents in a row that they may not see: offer to go on from there.
        page.next = cursor;
        Ok(page)
    }
}

/// A page of an account's documents, each with its project.
#[derive(Debug, Default)]
pub struct AccountPage {
    pub items: Vec<(Listed, Project)>,
    /// Where the next page starts, when there is one.
    pub next: Option<(Millis, DocumentId)>,
}
