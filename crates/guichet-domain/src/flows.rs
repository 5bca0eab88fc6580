//! Pipelines (issue 5): a provider's flow types — ordered statuses, each with ordered
//! sub-statuses — and the state machine that moves a project through them when its customer
//! acts. No I/O here: the engine decides, the store records.
use std::collections::BTreeMap;

/// What a customer does on the page of the sub-status their project is at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowAction {
    DocumentationSubmitted,
    DrawingSubmitted,
    OfferAccepted,
    OfferRefused,
    TermsAccepted,
    ReactivationRequested,
}

impl FlowAction {
    pub const ALL: [FlowAction; 6] = [
        FlowAction::DocumentationSubmitted,
        FlowAction::DrawingSubmitted,
        FlowAction::OfferAccepted,
        FlowAction::OfferRefused,
        FlowAction::TermsAccepted,
        FlowAction::ReactivationRequested,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FlowAction::DocumentationSubmitted => "documentation_submitted",
            FlowAction::DrawingSubmitted => "drawing_submitted",
            FlowAction::OfferAccepted => "offer_accepted",
            FlowAction::OfferRefused => "offer_refused",
            FlowAction::TermsAccepted => "terms_accepted",
            FlowAction::ReactivationRequested => "reactivation_requested",
        }
    }
    pub fn parse(s: &str) -> Option<FlowAction> {
        FlowAction::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// How a page shows one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldUse {
    Required,
    Optional,
    ReadOnly,
}

/// One sub-status as the engine needs it: its key, the fields its page shows, and where each
/// customer action leads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub key: String,
    /// Field key → how this step's page shows it.
    pub fields: BTreeMap<String, FieldUse>,
    /// Action → the key of the sub-status it moves the project to.
    pub transitions: BTreeMap<FlowAction, String>,
}

/// A flow type's sub-statuses, in order (statuses group them for display only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    pub steps: Vec<Step>,
}

/// Why an action does not move the project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowError {
    /// The project is not at the step the customer acted on (a stale page, a forged form).
    NotCurrent,
    /// This step has no transition for this action.
    NotAllowed,
    /// Required fields left empty, by key.
    Missing(Vec<String>),
    /// A value sent for a field this step shows read-only (or does not show).
    ReadOnly(Vec<String>),
    /// The configuration names a sub-status that does not exist.
    UnknownStep(String),
}

