//! Configurable products (issue 16): option groups (one choice among options, or a number in a
//! range), compatibility rules between them (requires, excludes, numeric ranges), the price a
//! configuration adds to the product's, and whether a rule set allows any configuration at all.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Locale, Texts};

/// At most this many groups, options per group and rules: a configurator is read on every
/// change a customer makes, and its search must stay instant.
pub const MAX_GROUPS: usize = 12;
pub const MAX_OPTIONS: usize = 30;
pub const MAX_RULES: usize = 60;
/// The search for a valid configuration gives up past this many steps (the rule set is then
/// refused as too intricate, never accepted unchecked).
const SEARCH_BUDGET: u32 = 200_000;

/// A configurable product's options and rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Configurator {
    pub groups: Vec<OptionGroup>,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// One question the configuration answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionGroup {
    /// `[a-z0-9_]`, 1 to 40 characters, unique in the configurator.
    pub key: String,
    pub name: Texts,
    pub kind: GroupKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum GroupKind {
    /// Exactly one of these options.
    Choice { options: Vec<ConfigChoice> },
    /// A whole number from `min` to `max`, each unit adding `unit_minor` to the price.
    Number { min: i64, max: i64, unit_minor: i64 },
}

/// An option of a choice group, and what it adds to the unit price (minor units; may be
/// negative, never taking the price below zero).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigChoice {
    pub key: String,
    pub name: Texts,
    pub price_minor: i64,
}

/// An option of a group: `group.option`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OptionRef {
    pub group: String,
    pub option: String,
}

impl std::fmt::Display for OptionRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.group, self.option)
    }
}

impl std::str::FromStr for OptionRef {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (group, option) = s.trim().split_once('.').ok_or(())?;
        if !valid_key(group) || !valid_key(option) {
            return Err(());
        }
        Ok(OptionRef {
            group: group.into(),
            option: option.into(),
        })
    }
}

/// A compatibility rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Rule {
    /// Choosing `when` requires `then` (an option of another group).
    Requires { when: OptionRef, then: OptionRef },
    /// `a` and `b` (of two groups) are never chosen together.
    Excludes { a: OptionRef, b: OptionRef },
    /// Choosing `when` limits the number group `group` to `min`..=`max`.
    Range {
        when: OptionRef,
        group: String,
        min: i64,
        max: i64,
    },
}

/// What is wrong with a configurator as staff wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    NoGroup,
    TooMany,
    /// A key that is empty, malformed or used twice.
    BadKey(String),
    /// A group or option without a name in either language.
    Unnamed(String),
    /// A choice group without options.
    NoOption(String),
    /// A number group whose minimum exceeds its maximum, or a range rule likewise.
    BadRange(String),
    /// A price below zero for a number, or beyond what money can hold.
    BadPrice(String),
    /// A rule naming a group or option that does not exist, a group of the wrong kind, or
    /// two options of the same group.
    BadRule(usize),
    /// No configuration satisfies every rule; these rules (numbered from 0), together,
    /// leave none (removing any one of them leaves some).
    Unsatisfiable(Vec<usize>),
    /// The rules are too intricate to be checked quickly.
    TooIntricate,
}

/// Why a configuration is refused, by group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceProblem {
    /// Nothing chosen for the group.
    Missing,
    /// An option the group does not have, or not a whole number.
    Invalid,
    /// A number outside the group's range, or the range a chosen option sets.
    OutOfRange { min: i64, max: i64 },
    /// The rule (its index) that this choice breaks.
    Breaks(usize),
}

/// What a customer chose: group key → option key, or the number as typed.
pub type Selection = BTreeMap<String, String>;

fn valid_key(k: &str) -> bool {
    (1..=40).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn named(t: &Texts) -> bool {
    !t.fr.trim().is_empty() || !t.en.trim().is_empty()
}

/// A value of one group in the search: an option's index, or a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Value {
    Option(usize),
    Number(i64),
}

impl Configurator {
    pub fn group(&self, key: &str) -> Option<&OptionGroup> {
        self.groups.iter().find(|g| g.key == key)
    }

