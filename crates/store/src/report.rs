//! The parts of the annual report the office writes rather than the ledger counts: the prose of the six
//! sections per year, each with who last changed it and when, and the 表二 figures' authorship.

use crate::{Store, StoreError};
use sqlx::Row;

/// A section's text as saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionText {
    /// 1 to 6.
    pub number: u8,
    /// The prose.
    pub text: String,
    /// Who saved it.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

impl Store {
    /// Saves the texts of some sections of `year` (all or none).
    pub async fn set_sections(&self, year: i32, texts: &[SectionText]) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for t in texts {
            sqlx::query(
                "DELETE FROM report_sections WHERE agency_id = $3 AND year = $1 AND number = $2",
            )
            .bind(i64::from(year))
            .bind(i64::from(t.number))
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO report_sections (year, number, text, updated_by, updated_at, agency_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(i64::from(year))
            .bind(i64::from(t.number))
            .bind(t.text.clone())
            .bind(t.updated_by.clone())
            .bind(t.updated_at.clone())
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The saved section texts of `year`, by number.
    pub async fn sections(&self, year: i32) -> Result<Vec<SectionText>, StoreError> {
        sqlx::query(
            "SELECT number, text, updated_by, updated_at FROM report_sections WHERE agency_id = $2 AND year = $1 \
             ORDER BY number",
        )
        .bind(i64::from(year))
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SectionText {
                number: u8::try_from(r.try_get::<i64, _>(0)?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                text: r.try_get(1)?,
                updated_by: r.try_get(2)?,
                updated_at: r.try_get(3)?,
            })
        })
        .collect()
    }

    /// Saves the 表二 figures of `year` with who entered them and when (one transaction).
    pub async fn set_proactive_by(
        &self,
        year: i32,
        table2: &serde_json::Value,
        by: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM proactive WHERE agency_id = $2 AND year = $1")
            .bind(i64::from(year))
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO proactive (year, data, updated_by, updated_at, agency_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(i64::from(year))
        .bind(table2.to_string())
        .bind(by.to_string())
        .bind(at.to_string())
        .bind(self.ag())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Who entered the 表二 figures of `year` and when, if recorded.
    pub async fn proactive_author(
        &self,
        year: i32,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT updated_by, updated_at FROM proactive WHERE agency_id = $2 AND year = $1",
        )
        .bind(i64::from(year))
        .bind(self.ag())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|r| {
            match (
                r.try_get::<Option<String>, _>(0).ok().flatten(),
                r.try_get::<Option<String>, _>(1).ok().flatten(),
            ) {
                (Some(by), Some(at)) => Some((by, at)),
                _ => None,
            }
        }))
    }
}
