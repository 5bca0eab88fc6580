//! The demo's portal roles besides the default one.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;

use crate::roles::RoleInput;

pub(super) struct DemoRoles {
    pub(super) company_admin: RoleId,
    pub(super) accounting: RoleId,
}

impl Portal {
    /// The demo's portal roles besides the default one.
    pub(super) async fn seed_demo_roles(&self, admin: &User) -> CoreResult<DemoRoles> {
        let default = self
            .roles(admin)
            .await?
            .into_iter()
            .find(|(r, _)| r.is_default)
            .map(|(r, _)| r.id)
            .ok_or_else(|| crate::CoreError::internal("default role missing"))?;
        let make = |pairs: Vec<(&str, String)>| RoleInput {
            pairs: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        };
        let view = |m: &str| (format!("op.{m}"), "view".to_string());
        let accounting = self
            .create_role(
                admin,
                &make(vec![
                    ("name", "Comptabilité".into()),
                    ("op.invoices", "view".into()),
                    ("op.quotes", "view".into()),
                    ("op.orders", "view".into()),
                    ("op.documents", "view".into()),
                    ("scope.documents", "kinds".into()),
                    ("kinds.documents", "invoice".into()),
                    ("kinds.documents", "quote".into()),
                    ("kinds.documents", "purchase_order".into()),
                    ("op.company", "edit".into()),
                    ("field.legal_name", "read_only".into()),
                    ("op.support", "create".into()),
                ]),
            )
            .await?;
        let mut all = vec![("name", "Administrateur de l'entreprise".to_string())];
        let all_ops: Vec<(String, String)> = Module::ALL
            .iter()
            .flat_map(|m| {
                [
                    view(m.code()),
                    (format!("op.{}", m.code()), "create".into()),
                    (format!("op.{}", m.code()), "edit".into()),
                ]
            })
            .collect();
        let mut company_admin = make(std::mem::take(&mut all));
        company_admin.pairs.extend(all_ops);
        company_admin
            .pairs
            .push(("company_admin".into(), "on".into()));
        company_admin
            .pairs
            .push(("grantable".into(), default.to_string()));
        company_admin
            .pairs
            .push(("grantable".into(), accounting.id.to_string()));
        let company_admin = self.create_role(admin, &company_admin).await?;
        self.create_role(
            admin,
            &make(vec![
                ("name", "Sous-traitant".into()),
                ("op.projects", "view".into()),
                ("scope.projects", "own".into()),
                ("op.documents", "create".into()),
                ("scope.documents", "kinds".into()),
                ("kinds.documents", "plan".into()),
                ("kinds.documents", "report".into()),
                ("kinds.documents", "measurement".into()),
                ("op.support", "create".into()),
                ("field.tax_number", "hidden".into()),
            ]),
        )
        .await?;
        Ok(DemoRoles {
            company_admin: company_admin.id,
            accounting: accounting.id,
        })
    }
}
