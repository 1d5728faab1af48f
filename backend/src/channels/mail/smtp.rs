//! The SMTP listener (RFC 5321, with PIPELINING, 8BITMIME, SIZE and enhanced status codes): it
//! accepts mail for `<slug>@<mail_domain>` of cities that take appeals by e-mail and answers the
//! DATA command only once the appeal is saved, so a message the sender saw accepted is never
//! lost, and one it did not is delivered again (a redelivery files nothing twice).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::net::{TcpListener, TcpStream};

use super::inbound::{receive, Received};
use crate::error::AppError;
use crate::state::AppState;
use crate::tenancy::{Slug, Tenant};

/// The largest message taken (the SIZE extension announces it).
pub const MAX_MESSAGE: usize = 25 * 1024 * 1024;
const MAX_LINE: u64 = 4096;
const MAX_DATA_LINE: u64 = 64 * 1024;
const MAX_RECIPIENTS: usize = 20;
const MAX_ERRORS: u32 = 10;
/// Commands one session may send: a client that only says NOOP cannot hold a session forever.
const MAX_COMMANDS: u32 = 1000;
/// Messages a connecting address may hand in an hour, and a sender may send one city.
const PER_IP_PER_HOUR: u64 = 200;
const PER_SENDER_PER_HOUR: u64 = 30;
const IDLE: Duration = Duration::from_secs(120);

/// The sessions each address holds now, at most `smtp_sessions_per_address` each, so that one
/// sender cannot take every place.
struct Seats(Mutex<HashMap<IpAddr, usize>>, usize);

/// One address's place in the listener, given back when the session ends.
struct Seat(Arc<Seats>, IpAddr);

impl Seats {
    fn take(self: &Arc<Self>, ip: IpAddr) -> Option<Seat> {
        let mut held = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = held.entry(ip).or_default();
        if *count >= self.1 {
            return None;
        }
        *count += 1;
        Some(Seat(self.clone(), ip))
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut held = self.0 .0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = held.get_mut(&self.1) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.1);
            }
        }
    }
}

/// Accepts connections until the task is aborted: at most `smtp_max_sessions` at once and
/// `smtp_sessions_per_address` from one address (others are told to come back later), each for at
/// most `smtp_session_timeout_secs`.
pub async fn serve(state: Arc<AppState>, listener: TcpListener) {
    let sessions = Arc::new(tokio::sync::Semaphore::new(state.config.smtp_max_sessions));
    let seats = Arc::new(Seats(Mutex::default(), state.config.smtp_sessions_per_address));
    let longest = Duration::from_secs(state.config.smtp_session_timeout_secs);
    loop {
        match listener.accept().await {
            Ok((mut socket, peer)) => {
                let Some(seat) = seats.take(peer.ip()) else {
                    let _ =
                        socket.write_all(b"421 4.7.0 Too many sessions from your address, try again later\r\n").await;
                    continue;
                };
                let Ok(permit) = sessions.clone().try_acquire_owned() else {
                    let _ = socket.write_all(b"421 4.3.2 Too many sessions, try again later\r\n").await;
                    continue;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(longest, session(state, socket, peer)).await {
                        Ok(Err(error)) => {
                            tracing::debug!(peer = %peer, error = %error, "An SMTP session ended with an error.");
                        }
                        Err(_) => tracing::info!(peer = %peer, "An SMTP session lasted too long and was closed."),
                        Ok(Ok(())) => {}
                    }
                    drop(permit);
                    drop(seat);
                });
            }
            Err(error) => {
                tracing::warn!(error = %error, "Accepting an SMTP connection failed.");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

#[derive(Default)]
struct Envelope {
    from: Option<String>,
    to: Vec<Arc<Tenant>>,
}

async fn reply(out: &mut OwnedWriteHalf, text: &str) -> std::io::Result<()> {
    out.write_all(format!("{text}\r\n").as_bytes()).await
}

/// One line without its line ending; `Ok(None)` at the end of the stream, `Err` when too long
/// or idle too long.
async fn line(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let read = tokio::time::timeout(IDLE, (&mut *reader).take(limit).read_until(b'\n', &mut buf))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "idle"))??;
    if read == 0 {
        return Ok(None);
    }
    if buf.last() != Some(&b'\n') {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "line too long"));
    }
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(buf))
}

/// The address in `FROM:<a@b>` / `TO:<a@b>` (parameters after it are returned apart).
fn path<'a>(rest: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let rest = rest.trim_start();
    let head = rest.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = rest[keyword.len()..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let (address, params) = rest.split_once('>')?;
    Some((address.trim(), params.trim()))
}

