//! Reminder rules: staff who manage invoices list the provider's rules, add one (its texts
//! the defaults in both languages), change its days, its texts or pause it, delete it; and see
//! the latest reminders and what became of each.
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::routing::{get, post};
use guichet_core::billing::RuleInput;
use guichet_core::{CoreError, FieldErrors};
use guichet_domain::{Job, JobOutcome, Locale, ReminderKind, ReminderRule, ReminderRuleId};
use serde::Deserialize;

use crate::AppState;
use crate::error::{InPage, PageResult};
use crate::extract::{CsrfForm, IdPath, Signed};
use crate::page::PageCtx;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/settings/reminders", get(rules_page).post(add_rule))
        .route(
            "/staff/settings/reminders/{id}",
            get(rule_page).post(save_rule),
        )
        .route("/staff/settings/reminders/{id}/delete", post(delete_rule))
}

/// One reminder as the list shows it.
pub struct ReminderLine {
    pub at: guichet_domain::Millis,
    pub document_link: String,
    pub document_key: &'static str,
    pub number: String,
    pub rule: String,
    pub outcome_key: &'static str,
    pub outcome_class: &'static str,
}

/// What a reminder job's payload tells of its document.
#[derive(Deserialize, Default)]
struct Payload {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    document: uuid::Uuid,
    #[serde(default)]
    number: i64,
}

pub fn rule_label(ctx: &PageCtx, kind: ReminderKind, days: i64) -> String {
    ctx.t1(
        &format!("reminder-rule-{}", kind.code()),
        "days",
        &days.to_string(),
    )
}

