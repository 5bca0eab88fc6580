//! Configurable products (issue 16): staff write a product's option groups and rules in
//! forms (a rule set that leaves no configuration is refused, naming the rules at fault); a
//! contact who may order configures it — the options still possible offered, the price
//! following each choice — and asks for a quote for that configuration.
use std::collections::BTreeMap;

use guichet_domain::*;
use guichet_store::{Account, SignedIn, StoreError};

use crate::access::{Action, may_in, require, require_in};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::{Client, Portal};

/// A group as staff type it in the form (a row; blank rows are ignored).
#[derive(Clone, Debug, Default)]
pub struct GroupInput {
    pub key: String,
    pub name_fr: String,
    pub name_en: String,
    /// `choice` or `number`.
    pub kind: String,
    pub min: String,
    pub max: String,
    /// A number group's price per unit.
    pub unit_price: String,
    pub remove: bool,
}

/// An option of a choice group, as typed.
#[derive(Clone, Debug, Default)]
pub struct OptionInput {
    /// The group's key.
    pub group: String,
    pub key: String,
    pub name_fr: String,
    pub name_en: String,
    /// What it adds to the unit price (may be negative).
    pub price: String,
    pub remove: bool,
}

/// A rule, as typed: `requires` (a → b), `excludes` (a, b) or `range` (a limits the number
/// group b to min..max). Options as `group.option`.
#[derive(Clone, Debug, Default)]
pub struct RuleInput {
    pub kind: String,
    pub a: String,
    pub b: String,
    pub min: String,
    pub max: String,
    pub remove: bool,
}

/// Staff's configurator form.
#[derive(Clone, Debug, Default)]
pub struct ConfiguratorEdit {
    /// The product's `updated_at` the page showed.
    pub seen: String,
    pub groups: Vec<GroupInput>,
    pub options: Vec<OptionInput>,
    pub rules: Vec<RuleInput>,
}

impl ConfiguratorEdit {
    /// The form for a product's configurator as stored.
    pub fn of(p: &Product, locale: Locale) -> Self {
        let c = p.configurator.clone().unwrap_or_default();
        let money = |m: i64| {
            let s = Money::new(m, Currency::Cad).plain();
            match locale {
                Locale::Fr => s.replace('.', ","),
                Locale::En => s,
            }
        };
        let mut options = Vec::new();
        let groups = c
            .groups
            .iter()
            .map(|g| match &g.kind {
                GroupKind::Choice { options: o } => {
                    options.extend(o.iter().map(|o| OptionInput {
                        group: g.key.clone(),
                        key: o.key.clone(),
                        name_fr: o.name.fr.clone(),
                        name_en: o.name.en.clone(),
                        price: if o.price_minor == 0 {
                            String::new()
                        } else if o.price_minor < 0 {
                            format!("-{}", money(-o.price_minor))
                        } else {
                            money(o.price_minor)
                        },
                        remove: false,
                    }));
                    GroupInput {
                        key: g.key.clone(),
                        name_fr: g.name.fr.clone(),
                        name_en: g.name.en.clone(),
                        kind: "choice".into(),
                        ..Default::default()
                    }
                }
                GroupKind::Number {
                    min,
                    max,
                    unit_minor,
                } => GroupInput {
                    key: g.key.clone(),
                    name_fr: g.name.fr.clone(),
                    name_en: g.name.en.clone(),
                    kind: "number".into(),
                    min: min.to_string(),
                    max: max.to_string(),
                    unit_price: money(*unit_minor),
                    remove: false,
                },
            })
            .collect();
        let rules = c
            .rules
            .iter()
            .map(|r| match r {
                Rule::Requires { when, then } => RuleInput {
                    kind: "requires".into(),
                    a: when.to_string(),
                    b: then.to_string(),
                    ..Default::default()
                },
                Rule::Excludes { a, b } => RuleInput {
                    kind: "excludes".into(),
                    a: a.to_string(),
                    b: b.to_string(),
                    ..Default::default()
                },
                Rule::Range {
                    when,
                    group,
                    min,
                    max,
                } => RuleInput {
                    kind: "range".into(),
                    a: when.to_string(),
                    b: group.clone(),
                    min: min.to_string(),
                    max: max.to_string(),
                    remove: false,
                },
            })
            .collect();
        ConfiguratorEdit {
            seen: p.updated_at.0.to_string(),
            groups,
            options,
            rules,
        }
    }
}

