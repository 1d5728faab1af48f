//! A Telegram Bot API client for one city's bot. The base URL comes from the configuration
//! (`telegram_api_url`), so a self-hosted Bot API server, or a stand-in in tests, can serve.
//! Errors never carry the request URL: it holds the bot's token.

use anyhow::{bail, Context};
use serde_json::{json, Value};

/// Largest file a bot can download from the Bot API (its own limit).
const MAX_DOWNLOAD: usize = 20 * 1024 * 1024;

#[derive(Clone)]
pub struct BotApi {
    base: String,
    token: String,
    client: reqwest::Client,
}

impl BotApi {
    pub fn new(base: &str, token: &str, client: reqwest::Client) -> Self {
        Self { base: base.trim_end_matches('/').to_owned(), token: token.to_owned(), client }
    }

    /// Calls a method and returns its `result`.
    pub async fn call(&self, method: &str, body: &Value) -> anyhow::Result<Value> {
        let response = self
            .client
            .post(format!("{}/bot{}/{method}", self.base, self.token))
            .json(body)
            .send()
            .await
            .map_err(|e| e.without_url())
            .with_context(|| format!("calling the Bot API method {method}"))?;
        let status = response.status();
        let reply: Value = response.json().await.unwrap_or_default();
        if reply["ok"] != true {
            let why = reply["description"].as_str().unwrap_or("no description");
            bail!("the Bot API refused {method} ({status}): {why}");
        }
        Ok(reply["result"].clone())
    }

    pub async fn send_message(&self, chat_id: i64, text: &str, markup: Option<Value>) -> anyhow::Result<()> {
        let mut body = json!({ "chat_id": chat_id, "text": text });
        if let Some(markup) = markup {
            body["reply_markup"] = markup;
        }
        self.call("sendMessage", &body).await.map(|_| ())
    }

    /// Downloads a file the resident sent: its name (from the Bot API's path) and bytes.
    pub async fn download(&self, file_id: &str) -> anyhow::Result<(String, Vec<u8>)> {
        let file = self.call("getFile", &json!({ "file_id": file_id })).await?;
        let Some(path) = file["file_path"].as_str() else { bail!("the Bot API gave no path for a file") };
        if file["file_size"].as_u64().is_some_and(|size| size as usize > MAX_DOWNLOAD) {
            bail!("the file is larger than the Bot API lets bots download");
        }
        let response = self
            .client
            .get(format!("{}/file/bot{}/{path}", self.base, self.token))
            .send()
            .await
            .map_err(|e| e.without_url())
            .context("downloading a file from the Bot API")?;
        if !response.status().is_success() {
            bail!("the Bot API answered {} to a file download", response.status());
        }
        let bytes = response.bytes().await.map_err(|e| e.without_url()).context("reading a file download")?;
        if bytes.len() > MAX_DOWNLOAD {
            bail!("the file is larger than the Bot API lets bots download");
        }
        let name = path.rsplit('/').next().unwrap_or("photo.jpg").to_owned();
        Ok((name, bytes.to_vec()))
    }
}
