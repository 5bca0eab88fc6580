//! Projects (dossiers): staff open them for a customer account; contacts see those their role
//! reaches.
use guichet_domain::*;
use guichet_store::{Account, ProjectQuery, SignedIn, StoreError};

use crate::access::{Action, require, require_in, role_rights};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// A project as typed in the staff form.
#[derive(Clone, Debug, Default)]
pub struct ProjectInput {
    pub title: String,
    pub reference: String,
    pub description: String,
    pub site: String,
    pub starts_on: String,
    pub ends_on: String,
    pub status: String,
}

struct Parsed {
    title: String,
    reference: String,
    description: String,
    site: String,
    starts_on: Option<String>,
    ends_on: Option<String>,
    status: ProjectStatus,
}

fn parse(i: &ProjectInput) -> CoreResult<Parsed> {
    let mut e = FieldErrors::default();
    let title = e.check("title", text(&i.title, 200, true));
    let reference = e.check("reference", text(&i.reference, 50, false));
    let description = e.check("description", text(&i.description, 5000, false));
    let site = e.check("site", text(&i.site, 300, false));
    let starts_on = e.check("starts_on", date(&i.starts_on));
    let ends_on = e.check("ends_on", date(&i.ends_on));
    let status = if i.status.trim().is_empty() {
        Some(ProjectStatus::Open)
    } else {
        ProjectStatus::parse(&i.status)
    };
    if status.is_none() {
        e.add("status", "error-invalid");
    }
    if let (Some(Some(s)), Some(Some(end))) = (&starts_on, &ends_on)
        && end < s
    {
        e.add("ends_on", "error-project-dates");
    }
    match (
        title,
        reference,
        description,
        site,
        starts_on,
        ends_on,
        status,
    ) {
        (
            Some(title),
            Some(reference),
            Some(description),
            Some(site),
            Some(starts_on),
            Some(ends_on),
            Some(status),
        ) if e.is_empty() => Ok(Parsed {
            title,
            reference,
            description,
            site,
            starts_on,
            ends_on,
            status,
        }),
        _ => Err(CoreError::Invalid(e)),
    }
}

impl Portal {
    /// Staff: a customer's projects, newest first.
    pub async fn customer_projects(
        &self,
        actor: &User,
        customer: CustomerId,
    ) -> CoreResult<Vec<Project>> {
        require(actor, Action::ViewCustomers)?;
        Ok(self
            .store
            .projects_of(
                actor.tenant_id,
                customer,
                &ProjectQuery {
                    limit: 200,
                    ..Default::default()
                },
            )
            .await?)
    }

