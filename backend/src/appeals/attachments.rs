//! Photos, videos and documents of an appeal. The type is sniffed from the bytes, never taken
//! from the name or the client's word, and a name that claims another type is refused.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::access;
use super::journal::{self, Event};
use super::model::{appeal, attachment};
use super::rules::AppealStatus;
use crate::access::Role;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

const MIB: usize = 1024 * 1024;

/// The files accepted: (content type, kind, the file-name extensions that may carry it, limit).
type FileType = (&'static str, &'static str, &'static [&'static str], usize);
const FILE_TYPES: [FileType; 8] = [
    ("image/jpeg", "photo", &["jpg", "jpeg"], 10 * MIB),
    ("image/png", "photo", &["png"], 10 * MIB),
    ("image/webp", "photo", &["webp"], 10 * MIB),
    ("image/heif", "photo", &["heic", "heif"], 10 * MIB),
    ("video/mp4", "video", &["mp4", "m4v"], 100 * MIB),
    ("video/quicktime", "video", &["mov"], 100 * MIB),
    ("video/webm", "video", &["webm"], 100 * MIB),
    ("application/pdf", "document", &["pdf"], 20 * MIB),
];

/// What the bytes are: (kind, content type, the file-name extensions that may carry them, limit).
fn classify(bytes: &[u8]) -> Option<(&'static str, &'static str, &'static [&'static str], usize)> {
    let mime = infer::get(bytes)?.mime_type();
    FILE_TYPES
        .iter()
        .find(|t| t.0 == mime)
        .map(|&(content_type, kind, extensions, limit)| (kind, content_type, extensions, limit))
}

/// The usual file-name extension of a stored file's content type.
pub fn extension_of(content_type: &str) -> &'static str {
    FILE_TYPES.iter().find(|t| t.0 == content_type).and_then(|t| t.2.first().copied()).unwrap_or("bin")
}

/// The largest file accepted at all (the multipart limit of the transport).
pub const MAX_BYTES: usize = 100 * MIB;

pub async fn attach(ctx: &RequestCtx, appeal_id: i64, file_name: &str, bytes: Vec<u8>) -> AppResult<attachment::Model> {
    // Residents add photos to their own appeals while these are open.
    ctx.require(&[Role::Operator, Role::Supervisor, Role::Executor, Role::Resident])?;
    check_file(file_name, &bytes)?;
    let appeal = {
        let tx = ctx.tenant_tx().await?;
        let appeal = access::load_own(ctx, &tx, appeal_id).await?;
        let closed = AppealStatus::parse(&appeal.status).is_ok_and(|s| !s.is_open());
        if closed && access::own_resident(ctx.actor()?).is_some() {
            return Err(AppError::validation("appealId", "the appeal is closed: photos can no longer be added"));
        }
        appeal
    };
    // Spent only by an attempt that could succeed.
    if let Some(resident) = access::own_resident(ctx.actor()?) {
        crate::residents::quotas::spend(ctx, crate::residents::quotas::Quota::Upload, &resident.to_string()).await?;
    }
    store(ctx, &appeal, file_name, bytes, &ctx.actor()?.label()).await
}

/// Checks a file's name, type (read from its content) and size; returns its kind and type.
pub fn check_file(file_name: &str, bytes: &[u8]) -> AppResult<(&'static str, &'static str)> {
    let file_name = base_name(file_name);
    if file_name.is_empty() || file_name.chars().count() > 200 || file_name.chars().any(char::is_control) {
        return Err(AppError::validation("file", "the file needs a name of at most 200 characters"));
    }
    if bytes.is_empty() {
        return Err(AppError::validation("file", "the file is empty"));
    }
    let Some((kind, content_type, extensions, limit)) = classify(bytes) else {
        return Err(AppError::validation(
            "file",
            "only photos (JPEG, PNG, WebP, HEIC), videos (MP4, MOV, WebM) and PDF documents are accepted",
        ));
    };
    let extension = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    if let Some(extension) = &extension {
        if !extensions.contains(&extension.as_str()) {
            return Err(AppError::validation(
                "file",
                format!("the name says .{extension} but the content is {content_type}"),
            ));
        }
    }
    if bytes.len() > limit {
        return Err(AppError::validation("file", format!("a {kind} may be at most {} MiB", limit / MIB)));
    }
    Ok((kind, content_type))
}

fn base_name(file_name: &str) -> &str {
    file_name.rsplit(['/', '\\']).next().unwrap_or_default().trim()
}

