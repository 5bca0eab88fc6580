//! The flow editor's changes: each checked here and refused with a reason code (the pages
//! translate it), so the rules live with the definition they keep sound.
use super::{
    Choice, FieldDef, FieldKind, FlowDef, FlowStatus, Public, SubStatus, TermsDef, TermsVersion,
    Texts,
};

/// One change staff make from the flow editor's forms (the JSON form replaces the whole
/// definition instead).
#[derive(Clone, Debug, PartialEq)]
pub enum FlowChange {
    /// The sub-status as edited; its key names the one it replaces.
    SaveStep(SubStatus),
    /// A new sub-status at the end of the status `status`, named `internal` (its public
    /// name too, in French, until staff write better).
    AddStep {
        status: String,
        internal: String,
    },
    /// Takes the sub-status out (projects there move where the edit says).
    RemoveStep(String),
    /// A new field: its type (`None`: one the form did not offer), label and help, and for a
    /// choice field its choices as (French, English) labels.
    AddField {
        kind: Option<FieldKind>,
        label: Texts,
        help: Texts,
        choices: Vec<(String, String)>,
    },
    AddStatus {
        internal: String,
    },
    SaveStatus {
        key: String,
        internal: String,
        public: Public,
    },
    /// Takes out a status that holds no sub-status.
    RemoveStatus(String),
    /// One place up or down; a sub-status past the edge of its status goes to the next one.
    MoveStep {
        key: String,
        up: bool,
    },
    MoveStatus {
        key: String,
        up: bool,
    },
    /// New terms, with their first text.
    AddTerms(TermsVersion),
    /// A new text for the terms `key` (published as a new version when saved).
    SaveTerms {
        key: String,
        text: TermsVersion,
    },
}

/// Why a change cannot be made (each has its message in the catalogs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditProblem {
    /// What the change names is not in the flow.
    NotFound,
    /// A choice the form does not offer (a status, a field type).
    Invalid,
    StepNameRequired,
    StatusNameRequired,
    FieldLabelRequired,
    TermsTextRequired,
    /// A status is removed only once its sub-statuses are gone.
    StatusNotEmpty,
    /// Already first or last.
    CannotMove,
}

impl FlowDef {
    /// Makes `change`, or says why not (then nothing changed). Returns the key of what it
    /// created (a sub-status, a status, terms), if anything.
    pub fn edit(&mut self, change: FlowChange) -> Result<Option<String>, EditProblem> {
        match change {
            FlowChange::SaveStep(step) => {
                if step.internal.trim().is_empty() {
                    return Err(EditProblem::StepNameRequired);
                }
                let old = self.step_mut(&step.key).ok_or(EditProblem::NotFound)?;
                *old = step;
                Ok(None)
            }
            FlowChange::AddStep { status, internal } => {
                let internal = internal.trim();
                if internal.is_empty() {
                    return Err(EditProblem::StepNameRequired);
                }
                let key = self.new_key(internal);
                let st = self
                    .statuses
                    .iter_mut()
                    .find(|x| x.key == status)
                    .ok_or(EditProblem::Invalid)?;
                st.steps.push(SubStatus {
                    key: key.clone(),
                    internal: internal.to_string(),
                    public: Public {
                        name: Texts::new(internal, ""),
                        description: Texts::default(),
                    },
                    ..Default::default()
                });
                Ok(Some(key))
            }
            FlowChange::RemoveStep(key) => {
                self.remove_step(&key).ok_or(EditProblem::NotFound)?;
                Ok(None)
            }
            FlowChange::AddField {
                kind,
                label,
                help,
                choices,
            } => {
                let kind = kind.ok_or(EditProblem::Invalid)?;
                if label.fr.is_empty() && label.en.is_empty() {
                    return Err(EditProblem::FieldLabelRequired);
                }
                let key = self.new_key(either(&label));
                let mut made: Vec<Choice> = Vec::new();
                for (fr, en) in &choices {
                    let mut k = FlowDef::default().new_key(if en.is_empty() { fr } else { en });
                    while made.iter().any(|c| c.key == k) {
                        k.push('_');
                    }
                    made.push(Choice {
                        key: k,
                        label: Texts::new(fr, en),
                    });
                }
                self.fields.push(FieldDef {
                    key: key.clone(),
                    kind,
                    label,
                    help,
                    choices: made,
                });
                Ok(Some(key))
            }
            FlowChange::AddStatus { internal } => {
                let internal = internal.trim();
                if internal.is_empty() {
                    return Err(EditProblem::StatusNameRequired);
                }
                let key = self.new_key(internal);
                self.statuses.push(FlowStatus {
                    key: key.clone(),
                    internal: internal.to_string(),
                    public: Public {
                        name: Texts::new(internal, ""),
                        description: Texts::default(),
                    },
                    steps: vec![],
                });
                Ok(Some(key))
            }
            FlowChange::SaveStatus {
                key,
                internal,
                public,
            } => {
                if internal.trim().is_empty() {
                    return Err(EditProblem::StatusNameRequired);
                }
                let st = self
                    .statuses
                    .iter_mut()
                    .find(|x| x.key == key)
                    .ok_or(EditProblem::NotFound)?;
                st.internal = internal.trim().to_string();
                st.public = public;
                Ok(None)
            }
            FlowChange::RemoveStatus(key) => {
                let i = self
                    .statuses
                    .iter()
                    .position(|x| x.key == key)
                    .ok_or(EditProblem::NotFound)?;
                if !self.statuses[i].steps.is_empty() {
                    return Err(EditProblem::StatusNotEmpty);
                }
                self.statuses.remove(i);
                Ok(None)
            }
            FlowChange::MoveStep { key, up } => match self.move_step(&key, up) {
                true => Ok(None),
                false => Err(EditProblem::CannotMove),
            },
            FlowChange::MoveStatus { key, up } => match self.move_status(&key, up) {
                true => Ok(None),
                false => Err(EditProblem::CannotMove),
            },
            FlowChange::AddTerms(text) => {
                if text.text.fr.is_empty() && text.text.en.is_empty() {
                    return Err(EditProblem::TermsTextRequired);
                }
                let key = self.new_key(either(&text.title));
                self.terms.push(TermsDef {
                    key: key.clone(),
                    versions: vec![text],
                });
                Ok(Some(key))
            }
            FlowChange::SaveTerms { key, text } => {
                if text.text.fr.is_empty() && text.text.en.is_empty() {
                    return Err(EditProblem::TermsTextRequired);
                }
                let t = self
                    .terms
                    .iter_mut()
                    .find(|t| t.key == key)
                    .ok_or(EditProblem::NotFound)?;
                // The last version is replaced by the edited text; saving publishes it as a
                // new version and keeps every earlier one (`version_terms`).
                match t.versions.last_mut() {
                    Some(last) => *last = text,
                    None => t.versions.push(text),
                }
                Ok(None)
            }
        }
    }
}

