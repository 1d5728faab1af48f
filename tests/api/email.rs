//! E-mail: a real SMTP exchange on loopback both ways. A resident's message, sent with the
//! lettre client to the platform's SMTP listener, becomes an appeal with its attachments; the
//! notices go back through the SMTP relay (a loopback mail server keeping what it is given).
//! Redelivered, malformed, automatic and flooding mail is tested on the same listener.

use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::appeals_flow::{phone_appeal, register};
use crate::appeals_more::JPEG;
use crate::helpers::{spawn_app_with, TestApp};
use crate::smtp_sink::SmtpSink;

const DOMAIN: &str = "qala.test";

async fn mail_app() -> (TestApp, SmtpSink, u16) {
    mail_app_with(|_| {}).await
}

pub async fn mail_app_with(adjust: impl FnOnce(&mut qala::config::Config)) -> (TestApp, SmtpSink, u16) {
    let sink = SmtpSink::start().await;
    let relay = sink.url.clone();
    let app = spawn_app_with(move |c| {
        c.mail_domain = DOMAIN.into();
        c.smtp_relay_url = Some(relay);
        adjust(c);
    })
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    tokio::spawn(qala::channels::mail::smtp::serve(app.state.clone(), listener));
    (app, sink, port)
}

async fn open_mailbox(app: &TestApp) {
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let query = "mutation { configureEmailChannel(serviceTypeId: \"1\") { address serviceTypeId } }";
    let opened = app.gql(Some("alpha"), Some(&admin), query, json!({})).await;
    assert_eq!(opened.data("configureEmailChannel.address"), "alpha@qala.test", "{}", opened.body);
}

fn letter(message_id: &str) -> Message {
    let text = SinglePart::plain("Третий день нет холодной воды, дом 1, кв. 12.".to_owned());
    let photo =
        Attachment::new("kitchen.jpg".into()).body(JPEG.to_vec(), ContentType::parse("image/jpeg").expect("type"));
    let program = Attachment::new("fix.exe".into())
        .body(b"MZ\x90\x00 a program".to_vec(), ContentType::parse("application/octet-stream").expect("type"));
    Message::builder()
        .from("Айгүл <aigul@mail.kz>".parse().expect("from"))
        .to(format!("alpha@{DOMAIN}").parse().expect("to"))
        .subject("Нет холодной воды")
        .message_id(Some(message_id.to_owned()))
        .multipart(MultiPart::mixed().singlepart(text).singlepart(photo).singlepart(program))
        .expect("a message")
}

async fn send(port: u16, message: Message) -> Result<String, String> {
    let client = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1").port(port).build();
    match client.send(message).await {
        Ok(response) => Ok(response.message().collect::<Vec<_>>().join(" ")),
        Err(error) => Err(error.to_string()),
    }
}

/// A raw SMTP session: each command and the server's answer's first line.
pub struct Session {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Session {
    pub async fn open(port: u16) -> (Self, String) {
        let (read, writer) = TcpStream::connect(("127.0.0.1", port)).await.expect("connect").into_split();
        let mut session = Self { reader: BufReader::new(read), writer };
        let greeting = session.answer().await;
        (session, greeting)
    }

    async fn answer(&mut self) -> String {
        let mut first = String::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.expect("an answer");
            if first.is_empty() {
                first = line.trim_end().to_owned();
            }
            // The last line of a multiline answer has a space after the code.
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return first;
            }
        }
    }

    pub async fn say(&mut self, line: &str) -> String {
        self.writer.write_all(format!("{line}\r\n").as_bytes()).await.expect("write");
        self.answer().await
    }
}

