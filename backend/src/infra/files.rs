//! Files of appeals (photos, videos, documents) in an object store: a local directory under
//! `data_dir/files` by default, or any S3-compatible store, where downloads go through
//! short-lived signed links instead of through the server.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use futures_util::stream::BoxStream;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::signer::Signer;
use object_store::{Attribute, AttributeValue, Attributes, ObjectStore, PutOptions, PutPayload};

use crate::config::Config;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// Present for S3: it signs download links.
    signer: Option<Arc<AmazonS3>>,
}

impl Files {
    /// The store the configuration names (`files_backend`).
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match config.files_backend.as_str() {
            "s3" => Self::s3(config),
            _ => Self::local(&config.data_dir.join("files")),
        }
    }

    pub fn local(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir).with_context(|| format!("opening {}", dir.display()))?;
        Ok(Self { store: Arc::new(store), signer: None })
    }

    fn s3(config: &Config) -> anyhow::Result<Self> {
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(config.s3_bucket.clone().unwrap_or_default())
            .with_region(config.s3_region.clone());
        if let Some(endpoint) = &config.s3_endpoint {
            // S3-compatible servers are addressed by path (`endpoint/bucket/key`).
            builder = builder
                .with_endpoint(endpoint.clone())
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        if let (Some(id), Some(secret)) = (&config.s3_access_key_id, &config.s3_secret_access_key) {
            builder = builder.with_access_key_id(id.clone()).with_secret_access_key(secret.clone());
        }
        let store = Arc::new(builder.build().context("configuring the S3 store (keys `s3_*`)")?);
        Ok(Self { store: store.clone(), signer: Some(store) })
    }

    /// Stores a file with its type and name, which a store serving signed links hands back.
    pub async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str, file_name: &str) -> anyhow::Result<()> {
        let ascii: String = file_name.chars().filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c)).collect();
        let attributes = Attributes::from_iter([
            (Attribute::ContentType, AttributeValue::from(content_type.to_owned())),
            (Attribute::ContentDisposition, AttributeValue::from(format!("attachment; filename=\"{ascii}\""))),
        ]);
        // The local directory keeps no attributes (and refuses them); the server sends them itself.
        let attributes = if self.signer.is_some() { attributes } else { Attributes::new() };
        let options = PutOptions { attributes, ..Default::default() };
        self.store
            .put_opts(&Path::from(key), PutPayload::from(bytes), options)
            .await
            .with_context(|| format!("storing {key}"))?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<Bytes> {
        let found = self.store.get(&Path::from(key)).await.with_context(|| format!("reading {key}"))?;
        Ok(found.bytes().await?)
    }

    /// The file as a stream of chunks, so a large video is never held in memory whole.
    pub async fn stream(&self, key: &str) -> anyhow::Result<BoxStream<'static, Result<Bytes, object_store::Error>>> {
        let found = self.store.get(&Path::from(key)).await.with_context(|| format!("reading {key}"))?;
        Ok(found.into_stream())
    }

    /// A link that downloads the file directly from the store for `ttl`, where the store can
    /// sign one (S3); `None` for the local directory, whose files the server streams itself.
    pub async fn signed_link(&self, key: &str, ttl: Duration) -> anyhow::Result<Option<String>> {
        match &self.signer {
            Some(signer) => {
                let url = signer
                    .signed_url(http::Method::GET, &Path::from(key), ttl)
                    .await
                    .with_context(|| format!("signing {key}"))?;
                Ok(Some(url.to_string()))
            }
            None => Ok(None),
        }
    }
}
