//! A provider's flow types as staff configure them (statuses, sub-statuses, the page each
//! sub-status shows, typed fields, versioned terms, transitions), and where a project stands in
//! one. Stored as one JSON definition per flow type; `FlowDef::engine` hands the state machine
//! of `flows` what it needs.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{
    Email, FieldUse, Flow, FlowAction, FlowId, Locale, Millis, ProjectId, Step, TenantId, UserId,
    ValueError,
};

/// A text in both languages of the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    #[serde(default)]
    pub fr: String,
    #[serde(default)]
    pub en: String,
}

impl Texts {
    pub fn new(fr: &str, en: &str) -> Self {
        Texts {
            fr: fr.into(),
            en: en.into(),
        }
    }
    /// The text in `locale`, or the other language when that one is empty.
    pub fn get(&self, locale: Locale) -> &str {
        let (a, b) = match locale {
            Locale::Fr => (&self.fr, &self.en),
            Locale::En => (&self.en, &self.fr),
        };
        if a.trim().is_empty() { b } else { a }
    }
}

/// What customers see of a status or sub-status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Public {
    pub name: Texts,
    #[serde(default)]
    pub description: Texts,
}

/// The page a sub-status shows on the customer's project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// No page: the customer just sees the step.
    #[default]
    None,
    InitialDocumentation,
    OfferDocumentation,
    FinancingDocumentation,
    ContractDocumentation,
    InstallationDocumentation,
    Drawing,
    Offer,
    Visit,
    Contract,
    Success,
    Failed,
}

impl PageKind {
    pub const ALL: [PageKind; 12] = [
        PageKind::None,
        PageKind::InitialDocumentation,
        PageKind::OfferDocumentation,
        PageKind::FinancingDocumentation,
        PageKind::ContractDocumentation,
        PageKind::InstallationDocumentation,
        PageKind::Drawing,
        PageKind::Offer,
        PageKind::Visit,
        PageKind::Contract,
        PageKind::Success,
        PageKind::Failed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PageKind::None => "none",
            PageKind::InitialDocumentation => "initial_documentation",
            PageKind::OfferDocumentation => "offer_documentation",
            PageKind::FinancingDocumentation => "financing_documentation",
            PageKind::ContractDocumentation => "contract_documentation",
            PageKind::InstallationDocumentation => "installation_documentation",
            PageKind::Drawing => "drawing",
            PageKind::Offer => "offer",
            PageKind::Visit => "visit",
            PageKind::Contract => "contract",
            PageKind::Success => "success",
            PageKind::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    /// A page where the customer fills in fields and uploads files.
    pub fn is_documentation(self) -> bool {
        matches!(
            self,
            PageKind::InitialDocumentation
                | PageKind::OfferDocumentation
                | PageKind::FinancingDocumentation
                | PageKind::ContractDocumentation
                | PageKind::InstallationDocumentation
        )
    }
    /// The actions this page lets the customer take.
    pub fn actions(self) -> &'static [FlowAction] {
        match self {
            k if k.is_documentation() => &[FlowAction::DocumentationSubmitted],
            PageKind::Drawing => &[FlowAction::DrawingSubmitted],
            PageKind::Offer => &[FlowAction::OfferAccepted, FlowAction::OfferRefused],
            PageKind::Failed => &[FlowAction::ReactivationRequested],
            _ => &[],
        }
    }
}

/// The type of a dynamic field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    LongText,
    Number,
    Date,
    YesNo,
    Choice,
    Email,
    Phone,
    File,
}

impl FieldKind {
    pub const ALL: [FieldKind; 9] = [
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Number,
        FieldKind::Date,
        FieldKind::YesNo,
        FieldKind::Choice,
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::File,
    ];
    pub fn code(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::LongText => "long_text",
            FieldKind::Number => "number",
            FieldKind::Date => "date",
            FieldKind::YesNo => "yes_no",
            FieldKind::Choice => "choice",
            FieldKind::Email => "email",
            FieldKind::Phone => "phone",
            FieldKind::File => "file",
        }
    }
}

