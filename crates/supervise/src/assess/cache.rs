//! Every report's facts kept in memory between page views, read again only when the supervision data changed
//! (a reading, a correction, a recheck, a unit or the 雷同 pairs — by this server or by another sharing the
//! database), as the store's change counter tells.

use super::rubric::Rubric;
use super::{Facts, Score, gather, order, score_with};
use crate::regions::{self, Region};
use gongkai_store::supervision::Unit;
use gongkai_store::{Store, StoreError};
use std::sync::{Arc, Mutex};

/// Every report's facts and every unit, as read at one value of the change counter.
#[derive(Debug)]
pub struct Everything {
    /// The change counter when they were read.
    pub generation: i64,
    /// Every stored report's facts (all years), in unit and year order.
    pub facts: Arc<Vec<Facts>>,
    /// Every unit.
    pub units: Arc<Vec<Unit>>,
    /// The region tree of the units.
    pub tree: Arc<Region>,
    /// Every report's score by the rubric last asked for, in ranking order, without the deductions' evidence
    /// (ranks not set: they depend on the reports ranked together).
    scores: Mutex<Option<(Rubric, Arc<Vec<Score>>)>>,
}

impl Everything {
    /// Every report's facts and the units, with their tree.
    pub fn new(generation: i64, facts: Vec<Facts>, units: Vec<Unit>) -> Everything {
        Everything {
            generation,
            tree: Arc::new(regions::tree(&units)),
            facts: Arc::new(facts),
            units: Arc::new(units),
            scores: Mutex::new(None),
        }
    }

    /// Every report's score by `rubric`, in ranking order (see [`super::order`]; ranks not set), without the
    /// deductions' evidence (see [`super::score`] for one report's), computed once per rubric.
    pub fn scores(&self, rubric: &Rubric) -> Arc<Vec<Score>> {
        let mut slot = self.scores.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((r, s)) = slot.as_ref()
            && r == rubric
        {
            return s.clone();
        }
        let mut scores: Vec<Score> = self
            .facts
            .iter()
            .map(|f| score_with(rubric, f, false))
            .collect();
        order(&mut scores);
        let scores = Arc::new(scores);
        *slot = Some((rubric.clone(), scores.clone()));
        scores
    }
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
        let e = Arc::new(Everything::new(
            generation,
            gather(store, None).await?,
            store.units().await?,
        ));
        *slot = Some(e.clone());
        Ok(e)
    }
}
