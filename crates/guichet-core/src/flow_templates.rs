//! Ready-made flow types a provider may start from (and the demo seeds): a residential solar
//! installation and a geotechnical study.
use guichet_domain::*;

fn t(fr: &str, en: &str) -> Texts {
    Texts::new(fr, en)
}

fn public(name: (&str, &str), description: (&str, &str)) -> Public {
    Public {
        name: t(name.0, name.1),
        description: t(description.0, description.1),
    }
}

fn field(
    key: &str,
    kind: FieldKind,
    label: (&str, &str),
    choices: &[(&str, &str, &str)],
) -> FieldDef {
    FieldDef {
        key: key.into(),
        kind,
        label: t(label.0, label.1),
        help: Texts::default(),
        choices: choices
            .iter()
            .map(|(k, fr, en)| Choice {
                key: (*k).into(),
                label: t(fr, en),
            })
            .collect(),
    }
}

struct S<'a> {
    key: &'a str,
    internal: &'a str,
    name: (&'a str, &'a str),
    description: (&'a str, &'a str),
    page: PageKind,
    fields: &'a [(&'a str, FieldUse)],
    to: &'a [(FlowAction, &'a str)],
}

fn step(s: S) -> SubStatus {
    SubStatus {
        key: s.key.into(),
        internal: s.internal.into(),
        public: public(s.name, s.description),
        page: s.page,
        text: Texts::default(),
        fields: s
            .fields
            .iter()
            .map(|(f, u)| PageField {
                field: (*f).into(),
                usage: *u,
            })
            .collect(),
        terms: None,
        transitions: s
            .to
            .iter()
            .map(|(a, k)| (a.code().to_string(), (*k).to_string()))
            .collect(),
        notify_staff: false,
        notify_customer: false,
    }
}

fn status(key: &str, internal: &str, name: (&str, &str), steps: Vec<SubStatus>) -> FlowStatus {
    FlowStatus {
        key: key.into(),
        internal: internal.into(),
        public: public(name, ("", "")),
        steps,
    }
}

fn terms(key: &str, title: (&str, &str), text: (&str, &str)) -> TermsDef {
    TermsDef {
        key: key.into(),
        versions: vec![TermsVersion {
            version: 1,
            title: t(title.0, title.1),
            text: t(text.0, text.1),
            published_at: Millis(0),
        }],
    }
}

/// The codes of the templates, in the order offered.
pub const TEMPLATES: [&str; 2] = ["solar", "study"];

/// A template by code: (internal name, public names, definition).
pub fn template(code: &str) -> Option<(String, Public, FlowDef)> {
    match code {
        "solar" => Some(solar()),
        "study" => Some(study()),
        _ => None,
    }
}

use FieldUse::{Optional, ReadOnly, Required};
use FlowAction::*;

