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
    s.insert_contact(c1.id, &contact).await.unwrap();
    assert_eq!(
        s.contacts_of(a.id, c1.id).await.unwrap(),
        vec![contact.clone()]
    );
    assert_eq!(s.customers_of(a.id, contact.id).await.unwrap().len(), 1);
    // Signed in: session, user and customer accounts (by name) in one statement.
    let second = customer(a.id, "C-000", "Aaa Second");
    s.insert_customer(&second).await.unwrap();
    s.add_membership(a.id, second.id, contact.id, Millis::now())
        .await
        .unwrap();
    assert!(matches!(
        s.add_membership(a.id, second.id, contact.id, Millis::now())
            .await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(
            s.add_membership(b.id, second.id, contact.id, Millis::now())
                .await,
            Err(StoreError::NotFound)
        ),
        "never across tenants"
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
            .customers
            .iter()
            .map(|c| c.number.as_str())
            .collect::<Vec<_>>(),
        ["C-000", "C-001"]
    );
    assert_eq!(signed.customers[1], edited);
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
        staff_signed.customers.is_empty(),
        "staff belong to no customer account"
    );
    assert!(s.contacts_of(b.id, c1.id).await.unwrap().is_empty());
    // A contact cannot be attached to another tenant's customer; nothing is written.
    let stray = user(b.id, UserKind::Contact, "stray@x.example");
    assert!(matches!(
        s.insert_contact(c1.id, &stray).await,
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

async fn dump_restore_story(s: Arc<dyn Store>, target: Arc<dyn Store>) {
    let a = tenant("a.example");
    s.insert_tenant(&a).await.unwrap();
    let c = customer(a.id, "C-9", "Nine");
    s.insert_customer(&c).await.unwrap();
    s.insert_contact(c.id, &user(a.id, UserKind::Contact, "nine@x.example"))
        .await
        .unwrap();
    s.enqueue_email(&email(a.id, "nine@x.example"))
        .await
        .unwrap();
    let dump = s.dump().await.unwrap();
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
    s.add_membership(a.id, c.id, u.id, Millis::now()).await.unwrap();
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
        assert_eq!(si.customers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Alpha"]);
    }
    assert!(get("h1", now.plus_secs(7200)).await.is_none(), "expired, cached or not");
    assert!(s.signed_in(TenantId::new(), "h1", now).await.unwrap().is_none(), "other tenant");

    // Writes show on the next read.
    c.name = "Alpha renamed".into();
    s.update_customer(&c).await.unwrap();
    assert_eq!(get("h1", now).await.unwrap().customers[0].name, "Alpha renamed");
    s.set_user_locale(a.id, u.id, Locale::Fr).await.unwrap();
    assert_eq!(get("h1", now).await.unwrap().user.locale, Locale::Fr);
    let c2 = customer(a.id, "C-2", "Beta");
    s.insert_customer(&c2).await.unwrap();
    s.add_membership(a.id, c2.id, u.id, now).await.unwrap();
    assert_eq!(get("h1", now).await.unwrap().customers.len(), 2);
    s.touch_session(s1.id, now.plus_secs(90)).await.unwrap();
    assert_eq!(get("h1", now).await.unwrap().session.last_seen_at, now.plus_secs(90));
    assert!(get("h2", now).await.is_some());
    assert!(s.delete_session(a.id, u.id, s2.id).await.unwrap());
    assert!(get("h2", now).await.is_none(), "revoked at once");
    assert_eq!(s.delete_sessions_of(a.id, u.id, Some(s1.id)).await.unwrap(), 0);
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
        assert!(waited < 2_000, "the other instance's change never reached this one");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        waited += 10;
    }
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