#[tokio::test]
async fn a_resident_writes_to_the_city_and_hears_back_by_mail() {
    let (app, sink, port) = mail_app().await;
    // Until the city opens its mailbox, mail for it is refused at the recipient.
    let closed = send(port, letter("<m0@mail.kz>")).await;
    assert!(closed.as_ref().is_err_and(|e| e.contains("No such mailbox")), "{closed:?}");
    open_mailbox(&app).await;

    let filed = send(port, letter("<m1@mail.kz>")).await.expect("the message is taken");
    let number =
        filed.split_whitespace().find(|w| w.starts_with("ALF-")).expect("a number").trim_end_matches(',').to_owned();
    // The sender retries (it did not see the answer): the same appeal, nothing twice.
    let again = send(port, letter("<m1@mail.kz>")).await.expect("taken again");
    assert!(again.contains(&number), "{again}");
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 1);
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM attachments").await, 1);

    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let query = "query($n: String!) { appealByNumber(number: $n) { id channel description language attachments { kind fileName } } }";
    let found = app.gql(Some("alpha"), Some(&operator), query, json!({ "n": number })).await;
    let appeal: Value = found.data("appealByNumber").clone();
    assert_eq!(appeal["channel"], "EMAIL", "{}", found.body);
    assert_eq!(appeal["language"], "ru");
    assert_eq!(appeal["description"], "Нет холодной воды\n\nТретий день нет холодной воды, дом 1, кв. 12.");
    assert_eq!(
        appeal["attachments"],
        json!([{ "kind": "photo", "fileName": "kitchen.jpg" }]),
        "the program is left out"
    );

    // The registration and the rejection reach the resident's mailbox, from the city's.
    let reject = "mutation($id: ID!) { rejectAppeal(id: $id, comment: \"Обратитесь в ОСИ\") { status } }";
    app.gql(Some("alpha"), Some(&operator), reject, json!({ "id": appeal["id"] })).await;
    let tenant = app.state.tenants.by_slug("alpha").await.expect("tenant").expect("alpha");
    let delivered = qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("delivery");
    assert_eq!(delivered.sent, 2);
    let mails = sink.mails.lock().expect("lock").clone();
    assert_eq!(mails.len(), 2);
    let last = mail_parser::MessageParser::default().parse(&mails[1].data).expect("a message");
    assert_eq!(mails[1].to, ["aigul@mail.kz"]);
    assert_eq!(mails[1].from, "<alpha@qala.test>", "the envelope names the city's mailbox");
    assert_eq!(last.subject(), Some(format!("Обращение № {number}").as_str()));
    assert!(last.from().and_then(|f| f.first()).and_then(|a| a.address()) == Some("alpha@qala.test"));
    assert_eq!(last.header_raw("Auto-Submitted").map(str::trim), Some("auto-generated"));
    let body = last.body_text(0).unwrap_or_default().to_string();
    assert!(body.contains(&format!("Обращение № {number} отклонено: Обратитесь в ОСИ")), "{body}");
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'channel.email_appeal'";
    assert_eq!(app.scalar("alpha", audited).await, 1);
}

#[tokio::test]
async fn malformed_automatic_and_flooding_mail_is_refused_with_smtp_codes() {
    let (app, _sink, port) = mail_app().await;
    open_mailbox(&app).await;
    let (mut s, greeting) = Session::open(port).await;
    assert!(greeting.starts_with("220 "), "{greeting}");
    assert!(s.say("EHLO client.kz").await.starts_with("250-"));
    assert!(s.say("RCPT TO:<alpha@qala.test>").await.starts_with("503 "), "no sender yet");
    assert!(s.say("DATA").await.starts_with("503 "));
    assert!(s.say("MAIL FROM:<broken").await.starts_with("501 "));
    assert!(s.say("MAIL FROM:<a@b.kz> SIZE=999999999").await.starts_with("552 "));
    assert!(s.say("FROBNICATE").await.starts_with("500 "));
    assert!(s.say("MAIL FROM:<a@b.kz>").await.starts_with("250 "));
    assert!(s.say("RCPT TO:<beta@qala.test>").await.starts_with("550 "), "beta takes no mail");
    assert!(s.say("RCPT TO:<alpha@elsewhere.kz>").await.starts_with("550 "), "not our domain");
    assert!(s.say("RCPT TO:<alpha@qala.test>").await.starts_with("250 "));
    assert!(s.say("DATA").await.starts_with("354 "));
    // Not an Internet message: no header at all.
    let refused = s.say("just some words\r\n.").await;
    assert!(refused.starts_with("554 "), "{refused}");
    // An out-of-office answer is taken and files nothing.
    s.say("MAIL FROM:<a@b.kz>").await;
    s.say("RCPT TO:<alpha@qala.test>").await;
    s.say("DATA").await;
    let auto = "From: a@b.kz\r\nTo: alpha@qala.test\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\nAway.\r\n.";
    assert!(s.say(auto).await.starts_with("250 "));
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 0);
    // A line of dots is unstuffed, and a message without a Message-ID is recognized by its digest.
    for _ in 0..2 {
        s.say("MAIL FROM:<a@b.kz>").await;
        s.say("RCPT TO:<ALPHA@QALA.TEST>").await;
        s.say("DATA").await;
        let plain = "From: a@b.kz\r\nSubject: Icicles\r\n\r\nIcicles over the entrance\r\n..\r\n.";
        assert!(s.say(plain).await.starts_with("250 2.0.0 Filed as ALF-"));
    }
    assert_eq!(app.scalar("alpha", "SELECT COUNT(*) AS n FROM appeals").await, 1);
    let unstuffed =
        "SELECT COUNT(*) AS n FROM appeals WHERE description LIKE 'Icicles%entrance%.' AND description NOT LIKE '%..'";
    assert_eq!(app.scalar("alpha", unstuffed).await, 1);
    // One sender may not flood the city: past its hourly share, recipients are deferred.
    let mut last = String::new();
    for _ in 0..40 {
        s.say("RSET").await;
        s.say("MAIL FROM:<flood@b.kz>").await;
        last = s.say("RCPT TO:<alpha@qala.test>").await;
    }
    assert!(last.starts_with("450 4.7.1"), "{last}");
    assert!(s.say("QUIT").await.starts_with("221 "));
}