    /// Staff: one project with its customer account.
    pub async fn staff_project(
        &self,
        actor: &User,
        id: ProjectId,
    ) -> CoreResult<(Project, Customer)> {
        require(actor, Action::ViewCustomers)?;
        let p = self
            .store
            .project(actor.tenant_id, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let c = self
            .store
            .customer(actor.tenant_id, p.customer_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        Ok((p, c))
    }

    pub async fn create_project(
        &self,
        actor: &User,
        client: &Client,
        customer: CustomerId,
        input: &ProjectInput,
    ) -> CoreResult<Project> {
        require(actor, Action::ManageCustomers)?;
        let p = parse(input)?;
        let now = Millis::now();
        let project = Project {
            id: ProjectId::new(),
            tenant_id: actor.tenant_id,
            customer_id: customer,
            title: p.title,
            reference: p.reference,
            description: p.description,
            site: p.site,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
            status: p.status,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "project.create",
                object_kind: "project",
                object_id: project.id.0,
                customer: Some(project.customer_id),
                project: Some(project.id),
                detail: project.title.clone(),
            },
        );
        self.journaled(vec![entry], self.store.insert_project(&project))
            .await?;
        Ok(project)
    }

    /// Saves a project if nobody changed it since the form was shown (`version`: its
    /// `updated_at`); else `Conflict` and nothing is written.
    pub async fn update_project(
        &self,
        actor: &User,
        client: &Client,
        id: ProjectId,
        version: i64,
        input: &ProjectInput,
    ) -> CoreResult<Project> {
        require(actor, Action::ManageCustomers)?;
        let (mut project, _) = self.staff_project(actor, id).await?;
        let p = parse(input)?;
        if project.updated_at.0 != version {
            return Err(CoreError::Conflict);
        }
        let expected = project.updated_at;
        project.title = p.title;
        project.reference = p.reference;
        project.description = p.description;
        project.site = p.site;
        project.starts_on = p.starts_on;
        project.ends_on = p.ends_on;
        project.status = p.status;
        project.updated_at = Millis(Millis::now().0.max(expected.0 + 1));
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "project.update",
                object_kind: "project",
                object_id: project.id.0,
                customer: Some(project.customer_id),
                project: Some(project.id),
                detail: format!("{} — {}", project.title, project.status.code()),
            },
        );
        match self
            .journaled(vec![entry], self.store.update_project(&project, expected))
            .await
        {
            Ok(()) => Ok(project),
            Err(StoreError::Conflict { .. }) => Err(CoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// The projects of the contact's account that their role reaches or staff shared with them.
    pub async fn portal_projects(
        &self,
        actor: &SignedIn,
        account: &Account,
        query: &ProjectQuery,
    ) -> CoreResult<Vec<Project>> {
        require_in(&actor.user, account, Module::Projects, Op::View)?;
        let own = matches!(
            account
                .role
                .permissions
                .modules
                .get(&Module::Projects)
                .map(|g| &g.scope),
            Some(Scope::Own)
        );
        let query = ProjectQuery {
            own: own.then_some(actor.user.id),
            limit: query.limit.clamp(1, 200),
            ..query.clone()
        };
        let tenant = account.customer.tenant_id;
        let list = self
            .store
            .projects_of(tenant, account.customer.id, &query)
            .await?;
        Ok(list
            .into_iter()
            .filter(|p| {
                let mine: Vec<Share> = actor
                    .shares
                    .iter()
                    .filter(|s| s.project_id == p.id)
                    .cloned()
                    .collect();
                ProjectRights::new(
                    role_rights(&actor.user, &account.role, account.customer.id, p),
                    actor.user.id,
                    &mine,
                )
                .sees_project()
            })
            .collect())
    }

    /// One project of the contact's account (404 for anything they may not see).
    pub async fn portal_project(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: ProjectId,
    ) -> CoreResult<Project> {
        Ok(self.portal_project_rights(actor, account, id).await?.0)
    }

    /// One project of the contact's account with their rights on it.
    pub async fn portal_project_rights(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: ProjectId,
    ) -> CoreResult<(Project, ProjectRights)> {
        let (p, rights, _) = self.portal_project_head(actor, account, id).await?;
        Ok((p, rights))
    }

    /// One project of the contact's account with their rights on it and its place in its flow
    /// (with the flow type's revision), read in one statement.
    pub async fn portal_project_head(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: ProjectId,
    ) -> CoreResult<(Project, ProjectRights, Option<(ProjectFlow, i64)>)> {
        let (head, rights) = self.portal_head(actor, account, id).await?;
        Ok((head.project, rights, head.flow))
    }

    /// What a contact's project pages read first (one statement; their shares come with their
    /// session), with their rights on the project: 404 for one they may not see.
    pub(crate) async fn portal_head(
        &self,
        actor: &SignedIn,
        account: &Account,
        id: ProjectId,
    ) -> CoreResult<(ProjectHead, ProjectRights)> {
        require_in(&actor.user, account, Module::Projects, Op::View)?;
        let tenant = account.customer.tenant_id;
        let head = self
            .store
            .project_head(tenant, id, actor.user.id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let p = &head.project;
        if p.customer_id != account.customer.id || p.tenant_id != actor.user.tenant_id {
            return Err(CoreError::NotFound);
        }
        let mine: Vec<Share> = actor
            .shares
            .iter()
            .filter(|s| s.project_id == p.id)
            .cloned()
            .collect();
        let rights = ProjectRights::new(
            role_rights(&actor.user, &account.role, account.customer.id, p),
            actor.user.id,
            &mine,
        );
        if rights.sees_project() {
            Ok((head, rights))
        } else {
            Err(CoreError::NotFound)
        }
    }

    /// Staff: who of the provider works on the project (shown to the customer with their email
    /// and phone). Only staff of the tenant are kept; journaled.
    pub async fn set_project_team(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        staff: &[UserId],
    ) -> CoreResult<Vec<User>> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let everyone = self.store.list_staff(p.tenant_id).await?;
        if staff.iter().any(|id| !everyone.iter().any(|u| u.id == *id)) {
            return Err(CoreError::field("team", "error-invalid"));
        }
        let names: Vec<&str> = staff
            .iter()
            .filter_map(|id| everyone.iter().find(|u| u.id == *id))
            .map(|u| u.name.as_str())
            .collect();
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "project.team",
                object_kind: "project",
                object_id: p.id.0,
                customer: Some(p.customer_id),
                project: Some(p.id),
                detail: format!("{} — {}", p.title, names.join(", ")),
            },
        );
        self.journaled(
            vec![entry],
            self.store.set_project_team(p.tenant_id, p.id, staff),
        )
        .await?;
        let team = self.store.project_team(p.tenant_id, p.id).await?;
        Ok(team)
    }

    /// Staff: the project's team and every staff member who could be on it.
    pub async fn project_team_choices(
        &self,
        actor: &User,
        project: ProjectId,
    ) -> CoreResult<(Vec<User>, Vec<User>)> {
        let (p, _) = self.staff_project(actor, project).await?;
        let (team, all) = tokio::try_join!(
            self.store.project_team(p.tenant_id, p.id),
            self.store.list_staff(p.tenant_id),
        )?;
        Ok((team, all.into_iter().filter(|u| u.active).collect()))
    }
}
