//! A tiny embedded migration runner, the same for both backends: each migration runs in a
//! transaction together with its bookkeeping row.

pub(crate) struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub(crate) const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../migrations/sqlite/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "user_time_zone",
        sql: include_str!("../migrations/sqlite/0002_user_time_zone.sql"),
    },
    Migration {
        version: 3,
        name: "portal_roles",
        sql: include_str!("../migrations/sqlite/0003_portal_roles.sql"),
    },
    Migration {
        version: 4,
        name: "company_profile",
        sql: include_str!("../migrations/sqlite/0004_company_profile.sql"),
    },
    Migration {
        version: 5,
        name: "notification_prefs",
        sql: include_str!("../migrations/sqlite/0005_notification_prefs.sql"),
    },
    Migration {
        version: 6,
        name: "address_book",
        sql: include_str!("../migrations/sqlite/0006_address_book.sql"),
    },
    Migration {
        version: 7,
        name: "projects",
        sql: include_str!("../migrations/sqlite/0007_projects.sql"),
    },
    Migration {
        version: 8,
        name: "documents",
        sql: include_str!("../migrations/sqlite/0008_documents.sql"),
    },
    Migration {
        version: 9,
        name: "journal",
        sql: include_str!("../migrations/sqlite/0009_journal.sql"),
    },
    Migration {
        version: 10,
        name: "share_links",
        sql: include_str!("../migrations/sqlite/0010_share_links.sql"),
    },
    Migration {
        version: 11,
        name: "document_requests",
        sql: include_str!("../migrations/sqlite/0011_document_requests.sql"),
    },
    Migration {
        version: 12,
        name: "comments",
        sql: include_str!("../migrations/sqlite/0012_comments.sql"),
    },
    Migration {
        version: 13,
        name: "shares",
        sql: include_str!("../migrations/sqlite/0013_shares.sql"),
    },
    Migration {
        version: 14,
        name: "tenant_upload_limit",
        sql: include_str!("../migrations/sqlite/0014_tenant_upload_limit.sql"),
    },
    Migration {
        version: 15,
        name: "link_sign_in",
        sql: include_str!("../migrations/sqlite/0015_link_sign_in.sql"),
    },
    Migration {
        version: 16,
        name: "conversations",
        sql: include_str!("../migrations/sqlite/0016_conversations.sql"),
    },
    Migration {
        version: 17,
        name: "documents_by_customer",
        sql: include_str!("../migrations/sqlite/0017_documents_by_customer.sql"),
    },
    Migration {
        version: 18,
        name: "project_team",
        sql: include_str!("../migrations/sqlite/0018_project_team.sql"),
    },
    Migration {
        version: 19,
        name: "document_kinds",
        sql: include_str!("../migrations/sqlite/0019_document_kinds.sql"),
    },
    Migration {
        version: 20,
        name: "flows",
        sql: include_str!("../migrations/sqlite/0020_flows.sql"),
    },
];

pub(crate) const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        name: "foundation",
        sql: include_str!("../migrations/postgres/0001_foundation.sql"),
    },
    Migration {
        version: 2,
        name: "user_time_zone",
        sql: include_str!("../migrations/postgres/0002_user_time_zone.sql"),
    },
    // PostgreSQL only: SQLite does this with an update hook (see signed_in_cache.rs).
    Migration {
        version: 3,
        name: "change_notifications",
        sql: include_str!("../migrations/postgres/0003_change_notifications.sql"),
    },
    Migration {
        version: 4,
        name: "portal_roles",
        sql: include_str!("../migrations/postgres/0004_portal_roles.sql"),
    },
    Migration {
        version: 5,
        name: "company_profile",
        sql: include_str!("../migrations/postgres/0005_company_profile.sql"),
    },
    Migration {
        version: 6,
        name: "notification_prefs",
        sql: include_str!("../migrations/postgres/0006_notification_prefs.sql"),
    },
    Migration {
        version: 7,
        name: "address_book",
        sql: include_str!("../migrations/postgres/0007_address_book.sql"),
    },
    Migration {
        version: 8,
        name: "projects",
        sql: include_str!("../migrations/postgres/0008_projects.sql"),
    },
    Migration {
        version: 9,
        name: "documents",
        sql: include_str!("../migrations/postgres/0009_documents.sql"),
    },
    Migration {
        version: 10,
        name: "journal",
        sql: include_str!("../migrations/postgres/0010_journal.sql"),
    },
    Migration {
        version: 11,
        name: "share_links",
        sql: include_str!("../migrations/postgres/0011_share_links.sql"),
    },
    Migration {
        version: 12,
        name: "document_requests",
        sql: include_str!("../migrations/postgres/0012_document_requests.sql"),
    },
    Migration {
        version: 13,
        name: "comments",
        sql: include_str!("../migrations/postgres/0013_comments.sql"),
    },
    Migration {
        version: 14,
        name: "shares",
        sql: include_str!("../migrations/postgres/0014_shares.sql"),
    },
    Migration {
        version: 15,
        name: "tenant_upload_limit",
        sql: include_str!("../migrations/postgres/0015_tenant_upload_limit.sql"),
    },
    Migration {
        version: 16,
        name: "link_sign_in",
        sql: include_str!("../migrations/postgres/0016_link_sign_in.sql"),
    },
    Migration {
        version: 17,
        name: "conversations",
        sql: include_str!("../migrations/postgres/0017_conversations.sql"),
    },
    Migration {
        version: 18,
        name: "documents_by_customer",
        sql: include_str!("../migrations/postgres/0018_documents_by_customer.sql"),
    },
    Migration {
        version: 19,
        name: "project_team",
        sql: include_str!("../migrations/postgres/0019_project_team.sql"),
    },
    Migration {
        version: 20,
        name: "document_kinds",
        sql: include_str!("../migrations/postgres/0020_document_kinds.sql"),
    },
    Migration {
        version: 21,
        name: "flows",
        sql: include_str!("../migrations/postgres/0021_flows.sql"),
    },
];

pub(crate) const BOOKKEEPING: &str = "CREATE TABLE IF NOT EXISTS guichet_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
