//! The demo's portal roles besides the default one.
use std::collections::BTreeMap;

use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;
use crate::roles::{ModuleInput, RoleInput};

pub(super) struct DemoRoles {
    pub(super) company_admin: RoleId,
    pub(super) accounting: RoleId,
}

/// What a role may do in a module: these operations, over these records.
fn grant(ops: &[Op], scope: ScopeKind, kinds: &[DocumentKind]) -> ModuleInput {
    ModuleInput {
        ops: ops.to_vec(),
        scope: Some(scope),
        kinds: kinds.to_vec(),
    }
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
        let company = ScopeKind::Company;
        let accounting = RoleInput {
            name: "Comptabilité".into(),
            modules: [
                (Module::Invoices, grant(&[Op::View], company, &[])),
                (Module::Quotes, grant(&[Op::View], company, &[])),
                (Module::Orders, grant(&[Op::View], company, &[])),
                (
                    Module::Documents,
                    grant(
                        &[Op::View],
                        ScopeKind::Kinds,
                        &[
                            DocumentKind::Invoice,
                            DocumentKind::Quote,
                            DocumentKind::PurchaseOrder,
                        ],
                    ),
                ),
                (Module::Company, grant(&[Op::Edit], company, &[])),
                (Module::Support, grant(&[Op::Create], company, &[])),
            ]
            .into(),
            fields: [(Field::LegalName, FieldAccess::ReadOnly)].into(),
            ..Default::default()
        };
        let accounting = self.create_role(admin, &crate::Client::default(), &accounting).await?;
        let everything: BTreeMap<Module, ModuleInput> = Module::ALL
            .iter()
            .map(|m| (*m, grant(&[Op::View, Op::Create, Op::Edit], company, &[])))
            .collect();
        let company_admin = RoleInput {
            name: "Administrateur de l'entreprise".into(),
            company_admin: true,
            modules: everything,
            grantable: vec![default, accounting.id],
            ..Default::default()
        };
        let company_admin = self.create_role(admin, &crate::Client::default(), &company_admin).await?;
        let subcontractor = RoleInput {
            name: "Sous-traitant".into(),
            modules: [
                (Module::Projects, grant(&[Op::View], ScopeKind::Own, &[])),
                (
                    Module::Documents,
                    grant(
                        &[Op::Create],
                        ScopeKind::Kinds,
                        &[
                            DocumentKind::Plan,
                            DocumentKind::Report,
                            DocumentKind::Measurement,
                        ],
                    ),
                ),
                (Module::Support, grant(&[Op::Create], company, &[])),
            ]
            .into(),
            fields: [(Field::TaxNumber, FieldAccess::Hidden)].into(),
            ..Default::default()
        };
        self.create_role(admin, &crate::Client::default(), &subcontractor).await?;
        Ok(DemoRoles {
            company_admin: company_admin.id,
            accounting: accounting.id,
        })
    }
}
