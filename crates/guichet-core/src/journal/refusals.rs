//! Refusals in the journal: a signed-in person refused by the core (403) or sending a form
//! without its CSRF token. Someone hammering a forbidden page must not grow the journal
//! without bound: at most one entry per person and kind of refusal a minute (per instance);
//! the refusals left out meanwhile are counted in the next entry's detail (`(+N)`).
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use guichet_domain::{User, UserId};

use super::Event;
use crate::error::CoreResult;
use crate::{Client, Portal};

/// How often one person's refusals of one kind are journaled at most.
const WINDOW: Duration = Duration::from_secs(60);
/// Windows kept at most; past it, those over are dropped (with their counts).
const MAX_WINDOWS: usize = 10_000;

/// What was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// The core said no (403): the person lacks the right.
    Forbidden,
    /// A write without the session's CSRF token.
    Csrf,
}

impl Refusal {
    fn action(self) -> &'static str {
        match self {
            Refusal::Forbidden => "access.refused",
            Refusal::Csrf => "csrf.refused",
        }
    }
}

/// One person's current window for one kind: when its entry was written, and how many
/// refusals were left out since.
struct Window {
    started: Instant,
    left_out: u64,
}

/// Decides which refusals are journaled.
#[derive(Default)]
pub(crate) struct RefusalGate {
    windows: Mutex<HashMap<(UserId, Refusal), Window>>,
}

impl RefusalGate {
    /// `Some(left out before)` when this refusal is to be journaled, None when it is only
    /// counted.
    fn admit(&self, who: UserId, kind: Refusal, now: Instant) -> Option<u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() >= MAX_WINDOWS {
            windows.retain(|_, w| now.duration_since(w.started) < WINDOW);
        }
        match windows.get_mut(&(who, kind)) {
            Some(w) if now.duration_since(w.started) < WINDOW => {
                w.left_out += 1;
                None
            }
            Some(w) => {
                let before = w.left_out;
                *w = Window {
                    started: now,
                    left_out: 0,
                };
                Some(before)
            }
            None => {
                windows.insert(
                    (who, kind),
                    Window {
                        started: now,
                        left_out: 0,
                    },
                );
                Some(0)
            }
        }
    }
}

impl Portal {
    /// Journals that `user` was refused on `route` (a route template such as
    /// `POST /staff/projects/{id}`, never a concrete path: paths may hold tokens), unless one
    /// such entry was written for them in the last minute.
    pub async fn record_refusal(
        &self,
        user: &User,
        client: &Client,
        kind: Refusal,
        route: &str,
    ) -> CoreResult<()> {
        let Some(left_out) = self.refusals.admit(user.id, kind, Instant::now()) else {
            return Ok(());
        };
        let detail = match left_out {
            0 => route.to_string(),
            n => format!("{route} (+{n})"),
        };
        self.record(
            user,
            client,
            Event {
                action: kind.action(),
                object_kind: "person",
                object_id: user.id.0,
                customer: None,
                project: None,
                detail,
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_a_minute_per_person_and_kind_the_rest_counted() {
        let gate = RefusalGate::default();
        let (lea, max) = (UserId::new(), UserId::new());
        let t0 = Instant::now();
        assert_eq!(gate.admit(lea, Refusal::Forbidden, t0), Some(0));
        for _ in 0..5 {
            assert_eq!(gate.admit(lea, Refusal::Forbidden, t0), None);
        }
        assert_eq!(gate.admit(lea, Refusal::Csrf, t0), Some(0), "another kind");
        assert_eq!(
            gate.admit(max, Refusal::Forbidden, t0),
            Some(0),
            "another person"
        );
        let later = t0 + WINDOW;
        assert_eq!(gate.admit(lea, Refusal::Forbidden, later), Some(5));
        assert_eq!(gate.admit(lea, Refusal::Forbidden, later), None);
    }
}
