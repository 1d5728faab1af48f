//! Files of appeals (photos, videos, documents) in an object store: a local directory under
//! `data_dir/files` by default.

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use futures_util::stream::BoxStream;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
}

impl Files {
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir).with_context(|| format!("opening {}", dir.display()))?;
        Ok(Self { store: Arc::new(store) })
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.store.put(&Path::from(key), PutPayload::from(bytes)).await.with_context(|| format!("storing {key}"))?;
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
}
