//! The files a client app posted with its requests, published as each request's `media_url`:
//! as public as the request's text, which its sender posted to a public API. Files that staff or
//! residents add later stay behind the console's access rules.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::appeals::attachments::{self, extension_of, Download};
use crate::appeals::model::{appeal, attachment};
use crate::appeals::rules::Channel;
use crate::context::RequestCtx;
use crate::error::{AppError, AppResult};

/// What a client app's uploads are labelled with (`uploaded_by`), before the app's name.
pub const UPLOADER_PREFIX: &str = "open311:";

/// The first file posted with each of these requests that came through Open311, by appeal id.
pub async fn posted_files(
    conn: &impl ConnectionTrait,
    rows: &[appeal::Model],
) -> AppResult<HashMap<i64, attachment::Model>> {
    let ids: Vec<i64> = rows.iter().filter(|a| a.channel == Channel::Open311.as_str()).map(|a| a.id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut first = HashMap::new();
    let files = attachment::Entity::find()
        .filter(attachment::Column::AppealId.is_in(ids))
        .filter(attachment::Column::UploadedBy.starts_with(UPLOADER_PREFIX))
        .order_by_asc(attachment::Column::Id)
        .all(conn)
        .await?;
    for file in files {
        first.entry(file.appeal_id).or_insert(file);
    }
    Ok(first)
}

/// `<base>/media/<id>.<extension>`: an address that does not change, for apps that keep it.
pub fn url(base: &str, file: &attachment::Model) -> String {
    format!("{base}/media/{}.{}", file.id, extension_of(&file.content_type))
}

/// The file behind a `media_url`; anything that is not such a file is unknown here.
pub async fn fetch(ctx: &RequestCtx, name: &str) -> AppResult<Download> {
    let unknown = || AppError::not_found(format!("media `{name}`"));
    let (id, extension) = name.split_once('.').ok_or_else(unknown)?;
    let id: i64 = id.parse().map_err(|_| unknown())?;
    let found = {
        let tx = ctx.tenant_tx().await?;
        let file = attachment::Entity::find_by_id(id).one(&tx).await?.ok_or_else(unknown)?;
        let request = appeal::Entity::find_by_id(file.appeal_id).one(&tx).await?.ok_or_else(unknown)?;
        let published = request.channel == Channel::Open311.as_str()
            && file.uploaded_by.starts_with(UPLOADER_PREFIX)
            && extension == extension_of(&file.content_type);
        published.then_some(file).ok_or_else(unknown)?
    };
    attachments::deliver(ctx, found).await
}
