//! Providers (tenants): each on its own host name, fully isolated.
use guichet_domain::*;

use crate::Portal;
use crate::error::{CoreError, CoreResult, FieldErrors};
use crate::secrets::hash_password;

/// A new provider and its first administrator.
#[derive(Clone, Debug)]
pub struct NewTenant {
    pub host: String,
    pub name: String,
    pub base_url: String,
    pub primary_colour: String,
    pub default_locale: Locale,
    pub admin_email: String,
    pub admin_name: String,
    pub logo_svg: Option<String>,
}

/// A host name as matched against requests: lower case, no trailing dot.
pub fn normalize_host(raw: &str) -> String {
    raw.trim().trim_end_matches('.').to_ascii_lowercase()
}

fn valid_host(h: &str) -> bool {
    !h.is_empty()
        && h.len() <= 253
        && h.chars().all(|c| {
            c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == ':' || c == '[' || c == ']'
        })
}

impl Portal {
    /// Creates the provider and its administrator, and emails the administrator an invitation.
    /// Returns the invitation link too, for the operator's console.
    pub async fn create_tenant(&self, input: &NewTenant) -> CoreResult<(Tenant, String)> {
        let mut e = FieldErrors::default();
        let host = normalize_host(&input.host);
        if !valid_host(&host) {
            e.add("host", "error-invalid");
        }
        let name = e.check("name", text(&input.name, 200, true));
        let base_url = input.base_url.trim().trim_end_matches('/').to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://"))
            || base_url.contains(char::is_whitespace)
        {
            e.add("base_url", "error-invalid");
        }
        let colour = e.check("primary_colour", colour(&input.primary_colour));
        let email = e.check("admin_email", Email::parse(&input.admin_email));
        let admin_name = e.check("admin_name", text(&input.admin_name, 200, true));
        let (Some(name), Some(colour), Some(email), Some(admin_name)) =
            (name, colour, email, admin_name)
        else {
            return Err(CoreError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(CoreError::Invalid(e));
        }
        let now = Millis::now();
        let tenant = Tenant {
            id: TenantId::new(),
            host,
            name,
            base_url,
            primary_colour: colour,
            logo_svg: input.logo_svg.clone(),
            default_locale: input.default_locale,
            created_at: now,
            max_upload_mb: None,
            document_kinds: Vec::new(),
        };
        self.store
            .insert_tenant(&tenant)
            .await
            .map_err(|e| match e {
                guichet_store::StoreError::Conflict { .. } => {
                    CoreError::field("host", "error-host-taken")
                }
                other => other.into(),
            })?;
        let admin = User {
            id: UserId::new(),
            tenant_id: tenant.id,
            kind: UserKind::Staff,
            email,
            name: admin_name,
            phone: String::new(),
            locale: input.default_locale,
            time_zone: TimeZone::default(),
            staff_role: Some(StaffRole::Admin),
            active: true,
            password_hash: None,
            created_at: now,
            updated_at: now,
        };
        self.store.insert_user(&admin).await?;
        let link = self
            .issue_link_returning(&tenant, &admin, TokenPurpose::Invitation)
            .await?;
        Ok((tenant, link))
    }

    /// Sets a provider's largest upload, in MB (1 to 100,000; none: the instance default).
    pub async fn set_upload_limit(&self, host: &str, mb: Option<i64>) -> CoreResult<Tenant> {
        if mb.is_some_and(|mb| !(1..=100_000).contains(&mb)) {
            return Err(CoreError::field("max_upload_mb", "error-invalid"));
        }
        let tenant = self
            .tenant_by_host(host)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.store.set_upload_limit(tenant.id, mb).await?;
        Ok(Tenant {
            max_upload_mb: mb,
            ..tenant
        })
    }

    /// Sets the document kinds a provider uses (none: all). Forms offer only these; documents
    /// of other kinds already filed stay as they are.
    pub async fn set_document_kinds(
        &self,
        host: &str,
        kinds: &[DocumentKind],
    ) -> CoreResult<Tenant> {
        let mut list: Vec<DocumentKind> = Vec::new();
        for k in kinds {
            if !list.contains(k) {
                list.push(*k);
            }
        }
        let tenant = self
            .tenant_by_host(host)
            .await?
            .ok_or(CoreError::NotFound)?;
        self.store.set_document_kinds(tenant.id, &list).await?;
        Ok(Tenant {
            document_kinds: list,
            ..tenant
        })
    }

    /// The largest upload a tenant accepts, in bytes.
    pub fn upload_limit(&self, tenant: &Tenant) -> u64 {
        tenant
            .max_upload_mb
            .map(|mb| mb.max(0) as u64 * 1_000_000)
            .unwrap_or(self.settings.max_upload_bytes)
    }

    pub async fn tenant_by_host(&self, host: &str) -> CoreResult<Option<Tenant>> {
        Ok(self.store.tenant_by_host(&normalize_host(host)).await?)
    }

    /// Adds a staff member with a password already set (demo data and operator commands).
    pub async fn add_staff_with_password(
        &self,
        tenant: &Tenant,
        email: &str,
        name: &str,
        role: StaffRole,
        locale: Locale,
        password: &str,
    ) -> CoreResult<User> {
        let email = Email::parse(email).map_err(|e| CoreError::field("email", e.message_key()))?;
        let now = Millis::now();
        let u = User {
            id: UserId::new(),
            tenant_id: tenant.id,
            kind: UserKind::Staff,
            email,
            name: name.to_string(),
            phone: String::new(),
            locale,
            time_zone: TimeZone::default(),
            staff_role: Some(role),
            active: true,
            password_hash: Some(
                hash_password(password.to_string(), self.settings.password_cost).await?,
            ),
            created_at: now,
            updated_at: now,
        };
        self.store.insert_user(&u).await?;
        Ok(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            normalize_host(" Portail.Example.COM. "),
            "portail.example.com"
        );
        assert!(valid_host("127.0.0.1:8080"));
        assert!(!valid_host("a b"));
        assert!(!valid_host(""));
    }
}