async fn recipient(state: &AppState, address: &str) -> Option<Arc<Tenant>> {
    let (local, domain) = address.rsplit_once('@')?;
    if !domain.eq_ignore_ascii_case(&state.config.mail_domain) {
        return None;
    }
    let slug = Slug::parse_stored(&local.to_lowercase()).ok()?;
    let tenant = state.tenants.by_slug(slug.as_str()).await.ok()??;
    let open = super::service_type_of(state, &tenant).await.ok()?.is_some();
    (open && !tenant.suspended).then_some(tenant)
}

async fn session(state: Arc<AppState>, socket: TcpStream, peer: SocketAddr) -> std::io::Result<()> {
    let (read, mut out) = socket.into_split();
    let mut reader = BufReader::new(read);
    let host = state.config.mail_domain.clone();
    reply(&mut out, &format!("220 {host} Qala 109 ESMTP ready")).await?;
    let mut envelope = Envelope::default();
    let (mut errors, mut commands) = (0, 0);
    loop {
        if errors >= MAX_ERRORS {
            return reply(&mut out, "421 4.7.0 Too many errors, closing").await;
        }
        commands += 1;
        if commands > MAX_COMMANDS {
            return reply(&mut out, "421 4.7.0 Too many commands, closing").await;
        }
        let raw = match line(&mut reader, MAX_LINE).await {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
                return reply(&mut out, "500 5.5.6 Line too long, closing").await;
            }
            Err(error) => return Err(error),
        };
        let text = String::from_utf8_lossy(&raw).to_string();
        let (verb, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" if !rest.trim().is_empty() => {
                let size = format!("250-SIZE {MAX_MESSAGE}");
                let lines = [format!("250-{host}"), "250-PIPELINING".into(), "250-8BITMIME".into(), size];
                out.write_all(format!("{}\r\n250 ENHANCEDSTATUSCODES\r\n", lines.join("\r\n")).as_bytes()).await?;
                envelope = Envelope::default();
            }
            "HELO" if !rest.trim().is_empty() => {
                reply(&mut out, &format!("250 {host}")).await?;
                envelope = Envelope::default();
            }
            "EHLO" | "HELO" => {
                errors += 1;
                reply(&mut out, "501 5.5.4 Give your host name").await?;
            }
            "MAIL" => {
                let Some((address, params)) = path(rest, "FROM:") else {
                    errors += 1;
                    reply(&mut out, "501 5.5.4 Expected MAIL FROM:<address>").await?;
                    continue;
                };
                if envelope.from.is_some() {
                    errors += 1;
                    reply(&mut out, "503 5.5.1 A sender is already given").await?;
                    continue;
                }
                let declared = params
                    .split_whitespace()
                    .find_map(|p| p.get(..5).filter(|k| k.eq_ignore_ascii_case("SIZE=")).and(p.get(5..)))
                    .and_then(|n| n.parse::<usize>().ok());
                if declared.is_some_and(|n| n > MAX_MESSAGE) {
                    reply(&mut out, "552 5.3.4 The message is larger than 25 MiB").await?;
                    continue;
                }
                let (hits, _) = match state.kv.hit(&format!("smtp:ip:{}", peer.ip()), Duration::from_secs(3600)).await {
                    Ok(hit) => hit,
                    Err(_) => {
                        reply(&mut out, "451 4.3.0 Try again later").await?;
                        continue;
                    }
                };
                if hits > PER_IP_PER_HOUR {
                    reply(&mut out, "450 4.7.1 Too many messages from your address; try again later").await?;
                    continue;
                }
                envelope = Envelope { from: Some(address.to_lowercase()), to: Vec::new() };
                reply(&mut out, "250 2.1.0 OK").await?;
            }
            "RCPT" => {
                let Some(from) = envelope.from.clone() else {
                    errors += 1;
                    reply(&mut out, "503 5.5.1 MAIL FROM first").await?;
                    continue;
                };
                let Some((address, _)) = path(rest, "TO:") else {
                    errors += 1;
                    reply(&mut out, "501 5.5.4 Expected RCPT TO:<address>").await?;
                    continue;
                };
                if envelope.to.len() >= MAX_RECIPIENTS {
                    reply(&mut out, "452 4.5.3 Too many recipients").await?;
                    continue;
                }
                let Some(tenant) = recipient(&state, address).await else {
                    errors += 1;
                    reply(&mut out, "550 5.1.1 No such mailbox here").await?;
                    continue;
                };
                let key = format!("smtp:from:{}:{from}", tenant.slug);
                let limited = state
                    .kv
                    .hit(&key, Duration::from_secs(3600))
                    .await
                    .map_or(true, |(hits, _)| hits > PER_SENDER_PER_HOUR);
                if limited {
                    reply(&mut out, "450 4.7.1 Too many messages from this sender; try again later").await?;
                    continue;
                }
                if !envelope.to.iter().any(|t| t.slug == tenant.slug) {
                    envelope.to.push(tenant);
                }
                reply(&mut out, "250 2.1.5 OK").await?;
            }
            "DATA" => {
                let (Some(from), false) = (envelope.from.clone(), envelope.to.is_empty()) else {
                    errors += 1;
                    reply(&mut out, "503 5.5.1 MAIL FROM and RCPT TO first").await?;
                    continue;
                };
                reply(&mut out, "354 End data with <CR><LF>.<CR><LF>").await?;
                let Some(message) = data(&mut reader).await? else { return Ok(()) };
                let to = std::mem::take(&mut envelope).to;
                let answer = match message {
                    Some(message) => deliver(&state, &to, &from, &message).await,
                    None => "552 5.3.4 The message is larger than 25 MiB".to_owned(),
                };
                reply(&mut out, &answer).await?;
            }
            "RSET" => {
                envelope = Envelope::default();
                reply(&mut out, "250 2.0.0 OK").await?;
            }
            "NOOP" => reply(&mut out, "250 2.0.0 OK").await?,
            "VRFY" => reply(&mut out, "252 2.5.2 Cannot verify, send and see").await?,
            "QUIT" => return reply(&mut out, &format!("221 2.0.0 {host} closing")).await,
            _ => {
                errors += 1;
                reply(&mut out, "500 5.5.2 Command not recognized").await?;
            }
        }
    }
}

