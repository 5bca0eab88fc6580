//! Sessions, emailed tokens, and the signed-in answer with its cache.
use super::*;

pub(crate) async fn sessions_and_tokens_story(s: Arc<dyn Store>) {
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

    // The one reminder of an invitation: only for someone invited, once, even when asked for
    // at the same time by many.
    assert!(
        !s.claim_invitation_reminder(a.id, u.id, now).await.unwrap(),
        "never invited"
    );
    // Tokens: issue, re-issue revokes the earlier one, spend once.
    let tok = |hash: &str| Token {
        id: TokenId::new(),
        tenant_id: a.id,
        user_id: u.id,
        purpose: TokenPurpose::Invitation,
        token_hash: hash.into(),
        new_email: None,
        created_at: now,
        expires_at: now.plus_secs(600),
        spent_at: None,
    };
    s.issue_token(&tok("t1"), &email(a.id, "lea@x.example"), true)
        .await
        .unwrap();
    let mut claims = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (s, t, who) = (s.clone(), a.id, u.id);
        claims.spawn(async move { s.claim_invitation_reminder(t, who, now).await.unwrap() });
    }
    let won = claims.join_all().await.into_iter().filter(|c| *c).count();
    assert_eq!(won, 1, "exactly once");
    assert!(!s.claim_invitation_reminder(a.id, u.id, now).await.unwrap());
    let b = tenant("b.example");
    s.insert_tenant(&b).await.unwrap();
    assert!(
        !s.claim_invitation_reminder(b.id, u.id, now).await.unwrap(),
        "never across tenants"
    );
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

    // Setting the password spends the token, every other unspent token of the person, and
    // ends other sessions, once only.
    s.issue_token(
        &Token {
            purpose: TokenPurpose::PasswordReset,
            ..tok("r1")
        },
        &email(a.id, "lea@x.example"),
        false,
    )
    .await
    .unwrap();
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
    assert!(
        s.live_token(a.id, TokenPurpose::PasswordReset, "r1", now)
            .await
            .unwrap()
            .is_none(),
        "a reset link sent before the password changed is spent with it"
    );

    // "Sign out everywhere" spends the person's links too.
    s.issue_token(
        &Token {
            purpose: TokenPurpose::SignInLink,
            ..tok("l1")
        },
        &email(a.id, "lea@x.example"),
        false,
    )
    .await
    .unwrap();
    s.delete_sessions_of(a.id, u.id, None, now).await.unwrap();
    assert!(
        s.live_token(a.id, TokenPurpose::SignInLink, "l1", now)
            .await
            .unwrap()
            .is_none()
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

    // An address change: its token confirms it, once; the person's other links are spent.
    let change = |hash: &str, to: &str| Token {
        purpose: TokenPurpose::EmailChange,
        new_email: Some(Email::parse(to).unwrap()),
        ..tok(hash)
    };
    s.issue_token(
        &change("c1", "lea.new@x.example"),
        &email(a.id, "lea.new@x.example"),
        true,
    )
    .await
    .unwrap();
    s.issue_token(
        &Token {
            purpose: TokenPurpose::PasswordReset,
            ..tok("r2")
        },
        &email(a.id, "lea@x.example"),
        false,
    )
    .await
    .unwrap();
    let new = Email::parse("lea.new@x.example").unwrap();
    assert_eq!(
        s.token(a.id, TokenPurpose::EmailChange, "c1")
            .await
            .unwrap()
            .unwrap()
            .new_email,
        Some(new.clone())
    );
    assert_eq!(
        s.confirm_email_change(a.id, "c1", now).await.unwrap(),
        Some((u.id, new.clone()))
    );
    assert_eq!(s.user(a.id, u.id).await.unwrap().unwrap().email, new);
    assert!(
        s.live_token(a.id, TokenPurpose::PasswordReset, "r2", now)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        s.confirm_email_change(a.id, "c1", now).await.unwrap(),
        None,
        "once"
    );
    // Another person's address: a conflict, and nothing changes (the token stays live).
    let other = user(a.id, UserKind::Contact, "taken@x.example");
    s.insert_user(&other).await.unwrap();
    s.issue_token(
        &change("c2", "taken@x.example"),
        &email(a.id, "taken@x.example"),
        true,
    )
    .await
    .unwrap();
    assert!(matches!(
        s.confirm_email_change(a.id, "c2", now).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(s.user(a.id, u.id).await.unwrap().unwrap().email, new);
    assert!(
        s.live_token(a.id, TokenPurpose::EmailChange, "c2", now)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(s.spend_tokens_of(a.id, u.id, now).await.unwrap(), 1);
    assert_eq!(s.spend_tokens_of(a.id, u.id, now).await.unwrap(), 0);

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

/// `signed_in` answers from an in-process cache; every change behind it shows at once.
pub(crate) async fn signed_in_story(s: Arc<dyn Store>) {
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
    // The person's shares come with the answer; a share set or removed shows at once.
    assert!(get("h1", now).await.unwrap().shares.is_empty());
    let staff = user(a.id, UserKind::Staff, "boss@a.example");
    s.insert_user(&staff).await.unwrap();
    let p = project(a.id, c.id, staff.id, "Partagé", now);
    s.insert_project(&p).await.unwrap();
    let share = Share {
        tenant_id: a.id,
        project_id: p.id,
        document_id: None,
        user_id: u.id,
        level: ShareLevel::View,
        granted_by: staff.id,
        granted_at: now,
    };
    s.set_share(&share).await.unwrap();
    assert_eq!(
        get("h1", now).await.unwrap().shares,
        std::slice::from_ref(&share)
    );
    s.remove_share(a.id, p.id, None, u.id).await.unwrap();
    assert!(get("h1", now).await.unwrap().shares.is_empty());
    s.touch_session(s1.id, now.plus_secs(90)).await.unwrap();
    assert_eq!(
        get("h1", now).await.unwrap().session.last_seen_at,
        now.plus_secs(90)
    );
    assert!(get("h2", now).await.is_some());
    assert!(s.delete_session(a.id, u.id, s2.id).await.unwrap());
    assert!(get("h2", now).await.is_none(), "revoked at once");
    assert_eq!(
        s.delete_sessions_of(a.id, u.id, Some(s1.id), now)
            .await
            .unwrap(),
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