/// An organization with an e-mail address is told of the appeals routed to it, in the city's
/// language (Kazakh for Alpha), with the facts an executor needs and a link to the console.
#[tokio::test]
async fn an_organization_is_emailed_about_the_appeals_routed_to_it() {
    let (app, sink, _) = mail_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    for bad in ["dispatch@water", "dispatch water@water.kz", "<dispatch@water.kz>"] {
        let query = "mutation($e: String!) { updateOrganization(id: \"1\", input: { email: $e }) { email } }";
        let refused = app.gql(Some("alpha"), Some(&admin), query, json!({ "e": bad })).await;
        assert_eq!(refused.body["errors"][0]["extensions"]["field"], "email", "{bad}: {}", refused.body);
    }
    let contact = "mutation { updateOrganization(id: \"1\", input: { email: \"dispatch@water.kz\" }) { email } }";
    let updated = app.gql(Some("alpha"), Some(&admin), contact, json!({})).await;
    assert_eq!(updated.data("updateOrganization.email"), "dispatch@water.kz", "{}", updated.body);

    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77017009001")).await;
    let (id, number) = (
        receipt["appeal"]["id"].as_str().unwrap_or_default(),
        receipt["appeal"]["number"].as_str().unwrap_or_default(),
    );
    let tenant = app.state.tenants.by_slug("alpha").await.expect("tenant").expect("alpha");
    qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("delivery");

    let mails = sink.mails.lock().expect("lock").clone();
    let to_water: Vec<_> = mails.iter().filter(|m| m.to == ["dispatch@water.kz"]).collect();
    assert_eq!(to_water.len(), 1, "one mail for the utility");
    let mail = mail_parser::MessageParser::default().parse(&to_water[0].data).expect("a message");
    assert_eq!(mail.subject(), Some(format!("Alpha 109: «Су арнасы» ұйымына жаңа өтініш № {number}").as_str()));
    assert_eq!(mail.header_raw("Auto-Submitted").map(str::trim), Some("auto-generated"));
    let body = mail.body_text(0).unwrap_or_default().to_string();
    for line in ["Қызмет: Суық су жоқ", "Мекенжай: ул. Первая, 1", "Сипаттама: Нет холодной воды с утра"]
    {
        assert!(body.contains(line), "{line}: {body}");
    }
    assert!(body.contains(&format!("/t/alpha/staff/appeals/{id}")), "{body}");
    let row = "SELECT COUNT(*) AS n FROM notification_outbox WHERE recipient_kind = 'organization' AND status = 'sent'";
    assert_eq!(app.scalar("alpha", row).await, 1);

    // Reassigned to an organization with no address: its notice is settled, not retried.
    let reassign =
        "mutation($id: ID!) { assignAppeal(id: $id, organizationId: \"2\", comment: \"Это КСК\") { status } }";
    let moved = app.gql(Some("alpha"), Some(&operator), reassign, json!({ "id": id })).await;
    assert!(moved.code().is_none(), "{}", moved.body);
    qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("delivery");
    let skipped =
        "SELECT COUNT(*) AS n FROM notification_outbox WHERE recipient_kind = 'organization' AND status = 'skipped'";
    assert_eq!(app.scalar("alpha", skipped).await, 1);
    assert_eq!(sink.mails.lock().expect("lock").iter().filter(|m| m.to == ["dispatch@water.kz"]).count(), 1);
}