/// Stores a checked file of an appeal the caller may add to, and records it in the timeline.
/// The file is stored with no transaction open (SQLite has one connection a city), then
/// recorded: a failure in between leaves an unreferenced file, never a row without its file.
pub async fn store(
    ctx: &RequestCtx,
    appeal: &appeal::Model,
    file_name: &str,
    bytes: Vec<u8>,
    label: &str,
) -> AppResult<attachment::Model> {
    let (kind, content_type) = check_file(file_name, &bytes)?;
    let file_name = base_name(file_name);
    let slug = ctx.tenant()?.slug.clone();
    let key = format!("{slug}/appeals/{}/{}", appeal.id, uuid::Uuid::new_v4().simple());
    let size = bytes.len() as i64;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    ctx.state.files.put(&key, bytes, content_type, file_name).await?;
    let tx = ctx.tenant_tx().await?;
    let saved = attachment::ActiveModel {
        appeal_id: Set(appeal.id),
        kind: Set(kind.into()),
        content_type: Set(content_type.into()),
        file_name: Set(file_name.to_owned()),
        size: Set(size),
        sha256: Set(sha256),
        storage_key: Set(key),
        uploaded_by: Set(label.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    let data = json!({ "attachment": saved.id, "kind": kind, "file_name": saved.file_name, "size": size });
    journal::record(
        &tx,
        Event { appeal_id: appeal.id, actor: label, kind: "attachment", from: None, to: None, comment: None, data },
    )
    .await?;
    tx.commit().await?;
    Ok(saved)
}

/// Stores a file unless the appeal holds the same content already: a channel's retried
/// delivery adds what the first attempt did not get to, and nothing twice.
pub async fn store_once(
    ctx: &RequestCtx,
    appeal: &appeal::Model,
    file_name: &str,
    bytes: Vec<u8>,
    label: &str,
) -> AppResult<attachment::Model> {
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let existing = {
        let tx = ctx.tenant_tx().await?;
        attachment::Entity::find()
            .filter(attachment::Column::AppealId.eq(appeal.id))
            .filter(attachment::Column::Sha256.eq(sha256))
            .one(&tx)
            .await?
    };
    match existing {
        Some(found) => Ok(found),
        None => store(ctx, appeal, file_name, bytes, label).await,
    }
}

pub async fn list(ctx: &RequestCtx, appeal_id: i64) -> AppResult<Vec<attachment::Model>> {
    let tx = ctx.tenant_tx().await?;
    access::load_own(ctx, &tx, appeal_id).await?;
    let files = attachment::Entity::find()
        .filter(attachment::Column::AppealId.eq(appeal_id))
        .order_by_asc(attachment::Column::Id)
        .all(&tx)
        .await?;
    if ctx.actor()?.resident_id().is_none() {
        return Ok(files);
    }
    // A resident sees the files of their appeal, not which staff member added them.
    Ok(files
        .into_iter()
        .map(|mut f| {
            f.uploaded_by = if f.uploaded_by.starts_with("resident:") { "resident" } else { "center" }.to_owned();
            f
        })
        .collect())
}

/// How an attachment reaches whoever may see its appeal.
pub enum Download {
    /// A short-lived signed link to the store (S3).
    Redirect(String),
    /// The bytes, streamed through the server (local storage).
    Stream(attachment::Model, futures_util::stream::BoxStream<'static, Result<bytes::Bytes, object_store::Error>>),
}

pub async fn download(ctx: &RequestCtx, id: i64) -> AppResult<Download> {
    ctx.require(access::VIEWERS_AND_RESIDENTS)?;
    let found = {
        let tx = ctx.tenant_tx().await?;
        let found = attachment::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or_else(|| AppError::not_found(format!("attachment {id}")))?;
        access::load_own(ctx, &tx, found.appeal_id)
            .await
            .map_err(|_| AppError::not_found(format!("attachment {id}")))?;
        found
    };
    deliver(ctx, found).await
}

/// An attachment the caller may have: a signed link when the store signs, else its bytes.
pub async fn deliver(ctx: &RequestCtx, found: attachment::Model) -> AppResult<Download> {
    let ttl = std::time::Duration::from_secs(ctx.state.config.download_link_ttl_secs);
    if let Some(url) = ctx.state.files.signed_link(&found.storage_key, ttl).await? {
        return Ok(Download::Redirect(url));
    }
    let stream = ctx.state.files.stream(&found.storage_key).await?;
    Ok(Download::Stream(found, stream))
}

/// Where the caller downloads an attachment it can already see: a link valid for
/// `download_link_ttl_secs`, signed by the store (S3) or by the server for its own download path,
/// so it opens in a browser tab without the caller's token.
pub async fn link(ctx: &RequestCtx, found: &attachment::Model) -> AppResult<String> {
    let ttl = ctx.state.config.download_link_ttl_secs;
    if let Some(url) = ctx.state.files.signed_link(&found.storage_key, std::time::Duration::from_secs(ttl)).await? {
        return Ok(url);
    }
    Ok(ctx.state.links.sign(&download_path(ctx, found.id)?, ttl))
}

fn download_path(ctx: &RequestCtx, id: i64) -> AppResult<String> {
    Ok(format!("/t/{}/attachments/{id}", ctx.tenant()?.slug))
}

/// The attachment a signed link names, while the link holds: its signature is the proof that
/// whoever was given it could see the file.
pub async fn download_signed(ctx: &RequestCtx, id: i64, expires: i64, signature: &str) -> AppResult<Download> {
    if !ctx.state.links.verify(&download_path(ctx, id)?, expires, signature) {
        return Err(AppError::forbidden("the link is not valid or has expired: open the file from its appeal again"));
    }
    let tx = ctx.tenant_tx().await?;
    let found = attachment::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or_else(|| AppError::not_found(format!("attachment {id}")))?;
    drop(tx);
    deliver(ctx, found).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_kind() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0];
        assert_eq!(classify(&jpeg).map(|c| c.0), Some("photo"));
        assert_eq!(classify(b"%PDF-1.7\n").map(|c| c.0), Some("document"));
        assert!(classify(b"MZ\x90\x00 an executable").is_none());
        assert!(classify(b"<html><script>").is_none());
    }

    #[test]
    fn every_accepted_type_has_an_extension() {
        assert_eq!(extension_of("image/jpeg"), "jpg");
        assert_eq!(extension_of("video/quicktime"), "mov");
        assert_eq!(extension_of("text/html"), "bin");
    }
}