/// One option of a choice field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub label: Texts,
}

/// A typed field staff define on the projects of a flow type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    pub key: String,
    pub kind: FieldKind,
    pub label: Texts,
    /// Shown under the field.
    #[serde(default)]
    pub help: Texts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

impl FieldDef {
    /// The value to store for what a customer typed (trimmed, normalised), or why it is refused.
    /// An empty value is `Ok("")` (whether it may be empty is the page's business).
    pub fn check(&self, raw: &str) -> Result<String, ValueError> {
        let t = raw.trim();
        if t.is_empty() {
            return Ok(String::new());
        }
        let max = if self.kind == FieldKind::LongText {
            5000
        } else {
            300
        };
        if t.chars().count() > max {
            return Err(ValueError::TooLong);
        }
        match self.kind {
            FieldKind::Text | FieldKind::LongText | FieldKind::File => Ok(t.to_string()),
            FieldKind::Number => {
                let n: f64 = t
                    .replace([' ', '\u{a0}', '\u{202f}'], "")
                    .replace(',', ".")
                    .parse()
                    .map_err(|_| ValueError::Invalid)?;
                if !n.is_finite() {
                    return Err(ValueError::Invalid);
                }
                Ok(if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", n as i64)
                } else {
                    format!("{n}")
                })
            }
            FieldKind::Date => crate::date(t).map(|d| d.unwrap_or_default()),
            FieldKind::YesNo => match t {
                "yes" | "no" => Ok(t.to_string()),
                _ => Err(ValueError::Invalid),
            },
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|c| c.key == t)
                .map(|c| c.key.clone())
                .ok_or(ValueError::Invalid),
            FieldKind::Email => Email::parse(t).map(|e| e.as_str().to_string()),
            FieldKind::Phone => {
                let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
                let allowed = t
                    .chars()
                    .all(|c| c.is_ascii_digit() || " +-().x".contains(c));
                if allowed && (7..=20).contains(&digits) {
                    Ok(t.to_string())
                } else {
                    Err(ValueError::Invalid)
                }
            }
        }
    }
    /// A stored value as a person reads it (a choice's label, yes/no in words are left to the
    /// caller's catalog).
    pub fn shown(&self, value: &str, locale: Locale) -> String {
        match self.kind {
            FieldKind::Choice => self
                .choices
                .iter()
                .find(|c| c.key == value)
                .map(|c| c.label.get(locale))
                .unwrap_or(value)
                .to_string(),
            // Stored with a point; written with a comma in French.
            FieldKind::Number if locale == Locale::Fr => value.replace('.', ","),
            _ => value.to_string(),
        }
    }
}

/// One version of a terms text; versions are never changed once published, only added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsVersion {
    pub version: i64,
    pub title: Texts,
    pub text: Texts,
    pub published_at: Millis,
}

/// Terms a sub-status asks the customer to accept (conditions of sale, a privacy notice…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDef {
    pub key: String,
    /// Oldest first; the last is in force.
    pub versions: Vec<TermsVersion>,
}

impl TermsDef {
    pub fn current(&self) -> Option<&TermsVersion> {
        self.versions.last()
    }
}

/// A field on a sub-status's page, and how that page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageField {
    pub field: String,
    #[serde(rename = "use", with = "field_use")]
    pub usage: FieldUse,
}