/// The English text, else the French one (keys are made from it).
fn either(t: &Texts) -> &str {
    if t.en.is_empty() { &t.fr } else { &t.en }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::def;
    use super::*;
    use crate::Millis;

    fn text(fr: &str) -> TermsVersion {
        TermsVersion {
            version: 0,
            title: Texts::new("Conditions", ""),
            text: Texts::new(fr, ""),
            published_at: Millis(0),
        }
    }

    #[test]
    fn editor_changes_are_checked_and_refused_with_a_reason() {
        let mut d = def();
        let before = d.clone();
        for (change, problem) in [
            (
                FlowChange::AddStep {
                    status: "s".into(),
                    internal: "  ".into(),
                },
                EditProblem::StepNameRequired,
            ),
            (
                FlowChange::AddStep {
                    status: "ghost".into(),
                    internal: "Visite".into(),
                },
                EditProblem::Invalid,
            ),
            (
                FlowChange::RemoveStep("ghost".into()),
                EditProblem::NotFound,
            ),
            (
                FlowChange::AddField {
                    kind: None,
                    label: Texts::new("Aire", ""),
                    help: Texts::default(),
                    choices: vec![],
                },
                EditProblem::Invalid,
            ),
            (
                FlowChange::AddField {
                    kind: Some(FieldKind::Text),
                    label: Texts::default(),
                    help: Texts::default(),
                    choices: vec![],
                },
                EditProblem::FieldLabelRequired,
            ),
            (
                FlowChange::AddStatus {
                    internal: String::new(),
                },
                EditProblem::StatusNameRequired,
            ),
            (
                FlowChange::RemoveStatus("s".into()),
                EditProblem::StatusNotEmpty,
            ),
            (
                FlowChange::MoveStatus {
                    key: "s".into(),
                    up: true,
                },
                EditProblem::CannotMove,
            ),
            (
                FlowChange::AddTerms(text("")),
                EditProblem::TermsTextRequired,
            ),
            (
                FlowChange::SaveTerms {
                    key: "ghost".into(),
                    text: text("x"),
                },
                EditProblem::NotFound,
            ),
            (
                FlowChange::SaveStep(SubStatus {
                    key: "ghost".into(),
                    internal: "Ghost".into(),
                    ..Default::default()
                }),
                EditProblem::NotFound,
            ),
        ] {
            assert_eq!(d.edit(change.clone()), Err(problem), "{change:?}");
            assert_eq!(d, before, "a refused change changes nothing: {change:?}");
        }
    }

    #[test]
    fn editor_changes_make_what_they_say() {
        let mut d = def();
        let step = d.edit(FlowChange::AddStep {
            status: "s".into(),
            internal: "Visite à faire".into(),
        });
        assert_eq!(step, Ok(Some("visite_a_faire".into())));
        assert_eq!(
            d.step("visite_a_faire").map(|(st, _)| st.key.as_str()),
            Some("s")
        );
        let field = d.edit(FlowChange::AddField {
            kind: Some(FieldKind::Choice),
            label: Texts::new("Orientation", "Facing"),
            help: Texts::default(),
            choices: vec![
                ("Sud".into(), "South".into()),
                ("Plein sud".into(), "South".into()),
            ],
        });
        assert_eq!(field, Ok(Some("facing".into())));
        let keys: Vec<_> = d.fields[0].choices.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["south", "south_"]);
        let terms = d.edit(FlowChange::AddTerms(text("Une")));
        assert_eq!(terms, Ok(Some("conditions".into())));
        d.edit(FlowChange::SaveTerms {
            key: "conditions".into(),
            text: text("Deux"),
        })
        .unwrap();
        assert_eq!(d.terms[0].versions.len(), 1, "versions are made when saved");
        assert_eq!(d.terms[0].versions[0].text.fr, "Deux");
        let status = d.edit(FlowChange::AddStatus {
            internal: "Fin".into(),
        });
        assert_eq!(status, Ok(Some("fin".into())));
        d.edit(FlowChange::RemoveStatus("fin".into())).unwrap();
        d.edit(FlowChange::RemoveStep("visite_a_faire".into()))
            .unwrap();
        assert_eq!(d.check(), vec![]);
    }
}