/// The reminders of `jobs` as lines, each named by its rule (when it still exists).
pub fn reminder_lines(ctx: &PageCtx, jobs: &[Job], rules: &[ReminderRule]) -> Vec<ReminderLine> {
    jobs.iter()
        .map(|j| {
            let p: Payload = serde_json::from_str(&j.payload).unwrap_or_default();
            let kind = ReminderKind::parse(&p.kind).unwrap_or(ReminderKind::InvoiceDue);
            let rule_id = j.key.split(':').nth(2).unwrap_or_default();
            let rule = rules
                .iter()
                .find(|r| r.id.0.to_string() == rule_id)
                .map(|r| rule_label(ctx, r.kind, r.days))
                .unwrap_or_else(|| ctx.t("reminder-rule-deleted"));
            let (document_link, document_key) = match kind {
                ReminderKind::QuoteExpiring => {
                    (format!("/staff/quotes/{}", p.document), "quote-number")
                }
                _ => (format!("/staff/invoices/{}", p.document), "invoice-number"),
            };
            let (outcome_key, outcome_class) = match j.outcome {
                JobOutcome::Pending => ("reminder-outcome-pending", "warn"),
                JobOutcome::Done => ("reminder-outcome-done", "ok"),
                JobOutcome::Dropped => ("reminder-outcome-dropped", "off"),
                JobOutcome::Superseded => ("reminder-outcome-superseded", "off"),
                JobOutcome::Failed => ("reminder-outcome-failed", "err"),
            };
            ReminderLine {
                at: j.done_at.unwrap_or(j.created_at),
                document_link,
                document_key,
                number: p.number.to_string(),
                rule,
                outcome_key,
                outcome_class,
            }
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_reminders.html")]
struct RulesPage {
    ctx: PageCtx,
    rules: Vec<ReminderRule>,
    recent: Vec<ReminderLine>,
    kinds: Vec<ReminderKind>,
    kind: String,
    days: String,
    notice: Option<String>,
    errors: FieldErrors,
}

impl RulesPage {
    fn label(&self, r: &ReminderRule) -> String {
        rule_label(&self.ctx, r.kind, r.days)
    }
    fn subject(&self, r: &ReminderRule) -> String {
        r.subject.get(self.ctx.locale).to_string()
    }
    fn kind_name(&self, k: &ReminderKind) -> String {
        self.ctx.t(&format!("reminder-kind-{}", k.code()))
    }
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    #[serde(default)]
    done: String,
}

async fn rules_page(
    State(state): State<AppState>,
    s: Signed,
    Query(q): Query<DoneQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let notice = match q.done.as_str() {
        "added" => Some(ctx.t("notice-reminder-added")),
        "saved" => Some(ctx.t("notice-reminder-saved")),
        "deleted" => Some(ctx.t("notice-reminder-deleted")),
        _ => None,
    };
    rules_view(&state, &s, ctx, notice, FieldErrors::default(), "", "").await
}

async fn rules_view(
    state: &AppState,
    s: &Signed,
    ctx: PageCtx,
    notice: Option<String>,
    errors: FieldErrors,
    kind: &str,
    days: &str,
) -> PageResult {
    let rules = state.portal.reminder_rules(&s.user).await.in_page(&ctx)?;
    let jobs = state
        .portal
        .recent_reminders(&s.user, 50)
        .await
        .in_page(&ctx)?;
    let recent = reminder_lines(&ctx, &jobs, &rules);
    Ok(RulesPage {
        rules,
        recent,
        kinds: ReminderKind::ALL.to_vec(),
        kind: kind.to_string(),
        days: days.to_string(),
        notice,
        errors,
        ctx,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
struct AddForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    days: String,
}

async fn add_rule(
    State(state): State<AppState>,
    s: Signed,
    CsrfForm(f): CsrfForm<AddForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    // The new rule's texts are the defaults of its kind, in both languages.
    let kind = ReminderKind::parse(f.kind.trim());
    let texts = kind.map(|k| state.portal.default_reminder_rule(s.user.tenant_id, k, 0));
    let input = RuleInput {
        kind: f.kind.clone(),
        days: f.days.clone(),
        active: true,
        subject_fr: texts
            .as_ref()
            .map(|t| t.subject.fr.clone())
            .unwrap_or_default(),
        subject_en: texts
            .as_ref()
            .map(|t| t.subject.en.clone())
            .unwrap_or_default(),
        body_fr: texts
            .as_ref()
            .map(|t| t.body.fr.clone())
            .unwrap_or_default(),
        body_en: texts
            .as_ref()
            .map(|t| t.body.en.clone())
            .unwrap_or_default(),
        seen: String::new(),
    };
    match state
        .portal
        .save_reminder_rule(&s.user, &s.v.client, None, &input)
        .await
    {
        Ok(_) => Ok(Redirect::to("/staff/settings/reminders?done=added").into_response()),
        Err(CoreError::Invalid(mut errors)) => {
            // A kind that is not one leaves the texts empty: say it once, on the kind.
            if kind.is_none() {
                errors = FieldErrors::default();
                errors.add("kind", "error-reminder-kind");
            }
            let mut page = rules_view(&state, &s, ctx, None, errors, &f.kind, &f.days).await?;
            *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(page)
        }
        Err(e) => Err(ctx.refuse(e)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_reminder.html")]
struct RulePage {
    ctx: PageCtx,
    rule: ReminderRule,
    input: RuleInput,
    notice: Option<String>,
    errors: FieldErrors,
}

impl RulePage {
    fn label(&self) -> String {
        rule_label(&self.ctx, self.rule.kind, self.rule.days)
    }
    /// The email as a contact would get it in `lang` (`fr` or `en`), from the texts as typed,
    /// with example values: (subject, message).
    fn preview(&self, lang: &str) -> (String, String) {
        let locale = if lang == "en" { Locale::En } else { Locale::Fr };
        let (subject, body) = match locale {
            Locale::Fr => (&self.input.subject_fr, &self.input.body_fr),
            Locale::En => (&self.input.subject_en, &self.input.body_en),
        };
        let today = guichet_domain::TimeZone::default().date(guichet_domain::Millis::now());
        let due = guichet_domain::day_plus(&today, 3).unwrap_or(today);
        let amount = guichet_i18n::format::money(locale, 1_234_567, "CAD");
        let due = guichet_i18n::format::calendar_date(locale, &due);
        let link = format!(
            "{}/portal/{}/…",
            self.ctx.tenant.base_url.trim_end_matches('/'),
            match self.rule.kind {
                ReminderKind::QuoteExpiring => "quotes",
                _ => "invoices",
            }
        );
        let name = self.ctx.t_in(locale, "reminder-example-name");
        let title = self.ctx.t_in(locale, "reminder-example-title");
        let args = [
            ("name", name.as_str()),
            ("provider", self.ctx.tenant.name.as_str()),
            ("company", "Construction Exemple inc."),
            ("number", "1042"),
            ("title", title.as_str()),
            ("amount", amount.as_str()),
            ("due", due.as_str()),
            ("link", link.as_str()),
        ];
        (
            guichet_domain::fill(subject, &args),
            guichet_domain::fill(body, &args),
        )
    }
    fn placeholders(&self) -> String {
        self.rule
            .kind
            .placeholders()
            .iter()
            .map(|p| format!("{{{p}}}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn input_of(r: &ReminderRule) -> RuleInput {
    RuleInput {
        kind: r.kind.code().into(),
        days: r.days.to_string(),
        active: r.active,
        subject_fr: r.subject.fr.clone(),
        subject_en: r.subject.en.clone(),
        body_fr: r.body.fr.clone(),
        body_en: r.body.en.clone(),
        seen: r.updated_at.0.to_string(),
    }
}

async fn find_rule(
    state: &AppState,
    s: &Signed,
    ctx: &PageCtx,
    id: ReminderRuleId,
) -> Result<(ReminderRule, Vec<ReminderRule>), crate::error::PageError> {
    let rules = state.portal.reminder_rules(&s.user).await.in_page(ctx)?;
    let rule = rules
        .iter()
        .find(|r| r.id == id)
        .cloned()
        .ok_or_else(|| ctx.refuse(CoreError::NotFound))?;
    Ok((rule, rules))
}

async fn rule_page(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ReminderRuleId>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let (rule, _) = find_rule(&state, &s, &ctx, id).await?;
    Ok(RulePage {
        input: input_of(&rule),
        rule,
        notice: None,
        errors: FieldErrors::default(),
        ctx,
    }
    .into_response())
}

#[derive(Deserialize, Default)]
struct RuleForm {
    #[serde(default)]
    days: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    subject_fr: String,
    #[serde(default)]
    subject_en: String,
    #[serde(default)]
    body_fr: String,
    #[serde(default)]
    body_en: String,
    #[serde(default)]
    seen: String,
}

async fn save_rule(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ReminderRuleId>,
    CsrfForm(f): CsrfForm<RuleForm>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    let (rule, _) = find_rule(&state, &s, &ctx, id).await?;
    let input = RuleInput {
        kind: rule.kind.code().into(),
        days: f.days,
        active: !f.active.is_empty(),
        subject_fr: f.subject_fr,
        subject_en: f.subject_en,
        body_fr: f.body_fr,
        body_en: f.body_en,
        seen: f.seen,
    };
    let (status, notice, errors) = match state
        .portal
        .save_reminder_rule(&s.user, &s.v.client, Some(id), &input)
        .await
    {
        Ok(_) => return Ok(Redirect::to("/staff/settings/reminders?done=saved").into_response()),
        Err(CoreError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
        // Someone saved it meanwhile: what was typed is shown again, to save over theirs.
        Err(CoreError::Conflict) => (
            StatusCode::CONFLICT,
            Some(ctx.t("reminder-changed-meanwhile")),
            FieldErrors::default(),
        ),
        Err(e) => return Err(ctx.refuse(e)),
    };
    let seen = if status == StatusCode::CONFLICT {
        rule.updated_at.0.to_string()
    } else {
        input.seen.clone()
    };
    let page = RulePage {
        input: RuleInput { seen, ..input },
        rule,
        notice,
        errors,
        ctx,
    };
    Ok((status, page).into_response())
}

async fn delete_rule(
    State(state): State<AppState>,
    s: Signed,
    IdPath(id): IdPath<ReminderRuleId>,
    CsrfForm(_): CsrfForm<DoneQuery>,
) -> PageResult {
    let ctx = s.v.ctx(&state).with_nav("invoices");
    state
        .portal
        .delete_reminder_rule(&s.user, &s.v.client, id)
        .await
        .in_page(&ctx)?;
    Ok(Redirect::to("/staff/settings/reminders?done=deleted").into_response())
}