/// The message after DATA, dot-unstuffed: `Ok(None)` if the stream ended, `Some(None)` if it was
/// too large (it is read to its end and dropped).
async fn data(reader: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<Option<Option<Vec<u8>>>> {
    let mut message = Vec::new();
    let mut too_large = false;
    loop {
        let Some(raw) = line(reader, MAX_DATA_LINE).await? else { return Ok(None) };
        if raw == b"." {
            return Ok(Some((!too_large).then_some(message)));
        }
        let content = raw.strip_prefix(b".").filter(|_| raw.starts_with(b"..")).unwrap_or(&raw);
        if message.len() + content.len() + 2 > MAX_MESSAGE {
            too_large = true;
            message.clear();
        }
        if !too_large {
            message.extend_from_slice(content);
            message.extend_from_slice(b"\r\n");
        }
    }
}

/// Files the message for each city; the answer to DATA. A failure the sender may retry (the
/// database unreachable) is a 4xx, so the message is delivered again and nothing is lost.
async fn deliver(state: &Arc<AppState>, to: &[Arc<Tenant>], from: &str, message: &[u8]) -> String {
    let mut filed = Vec::new();
    let mut refused = None;
    for tenant in to {
        match receive(state, tenant, from, message).await {
            Ok(Received::Appeal(number)) => filed.push(number),
            Ok(Received::Automatic) => {}
            Err(error @ (AppError::Validation { .. } | AppError::Forbidden(_) | AppError::NotFound(_))) => {
                refused = Some(error.to_string());
            }
            Err(error) => {
                tracing::error!(tenant.slug = %tenant.slug, error = %error, "An e-mailed appeal could not be filed.");
                return "451 4.3.0 The message could not be filed now; try again later".to_owned();
            }
        }
    }
    match (filed.is_empty(), refused) {
        (true, Some(why)) => format!("554 5.6.0 {}", why.replace(['\r', '\n'], " ")),
        (true, None) => "250 2.0.0 Accepted".to_owned(),
        (false, _) => format!("250 2.0.0 Filed as {}", filed.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::path;

    #[test]
    fn paths_are_read_with_their_parameters() {
        assert_eq!(path("FROM:<a@b.kz> SIZE=100", "FROM:"), Some(("a@b.kz", "SIZE=100")));
        assert_eq!(path("from: <a@b.kz>", "FROM:"), Some(("a@b.kz", "")));
        assert_eq!(path("FROM:<>", "FROM:"), Some(("", "")));
        assert_eq!(path("TO:a@b.kz", "TO:"), None);
        assert_eq!(path("FROM:<a@b.kz", "FROM:"), None);
    }
}
