//! Message catalogs (Fluent), French (Quebec) and English, embedded in the binary.
pub mod format;

use std::collections::HashSet;
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use guichet_domain::Locale;

const FR: &str = include_str!("../locales/fr.ftl");
const EN: &str = include_str!("../locales/en.ftl");

pub struct Catalogs {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
    /// Messages (language, key) that could not be formatted as written, each logged once.
    failed: Mutex<HashSet<(Locale, String)>>,
}

fn bundle(lang: &str, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let id: unic_langid::LanguageIdentifier = lang.parse().map_err(|e| format!("{lang}: {e:?}"))?;
    let res = FluentResource::try_new(source.to_string())
        .map_err(|(_, errs)| format!("{lang}: {errs:?}"))?;
    let mut b = FluentBundle::new_concurrent(vec![id]);
    b.set_use_isolating(false);
    b.add_resource(res)
        .map_err(|errs| format!("{lang}: {errs:?}"))?;
    Ok(b)
}

impl Catalogs {
    pub fn load() -> Result<Self, String> {
        Ok(Catalogs {
            fr: bundle("fr-CA", FR)?,
            en: bundle("en-CA", EN)?,
            failed: Mutex::new(HashSet::new()),
        })
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }

    /// The message for `key`; the key itself if missing (a test keeps catalogs complete).
    pub fn t(&self, locale: Locale, key: &str) -> String {
        self.format(locale, key, None)
    }

    pub fn t_with(&self, locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            // A plain whole number is passed as a number, so plural forms can select on it.
            let number = !v.is_empty()
                && v.len() < 10
                && v.bytes().all(|b| b.is_ascii_digit())
                && (v.len() == 1 || !v.starts_with('0'));
            match v.parse::<i64>() {
                Ok(n) if number => fa.set(*k, FluentValue::from(n)),
                _ => fa.set(*k, FluentValue::from(*v)),
            }
        }
        self.format(locale, key, Some(&fa))
    }

    /// The message as well as it can be written: a missing message shows its key, a missing
    /// argument its name; either is logged (once per message and language), never silent.
    fn format(&self, locale: Locale, key: &str, args: Option<&FluentArgs>) -> String {
        let b = self.bundle(locale);
        match b.get_message(key).and_then(|m| m.value()) {
            Some(pattern) => {
                let mut errors = vec![];
                let text = b.format_pattern(pattern, args, &mut errors).into_owned();
                if !errors.is_empty() {
                    self.note_failure(locale, key, &errors);
                }
                text
            }
            None => {
                self.note_failure(locale, key, &[]);
                key.to_string()
            }
        }
    }

    fn note_failure(&self, locale: Locale, key: &str, errors: &[FluentError]) {
        let first = self
            .failed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert((locale, key.to_string()));
        if !first {
            return;
        }
        if errors.is_empty() {
            tracing::warn!(
                locale = locale.code(),
                key,
                "message missing from the catalog"
            );
        } else {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            tracing::warn!(
                locale = locale.code(),
                key,
                errors = errors.join("; "),
                "message formatted with errors; its best-effort text is shown"
            );
        }
    }

    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.bundle(locale).has_message(key)
    }

    /// Every message id of a language's catalog.
    pub fn keys(locale: Locale) -> Vec<String> {
        let src = match locale {
            Locale::Fr => FR,
            Locale::En => EN,
        };
        src.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }
}

#[cfg(test)]
mod plural_tests {
    use super::*;

    #[test]
    fn whole_numbers_select_plural_forms() {
        let c = Catalogs::load().unwrap();
        let one = c.t_with(Locale::En, "flow-projects-count", &[("count", "1")]);
        let many = c.t_with(Locale::Fr, "flow-projects-count", &[("count", "12")]);
        assert!(
            one.contains("1 project") && !one.contains("projects"),
            "{one}"
        );
        assert!(many.contains("12") && many.contains("projets"), "{many}");
        // Not numbers: left as text.
        let code = c.t_with(Locale::En, "flow-projects-count", &[("count", "007")]);
        assert!(code.contains("007"), "{code}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogs_load_and_have_the_same_keys() {
        let c = Catalogs::load().unwrap();
        let mut fr = Catalogs::keys(Locale::Fr);
        let mut en = Catalogs::keys(Locale::En);
        fr.sort();
        en.sort();
        let only_fr: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        assert!(
            only_fr.is_empty() && only_en.is_empty(),
            "only in fr: {only_fr:?}; only in en: {only_en:?}"
        );
        for k in &fr {
            assert!(
                c.has(Locale::Fr, k) && c.has(Locale::En, k),
                "{k} does not parse"
            );
        }
        assert_eq!(c.t(Locale::Fr, "sign-in"), "Se connecter");
        assert_eq!(c.t(Locale::En, "sign-in"), "Sign in");
    }

    #[test]
    fn every_document_kind_and_status_has_a_label() {
        use guichet_domain::{DocumentKind, DocumentStatus};
        let c = Catalogs::load().unwrap();
        let keys = DocumentKind::ALL
            .iter()
            .map(|k| k.message_key())
            .chain(DocumentStatus::ALL.iter().map(|s| s.message_key()));
        for key in keys {
            assert!(c.has(Locale::Fr, key) && c.has(Locale::En, key), "{key}");
        }
    }

    #[test]
    fn arguments_are_substituted() {
        let c = Catalogs::load().unwrap();
        assert!(
            c.t_with(Locale::En, "home-hello", &[("name", "Léa")])
                .contains("Léa")
        );
    }
}

#[cfg(test)]
mod failure_tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    /// Log lines written while `f` runs.
    fn logs_of(f: impl FnOnce()) -> String {
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl Write for Buffer {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, f);
        String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn formatting_errors_are_logged_once_per_message_and_language() {
        let c = Catalogs::load().unwrap();
        let mut shown = Vec::new();
        let logs = logs_of(|| {
            // `home-hello` needs a name: formatted without one, three times, in two languages.
            shown.push(c.t(Locale::En, "home-hello"));
            shown.push(c.t(Locale::En, "home-hello"));
            shown.push(c.t(Locale::Fr, "home-hello"));
            // A message no catalog has: its key is shown, and said once.
            shown.push(c.t(Locale::Fr, "no-such-message"));
            shown.push(c.t(Locale::Fr, "no-such-message"));
            // Formatted as written: nothing to say.
            shown.push(c.t_with(Locale::En, "home-hello", &[("name", "Léa")]));
        });
        assert!(shown[0].starts_with("Hello"), "best effort: {}", shown[0]);
        assert_eq!(shown[3], "no-such-message");
        assert_eq!(shown[5], "Hello Léa");
        let lines: Vec<&str> = logs.lines().collect();
        let about = |key: &str, locale: &str| {
            lines
                .iter()
                .filter(|l| l.contains("WARN") && l.contains(key) && l.contains(locale))
                .count()
        };
        assert_eq!(about("home-hello", "locale=\"en\""), 1, "{logs}");
        assert_eq!(about("home-hello", "locale=\"fr\""), 1, "{logs}");
        assert_eq!(about("no-such-message", "locale=\"fr\""), 1, "{logs}");
        assert_eq!(lines.len(), 3, "nothing else: {logs}");
    }
}
