//! A flow type's definition: its statuses and sub-statuses, fields and terms; what is wrong
//! with one (for the staff editor); the state machine it hands the engine.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FieldDef, FieldKind, PageField, PageKind, Public, TermsDef, Texts};
use crate::{FieldUse, Flow, FlowAction, Step};

/// A sub-status: one step of the flow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubStatus {
    pub key: String,
    /// The name staff use.
    pub internal: String,
    pub public: Public,
    #[serde(default)]
    pub page: PageKind,
    /// The page's own text (instructions; the closing text of a finalisation).
    #[serde(default)]
    pub text: Texts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<PageField>,
    /// Terms to accept before going on from this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<String>,
    /// Action code → key of the sub-status it leads to.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub transitions: BTreeMap<String, String>,
    /// Email the project's team (or the provider's managers) when a project arrives here.
    #[serde(default)]
    pub notify_staff: bool,
    /// Email the customer's contacts on the project when it arrives here.
    #[serde(default)]
    pub notify_customer: bool,
}

impl SubStatus {
    pub fn transition(&self, action: FlowAction) -> Option<&str> {
        self.transitions.get(action.code()).map(|s| s.as_str())
    }
    pub fn usage(&self, field: &str) -> Option<FieldUse> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.usage)
    }
}

/// A status: a group of sub-statuses, shown to customers as one stage of their project.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowStatus {
    pub key: String,
    pub internal: String,
    pub public: Public,
    pub steps: Vec<SubStatus>,
}

/// Everything a flow type configures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowDef {
    pub statuses: Vec<FlowStatus>,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub terms: Vec<TermsDef>,
}

/// A problem in a flow definition, for the staff editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefProblem {
    Empty,
    BadKey(String),
    DuplicateKey(String),
    MissingName(String),
    UnknownTarget {
        step: String,
        target: String,
    },
    UnknownAction {
        step: String,
        action: String,
    },
    /// The page does not offer this action (an offer page cannot "submit a drawing").
    ActionNotOnPage {
        step: String,
        action: String,
    },
    UnknownField {
        step: String,
        field: String,
    },
    UnknownTerms {
        step: String,
        terms: String,
    },
    NoChoices(String),
    NoTermsVersion(String),
}

impl std::fmt::Display for DefProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DefProblem::Empty => write!(f, "the flow needs at least one status with a sub-status"),
            DefProblem::BadKey(k) => write!(
                f,
                "key {k:?}: use lowercase letters, digits and underscores (1 to 40)"
            ),
            DefProblem::DuplicateKey(k) => write!(f, "key {k:?} is used twice"),
            DefProblem::MissingName(k) => {
                write!(f, "{k}: a public name in French or English is required")
            }
            DefProblem::UnknownTarget { step, target } => {
                write!(
                    f,
                    "{step}: leads to {target:?}, which is not a sub-status of this flow"
                )
            }
            DefProblem::UnknownAction { step, action } => {
                write!(f, "{step}: {action:?} is not a customer action")
            }
            DefProblem::ActionNotOnPage { step, action } => {
                write!(f, "{step}: its page does not offer the action {action:?}")
            }
            DefProblem::UnknownField { step, field } => {
                write!(f, "{step}: field {field:?} is not defined")
            }
            DefProblem::UnknownTerms { step, terms } => {
                write!(f, "{step}: terms {terms:?} are not defined")
            }
            DefProblem::NoChoices(k) => write!(f, "field {k:?}: a choice field needs choices"),
            DefProblem::NoTermsVersion(k) => write!(f, "terms {k:?}: no text"),
        }
    }
}