mod field_use {
    use super::FieldUse;
    use serde::{Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(u: &FieldUse, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(match u {
            FieldUse::Required => "required",
            FieldUse::Optional => "optional",
            FieldUse::ReadOnly => "read_only",
        })
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FieldUse, D::Error> {
        match String::deserialize(d)?.as_str() {
            "required" => Ok(FieldUse::Required),
            "optional" => Ok(FieldUse::Optional),
            "read_only" => Ok(FieldUse::ReadOnly),
            other => Err(serde::de::Error::custom(format!(
                "unknown field use {other:?} (required, optional or read_only)"
            ))),
        }
    }
}

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

    /// A key made from a name (lowercase ASCII letters, digits, underscores), not yet used by a
    /// status, a sub-status, a field or terms of this flow.
    pub fn new_key(&self, name: &str) -> String {
        let mut base = String::new();
        for c in name.chars() {
            let c = match c {
                'à' | 'â' | 'ä' | 'À' | 'Â' => 'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' => 'e',
                'î' | 'ï' | 'Î' => 'i',
                'ô' | 'ö' | 'Ô' => 'o',
                'ù' | 'û' | 'ü' | 'Ù' | 'Û' => 'u',
                'ç' | 'Ç' => 'c',
                c => c.to_ascii_lowercase(),
            };
            if c.is_ascii_alphanumeric() {
                base.push(c);
            } else if !base.ends_with('_') && !base.is_empty() {
                base.push('_');
            }
        }
        let mut base: String = base.trim_end_matches('_').chars().take(30).collect();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base.insert_str(0, "step_");
        }
        let taken = |k: &str| {
            self.statuses.iter().any(|s| s.key == k)
                || self.step(k).is_some()
                || self.field(k).is_some()
                || self.terms(k).is_some()
        };
        let mut key = base.clone();
        let mut n = 2;
        while taken(&key) {
            key = format!("{base}_{n}");
            n += 1;
        }
        key
    }

    /// The sub-status `key`, to change in place.
    pub fn step_mut(&mut self, key: &str) -> Option<&mut SubStatus> {
        self.statuses
            .iter_mut()
            .flat_map(|s| s.steps.iter_mut())
            .find(|s| s.key == key)
    }

    /// Takes the sub-status `key` out of the flow; transitions that led to it are dropped too.
    pub fn remove_step(&mut self, key: &str) -> Option<SubStatus> {
        let mut out = None;
        for st in &mut self.statuses {
            if let Some(i) = st.steps.iter().position(|s| s.key == key) {
                out = Some(st.steps.remove(i));
            }
        }
        for st in &mut self.statuses {
            for s in &mut st.steps {
                s.transitions.retain(|_, to| to != key);
            }
        }
        out
    }

    /// Moves a sub-status one place up or down; past the edge of its status it goes to the
    /// end (or start) of the status before (or after). False when it cannot move.
    pub fn move_step(&mut self, key: &str, up: bool) -> bool {
        let Some(si) = self
            .statuses
            .iter()
            .position(|st| st.steps.iter().any(|s| s.key == key))
        else {
            return false;
        };
        let i = self.statuses[si]
            .steps
            .iter()
            .position(|s| s.key == key)
            .unwrap_or(0);
        let len = self.statuses[si].steps.len();
        match (up, i) {
            (true, 0) if si > 0 => {
                let s = self.statuses[si].steps.remove(0);
                self.statuses[si - 1].steps.push(s);
            }
            (true, 0) => return false,
            (true, i) => self.statuses[si].steps.swap(i, i - 1),
            (false, i) if i + 1 < len => self.statuses[si].steps.swap(i, i + 1),
            (false, _) if si + 1 < self.statuses.len() => {
                let s = self.statuses[si].steps.remove(i);
                self.statuses[si + 1].steps.insert(0, s);
            }
            (false, _) => return false,
        }
        true
    }

    /// Moves a status one place up or down. False when it cannot move.
    pub fn move_status(&mut self, key: &str, up: bool) -> bool {
        let Some(i) = self.statuses.iter().position(|s| s.key == key) else {
            return false;
        };
        match (up, i) {
            (true, 0) => false,
            (true, i) => {
                self.statuses.swap(i, i - 1);
                true
            }
            (false, i) if i + 1 < self.statuses.len() => {
                self.statuses.swap(i, i + 1);
                true
            }
            (false, _) => false,
        }
    }

    /// Sub-statuses of `self` that `next` no longer has.
    pub fn removed_in(&self, next: &FlowDef) -> Vec<String> {
        self.steps()
            .filter(|(_, s)| next.step(&s.key).is_none())
            .map(|(_, s)| s.key.clone())
            .collect()
    }