pub fn solar() -> (String, Public, FlowDef) {
    let mut initial = step(S {
        key: "documentation_initiale",
        internal: "Documentation initiale à recevoir",
        name: ("Documentation initiale", "Initial documentation"),
        description: (
            "Parlez-nous de votre toit et de votre consommation : nous préparerons une offre sur mesure.",
            "Tell us about your roof and your electricity use: we will prepare a tailored offer.",
        ),
        page: PageKind::InitialDocumentation,
        fields: &[
            ("roof_type", Required),
            ("orientation", Required),
            ("shading", Optional),
            ("roof_age", Optional),
            ("monthly_bill", Required),
            ("electricity_bill", Required),
            ("notes", Optional),
        ],
        to: &[(DocumentationSubmitted, "dessin_toit")],
    });
    initial.notify_staff = true;
    let mut drawing = step(S {
        key: "dessin_toit",
        internal: "Dessin du toit",
        name: ("Dessin de votre toit", "Drawing of your roof"),
        description: (
            "Tracez le contour de la partie du toit où installer les panneaux, ou indiquez sa largeur et sa longueur.",
            "Outline the part of the roof where the panels would go, or enter its width and length.",
        ),
        page: PageKind::Drawing,
        fields: &[("roof_type", ReadOnly)],
        to: &[(DrawingSubmitted, "analyse")],
    });
    drawing.notify_staff = true;
    let analysis = step(S {
        key: "analyse",
        internal: "Analyse et préparation de l'offre",
        name: ("Préparation de votre offre", "Preparing your offer"),
        description: (
            "Notre équipe analyse votre toit et votre consommation. Vous recevrez votre offre d'ici cinq jours ouvrables.",
            "Our team is studying your roof and your use. You will receive your offer within five business days.",
        ),
        page: PageKind::None,
        fields: &[],
        to: &[],
    });
    let mut offer = step(S {
        key: "offre",
        internal: "Offre envoyée",
        name: ("Votre offre", "Your offer"),
        description: (
            "Lisez l'offre, puis acceptez-la ou déclinez-la.",
            "Read the offer, then accept or decline it.",
        ),
        page: PageKind::Offer,
        fields: &[("monthly_bill", ReadOnly)],
        to: &[(OfferAccepted, "financement"), (OfferRefused, "abandon")],
    });
    offer.terms = Some("conditions_vente".into());
    offer.notify_customer = true;
    offer.notify_staff = true;
    let mut financing = step(S {
        key: "financement",
        internal: "Documentation de financement",
        name: ("Financement", "Financing"),
        description: (
            "Indiquez comment vous financerez votre installation.",
            "Tell us how you will pay for your installation.",
        ),
        page: PageKind::FinancingDocumentation,
        fields: &[("financing_mode", Required), ("loan_approval", Optional)],
        to: &[(DocumentationSubmitted, "signature")],
    });
    financing.notify_staff = true;
    let mut signing = step(S {
        key: "signature",
        internal: "Contrat à signer",
        name: ("Signature du contrat", "Contract signing"),
        description: (
            "Votre contrat est prêt : lisez-le et téléchargez-le. Il apparaîtra ici signé dès que nous l'aurons reçu.",
            "Your contract is ready: read and download it. It will show here as signed once we have it.",
        ),
        page: PageKind::Contract,
        fields: &[],
        to: &[],
    });
    signing.notify_customer = true;
    let mut visit = step(S {
        key: "visite",
        internal: "Visite technique planifiée",
        name: ("Visite technique", "Technical visit"),
        description: (
            "Notre technicien viendra vérifier le toit et le panneau électrique.",
            "Our technician will come to check the roof and the electrical panel.",
        ),
        page: PageKind::Visit,
        fields: &[],
        to: &[],
    });
    visit.notify_customer = true;
    let mut install_doc = step(S {
        key: "documentation_installation",
        internal: "Documentation d'installation",
        name: (
            "Préparation de l'installation",
            "Getting ready for installation",
        ),
        description: (
            "Une photo de votre panneau électrique et vos consignes d'accès, et nous fixons la date des travaux.",
            "A photo of your electrical panel and how to get access, and we set the installation date.",
        ),
        page: PageKind::InstallationDocumentation,
        fields: &[("panel_photo", Required), ("access_notes", Optional)],
        to: &[(DocumentationSubmitted, "termine")],
    });
    install_doc.notify_staff = true;
    let mut done = step(S {
        key: "termine",
        internal: "Installation terminée",
        name: ("Installation terminée", "Installation complete"),
        description: ("", ""),
        page: PageKind::Success,
        fields: &[],
        to: &[],
    });
    done.text = t(
        "Vos panneaux produisent! Merci de votre confiance. Votre garantie et le guide d'entretien se trouvent dans vos documents.",
        "Your panels are producing! Thank you for your trust. Your warranty and the care guide are in your documents.",
    );
    done.notify_customer = true;
    let mut dropped = step(S {
        key: "abandon",
        internal: "Projet abandonné",
        name: ("Projet en pause", "Project on hold"),
        description: ("", ""),
        page: PageKind::Failed,
        fields: &[],
        to: &[(ReactivationRequested, "analyse")],
    });
    dropped.text = t(
        "Vous avez décliné notre offre. Si votre situation change, réactivez votre projet : nous vous préparerons une nouvelle offre.",
        "You declined our offer. If things change, reactivate your project: we will prepare a new offer.",
    );
    dropped.notify_staff = true;
    let def = FlowDef {
        statuses: vec![
            status(
                "demande",
                "Demande",
                ("Votre demande", "Your request"),
                vec![initial, drawing],
            ),
            status(
                "etude",
                "Étude",
                ("Étude et offre", "Study and offer"),
                vec![analysis, offer],
            ),
            status(
                "contrat",
                "Contrat",
                ("Financement et contrat", "Financing and contract"),
                vec![financing, signing],
            ),
            status(
                "installation",
                "Installation",
                ("Installation", "Installation"),
                vec![visit, install_doc],
            ),
            status(
                "fin",
                "Finalisation",
                ("Mise en service", "Commissioning"),
                vec![done, dropped],
            ),
        ],
        fields: vec![
            field(
                "roof_type",
                FieldKind::Choice,
                ("Type de toiture", "Roof type"),
                &[
                    ("asphalt", "Bardeaux d'asphalte", "Asphalt shingles"),
                    ("metal", "Tôle", "Metal"),
                    ("membrane", "Toit plat (membrane)", "Flat roof (membrane)"),
                ],
            ),
            field(
                "orientation",
                FieldKind::Choice,
                ("Orientation du toit", "Roof orientation"),
                &[
                    ("south", "Sud", "South"),
                    ("east_west", "Est-ouest", "East-west"),
                    ("other", "Autre", "Other"),
                ],
            ),
            field(
                "shading",
                FieldKind::YesNo,
                (
                    "Des arbres ou bâtiments font-ils de l'ombre au toit?",
                    "Do trees or buildings shade the roof?",
                ),
                &[],
            ),
            field(
                "roof_age",
                FieldKind::Number,
                ("Âge de la toiture (années)", "Roof age (years)"),
                &[],
            ),
            field(
                "monthly_bill",
                FieldKind::Number,
                (
                    "Facture d'électricité mensuelle moyenne ($)",
                    "Average monthly electricity bill ($)",
                ),
                &[],
            ),
            field(
                "electricity_bill",
                FieldKind::File,
                (
                    "Une facture d'électricité récente",
                    "A recent electricity bill",
                ),
                &[],
            ),
            field(
                "notes",
                FieldKind::LongText,
                ("Autre chose à nous dire?", "Anything else we should know?"),
                &[],
            ),
            field(
                "financing_mode",
                FieldKind::Choice,
                ("Mode de financement", "How you will pay"),
                &[
                    ("cash", "Comptant", "Cash"),
                    ("loan", "Prêt", "Loan"),
                    (
                        "green_loan",
                        "Prêt vert (programme gouvernemental)",
                        "Green loan (government programme)",
                    ),
                ],
            ),
            field(
                "loan_approval",
                FieldKind::File,
                (
                    "Confirmation de prêt (s'il y a lieu)",
                    "Loan approval (if any)",
                ),
                &[],
            ),
            field(
                "panel_photo",
                FieldKind::File,
                (
                    "Photo du panneau électrique",
                    "Photo of the electrical panel",
                ),
                &[],
            ),
            field(
                "access_notes",
                FieldKind::LongText,
                (
                    "Consignes d'accès (animaux, stationnement…)",
                    "Access instructions (pets, parking…)",
                ),
                &[],
            ),
        ],
        terms: vec![terms(
            "conditions_vente",
            ("Conditions de vente", "Terms of sale"),
            (
                "1. L'offre est valide 30 jours.\n2. Un acompte de 10 % est exigible à la signature du contrat.\n3. La garantie couvre les panneaux 25 ans et la main-d'œuvre 10 ans.\n4. Vous pouvez annuler sans frais dans les 10 jours suivant la signature.",
                "1. The offer is valid for 30 days.\n2. A 10% deposit is due when the contract is signed.\n3. The warranty covers panels for 25 years and workmanship for 10 years.\n4. You may cancel at no cost within 10 days of signing.",
            ),
        )],
    };
    (
        "Solaire résidentiel".into(),
        public(
            (
                "Installation solaire résidentielle",
                "Residential solar installation",
            ),
            ("", ""),
        ),
        def,
    )
}

