//! Staff's desk: what waits on the provider across its customers — projects at steps staff
//! move on, quote requests to answer, orders received, transfer proofs to check.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;
use crate::flows::queues::{ProjectFilter, ProjectList, WaitingOn};

/// One queue of the desk: its first lines and how many wait in all (at most what its list
/// page reads).
#[derive(Clone, Debug)]
pub struct Queue<T> {
    pub first: Vec<T>,
    pub count: usize,
    /// More than `count` may wait (the list page shows the most recent ones).
    pub more: bool,
}

impl<T> Queue<T> {
    fn of(all: Vec<T>, shown: usize, more: bool) -> Queue<T> {
        let count = all.len();
        Queue {
            first: all.into_iter().take(shown).collect(),
            count,
            more,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Desk {
    /// Open projects standing at a step staff move on, most recently changed first.
    pub projects: Queue<crate::flows::queues::ListedProject>,
    /// Of those, how many have the reader on their team.
    pub mine: usize,
    /// Quotes customers asked for, not sent yet.
    pub quote_requests: Queue<Quote>,
    /// Orders that reached the provider and wait to be prepared.
    pub orders: Queue<Order>,
    /// Proofs of transfer waiting for a decision.
    pub proofs: Queue<TransferProof>,
}

/// Lines shown per queue.
pub const SHOWN: usize = 5;

impl Portal {
    /// Staff: the desk (`/staff`).
    pub async fn staff_desk(&self, actor: &User) -> CoreResult<Desk> {
        let waiting = ProjectFilter {
            waiting_on: Some(WaitingOn::Staff),
            ..Default::default()
        };
        let ProjectList { projects, more } = self.staff_projects(actor, &waiting).await?;
        let mine = self
            .staff_projects(
                actor,
                &ProjectFilter {
                    mine: true,
                    ..waiting
                },
            )
            .await?
            .projects
            .len();
        let requests: Vec<Quote> = self
            .staff_quotes(actor, Some(QuoteStatus::Draft), None)
            .await?
            .into_iter()
            .filter(|q| q.requested_by.is_some())
            .collect();
        let orders = self
            .staff_orders(actor, false, Some(OrderStatus::Received), "")
            .await?;
        let proofs = self.pending_transfer_proofs(actor).await?;
        Ok(Desk {
            projects: Queue::of(projects, SHOWN, more),
            mine,
            quote_requests: Queue::of(requests, SHOWN, false),
            orders: Queue::of(orders, SHOWN, false),
            proofs: Queue::of(proofs, SHOWN, false),
        })
    }
}
