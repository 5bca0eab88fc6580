//! The customer's address book: shipping addresses, one default, archived rather than deleted
//! once used by an order; postal codes checked per country.
use crate::{AddressId, CustomerId, Millis, TenantId, ValueError};

#[derive(Clone, Debug, PartialEq)]
pub struct ShippingAddress {
    pub id: AddressId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    /// What the customer calls it ("Entrepôt de Laval").
    pub label: String,
    /// Site or building, receiving dock, floor…
    pub site: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    /// Province or state.
    pub region: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub instructions: String,
    pub is_default: bool,
    pub archived_at: Option<Millis>,
    /// First used by an order: from then on it is archived, never deleted.
    pub used_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// Countries offered in forms (others are accepted by code).
pub const COUNTRIES: [&str; 6] = ["CA", "US", "FR", "BE", "CH", "GB"];

/// Canadian provinces and territories.
pub const CA_REGIONS: [&str; 13] = [
    "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
];

/// US states, DC and territories.
pub const US_REGIONS: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

/// A country code: two letters, upper-cased.
pub fn country(raw: &str) -> Result<String, ValueError> {
    let c = raw.trim().to_uppercase();
    if c.is_empty() {
        return Err(ValueError::Required);
    }
    if c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(ValueError::Invalid)
    }
}

/// A postal code checked and written the way the country writes it (`H2X 1Y4`, `10001-1234`,
/// `75008`…); other countries: letters, digits, spaces and hyphens.
pub fn postal_code(country: &str, raw: &str) -> Result<String, ValueError> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    if compact.is_empty() {
        return Err(ValueError::Required);
    }
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match country {
        "CA" => {
            let b = compact.as_bytes();
            // Letter-digit-letter digit-letter-digit; D, F, I, O, Q, U never appear, and W, Z
            // never first.
            let letter = |c: u8, first: bool| {
                c.is_ascii_uppercase()
                    && !b"DFIOQU".contains(&c)
                    && !(first && (c == b'W' || c == b'Z'))
            };
            let ok = b.len() == 6
                && letter(b[0], true)
                && b[1].is_ascii_digit()
                && letter(b[2], false)
                && b[3].is_ascii_digit()
                && letter(b[4], false)
                && b[5].is_ascii_digit();
            if ok {
                Ok(format!("{} {}", &compact[..3], &compact[3..]))
            } else {
                Err(ValueError::PostalCode)
            }
        }
        "US" => {
            let plain: String = compact.replace('-', "");
            if digits(&plain, 5) {
                Ok(plain)
            } else if digits(&plain, 9) {
                Ok(format!("{}-{}", &plain[..5], &plain[5..]))
            } else {
                Err(ValueError::PostalCode)
            }
        }
        "FR" | "DE" => {
            if digits(&compact, 5) {
                Ok(compact)
            } else {
                Err(ValueError::PostalCode)
            }
        }
        "BE" | "CH" => {
            if digits(&compact, 4) {
                Ok(compact)
            } else {
                Err(ValueError::PostalCode)
            }
        }
        _ => {
            let t = raw.trim().to_uppercase();
            if (2..=12).contains(&t.len())
                && t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
            {
                Ok(t)
            } else {
                Err(ValueError::PostalCode)
            }
        }
    }
}

/// A province or state: a known code in Canada and the United States, free text elsewhere.
pub fn region(country: &str, raw: &str) -> Result<String, ValueError> {
    let t = raw.trim();
    match country {
        "CA" | "US" => {
            let code = t.to_uppercase();
            let known = if country == "CA" {
                CA_REGIONS.contains(&code.as_str())
            } else {
                US_REGIONS.contains(&code.as_str())
            };
            if code.is_empty() {
                Err(ValueError::Required)
            } else if known {
                Ok(code)
            } else {
                Err(ValueError::Region)
            }
        }
        _ => crate::text(t, 100, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canadian_postal_codes() {
        assert_eq!(postal_code("CA", "h2x1y4"), Ok("H2X 1Y4".into()));
        assert_eq!(postal_code("CA", " G1K  3A9 "), Ok("G1K 3A9".into()));
        for bad in [
            "H2X1Y", "12345", "D2X 1Y4", "W2X 1Y4", "H2O 1Y4", "H2X-1Y4X",
        ] {
            assert_eq!(postal_code("CA", bad), Err(ValueError::PostalCode), "{bad}");
        }
        assert_eq!(postal_code("CA", "  "), Err(ValueError::Required));
    }

    #[test]
    fn other_countries() {
        assert_eq!(postal_code("US", "10001"), Ok("10001".into()));
        assert_eq!(postal_code("US", "100011234"), Ok("10001-1234".into()));
        assert_eq!(postal_code("US", "H2X 1Y4"), Err(ValueError::PostalCode));
        assert_eq!(postal_code("FR", "75 008"), Ok("75008".into()));
        assert_eq!(postal_code("FR", "7500"), Err(ValueError::PostalCode));
        assert_eq!(postal_code("BE", "1000"), Ok("1000".into()));
        assert_eq!(postal_code("GB", "sw1a 1aa"), Ok("SW1A 1AA".into()));
        assert_eq!(postal_code("GB", "<script>"), Err(ValueError::PostalCode));
    }

    #[test]
    fn regions_and_countries() {
        assert_eq!(region("CA", "qc"), Ok("QC".into()));
        assert_eq!(region("CA", "XX"), Err(ValueError::Region));
        assert_eq!(region("US", "ny"), Ok("NY".into()));
        assert_eq!(region("FR", "Île-de-France"), Ok("Île-de-France".into()));
        assert_eq!(country(" ca "), Ok("CA".into()));
        assert_eq!(country("Canada"), Err(ValueError::Invalid));
    }
}