    fn choice(&self, r: &OptionRef) -> Option<(usize, usize)> {
        let gi = self.groups.iter().position(|g| g.key == r.group)?;
        match &self.groups[gi].kind {
            GroupKind::Choice { options } => {
                Some((gi, options.iter().position(|o| o.key == r.option)?))
            }
            GroupKind::Number { .. } => None,
        }
    }

    /// Everything wrong with it, satisfiability last (empty: it may be saved).
    pub fn check(&self) -> Vec<ConfigProblem> {
        let mut out = Vec::new();
        if self.groups.is_empty() {
            out.push(ConfigProblem::NoGroup);
        }
        if self.groups.len() > MAX_GROUPS || self.rules.len() > MAX_RULES {
            out.push(ConfigProblem::TooMany);
        }
        let mut seen = std::collections::BTreeSet::new();
        for g in &self.groups {
            if !valid_key(&g.key) || !seen.insert(g.key.clone()) {
                out.push(ConfigProblem::BadKey(g.key.clone()));
            }
            if !named(&g.name) {
                out.push(ConfigProblem::Unnamed(g.key.clone()));
            }
            match &g.kind {
                GroupKind::Choice { options } => {
                    if options.is_empty() {
                        out.push(ConfigProblem::NoOption(g.key.clone()));
                    }
                    if options.len() > MAX_OPTIONS {
                        out.push(ConfigProblem::TooMany);
                    }
                    let mut keys = std::collections::BTreeSet::new();
                    for o in options {
                        let r = format!("{}.{}", g.key, o.key);
                        if !valid_key(&o.key) || !keys.insert(o.key.clone()) {
                            out.push(ConfigProblem::BadKey(r.clone()));
                        }
                        if !named(&o.name) {
                            out.push(ConfigProblem::Unnamed(r.clone()));
                        }
                        if o.price_minor.unsigned_abs() > crate::MAX_MINOR as u64 {
                            out.push(ConfigProblem::BadPrice(r));
                        }
                    }
                }
                GroupKind::Number {
                    min,
                    max,
                    unit_minor,
                } => {
                    if min > max || *min < 0 || *max > 1_000_000 {
                        out.push(ConfigProblem::BadRange(g.key.clone()));
                    }
                    if *unit_minor < 0 || *unit_minor > crate::MAX_MINOR {
                        out.push(ConfigProblem::BadPrice(g.key.clone()));
                    }
                }
            }
        }
        for (i, r) in self.rules.iter().enumerate() {
            let ok = match r {
                Rule::Requires { when, then } => {
                    when.group != then.group
                        && self.choice(when).is_some()
                        && self.choice(then).is_some()
                }
                Rule::Excludes { a, b } => {
                    a.group != b.group && self.choice(a).is_some() && self.choice(b).is_some()
                }
                Rule::Range {
                    when,
                    group,
                    min,
                    max,
                } => {
                    self.choice(when).is_some()
                        && min <= max
                        && matches!(
                            self.group(group).map(|g| &g.kind),
                            Some(GroupKind::Number { .. })
                        )
                }
            };
            if !ok {
                out.push(ConfigProblem::BadRule(i));
            }
        }
        if out.is_empty() {
            match self.search(&self.rules_all(), &BTreeMap::new()) {
                Search::Found(_) => {}
                Search::None => out.push(ConfigProblem::Unsatisfiable(self.conflict())),
                Search::Gave => out.push(ConfigProblem::TooIntricate),
            }
        }
        out
    }

    fn rules_all(&self) -> Vec<usize> {
        (0..self.rules.len()).collect()
    }

    /// A smallest set of rules that leaves no configuration: drops each rule in turn while
    /// the rest still leave none.
    fn conflict(&self) -> Vec<usize> {
        let mut kept = self.rules_all();
        let mut i = 0;
        while i < kept.len() {
            let mut without = kept.clone();
            without.remove(i);
            if matches!(self.search(&without, &BTreeMap::new()), Search::None) {
                kept = without;
            } else {
                i += 1;
            }
        }
        kept
    }

    /// A configuration satisfying every rule, if there is one (the first in the order groups
    /// and options are listed; numbers at their lowest allowed value).
    pub fn some_valid(&self) -> Option<Selection> {
        match self.search(&self.rules_all(), &BTreeMap::new()) {
            Search::Found(values) => Some(self.selection_of(&values)),
            _ => None,
        }
    }

