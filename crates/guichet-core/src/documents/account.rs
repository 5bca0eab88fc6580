//! "All my documents": an account's documents across its projects, as a contact sees them.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

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
        let mut kinds: Vec<DocumentKind> = Vec::new();
        if let Some(k) = kind {
            let k = k
                .trim()
                .parse()
                .map_err(|_| CoreError::field("kind", "error-invalid"))?;
            kinds.push(k);
        } else if shares.is_empty() {
            match grant(Module::Documents) {
                Some(Scope::Kinds(k)) => kinds = k.clone(),
                Some(_) => {}
                None => return Ok(AccountPage::default()),
            }
        }
        let limit = limit.clamp(1, 100);
        let query = |before| guichet_store::DocumentQuery {
            kinds: kinds.clone(),
            projects: projects.clone(),
            search: Some(search.to_string()),
            before,
            limit: limit + 1,
        };
        // The first page without a search is kept while the account's listing revision holds
        // (one cheap statement instead of the listing's).
        let mut first = None;
        if before.is_none() && search.trim().is_empty() {
            let key = ListingKey {
                tenant,
                customer: a.customer.id,
                kinds: kinds.clone(),
                projects: projects.clone(),
                limit,
            };
            let revision = self
                .store
                .account_listing_revision(tenant, a.customer.id)
                .await?;
            first = Some(match self.listing_cache.get(&key, revision) {
                Some(rows) => rows,
                None => {
                    let rows = Arc::new(
                        self.store
                            .customer_documents(tenant, a.customer.id, &query(None))
                            .await?,
                    );
                    self.listing_cache.put(key, revision, rows.clone());
                    rows
                }
            });
        }
        let mut page = AccountPage::default();
        let mut rights: std::collections::HashMap<ProjectId, ProjectRights> = Default::default();
        let mut cursor = before;
        for _ in 0..5 {
            let rows = match first.take() {
                Some(rows) => rows.as_ref().clone(),
                None => {
                    self.store
                        .customer_documents(tenant, a.customer.id, &query(cursor))
                        .await?
                }
            };
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

/// What a first page of an account's documents was read for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ListingKey {
    tenant: TenantId,
    customer: CustomerId,
    kinds: Vec<DocumentKind>,
    projects: Option<Vec<ProjectId>>,
    limit: i64,
}

/// Accounts' first pages of documents as last read, each with the listing revision it was
/// read at (read before them, so a page is never older than its revision), served only while
/// that revision holds.
#[derive(Default)]
pub(crate) struct ListingCache(Mutex<HashMap<ListingKey, (ListingRevision, Listing)>>);

/// The rows of a first page.
type Listing = Arc<Vec<AccountDocument>>;

/// Listings kept at most; when full, the cache starts over.
const CACHED_LISTINGS: usize = 512;

impl ListingCache {
    fn get(&self, key: &ListingKey, revision: ListingRevision) -> Option<Listing> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.get(key)
            .filter(|(at, _)| *at == revision)
            .map(|(_, rows)| rows.clone())
    }

    fn put(&self, key: ListingKey, revision: ListingRevision, rows: Listing) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= CACHED_LISTINGS && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, (revision, rows));
    }
}

/// A page of an account's documents, each with its project.
#[derive(Debug, Default)]
pub struct AccountPage {
    pub items: Vec<(Listed, Project)>,
    /// Where the next page starts, when there is one.
    pub next: Option<(Millis, DocumentId)>,
}