    /// Terms whose text changed in `next` get a new version there (published `now`); versions
    /// already published are kept as they were. Returns `next` so amended.
    pub fn version_terms(&self, mut next: FlowDef, now: Millis) -> FlowDef {
        for t in &mut next.terms {
            let Some(old) = self.terms(&t.key) else {
                for (i, v) in t.versions.iter_mut().enumerate() {
                    v.version = i as i64 + 1;
                    v.published_at = now;
                }
                continue;
            };
            let edited = t.versions.last().cloned();
            t.versions = old.versions.clone();
            if let Some(e) = edited {
                let cur = t.versions.last();
                if cur.is_none_or(|c| c.title != e.title || c.text != e.text) {
                    t.versions.push(TermsVersion {
                        version: cur.map_or(1, |c| c.version + 1),
                        published_at: now,
                        ..e
                    });
                }
            }
        }
        next
    }
}

/// A flow type of a provider.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowType {
    pub id: FlowId,
    pub tenant_id: TenantId,
    /// The name staff use.
    pub name: String,
    /// What customers see (e.g. "Installation solaire résidentielle").
    pub public: Public,
    pub def: FlowDef,
    /// Bumped by each saved edit (an edit made on an older revision is refused).
    pub revision: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// The planned visit of a technician.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub technician: Option<UserId>,
    pub starts_at: Millis,
    pub ends_at: Millis,
    #[serde(default)]
    pub note: String,
}

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

/// A polygon drawn by a customer (their roof), in metres, as the SVG document we keep. Points
/// come as numbers only: no markup from the browser reaches the file.
pub fn drawing_svg(points: &[(f64, f64)], title: &str) -> Result<String, ValueError> {
    if points.len() < 3 || points.len() > 200 {
        return Err(ValueError::Invalid);
    }
    if points
        .iter()
        .any(|(x, y)| !x.is_finite() || !y.is_finite() || x.abs() > 1e4 || y.abs() > 1e4)
    {
        return Err(ValueError::Invalid);
    }
    let (minx, maxx, miny, maxy) = points.iter().fold(
        (f64::MAX, f64::MIN, f64::MAX, f64::MIN),
        |(a, b, c, d), (x, y)| (a.min(*x), b.max(*x), c.min(*y), d.max(*y)),
    );
    if maxx - minx <= 0.0 || maxy - miny <= 0.0 {
        return Err(ValueError::Invalid);
    }
    let area = polygon_area(points);
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{:.2},{:.2}", x - minx, y - miny))
        .collect();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let (w, h) = (maxx - minx, maxy - miny);
    let pad = (w.max(h) * 0.05).max(0.5);
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{vx:.2} {vy:.2} {vw:.2} {vh:.2}\" \
         width=\"800\" height=\"{ph:.0}\" role=\"img\" aria-label=\"{t}\">\n\
         <title>{t}</title>\n\
         <desc>{n} points, {w:.2} m × {h:.2} m, {area:.2} m²</desc>\n\
         <polygon points=\"{pts}\" fill=\"#dbeafe\" stroke=\"#1e3a8a\" stroke-width=\"{sw:.3}\" />\n\
         </svg>\n",
        vx = -pad,
        vy = -pad,
        vw = w + 2.0 * pad,
        vh = h + 2.0 * pad,
        ph = 800.0 * (h + 2.0 * pad) / (w + 2.0 * pad),
        t = esc(title),
        n = points.len(),
        pts = pts.join(" "),
        sw = w.max(h) / 200.0,
    ))
}

/// Shoelace formula, in square metres.
pub fn polygon_area(points: &[(f64, f64)]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (x1, y1) = points[i];
            let (x2, y2) = points[(i + 1) % n];
            x1 * y2 - x2 * y1
        })
        .sum::<f64>()
        .abs()
        / 2.0
}

