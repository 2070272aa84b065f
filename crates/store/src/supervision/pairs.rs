//! The stored 雷同 pairs (table sv_pairs): replaced as a whole when reports are ingested, read page by page.

use crate::{Store, StoreError};
use sqlx::Row;

/// A stored pair of reports sharing prose.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPair {
    /// The first report's id (ids ordered).
    pub a: String,
    /// The second report's id.
    pub b: String,
    /// Whether both are the same unit's.
    pub same_unit: bool,
    /// The shorter report's share of its own prose found in the other (0–1).
    pub similarity: f64,
    /// `a`'s share of its own prose found in `b`, and `b`'s in `a`.
    pub shares: (f64, f64),
    /// The shared passages side by side: (passage of a, passage of b, Jaccard), as JSON.
    pub passages: String,
}

fn pair(r: &sqlx::any::AnyRow) -> Result<StoredPair, StoreError> {
    Ok(StoredPair {
        a: r.try_get(0)?,
        b: r.try_get(1)?,
        same_unit: r.try_get::<i64, _>(2)? != 0,
        similarity: r.try_get(3)?,
        shares: (r.try_get(4)?, r.try_get(5)?),
        passages: r.try_get(6)?,
    })
}

const COLUMNS: &str = "a, b, same_unit, similarity, share_a, share_b, passages";

impl Store {
    /// Replaces every stored pair with `pairs`, and records `stamp` (what they were computed from).
    pub async fn replace_pairs(&self, pairs: &[StoredPair], stamp: &str) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sv_pairs")
            .execute(&mut *tx)
            .await?;
        for p in pairs {
            sqlx::query(
                "INSERT INTO sv_pairs (a, b, same_unit, similarity, share_a, share_b, passages) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(p.a.clone())
            .bind(p.b.clone())
            .bind(i64::from(p.same_unit))
            .bind(p.similarity)
            .bind(p.shares.0)
            .bind(p.shares.1)
            .bind(p.passages.clone())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO agency_settings (agency_id, key, value) VALUES ('', 'supervision_pairs_stamp', $1) \
             ON CONFLICT (agency_id, key) DO UPDATE SET value = excluded.value",
        )
        .bind(stamp.to_string())
        .execute(&mut *tx)
        .await?;
        super::write::bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What the stored pairs were computed from (empty before the first computation).
    pub async fn pairs_stamp(&self) -> Result<String, StoreError> {
        Ok(
            sqlx::query("SELECT value FROM agency_settings WHERE agency_id = '' AND key = 'supervision_pairs_stamp'")
                .fetch_optional(&self.pool)
                .await?
                .map(|r| r.try_get::<String, _>(0))
                .transpose()?
                .unwrap_or_default(),
        )
    }

    /// Every stored pair, most similar first.
    pub async fn every_pair(&self) -> Result<Vec<StoredPair>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sv_pairs ORDER BY similarity DESC, a, b"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(pair).collect()
    }

    /// Every stored pair without its passages (empty), most similar first.
    pub async fn pair_shares(&self) -> Result<Vec<StoredPair>, StoreError> {
        let rows = sqlx::query(
            "SELECT a, b, same_unit, similarity, share_a, share_b, CAST('' AS TEXT) FROM sv_pairs \
             ORDER BY similarity DESC, a, b",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(pair).collect()
    }

    /// The pairs at least `min` similar, most similar first: `limit` of them from `offset`, and how many in all.
    pub async fn pairs(
        &self,
        min: f64,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<StoredPair>, i64), StoreError> {
        let total: i64 = sqlx::query("SELECT COUNT(*) FROM sv_pairs WHERE similarity >= $1")
            .bind(min)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sv_pairs WHERE similarity >= $1 \
             ORDER BY similarity DESC, a, b LIMIT {} OFFSET {}",
            limit.clamp(0, 10_000),
            offset.max(0)
        )))
        .bind(min)
        .fetch_all(&self.pool)
        .await?;
        Ok((rows.iter().map(pair).collect::<Result<_, _>>()?, total))
    }
}
