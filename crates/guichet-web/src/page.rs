//! What every page template knows: tenant, language, user, CSRF token, and the catalogs.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use guichet_core::access::{Action, may, may_in};
use guichet_domain::{Locale, Millis, Module, Op, Tenant, TimeZone, UserKind};
use guichet_i18n::{Catalogs, format};

use crate::AppState;
use crate::extract::Visitor;

/// A moment shown relative to now ("il y a 2 heures"), with its date and time for a tooltip
/// and its ISO form for `<time datetime>`.
pub struct Moment {
    pub text: String,
    pub full: String,
    pub iso: String,
}

#[derive(Clone)]
pub struct PageCtx {
    pub tenant: Arc<Tenant>,
    pub locale: Locale,
    pub catalogs: Arc<Catalogs>,
    pub csrf: String,
    pub user_name: Option<String>,
    pub is_staff: bool,
    pub is_contact: bool,
    pub can_outbox: bool,
    /// The contact's role in their current account shows "My company".
    pub can_company: bool,
    /// … and "Colleagues".
    pub can_colleagues: bool,
    /// … and "Projects", "Documents" in the main navigation.
    pub can_projects: bool,
    pub can_documents: bool,
    /// … and "Order" (the catalog and cart), "Orders".
    pub can_order: bool,
    pub can_orders: bool,
    pub can_quotes: bool,
    pub can_invoices: bool,
    /// May ask for a quote (from the cart too).
    pub can_ask_quote: bool,
    /// Unread notifications (the bell's count).
    pub unread: i64,
    /// Current path and query, where the language switch returns.
    pub here: String,
    /// Which navigation entry is current.
    pub nav: &'static str,
    /// Where times are shown: the user's zone, else eastern Canada.
    pub time_zone: TimeZone,
    /// The tenant's largest upload, in bytes (shown beside file fields).
    pub max_upload_bytes: u64,
    /// The signed-in visitor and where they are, for the journal if they are refused.
    pub who: Option<crate::refusals::Who>,
    /// Some time of day was shown: the footer names the time zone (once per page).
    times_shown: Arc<AtomicBool>,
}