/// Points as typed or sent by the drawing tool: `x,y` pairs separated by spaces or semicolons.
pub fn parse_points(raw: &str) -> Result<Vec<(f64, f64)>, ValueError> {
    raw.split([' ', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').ok_or(ValueError::Invalid)?;
            let x: f64 = x.trim().parse().map_err(|_| ValueError::Invalid)?;
            let y: f64 = y.trim().parse().map_err(|_| ValueError::Invalid)?;
            Ok((x, y))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(kind: FieldKind) -> FieldDef {
        FieldDef {
            key: "k".into(),
            kind,
            label: Texts::new("K", "K"),
            help: Texts::default(),
            choices: vec![Choice {
                key: "south".into(),
                label: Texts::new("Sud", "South"),
            }],
        }
    }

    #[test]
    fn field_values_are_checked_by_type() {
        assert_eq!(f(FieldKind::Number).check(" 42,5 "), Ok("42.5".into()));
        assert_eq!(f(FieldKind::Number).check("1 200"), Ok("1200".into()));
        assert_eq!(f(FieldKind::Number).check("abc"), Err(ValueError::Invalid));
        assert_eq!(f(FieldKind::Number).check("inf"), Err(ValueError::Invalid));
        assert_eq!(
            f(FieldKind::Date).check("2026-02-30"),
            Err(ValueError::Date)
        );
        assert_eq!(f(FieldKind::YesNo).check("yes"), Ok("yes".into()));
        assert_eq!(f(FieldKind::YesNo).check("maybe"), Err(ValueError::Invalid));
        assert_eq!(f(FieldKind::Choice).check("south"), Ok("south".into()));
        assert_eq!(
            f(FieldKind::Choice).check("north"),
            Err(ValueError::Invalid)
        );
        assert_eq!(
            f(FieldKind::Email).check("A@B.example"),
            Ok("a@b.example".into())
        );
        assert_eq!(
            f(FieldKind::Phone).check("+1 514 555-0101"),
            Ok("+1 514 555-0101".into())
        );
        assert_eq!(
            f(FieldKind::Phone).check("call me"),
            Err(ValueError::Invalid)
        );
        assert_eq!(f(FieldKind::Text).check("   "), Ok("".into()));
        assert_eq!(
            f(FieldKind::Text).check(&"x".repeat(301)),
            Err(ValueError::TooLong)
        );
        assert_eq!(f(FieldKind::Choice).shown("south", Locale::Fr), "Sud");
        assert_eq!(f(FieldKind::Number).shown("42.5", Locale::Fr), "42,5");
        assert_eq!(f(FieldKind::Number).shown("42.5", Locale::En), "42.5");
    }

    fn def() -> FlowDef {
        let step = |key: &str, page: PageKind, to: &[(&str, &str)]| SubStatus {
            key: key.into(),
            internal: key.into(),
            public: Public {
                name: Texts::new(key, key),
                description: Texts::default(),
            },
            page,
            transitions: to
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect(),
            ..Default::default()
        };
        FlowDef {
            statuses: vec![FlowStatus {
                key: "s".into(),
                internal: "s".into(),
                public: Public {
                    name: Texts::new("S", "S"),
                    description: Texts::default(),
                },
                steps: vec![
                    step(
                        "doc",
                        PageKind::InitialDocumentation,
                        &[("documentation_submitted", "offer")],
                    ),
                    step(
                        "offer",
                        PageKind::Offer,
                        &[("offer_accepted", "done"), ("offer_refused", "failed")],
                    ),
                    step("done", PageKind::Success, &[]),
                    step(
                        "failed",
                        PageKind::Failed,
                        &[("reactivation_requested", "doc")],
                    ),
                ],
            }],
            fields: vec![],
            terms: vec![],
        }
    }

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

    #[test]
    fn terms_get_a_new_version_when_their_text_changes() {
        let mut a = def();
        let v = |text: &str| TermsVersion {
            version: 0,
            title: Texts::new("Conditions", "Terms"),
            text: Texts::new(text, text),
            published_at: Millis(0),
        };
        let mut b = a.clone();
        b.terms.push(TermsDef {
            key: "sale".into(),
            versions: vec![v("one")],
        });
        let b = a.version_terms(b, Millis(10));
        assert_eq!(b.terms[0].versions[0].version, 1);
        assert_eq!(b.terms[0].versions[0].published_at, Millis(10));
        a = b.clone();
        let same = a.version_terms(b.clone(), Millis(20));
        assert_eq!(
            same.terms[0].versions.len(),
            1,
            "unchanged text: same version"
        );
        let mut c = b.clone();
        c.terms[0].versions = vec![v("two")];
        let c = a.version_terms(c, Millis(30));
        assert_eq!(c.terms[0].versions.len(), 2, "old versions kept");
        assert_eq!(c.terms[0].versions[0].text.en, "one");
        assert_eq!(c.terms[0].versions[1].version, 2);
        assert_eq!(c.terms[0].current().unwrap().text.fr, "two");
    }

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

    #[test]
    fn keys_are_made_from_names_and_steps_removed_cleanly() {
        let mut d = def();
        assert_eq!(
            d.new_key("Visite de chantier à l'été"),
            "visite_de_chantier_a_l_ete"
        );
        assert_eq!(d.new_key("Offer"), "offer_2", "taken keys get a number");
        assert_eq!(d.new_key("3 étapes"), "step_3_etapes");
        assert_eq!(d.new_key("!!"), "step_");
        let removed = d.remove_step("failed").unwrap();
        assert_eq!(removed.key, "failed");
        assert!(
            d.step("offer")
                .unwrap()
                .1
                .transition(FlowAction::OfferRefused)
                .is_none()
        );
        assert_eq!(d.check(), vec![]);
        d.step_mut("done").unwrap().internal = "Fini".into();
        assert_eq!(d.step("done").unwrap().1.internal, "Fini");
    }

    #[test]
    fn steps_and_statuses_move() {
        let mut d = def();
        d.statuses.push(FlowStatus {
            key: "t".into(),
            internal: "T".into(),
            public: Public {
                name: Texts::new("T", "T"),
                description: Texts::default(),
            },
            steps: vec![],
        });
        let keys = |d: &FlowDef| {
            d.steps()
                .map(|(st, s)| format!("{}:{}", st.key, s.key))
                .collect::<Vec<_>>()
        };
        assert!(d.move_step("offer", true));
        assert_eq!(keys(&d), ["s:offer", "s:doc", "s:done", "s:failed"]);
        assert!(!d.move_step("offer", true), "first of the first status");
        assert!(d.move_step("failed", false), "into the next status");
        assert_eq!(keys(&d), ["s:offer", "s:doc", "s:done", "t:failed"]);
        assert!(!d.move_step("failed", false));
        assert!(
            d.move_step("failed", true),
            "back to the end of the status before"
        );
        assert_eq!(keys(&d).last().unwrap(), "s:failed");
        assert!(d.move_status("t", true));
        assert_eq!(d.statuses[0].key, "t");
        assert!(!d.move_status("t", true));
        assert!(!d.move_step("nowhere", true));
    }

    #[test]
    fn drawings_become_svg_from_numbers_only() {
        let pts = parse_points("0,0 10,0; 10,5 0,5").unwrap();
        assert_eq!(polygon_area(&pts), 50.0);
        let svg = drawing_svg(&pts, "Toit <sud>").unwrap();
        assert!(svg.contains("<polygon points=\"0.00,0.00 10.00,0.00 10.00,5.00 0.00,5.00\""));
        assert!(svg.contains("Toit &lt;sud&gt;"));
        assert!(svg.contains("50.00 m²"));
        assert_eq!(parse_points("1,2 <script>"), Err(ValueError::Invalid));
        assert_eq!(drawing_svg(&pts[..2], "x"), Err(ValueError::Invalid));
        assert_eq!(
            drawing_svg(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0 / 0.0)], "x"),
            Err(ValueError::Invalid)
        );
    }
}
