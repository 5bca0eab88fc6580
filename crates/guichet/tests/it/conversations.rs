//! Conversations: followers told of new messages (at once or in the daily summary), unread
//! markers, files sent with messages.
use guichet_domain::{Millis, NotifyKind, NotifyMode};
use reqwest::StatusCode;

use crate::harness::TestApp;

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn followers_unread_markers_and_files(app: TestApp) {
    let (c, camille) = app
        .customer_with_contact(&app.a, "C-1", "camille@client.example", "fr")
        .await;
    let paul = app
        .contact_in(&app.a, c.id, "Paul Payeur", "paul@client.example", "", "en")
        .await;
    app.customer_with_contact(&app.a, "C-2", "autre@client.example", "fr")
        .await;
    let admin_user = app.staff(&app.a, "admin").await;
    let project = app.project(c.id, "Forage").await;
    let pid = project.id;
    let admin = app.browser(&app.a);
    admin.signed_in_as("admin@a.example").await;
    let cb = app.browser(&app.a);
    cb.signed_in_as("camille@client.example").await;
    let pb = app.browser(&app.a);
    pb.signed_in_as("paul@client.example").await;
    let comments = format!("/projects/{pid}/comments");
    let follow = format!("/projects/{pid}/follow");
    let page_url = format!("/portal/projects/{pid}");

    // Camille follows; Paul follows too, but wants a daily summary.
    let p = cb.post(&follow, &[("on", "1")]).await;
    assert_eq!(p.location, Some(format!("/portal/projects/{pid}#comments")));
    assert!(cb.get(&page_url).await.has("Ne plus suivre"));
    pb.post(&follow, &[("on", "1")]).await;
    app.store
        .set_notification_prefs(
            app.a.id,
            paul.id,
            &[(NotifyKind::CommentNew, NotifyMode::Digest)],
        )
        .await
        .unwrap();

    // Staff write: Camille gets an email now and sees the message as new, once.
    let p = admin
        .post_form_data(&comments, &[("body", "Les foreuses arrivent jeudi.")], None)
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    app.deliver().await;
    let mail = app.last_mail_to("camille@client.example").await;
    assert!(mail.subject.contains("Nouveau message"), "{}", mail.subject);
    assert!(mail.body.contains("Les foreuses arrivent jeudi."));
    assert!(
        app.mails_to("paul@client.example").await.is_empty(),
        "Paul waits for his summary"
    );
    let list = cb.get("/portal/projects").await;
    assert!(
        list.has("data-testid=\"unread\""),
        "the list shows unread messages"
    );
    let page = cb.get(&page_url).await;
    assert!(page.has("data-testid=\"new\""));
    assert!(
        !cb.get(&page_url).await.has("data-testid=\"new\""),
        "read once seen"
    );
    assert!(
        !cb.get("/portal/projects")
            .await
            .has("data-testid=\"unread\"")
    );

    // The daily summary: sent once, after its hour, with the line in Paul's language.
    assert_eq!(
        app.portal.send_digests(Millis::now()).await.unwrap(),
        0,
        "not yet due"
    );
    let tomorrow = Millis::now().plus_secs(26 * 3600);
    assert_eq!(app.portal.send_digests(tomorrow).await.unwrap(), 1);
    assert_eq!(
        app.portal.send_digests(tomorrow).await.unwrap(),
        0,
        "sent once"
    );
    app.deliver().await;
    let digest = app.last_mail_to("paul@client.example").await;
    assert!(
        digest.subject.contains("daily summary"),
        "{}",
        digest.subject
    );
    assert!(
        digest.body.contains("Les foreuses arrivent jeudi."),
        "{}",
        digest.body
    );

    // Files with a message: only for those who may add documents; refused without a trace.
    assert!(
        !cb.get(&page_url)
            .await
            .has("name=\"file\" type=\"file\" aria-describedby=\"f-comment-file-limit\"")
    );
    let before = app.store.documents_of(app.a.id, pid).await.unwrap().len();
    let p = cb
        .post_form_data(
            &comments,
            &[("body", "Voici la preuve.")],
            Some(("preuve.pdf", PDF.to_vec())),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.store.documents_of(app.a.id, pid).await.unwrap().len(),
        before
    );
    assert_eq!(
        app.store
            .comments_of(app.a.id, pid, None)
            .await
            .unwrap()
            .len(),
        1
    );
    app.portal
        .set_share(
            &admin_user,
            &guichet_core::Client::default(),
            pid,
            None,
            camille.id,
            Some(guichet_domain::ShareLevel::Upload),
        )
        .await
        .unwrap();
    assert!(cb.get(&page_url).await.has("f-comment-file"));
    let p = cb
        .post_form_data(
            &comments,
            &[("body", "Voici la preuve.")],
            Some(("preuve.pdf", PDF.to_vec())),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let list = app.store.comments_of(app.a.id, pid, None).await.unwrap();
    let attached = list
        .last()
        .unwrap()
        .attachment
        .expect("the file is attached");
    let doc = app
        .store
        .document(app.a.id, attached)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (doc.title.as_str(), doc.kind.as_str()),
        ("preuve.pdf", "other")
    );
    assert!(
        admin
            .get(&format!("/staff/projects/{pid}"))
            .await
            .has(&format!("/documents/{attached}"))
    );
    // An empty message with a file: refused, and the file is not kept.
    let before = app.store.documents_of(app.a.id, pid).await.unwrap().len();
    let p = cb
        .post_form_data(
            &comments,
            &[("body", "  ")],
            Some(("vide.pdf", PDF.to_vec())),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.store.documents_of(app.a.id, pid).await.unwrap().len(),
        before
    );

    // Writing makes its author a follower; unfollowing stops the emails.
    let followers = app.store.followers(app.a.id, pid).await.unwrap();
    assert!(followers.contains(&camille.id));
    cb.post(&follow, &[("on", "0")]).await;
    let sent = app.mails_to("camille@client.example").await.len();
    admin
        .post_form_data(&comments, &[("body", "Rappel : accès au terrain.")], None)
        .await;
    app.deliver().await;
    assert_eq!(app.mails_to("camille@client.example").await.len(), sent);

    // Who may follow: not a visitor, not another account, not another provider.
    let anonymous = app.browser(&app.a);
    let p = anonymous.post(&follow, &[("on", "1")]).await;
    assert!(p.location.unwrap_or_default().starts_with("/sign-in"));
    let other = app.browser(&app.a);
    other.signed_in_as("autre@client.example").await;
    assert_eq!(
        other.post(&follow, &[("on", "1")]).await.status,
        StatusCode::NOT_FOUND
    );
    let foreign = app.browser(&app.b);
    foreign.signed_in_as("admin@b.example").await;
    assert_eq!(
        foreign.post(&follow, &[("on", "1")]).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.store.followers(app.a.id, pid).await.unwrap().len(), 2);
}

crate::both_backends!(followers_unread_markers_and_files);
