//! The demo's distributor-style catalog (issue 16): some 190 products in families of
//! variants — pipes, caps, sensors, loggers, sealants, lab tests, field services, safety gear
//! — in French and English, each family with a picture drawn here (PNG), priced for everyone,
//! for three segments and for one customer.
use guichet_domain::*;

use crate::Portal;
use crate::error::CoreResult;
use crate::sales::{PriceInput, ProductInput};

/// What a family's picture shows.
#[derive(Clone, Copy)]
enum Picture {
    Pipe,
    Cap,
    Sensor,
    Logger,
    Bag,
    Flask,
    Helmet,
    Tool,
}

/// A family: SKU prefix, names (FR, EN), description (FR, EN), category (FR, EN), unit,
/// availability and lead days, base price in cents, picture, and two axes of variants
/// (code, FR, EN, price factor in percent).
struct Family {
    sku: &'static str,
    name: (&'static str, &'static str),
    description: (&'static str, &'static str),
    category: (&'static str, &'static str),
    unit: &'static str,
    availability: (&'static str, &'static str),
    cents: i64,
    picture: Picture,
    first: &'static [(&'static str, &'static str, &'static str, i64)],
    second: &'static [(&'static str, &'static str, &'static str, i64)],
}

const DIAMETERS: &[(&str, &str, &str, i64)] = &[
    ("25", "25 mm", "25 mm", 60),
    ("50", "50 mm", "50 mm", 100),
    ("75", "75 mm", "75 mm", 140),
    ("100", "100 mm", "100 mm", 190),
    ("150", "150 mm", "150 mm", 280),
];
const LENGTHS: &[(&str, &str, &str, i64)] =
    &[("1.5", "1,5 m", "1.5 m", 100), ("3", "3 m", "3 m", 180)];
const ONE: &[(&str, &str, &str, i64)] = &[("", "", "", 100)];

