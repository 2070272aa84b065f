//! Reading every current report's facts at once (for the supervisor's pages): the briefs stored with each
//! version, every current version's diagnostics in one query, and the counter of changes that tells a cache
//! when to read them again.

use super::{DiagnosticRecord, diagnostic_at};
use crate::{Store, StoreError};
use futures_util::TryStreamExt;
use sqlx::Row;

/// A current version's brief as stored, or none when the version was stored before briefs were (migration 0016).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredBrief {
    /// Report id.
    pub report_id: String,
    /// The current version.
    pub version: i64,
    /// The brief's JSON.
    pub brief: Option<String>,
}

impl Store {
    /// The number of changes made to the supervision data so far (readings, corrections, diagnostics, units,
    /// 雷同 pairs): what was read at one value is still current while it stays the same.
    pub async fn supervision_generation(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT n FROM sv_generation WHERE id = 1")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    /// The brief of every report's current version.
    pub async fn current_briefs(&self) -> Result<Vec<StoredBrief>, StoreError> {
        // Row by row (tens of thousands of reports): only the values are kept, not every row at once.
        let mut rows = sqlx::query(
            "SELECT r.id, r.current_version, b.brief FROM sv_reports r LEFT JOIN sv_briefs b \
             ON b.report_id = r.id AND b.version = r.current_version",
        )
        .fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(r) = rows.try_next().await? {
            out.push(StoredBrief {
                report_id: r.try_get(0)?,
                version: r.try_get(1)?,
                brief: r.try_get(2)?,
            });
        }
        Ok(out)
    }

    /// Stores the brief of a version stored without one (made by an earlier release).
    pub async fn put_brief(
        &self,
        report_id: &str,
        version: i64,
        brief: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sv_briefs (report_id, version, brief) VALUES ($1, $2, $3) \
             ON CONFLICT (report_id, version) DO NOTHING",
        )
        .bind(report_id.to_string())
        .bind(version)
        .bind(brief.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The diagnostics of every report's current version: (report id, diagnostic), by report and in order.
    pub async fn current_diagnostics(&self) -> Result<Vec<(String, DiagnosticRecord)>, StoreError> {
        // Row by row (hundreds of thousands of diagnostics): only the values are kept, not every row at once.
        let mut rows = sqlx::query(
            "SELECT d.report_id, d.code, d.severity, d.message, d.tbl, d.row_key, d.col_key \
             FROM sv_diagnostics d JOIN sv_reports r ON r.id = d.report_id AND r.current_version = d.version \
             ORDER BY d.report_id, d.seq",
        )
        .fetch(&self.pool);
        let mut out = Vec::new();
        while let Some(r) = rows.try_next().await? {
            out.push((r.try_get(0)?, diagnostic_at(&r, 1)?));
        }
        Ok(out)
    }
}
