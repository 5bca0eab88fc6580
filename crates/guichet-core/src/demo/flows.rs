//! The demo's project flows: a geotechnical study (the demo provider's own trade) and a
//! residential solar installation, with projects at various steps so a newcomer sees both the
//! customer's progress view and the staff side alive.
use std::collections::BTreeMap;

use guichet_domain::*;
use guichet_store::ProjectQuery;

use crate::error::{CoreError, CoreResult};
use crate::flow_templates;
use crate::{Client, Portal};

/// (customer number, project title, flow: "study" or "solar", sub-status, field values,
/// days until the planned visit, when there is one)
type Placement = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
    Option<i64>,
);

const PLACEMENTS: &[Placement] = &[
    (
        "C-1001",
        "Étude géotechnique — agrandissement de l’entrepôt",
        "study",
        "offre_etude",
        &[
            ("building", "commercial"),
            ("storeys", "2"),
            ("lot_number", "1 234 567"),
        ],
        None,
    ),
    (
        "C-1001",
        "Panneaux solaires — siège social",
        "solar",
        "documentation_initiale",
        &[],
        None,
    ),
    (
        "C-1002",
        "Inspection des fondations",
        "study",
        "planification",
        &[("building", "multiplex"), ("storeys", "3")],
        Some(6),
    ),
    (
        "C-1001",
        "Caractérisation environnementale (phase I)",
        "study",
        "rapport_livre",
        &[("building", "commercial")],
        None,
    ),
    (
        "C-1003",
        "Solar roof — Northfield warehouse",
        "solar",
        "dessin_toit",
        &[
            ("roof_type", "membrane"),
            ("orientation", "south"),
            ("shading", "no"),
            ("monthly_bill", "2400"),
        ],
        None,
    ),
    (
        "C-1004",
        "Toit solaire — immeuble Des Érables",
        "solar",
        "signature",
        &[
            ("roof_type", "asphalt"),
            ("orientation", "east_west"),
            ("monthly_bill", "610"),
            ("financing_mode", "green_loan"),
        ],
        None,
    ),
    (
        "C-1005",
        "Panneaux solaires — centre sportif",
        "solar",
        "abandon",
        &[
            ("roof_type", "metal"),
            ("orientation", "other"),
            ("monthly_bill", "3900"),
        ],
        None,
    ),
];

impl Portal {
    pub(crate) async fn seed_demo_flows(
        &self,
        admin: &User,
        customers: &[Customer],
        team: &[UserId],
    ) -> CoreResult<()> {
        let client = Client::default();
        let mut flows = BTreeMap::new();
        for code in ["study", "solar"] {
            let Some((name, public, def)) = flow_templates::template(code) else {
                continue;
            };
            let f = self
                .create_flow(admin, &client, &name, public, def)
                .await
                .map_err(|e| CoreError::internal(format!("demo flow {code}: {e:?}")))?;
            flows.insert(code, f);
        }
        let technician = self
            .store
            .list_staff(admin.tenant_id)
            .await?
            .into_iter()
            .find(|u| u.staff_role == Some(StaffRole::Manager));
        for (number, title, code, step, values, visit_in) in PLACEMENTS {
            let (Some(c), Some(flow)) = (
                customers.iter().find(|c| c.number == *number),
                flows.get(code),
            ) else {
                continue;
            };
            let existing = self
                .store
                .projects_of(
                    admin.tenant_id,
                    c.id,
                    &ProjectQuery {
                        limit: 100,
                        ..Default::default()
                    },
                )
                .await?
                .into_iter()
                .find(|p| p.title == *title);
            let project = match existing {
                Some(p) => p,
                None => {
                    let p = self
                        .create_project(
                            admin,
                            &client,
                            c.id,
                            &crate::projects::ProjectInput {
                                title: (*title).into(),
                                description: match c.locale {
                                    Locale::En => format!(
                                        "Demo project following the “{}” flow.",
                                        flow.public.name.en
                                    ),
                                    Locale::Fr => format!(
                                        "Dossier de démonstration qui suit le parcours «\u{a0}{}\u{a0}».",
                                        flow.public.name.fr
                                    ),
                                },
                                status: "open".into(),
                                ..Default::default()
                            },
                        )
                        .await?;
                    self.set_project_team(admin, &client, p.id, team).await?;
                    p
                }
            };
            let started = self.start_flow(admin, &client, project.id, flow.id).await?;
            if *code == "solar" && *step == "signature" {
                self.demo_document(
                    admin,
                    &project,
                    "Contrat d’installation",
                    DocumentKind::Contract,
                )
                .await?;
            }
            let now = Millis::now();
            let visit = visit_in.map(|days| {
                let start = now.0 + days * 86_400_000;
                // Rounded to the hour: 9:00 or so in eastern Canada.
                let start = start - start % 3_600_000;
                Visit {
                    technician: technician.as_ref().map(|u| u.id),
                    starts_at: Millis(start),
                    ends_at: Millis(start + 3 * 3_600_000),
                    note: "Prévoir l’accès au terrain pour une foreuse sur chenilles.".into(),
                }
            });
            // The way there: every step before it, through the offer for a project that
            // stopped there, skipping the other ending.
            let mut visited = Vec::new();
            for (_, s) in flow.def.steps() {
                if s.key == *step {
                    break;
                }
                let stopped = flow
                    .def
                    .step(step)
                    .is_some_and(|(_, t)| t.page == PageKind::Failed);
                if matches!(s.page, PageKind::Success | PageKind::Failed)
                    || (stopped
                        && visited.iter().any(|k: &String| {
                            flow.def
                                .step(k)
                                .is_some_and(|(_, x)| x.page == PageKind::Offer)
                        }))
                {
                    continue;
                }
                visited.push(s.key.clone());
            }
            visited.push((*step).to_string());
            let placed = ProjectFlow {
                step: (*step).into(),
                values: values
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                visit,
                revision: started.revision + 1,
                visited,
                ..started.clone()
            };
            self.store
                .save_project_flow(&placed, started.revision)
                .await?;
        }
        Ok(())
    }
}