impl Flow {
    pub fn step(&self, key: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.key == key)
    }

    /// Problems of the configuration itself: transitions to missing sub-statuses, duplicate keys.
    pub fn check(&self) -> Vec<FlowError> {
        let mut out = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            if self.steps[..i].iter().any(|t| t.key == s.key) {
                out.push(FlowError::UnknownStep(format!("duplicate {}", s.key)));
            }
            for to in s.transitions.values() {
                if self.step(to).is_none() {
                    out.push(FlowError::UnknownStep(to.clone()));
                }
            }
        }
        out
    }

    /// Where `action`, taken on the page of `acted_on` while the project is at `current`, with
    /// the field values `sent` (key → value; empty means not filled) over those already
    /// `stored`, moves the project. Nothing moves unless the project is at that step, the step
    /// allows the action, every required field is filled (now or before) and no read-only
    /// field is sent.
    pub fn apply(
        &self,
        current: &str,
        acted_on: &str,
        action: FlowAction,
        sent: &BTreeMap<String, String>,
        stored: &BTreeMap<String, String>,
    ) -> Result<String, FlowError> {
        if current != acted_on {
            return Err(FlowError::NotCurrent);
        }
        let step = self
            .step(current)
            .ok_or_else(|| FlowError::UnknownStep(current.to_string()))?;
        let to = step.transitions.get(&action).ok_or(FlowError::NotAllowed)?;
        let read_only: Vec<String> = sent
            .keys()
            .filter(|k| {
                !matches!(
                    step.fields.get(*k),
                    Some(FieldUse::Required | FieldUse::Optional)
                )
            })
            .cloned()
            .collect();
        if !read_only.is_empty() {
            return Err(FlowError::ReadOnly(read_only));
        }
        let missing: Vec<String> = step
            .fields
            .iter()
            .filter(|(k, u)| {
                **u == FieldUse::Required
                    && sent
                        .get(*k)
                        .or_else(|| stored.get(*k))
                        .is_none_or(|v| v.trim().is_empty())
            })
            .map(|(k, _)| k.clone())
            .collect();
        if !missing.is_empty() {
            return Err(FlowError::Missing(missing));
        }
        if self.step(to).is_none() {
            return Err(FlowError::UnknownStep(to.clone()));
        }
        Ok(to.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solar() -> Flow {
        let step = |key: &str, fields: &[(&str, FieldUse)], to: &[(FlowAction, &str)]| Step {
            key: key.into(),
            fields: fields.iter().map(|(k, u)| (k.to_string(), *u)).collect(),
            transitions: to.iter().map(|(a, t)| (*a, t.to_string())).collect(),
        };
        Flow {
            steps: vec![
                step(
                    "documentation",
                    &[
                        ("roof_area", FieldUse::Required),
                        ("notes", FieldUse::Optional),
                    ],
                    &[(FlowAction::DocumentationSubmitted, "offer")],
                ),
                step(
                    "offer",
                    &[("roof_area", FieldUse::ReadOnly)],
                    &[
                        (FlowAction::OfferAccepted, "done"),
                        (FlowAction::OfferRefused, "failed"),
                    ],
                ),
                step("done", &[], &[]),
                step(
                    "failed",
                    &[],
                    &[(FlowAction::ReactivationRequested, "documentation")],
                ),
            ],
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_complete_step_moves_on() {
        let f = solar();
        assert!(f.check().is_empty());
        let to = f.apply(
            "documentation",
            "documentation",
            FlowAction::DocumentationSubmitted,
            &values(&[("roof_area", "42")]),
            &values(&[]),
        );
        assert_eq!(to, Ok("offer".into()));
        assert_eq!(
            f.apply(
                "offer",
                "offer",
                FlowAction::OfferRefused,
                &values(&[]),
                &values(&[])
            ),
            Ok("failed".into())
        );
        assert_eq!(
            f.apply(
                "failed",
                "failed",
                FlowAction::ReactivationRequested,
                &values(&[]),
                &values(&[])
            ),
            Ok("documentation".into())
        );
    }

    #[test]
    fn required_fields_block_and_read_only_fields_are_refused() {
        let f = solar();
        let act = |v| {
            f.apply(
                "documentation",
                "documentation",
                FlowAction::DocumentationSubmitted,
                &v,
                &values(&[]),
            )
        };
        assert_eq!(
            act(values(&[("notes", "x"), ("roof_area", "  ")])),
            Err(FlowError::Missing(vec!["roof_area".into()]))
        );
        assert_eq!(
            f.apply(
                "offer",
                "offer",
                FlowAction::OfferAccepted,
                &values(&[("roof_area", "1")]),
                &values(&[])
            ),
            Err(FlowError::ReadOnly(vec!["roof_area".into()]))
        );
        assert_eq!(
            act(values(&[("roof_area", "1"), ("price", "0")])),
            Err(FlowError::ReadOnly(vec!["price".into()])),
            "a field the page does not show"
        );
    }

    #[test]
    fn values_given_before_count_as_filled() {
        let f = solar();
        let stored = values(&[("roof_area", "42")]);
        assert_eq!(
            f.apply(
                "documentation",
                "documentation",
                FlowAction::DocumentationSubmitted,
                &values(&[]),
                &stored
            ),
            Ok("offer".into())
        );
        assert_eq!(
            f.apply(
                "offer",
                "offer",
                FlowAction::OfferAccepted,
                &values(&[]),
                &stored
            ),
            Ok("done".into()),
            "a read-only value stored earlier does not block"
        );
        assert_eq!(
            f.apply(
                "documentation",
                "documentation",
                FlowAction::DocumentationSubmitted,
                &values(&[("roof_area", " ")]),
                &stored
            ),
            Err(FlowError::Missing(vec!["roof_area".into()])),
            "emptying a required field blocks"
        );
    }

    #[test]
    fn stale_or_forged_actions_move_nothing() {
        let f = solar();
        assert_eq!(
            f.apply(
                "offer",
                "documentation",
                FlowAction::DocumentationSubmitted,
                &values(&[("roof_area", "1")]),
                &values(&[])
            ),
            Err(FlowError::NotCurrent)
        );
        assert_eq!(
            f.apply(
                "done",
                "done",
                FlowAction::OfferAccepted,
                &values(&[]),
                &values(&[])
            ),
            Err(FlowError::NotAllowed)
        );
        assert_eq!(
            f.apply(
                "nowhere",
                "nowhere",
                FlowAction::OfferAccepted,
                &values(&[]),
                &values(&[])
            ),
            Err(FlowError::UnknownStep("nowhere".into()))
        );
    }

    #[test]
    fn the_configuration_is_checked() {
        let mut f = solar();
        f.steps[2]
            .transitions
            .insert(FlowAction::TermsAccepted, "missing".into());
        assert_eq!(f.check(), vec![FlowError::UnknownStep("missing".into())]);
    }
}

/// The engine's documented invariants, on generated flows (cycles and dangling targets
/// included) and generated sends.
#[cfg(test)]
mod properties {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;

    /// Step keys; `x` and `y` name no step, so transitions to them dangle.
    const STEPS: [&str; 5] = ["a", "b", "c", "d", "e"];
    const TARGETS: [&str; 7] = ["a", "b", "c", "d", "e", "x", "y"];
    /// Field keys; `g` is on no page.
    const FIELDS: [&str; 4] = ["f1", "f2", "f3", "g"];

    fn field_use() -> impl Strategy<Value = FieldUse> {
        prop::sample::select(vec![
            FieldUse::Required,
            FieldUse::Optional,
            FieldUse::ReadOnly,
        ])
    }

    fn step(key: &'static str) -> impl Strategy<Value = Step> {
        (
            prop::collection::btree_map(prop::sample::select(&FIELDS[..3]), field_use(), 0..3),
            prop::collection::btree_map(
                prop::sample::select(FlowAction::ALL.to_vec()),
                prop::sample::select(TARGETS.to_vec()),
                0..4,
            ),
        )
            .prop_map(move |(fields, transitions)| Step {
                key: key.to_string(),
                fields: fields
                    .into_iter()
                    .map(|(k, u)| (k.to_string(), u))
                    .collect(),
                transitions: transitions
                    .into_iter()
                    .map(|(a, t)| (a, t.to_string()))
                    .collect(),
            })
    }

    /// A flow of one to five steps; sometimes one takes the key of the first (a duplicate).
    fn flow() -> impl Strategy<Value = Flow> {
        (1..=STEPS.len())
            .prop_flat_map(|n| {
                (
                    STEPS[..n].iter().map(|k| step(k)).collect::<Vec<_>>(),
                    prop::option::weighted(0.1, 1..n.max(2)),
                )
            })
            .prop_map(|(mut steps, dup)| {
                if let Some(i) = dup.filter(|i| *i < steps.len()) {
                    steps[i].key = steps[0].key.clone();
                }
                Flow { steps }
            })
    }

    /// Field values as a page sends them or as stored: blank or not.
    fn values() -> impl Strategy<Value = BTreeMap<String, String>> {
        prop::collection::btree_map(
            prop::sample::select(FIELDS.to_vec()).prop_map(str::to_string),
            prop::sample::select(vec!["", " ", "42"]).prop_map(str::to_string),
            0..4,
        )
    }

    fn place() -> impl Strategy<Value = String> {
        prop::sample::select(TARGETS.to_vec()).prop_map(str::to_string)
    }

    fn editable(u: Option<&FieldUse>) -> bool {
        matches!(u, Some(FieldUse::Required | FieldUse::Optional))
    }

    fn filled(k: &str, sent: &BTreeMap<String, String>, stored: &BTreeMap<String, String>) -> bool {
        sent.get(k)
            .or_else(|| stored.get(k))
            .is_some_and(|v| !v.trim().is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        /// Nothing moves unless the project is at the step the page was shown for, the step
        /// offers the action, its required fields are filled (now or before), no read-only
        /// field is sent, and the step it leads to exists; when all that holds, it moves
        /// exactly where the step says.
        #[test]
        fn moves_only_as_the_flow_allows(
            flow in flow(),
            current in place(),
            acted_on in place(),
            action in prop::sample::select(FlowAction::ALL.to_vec()),
            sent in values(),
            stored in values(),
        ) {
            let result = flow.apply(&current, &acted_on, action, &sent, &stored);
            let step = flow.step(&current);
            let target = step.and_then(|s| s.transitions.get(&action));
            let read_only: Vec<String> = match step {
                Some(s) => sent.keys().filter(|k| !editable(s.fields.get(*k))).cloned().collect(),
                None => vec![],
            };
            let missing: Vec<String> = match step {
                Some(s) => s
                    .fields
                    .iter()
                    .filter(|(k, u)| **u == FieldUse::Required && !filled(k, &sent, &stored))
                    .map(|(k, _)| k.clone())
                    .collect(),
                None => vec![],
            };
            match &result {
                Ok(to) => {
                    prop_assert_eq!(&current, &acted_on, "moved from a stale page");
                    prop_assert_eq!(target, Some(to), "moved by an action the step does not offer");
                    prop_assert!(flow.step(to).is_some(), "moved outside the flow");
                    prop_assert!(read_only.is_empty(), "moved with a read-only field sent");
                    prop_assert!(missing.is_empty(), "moved with a required field empty");
                }
                Err(FlowError::NotCurrent) => prop_assert_ne!(&current, &acted_on),
                Err(FlowError::UnknownStep(k)) => prop_assert!(
                    (step.is_none() && *k == current)
                        || (target == Some(k) && flow.step(k).is_none()),
                    "{k} is a step of the flow"
                ),
                Err(FlowError::NotAllowed) => {
                    prop_assert!(step.is_some() && target.is_none());
                }
                Err(FlowError::ReadOnly(keys)) => {
                    prop_assert!(!keys.is_empty());
                    prop_assert_eq!(keys, &read_only);
                }
                Err(FlowError::Missing(keys)) => {
                    prop_assert!(!keys.is_empty());
                    prop_assert_eq!(keys, &missing);
                    prop_assert!(read_only.is_empty(), "a read-only field is refused first");
                }
            }
            let all_hold = current == acted_on
                && target.is_some_and(|t| flow.step(t).is_some())
                && read_only.is_empty()
                && missing.is_empty();
            prop_assert_eq!(result.is_ok(), all_hold, "{:?}", result);
        }

        /// The configuration check names every transition to a sub-status that does not
        /// exist and every duplicate key, and a flow it passes never leads outside itself.
        #[test]
        fn the_configuration_check_refuses_dangling_targets(
            flow in flow(),
            action in prop::sample::select(FlowAction::ALL.to_vec()),
        ) {
            let keys: BTreeSet<&str> = flow.steps.iter().map(|s| s.key.as_str()).collect();
            let dangling: BTreeSet<String> = flow
                .steps
                .iter()
                .flat_map(|s| s.transitions.values())
                .filter(|t| !keys.contains(t.as_str()))
                .cloned()
                .collect();
            let problems = flow.check();
            for t in &dangling {
                prop_assert!(problems.contains(&FlowError::UnknownStep(t.clone())), "{t} not reported");
            }
            let duplicates = keys.len() < flow.steps.len();
            prop_assert_eq!(problems.is_empty(), dangling.is_empty() && !duplicates);
            if problems.is_empty() {
                let none = BTreeMap::new();
                for s in &flow.steps {
                    // Everything required given: only the configuration could stop the move.
                    let all: BTreeMap<String, String> = s
                        .fields
                        .iter()
                        .filter(|(_, u)| editable(Some(u)))
                        .map(|(k, _)| (k.clone(), "42".to_string()))
                        .collect();
                    match flow.apply(&s.key, &s.key, action, &all, &none) {
                        Ok(to) => prop_assert!(flow.step(&to).is_some()),
                        Err(e) => prop_assert_eq!(e, FlowError::NotAllowed),
                    }
                }
            }
        }
    }
}