    fn selection_of(&self, values: &[Value]) -> Selection {
        self.groups
            .iter()
            .zip(values)
            .map(|(g, v)| {
                let shown = match (v, &g.kind) {
                    (Value::Option(i), GroupKind::Choice { options }) => options[*i].key.clone(),
                    (Value::Number(n), _) => n.to_string(),
                    _ => String::new(),
                };
                (g.key.clone(), shown)
            })
            .collect()
    }

    /// Depth-first over the choice groups, then the numbers (each at the lowest value the
    /// options chosen allow), under `rules`, with the groups in `fixed` held to their value.
    fn search(&self, rules: &[usize], fixed: &BTreeMap<usize, Value>) -> Search {
        let mut budget = SEARCH_BUDGET;
        let mut values: Vec<Option<Value>> = vec![None; self.groups.len()];
        let is_choice = |g: &OptionGroup| matches!(g.kind, GroupKind::Choice { .. });
        let order: Vec<usize> = (0..self.groups.len())
            .filter(|i| is_choice(&self.groups[*i]))
            .chain((0..self.groups.len()).filter(|i| !is_choice(&self.groups[*i])))
            .collect();
        match self.dfs(rules, fixed, &order, 0, &mut values, &mut budget) {
            Some(true) => Search::Found(
                values
                    .into_iter()
                    .map(|v| v.unwrap_or(Value::Number(0)))
                    .collect(),
            ),
            Some(false) => Search::None,
            None => Search::Gave,
        }
    }