impl PageCtx {
    pub fn new(state: &AppState, v: &Visitor) -> Self {
        PageCtx {
            tenant: v.tenant.clone(),
            locale: v.locale,
            catalogs: state.portal.catalogs.clone(),
            csrf: v.csrf.clone(),
            user_name: v.user().map(|u| u.name.clone()),
            is_staff: v.user().is_some_and(|u| u.kind == UserKind::Staff),
            is_contact: v.user().is_some_and(|u| u.kind == UserKind::Contact),
            can_outbox: v.user().is_some_and(|u| may(u, Action::ViewOutbox)),
            can_company: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Company, Op::View))
            }),
            can_colleagues: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| state.portal.may_see_colleagues(s, a))
            }),
            can_projects: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Projects, Op::View))
            }),
            can_documents: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Documents, Op::View))
            }),
            can_order: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Orders, Op::Create))
            }),
            can_orders: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Orders, Op::View))
            }),
            can_quotes: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Quotes, Op::View))
            }),
            can_invoices: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Invoices, Op::View))
            }),
            can_ask_quote: v.signed.as_deref().is_some_and(|s| {
                state
                    .portal
                    .portal_account(s, v.account_choice)
                    .is_ok_and(|a| may_in(&s.user, a, Module::Quotes, Op::Create))
            }),
            unread: v.signed.as_deref().map_or(0, |s| s.unread),
            here: v.here.clone(),
            max_upload_bytes: state.portal.upload_limit(&v.tenant),
            nav: "",
            time_zone: v.user().map(|u| u.time_zone.clone()).unwrap_or_default(),
            who: v.signed.clone().map(|signed| crate::refusals::Who {
                signed,
                client: v.client.clone(),
            }),
            times_shown: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn with_nav(mut self, nav: &'static str) -> Self {
        self.nav = nav;
        self
    }

    pub fn t(&self, key: &str) -> String {
        self.catalogs.t(self.locale, key)
    }

    /// A message in another language than the reader's (a preview of what others get).
    pub fn t_in(&self, locale: Locale, key: &str) -> String {
        self.catalogs.t(locale, key)
    }

    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.catalogs.t_with(self.locale, key, &[(name, value)])
    }

    pub fn t2(&self, key: &str, a: (&str, &str), b: (&str, &str)) -> String {
        self.catalogs.t_with(self.locale, key, &[a, b])
    }

    pub fn t_args(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.catalogs.t_with(self.locale, key, args)
    }

    pub fn lang(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "fr-CA",
            Locale::En => "en-CA",
        }
    }

    /// The other language, offered by the switch.
    pub fn other_locale(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "en",
            Locale::En => "fr",
        }
    }

    pub fn other_locale_name(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "English",
            Locale::En => "Français",
        }
    }

    pub fn other_lang_tag(&self) -> &'static str {
        match self.locale {
            Locale::Fr => "en",
            Locale::En => "fr",
        }
    }

    /// A date and time for people, in their time zone, without the zone (the footer names it):
    /// "23 novembre 2026, 11 h 05" / "November 23, 2026 at 11:05 a.m.".
    pub fn when(&self, at: Millis) -> String {
        self.times_shown.store(true, Ordering::Relaxed);
        format::date_time(self.locale, &self.time_zone, at)
    }

    /// A calendar date kept as `YYYY-MM-DD`, for people: "5 décembre 2026" (anything else
    /// as it is; empty stays empty).
    pub fn day(&self, iso: &str) -> String {
        format::calendar_date(self.locale, iso)
    }

    /// From `start` to `end`, the day named once when they share it:
    /// "10 décembre 2026, 8 h 30 à 12 h".
    pub fn time_range(&self, start: Millis, end: Millis) -> String {
        self.times_shown.store(true, Ordering::Relaxed);
        format::time_range(&self.catalogs, self.locale, &self.time_zone, start, end)
    }

    /// How long ago, for recent moments ("il y a 2 heures"); the date past a week.
    pub fn ago(&self, at: Millis) -> String {
        format::relative(
            &self.catalogs,
            self.locale,
            &self.time_zone,
            at,
            Millis::now(),
        )
    }

    /// A moment as [`Moment`]: relative text, full date and time, ISO.
    pub fn moment(&self, at: Millis) -> Moment {
        Moment {
            text: self.ago(at),
            full: self.when(at),
            iso: self.iso(at),
        }
    }

    /// The instant for a `<time datetime="…">` attribute (ISO 8601 with the offset).
    pub fn iso(&self, at: Millis) -> String {
        format::datetime_attribute(&self.time_zone, at)
    }

    /// A file size in the visitor's units: "1,5 Mo" / "1.5 MB".
    pub fn size(&self, bytes: i64) -> String {
        format::size(&self.catalogs, self.locale, bytes)
    }

    /// A whole number with the language's grouping: "12 345" / "12,345".
    pub fn number(&self, n: i64) -> String {
        format::integer(self.locale, n)
    }

    /// The footer's line naming the time zone of the times shown, when the page showed any:
    /// "Heures indiquées : heure de l’Est (Toronto)".
    pub fn zone_line(&self) -> Option<String> {
        if !self.times_shown.load(Ordering::Relaxed) {
            return None;
        }
        let zone = format::zone_name(self.locale, &self.time_zone, Millis::now());
        Some(self.t1("format-zone-shown", "zone", &zone))
    }

    /// An amount of money in the reader's language ("1 234,50 $", "$1,234.50").
    pub fn money(&self, minor: &i64, currency: &guichet_domain::Currency) -> String {
        guichet_i18n::format::money(self.locale, *minor, currency.code())
    }

    /// An instant for people, in their time zone (for values templates hold by reference).
    pub fn at(&self, at: &Millis) -> String {
        self.when(*at)
    }

    /// A text of both languages in the reader's.
    pub fn text<'a>(&self, t: &'a guichet_domain::Texts) -> &'a str {
        t.get(self.locale)
    }

    /// A whole number in the reader's language (for values templates hold by reference).
    pub fn count(&self, n: &i64) -> String {
        self.number(*n)
    }

    /// A language's own name, for display.
    pub fn language_name(&self, locale: &Locale) -> &'static str {
        match locale {
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    pub fn current(&self, nav: &str) -> &'static str {
        if self.nav == nav { "page" } else { "false" }
    }
}
