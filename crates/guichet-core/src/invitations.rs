//! Inviting many contacts at once: a selection of existing contacts, or a CSV file of new ones
//! (name, email, company number, role), with a report of what happened to each.
use guichet_domain::*;

use crate::Portal;
use crate::access::{Action, require};
use crate::accounts::ContactInput;
use crate::error::{CoreError, CoreResult};

/// Rows read from one CSV file at most.
pub const MAX_IMPORT_ROWS: usize = 1000;

/// What happened to one contact or one CSV row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportLine {
    /// The CSV line number (1-based), or 0 for a selected contact.
    pub line: usize,
    pub name: String,
    pub email: String,
    /// `None`: invited. `Some(key)`: why not (a message catalog key).
    pub problem: Option<&'static str>,
}

impl ReportLine {
    pub fn invited(&self) -> bool {
        self.problem.is_none()
    }
}

fn first_problem(e: &CoreError) -> &'static str {
    match e {
        CoreError::Invalid(f) => {
            f.0.first()
                .map(|x| x.message_key)
                .unwrap_or("error-invalid")
        }
        _ => "import-row-failed",
    }
}

impl Portal {
    /// Sends invitations to these contacts (ids of the tenant). Those already active or
    /// deactivated are reported, not invited.
    pub async fn invite_selected(
        &self,
        actor: &User,
        tenant: &Tenant,
        ids: &[UserId],
    ) -> CoreResult<Vec<ReportLine>> {
        require(actor, Action::ManageContacts)?;
        if ids.is_empty() {
            return Err(CoreError::field("members", "error-select-contacts"));
        }
        let mut report = Vec::new();
        for id in ids {
            let (u, _) = self.contact(actor, *id).await?;
            let problem = if !u.active {
                Some("import-deactivated")
            } else if u.password_hash.is_some() {
                Some("import-already-active")
            } else {
                None
            };
            if problem.is_none() {
                self.issue_link(tenant, &u, TokenPurpose::Invitation)
                    .await?;
            }
            report.push(ReportLine {
                line: 0,
                name: u.name,
                email: u.email.to_string(),
                problem,
            });
        }
        Ok(report)
    }

    /// Creates and invites the contacts of a CSV file: `name, email, company number, role`
    /// (role by name, empty for the default role; an optional fifth column gives the language,
    /// else the company's). A first line that holds no email is taken as a header. Each row
    /// stands alone: a bad row is reported and the others go on.
    pub async fn import_invitations(
        &self,
        actor: &User,
        tenant: &Tenant,
        csv_text: &str,
    ) -> CoreResult<Vec<ReportLine>> {
        require(actor, Action::ManageContacts)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|_| CoreError::field("file", "import-unreadable"))?;
            if rows.len() >= MAX_IMPORT_ROWS {
                return Err(CoreError::field("file", "import-too-many"));
            }
            let cell = |n: usize| record.get(n).unwrap_or("").to_string();
            if i == 0 && !cell(1).contains('@') {
                continue; // a header
            }
            if record.iter().all(|c| c.is_empty()) {
                continue;
            }
            rows.push((i + 1, cell(0), cell(1), cell(2), cell(3), cell(4)));
        }
        if rows.is_empty() {
            return Err(CoreError::field("file", "import-empty"));
        }
        let roles = self.store.roles(actor.tenant_id).await?;
        let mut seen: Vec<String> = Vec::new();
        let mut report = Vec::new();
        for (line, name, email, number, role_name, locale) in rows {
            let mut out = ReportLine {
                line,
                name: name.clone(),
                email: email.clone(),
                problem: None,
            };
            let key = email.to_lowercase();
            if seen.contains(&key) {
                out.problem = Some("import-duplicate");
                report.push(out);
                continue;
            }
            seen.push(key);
            let customer = match self
                .store
                .customer_by_number(actor.tenant_id, &number)
                .await?
            {
                Some(c) => c,
                None => {
                    out.problem = Some("import-unknown-company");
                    report.push(out);
                    continue;
                }
            };
            let role = if role_name.is_empty() {
                roles.iter().find(|(r, _)| r.is_default)
            } else {
                roles
                    .iter()
                    .find(|(r, _)| r.name.to_lowercase() == role_name.to_lowercase())
            };
            let Some((role, _)) = role else {
                out.problem = Some("import-unknown-role");
                report.push(out);
                continue;
            };
            let input = ContactInput {
                role: String::new(),
                name,
                email,
                phone: String::new(),
                locale: if locale.is_empty() {
                    customer.locale.code().to_string()
                } else {
                    locale.to_lowercase()
                },
            };
            if let Err(e) = self
                .create_member(
                    actor,
                    tenant,
                    &crate::Client::default(),
                    customer.id,
                    role.id,
                    &input,
                    true,
                )
                .await
            {
                out.problem = Some(first_problem(&e));
            }
            report.push(out);
        }
        Ok(report)
    }
}