/// The alerts of a supervisor's inbox are mailed to each supervisor with an address, in their
/// own language; supervisors without one see them in the console only.
#[tokio::test]
async fn supervisors_with_an_address_are_mailed_their_alerts() {
    let (app, sink, _) = mail_app().await;
    let admin = app.token(Some("alpha"), "admin@alpha").await;
    let find = "query { users(role: SUPERVISOR) { nodes { id login email } } }";
    let found = app.gql(Some("alpha"), Some(&admin), find, json!({})).await;
    let supervisor = found.data("users.nodes").as_array().and_then(|n| n.first()).cloned().expect("a supervisor");
    let set = "mutation($id: ID!, $e: String) { updateUser(id: $id, input: { email: $e, language: EN }) { email } }";
    let bad = app.gql(Some("alpha"), Some(&admin), set, json!({ "id": supervisor["id"], "e": "boss at city" })).await;
    assert_eq!(bad.body["errors"][0]["extensions"]["field"], "email", "{}", bad.body);
    let saved =
        app.gql(Some("alpha"), Some(&admin), set, json!({ "id": supervisor["id"], "e": "Duty@Alpha.kz" })).await;
    assert_eq!(saved.data("updateUser.email"), "duty@alpha.kz", "{}", saved.body);

    let operator = app.token(Some("alpha"), "operator@alpha").await;
    let receipt = register(&app, &operator, phone_appeal("1", "+77017009101")).await;
    let (id, number) = (
        receipt["appeal"]["id"].as_str().unwrap_or_default().to_owned(),
        receipt["appeal"]["number"].as_str().unwrap_or_default().to_owned(),
    );
    let tenant = app.state.tenants.by_slug("alpha").await.expect("tenant").expect("alpha");
    let tx = app.state.db.tenant_tx(&tenant.slug).await.expect("tx");
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let sql = format!("UPDATE appeals SET due_at = '{past}', warn_at = '{past}' WHERE id = {id}");
    use sea_orm::ConnectionTrait;
    tx.execute_raw(sea_orm::Statement::from_string(tx.get_database_backend(), sql)).await.expect("backdating");
    tx.commit().await.expect("commit");
    qala::appeals::escalation::watch_tenant(&app.state.db, &tenant).await.expect("the watch");
    qala::notify::deliver::deliver_tenant(&app.state, &tenant).await.expect("delivery");

    let mails = sink.mails.lock().expect("lock").clone();
    let to_duty: Vec<_> = mails.iter().filter(|m| m.to == ["duty@alpha.kz"]).collect();
    assert_eq!(to_duty.len(), 1, "one alert, one mail");
    let mail = mail_parser::MessageParser::default().parse(&to_duty[0].data).expect("a message");
    assert_eq!(mail.subject(), Some(format!("Alpha 109: Appeal No. {number} is overdue").as_str()));
    assert!(mail.body_text(0).unwrap_or_default().contains(&format!("/t/alpha/staff/appeals/{id}")));
    let sent = "SELECT COUNT(*) AS n FROM notification_outbox WHERE recipient_kind = 'role' AND status = 'sent'";
    assert_eq!(app.scalar("alpha", sent).await, 1);
    // The inbox still shows it, sent or not.
    let supervisor_token = app.token(Some("alpha"), supervisor["login"].as_str().expect("login")).await;
    let inbox = app
        .gql(Some("alpha"), Some(&supervisor_token), "query { supervisorInbox { unacknowledged } }", json!({}))
        .await;
    assert_eq!(inbox.data("supervisorInbox.unacknowledged"), 1);
}