pub fn study() -> (String, Public, FlowDef) {
    let mut initial = step(S {
        key: "doc_initiale",
        internal: "Renseignements sur le site",
        name: ("Renseignements sur le terrain", "About the site"),
        description: (
            "Décrivez le terrain et le projet de construction; joignez le certificat de localisation.",
            "Describe the site and the planned building; attach the certificate of location.",
        ),
        page: PageKind::InitialDocumentation,
        fields: &[
            ("lot_number", Optional),
            ("building", Required),
            ("storeys", Optional),
            ("site_plan", Required),
            ("access_from", Optional),
        ],
        to: &[(DocumentationSubmitted, "offre_etude")],
    });
    initial.terms = Some("acces_terrain".into());
    initial.notify_staff = true;
    let mut offer = step(S {
        key: "offre_etude",
        internal: "Offre de services",
        name: ("Offre de services", "Service offer"),
        description: (
            "Notre offre précise le nombre de forages et le délai du rapport.",
            "Our offer sets out the number of boreholes and when the report will be ready.",
        ),
        page: PageKind::Offer,
        fields: &[("building", ReadOnly)],
        to: &[(OfferAccepted, "planification"), (OfferRefused, "annule")],
    });
    offer.notify_customer = true;
    offer.notify_staff = true;
    let mut visit = step(S {
        key: "planification",
        internal: "Forages planifiés",
        name: ("Travaux sur le terrain", "Field work"),
        description: (
            "Notre équipe de forage viendra sur le terrain à la date prévue.",
            "Our drilling crew will come to the site on the planned date.",
        ),
        page: PageKind::Visit,
        fields: &[],
        to: &[],
    });
    visit.notify_customer = true;
    let lab = step(S {
        key: "laboratoire",
        internal: "Essais en laboratoire",
        name: ("Essais en laboratoire", "Laboratory tests"),
        description: (
            "Les échantillons sont analysés au laboratoire; le rapport suivra.",
            "The samples are being tested in our laboratory; the report will follow.",
        ),
        page: PageKind::None,
        fields: &[],
        to: &[],
    });
    let mut delivered = step(S {
        key: "rapport_livre",
        internal: "Rapport livré",
        name: ("Rapport livré", "Report delivered"),
        description: ("", ""),
        page: PageKind::Success,
        fields: &[],
        to: &[],
    });
    delivered.text = t(
        "Votre rapport géotechnique signé est dans vos documents. Nos ingénieurs restent disponibles pour en discuter.",
        "Your signed geotechnical report is in your documents. Our engineers remain available to discuss it.",
    );
    delivered.notify_customer = true;
    let mut cancelled = step(S {
        key: "annule",
        internal: "Étude annulée",
        name: ("Étude annulée", "Study cancelled"),
        description: ("", ""),
        page: PageKind::Failed,
        fields: &[],
        to: &[(ReactivationRequested, "doc_initiale")],
    });
    cancelled.text = t(
        "Vous avez décliné l'offre. Vous pouvez relancer la demande à tout moment.",
        "You declined the offer. You may restart the request at any time.",
    );
    cancelled.notify_staff = true;
    let def = FlowDef {
        statuses: vec![
            status(
                "ouverture",
                "Ouverture",
                ("Ouverture du dossier", "Opening"),
                vec![initial, offer],
            ),
            status(
                "terrain",
                "Terrain",
                ("Terrain et laboratoire", "Field and laboratory"),
                vec![visit, lab],
            ),
            status(
                "rapport",
                "Rapport",
                ("Rapport", "Report"),
                vec![delivered, cancelled],
            ),
        ],
        fields: vec![
            field(
                "lot_number",
                FieldKind::Text,
                ("Numéro de lot", "Lot number"),
                &[],
            ),
            field(
                "building",
                FieldKind::Choice,
                ("Bâtiment prévu", "Planned building"),
                &[
                    ("house", "Maison unifamiliale", "Single-family house"),
                    ("multiplex", "Multilogement", "Multi-unit residential"),
                    (
                        "commercial",
                        "Commercial ou industriel",
                        "Commercial or industrial",
                    ),
                ],
            ),
            field(
                "storeys",
                FieldKind::Number,
                ("Nombre d'étages", "Number of storeys"),
                &[],
            ),
            field(
                "site_plan",
                FieldKind::File,
                (
                    "Certificat de localisation ou plan du terrain",
                    "Certificate of location or site plan",
                ),
                &[],
            ),
            field(
                "access_from",
                FieldKind::Date,
                ("Terrain accessible à partir du", "Site accessible from"),
                &[],
            ),
        ],
        terms: vec![terms(
            "acces_terrain",
            (
                "Autorisation d'accès au terrain",
                "Site access authorisation",
            ),
            (
                "J'autorise l'équipe de forage à accéder au terrain et à y circuler avec une foreuse montée sur chenilles. Les surfaces seront remises en état sommairement.",
                "I authorise the drilling crew to enter the site and move on it with a track-mounted drill. Surfaces will be roughly restored.",
            ),
        )],
    };
    (
        "Étude géotechnique".into(),
        public(("Étude géotechnique", "Geotechnical study"), ("", "")),
        def,
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_templates_are_valid() {
        for code in super::TEMPLATES {
            let (_, _, def) = super::template(code).unwrap();
            assert_eq!(def.check(), vec![], "{code}");
        }
    }
}
