//! Where a project stands in its flow, and its progress as customers see it.
use std::collections::BTreeMap;

use super::{FlowDef, PageKind, SubStatus, Visit};
use crate::{FlowId, Millis, ProjectId, TenantId};

/// Where a project stands in its flow.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectFlow {
    pub project_id: ProjectId,
    pub tenant_id: TenantId,
    pub flow_id: FlowId,
    /// Key of the current sub-status.
    pub step: String,
    /// Field key → value (file fields: the document's id).
    pub values: BTreeMap<String, String>,
    pub visit: Option<Visit>,
    /// Bumped by each change (a change made on an older revision is refused).
    pub revision: i64,
    /// When the project arrived at its current sub-status.
    pub entered_at: Millis,
    pub updated_at: Millis,
    /// The sub-statuses it went through, in order (the current one last).
    pub visited: Vec<String>,
}

impl ProjectFlow {
    /// Moves to `step` (recorded in `visited`).
    pub fn arrive(&mut self, step: &str, now: Millis) {
        self.step = step.to_string();
        self.entered_at = now;
        self.visited.push(step.to_string());
    }

    /// Steps done (those it went through), the current one, those ahead (not yet reached;
    /// a "finalisation failed" step is only shown when the project is there or went there).
    pub fn progress<'a>(&self, def: &'a FlowDef) -> Progress<'a> {
        let mut p = Progress {
            done: vec![],
            current: None,
            ahead: vec![],
        };
        for (_, s) in def.steps() {
            if s.key == self.step {
                p.current = Some(s);
            } else if self.visited.contains(&s.key) {
                p.done.push(s);
            } else if s.page != PageKind::Failed {
                p.ahead.push(s);
            }
        }
        p
    }
}

/// A project's place in its flow, for the progress view.
#[derive(Debug)]
pub struct Progress<'a> {
    pub done: Vec<&'a SubStatus>,
    pub current: Option<&'a SubStatus>,
    pub ahead: Vec<&'a SubStatus>,
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::def;
    use super::*;

    #[test]
    fn progress_and_removed_steps() {
        let d = def();
        let pf = ProjectFlow {
            project_id: ProjectId::new(),
            tenant_id: TenantId::new(),
            flow_id: FlowId::new(),
            step: "offer".into(),
            values: BTreeMap::new(),
            visit: None,
            revision: 1,
            entered_at: Millis(0),
            updated_at: Millis(0),
            visited: vec!["doc".into(), "offer".into()],
        };
        let p = pf.progress(&d);
        assert_eq!(p.done.len(), 1);
        assert_eq!(p.current.unwrap().key, "offer");
        assert_eq!(p.ahead.len(), 1, "the failed ending is not announced");
        let mut failed = pf.clone();
        failed.arrive("failed", Millis(5));
        let p = failed.progress(&d);
        assert_eq!(p.current.unwrap().key, "failed");
        assert_eq!(p.done.len(), 2, "only what it went through is done");
        assert_eq!(
            p.ahead.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(),
            vec!["done"]
        );
        let mut next = d.clone();
        next.statuses[0].steps.remove(1);
        assert_eq!(d.removed_in(&next), vec!["offer".to_string()]);
    }
}
