//! In-process caches kept in the shared state without the state naming them: each context
//! declares its cache type and asks for it here (`state.caches.get::<RatingCache>()`).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Caches {
    by_type: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Caches {
    /// This process's one `T`, made with `T::default()` on first use.
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut by_type = self.by_type.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = by_type.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default()));
        // The map holds a `T` under `T`'s own type id, so the downcast cannot fail.
        entry.clone().downcast::<T>().unwrap_or_else(|_| unreachable!("a cache stored under another type"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Counter(std::sync::atomic::AtomicU32);

    #[test]
    fn each_type_has_one_cache_per_state() {
        let caches = Caches::default();
        caches.get::<Counter>().0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(caches.get::<Counter>().0.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(Caches::default().get::<Counter>().0.load(std::sync::atomic::Ordering::SeqCst), 0);
    }
}
