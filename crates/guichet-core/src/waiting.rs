//! What waits on a customer, most urgent first: the home's action centre. Each item is what the
//! contact's role lets them see, and one click from the page where they act on it.
use std::collections::HashMap;

use guichet_domain::*;
use guichet_store::{Account, InvoiceQuery, SignedIn};

use crate::Portal;
use crate::access::may_in;
use crate::error::CoreResult;
use crate::sales::shop::today;

/// Something the customer is expected to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Awaited {
    /// Pay an invoice: what is due now, by the date of its earliest unpaid instalment.
    Invoice {
        id: InvoiceId,
        number: i64,
        due_minor: i64,
        currency: Currency,
    },
    /// Accept or refuse a quote sent (not expired).
    Quote {
        id: QuoteId,
        number: i64,
        title: String,
        total_minor: i64,
        currency: Currency,
    },
    /// Approve (or refuse) an order placed above the company's approval amount.
    Order {
        id: OrderId,
        number: i64,
        total_minor: i64,
        currency: Currency,
        placed_by: String,
    },
    /// Send a document staff asked for.
    Request {
        project: ProjectId,
        project_title: String,
        title: String,
    },
    /// A project's flow stands at a step only the customer can move on (documentation to
    /// send, a drawing, an offer to answer).
    Step {
        project: ProjectId,
        project_title: String,
        step: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingItem {
    pub what: Awaited,
    /// `YYYY-MM-DD`: when it is due (an invoice, a request) or the last day it may be done (a
    /// quote); none for what has no date.
    pub by: Option<String>,
    /// Its date passed.
    pub overdue: bool,
}

/// What waits on the customer, and how many of each kind (for the home's area cards).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waiting {
    /// Most urgent first: overdue, then by date (what has no date counts as due today).
    pub items: Vec<WaitingItem>,
    pub invoices: usize,
    pub quotes: usize,
    pub orders: usize,
    /// Projects with a request or a step waiting on the customer.
    pub projects: usize,
}

/// Items of each kind read at most (the home shows the first few; each area lists them all).
const EACH: i64 = 50;

impl Portal {
    /// What waits on the account, as the contact's role shows it.
    pub async fn waiting_on(
        &self,
        s: &SignedIn,
        account: &Account,
        locale: Locale,
    ) -> CoreResult<Waiting> {
        let today = today();
        let mut w = Waiting::default();
        if may_in(&s.user, account, Module::Invoices, Op::View) {
            let unpaid = self
                .portal_invoices(
                    s,
                    account,
                    InvoiceQuery {
                        unpaid_only: true,
                        limit: EACH,
                        ..Default::default()
                    },
                )
                .await?;
            for i in unpaid
                .into_iter()
                .filter(|i| i.kind == InvoiceKind::Invoice)
            {
                let due_minor = i.due_now(&today);
                if due_minor == 0 {
                    continue;
                }
                let by = i
                    .next_instalment()
                    .map(|(n, _)| n.due_on.clone())
                    .unwrap_or_else(|| i.due_on().to_string());
                w.invoices += 1;
                w.items.push(WaitingItem {
                    overdue: i.overdue_minor(&today) > 0,
                    by: Some(by),
                    what: Awaited::Invoice {
                        id: i.id,
                        number: i.number,
                        due_minor,
                        currency: i.currency,
                    },
                });
            }
        }
        if may_in(&s.user, account, Module::Quotes, Op::View) {
            for q in self.portal_quotes(s, account).await? {
                if !q.open_for_customer(&today) {
                    continue;
                }
                w.quotes += 1;
                w.items.push(WaitingItem {
                    overdue: false,
                    by: q.valid_until.clone(),
                    what: Awaited::Quote {
                        id: q.id,
                        number: q.number,
                        title: q.title,
                        total_minor: q.totals.total_minor,
                        currency: q.currency,
                    },
                });
            }
        }
        for o in self.orders_to_approve(s, account, EACH).await? {
            w.orders += 1;
            w.items.push(WaitingItem {
                overdue: false,
                by: None,
                what: Awaited::Order {
                    id: o.id,
                    number: o.number,
                    total_minor: o.total_minor,
                    currency: o.currency,
                    placed_by: o.placed_by_name,
                },
            });
        }
        if may_in(&s.user, account, Module::Projects, Op::View) {
            self.projects_waiting(s, account, locale, &today, &mut w)
                .await?;
        }
        w.items.sort_by(|a, b| {
            let key = |i: &WaitingItem| (!i.overdue, i.by.clone().unwrap_or(today.clone()));
            key(a).cmp(&key(b))
        });
        Ok(w)
    }

    /// The requests and flow steps waiting on the customer, on the projects the contact sees.
    async fn projects_waiting(
        &self,
        s: &SignedIn,
        account: &Account,
        locale: Locale,
        today: &str,
        w: &mut Waiting,
    ) -> CoreResult<()> {
        let projects = self
            .portal_projects(
                s,
                account,
                &ProjectQuery {
                    limit: 200,
                    ..Default::default()
                },
            )
            .await?;
        let titles: HashMap<ProjectId, String> =
            projects.iter().map(|p| (p.id, p.title.clone())).collect();
        let mut waiting_projects = std::collections::HashSet::new();
        let requests = self
            .store
            .open_requests(s.user.tenant_id, account.customer.id, EACH)
            .await?;
        for r in requests {
            let Some(title) = titles.get(&r.project_id) else {
                continue;
            };
            waiting_projects.insert(r.project_id);
            w.items.push(WaitingItem {
                overdue: r.due_on.as_deref().is_some_and(|d| d < today),
                by: r.due_on,
                what: Awaited::Request {
                    project: r.project_id,
                    project_title: title.clone(),
                    title: r.title,
                },
            });
        }
        let ids: Vec<ProjectId> = projects.iter().map(|p| p.id).collect();
        for (project, step) in self
            .steps_waiting_on_customer(s.user.tenant_id, &ids, locale)
            .await?
        {
            waiting_projects.insert(project);
            w.items.push(WaitingItem {
                overdue: false,
                by: None,
                what: Awaited::Step {
                    project,
                    project_title: titles.get(&project).cloned().unwrap_or_default(),
                    step,
                },
            });
        }
        w.projects = waiting_projects.len();
        Ok(())
    }
}