fn key_ok(k: &str) -> bool {
    (1..=40).contains(&k.len())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl FlowDef {
    /// Every sub-status, in order, with its status.
    pub fn steps(&self) -> impl Iterator<Item = (&FlowStatus, &SubStatus)> {
        self.statuses
            .iter()
            .flat_map(|s| s.steps.iter().map(move |x| (s, x)))
    }
    pub fn step(&self, key: &str) -> Option<(&FlowStatus, &SubStatus)> {
        self.steps().find(|(_, s)| s.key == key)
    }
    /// Where a newly attached project starts.
    pub fn first_step(&self) -> Option<&SubStatus> {
        self.steps().next().map(|(_, s)| s)
    }
    pub fn field(&self, key: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.key == key)
    }
    pub fn terms(&self, key: &str) -> Option<&TermsDef> {
        self.terms.iter().find(|t| t.key == key)
    }

    /// The state machine: sub-statuses with their fields and transitions.
    pub fn engine(&self) -> Flow {
        Flow {
            steps: self
                .steps()
                .map(|(_, s)| Step {
                    key: s.key.clone(),
                    fields: s
                        .fields
                        .iter()
                        .map(|f| (f.field.clone(), f.usage))
                        .collect(),
                    transitions: s
                        .transitions
                        .iter()
                        .filter_map(|(a, t)| FlowAction::parse(a).map(|a| (a, t.clone())))
                        .collect(),
                })
                .collect(),
        }
    }

    /// What is wrong with the definition (nothing: it may be saved).
    pub fn check(&self) -> Vec<DefProblem> {
        let mut out = Vec::new();
        if self.steps().next().is_none() {
            out.push(DefProblem::Empty);
        }
        let mut seen = std::collections::BTreeSet::new();
        let mut key = |k: &str, out: &mut Vec<DefProblem>| {
            if !key_ok(k) {
                out.push(DefProblem::BadKey(k.into()));
            } else if !seen.insert(k.to_string()) {
                out.push(DefProblem::DuplicateKey(k.into()));
            }
        };
        for st in &self.statuses {
            key(&st.key, &mut out);
            if st.public.name.fr.trim().is_empty() && st.public.name.en.trim().is_empty() {
                out.push(DefProblem::MissingName(st.key.clone()));
            }
            for s in &st.steps {
                key(&s.key, &mut out);
                if s.public.name.fr.trim().is_empty() && s.public.name.en.trim().is_empty() {
                    out.push(DefProblem::MissingName(s.key.clone()));
                }
            }
        }
        let mut field_keys = std::collections::BTreeSet::new();
        for f in &self.fields {
            if !key_ok(&f.key) {
                out.push(DefProblem::BadKey(f.key.clone()));
            } else if !field_keys.insert(f.key.clone()) {
                out.push(DefProblem::DuplicateKey(f.key.clone()));
            }
            if f.kind == FieldKind::Choice && f.choices.is_empty() {
                out.push(DefProblem::NoChoices(f.key.clone()));
            }
        }
        for t in &self.terms {
            if t.versions.is_empty() {
                out.push(DefProblem::NoTermsVersion(t.key.clone()));
            }
        }
        for (_, s) in self.steps() {
            for (action, target) in &s.transitions {
                match FlowAction::parse(action) {
                    None => out.push(DefProblem::UnknownAction {
                        step: s.key.clone(),
                        action: action.clone(),
                    }),
                    Some(a) if a != FlowAction::TermsAccepted && !s.page.actions().contains(&a) => {
                        out.push(DefProblem::ActionNotOnPage {
                            step: s.key.clone(),
                            action: action.clone(),
                        })
                    }
                    Some(FlowAction::TermsAccepted) if s.terms.is_none() => {
                        out.push(DefProblem::ActionNotOnPage {
                            step: s.key.clone(),
                            action: action.clone(),
                        })
                    }
                    _ => {}
                }
                if self.step(target).is_none() {
                    out.push(DefProblem::UnknownTarget {
                        step: s.key.clone(),
                        target: target.clone(),
                    });
                }
            }
            for f in &s.fields {
                if self.field(&f.field).is_none() {
                    out.push(DefProblem::UnknownField {
                        step: s.key.clone(),
                        field: f.field.clone(),
                    });
                }
            }
            if let Some(t) = &s.terms
                && self.terms(t).is_none()
            {
                out.push(DefProblem::UnknownTerms {
                    step: s.key.clone(),
                    terms: t.clone(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::def;
    use super::*;

    #[test]
    fn definitions_are_checked() {
        let d = def();
        assert_eq!(d.check(), vec![]);
        assert_eq!(d.engine().check(), vec![]);
        let mut bad = def();
        bad.statuses[0].steps[2]
            .transitions
            .insert("offer_accepted".into(), "nowhere".into());
        bad.statuses[0].steps[0]
            .transitions
            .insert("jump".into(), "done".into());
        bad.statuses[0].steps[1].key = "doc".into();
        bad.statuses[0].steps[3].fields.push(PageField {
            field: "ghost".into(),
            usage: FieldUse::Required,
        });
        let p = bad.check();
        assert!(p.contains(&DefProblem::DuplicateKey("doc".into())), "{p:?}");
        assert!(p.contains(&DefProblem::UnknownAction {
            step: "doc".into(),
            action: "jump".into()
        }));
        assert!(p.contains(&DefProblem::ActionNotOnPage {
            step: "done".into(),
            action: "offer_accepted".into()
        }));
        assert!(p.contains(&DefProblem::UnknownTarget {
            step: "done".into(),
            target: "nowhere".into()
        }));
        assert!(p.contains(&DefProblem::UnknownField {
            step: "failed".into(),
            field: "ghost".into()
        }));
    }
}