const FAMILIES: &[Family] = &[
    Family {
        sku: "TUB-CR",
        name: ("Tube PVC crépiné", "Slotted PVC pipe"),
        description: (
            "Tube annexe 40 à fentes de 0,25 mm, joints filetés.",
            "Schedule 40 pipe with 0.25 mm slots, threaded joints.",
        ),
        category: ("Tubes et tubages", "Pipes and casings"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 3_450,
        picture: Picture::Pipe,
        first: DIAMETERS,
        second: LENGTHS,
    },
    Family {
        sku: "TUB-PL",
        name: ("Tube PVC plein", "Solid PVC riser pipe"),
        description: (
            "Tube annexe 40 sans fentes, pour la colonne montante.",
            "Schedule 40 pipe without slots, for the riser.",
        ),
        category: ("Tubes et tubages", "Pipes and casings"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 2_890,
        picture: Picture::Pipe,
        first: DIAMETERS,
        second: LENGTHS,
    },
    Family {
        sku: "TUB-INOX",
        name: ("Tube crépiné inox 316", "316 stainless slotted pipe"),
        description: (
            "Pour les eaux agressives et les contaminants organiques.",
            "For aggressive water and organic contaminants.",
        ),
        category: ("Tubes et tubages", "Pipes and casings"),
        unit: "each",
        availability: ("lead_time", "15"),
        cents: 18_900,
        picture: Picture::Pipe,
        first: DIAMETERS,
        second: LENGTHS,
    },
    Family {
        sku: "BOU",
        name: ("Bouchon", "Cap"),
        description: (
            "Bouchon de fond ou de tête, PVC.",
            "Bottom or top cap, PVC.",
        ),
        category: ("Accessoires de puits", "Well accessories"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 1_250,
        picture: Picture::Cap,
        first: DIAMETERS,
        second: &[
            ("F", "de fond", "bottom", 100),
            ("V", "vissé", "threaded top", 120),
            ("E", "expansible verrouillable", "locking expansion", 260),
        ],
    },
    Family {
        sku: "CAP-P",
        name: ("Capteur de pression", "Pressure transducer"),
        description: (
            "Capteur piézorésistif, sortie 4-20 mA, câble ventilé.",
            "Piezoresistive transducer, 4-20 mA output, vented cable.",
        ),
        category: ("Instruments de terrain", "Field instruments"),
        unit: "each",
        availability: ("lead_time", "10"),
        cents: 89_000,
        picture: Picture::Sensor,
        first: &[
            ("035", "0-35 kPa", "0-35 kPa", 100),
            ("070", "0-70 kPa", "0-70 kPa", 100),
            ("350", "0-350 kPa", "0-350 kPa", 110),
            ("700", "0-700 kPa", "0-700 kPa", 115),
            ("2000", "0-2 MPa", "0-2 MPa", 130),
        ],
        second: &[
            ("15", "câble 15 m", "15 m cable", 100),
            ("30", "câble 30 m", "30 m cable", 112),
            ("60", "câble 60 m", "60 m cable", 130),
        ],
    },
    Family {
        sku: "ENR",
        name: ("Enregistreur de données", "Data logger"),
        description: (
            "Boîtier étanche IP68, piles 5 ans, lecture à distance.",
            "IP68 enclosure, 5-year batteries, remote reading.",
        ),
        category: ("Instruments de terrain", "Field instruments"),
        unit: "each",
        availability: ("lead_time", "20"),
        cents: 145_000,
        picture: Picture::Logger,
        first: &[
            ("1", "1 canal", "1 channel", 100),
            ("4", "4 canaux", "4 channels", 160),
            ("8", "8 canaux", "8 channels", 230),
            ("16", "16 canaux", "16 channels", 340),
        ],
        second: &[
            ("CEL", "cellulaire", "cellular", 120),
            ("RAD", "radio", "radio", 100),
            ("USB", "USB", "USB", 80),
        ],
    },
    Family {
        sku: "BEN",
        name: ("Bentonite", "Bentonite"),
        description: (
            "Pour sceller les puits et les forages.",
            "To seal wells and boreholes.",
        ),
        category: ("Scellants et filtres", "Sealants and filters"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 2_650,
        picture: Picture::Bag,
        first: &[
            ("GR", "en granules", "granular", 100),
            ("PA", "en pastilles", "pellets", 130),
            ("PO", "en poudre", "powder", 85),
            ("EN", "enrobée", "coated pellets", 170),
        ],
        second: &[
            ("23", "sac de 22,7 kg", "22.7 kg bag", 100),
            ("BB", "sac géant 900 kg", "900 kg bulk bag", 3_400),
        ],
    },
    Family {
        sku: "SAB",
        name: ("Sable filtrant", "Filter sand"),
        description: (
            "Silice lavée et calibrée pour massifs filtrants.",
            "Washed, graded silica for filter packs.",
        ),
        category: ("Scellants et filtres", "Sealants and filters"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 1_890,
        picture: Picture::Bag,
        first: &[
            ("00", "no 00", "no. 00", 100),
            ("0", "no 0", "no. 0", 100),
            ("1", "no 1", "no. 1", 105),
            ("2", "no 2", "no. 2", 110),
            ("3", "no 3", "no. 3", 115),
        ],
        second: &[
            ("25", "sac de 25 kg", "25 kg bag", 100),
            ("BB", "sac géant 1 t", "1 t bulk bag", 3_600),
        ],
    },
    Family {
        sku: "LAB",
        name: ("Essai", "Test"),
        description: (
            "Essai au laboratoire accrédité, rapport signé par un ingénieur.",
            "Test at the accredited laboratory, report signed by an engineer.",
        ),
        category: ("Services de laboratoire", "Laboratory services"),
        unit: "each",
        availability: ("lead_time", "5"),
        cents: 9_500,
        picture: Picture::Flask,
        first: &[
            ("TE", "teneur en eau", "water content", 40),
            ("AT", "limites d’Atterberg", "Atterberg limits", 170),
            ("SED", "sédimentométrie", "hydrometer analysis", 260),
            ("CBR", "CBR", "CBR", 420),
            ("CS", "compression simple", "unconfined compression", 230),
            ("CON", "consolidation", "consolidation", 900),
            ("PER", "perméabilité", "permeability", 520),
            ("DR", "densité relative", "relative density", 190),
            ("MO", "matière organique", "organic content", 120),
            ("PH", "pH et sulfates", "pH and sulphates", 150),
            (
                "AB",
                "absorption des granulats",
                "aggregate absorption",
                140,
            ),
            ("LA", "Los Angeles", "Los Angeles abrasion", 330),
        ],
        second: &[
            ("N", "délai normal", "standard turnaround", 100),
            ("U", "urgent (48 h)", "rush (48 h)", 150),
        ],
    },
    Family {
        sku: "SRV",
        name: ("Service", "Service"),
        description: (
            "Sur le chantier, à l’heure, déplacement en sus.",
            "On site, by the hour, travel extra.",
        ),
        category: ("Services sur le terrain", "Field services"),
        unit: "hour",
        availability: ("in_stock", ""),
        cents: 9_800,
        picture: Picture::Tool,
        first: &[
            ("TEC", "technicien", "technician", 100),
            ("ING", "ingénieur", "engineer", 160),
            ("FOR", "foreuse et équipe", "drill rig and crew", 420),
            ("ARP", "arpenteur", "surveyor", 130),
        ],
        second: &[
            ("JR", "de jour", "daytime", 100),
            (
                "NT",
                "de nuit ou de fin de semaine",
                "night or weekend",
                150,
            ),
        ],
    },
    Family {
        sku: "EPI",
        name: ("Équipement de protection", "Protective equipment"),
        description: (
            "Conforme CSA, pour les visites de chantier.",
            "CSA compliant, for site visits.",
        ),
        category: ("Sécurité", "Safety"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 2_400,
        picture: Picture::Helmet,
        first: &[
            ("CAS", "casque", "hard hat", 100),
            (
                "DOS",
                "dossard haute visibilité",
                "high-visibility vest",
                70,
            ),
            ("LUN", "lunettes", "safety glasses", 45),
            ("GAN", "gants", "gloves", 55),
        ],
        second: &[
            ("P", "petit", "small", 100),
            ("M", "moyen", "medium", 100),
            ("G", "grand", "large", 100),
            ("TG", "très grand", "extra large", 105),
        ],
    },
    Family {
        sku: "CAR",
        name: ("Carottier", "Core barrel"),
        description: (
            "Carottier à câble, couronne diamantée.",
            "Wireline core barrel, diamond bit.",
        ),
        category: ("Outils de forage", "Drilling tools"),
        unit: "each",
        availability: ("on_order", ""),
        cents: 185_000,
        picture: Picture::Tool,
        first: &[
            ("BQ", "BQ", "BQ", 80),
            ("NQ", "NQ", "NQ", 100),
            ("HQ", "HQ", "HQ", 130),
            ("PQ", "PQ", "PQ", 175),
        ],
        second: &[
            ("S", "simple", "single tube", 100),
            ("D", "double", "double tube", 135),
        ],
    },
    Family {
        sku: "TAR",
        name: ("Tarière", "Auger"),
        description: (
            "Tarière à tige creuse, section de 1,5 m.",
            "Hollow-stem auger, 1.5 m flight.",
        ),
        category: ("Outils de forage", "Drilling tools"),
        unit: "each",
        availability: ("lead_time", "10"),
        cents: 42_000,
        picture: Picture::Tool,
        first: &[
            ("108", "108 mm", "108 mm", 100),
            ("159", "159 mm", "159 mm", 130),
            ("210", "210 mm", "210 mm", 165),
            ("260", "260 mm", "260 mm", 210),
        ],
        second: ONE,
    },
    Family {
        sku: "PRO",
        name: ("Protecteur de tête de puits", "Well head protector"),
        description: (
            "Acier galvanisé, cadenassable.",
            "Galvanized steel, lockable.",
        ),
        category: ("Accessoires de puits", "Well accessories"),
        unit: "each",
        availability: ("in_stock", ""),
        cents: 16_500,
        picture: Picture::Cap,
        first: &[
            ("AF", "affleurant", "flush mount", 100),
            ("HS", "hors sol", "stick-up", 120),
        ],
        second: &[
            ("100", "pour tube de 100 mm", "for 100 mm pipe", 100),
            ("150", "pour tube de 150 mm", "for 150 mm pipe", 125),
            ("200", "pour tube de 200 mm", "for 200 mm pipe", 150),
        ],
    },
    Family {
        sku: "GEO",
        name: ("Géotextile non tissé", "Non-woven geotextile"),
        description: (
            "Rouleau de 100 m, pour séparation et filtration.",
            "100 m roll, for separation and filtration.",
        ),
        category: ("Géosynthétiques", "Geosynthetics"),
        unit: "each",
        availability: ("lead_time", "7"),
        cents: 38_000,
        picture: Picture::Bag,
        first: &[
            ("150", "150 g/m²", "150 g/m²", 100),
            ("200", "200 g/m²", "200 g/m²", 120),
            ("300", "300 g/m²", "300 g/m²", 155),
            ("400", "400 g/m²", "400 g/m²", 190),
        ],
        second: &[
            ("2", "largeur 2 m", "2 m wide", 100),
            ("4", "largeur 4 m", "4 m wide", 190),
            ("5", "largeur 5 m", "5 m wide", 235),
        ],
    },
    Family {
        sku: "PIQ",
        name: ("Piquets d’arpentage", "Survey stakes"),
        description: (
            "Paquet de 50, pointe taillée.",
            "Bundle of 50, sharpened tip.",
        ),
        category: ("Sécurité", "Safety"),
        unit: "box",
        availability: ("in_stock", ""),
        cents: 4_200,
        picture: Picture::Tool,
        first: &[
            ("BO", "en bois", "wooden", 100),
            ("FI", "en fibre de verre", "fibreglass", 240),
            ("AC", "en acier", "steel", 310),
        ],
        second: &[
            ("45", "45 cm", "45 cm", 100),
            ("60", "60 cm", "60 cm", 120),
            ("90", "90 cm", "90 cm", 150),
            ("120", "120 cm", "120 cm", 185),
        ],
    },
];

/// The products of every family, with their picture and base price in cents.
fn products() -> Vec<(ProductInput, Picture, i64)> {
    let mut out = Vec::new();
    for f in FAMILIES {
        for a in f.first {
            for b in f.second {
                let sku = [f.sku, a.0, b.0]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join("-")
                    .replace('.', "");
                let fr = match (a.1.is_empty(), b.1.is_empty()) {
                    (false, false) => format!("{} {} — {}", f.name.0, a.1, b.1),
                    (false, true) => format!("{} {}", f.name.0, a.1),
                    _ => f.name.0.to_string(),
                };
                let en = match (a.2.is_empty(), b.2.is_empty()) {
                    (false, false) => format!("{} {} — {}", f.name.1, a.2, b.2),
                    (false, true) => format!("{} {}", f.name.1, a.2),
                    _ => f.name.1.to_string(),
                };
                let cents = f.cents * a.3 / 100 * b.3 / 100;
                out.push((
                    ProductInput {
                        sku,
                        name_fr: fr,
                        name_en: en,
                        description_fr: f.description.0.into(),
                        description_en: f.description.1.into(),
                        category_fr: f.category.0.into(),
                        category_en: f.category.1.into(),
                        unit: f.unit.into(),
                        availability: f.availability.0.into(),
                        lead_days: f.availability.1.into(),
                        min_quantity: "1".into(),
                        multiple: "1".into(),
                        active: true,
                    },
                    f.picture,
                    cents,
                ));
            }
        }
    }
    out
}

/// An amount in cents as the price form takes it ("123.45").
fn amount(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

impl Portal {
    /// Adds the families to the demo's catalog with their pictures and prices: the base price
    /// for everyone, a distributors' price on everything, a contractors' price on pipes and
    /// sealants, a municipalities' price on lab tests, and a few for one customer.
    pub(super) async fn seed_demo_catalog(
        &self,
        admin: &User,
        segments: (SegmentId, SegmentId, SegmentId),
        favoured: Option<CustomerId>,
    ) -> CoreResult<()> {
        let client = crate::Client::default();
        let (distributors, contractors, cities) = segments;
        let mut pictures: Vec<(u8, Vec<u8>)> = Vec::new();
        for (i, (input, picture, cents)) in products().into_iter().enumerate() {
            let category = input.category_fr.clone();
            let p = self.create_product(admin, &client, &input).await?;
            let key = picture as u8;
            if !pictures.iter().any(|(k, _)| *k == key) {
                pictures.push((key, draw(picture)));
            }
            if let Some((_, png)) = pictures.iter().find(|(k, _)| *k == key) {
                let data = crate::flows::bytes_stream(png.clone());
                self.set_product_image(admin, &client, p.id, data).await?;
            }
            let mut prices = vec![
                ("base".to_string(), "1", cents),
                (format!("segment:{distributors}"), "1", cents * 82 / 100),
                ("base".to_string(), "10", cents * 95 / 100),
            ];
            if category.starts_with("Tubes") || category.starts_with("Scellants") {
                prices.push((format!("segment:{contractors}"), "1", cents * 92 / 100));
            }
            if category.starts_with("Services de laboratoire") {
                prices.push((format!("segment:{cities}"), "1", cents * 88 / 100));
            }
            if let Some(c) = favoured
                && i % 17 == 0
            {
                prices.push((format!("customer:{c}"), "1", cents * 80 / 100));
            }
            for (target, min, cents) in prices {
                self.add_price(
                    admin,
                    &client,
                    p.id,
                    &PriceInput {
                        target,
                        min_quantity: min.into(),
                        amount: amount(cents.max(1)),
                        currency: "CAD".into(),
                        valid_from: String::new(),
                        valid_until: String::new(),
                    },
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// A family's picture: its object in white on a teal field, 320 × 200, as PNG.
fn draw(picture: Picture) -> Vec<u8> {
    const W: u32 = 320;
    const H: u32 = 200;
    let (bg, fg, shade) = ([14u8, 94, 80], [250u8, 250, 246], [196u8, 222, 214]);
    let inside = |x: f32, y: f32| -> Option<bool> {
        // `Some(true)`: the object; `Some(false)`: its shaded detail; `None`: the field.
        let cx = 160.0;
        let in_rect = |x0: f32, y0: f32, x1: f32, y1: f32| x >= x0 && x <= x1 && y >= y0 && y <= y1;
        let in_circle = |r: f32, ox: f32, oy: f32| (x - ox).powi(2) + (y - oy).powi(2) <= r * r;
        match picture {
            Picture::Pipe => {
                if in_rect(135.0, 25.0, 185.0, 175.0) {
                    let slot = in_rect(145.0, 40.0, 175.0, 150.0) && (y as i32 / 8) % 2 == 0;
                    Some(!slot)
                } else {
                    None
                }
            }
            Picture::Cap => {
                if in_rect(115.0, 95.0, 205.0, 160.0) || in_circle(45.0, cx, 95.0) && y < 95.0 {
                    Some(!in_rect(115.0, 120.0, 205.0, 128.0))
                } else {
                    None
                }
            }
            Picture::Sensor => {
                if in_rect(145.0, 60.0, 175.0, 170.0) || in_circle(15.0, cx, 170.0) {
                    Some(true)
                } else if in_rect(157.0, 20.0, 163.0, 60.0) {
                    Some(false)
                } else {
                    None
                }
            }
            Picture::Logger => {
                if in_rect(95.0, 50.0, 225.0, 150.0) {
                    Some(!in_rect(110.0, 65.0, 210.0, 105.0))
                } else {
                    None
                }
            }
            Picture::Bag => {
                if in_rect(105.0, 45.0, 215.0, 170.0) || in_circle(55.0, cx, 170.0) && y < 185.0 {
                    Some(!in_rect(105.0, 95.0, 215.0, 115.0))
                } else {
                    None
                }
            }
            Picture::Flask => {
                let half = if y < 80.0 {
                    14.0
                } else {
                    14.0 + (y - 80.0) * 0.75
                };
                if (25.0..=170.0).contains(&y) && (x - cx).abs() <= half {
                    Some(y < 120.0)
                } else {
                    None
                }
            }
            Picture::Helmet => {
                if in_circle(70.0, cx, 140.0) && y <= 140.0 || in_rect(80.0, 135.0, 240.0, 150.0) {
                    Some(!in_rect(152.0, 70.0, 168.0, 140.0))
                } else {
                    None
                }
            }
            Picture::Tool => {
                if in_rect(150.0, 20.0, 170.0, 150.0) {
                    Some(true)
                } else if in_rect(130.0, 150.0, 190.0, 180.0) {
                    Some((x as i32 / 10) % 2 == 0)
                } else {
                    None
                }
            }
        }
    };
    let mut pixels = Vec::with_capacity((W * H * 3) as usize);
    for y in 0..H {
        for x in 0..W {
            let c = match inside(x as f32, y as f32) {
                Some(true) => fg,
                Some(false) => shade,
                None => bg,
            };
            pixels.extend_from_slice(&c);
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, W, H);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        // Writing to memory cannot fail but for a bug; the demo then has no picture.
        if let Ok(mut writer) = encoder.write_header()
            && writer.write_image_data(&pixels).is_ok()
        {
            let _ = writer.finish();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_two_hundred_products_with_unique_skus_and_pictures() {
        let all = products();
        assert!((180..=230).contains(&all.len()), "{}", all.len());
        let mut skus: Vec<&str> = all.iter().map(|(p, _, _)| p.sku.as_str()).collect();
        skus.sort_unstable();
        skus.dedup();
        assert_eq!(skus.len(), all.len(), "SKUs are unique");
        assert!(all.iter().all(|(_, _, cents)| *cents > 0));
        let png = draw(Picture::Flask);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    }
}