    /// `Some(true)`: `values` completed; `Some(false)`: none from here; `None`: out of budget.
    fn dfs(
        &self,
        rules: &[usize],
        fixed: &BTreeMap<usize, Value>,
        order: &[usize],
        at: usize,
        values: &mut Vec<Option<Value>>,
        budget: &mut u32,
    ) -> Option<bool> {
        *budget = budget.checked_sub(1)?;
        let Some(&gi) = order.get(at) else {
            return Some(true);
        };
        let candidates: Vec<Value> = match (&self.groups[gi].kind, fixed.get(&gi)) {
            (_, Some(v)) => vec![*v],
            (GroupKind::Choice { options }, None) => {
                (0..options.len()).map(Value::Option).collect()
            }
            // Placed by `consistent` at the lowest value allowed.
            (GroupKind::Number { .. }, None) => vec![Value::Number(i64::MIN)],
        };
        for v in candidates {
            values[gi] = Some(v);
            if self.consistent(rules, values) {
                match self.dfs(rules, fixed, order, at + 1, values, budget) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => return None,
                }
            }
        }
        values[gi] = None;
        Some(false)
    }

    /// No rule among `rules` is broken by the values given so far; an unplaced number
    /// (`i64::MIN`) takes the lowest value its range and the ranges of the options chosen
    /// allow, once every choice it depends on is given.
    fn consistent(&self, rules: &[usize], values: &mut [Option<Value>]) -> bool {
        let chosen = |values: &[Option<Value>], r: &OptionRef| -> Option<bool> {
            let (gi, oi) = self.choice(r)?;
            values[gi].map(|v| v == Value::Option(oi))
        };
        for &i in rules {
            match &self.rules[i] {
                Rule::Requires { when, then } => {
                    if chosen(values, when) == Some(true) && chosen(values, then) == Some(false) {
                        return false;
                    }
                }
                Rule::Excludes { a, b } => {
                    if chosen(values, a) == Some(true) && chosen(values, b) == Some(true) {
                        return false;
                    }
                }
                Rule::Range { .. } => {}
            }
        }
        // Numbers: the intersection of their own range and those of the options chosen.
        for (gi, g) in self.groups.iter().enumerate() {
            let GroupKind::Number { min, max, .. } = g.kind else {
                continue;
            };
            let Some(Value::Number(n)) = values[gi] else {
                continue;
            };
            let (mut lo, mut hi) = (min, max);
            for &i in rules {
                if let Rule::Range {
                    when,
                    group,
                    min,
                    max,
                } = &self.rules[i]
                    && *group == g.key
                {
                    // Numbers are placed after every choice: `when` is decided by then.
                    if chosen(values, when) == Some(true) {
                        lo = lo.max(*min);
                        hi = hi.min(*max);
                    }
                }
            }
            if lo > hi {
                return false;
            }
            if n == i64::MIN {
                values[gi] = Some(Value::Number(lo));
            } else if n < lo || n > hi {
                return false;
            }
        }
        true
    }

    /// The allowed range of a number group given the other choices.
    pub fn range_of(&self, group: &str, sel: &Selection) -> Option<(i64, i64)> {
        let g = self.group(group)?;
        let GroupKind::Number { min, max, .. } = g.kind else {
            return None;
        };
        let (mut lo, mut hi) = (min, max);
        for r in &self.rules {
            if let Rule::Range {
                when,
                group: rg,
                min,
                max,
            } = r
                && rg == group
                && sel.get(&when.group) == Some(&when.option)
            {
                lo = lo.max(*min);
                hi = hi.min(*max);
            }
        }
        Some((lo, hi))
    }

    /// Checks a configuration: every group answered with a value it allows, every rule kept.
    pub fn validate(&self, sel: &Selection) -> Result<(), BTreeMap<String, ChoiceProblem>> {
        let mut problems = BTreeMap::new();
        for g in &self.groups {
            let Some(raw) = sel.get(&g.key).map(|v| v.trim()).filter(|v| !v.is_empty()) else {
                problems.insert(g.key.clone(), ChoiceProblem::Missing);
                continue;
            };
            match &g.kind {
                GroupKind::Choice { options } => {
                    if !options.iter().any(|o| o.key == raw) {
                        problems.insert(g.key.clone(), ChoiceProblem::Invalid);
                    }
                }
                GroupKind::Number { .. } => match raw.parse::<i64>() {
                    Ok(n) => {
                        let (lo, hi) = self.range_of(&g.key, sel).unwrap_or((0, 0));
                        if n < lo || n > hi {
                            problems.insert(
                                g.key.clone(),
                                ChoiceProblem::OutOfRange { min: lo, max: hi },
                            );
                        }
                    }
                    Err(_) => {
                        problems.insert(g.key.clone(), ChoiceProblem::Invalid);
                    }
                },
            }
        }
        let is = |r: &OptionRef| sel.get(&r.group).map(|v| v.trim()) == Some(r.option.as_str());
        for (i, r) in self.rules.iter().enumerate() {
            let broken = match r {
                // The required group answered otherwise (unanswered is reported above).
                Rule::Requires { when, then } => {
                    is(when)
                        && !is(then)
                        && sel.get(&then.group).is_some_and(|v| !v.trim().is_empty())
                }
                Rule::Excludes { a, b } => is(a) && is(b),
                Rule::Range { .. } => false,
            };
            if broken {
                let at = match r {
                    Rule::Requires { then, .. } => then.group.clone(),
                    Rule::Excludes { b, .. } => b.group.clone(),
                    Rule::Range { group, .. } => group.clone(),
                };
                problems.entry(at).or_insert(ChoiceProblem::Breaks(i));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// For each choice group, the options that can still be part of a valid configuration
    /// given what is chosen in the other groups (for the page to offer only those).
    pub fn allowed(&self, sel: &Selection) -> BTreeMap<String, Vec<String>> {
        let fixed_of = |skip: usize| -> BTreeMap<usize, Value> {
            self.groups
                .iter()
                .enumerate()
                .filter(|(gi, _)| *gi != skip)
                .filter_map(|(gi, g)| {
                    let raw = sel.get(&g.key)?.trim();
                    match &g.kind {
                        GroupKind::Choice { options } => options
                            .iter()
                            .position(|o| o.key == raw)
                            .map(|oi| (gi, Value::Option(oi))),
                        // Numbers are not held: a choice that narrows the range is still
                        // offered, and the number then says what it allows.
                        GroupKind::Number { .. } => None,
                    }
                })
                .collect()
        };
        let rules = self.rules_all();
        let mut out = BTreeMap::new();
        for (gi, g) in self.groups.iter().enumerate() {
            let GroupKind::Choice { options } = &g.kind else {
                continue;
            };
            let base = fixed_of(gi);
            let ok = options
                .iter()
                .enumerate()
                .filter(|(oi, _)| {
                    let mut fixed = base.clone();
                    fixed.insert(gi, Value::Option(*oi));
                    !matches!(self.search(&rules, &fixed), Search::None)
                })
                .map(|(_, o)| o.key.clone())
                .collect();
            out.insert(g.key.clone(), ok);
        }
        out
    }

    /// What the chosen options add to the product's unit price (`None`: beyond what money
    /// holds). Assumes a configuration that `validate` accepted.
    pub fn extra_minor(&self, sel: &Selection) -> Option<i64> {
        let mut total: i64 = 0;
        for g in &self.groups {
            let raw = sel.get(&g.key).map(|v| v.trim()).unwrap_or("");
            let add = match &g.kind {
                GroupKind::Choice { options } => options
                    .iter()
                    .find(|o| o.key == raw)
                    .map(|o| o.price_minor)
                    .unwrap_or(0),
                GroupKind::Number { unit_minor, .. } => {
                    raw.parse::<i64>().ok()?.checked_mul(*unit_minor)?
                }
            };
            total = total.checked_add(add)?;
        }
        Some(total)
    }

    /// "Group: option; Group: 12" in `locale`, in the groups' order.
    pub fn summary(&self, sel: &Selection, locale: Locale) -> String {
        self.groups
            .iter()
            .filter_map(|g| {
                let raw = sel.get(&g.key)?.trim();
                let shown = match &g.kind {
                    GroupKind::Choice { options } => options
                        .iter()
                        .find(|o| o.key == raw)?
                        .name
                        .get(locale)
                        .to_string(),
                    GroupKind::Number { .. } => raw.to_string(),
                };
                let colon = if locale == Locale::Fr { "\u{a0}:" } else { ":" };
                Some(format!("{}{colon} {shown}", g.name.get(locale)))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

enum Search {
    Found(Vec<Value>),
    None,
    Gave,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn o(group: &str, option: &str) -> OptionRef {
        OptionRef {
            group: group.into(),
            option: option.into(),
        }
    }

    fn choice(key: &str, price: i64) -> ConfigChoice {
        ConfigChoice {
            key: key.into(),
            name: Texts::new(key, key),
            price_minor: price,
        }
    }

    /// A door: its material, its glazing, its width in cm.
    fn door() -> Configurator {
        Configurator {
            groups: vec![
                OptionGroup {
                    key: "material".into(),
                    name: Texts::new("Matériau", "Material"),
                    kind: GroupKind::Choice {
                        options: vec![choice("steel", 0), choice("wood", 15000)],
                    },
                },
                OptionGroup {
                    key: "glazing".into(),
                    name: Texts::new("Vitrage", "Glazing"),
                    kind: GroupKind::Choice {
                        options: vec![
                            choice("none", 0),
                            choice("double", 8000),
                            choice("triple", 14000),
                        ],
                    },
                },
                OptionGroup {
                    key: "width".into(),
                    name: Texts::new("Largeur (cm)", "Width (cm)"),
                    kind: GroupKind::Number {
                        min: 60,
                        max: 120,
                        unit_minor: 100,
                    },
                },
            ],
            rules: vec![
                Rule::Excludes {
                    a: o("material", "wood"),
                    b: o("glazing", "triple"),
                },
                Rule::Range {
                    when: o("material", "wood"),
                    group: "width".into(),
                    min: 60,
                    max: 90,
                },
            ],
        }
    }

    fn sel(pairs: &[(&str, &str)]) -> Selection {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_door_is_checked_priced_and_summed_up() {
        let d = door();
        assert_eq!(d.check(), vec![]);
        let ok = sel(&[("material", "wood"), ("glazing", "double"), ("width", "80")]);
        assert_eq!(d.validate(&ok), Ok(()));
        assert_eq!(d.extra_minor(&ok), Some(15000 + 8000 + 8000));
        assert_eq!(
            d.summary(&ok, Locale::Fr),
            "Matériau\u{a0}: wood; Vitrage\u{a0}: double; Largeur (cm)\u{a0}: 80"
        );
        let too_wide = sel(&[("material", "wood"), ("glazing", "none"), ("width", "100")]);
        assert_eq!(
            d.validate(&too_wide).unwrap_err().get("width"),
            Some(&ChoiceProblem::OutOfRange { min: 60, max: 90 })
        );
        let excluded = sel(&[("material", "wood"), ("glazing", "triple"), ("width", "80")]);
        assert_eq!(
            d.validate(&excluded).unwrap_err().get("glazing"),
            Some(&ChoiceProblem::Breaks(0))
        );
        let missing = sel(&[("material", "steel"), ("width", "x")]);
        let e = d.validate(&missing).unwrap_err();
        assert_eq!(e.get("glazing"), Some(&ChoiceProblem::Missing));
        assert_eq!(e.get("width"), Some(&ChoiceProblem::Invalid));
        // Wood leaves triple glazing out; steel leaves everything.
        let allowed = d.allowed(&sel(&[("material", "wood")]));
        assert_eq!(allowed["glazing"], vec!["none", "double"]);
        assert_eq!(allowed["material"], vec!["steel", "wood"]);
        assert_eq!(
            d.allowed(&sel(&[("glazing", "triple")]))["material"],
            vec!["steel"]
        );
    }

    #[test]
    fn a_rule_set_without_any_configuration_is_refused_naming_its_rules() {
        let mut d = door();
        // Wood needs triple glazing, which it excludes; steel excludes every glazing.
        d.rules.push(Rule::Requires {
            when: o("material", "wood"),
            then: o("glazing", "triple"),
        });
        for g in ["none", "double", "triple"] {
            d.rules.push(Rule::Excludes {
                a: o("material", "steel"),
                b: o("glazing", g),
            });
        }
        assert_eq!(
            d.check(),
            vec![ConfigProblem::Unsatisfiable(vec![0, 2, 3, 4, 5])],
            "the width range plays no part"
        );
        // A range that leaves no width for wood, wood being required by the only glazing.
        let mut narrow = door();
        narrow.rules = vec![
            Rule::Range {
                when: o("material", "wood"),
                group: "width".into(),
                min: 200,
                max: 300,
            },
            Rule::Requires {
                when: o("glazing", "none"),
                then: o("material", "wood"),
            },
        ];
        assert_eq!(narrow.check(), vec![], "steel with glazing is left");
        narrow.groups[1].kind = GroupKind::Choice {
            options: vec![choice("none", 0)],
        };
        assert_eq!(
            narrow.check(),
            vec![ConfigProblem::Unsatisfiable(vec![0, 1])]
        );
    }

    #[test]
    fn malformed_configurators_are_refused() {
        let mut d = door();
        d.rules.push(Rule::Requires {
            when: o("material", "gold"),
            then: o("glazing", "none"),
        });
        d.rules.push(Rule::Excludes {
            a: o("material", "wood"),
            b: o("material", "steel"),
        });
        d.rules.push(Rule::Range {
            when: o("material", "wood"),
            group: "glazing".into(),
            min: 1,
            max: 2,
        });
        d.groups[0].key = "Material!".into();
        let problems = d.check();
        assert!(problems.contains(&ConfigProblem::BadKey("Material!".into())));
        assert!(problems.contains(&ConfigProblem::BadRule(2)));
        assert!(problems.contains(&ConfigProblem::BadRule(3)));
        assert!(problems.contains(&ConfigProblem::BadRule(4)));
        assert_eq!(
            Configurator::default().check(),
            vec![ConfigProblem::NoGroup]
        );
        assert!("a.b".parse::<OptionRef>().is_ok());
        assert!("a".parse::<OptionRef>().is_err());
        assert!("a.B".parse::<OptionRef>().is_err());
    }

    fn arb_configurator() -> impl Strategy<Value = Configurator> {
        let groups = prop::collection::vec(1usize..5, 1..5);
        (
            groups,
            prop::collection::vec(
                (
                    0usize..3,
                    0usize..5,
                    0usize..5,
                    0usize..5,
                    0usize..5,
                    0i64..20,
                    0i64..25,
                ),
                0..8,
            ),
        )
            .prop_map(|(sizes, raw_rules)| {
                let mut groups: Vec<OptionGroup> = sizes
                    .iter()
                    .enumerate()
                    .map(|(gi, n)| OptionGroup {
                        key: format!("g{gi}"),
                        name: Texts::new("G", "G"),
                        kind: GroupKind::Choice {
                            options: (0..*n)
                                .map(|oi| choice(&format!("o{oi}"), oi as i64 * 100))
                                .collect(),
                        },
                    })
                    .collect();
                groups.push(OptionGroup {
                    key: "n".into(),
                    name: Texts::new("N", "N"),
                    kind: GroupKind::Number {
                        min: 0,
                        max: 20,
                        unit_minor: 10,
                    },
                });
                let choices = sizes.len();
                let r = |g: usize, opt: usize| {
                    let g = g % choices;
                    o(&format!("g{g}"), &format!("o{}", opt % sizes[g]))
                };
                let rules = raw_rules
                    .into_iter()
                    .filter_map(|(kind, g1, o1, g2, o2, lo, span)| {
                        let (a, b) = (r(g1, o1), r(g2, o2));
                        match kind {
                            0 if a.group != b.group => Some(Rule::Requires { when: a, then: b }),
                            1 if a.group != b.group => Some(Rule::Excludes { a, b }),
                            2 => Some(Rule::Range {
                                when: a,
                                group: "n".into(),
                                min: lo,
                                max: lo + span - 10,
                            }),
                            _ => None,
                        }
                    })
                    .filter(|rule| !matches!(rule, Rule::Range { min, max, .. } if min > max))
                    .collect();
                Configurator { groups, rules }
            })
    }

    /// Every configuration, by brute force.
    fn every(c: &Configurator) -> Vec<Selection> {
        let mut all = vec![Selection::new()];
        for g in &c.groups {
            let values: Vec<String> = match &g.kind {
                GroupKind::Choice { options } => options.iter().map(|o| o.key.clone()).collect(),
                GroupKind::Number { min, max, .. } => {
                    (*min..=*max).map(|n| n.to_string()).collect()
                }
            };
            all = all
                .into_iter()
                .flat_map(|s| {
                    values.iter().map(move |v| {
                        let mut s = s.clone();
                        s.insert(g.key.clone(), v.clone());
                        s
                    })
                })
                .collect();
        }
        all
    }

    proptest! {
        /// The search agrees with brute force: a rule set is refused exactly when no
        /// configuration passes `validate`; the one it finds passes; the rules it names leave
        /// none by themselves; and an option is offered exactly when some valid configuration
        /// has it with the other choices made.
        #[test]
        fn the_search_agrees_with_brute_force(c in arb_configurator(), pick in 0usize..1000) {
            let valid: Vec<Selection> = every(&c).into_iter().filter(|s| c.validate(s).is_ok()).collect();
            let problems = c.check();
            if valid.is_empty() {
                prop_assert_eq!(problems.len(), 1);
                let ConfigProblem::Unsatisfiable(rules) = &problems[0] else {
                    return Err(TestCaseError::fail(format!("{problems:?}")));
                };
                let only = Configurator { groups: c.groups.clone(), rules: rules.iter().map(|i| c.rules[*i].clone()).collect() };
                prop_assert!(every(&only).iter().all(|s| only.validate(s).is_err()));
                prop_assert!(c.some_valid().is_none());
            } else {
                prop_assert_eq!(problems, vec![]);
                let found = c.some_valid().unwrap();
                prop_assert!(c.validate(&found).is_ok(), "{:?}", found);
                // Offered options, given one valid configuration's other choices.
                let s = &valid[pick % valid.len()];
                let allowed = c.allowed(s);
                for g in &c.groups {
                    if let GroupKind::Choice { options } = &g.kind {
                        for opt in options {
                            let possible = valid.iter().any(|v| v.get(&g.key) == Some(&opt.key)
                                && c.groups.iter().filter(|h| h.key != g.key && matches!(h.kind, GroupKind::Choice { .. }))
                                    .all(|h| v.get(&h.key) == s.get(&h.key)));
                            prop_assert_eq!(allowed[&g.key].contains(&opt.key), possible, "{} {}", g.key, opt.key);
                        }
                    }
                }
                // The price adds up.
                let extra = c.extra_minor(s).unwrap();
                let by_hand: i64 = c.groups.iter().map(|g| match &g.kind {
                    GroupKind::Choice { options } => options.iter().find(|o| Some(&o.key) == s.get(&g.key)).unwrap().price_minor,
                    GroupKind::Number { unit_minor, .. } => s[&g.key].parse::<i64>().unwrap() * unit_minor,
                }).sum();
                prop_assert_eq!(extra, by_hand);
            }
        }
    }
}
