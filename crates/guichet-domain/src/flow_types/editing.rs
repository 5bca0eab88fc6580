//! Changing a flow definition: new keys, moving and removing steps, versioning terms.
use super::{FlowDef, SubStatus, TermsVersion};
use crate::Millis;

impl FlowDef {
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

#[cfg(test)]
mod tests {
    use super::super::fixtures::def;
    use super::super::*;
    use crate::FlowAction;

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
}
