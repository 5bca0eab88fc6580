//! The drawing page (the customer's roof outline, kept as an SVG document) and the quotes
//! an offer page accepts or refuses.
use std::collections::BTreeMap;

use guichet_domain::*;

use super::*;
use crate::documents::Actor;
use crate::error::{CoreError, CoreResult};
use crate::{Client, Portal};

impl Portal {
    /// Saves the customer's drawing (their roof's outline, in metres) as an SVG document of the
    /// project — a new version each time — while the drawing step is current; with `submit`,
    /// the project then moves on as the step says.
    #[allow(clippy::too_many_arguments)]
    pub async fn save_drawing(
        &self,
        s: &SignedIn,
        a: &Account,
        client: &Client,
        project: ProjectId,
        step: &str,
        revision: i64,
        points: &str,
        submit: bool,
        accept_terms: bool,
        terms_version: Option<i64>,
    ) -> CoreResult<ProjectFlow> {
        let (p, _, f, pf) = self.acting_on(s, a, project, step, revision).await?;
        let (_, st) = f.def.step(&pf.step).ok_or(CoreError::NotFound)?;
        if st.page != PageKind::Drawing {
            return Err(CoreError::Forbidden);
        }
        let pts =
            parse_points(points).map_err(|_| CoreError::field("points", "error-flow-drawing"))?;
        let title = st.public.name.get(s.user.locale).to_string();
        let svg = drawing_svg(&pts, &title)
            .map_err(|_| CoreError::field("points", "error-flow-drawing"))?;
        if submit {
            // Check the move before keeping anything.
            if st.terms.is_some() && !accept_terms {
                return Err(CoreError::field("accept_terms", "error-flow-terms"));
            }
            f.def
                .engine()
                .apply(
                    &pf.step,
                    step,
                    FlowAction::DrawingSubmitted,
                    &BTreeMap::new(),
                    &pf.values,
                )
                .map_err(|e| match e {
                    FlowError::Missing(_) => CoreError::field("points", "error-flow-fields-first"),
                    _ => CoreError::Forbidden,
                })?;
        }
        let who = Actor::Contact(s, a);
        let filename = format!("{}.svg", file_name(&title));
        let data = bytes_stream(svg.into_bytes());
        let existing = pf
            .values
            .get(DRAWING_DOC)
            .and_then(|v| v.parse::<DocumentId>().ok());
        let previous = match existing {
            Some(d) => self.store.document(p.tenant_id, d).await?,
            None => None,
        };
        let doc_id = match previous {
            Some(d) => {
                self.new_version(who, client, &d, &filename, data).await?;
                d.id
            }
            _ => {
                self.new_document(who, client, &p, &title, DocumentKind::Plan, &filename, data)
                    .await?
                    .id
            }
        };
        let mut values = pf.values.clone();
        let kept: Vec<String> = pts.iter().map(|(x, y)| format!("{x},{y}")).collect();
        values.insert(DRAWING_POINTS.into(), kept.join(" "));
        values.insert(DRAWING_DOC.into(), doc_id.to_string());
        let now = Millis::now();
        let saved = ProjectFlow {
            values,
            revision: pf.revision + 1,
            updated_at: now,
            ..pf.clone()
        };
        self.store
            .save_project_flow(&saved, pf.revision)
            .await
            .map_err(conflict)?;
        if !submit {
            return Ok(saved);
        }
        self.flow_act(
            s,
            a,
            client,
            project,
            FlowInput {
                step: step.into(),
                revision: saved.revision,
                action: Some(FlowAction::DrawingSubmitted),
                accept_terms,
                terms_version,
                ..Default::default()
            },
        )
        .await
    }
}
