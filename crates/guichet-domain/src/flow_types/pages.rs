//! The page a sub-status shows its customer, and the actions each page offers.
use serde::{Deserialize, Serialize};

use crate::FlowAction;

/// The page a sub-status shows on the customer's project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// No page: the customer just sees the step.
    #[default]
    None,
    InitialDocumentation,
    OfferDocumentation,
    FinancingDocumentation,
    ContractDocumentation,
    InstallationDocumentation,
    Drawing,
    Offer,
    Visit,
    Contract,
    Success,
    Failed,
}

impl PageKind {
    pub const ALL: [PageKind; 12] = [
        PageKind::None,
        PageKind::InitialDocumentation,
        PageKind::OfferDocumentation,
        PageKind::FinancingDocumentation,
        PageKind::ContractDocumentation,
        PageKind::InstallationDocumentation,
        PageKind::Drawing,
        PageKind::Offer,
        PageKind::Visit,
        PageKind::Contract,
        PageKind::Success,
        PageKind::Failed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PageKind::None => "none",
            PageKind::InitialDocumentation => "initial_documentation",
            PageKind::OfferDocumentation => "offer_documentation",
            PageKind::FinancingDocumentation => "financing_documentation",
            PageKind::ContractDocumentation => "contract_documentation",
            PageKind::InstallationDocumentation => "installation_documentation",
            PageKind::Drawing => "drawing",
            PageKind::Offer => "offer",
            PageKind::Visit => "visit",
            PageKind::Contract => "contract",
            PageKind::Success => "success",
            PageKind::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    /// A page where the customer fills in fields and uploads files.
    pub fn is_documentation(self) -> bool {
        matches!(
            self,
            PageKind::InitialDocumentation
                | PageKind::OfferDocumentation
                | PageKind::FinancingDocumentation
                | PageKind::ContractDocumentation
                | PageKind::InstallationDocumentation
        )
    }
    /// The actions this page lets the customer take.
    pub fn actions(self) -> &'static [FlowAction] {
        match self {
            k if k.is_documentation() => &[FlowAction::DocumentationSubmitted],
            PageKind::Drawing => &[FlowAction::DrawingSubmitted],
            PageKind::Offer => &[FlowAction::OfferAccepted, FlowAction::OfferRefused],
            PageKind::Failed => &[FlowAction::ReactivationRequested],
            _ => &[],
        }
    }
}
