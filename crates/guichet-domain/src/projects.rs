//! Projects (dossiers): one shared space per piece of work for a customer account.
use crate::{CustomerId, Millis, ProjectId, TenantId, UserId, ValueError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ProjectStatus {
    #[default]
    Open,
    OnHold,
    Closed,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 3] = [
        ProjectStatus::Open,
        ProjectStatus::OnHold,
        ProjectStatus::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ProjectStatus::Open => "open",
            ProjectStatus::OnHold => "on_hold",
            ProjectStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub id: ProjectId,
    pub tenant_id: TenantId,
    pub customer_id: CustomerId,
    pub title: String,
    /// The provider's own reference ("GL-2026-014").
    pub reference: String,
    pub description: String,
    /// Where the work happens (one text: street, city…).
    pub site: String,
    /// Calendar dates, `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub status: ProjectStatus,
    pub created_by: UserId,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A calendar date as typed (`YYYY-MM-DD`); empty is none.
pub fn date(raw: &str) -> Result<Option<String>, ValueError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<jiff::civil::Date>() {
        Ok(d) if t.len() == 10 && (1900..=2200).contains(&d.year()) => Ok(Some(d.to_string())),
        _ => Err(ValueError::Date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date(""), Ok(None));
        assert_eq!(date("2026-11-23"), Ok(Some("2026-11-23".into())));
        assert_eq!(date("2028-02-29"), Ok(Some("2028-02-29".into())));
        for bad in ["2026-02-29", "2026-13-01", "23/11/2026", "2026-1-1", "x"] {
            assert_eq!(date(bad), Err(ValueError::Date), "{bad}");
        }
    }
}
