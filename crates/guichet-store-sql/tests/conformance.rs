//! Conformance stories: the same story runs on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use std::sync::Arc;

use guichet_domain::*;
use guichet_store::*;
use guichet_store_sql::testing::fresh_pg_database;

async fn sqlite() -> (Arc<dyn Store>, tempdir::Dir) {
    let dir = tempdir::Dir::new();
    let url = format!("sqlite://{}/t.db", dir.0.display());
    let store = guichet_store_sql::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    (store, dir)
}

async fn postgres() -> Arc<dyn Store> {
    let url = fresh_pg_database().await.unwrap();
    let store = guichet_store_sql::connect(&url, 4).await.unwrap();
    store.migrate().await.unwrap();
    store
}

mod tempdir {
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new() -> Self {
            let p = std::env::temp_dir().join(format!("guichet-store-{}", uuid::Uuid::now_v7()));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn tenant(host: &str) -> Tenant {
    Tenant {
        id: TenantId::new(),
        host: host.into(),
        name: format!("Provider {host}"),
        base_url: format!("https://{host}"),
        primary_colour: "#1a5fb4".into(),
        logo_svg: None,
        default_locale: Locale::Fr,
        created_at: Millis::now(),
        max_upload_mb: None,
        document_kinds: Vec::new(),
    }
}

fn user(t: TenantId, kind: UserKind, email: &str) -> User {
    User {
        id: UserId::new(),
        tenant_id: t,
        kind,
        email: Email::parse(email).unwrap(),
        name: email.split('@').next().unwrap().into(),
        phone: String::new(),
        locale: Locale::En,
        time_zone: DEFAULT_TIME_ZONE.into(),
        staff_role: (kind == UserKind::Staff).then_some(StaffRole::Admin),
        active: true,
        password_hash: None,
        created_at: Millis::now(),
        updated_at: Millis::now(),
    }
}

fn customer(t: TenantId, number: &str, name: &str) -> Customer {
    Customer {
        id: CustomerId::new(),
        tenant_id: t,
        number: number.into(),
        name: name.into(),
        locale: Locale::Fr,
        currency: "CAD".into(),
        billing: Address {
            line1: "1 rue Principale".into(),
            city: "Québec".into(),
            region: "QC".into(),
            postal_code: "G1R 1A1".into(),
            country: "CA".into(),
            ..Default::default()
        },
        shipping: Address::default(),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    }
}

async fn default_role(s: &Arc<dyn Store>, t: TenantId) -> RoleId {
    let roles = s.roles(t).await.unwrap();
    roles.iter().find(|(r, _)| r.is_default).unwrap().0.id
}

fn member(t: TenantId, c: CustomerId, u: UserId, role: RoleId) -> Membership {
    Membership {
        tenant_id: t,
        customer_id: c,
        user_id: u,
        role_id: role,
        invited_by: None,
        created_at: Millis::now(),
    }
}

fn email(t: TenantId, to: &str) -> OutboxEmail {
    OutboxEmail {
        id: EmailId::new(),
        tenant_id: t,
        to_addr: to.into(),
        subject: "Subject".into(),
        body_text: "Body with a link".into(),
        created_at: Millis::now(),
        sent_at: None,
        attempts: 0,
        next_attempt_at: Millis::now(),
        last_error: None,
    }
}

async fn tenants_and_users_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    let b = tenant("b.example");
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    assert!(matches!(
        s.insert_tenant(&tenant("a.example")).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.tenant_by_host("a.example").await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(s.tenant_by_host("nope.example").await.unwrap(), None);

    let staff = user(a.id, UserKind::Staff, "anne@a.example");
    s.insert_user(&staff).await.unwrap();
    // Same email in another tenant is fine; twice in one tenant is a conflict.
    s.insert_user(&user(b.id, UserKind::Staff, "anne@a.example"))
        .await
        .unwrap();
    let mut dup = user(a.id, UserKind::Contact, "ANNE@a.example");
    dup.email = Email::parse("anne@a.example").unwrap();
    assert!(matches!(
        s.insert_user(&dup).await,
        Err(StoreError::Conflict { .. })
    ));

    assert_eq!(s.user(a.id, staff.id).await.unwrap(), Some(staff.clone()));
    assert_eq!(
        s.user(b.id, staff.id).await.unwrap(),
        None,
        "never across tenants"
    );
    assert_eq!(
        s.user_by_email(a.id, &staff.email)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(staff.id)
    );

    let mut changed = staff.clone();
    changed.name = "Anne Tremblay".into();
    changed.locale = Locale::Fr;
    s.update_user(&changed).await.unwrap();
    assert_eq!(
        s.user(a.id, staff.id).await.unwrap().unwrap().name,
        "Anne Tremblay"
    );
    let mut foreign = changed.clone();
    foreign.tenant_id = b.id;
    assert!(matches!(
        s.update_user(&foreign).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.list_staff(a.id).await.unwrap().len(), 1);
}

async fn customers_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    let b = tenant("b.example");
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c1 = customer(a.id, "C-001", "Béton Laval");
    let c2 = customer(a.id, "C-002", "Acier Nord");
    let c3 = customer(a.id, "C-003", "Acier Sud 100%");
    for c in [&c1, &c2, &c3] {
        s.insert_customer(c).await.unwrap();
    }
    assert!(matches!(
        s.insert_customer(&customer(a.id, "C-001", "Dup")).await,
        Err(StoreError::Conflict { .. })
    ));
    s.insert_customer(&customer(b.id, "C-001", "Other tenant"))
        .await
        .unwrap();

    let page1 = s
        .list_customers(
            a.id,
            &CustomerQuery {
                limit: 2,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page1.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(),
        ["C-002", "C-003"]
    );
    let last = page1.last().unwrap();
    let page2 = s
        .list_customers(
            a.id,
            &CustomerQuery {
                limit: 2,
                after: Some((last.name.clone(), last.id)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        page2.iter().map(|c| c.number.as_str()).collect::<Vec<_>>(),
        ["C-001"]
    );
    let found = s
        .list_customers(
            a.id,
            &CustomerQuery {
                search: Some("acier".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    let pct = s
        .list_customers(
            a.id,
            &CustomerQuery {
                search: Some("100%".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(pct.len(), 1, "wildcards in searches are literal");
    assert_eq!(s.count_customers(a.id).await.unwrap(), 3);

    let mut edited = c1.clone();
    edited.shipping.city = "Laval".into();
    edited.name = "Béton Laval inc.".into();
    s.update_customer(&edited).await.unwrap();
    assert_eq!(s.customer(a.id, c1.id).await.unwrap(), Some(edited.clone()));
    assert_eq!(s.customer(b.id, c1.id).await.unwrap(), None);
    assert_eq!(
        s.customer_by_number(a.id, "C-001")
            .await
            .unwrap()
            .map(|c| c.id),
        Some(c1.id)
    );

    let contact = user(a.id, UserKind::Contact, "marc@beton.example");
    let role_a = default_role(&s, a.id).await;
    let role_b = default_role(&s, b.id).await;
    s.insert_contact(&member(a.id, c1.id, contact.id, role_a), &contact)
        .await
        .unwrap();
    let members = s.contacts_of(a.id, c1.id).await.unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!((&members[0].user, members[0].role_id), (&contact, role_a));
    assert_eq!(s.customers_of(a.id, contact.id).await.unwrap().len(), 1);
    // Signed in: session, user and customer accounts (by name) in one statement.
    let second = customer(a.id, "C-000", "Aaa Second");
    s.insert_customer(&second).await.unwrap();
    s.add_membership(&member(a.id, second.id, contact.id, role_a))
        .await
        .unwrap();
    assert!(matches!(
        s.add_membership(&member(a.id, second.id, contact.id, role_a))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(
            s.add_membership(&member(b.id, second.id, contact.id, role_b))
                .await,
            Err(StoreError::NotFound)
        ),
        "never across tenants"
    );
    let third = customer(a.id, "C-009", "Zzz Third");
    s.insert_customer(&third).await.unwrap();
    assert!(
        matches!(
            s.add_membership(&member(a.id, third.id, contact.id, role_b))
                .await,
            Err(StoreError::NotFound)
        ),
        "never with another tenant's role"
    );
    let now = Millis::now();
    let session = Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: contact.id,
        token_hash: "contact-token".into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(60),
        user_agent: String::new(),
        ip: String::new(),
    };
    s.insert_session(&session).await.unwrap();
    let signed = s
        .signed_in(a.id, "contact-token", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signed.session, session);
    assert_eq!(signed.user.id, contact.id);
    assert_eq!(
        signed
            .accounts
            .iter()
            .map(|a| a.customer.number.as_str())
            .collect::<Vec<_>>(),
        ["C-000", "C-001"]
    );
    assert_eq!(signed.accounts[1].customer, edited);
    assert!(signed.accounts.iter().all(|a| a.role.id == role_a));
    assert!(
        s.signed_in(b.id, "contact-token", now)
            .await
            .unwrap()
            .is_none(),
        "other tenant"
    );
    assert!(
        s.signed_in(a.id, "contact-token", now.plus_secs(61))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    s.insert_session(&Session {
        id: SessionId::new(),
        user_id: staff.id,
        token_hash: "staff-token".into(),
        ..session.clone()
    })
    .await
    .unwrap();
    let staff_signed = s
        .signed_in(a.id, "staff-token", now)
        .await
        .unwrap()
        .unwrap();
    assert!(
        staff_signed.accounts.is_empty(),
        "staff belong to no customer account"
    );
    assert!(s.contacts_of(b.id, c1.id).await.unwrap().is_empty());
    // A contact cannot be attached to another tenant's customer; nothing is written.
    let stray = user(b.id, UserKind::Contact, "stray@x.example");
    assert!(matches!(
        s.insert_contact(&member(b.id, c1.id, stray.id, role_b), &stray)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.user(b.id, stray.id).await.unwrap(), None);
}

async fn sessions_and_tokens_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&u).await.unwrap();
    let now = Millis::now();
    let mk = |hash: &str| Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: u.id,
        token_hash: hash.into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(3600),
        user_agent: "Firefox".into(),
        ip: "127.0.0.1".into(),
    };
    let s1 = mk("h1");
    let s2 = mk("h2");
    s.insert_session(&s1).await.unwrap();
    s.insert_session(&s2).await.unwrap();
    let (found, found_user) = s.session_with_user(a.id, "h1", now).await.unwrap().unwrap();
    assert_eq!((found.id, found_user.id), (s1.id, u.id));
    assert!(
        s.session_with_user(a.id, "h1", now.plus_secs(7200))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(
        s.session_with_user(TenantId::new(), "h1", now)
            .await
            .unwrap()
            .is_none(),
        "other tenant"
    );
    s.touch_session(s1.id, now.plus_secs(60)).await.unwrap();
    assert_eq!(s.list_sessions(a.id, u.id, now).await.unwrap()[0].id, s1.id);
    assert!(s.delete_session(a.id, u.id, s2.id).await.unwrap());
    assert!(!s.delete_session(a.id, u.id, s2.id).await.unwrap());

    // Tokens: issue, re-issue revokes the earlier one, spend once.
    let tok = |hash: &str| Token {
        id: TokenId::new(),
        tenant_id: a.id,
        user_id: u.id,
        purpose: TokenPurpose::Invitation,
        token_hash: hash.into(),
        created_at: now,
        expires_at: now.plus_secs(600),
        spent_at: None,
    };
    s.issue_token(&tok("t1"), &email(a.id, "lea@x.example"), true)
        .await
        .unwrap();
    assert!(
        s.live_token(a.id, TokenPurpose::Invitation, "t1", now)
            .await
            .unwrap()
            .is_some()
    );
    s.issue_token(&tok("t2"), &email(a.id, "lea@x.example"), true)
        .await
        .unwrap();
    assert!(
        s.live_token(a.id, TokenPurpose::Invitation, "t1", now)
            .await
            .unwrap()
            .is_none(),
        "re-sent invitation revokes the old link"
    );
    assert!(
        s.token(a.id, TokenPurpose::Invitation, "t1")
            .await
            .unwrap()
            .unwrap()
            .spent_at
            .is_some()
    );
    assert!(
        s.live_token(a.id, TokenPurpose::PasswordReset, "t2", now)
            .await
            .unwrap()
            .is_none(),
        "purpose matters"
    );
    assert!(
        s.live_token(a.id, TokenPurpose::Invitation, "t2", now.plus_secs(601))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );

    // Setting the password spends the token and ends other sessions, once only.
    assert!(
        s.set_password(
            a.id,
            u.id,
            "hash",
            Some((TokenPurpose::Invitation, "t2")),
            Some(s1.id),
            now
        )
        .await
        .unwrap()
    );
    assert!(
        !s.set_password(
            a.id,
            u.id,
            "hash2",
            Some((TokenPurpose::Invitation, "t2")),
            None,
            now
        )
        .await
        .unwrap()
    );
    assert_eq!(
        s.user(a.id, u.id)
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .as_deref(),
        Some("hash")
    );

    // Concurrent spends: exactly one wins.
    s.issue_token(
        &Token {
            purpose: TokenPurpose::SignInLink,
            ..tok("m1")
        },
        &email(a.id, "lea@x.example"),
        false,
    )
    .await
    .unwrap();
    let mut handles = Vec::new();
    for _ in 0..8 {
        let s = s.clone();
        let tid = a.id;
        handles.push(tokio::spawn(async move {
            s.spend_token(tid, TokenPurpose::SignInLink, "m1", Millis::now())
                .await
                .unwrap()
                .is_some()
        }));
    }
    let mut wins = 0;
    for h in handles {
        wins += h.await.unwrap() as i32;
    }
    assert_eq!(wins, 1);

    // Deactivation ends sessions and spends tokens at once.
    s.insert_session(&mk("h3")).await.unwrap();
    s.set_user_active(a.id, u.id, false, now).await.unwrap();
    assert!(s.list_sessions(a.id, u.id, now).await.unwrap().is_empty());
    assert!(
        s.session_with_user(a.id, "h3", now)
            .await
            .unwrap()
            .is_none()
    );
}

async fn throttle_and_outbox_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let now = Millis::now();
    for i in 0..3 {
        s.record_failure(a.id, "k", now.plus_secs(i)).await.unwrap();
    }
    assert_eq!(
        s.failures_since(a.id, "k", now.plus_secs(-1))
            .await
            .unwrap(),
        3
    );
    assert_eq!(s.failures_since(a.id, "k", now).await.unwrap(), 2);
    assert_eq!(
        s.failures_since(a.id, "other", now.plus_secs(-1))
            .await
            .unwrap(),
        0
    );
    s.clear_failures(a.id, "k").await.unwrap();
    assert_eq!(
        s.failures_since(a.id, "k", now.plus_secs(-1))
            .await
            .unwrap(),
        0
    );
    s.record_failure(a.id, "old", now.plus_secs(-10_000))
        .await
        .unwrap();
    assert_eq!(s.prune_failures(now.plus_secs(-3600)).await.unwrap(), 1);

    let m1 = email(a.id, "a@x.example");
    let m2 = email(a.id, "b@x.example");
    s.enqueue_email(&m1).await.unwrap();
    s.enqueue_email(&m2).await.unwrap();
    let now = Millis::now();
    let claimed = s.claim_emails(now, now.plus_secs(60), 10).await.unwrap();
    assert_eq!(claimed.len(), 2);
    assert!(
        s.claim_emails(now, now.plus_secs(60), 10)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    s.mark_email_sent(m1.id, now, true).await.unwrap();
    s.mark_email_failed(m2.id, now.plus_secs(30), "connection refused")
        .await
        .unwrap();
    let again = s
        .claim_emails(now.plus_secs(61), now.plus_secs(120), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].id, m2.id);
    assert_eq!(again[0].attempts, 1);
    let sent = s.outbox_email(a.id, m1.id).await.unwrap().unwrap();
    assert!(sent.sent_at.is_some());
    assert_eq!(sent.body_text, "", "body wiped after delivery");
    assert_eq!(s.list_outbox(a.id, 10).await.unwrap().len(), 2);
    assert!(
        s.outbox_email(TenantId::new(), m1.id)
            .await
            .unwrap()
            .is_none()
    );
}

/// Portal roles: one default per tenant, names unique, moves and deletion with transfer.
async fn roles_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let roles = s.roles(a.id).await.unwrap();
    assert_eq!(roles.len(), 1, "a new tenant has its default role");
    let (default, count) = &roles[0];
    assert!(default.is_default);
    assert_eq!((default.name.as_str(), *count), ("Client", 0));
    assert_eq!(default.permissions, Permissions::default_role());
    let role_b = default_role(&s, b.id).await;

    let now = Millis::now();
    let mk = |name: &str| Role {
        id: RoleId::new(),
        tenant_id: a.id,
        name: name.into(),
        is_default: false,
        permissions: Permissions::default(),
        created_at: now,
        updated_at: now,
    };
    let mut accounting = mk("Comptabilité");
    s.insert_role(&accounting).await.unwrap();
    assert!(matches!(
        s.insert_role(&mk("Comptabilité")).await,
        Err(StoreError::Conflict { .. })
    ));
    let second_default = Role {
        is_default: true,
        ..mk("Autre")
    };
    assert!(
        matches!(
            s.insert_role(&second_default).await,
            Err(StoreError::Conflict { .. })
        ),
        "one default per tenant"
    );
    accounting
        .permissions
        .fields
        .insert(Field::LegalName, FieldAccess::ReadOnly);
    accounting.name = "Comptabilité générale".into();
    s.update_role(&accounting).await.unwrap();
    assert_eq!(
        s.role(a.id, accounting.id).await.unwrap(),
        Some(accounting.clone())
    );
    assert_eq!(s.role(b.id, accounting.id).await.unwrap(), None);
    let foreign = Role {
        tenant_id: b.id,
        ..accounting.clone()
    };
    assert!(matches!(
        s.update_role(&foreign).await,
        Err(StoreError::NotFound)
    ));

    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let (u1, u2) = (
        user(a.id, UserKind::Contact, "one@x.example"),
        user(a.id, UserKind::Contact, "two@x.example"),
    );
    s.insert_contact(&member(a.id, c.id, u1.id, default.id), &u1)
        .await
        .unwrap();
    s.insert_contact(&member(a.id, c.id, u2.id, default.id), &u2)
        .await
        .unwrap();
    assert_eq!(
        s.set_member_roles(a.id, &[(c.id, u1.id), (c.id, u2.id)], accounting.id)
            .await
            .unwrap(),
        2
    );
    assert!(matches!(
        s.set_member_roles(a.id, &[(c.id, u1.id)], role_b).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        matches!(
            s.set_member_roles(b.id, &[(c.id, u1.id)], role_b).await,
            Err(StoreError::NotFound)
        ),
        "another tenant's memberships are out of reach"
    );
    let stranger = UserId::new();
    let r = s
        .set_member_roles(a.id, &[(c.id, u1.id), (c.id, stranger)], default.id)
        .await;
    assert!(matches!(r, Err(StoreError::NotFound)), "{r:?}");
    assert_eq!(
        s.contacts_of(a.id, c.id).await.unwrap()[0].role_id,
        accounting.id,
        "all or nothing"
    );
    let counts: Vec<(String, i64)> = s
        .roles(a.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(r, n)| (r.name, n))
        .collect();
    assert_eq!(
        counts,
        [
            ("Client".to_string(), 0),
            ("Comptabilité générale".to_string(), 2)
        ]
    );

    // Deleting: never the default, never to itself or to another tenant's role.
    assert!(matches!(
        s.delete_role(a.id, default.id, accounting.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_role(a.id, accounting.id, accounting.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_role(a.id, accounting.id, role_b).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.delete_role(a.id, accounting.id, default.id)
            .await
            .unwrap(),
        2
    );
    assert_eq!(s.role(a.id, accounting.id).await.unwrap(), None);
    assert!(
        s.contacts_of(a.id, c.id)
            .await
            .unwrap()
            .iter()
            .all(|m| m.role_id == default.id)
    );
}

/// My company: versioned saves with their changes, approvals, and approval fields.
async fn company_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_contact(&member(a.id, c.id, u.id, default_role(&s, a.id).await), &u)
        .await
        .unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    assert_eq!(s.company_profile(a.id, c.id).await.unwrap(), None);
    let now = Millis::now();
    let change = |f: Field, before: &str, after: &str, status| CompanyChange {
        id: ChangeId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        user_id: u.id,
        user_name: u.name.clone(),
        field: f,
        before: before.into(),
        after: after.into(),
        status,
        created_at: now,
        decided_by: None,
        decided_at: None,
    };
    let mut p = CompanyProfile {
        tenant_id: a.id,
        customer_id: c.id,
        legal_name: "Alpha inc.".into(),
        version: 1,
        updated_at: now,
        ..CompanyProfile::default()
    };
    let applied = change(
        Field::LegalName,
        "Alpha",
        "Alpha inc.",
        ChangeStatus::Applied,
    );
    let pending = change(
        Field::TaxNumber,
        "",
        "123456789RT0001",
        ChangeStatus::Pending,
    );
    s.save_company_profile(&p, 0, &[applied.clone(), pending.clone()])
        .await
        .unwrap();
    assert_eq!(
        s.company_profile(a.id, c.id).await.unwrap(),
        Some(p.clone())
    );
    assert_eq!(s.company_profile(b.id, c.id).await.unwrap(), None);
    // A second save from the same starting version loses: nothing written.
    assert!(matches!(
        s.save_company_profile(&p, 0, std::slice::from_ref(&applied))
            .await,
        Err(StoreError::Conflict { .. })
    ));
    let stale = CompanyProfile {
        legal_name: "Stale".into(),
        version: 2,
        ..p.clone()
    };
    p.phone = "819 555-0100".into();
    p.version = 2;
    s.save_company_profile(&p, 1, &[]).await.unwrap();
    assert!(matches!(
        s.save_company_profile(&stale, 1, &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.company_profile(a.id, c.id)
            .await
            .unwrap()
            .unwrap()
            .legal_name,
        "Alpha inc."
    );
    // Another tenant's customer: refused.
    let foreign = CompanyProfile {
        tenant_id: b.id,
        version: 1,
        ..p.clone()
    };
    assert!(matches!(
        s.save_company_profile(&foreign, 0, &[]).await,
        Err(StoreError::NotFound) | Err(StoreError::Conflict { .. })
    ));

    let history = s.company_changes(a.id, c.id, 10).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(history.iter().all(|h| h.user_name == u.name));
    assert!(s.company_changes(b.id, c.id, 10).await.unwrap().is_empty());

    // Approving applies the new value; deciding twice or from another tenant fails.
    assert!(matches!(
        s.decide_company_change(b.id, pending.id, true, staff.id, now)
            .await,
        Err(StoreError::NotFound)
    ));
    let decided = s
        .decide_company_change(a.id, pending.id, true, staff.id, now)
        .await
        .unwrap();
    assert_eq!(decided.status, ChangeStatus::Approved);
    assert_eq!(decided.decided_by, Some(staff.id));
    let after = s.company_profile(a.id, c.id).await.unwrap().unwrap();
    assert_eq!(
        (after.tax_number.as_str(), after.version),
        ("123456789RT0001", 3)
    );
    assert!(matches!(
        s.decide_company_change(a.id, pending.id, false, staff.id, now)
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(
            s.decide_company_change(a.id, applied.id, true, staff.id, now)
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "only pending changes are decided"
    );

    assert!(s.approval_fields(a.id).await.unwrap().is_empty());
    s.set_approval_fields(a.id, &[Field::TaxNumber, Field::LegalName])
        .await
        .unwrap();
    assert_eq!(
        s.approval_fields(a.id).await.unwrap(),
        [Field::LegalName, Field::TaxNumber]
    );
    assert!(s.approval_fields(b.id).await.unwrap().is_empty());
    s.set_approval_fields(a.id, &[Field::Phone]).await.unwrap();
    assert_eq!(s.approval_fields(a.id).await.unwrap(), [Field::Phone]);
}

async fn notification_prefs_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&u).await.unwrap();
    assert!(s.notification_prefs(a.id, u.id).await.unwrap().is_empty());
    let prefs = [
        (NotifyKind::InvoiceIssued, NotifyMode::Digest),
        (NotifyKind::DocumentShared, NotifyMode::Off),
    ];
    s.set_notification_prefs(a.id, u.id, &prefs).await.unwrap();
    let mut got = s.notification_prefs(a.id, u.id).await.unwrap();
    got.sort_by_key(|(k, _)| *k);
    let mut want = prefs.to_vec();
    want.sort_by_key(|(k, _)| *k);
    assert_eq!(got, want);
    s.set_notification_prefs(a.id, u.id, &[(NotifyKind::OrderUpdate, NotifyMode::Off)])
        .await
        .unwrap();
    assert_eq!(
        s.notification_prefs(a.id, u.id).await.unwrap(),
        [(NotifyKind::OrderUpdate, NotifyMode::Off)],
        "replaced, not merged"
    );
    assert!(matches!(
        s.set_notification_prefs(b.id, u.id, &prefs).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.notification_prefs(b.id, u.id).await.unwrap().is_empty());
}

async fn address_book_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let now = Millis::now();
    let mk = |label: &str, default: bool| ShippingAddress {
        id: AddressId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        label: label.into(),
        site: String::new(),
        line1: "1 rue Principale".into(),
        line2: String::new(),
        city: "Laval".into(),
        region: "QC".into(),
        postal_code: "H7N 1A1".into(),
        country: "CA".into(),
        instructions: "Quai 3".into(),
        is_default: default,
        archived_at: None,
        used_at: None,
        created_at: now,
        updated_at: now,
    };
    let (one, mut two) = (mk("Entrepôt", true), mk("Bureau", false));
    s.insert_address(&one).await.unwrap();
    s.insert_address(&two).await.unwrap();
    let foreign = ShippingAddress {
        tenant_id: b.id,
        ..mk("X", false)
    };
    assert!(matches!(
        s.insert_address(&foreign).await,
        Err(StoreError::NotFound)
    ));
    let list = s.addresses(a.id, c.id).await.unwrap();
    assert_eq!(
        list.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(),
        ["Entrepôt", "Bureau"],
        "default first"
    );
    assert!(s.addresses(b.id, c.id).await.unwrap().is_empty());
    assert_eq!(s.address(b.id, one.id).await.unwrap(), None);

    // One default at a time.
    s.set_default_address(a.id, two.id, now.plus_secs(1))
        .await
        .unwrap();
    let list = s.addresses(a.id, c.id).await.unwrap();
    assert_eq!(list.iter().filter(|x| x.is_default).count(), 1);
    assert_eq!(list[0].id, two.id);

    // Saving over someone else's change fails; nothing is written.
    let current = s.address(a.id, two.id).await.unwrap().unwrap();
    two = ShippingAddress {
        label: "Bureau-chef".into(),
        updated_at: now.plus_secs(2),
        is_default: true,
        ..current.clone()
    };
    s.update_address(&two, current.updated_at).await.unwrap();
    let stale = ShippingAddress {
        label: "Perdu".into(),
        updated_at: now.plus_secs(3),
        ..current.clone()
    };
    assert!(matches!(
        s.update_address(&stale, current.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.address(a.id, two.id).await.unwrap().unwrap().label,
        "Bureau-chef"
    );

    // Archiving the default leaves none; an archived address cannot become the default.
    s.set_address_archived(a.id, two.id, true, now.plus_secs(4))
        .await
        .unwrap();
    let archived = s.address(a.id, two.id).await.unwrap().unwrap();
    assert!(archived.archived_at.is_some() && !archived.is_default);
    assert!(matches!(
        s.set_default_address(a.id, two.id, now).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.addresses(a.id, c.id).await.unwrap().last().unwrap().id,
        two.id,
        "archived last"
    );
    s.set_address_archived(a.id, two.id, false, now.plus_secs(5))
        .await
        .unwrap();
    assert!(
        s.address(a.id, two.id)
            .await
            .unwrap()
            .unwrap()
            .archived_at
            .is_none()
    );
    assert!(matches!(
        s.set_address_archived(b.id, two.id, true, now).await,
        Err(StoreError::NotFound)
    ));

    // Deleting: only never-used addresses.
    let used = ShippingAddress {
        used_at: Some(now),
        ..mk("Chantier", false)
    };
    s.insert_address(&used).await.unwrap();
    assert!(matches!(
        s.delete_address(a.id, used.id).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.delete_address(b.id, one.id).await,
        Err(StoreError::NotFound)
    ));
    s.delete_address(a.id, one.id).await.unwrap();
    assert_eq!(s.addresses(a.id, c.id).await.unwrap().len(), 2);
}

async fn projects_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let contact = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&contact).await.unwrap();
    let now = Millis::now();
    let mk = |title: &str, reference: &str, status, by: UserId, at: i64| Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: title.into(),
        reference: reference.into(),
        description: String::new(),
        site: "Laval".into(),
        starts_on: Some("2026-11-01".into()),
        ends_on: None,
        status,
        created_by: by,
        created_at: now.plus_secs(at),
        updated_at: now.plus_secs(at),
    };
    let p1 = mk(
        "Étude géotechnique",
        "GL-001",
        ProjectStatus::Open,
        staff.id,
        0,
    );
    let p2 = mk(
        "Arpentage 100%_sûr",
        "GL-002",
        ProjectStatus::Closed,
        staff.id,
        1,
    );
    let p3 = mk(
        "Relevé de la toiture",
        "GL-003",
        ProjectStatus::Open,
        contact.id,
        2,
    );
    for p in [&p1, &p2, &p3] {
        s.insert_project(p).await.unwrap();
    }
    let foreign = Project {
        tenant_id: b.id,
        ..mk("X", "X", ProjectStatus::Open, staff.id, 3)
    };
    assert!(matches!(
        s.insert_project(&foreign).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.project(a.id, p1.id).await.unwrap(), Some(p1.clone()));
    assert_eq!(s.project(b.id, p1.id).await.unwrap(), None);
    let list = |q: ProjectQuery| {
        let s = s.clone();
        async move {
            s.projects_of(a.id, c.id, &ProjectQuery { limit: 50, ..q })
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.reference)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(ProjectQuery::default()).await,
        ["GL-003", "GL-002", "GL-001"],
        "newest first"
    );
    assert_eq!(
        list(ProjectQuery {
            sort: ProjectSort::Title,
            ..Default::default()
        })
        .await,
        ["GL-002", "GL-003", "GL-001"]
    );
    assert_eq!(
        list(ProjectQuery {
            status: Some(ProjectStatus::Closed),
            ..Default::default()
        })
        .await,
        ["GL-002"]
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("TOITURE".into()),
            ..Default::default()
        })
        .await,
        ["GL-003"]
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("100%_".into()),
            ..Default::default()
        })
        .await,
        ["GL-002"],
        "wildcards are literal"
    );
    assert_eq!(
        list(ProjectQuery {
            search: Some("gl-00".into()),
            ..Default::default()
        })
        .await
        .len(),
        3
    );
    assert_eq!(
        list(ProjectQuery {
            own: Some(contact.id),
            ..Default::default()
        })
        .await,
        ["GL-003"]
    );
    assert!(
        s.projects_of(
            b.id,
            c.id,
            &ProjectQuery {
                limit: 50,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .is_empty()
    );

    let edited = Project {
        title: "Étude géotechnique (phase 2)".into(),
        updated_at: now.plus_secs(10),
        ..p1.clone()
    };
    s.update_project(&edited, p1.updated_at).await.unwrap();
    let stale = Project {
        title: "Perdu".into(),
        updated_at: now.plus_secs(11),
        ..p1.clone()
    };
    assert!(matches!(
        s.update_project(&stale, p1.updated_at).await,
        Err(StoreError::Conflict { .. })
    ));
    let elsewhere = Project {
        tenant_id: b.id,
        ..edited.clone()
    };
    assert!(matches!(
        s.update_project(&elsewhere, edited.updated_at).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.project(a.id, p1.id).await.unwrap().unwrap().title,
        "Étude géotechnique (phase 2)"
    );
}

async fn documents_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let now = Millis::now();
    let project = Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: "Étude".into(),
        reference: "GL-1".into(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    s.insert_project(&project).await.unwrap();
    let doc = |title: &str, kind: &str, at: i64| Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: project.id,
        title: title.into(),
        kind: kind.into(),
        status: statuses_for(kind)[0].into(),
        created_by: staff.id,
        created_at: now.plus_secs(at),
        updated_at: now.plus_secs(at),
    };
    let version = |d: &Document, name: &str, sha: char| DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: d.id,
        number: 0,
        filename: name.into(),
        content_type: "application/pdf".into(),
        size: 42,
        sha256: sha.to_string().repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    let report = doc("Rapport final", "report", 0);
    let quote = doc("Soumission", "quote", 1);
    s.insert_document(&report, &version(&report, "rapport.pdf", 'a'))
        .await
        .unwrap();
    s.insert_document(&quote, &version(&quote, "soumission.pdf", 'b'))
        .await
        .unwrap();
    let second = s
        .add_version(&version(&report, "rapport-v2.pdf", 'c'))
        .await
        .unwrap();
    assert_eq!(second.number, 2);
    let third = s
        .add_version(&version(&report, "rapport-v3.pdf", 'd'))
        .await
        .unwrap();
    assert_eq!(third.number, 3);
    let list = s.documents_of(a.id, project.id).await.unwrap();
    assert_eq!(
        list.iter()
            .map(|(d, v)| (d.title.as_str(), v.number))
            .collect::<Vec<_>>(),
        [("Soumission", 1), ("Rapport final", 3)],
        "newest first, each with its latest version"
    );
    let reports = s
        .documents_of_kind(a.id, project.id, "report")
        .await
        .unwrap();
    assert_eq!(
        reports
            .iter()
            .map(|(d, v)| (d.title.as_str(), v.number))
            .collect::<Vec<_>>(),
        [("Rapport final", 3)],
        "one kind, with its latest version"
    );
    assert!(
        s.documents_of_kind(b.id, project.id, "report")
            .await
            .unwrap()
            .is_empty()
    );
    let versions = s.versions(a.id, report.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(
        s.version(a.id, second.id).await.unwrap().unwrap().filename,
        "rapport-v2.pdf"
    );
    // Nothing crosses tenants or customers.
    assert!(s.documents_of(b.id, project.id).await.unwrap().is_empty());
    assert_eq!(s.document(b.id, report.id).await.unwrap(), None);
    assert_eq!(s.version(b.id, second.id).await.unwrap(), None);
    let foreign = Document {
        tenant_id: b.id,
        ..doc("X", "other", 2)
    };
    assert!(matches!(
        s.insert_document(&foreign, &version(&foreign, "x", 'e'))
            .await,
        Err(StoreError::NotFound)
    ));
    let wrong_customer = Document {
        customer_id: CustomerId::new(),
        ..doc("Y", "other", 2)
    };
    assert!(matches!(
        s.insert_document(&wrong_customer, &version(&wrong_customer, "y", 'e'))
            .await,
        Err(StoreError::NotFound)
    ));
    let stray = DocumentVersion {
        tenant_id: b.id,
        ..version(&report, "z", 'f')
    };
    assert!(matches!(
        s.add_version(&stray).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.versions(a.id, report.id).await.unwrap().len(), 3);
}

async fn journal_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let project = ProjectId::new();
    let entry =
        |t: TenantId, action: &str, object: uuid::Uuid, project: Option<ProjectId>| JournalEntry {
            id: EntryId::new(),
            tenant_id: t,
            seq: 0,
            at: Millis::now(),
            actor: None,
            actor_label: "Léa".into(),
            ip: "127.0.0.1".into(),
            action: action.into(),
            object_kind: "document".into(),
            object_id: object,
            customer_id: None,
            project_id: project,
            detail: "rapport.pdf".into(),
            prev_hash: String::new(),
            hash: String::new(),
        };
    let doc = uuid::Uuid::now_v7();
    let first = s
        .append(&entry(a.id, "document.upload", doc, Some(project)))
        .await
        .unwrap();
    assert_eq!((first.seq, first.prev_hash.as_str()), (1, GENESIS_HASH));
    assert_eq!(first.hash, first.compute_hash());
    // Appends at the same time still make one unbroken chain.
    let mut tasks = Vec::new();
    for i in 0..12 {
        let s = s.clone();
        let e = entry(
            a.id,
            if i % 2 == 0 {
                "document.download"
            } else {
                "project.update"
            },
            doc,
            Some(project),
        );
        tasks.push(tokio::spawn(async move { s.append(&e).await.unwrap() }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    s.append(&entry(b.id, "document.upload", doc, None))
        .await
        .unwrap();
    let chain = s.chain(a.id).await.unwrap();
    assert_eq!(chain.len(), 13);
    assert!(first_broken(&chain).is_none(), "the chain verifies");
    assert_eq!(
        s.chain(b.id).await.unwrap().len(),
        1,
        "one chain per tenant"
    );
    let q = |action: Option<&str>| JournalQuery {
        project: Some(project),
        object: None,
        action_prefix: action.map(str::to_string),
        limit: 100,
    };
    assert_eq!(s.journal(a.id, &q(None)).await.unwrap().len(), 13);
    let docs = s.journal(a.id, &q(Some("document."))).await.unwrap();
    assert_eq!(docs.len(), 7);
    assert!(docs.windows(2).all(|w| w[0].seq > w[1].seq), "newest first");
    assert!(s.journal(b.id, &q(None)).await.unwrap().is_empty());
    let by_object = JournalQuery {
        object: Some(doc),
        limit: 5,
        ..Default::default()
    };
    assert_eq!(s.journal(a.id, &by_object).await.unwrap().len(), 5);
    assert_eq!(
        s.journal(
            a.id,
            &JournalQuery {
                action_prefix: Some("%".into()),
                limit: 100,
                ..Default::default()
            }
        )
        .await
        .unwrap()
        .len(),
        0,
        "wildcards are literal"
    );
}

/// Viewing links, document requests and comments of a project.
async fn project_sharing_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let now = Millis::now();
    let project = |title: &str| Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: title.into(),
        reference: String::new(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let (p1, p2) = (project("Un"), project("Deux"));
    s.insert_project(&p1).await.unwrap();
    s.insert_project(&p2).await.unwrap();
    let doc = Document {
        id: DocumentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        title: "Rapport".into(),
        kind: "report".into(),
        status: "published".into(),
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    let version = DocumentVersion {
        id: VersionId::new(),
        tenant_id: a.id,
        document_id: doc.id,
        number: 1,
        filename: "r.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1,
        sha256: "a".repeat(64),
        uploaded_by: staff.id,
        uploaded_at: now,
    };
    s.insert_document(&doc, &version).await.unwrap();

    // Links: by hash, revoked once, uses counted; never across tenants or projects.
    let link = ShareLink {
        id: LinkId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        document_id: Some(doc.id),
        label: "Notaire".into(),
        token_hash: "hash-1".into(),
        created_by: staff.id,
        created_at: now,
        expires_at: now.plus_secs(3600),
        revoked_at: None,
        uses: 0,
        last_used_at: None,
        sign_in: false,
    };
    s.insert_link(&link).await.unwrap();
    let elsewhere = ShareLink {
        id: LinkId::new(),
        token_hash: "hash-2".into(),
        project_id: p2.id,
        ..link.clone()
    };
    assert!(
        matches!(s.insert_link(&elsewhere).await, Err(StoreError::NotFound)),
        "a document of another project"
    );
    assert_eq!(
        s.link_by_hash(a.id, "hash-1").await.unwrap().unwrap().id,
        link.id
    );
    assert!(s.link_by_hash(b.id, "hash-1").await.unwrap().is_none());
    s.count_link_use(a.id, link.id, now).await.unwrap();
    s.count_link_use(a.id, link.id, now).await.unwrap();
    assert_eq!(s.links_of(a.id, p1.id).await.unwrap()[0].uses, 2);
    assert!(!s.revoke_link(b.id, link.id, now).await.unwrap());
    assert!(s.revoke_link(a.id, link.id, now).await.unwrap());
    assert!(
        !s.revoke_link(a.id, link.id, now).await.unwrap(),
        "already revoked"
    );
    assert!(
        !s.link_by_hash(a.id, "hash-1")
            .await
            .unwrap()
            .unwrap()
            .live(now)
    );

    // Requests: outstanding first, fulfilled once.
    let request = |title: &str, due: Option<&str>| DocumentRequest {
        id: RequestId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: p1.id,
        title: title.into(),
        kind: "plan".into(),
        description: String::new(),
        due_on: due.map(str::to_string),
        created_by: staff.id,
        created_at: now,
        fulfilled_at: None,
        fulfilled_by: None,
        document_id: None,
    };
    let (late, soon) = (
        request("Plan", Some("2026-12-20")),
        request("Preuve", Some("2026-12-01")),
    );
    s.insert_request(&late).await.unwrap();
    s.insert_request(&soon).await.unwrap();
    assert_eq!(
        s.requests_of(a.id, p1.id).await.unwrap()[0].title,
        "Preuve",
        "soonest first"
    );
    s.fulfil_request(a.id, soon.id, doc.id, staff.id, now)
        .await
        .unwrap();
    assert!(matches!(
        s.fulfil_request(a.id, soon.id, doc.id, staff.id, now).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(
        s.fulfil_request(b.id, late.id, doc.id, staff.id, now).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.requests_of(a.id, p1.id).await.unwrap()[0].title,
        "Plan",
        "outstanding first"
    );

    // Comments: on the project, on a document; never a document of another project.
    let comment = |document: Option<DocumentId>, project: ProjectId, body: &str| Comment {
        id: CommentId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        project_id: project,
        document_id: document,
        author: staff.id,
        author_name: String::new(),
        body: body.into(),
        created_at: now,
        attachment: None,
    };
    s.insert_comment(&comment(None, p1.id, "Bonjour"))
        .await
        .unwrap();
    s.insert_comment(&comment(Some(doc.id), p1.id, "Page 3"))
        .await
        .unwrap();
    assert!(matches!(
        s.insert_comment(&comment(Some(doc.id), p2.id, "x")).await,
        Err(StoreError::NotFound)
    ));
    let on_project = s.comments_of(a.id, p1.id, None).await.unwrap();
    assert_eq!(on_project.len(), 1);
    assert_eq!(on_project[0].author_name, staff.name);
    assert_eq!(
        s.comments_of(a.id, p1.id, Some(doc.id)).await.unwrap()[0].body,
        "Page 3"
    );
    assert!(s.comments_of(b.id, p1.id, None).await.unwrap().is_empty());

    // Followers and what each person has read.
    s.follow(a.id, p1.id, staff.id, now).await.unwrap();
    s.follow(a.id, p1.id, staff.id, now).await.unwrap();
    assert_eq!(s.followers(a.id, p1.id).await.unwrap(), [staff.id]);
    assert!(matches!(
        s.follow(b.id, p1.id, staff.id, now).await,
        Err(StoreError::NotFound)
    ));
    let reader = user(a.id, UserKind::Contact, "lecteur@alpha.example");
    s.insert_user(&reader).await.unwrap();
    let unread = |projects: Vec<ProjectId>| {
        let s = s.clone();
        let reader = reader.id;
        async move { s.unread_counts(a.id, reader, &projects).await.unwrap() }
    };
    assert_eq!(
        unread(vec![p1.id, p2.id]).await,
        [(p1.id, 1)],
        "project threads only"
    );
    assert!(unread(vec![]).await.is_empty());
    s.mark_read(a.id, reader.id, p1.id.0, now).await.unwrap();
    s.mark_read(a.id, reader.id, p1.id.0, Millis(now.0 - 5000))
        .await
        .unwrap();
    assert_eq!(
        s.read_at(a.id, reader.id, p1.id.0).await.unwrap(),
        Some(now),
        "never goes back"
    );
    assert!(unread(vec![p1.id]).await.is_empty());
    assert!(s.read_at(b.id, reader.id, p1.id.0).await.unwrap().is_none());
    assert_eq!(
        s.reader_state(a.id, reader.id, p1.id).await.unwrap(),
        (Some(now), false)
    );
    assert_eq!(
        s.reader_state(a.id, staff.id, p1.id).await.unwrap(),
        (None, true)
    );
    s.unfollow(a.id, p1.id, staff.id).await.unwrap();
    assert!(s.followers(a.id, p1.id).await.unwrap().is_empty());

    // Shares: one per (project, document, contact), replaced when set again; never a document
    // of another project or someone of another tenant; "own" lists include shared projects.
    let contact = user(a.id, UserKind::Contact, "marie@alpha.example");
    s.insert_user(&contact).await.unwrap();
    let foreigner = user(b.id, UserKind::Contact, "x@b.example");
    s.insert_user(&foreigner).await.unwrap();
    let share = |document: Option<DocumentId>, project: ProjectId, who: UserId, level| Share {
        tenant_id: a.id,
        project_id: project,
        document_id: document,
        user_id: who,
        level,
        granted_by: staff.id,
        granted_at: now,
    };
    let own = ProjectQuery {
        own: Some(contact.id),
        limit: 10,
        ..Default::default()
    };
    assert!(s.projects_of(a.id, c.id, &own).await.unwrap().is_empty());
    s.set_share(&share(None, p1.id, contact.id, ShareLevel::View))
        .await
        .unwrap();
    s.set_share(&share(None, p1.id, contact.id, ShareLevel::Hidden))
        .await
        .unwrap();
    s.set_share(&share(
        Some(doc.id),
        p1.id,
        contact.id,
        ShareLevel::Download,
    ))
    .await
    .unwrap();
    s.set_share(&share(None, p2.id, contact.id, ShareLevel::Upload))
        .await
        .unwrap();
    let on_p1 = s.shares_of_project(a.id, p1.id).await.unwrap();
    assert_eq!(on_p1.len(), 2, "the project's share was replaced");
    assert!(on_p1.contains(&share(None, p1.id, contact.id, ShareLevel::Hidden)));
    assert!(on_p1.contains(&share(
        Some(doc.id),
        p1.id,
        contact.id,
        ShareLevel::Download
    )));
    assert!(matches!(
        s.set_share(&share(Some(doc.id), p2.id, contact.id, ShareLevel::View))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.set_share(&share(None, p1.id, foreigner.id, ShareLevel::View))
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        s.shares_of_contact(a.id, contact.id).await.unwrap().len(),
        3
    );
    let head = s
        .project_with_shares_of(a.id, p1.id, contact.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(head.project.id, p1.id);
    assert_eq!(head.shares.len(), 2, "the project's and the document's");
    assert!(head.flow.is_none());
    let none = s
        .project_with_shares_of(a.id, p1.id, staff.id)
        .await
        .unwrap()
        .unwrap()
        .shares;
    assert!(none.is_empty());
    assert!(
        s.project_with_shares_of(b.id, p1.id, contact.id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        s.shares_of_contact(b.id, contact.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(s.shares_of_project(b.id, p1.id).await.unwrap().is_empty());
    let mut listed: Vec<_> = s
        .projects_of(a.id, c.id, &own)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    listed.sort();
    assert_eq!(
        listed,
        ["Deux", "Un"],
        "shared on the project, or on a document of it"
    );
    s.remove_share(a.id, p1.id, Some(doc.id), contact.id)
        .await
        .unwrap();
    assert_eq!(s.shares_of_project(a.id, p1.id).await.unwrap().len(), 1);
    assert_eq!(s.projects_of(a.id, c.id, &own).await.unwrap().len(), 1);
    s.remove_share(b.id, p2.id, None, contact.id).await.unwrap();
    assert_eq!(
        s.shares_of_contact(a.id, contact.id).await.unwrap().len(),
        2,
        "another tenant removes nothing"
    );
}

async fn dump_restore_story(s: Arc<dyn Store>, target: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let c = customer(a.id, "C-9", "Nine");
    s.insert_customer(&c).await.unwrap();
    let nine = user(a.id, UserKind::Contact, "nine@x.example");
    let mut m = member(a.id, c.id, nine.id, default_role(&s, a.id).await);
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    m.invited_by = Some(staff.id);
    s.insert_contact(&m, &nine).await.unwrap();
    let mut extra = Role {
        id: RoleId::new(),
        tenant_id: a.id,
        name: "Comptabilité".into(),
        is_default: false,
        permissions: Permissions::default(),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    };
    extra
        .permissions
        .fields
        .insert(Field::TaxNumber, FieldAccess::Hidden);
    s.insert_role(&extra).await.unwrap();
    let profile = CompanyProfile {
        tenant_id: a.id,
        customer_id: c.id,
        legal_name: "Nine inc.".into(),
        version: 1,
        updated_at: Millis::now(),
        ..CompanyProfile::default()
    };
    let change = CompanyChange {
        id: ChangeId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        user_id: nine.id,
        user_name: nine.name.clone(),
        field: Field::LegalName,
        before: "Nine".into(),
        after: "Nine inc.".into(),
        status: ChangeStatus::Applied,
        created_at: Millis::now(),
        decided_by: None,
        decided_at: None,
    };
    s.save_company_profile(&profile, 0, &[change])
        .await
        .unwrap();
    s.set_approval_fields(a.id, &[Field::TaxNumber])
        .await
        .unwrap();
    s.set_notification_prefs(
        a.id,
        nine.id,
        &[(NotifyKind::SupportReply, NotifyMode::Digest)],
    )
    .await
    .unwrap();
    s.insert_address(&ShippingAddress {
        id: AddressId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        label: "Entrepôt".into(),
        site: String::new(),
        line1: "1 rue".into(),
        line2: String::new(),
        city: "Laval".into(),
        region: "QC".into(),
        postal_code: "H7N 1A1".into(),
        country: "CA".into(),
        instructions: String::new(),
        is_default: true,
        archived_at: None,
        used_at: Some(Millis::now()),
        created_at: Millis::now(),
        updated_at: Millis::now(),
    })
    .await
    .unwrap();
    s.enqueue_email(&email(a.id, "nine@x.example"))
        .await
        .unwrap();
    let dump = s.dump().await.unwrap();
    assert_eq!(
        (
            dump.roles.len(),
            dump.memberships.len(),
            dump.profiles.len(),
            dump.company_changes.len(),
            dump.approval_fields.len(),
            dump.notification_prefs.len(),
            dump.addresses.len()
        ),
        (2, 1, 1, 1, 1, 1, 1),
        "the dump holds roles, memberships and company details"
    );
    assert_eq!(dump.memberships[0].invited_by, Some(staff.id));
    target.restore(&dump).await.unwrap();
    assert_eq!(target.dump().await.unwrap(), dump);
    assert!(
        matches!(
            target.restore(&dump).await,
            Err(StoreError::Conflict { .. })
        ),
        "refuses a non-empty target"
    );
    assert!(target.migrations_current().await.unwrap());
}

/// `signed_in` answers from an in-process cache; every change behind it shows at once.
async fn signed_in_story(s: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&u).await.unwrap();
    let mut c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let role = default_role(&s, a.id).await;
    s.add_membership(&member(a.id, c.id, u.id, role))
        .await
        .unwrap();
    let now = Millis::now();
    let session = |hash: &str| Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: u.id,
        token_hash: hash.into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(3600),
        user_agent: "Firefox".into(),
        ip: "127.0.0.1".into(),
    };
    let (s1, s2) = (session("h1"), session("h2"));
    s.insert_session(&s1).await.unwrap();
    s.insert_session(&s2).await.unwrap();
    let get = |hash: &'static str, at: Millis| {
        let s = s.clone();
        async move { s.signed_in(a.id, hash, at).await.unwrap() }
    };
    for _ in 0..3 {
        let si = get("h1", now).await.unwrap();
        assert_eq!((si.session.id, si.user.id), (s1.id, u.id));
        assert_eq!(
            si.accounts
                .iter()
                .map(|a| a.customer.name.as_str())
                .collect::<Vec<_>>(),
            ["Alpha"]
        );
    }
    assert!(
        get("h1", now.plus_secs(7200)).await.is_none(),
        "expired, cached or not"
    );
    assert!(
        s.signed_in(TenantId::new(), "h1", now)
            .await
            .unwrap()
            .is_none(),
        "other tenant"
    );

    // Writes show on the next read.
    c.name = "Alpha renamed".into();
    s.update_customer(&c).await.unwrap();
    assert_eq!(
        get("h1", now).await.unwrap().accounts[0].customer.name,
        "Alpha renamed"
    );
    s.set_user_locale(a.id, u.id, Locale::Fr).await.unwrap();
    assert_eq!(get("h1", now).await.unwrap().user.locale, Locale::Fr);
    let c2 = customer(a.id, "C-2", "Beta");
    s.insert_customer(&c2).await.unwrap();
    s.add_membership(&member(a.id, c2.id, u.id, role))
        .await
        .unwrap();
    assert_eq!(get("h1", now).await.unwrap().accounts.len(), 2);
    // A role's permissions change: the next read shows it.
    let (mut r, _) = s.roles(a.id).await.unwrap().remove(0);
    r.permissions.company_admin = true;
    s.update_role(&r).await.unwrap();
    assert!(
        get("h1", now).await.unwrap().accounts[0]
            .role
            .permissions
            .company_admin
    );
    s.touch_session(s1.id, now.plus_secs(90)).await.unwrap();
    assert_eq!(
        get("h1", now).await.unwrap().session.last_seen_at,
        now.plus_secs(90)
    );
    assert!(get("h2", now).await.is_some());
    assert!(s.delete_session(a.id, u.id, s2.id).await.unwrap());
    assert!(get("h2", now).await.is_none(), "revoked at once");
    assert_eq!(
        s.delete_sessions_of(a.id, u.id, Some(s1.id)).await.unwrap(),
        0
    );
    assert!(get("h1", now).await.is_some());
    s.set_user_active(a.id, u.id, false, now).await.unwrap();
    assert!(get("h1", now).await.is_none(), "deactivated at once");
}

/// Two servers on one PostgreSQL database: a change made by one reaches the other's cache.
#[tokio::test]
async fn signed_in_cache_hears_other_instances_on_postgres() {
    let url = fresh_pg_database().await.unwrap();
    let s = guichet_store_sql::connect(&url, 4).await.unwrap();
    s.migrate().await.unwrap();
    let other = guichet_store_sql::connect(&url, 4).await.unwrap();
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let u = user(a.id, UserKind::Contact, "lea@x.example");
    s.insert_user(&u).await.unwrap();
    let now = Millis::now();
    s.insert_session(&Session {
        id: SessionId::new(),
        tenant_id: a.id,
        user_id: u.id,
        token_hash: "h1".into(),
        created_at: now,
        last_seen_at: now,
        expires_at: now.plus_secs(3600),
        user_agent: "Firefox".into(),
        ip: "127.0.0.1".into(),
    })
    .await
    .unwrap();
    // Read until the cache is live (its listener connects in the background) and serving.
    for _ in 0..50 {
        assert!(s.signed_in(a.id, "h1", now).await.unwrap().is_some());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    other.set_user_active(a.id, u.id, false, now).await.unwrap();
    let mut waited = 0;
    while s.signed_in(a.id, "h1", now).await.unwrap().is_some() {
        assert!(
            waited < 2_000,
            "the other instance's change never reached this one"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        waited += 10;
    }
}

async fn flows_story(s: Arc<dyn Store>) {
    let (a, b) = (tenant("a.example"), tenant("b.example"));
    s.insert_tenant(&a).await.unwrap();
    s.insert_tenant(&b).await.unwrap();
    let c = customer(a.id, "C-1", "Alpha");
    s.insert_customer(&c).await.unwrap();
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let now = Millis::now();
    let project = Project {
        id: ProjectId::new(),
        tenant_id: a.id,
        customer_id: c.id,
        title: "Toit".into(),
        reference: String::new(),
        description: String::new(),
        site: String::new(),
        starts_on: None,
        ends_on: None,
        status: ProjectStatus::Open,
        created_by: staff.id,
        created_at: now,
        updated_at: now,
    };
    s.insert_project(&project).await.unwrap();
    let def: FlowDef = serde_json::from_str(
        r#"{"statuses":[{"key":"s","internal":"S","public":{"name":{"fr":"É","en":"S"}},
            "steps":[{"key":"one","internal":"One","public":{"name":{"fr":"Un","en":"One"}},
                      "page":"initial_documentation","fields":[{"field":"area","use":"required"}],
                      "transitions":{"documentation_submitted":"two"}},
                     {"key":"two","internal":"Two","public":{"name":{"fr":"Deux","en":"Two"}}}]}],
            "fields":[{"key":"area","kind":"number","label":{"fr":"Aire","en":"Area"}}]}"#,
    )
    .unwrap();
    assert_eq!(def.check(), vec![]);
    let flow = FlowType {
        id: FlowId::new(),
        tenant_id: a.id,
        name: "Solaire".into(),
        public: Public {
            name: Texts::new("Solaire", "Solar"),
            description: Texts::default(),
        },
        def: def.clone(),
        revision: 1,
        created_at: now,
        updated_at: now,
    };
    s.insert_flow(&flow).await.unwrap();
    assert_eq!(s.flow(a.id, flow.id).await.unwrap().unwrap(), flow);
    assert!(
        s.flow(b.id, flow.id).await.unwrap().is_none(),
        "tenant B sees nothing"
    );
    assert_eq!(s.flows(a.id).await.unwrap().len(), 1);
    let pf = ProjectFlow {
        project_id: project.id,
        tenant_id: a.id,
        flow_id: flow.id,
        step: "one".into(),
        values: [("area".to_string(), "42.5".to_string())].into(),
        visit: Some(Visit {
            technician: Some(staff.id),
            starts_at: now,
            ends_at: now.plus_secs(3600),
            note: "Ruelle".into(),
        }),
        revision: 1,
        entered_at: now,
        updated_at: now,
        visited: vec!["one".into()],
    };
    // Another tenant's project or flow: nothing is written.
    let foreign = ProjectFlow {
        tenant_id: b.id,
        ..pf.clone()
    };
    assert!(matches!(
        s.start_project_flow(&foreign).await,
        Err(StoreError::NotFound)
    ));
    s.start_project_flow(&pf).await.unwrap();
    assert_eq!(s.project_flow(a.id, project.id).await.unwrap().unwrap(), pf);
    assert!(s.project_flow(b.id, project.id).await.unwrap().is_none());
    // A move saved on the revision it was made from; a second one from the same is refused.
    let mut next = ProjectFlow {
        revision: 2,
        ..pf.clone()
    };
    next.arrive("two", now.plus_secs(1));
    s.save_project_flow(&next, 1).await.unwrap();
    assert!(matches!(
        s.save_project_flow(&next, 1).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(
        s.project_flow(a.id, project.id).await.unwrap().unwrap(),
        next
    );
    assert_eq!(
        s.flow_usage(a.id, flow.id).await.unwrap(),
        vec![("two".to_string(), 1)]
    );
    // An edit moves the projects of a removed step, in the same transaction.
    let edited = FlowType {
        revision: 2,
        name: "Solaire 2".into(),
        updated_at: now.plus_secs(2),
        ..flow.clone()
    };
    let moved = s
        .update_flow(&edited, 1, &[("two".into(), "one".into())])
        .await
        .unwrap();
    assert_eq!(moved, 1);
    assert!(matches!(
        s.update_flow(&edited, 1, &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    let after = s.project_flow(a.id, project.id).await.unwrap().unwrap();
    assert_eq!(after.step, "one");
    assert_eq!(after.revision, 3);
    assert_eq!(
        s.flow(a.id, flow.id).await.unwrap().unwrap().name,
        "Solaire 2"
    );
    let other = FlowType {
        tenant_id: b.id,
        ..edited.clone()
    };
    assert!(matches!(
        s.update_flow(&other, 2, &[]).await,
        Err(StoreError::NotFound)
    ));
}

macro_rules! both {
    ($($story:ident),*) => {
        mod on_sqlite { use super::*; $( #[tokio::test] async fn $story() { let (s, _d) = sqlite().await; super::$story(s).await; } )* }
        mod on_postgres { use super::*; $( #[tokio::test] async fn $story() { super::$story(postgres().await).await; } )* }
    };
}
both!(
    tenants_and_users_story,
    customers_story,
    sessions_and_tokens_story,
    signed_in_story,
    roles_story,
    company_story,
    notification_prefs_story,
    address_book_story,
    projects_story,
    documents_story,
    journal_story,
    project_sharing_story,
    flows_story,
    throttle_and_outbox_story
);

#[tokio::test]
async fn dump_restore_sqlite_to_postgres() {
    let (s, _d) = sqlite().await;
    dump_restore_story(s, postgres().await).await;
}

#[tokio::test]
async fn dump_restore_postgres_to_sqlite() {
    let (t, _d) = sqlite().await;
    dump_restore_story(postgres().await, t).await;
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let (s, _d) = sqlite().await;
    assert_eq!(s.migrate().await.unwrap(), 0);
    let p = postgres().await;
    assert_eq!(p.migrate().await.unwrap(), 0);
    assert!(p.migrations_current().await.unwrap());
}
