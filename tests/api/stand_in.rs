//! A local stand-in for an outside HTTP service (an SMS gateway): it answers 200 and records
//! every request body, so tests can read what the application sent.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Clone)]
pub struct StandIn {
    pub url: String,
    pub bodies: Arc<Mutex<Vec<String>>>,
}

impl StandIn {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let bodies: Arc<Mutex<Vec<String>>> = Arc::default();
        let seen = bodies.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let seen = seen.clone();
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
                                seen.lock().expect("lock").push(body.to_owned());
                                let _ = socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"ok\":true}").await;
                                return;
                            }
                        }
                    }
                });
            }
        });
        Self { url, bodies }
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
