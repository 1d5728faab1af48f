//! The parts of a Telegram Bot API `Update` the bot reads. Fields Telegram adds later are
//! ignored; an update without `update_id` or of the wrong shape is refused.

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Update {
    pub update_id: i64,
    pub message: Option<Message>,
    pub callback_query: Option<CallbackQuery>,
}

#[derive(Debug, Deserialize)]
pub struct Message {
    pub chat: Chat,
    pub from: Option<User>,
    pub text: Option<String>,
    pub caption: Option<String>,
    pub location: Option<Location>,
    pub photo: Option<Vec<PhotoSize>>,
    pub document: Option<Document>,
    pub contact: Option<Contact>,
}

#[derive(Debug, Deserialize)]
pub struct Chat {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Deserialize)]
pub struct User {
    pub id: i64,
    pub language_code: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Deserialize)]
pub struct PhotoSize {
    pub file_id: String,
    pub file_size: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub struct Document {
    pub file_id: String,
    pub mime_type: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Contact {
    pub phone_number: String,
    pub user_id: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    pub id: String,
    pub from: User,
    /// The bot's message the button was on (only its chat is read: it may be inaccessible).
    pub message: Option<CallbackMessage>,
    pub data: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CallbackMessage {
    pub chat: Chat,
}

impl Update {
    /// The chat the update belongs to and who wrote, when it is one the bot answers.
    pub fn chat(&self) -> Option<(&Chat, Option<&User>)> {
        match (&self.message, &self.callback_query) {
            (Some(m), _) => Some((&m.chat, m.from.as_ref())),
            (None, Some(q)) => q.message.as_ref().map(|m| (&m.chat, Some(&q.from))),
            (None, None) => None,
        }
    }
}

impl Message {
    /// The file id of the photo sent, the largest size Telegram made, or of an image sent as a file.
    pub fn photo_id(&self) -> Option<&str> {
        if let Some(sizes) = &self.photo {
            return sizes.iter().max_by_key(|s| s.file_size.unwrap_or(0)).map(|s| s.file_id.as_str());
        }
        self.document
            .as_ref()
            .filter(|d| d.mime_type.as_deref().is_some_and(|m| m.starts_with("image/")))
            .map(|d| d.file_id.as_str())
    }
}
