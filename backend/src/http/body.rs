//! Reading request bodies with a bound. A body is refused with 413 as soon as its declared
//! length, or what has arrived of it, passes the limit: it is never held whole first.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::{web, HttpRequest};
use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use crate::error::AppError;

/// The media type of the body (`multipart/form-data`, ...), lower case, without parameters.
pub fn essence(req: &HttpRequest) -> String {
    content_type(req).split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

pub fn content_type(req: &HttpRequest) -> &str {
    req.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default()
}

/// Refuses a body whose `Content-Length` already says it is too large.
pub fn check_declared(req: &HttpRequest, limit: usize) -> Result<(), AppError> {
    let declared = req.headers().get("content-length").and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    match declared {
        Some(length) if length > limit as u64 => Err(AppError::TooLarge { limit_bytes: limit }),
        _ => Ok(()),
    }
}

/// The whole body, when it is at most `limit` bytes.
pub async fn read(req: &HttpRequest, payload: web::Payload, limit: usize) -> Result<Bytes, AppError> {
    check_declared(req, limit)?;
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => Err(AppError::validation("body", format!("the body could not be read: {error}"))),
        Err(_) => Err(AppError::TooLarge { limit_bytes: limit }),
    }
}

/// The body as a stream for a streaming reader (multipart), cut off with an error once more
/// than `limit` bytes have arrived; the flag tells afterwards whether that is why it ended.
pub fn stream(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<(impl Stream<Item = io::Result<Bytes>> + Send + 'static, Overflow), AppError> {
    check_declared(req, limit)?;
    let overflow = Overflow(Arc::new(AtomicBool::new(false)));
    let flag = overflow.clone();
    // The payload cannot leave this thread: a local task hands it over through a channel.
    let (tx, rx) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(16);
    actix_web::rt::spawn(async move {
        let mut seen = 0usize;
        while let Some(chunk) = payload.next().await {
            let item = match chunk {
                Ok(bytes) => {
                    seen = seen.saturating_add(bytes.len());
                    if seen > limit {
                        flag.0.store(true, Ordering::Relaxed);
                        Err(io::Error::new(io::ErrorKind::InvalidData, "the body is too large"))
                    } else {
                        Ok(bytes)
                    }
                }
                Err(error) => Err(io::Error::other(error.to_string())),
            };
            let last = item.is_err();
            if tx.send(item).await.is_err() || last {
                return;
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|item| (item, rx)) });
    Ok((stream, overflow))
}

/// Form-encoded pairs (`a=1&b=%D0%B0`), decoded strictly: text that is not UTF-8 is refused
/// with the name of its field, never replaced with stand-in characters.
pub fn form_pairs(encoded: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let decode = |raw: &[u8], what: &str| -> Result<String, AppError> {
        let spaced: Vec<u8> = raw.iter().map(|b| if *b == b'+' { b' ' } else { *b }).collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).map_err(|_| AppError::validation(what, "is not UTF-8 text"))
    };
    encoded
        .split(|b| *b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|b| *b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let name = decode(name, "body")?;
            let value = decode(value, &name)?;
            Ok((name, value))
        })
        .collect()
}

/// Whether a streamed body was cut off for its size.
#[derive(Clone)]
pub struct Overflow(Arc<AtomicBool>);

impl Overflow {
    pub fn happened(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::form_pairs;

    #[test]
    fn form_text_is_decoded_strictly() {
        let pairs =
            form_pairs(b"description=%D0%9D%D0%B5%D1%82+%D0%B2%D0%BE%D0%B4%D1%8B&empty=&flag").unwrap_or_default();
        assert_eq!(
            pairs,
            vec![
                ("description".into(), "Нет воды".into()),
                ("empty".into(), String::new()),
                ("flag".into(), String::new())
            ]
        );
        let refused = form_pairs(b"ok=1&description=%FF%FE").err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(refused, "description: is not UTF-8 text");
        assert!(form_pairs(b"%C3=1").is_err());
    }
}
