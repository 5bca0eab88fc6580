//! The demo's projects, with documents, requests and flows.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;

/// Demo projects: (customer number, title, reference, site, start, end, status).
const PROJECTS: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
    (
        "C-1001",
        "Étude géotechnique — agrandissement de l’entrepôt",
        "GL-2026-014",
        "450, rue Saint-Paul, Québec",
        "2026-10-05",
        "2026-12-18",
        "open",
    ),
    (
        "C-1001",
        "Relevé topographique du chantier de Lévis",
        "GL-2026-021",
        "5800, rue Saint-Georges, Lévis",
        "2026-11-02",
        "2027-01-29",
        "open",
    ),
    (
        "C-1001",
        "Caractérisation environnementale (phase I)",
        "GL-2025-087",
        "450, rue Saint-Paul, Québec",
        "2025-05-12",
        "2025-07-04",
        "closed",
    ),
    (
        "C-1002",
        "Inspection des fondations",
        "GL-2026-030",
        "",
        "2026-11-16",
        "",
        "on_hold",
    ),
];

impl Portal {
    pub(super) async fn seed_demo_projects(
        &self,
        admin: &User,
        customers: &[Customer],
    ) -> CoreResult<()> {
        // Each project's team: the administrator and the project manager.
        let team: Vec<UserId> = self
            .store
            .list_staff(admin.tenant_id)
            .await?
            .into_iter()
            .filter(|u| u.staff_role != Some(StaffRole::Accountant))
            .map(|u| u.id)
            .collect();
        for (i, (number, title, reference, site, starts, ends, status)) in
            PROJECTS.iter().enumerate()
        {
            let Some(c) = customers.iter().find(|c| c.number == *number) else {
                continue;
            };
            let project = self.create_project(
                admin,
                &crate::Client::default(),
                c.id,
                &crate::projects::ProjectInput {
                    title: (*title).into(),
                    reference: (*reference).into(),
                    description: "Dossier de démonstration\u{a0}: les documents, demandes et échanges s’y ajouteront.".into(),
                    site: (*site).into(),
                    starts_on: (*starts).into(),
                    ends_on: (*ends).into(),
                    status: (*status).into(),
                },
            )
            .await?;
            self.set_project_team(admin, &crate::Client::default(), project.id, &team)
                .await?;
            if i == 0 {
                self.create_request(
                    admin,
                    &crate::Client::default(),
                    project.id,
                    &crate::requests::RequestInput {
                        title: "Plan d’implantation signé".into(),
                        kind: DocumentKind::Plan.as_str().into(),
                        description: "Le plan signé par le propriétaire, pour lancer les forages."
                            .into(),
                        due_on: "2026-12-04".into(),
                    },
                )
                .await?;
                for (title, kind, file) in [
                    (
                        "Soumission GL-2026-014",
                        DocumentKind::Quote,
                        "soumission-GL-2026-014.pdf",
                    ),
                    (
                        "Rapport préliminaire de forage",
                        DocumentKind::Report,
                        "rapport-preliminaire.pdf",
                    ),
                    (
                        "Facture 2026-0312",
                        DocumentKind::Invoice,
                        "facture-2026-0312.pdf",
                    ),
                ] {
                    self.demo_document_file(admin, &project, title, kind, file)
                        .await?;
                }
            }
        }
        self.seed_demo_flows(admin, customers, &team).await?;
        Ok(())
    }

    /// A demo PDF document on a project.
    pub(crate) async fn demo_document(
        &self,
        admin: &User,
        project: &Project,
        title: &str,
        kind: DocumentKind,
    ) -> CoreResult<Document> {
        let file = format!("{}.pdf", file_name(title));
        self.demo_document_file(admin, project, title, kind, &file)
            .await
    }

    async fn demo_document_file(
        &self,
        admin: &User,
        project: &Project,
        title: &str,
        kind: DocumentKind,
        file: &str,
    ) -> CoreResult<Document> {
        let pdf = demo_pdf(title);
        let data: guichet_blob::ByteStream<'static> =
            Box::pin(futures_util::stream::iter([Ok::<_, std::io::Error>(
                bytes_of(pdf),
            )]));
        self.upload_document(
            crate::documents::Actor::Staff(admin),
            &crate::Client::default(),
            project.id,
            &crate::documents::DocumentMeta {
                title: title.into(),
                kind: kind.as_str().into(),
            },
            file,
            data,
        )
        .await
    }
}

/// A one-page PDF that says `title` (enough for a browser to preview it).
fn demo_pdf(title: &str) -> Vec<u8> {
    guichet_preview::sample_pdf::pdf_with_pages(&[title])
}

fn bytes_of(v: Vec<u8>) -> bytes::Bytes {
    bytes::Bytes::from(v)
}