/// An amount as typed, possibly negative ("-25", "−12,50").
fn signed_amount(raw: &str) -> Result<i64, ()> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(0);
    }
    let (neg, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(r) => (true, r),
        None => (false, t),
    };
    let m = Money::parse_amount(rest.trim()).map_err(|_| ())?;
    Ok(if neg { -m } else { m })
}

fn whole(raw: &str) -> Result<i64, ()> {
    raw.trim().parse::<i64>().map_err(|_| ())
}

/// Builds the configurator a form describes (`None`: no group left, the product is no longer
/// configurable), with the form's errors: each problem on the row and field it comes from.
pub fn configurator_of(e: &ConfiguratorEdit) -> Result<Option<Configurator>, FieldErrors> {
    let mut errors = FieldErrors::default();
    let blank = |fields: &[&str]| fields.iter().all(|f| f.trim().is_empty());
    let key = |s: &str| s.trim().to_lowercase();
    // Rows kept, with their row numbers, in the form's order.
    let groups: Vec<(usize, &GroupInput)> = e
        .groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.remove && !blank(&[&g.key, &g.name_fr, &g.name_en]))
        .collect();
    let options: Vec<(usize, &OptionInput)> = e
        .options
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.remove && !blank(&[&o.key, &o.name_fr, &o.name_en, &o.price]))
        .collect();
    let rules: Vec<(usize, &RuleInput)> = e
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.remove && !blank(&[&r.a, &r.b, &r.min, &r.max]))
        .collect();
    let mut c = Configurator::default();
    for (i, g) in &groups {
        let kind = if g.kind == "number" {
            let min = whole(&g.min);
            let max = whole(&g.max);
            let unit = signed_amount(&g.unit_price).ok().filter(|m| *m >= 0);
            if min.is_err() {
                errors.add_named(format!("g.{i}.min"), "config-whole-number");
            }
            if max.is_err() {
                errors.add_named(format!("g.{i}.max"), "config-whole-number");
            }
            if unit.is_none() {
                errors.add_named(format!("g.{i}.unit_price"), "config-bad-price");
            }
            GroupKind::Number {
                min: min.unwrap_or(0),
                max: max.unwrap_or(0),
                unit_minor: unit.unwrap_or(0),
            }
        } else {
            let mut list = Vec::new();
            for (j, o) in options.iter().filter(|(_, o)| key(&o.group) == key(&g.key)) {
                match signed_amount(&o.price) {
                    Ok(price_minor) => list.push(ConfigChoice {
                        key: key(&o.key),
                        name: Texts::new(o.name_fr.trim(), o.name_en.trim()),
                        price_minor,
                    }),
                    Err(()) => errors.add_named(format!("o.{j}.price"), "config-bad-price"),
                }
            }
            GroupKind::Choice { options: list }
        };
        c.groups.push(OptionGroup {
            key: key(&g.key),
            name: Texts::new(g.name_fr.trim(), g.name_en.trim()),
            kind,
        });
    }
    for (j, o) in &options {
        if !groups
            .iter()
            .any(|(_, g)| g.kind != "number" && key(&g.key) == key(&o.group))
        {
            errors.add_named(format!("o.{j}.group"), "config-bad-group");
        }
    }
    for (i, r) in &rules {
        let a = r.a.trim().to_lowercase().parse::<OptionRef>();
        let b_ref = r.b.trim().to_lowercase().parse::<OptionRef>();
        let rule = match (r.kind.as_str(), a) {
            ("requires", Ok(when)) => b_ref.ok().map(|then| Rule::Requires { when, then }),
            ("excludes", Ok(a)) => b_ref.ok().map(|b| Rule::Excludes { a, b }),
            ("range", Ok(when)) => match (whole(&r.min), whole(&r.max)) {
                (Ok(min), Ok(max)) => Some(Rule::Range {
                    when,
                    group: key(&r.b),
                    min,
                    max,
                }),
                _ => {
                    errors.add_named(format!("r.{i}.min"), "config-whole-number");
                    continue;
                }
            },
            _ => None,
        };
        match rule {
            Some(rule) => c.rules.push(rule),
            None => errors.add_named(format!("r.{i}"), "config-bad-rule"),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if c.groups.is_empty() {
        return if c.rules.is_empty() {
            Ok(None)
        } else {
            let mut errors = FieldErrors::default();
            errors.add("configurator", "config-no-group");
            Err(errors)
        };
    }
    let group_row = |k: &str| {
        groups
            .iter()
            .find(|(_, g)| key(&g.key) == k)
            .map(|(i, _)| *i)
    };
    let option_row = |k: &str| {
        let (g, o) = k.split_once('.')?;
        options
            .iter()
            .find(|(_, x)| key(&x.group) == g && key(&x.key) == o)
            .map(|(i, _)| *i)
    };
    for p in c.check() {
        match p {
            ConfigProblem::NoGroup => errors.add("configurator", "config-no-group"),
            ConfigProblem::TooMany => errors.add("configurator", "config-too-many"),
            ConfigProblem::TooIntricate => errors.add("configurator", "config-too-intricate"),
            ConfigProblem::BadKey(k) => match (option_row(&k), group_row(&k)) {
                (Some(j), _) => errors.add_named(format!("o.{j}.key"), "config-bad-key"),
                (None, Some(i)) => errors.add_named(format!("g.{i}.key"), "config-bad-key"),
                (None, None) => errors.add("configurator", "config-bad-key"),
            },
            ConfigProblem::Unnamed(k) => match (option_row(&k), group_row(&k)) {
                (Some(j), _) => errors.add_named(format!("o.{j}.name_fr"), "config-unnamed"),
                (None, Some(i)) => errors.add_named(format!("g.{i}.name_fr"), "config-unnamed"),
                (None, None) => errors.add("configurator", "config-unnamed"),
            },
            ConfigProblem::NoOption(k) => match group_row(&k) {
                Some(i) => errors.add_named(format!("g.{i}.key"), "config-no-option"),
                None => errors.add("configurator", "config-no-option"),
            },
            ConfigProblem::BadRange(k) => match group_row(&k) {
                Some(i) => errors.add_named(format!("g.{i}.min"), "config-bad-range"),
                None => errors.add("configurator", "config-bad-range"),
            },
            ConfigProblem::BadPrice(k) => match (option_row(&k), group_row(&k)) {
                (Some(j), _) => errors.add_named(format!("o.{j}.price"), "config-bad-price"),
                (None, Some(i)) => {
                    errors.add_named(format!("g.{i}.unit_price"), "config-bad-price")
                }
                (None, None) => errors.add("configurator", "config-bad-price"),
            },
            ConfigProblem::BadRule(n) => {
                let row = rules.get(n).map(|(i, _)| *i).unwrap_or(n);
                errors.add_named(format!("r.{row}"), "config-bad-rule");
            }
            ConfigProblem::Unsatisfiable(list) => {
                errors.add("configurator", "config-unsatisfiable");
                for n in list {
                    let row = rules.get(n).map(|(i, _)| *i).unwrap_or(n);
                    errors.add_named(format!("r.{row}"), "config-rule-conflict");
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(Some(c))
    } else {
        Err(errors)
    }
}

/// A configurable product as a contact configures it.
#[derive(Clone, Debug)]
pub struct ConfigView {
    pub product: Product,
    pub configurator: Configurator,
    /// What is chosen so far (group → option key or number as typed).
    pub selection: Selection,
    /// The product's unit price for the account, before options.
    pub base: Money,
    /// The unit price with the options, once the configuration is complete and valid.
    pub unit: Option<Money>,
    /// Per choice group, the options still possible with the other choices.
    pub allowed: BTreeMap<String, Vec<String>>,
    /// Per number group, the range the choices allow.
    pub ranges: BTreeMap<String, (i64, i64)>,
    /// What is wrong with the groups answered so far.
    pub problems: BTreeMap<String, ChoiceProblem>,
    /// "Group: option; …" in the reader's language.
    pub summary: String,
    /// The contact may ask for a quote.
    pub may_ask: bool,
}

impl Portal {
    /// Staff save a product's configurator from its form (journaled), if the product was not
    /// changed since the page was shown; no group left makes it an ordinary product again.
    pub async fn save_configurator(
        &self,
        actor: &User,
        client: &Client,
        product: ProductId,
        edit: &ConfiguratorEdit,
    ) -> CoreResult<()> {
        require(actor, Action::ManageCatalog)?;
        let p = self
            .store
            .product(actor.tenant_id, product)
            .await?
            .ok_or(CoreError::NotFound)?;
        let seen = edit
            .seen
            .trim()
            .parse::<i64>()
            .map(Millis)
            .map_err(|_| CoreError::Conflict)?;
        let c = configurator_of(edit).map_err(CoreError::Invalid)?;
        let at = Millis(Millis::now().0.max(seen.0 + 1));
        let detail = match &c {
            Some(c) => format!(
                "{} — {} groups, {} rules",
                p.sku,
                c.groups.len(),
                c.rules.len()
            ),
            None => format!("{} — none", p.sku),
        };
        let entry = self.journal_entry(
            actor,
            client,
            crate::journal::Event {
                action: "product.configurator",
                object_kind: "product",
                object_id: p.id.0,
                customer: None,
                project: None,
                detail,
            },
        );
        match self
            .journaled(
                vec![entry],
                self.store
                    .set_product_configurator(actor.tenant_id, product, c.as_ref(), seen, at),
            )
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// A configurable product the account may buy, configured as `sel` says so far.
    pub async fn configure(
        &self,
        s: &SignedIn,
        account: &Account,
        product: ProductId,
        sel: &Selection,
    ) -> CoreResult<ConfigView> {
        require_in(&s.user, account, Module::Orders, Op::Create)?;
        let (p, base) = self.sellable(account, product).await?;
        let c = p.configurator.clone().ok_or(CoreError::NotFound)?;
        // Only the groups the configurator has; values as typed, trimmed and bounded.
        let selection: Selection = c
            .groups
            .iter()
            .filter_map(|g| {
                let v = sel.get(&g.key)?.trim();
                (!v.is_empty()).then(|| (g.key.clone(), v.chars().take(40).collect()))
            })
            .collect();
        let mut problems = match c.validate(&selection) {
            Ok(()) => BTreeMap::new(),
            Err(p) => p,
        };
        problems.retain(|_, p| *p != ChoiceProblem::Missing);
        let complete = selection.len() == c.groups.len() && problems.is_empty();
        let unit = if complete {
            c.extra_minor(&selection)
                .and_then(|x| base.minor.checked_add(x))
                .filter(|m| (0..=MAX_MINOR).contains(m))
                .map(|m| Money::new(m, base.currency))
        } else {
            None
        };
        let ranges = c
            .groups
            .iter()
            .filter_map(|g| Some((g.key.clone(), c.range_of(&g.key, &selection)?)))
            .collect();
        Ok(ConfigView {
            allowed: c.allowed(&selection),
            summary: c.summary(&selection, s.user.locale),
            may_ask: may_in(&s.user, account, Module::Quotes, Op::Create),
            product: p,
            configurator: c,
            selection,
            base,
            unit,
            ranges,
            problems,
        })
    }

    /// Asks for a quote for a configuration: a draft whose one line is the product as
    /// configured (its name followed by the configuration, at the configured price), the
    /// configuration and the note as the request. Staff are told.
    #[allow(clippy::too_many_arguments)]
    pub async fn ask_configured_quote(
        &self,
        s: &SignedIn,
        account: &Account,
        client: &Client,
        product: ProductId,
        sel: &Selection,
        quantity: &str,
        note: &str,
    ) -> CoreResult<QuoteId> {
        require_in(&s.user, account, Module::Quotes, Op::Create)?;
        let view = self.configure(s, account, product, sel).await?;
        let c = &view.configurator;
        let mut e = FieldErrors::default();
        if let Err(problems) = c.validate(&view.selection) {
            for g in problems.keys() {
                e.add_named(format!("opt.{g}"), "config-choose");
            }
        }
        let quantity = match view.product.quantity(quantity) {
            Ok(q) => view.product.check_quantity(q).map(|_| q).ok(),
            Err(_) => None,
        };
        if quantity.is_none() {
            e.add("quantity", "config-quantity");
        }
        let note = e.check("note", text(note, 2000, false));
        let (Some(unit), Some(quantity), Some(note), true) =
            (view.unit, quantity, note, e.is_empty())
        else {
            if e.is_empty() {
                e.add("configurator", "config-too-large");
            }
            return Err(CoreError::Invalid(e));
        };
        let p = &view.product;
        let described =
            |l: Locale| format!("{} — {}", p.name.get(l), c.summary(&view.selection, l));
        let line = QuoteLine {
            product_id: p.id,
            sku: p.sku.clone(),
            name: Texts {
                fr: described(Locale::Fr).chars().take(500).collect(),
                en: described(Locale::En).chars().take(500).collect(),
            },
            unit: p.unit,
            quantity,
            unit_minor: unit.minor,
            discount_bp: 0,
        };
        let locale = s.user.locale;
        let mut request = c.summary(&view.selection, locale);
        if !note.is_empty() {
            request.push_str("\n\n");
            request.push_str(&note);
        }
        self.file_request(
            s,
            account,
            client,
            p.name.get(locale).chars().take(200).collect(),
            request,
            &[line],
            None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, kind: &str) -> GroupInput {
        GroupInput {
            key: key.into(),
            name_fr: key.into(),
            kind: kind.into(),
            min: "60".into(),
            max: "120".into(),
            unit_price: "1,00".into(),
            ..Default::default()
        }
    }

    fn option(group: &str, key: &str, price: &str) -> OptionInput {
        OptionInput {
            group: group.into(),
            key: key.into(),
            name_fr: key.into(),
            price: price.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_form_becomes_a_configurator_and_back() {
        let edit = ConfiguratorEdit {
            seen: "1".into(),
            groups: vec![
                row("material", "choice"),
                row("width", "number"),
                GroupInput::default(),
            ],
            options: vec![
                option("material", "steel", ""),
                option("material", "wood", "-12,50"),
            ],
            rules: vec![RuleInput {
                kind: "range".into(),
                a: "material.wood".into(),
                b: "width".into(),
                min: "60".into(),
                max: "90".into(),
                remove: false,
            }],
        };
        let c = configurator_of(&edit).unwrap().unwrap();
        assert_eq!(c.groups.len(), 2);
        let GroupKind::Choice { options } = &c.groups[0].kind else {
            panic!("{c:?}")
        };
        assert_eq!(options[1].price_minor, -1250);
        assert_eq!(
            c.groups[1].kind,
            GroupKind::Number {
                min: 60,
                max: 120,
                unit_minor: 100
            }
        );
        // Nothing left: an ordinary product again.
        assert_eq!(configurator_of(&ConfiguratorEdit::default()).unwrap(), None);
    }

    #[test]
    fn each_problem_lands_on_its_row() {
        let edit = ConfiguratorEdit {
            seen: "1".into(),
            groups: vec![row("material", "choice"), row("glazing", "choice")],
            options: vec![
                option("material", "wood", ""),
                option("glazing", "none", ""),
                option("colour", "red", ""),
                option("glazing", "double", "abc"),
            ],
            rules: vec![],
        };
        let e = configurator_of(&edit).unwrap_err();
        assert_eq!(e.get("o.2.group"), Some("config-bad-group"));
        assert_eq!(e.get("o.3.price"), Some("config-bad-price"));
        // With wood and no glazing the only options, "no glazing excludes wood" leaves nothing
        // by itself: that rule is named, not the one beside it.
        let edit = ConfiguratorEdit {
            options: vec![
                option("material", "wood", ""),
                option("glazing", "none", ""),
            ],
            rules: vec![
                RuleInput::default(),
                RuleInput {
                    kind: "requires".into(),
                    a: "material.wood".into(),
                    b: "glazing.none".into(),
                    ..Default::default()
                },
                RuleInput {
                    kind: "excludes".into(),
                    a: "glazing.none".into(),
                    b: "material.wood".into(),
                    ..Default::default()
                },
                RuleInput {
                    kind: "requires".into(),
                    a: "material.gold".into(),
                    b: "glazing.none".into(),
                    remove: true,
                    ..Default::default()
                },
            ],
            ..edit
        };
        let e = configurator_of(&edit).unwrap_err();
        assert_eq!(e.get("configurator"), Some("config-unsatisfiable"));
        assert_eq!(e.get("r.1"), None);
        assert_eq!(e.get("r.2"), Some("config-rule-conflict"));
        assert_eq!(e.get("r.3"), None, "a removed row is gone");
    }
}
