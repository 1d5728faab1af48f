//! A local stand-in for an outside HTTP service (an SMS gateway, the Telegram Bot API): it
//! records every request's path and body, so tests can read what the application sent, and
//! answers with what the test's responder gives for the path (by default `{"ok":true}`).

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone)]
pub struct StandIn {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<String>>>,
    /// `(path, body)` of every request, in order.
    pub calls: Arc<Mutex<Vec<(String, String)>>>,
}

/// What the stand-in answers to a request: content type and body.
pub type Responder = fn(&str, &str) -> (&'static str, Vec<u8>);

impl StandIn {
    pub async fn start() -> Self {
        Self::start_with(|_, _| ("application/json", b"{\"ok\":true}".to_vec())).await
    }

    pub async fn start_with(respond: Responder) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
        let calls: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (seen, seen_calls) = (bodies.clone(), calls.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (seen, seen_calls) = (seen.clone(), seen_calls.clone());
                tokio::spawn(async move {
                    let mut data = Vec::new();
                    let mut buf = [0u8; 4096];
                    loop {
                        let Ok(n) = socket.read(&mut buf).await else { return };
                        if n == 0 {
                            return;
                        }
                        data.extend_from_slice(&buf[..n]);
                        let text = String::from_utf8_lossy(&data).to_string();
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let length = head
                                .lines()
                                .find_map(|l| {
                                    l.to_ascii_lowercase()
                                        .strip_prefix("content-length:")
                                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                                })
                                .unwrap_or(0);
                            if body.len() >= length {
                                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                                seen.lock().expect("lock").push(body.to_owned());
                                seen_calls.lock().expect("lock").push((path.clone(), body.to_owned()));
                                let (content_type, answer) = respond(&path, body);
                                let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", answer.len());
                                let _ = socket.write_all(&[head.into_bytes(), answer].concat()).await;
                                return;
                            }
                        }
                    }
                });
            }
        });
        Self { url, bodies, calls }
    }

    /// The bodies sent to paths ending with `suffix` (a Bot API method), as JSON.
    pub fn sent_to(&self, suffix: &str) -> Vec<serde_json::Value> {
        let calls = self.calls.lock().expect("lock");
        calls
            .iter()
            .filter(|(path, _)| path.ends_with(suffix))
            .map(|(_, body)| serde_json::from_str(body).unwrap_or_default())
            .collect()
    }

    /// The six-digit code of the last message sent.
    pub fn last_code(&self) -> String {
        let bodies = self.bodies.lock().expect("lock");
        let last = bodies.last().cloned().unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&last).unwrap_or_default();
        let text = value["text"].as_str().unwrap_or_default().to_owned();
        text.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).unwrap_or_default().to_owned()
    }
}
