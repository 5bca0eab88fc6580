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

    /// Every action from every step of many generated flows: a project only ever lands on a
    /// sub-status of its flow, and only through a configured transition with its required
    /// fields filled (a small exhaustive property check, no extra dependency).
    #[test]
    fn no_action_leads_outside_the_flow() {
        let keys = ["a", "b", "c", "d"];
        for seed in 0u32..512 {
            let steps: Vec<Step> = keys
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let mut transitions = BTreeMap::new();
                    for (j, a) in FlowAction::ALL.iter().enumerate() {
                        let bits = seed.rotate_left((i * 6 + j) as u32 % 32);
                        if bits & 1 == 1 {
                            transitions
                                .insert(*a, keys[(bits as usize >> 1) % keys.len()].to_string());
                        }
                    }
                    let mut fields = BTreeMap::new();
                    if (seed >> i) & 1 == 1 {
                        fields.insert("f".to_string(), FieldUse::Required);
                    }
                    Step {
                        key: k.to_string(),
                        fields,
                        transitions,
                    }
                })
                .collect();
            let flow = Flow { steps };
            for step in &flow.steps {
                for action in FlowAction::ALL {
                    for filled in [false, true] {
                        let v = if filled {
                            values(&[("f", "1")])
                        } else {
                            values(&[])
                        };
                        let v = if step.fields.contains_key("f") {
                            v
                        } else {
                            values(&[])
                        };
                        match flow.apply(&step.key, &step.key, action, &v, &values(&[])) {
                            Ok(to) => {
                                assert!(flow.step(&to).is_some());
                                assert_eq!(step.transitions.get(&action), Some(&to));
                                if step.fields.contains_key("f") {
                                    assert!(filled, "a required field always blocks");
                                }
                            }
                            Err(FlowError::NotAllowed) => {
                                assert!(!step.transitions.contains_key(&action))
                            }
                            Err(FlowError::Missing(m)) => {
                                assert_eq!(m, vec!["f".to_string()]);
                                assert!(!filled);
                            }
                            Err(e) => panic!("unexpected {e:?}"),
                        }
                    }
                }
            }
        }
    }
}
