//! Every report's facts kept in memory between page views, read again only when the supervision data changed
//! (a reading, a correction, a recheck, a unit or the 雷同 pairs — by this server or by another sharing the
//! database), as the store's change counter tells.

use super::{Facts, gather};
use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};
use std::sync::Arc;

/// Every report's facts and every unit, as read at one value of the change counter.
#[derive(Debug)]
pub struct Everything {
    /// The change counter when they were read.
    pub generation: i64,
    /// Every stored report's facts (all years), in unit and year order.
    pub facts: Arc<Vec<Facts>>,
    /// Every unit.
    pub units: Arc<Vec<Unit>>,
}

/// The facts last read (one server's; cheap to share).
#[derive(Debug, Default)]
pub struct Cache(tokio::sync::Mutex<Option<Arc<Everything>>>);

impl Cache {
    /// Every report's facts: those kept when nothing changed since, else read again (once, however many
    /// pages ask at the same time).
    pub async fn everything(&self, store: &Store) -> Result<Arc<Everything>, StoreError> {
        let mut slot = self.0.lock().await;
        let generation = store.supervision_generation().await?;
        if let Some(e) = slot.as_ref().filter(|e| e.generation == generation) {
            return Ok(e.clone());
        }
        // Kept under the counter read before: a change made meanwhile (the 雷同 pairs brought up to date by
        // this very read included) makes the next page read again.
        let e = Arc::new(Everything {
            generation,
            facts: Arc::new(gather(store, None).await?),
            units: Arc::new(store.units().await?),
        });
        *slot = Some(e.clone());
        Ok(e)
    }
}
