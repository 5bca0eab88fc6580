//! Document requests: staff ask a customer for a file by a date; contacts who may upload
//! fulfil it by uploading the file, which becomes a document of the project.
use guichet_blob::ByteStream;
use guichet_domain::*;
use guichet_store::StoreError;

use crate::access::{Action, require};
use crate::documents::{Actor, DocumentMeta};
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::journal::Event;
use crate::{Client, Portal};

/// A request as typed by staff.
#[derive(Clone, Debug, Default)]
pub struct RequestInput {
    pub title: String,
    /// A kind's code.
    pub kind: String,
    pub description: String,
    pub due_on: String,
}

impl Portal {
    pub async fn create_request(
        &self,
        actor: &User,
        client: &Client,
        project: ProjectId,
        input: &RequestInput,
    ) -> CoreResult<DocumentRequest> {
        require(actor, Action::ManageCustomers)?;
        let (p, _) = self.staff_project(actor, project).await?;
        let mut e = FieldErrors::default();
        let title = e.check("request_title", text(&input.title, 200, true));
        let description = e.check("request_description", text(&input.description, 2000, false));
        let due_on = e.check("due_on", date(&input.due_on));
        let tenant = self
            .store
            .tenant(actor.tenant_id)
            .await?
            .ok_or(CoreError::NotFound)?;
        let kind = crate::documents::offered_kind(&tenant, &input.kind);
        if kind.is_none() {
            e.add("request_kind", "error-invalid");
        }
        let (Some(title), Some(description), Some(due_on), Some(kind)) =
            (title, description, due_on, kind)
        else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let request = DocumentRequest {
            id: RequestId::new(),
            tenant_id: p.tenant_id,
            customer_id: p.customer_id,
            project_id: p.id,
            title,
            kind,
            description,
            due_on,
            created_by: actor.id,
            created_at: Millis::now(),
            fulfilled_at: None,
            fulfilled_by: None,
            document_id: None,
        };
        let entry = self.journal_entry(
            actor,
            client,
            Event {
                action: "request.create",
                object_kind: "request",
                object_id: request.id.0,
                customer: Some(request.customer_id),
                project: Some(request.project_id),
                detail: request.title.clone(),
            },
        );
        self.journaled(vec![entry], self.store.insert_request(&request))
            .await?;

        Ok(request)
    }

    /// A project's requests, for anyone who may see the project.
    pub async fn project_requests(
        &self,
        who: Actor<'_>,
        project: ProjectId,
    ) -> CoreResult<Vec<DocumentRequest>> {
        let p = match who {
            Actor::Staff(u) => self.staff_project(u, project).await?.0,
            Actor::Contact(s, a) => self.portal_project(s, a, project).await?,
        };
        Ok(self.store.requests_of(p.tenant_id, p.id).await?)
    }

    /// Fulfils a request with an uploaded file (the same rights and limits as any upload).
    pub async fn fulfil_request(
        &self,
        who: Actor<'_>,
        client: &Client,
        id: RequestId,
        filename: &str,
        data: ByteStream<'_>,
    ) -> CoreResult<Document> {
        let tenant = match who {
            Actor::Staff(u) => u.tenant_id,
            Actor::Contact(s, _) => s.user.tenant_id,
        };
        let request = self
            .store
            .request(tenant, id)
            .await?
            .ok_or(CoreError::NotFound)?;
        if request.fulfilled_at.is_some() {
            return Err(CoreError::Conflict);
        }
        let doc = self
            .upload_document(
                who,
                client,
                request.project_id,
                &DocumentMeta {
                    title: request.title.clone(),
                    kind: request.kind.as_str().into(),
                },
                filename,
                data,
            )
            .await?;
        let by = match who {
            Actor::Staff(u) => u,
            Actor::Contact(s, _) => &s.user,
        };
        let entry = self.journal_entry(
            by,
            client,
            Event {
                action: "request.fulfil",
                object_kind: "request",
                object_id: id.0,
                customer: Some(request.customer_id),
                project: Some(request.project_id),
                detail: request.title.clone(),
            },
        );
        match self
            .journaled(
                vec![entry],
                self.store
                    .fulfil_request(tenant, id, doc.id, by.id, Millis::now()),
            )
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict { .. }) => return Err(CoreError::Conflict),
            Err(e) => return Err(e.into()),
        }
        Ok(doc)
    }
}
