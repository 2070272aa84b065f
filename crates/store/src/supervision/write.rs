//! Writing supervised reports: readings (with their new units) in one transaction per batch, failures,
//! corrections as new versions, diagnostics after pairing.

use super::{DiagnosticRecord, NewVersion, Reading, Unit, cell_state, cells};
use crate::{Store, StoreError};
use sqlx::{AssertSqlSafe, Row};

impl Store {
    /// Merges unit `from` into unit `into` (a pairing corrected by hand: the same unit was inferred twice):
    /// its reports, its name and its aliases move to `into`, and `from` is removed. Refused, with nothing
    /// changed, when both have a report for the same year or `from` is a registered agency.
    pub async fn merge_units(&self, from: &str, into: &str) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let name: String = sqlx::query("SELECT name FROM units WHERE id = $1")
            .bind(from.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(from.to_string()))?
            .try_get(0)?;
        if sqlx::query("SELECT id FROM units WHERE id = $1")
            .bind(into.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .is_none()
        {
            return Err(StoreError::NotFound(into.to_string()));
        }
        if sqlx::query("SELECT unit_id FROM agencies WHERE unit_id = $1")
            .bind(from.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            return Err(StoreError::Refused(format!(
                "“{name}”是平台上登记的机关，不能并入其他单位"
            )));
        }
        let clash: Vec<i64> = sqlx::query(
            "SELECT a.year FROM sv_reports a JOIN sv_reports b ON a.year = b.year \
             WHERE a.unit_id = $1 AND b.unit_id = $2 ORDER BY a.year",
        )
        .bind(from.to_string())
        .bind(into.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
        if !clash.is_empty() {
            return Err(StoreError::Refused(format!(
                "两个单位都有 {} 年度的报告，不能合并；请先确认是否为同一单位",
                clash
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join("、")
            )));
        }
        for sql in [
            "UPDATE sv_reports SET unit_id = $2 WHERE unit_id = $1",
            "UPDATE unit_aliases SET unit_id = $2 WHERE unit_id = $1",
        ] {
            sqlx::query(sql)
                .bind(from.to_string())
                .bind(into.to_string())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM units WHERE id = $1")
            .bind(from.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM unit_aliases WHERE alias = $1")
            .bind(name.clone())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
            .bind(name)
            .bind(into.to_string())
            .execute(&mut *tx)
            .await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a document that could not be read, with the reason (once per hash).
    pub async fn record_failure(
        &self,
        hash: &str,
        path: &str,
        bytes: i64,
        reason: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        // Once per hash, also when the same file is sent twice at once.
        sqlx::query(
            "INSERT INTO sv_documents (hash, path, bytes, report_id, failure, ingested_at) VALUES ($1, $2, $3, NULL, $4, $5) ON CONFLICT (hash) DO NOTHING",
        )
        .bind(hash.to_string())
        .bind(path.to_string())
        .bind(bytes)
        .bind(reason.to_string())
        .bind(at.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Moves a unit to another region of the tree (“省/市/区”).
    pub async fn set_unit_region(&self, id: &str, region: &str) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE units SET region = $1 WHERE id = $2")
            .bind(region.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a unit (or updates the one with this id) with names it is also known by.
    pub async fn put_unit(&self, u: &Unit, aliases: &[String]) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        put_unit(&mut tx, u, aliases).await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores readings in one transaction: for each, its unit first when new or renamed (with the alias it
    /// learned), then a new report of that unit and year, or a new version of it (a corrected
    /// re-publication). Returns (report id, version) of each, or `None` for one whose document was stored meanwhile.
    pub async fn save_readings(
        &self,
        readings: &[Reading<'_>],
    ) -> Result<Vec<Option<(String, i64)>>, StoreError> {
        let mut tx = self.write_tx().await?;
        let mut out = Vec::with_capacity(readings.len());
        for r in readings {
            if let Some(aliases) = &r.unit_changed {
                put_unit(&mut tx, r.unit, aliases).await?;
            }
            let saved =
                save_reading(&mut tx, &r.unit.id, r.year, r.path, r.bytes, &r.version).await?;
            // A document stored meanwhile (the same file sent twice at once) keeps its first copy.
            if saved.is_some()
                && let (Some(content), Some(hash)) = (r.content, r.version.document_hash)
            {
                let name = r.path.rsplit(['/', '\\']).next().unwrap_or(r.path);
                sqlx::query("INSERT INTO sv_files (hash, name, content) VALUES ($1, $2, $3)")
                    .bind(hash.to_string())
                    .bind(name.to_string())
                    .bind(content.to_vec())
                    .execute(&mut *tx)
                    .await?;
            }
            out.push(saved);
        }
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Replaces the diagnostics of a version (after the cross-year rules ran with the paired report).
    pub async fn set_version_diagnostics(
        &self,
        report_id: &str,
        version: i64,
        diagnostics: &[DiagnosticRecord],
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM sv_diagnostics WHERE report_id = $1 AND version = $2")
            .bind(report_id.to_string())
            .bind(version)
            .execute(&mut *tx)
            .await?;
        insert_diagnostics(&mut tx, report_id, version, diagnostics).await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores a correction as a new version: `data` is the corrected report's exchange JSON, `changed` the
    /// cells corrected (table, row, column index, old value, new value). Returns the new version.
    pub async fn save_correction(
        &self,
        report_id: &str,
        v: &NewVersion<'_>,
        changed: &[(String, String, usize, String, String)],
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let current: i64 = sqlx::query("SELECT current_version FROM sv_reports WHERE id = $1")
            .bind(report_id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(report_id.to_string()))?
            .try_get(0)?;
        let version = current + 1;
        sqlx::query("UPDATE sv_reports SET current_version = $1 WHERE id = $2")
            .bind(version)
            .bind(report_id.to_string())
            .execute(&mut *tx)
            .await?;
        // Cells corrected in earlier versions stay marked as corrected.
        let earlier: Vec<(String, String, i64)> = sqlx::query(
            "SELECT DISTINCT tbl, row_key, col FROM sv_corrections WHERE report_id = $1",
        )
        .bind(report_id.to_string())
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect::<Result<_, StoreError>>()?;
        let mut marked: Vec<(String, String, usize)> = earlier
            .into_iter()
            .map(|(t, r, c)| (t, r, c as usize))
            .collect();
        marked.extend(
            changed
                .iter()
                .map(|(t, r, c, ..)| (t.clone(), r.clone(), *c)),
        );
        insert_version(&mut tx, report_id, version, v, &marked).await?;
        for (t, r, c, old, new) in changed {
            sqlx::query(
                "INSERT INTO sv_corrections (report_id, version, tbl, row_key, col, old_value, new_value, corrected_by, corrected_at, reason) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(report_id.to_string())
            .bind(version)
            .bind(t.clone())
            .bind(r.clone())
            .bind(*c as i64)
            .bind(old.clone())
            .bind(new.clone())
            .bind(v.by.to_string())
            .bind(v.at.to_string())
            .bind(v.reason.to_string())
            .execute(&mut *tx)
            .await?;
        }
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(version)
    }
}

/// Counts a change to the supervision data (see [`Store::supervision_generation`]).
pub(crate) async fn bump(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), StoreError> {
    sqlx::query("UPDATE sv_generation SET n = n + 1 WHERE id = 1")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn put_unit(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    u: &Unit,
    aliases: &[String],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM unit_aliases WHERE unit_id = $1")
        .bind(u.id.clone())
        .execute(&mut **tx)
        .await?;
    let exists = sqlx::query("SELECT id FROM units WHERE id = $1")
        .bind(u.id.clone())
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    let sql = if exists {
        "UPDATE units SET name = $2, region = $3, office = $4, inferred = $5 WHERE id = $1"
    } else {
        "INSERT INTO units (id, name, region, office, inferred) VALUES ($1, $2, $3, $4, $5)"
    };
    sqlx::query(sql)
        .bind(u.id.clone())
        .bind(u.name.clone())
        .bind(u.region.clone())
        .bind(u.office.clone())
        .bind(i64::from(u.inferred))
        .execute(&mut **tx)
        .await?;
    for a in aliases.iter().filter(|a| **a != u.name) {
        sqlx::query("DELETE FROM unit_aliases WHERE alias = $1")
            .bind(a.clone())
            .execute(&mut **tx)
            .await?;
        sqlx::query("INSERT INTO unit_aliases (alias, unit_id) VALUES ($1, $2)")
            .bind(a.clone())
            .bind(u.id.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Saves one reading as a new version of its report; `None` when its document was stored meanwhile (the same
/// file sent twice at once), which is then not read again.
async fn save_reading(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    unit_id: &str,
    year: i32,
    path: &str,
    bytes: i64,
    v: &NewVersion<'_>,
) -> Result<Option<(String, i64)>, StoreError> {
    let hash = v
        .document_hash
        .ok_or_else(|| StoreError::Corrupt("无文件哈希".into()))?;
    let claimed = sqlx::query(
        "INSERT INTO sv_documents (hash, path, bytes, report_id, failure, ingested_at) VALUES ($1, $2, $3, NULL, NULL, $4) ON CONFLICT (hash) DO NOTHING",
    )
    .bind(hash.to_string())
    .bind(path.to_string())
    .bind(bytes)
    .bind(v.at.to_string())
    .execute(&mut **tx)
    .await?;
    if claimed.rows_affected() == 0 {
        return Ok(None);
    }
    let existing =
        sqlx::query("SELECT id, current_version FROM sv_reports WHERE unit_id = $1 AND year = $2")
            .bind(unit_id.to_string())
            .bind(i64::from(year))
            .fetch_optional(&mut **tx)
            .await?;
    let (report_id, version) = match existing {
        Some(r) => (r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)? + 1),
        None => (format!("{unit_id}-{year}"), 1),
    };
    if version == 1 {
        sqlx::query(
            "INSERT INTO sv_reports (id, unit_id, year, current_version) VALUES ($1, $2, $3, 1)",
        )
        .bind(report_id.clone())
        .bind(unit_id.to_string())
        .bind(i64::from(year))
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query("UPDATE sv_reports SET current_version = $1 WHERE id = $2")
            .bind(version)
            .bind(report_id.clone())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE sv_documents SET report_id = $1 WHERE hash = $2")
        .bind(report_id.clone())
        .bind(hash.to_string())
        .execute(&mut **tx)
        .await?;
    insert_version(tx, &report_id, version, v, &[]).await?;
    Ok(Some((report_id, version)))
}

/// Inserts the diagnostics of a version in one statement (their rows passed as one JSON array).
async fn insert_diagnostics(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report_id: &str,
    version: i64,
    diagnostics: &[DiagnosticRecord],
) -> Result<(), StoreError> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!([i, d.code, d.severity, d.message, d.table, d.row, d.column])
        })
        .collect();
    let sql = json_rows_insert(
        tx,
        "sv_diagnostics (report_id, version, seq, code, severity, message, tbl, row_key, col_key)",
        &["integer", "text", "text", "text", "text", "text", "text"],
    );
    sqlx::query(AssertSqlSafe(sql))
        .bind(report_id.to_string())
        .bind(version)
        .bind(serde_json::Value::Array(rows).to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An `INSERT INTO target SELECT $1, $2, <fields of each element> FROM <the JSON array $3>`: rows of one
/// version passed as one parameter, so that a report's hundreds of cells are one cached statement rather than
/// thousands of bound parameters. `types` are the SQL types of the array elements' fields, in order.
fn json_rows_insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    target: &str,
    types: &[&str],
) -> String {
    let sqlite = tx.backend_name() == "SQLite";
    let fields: Vec<String> = types
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if sqlite {
                format!("j.value ->> {i}")
            } else if *t == "text" {
                format!("j ->> {i}")
            } else {
                format!("CAST(j ->> {i} AS {t})")
            }
        })
        .collect();
    let from = if sqlite {
        "json_each($3) j"
    } else {
        "json_array_elements(CAST($3 AS json)) j"
    };
    format!(
        "INSERT INTO {target} SELECT $1, $2, {} FROM {from}",
        fields.join(", ")
    )
}

/// Inserts a version with its cells (those in `corrected` marked so) and diagnostics.
async fn insert_version(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    report_id: &str,
    version: i64,
    v: &NewVersion<'_>,
    corrected: &[(String, String, usize)],
) -> Result<(), StoreError> {
    let rebuilt;
    let report = match v.report {
        Some(r) => r,
        None => {
            rebuilt = gongkai_model::exchange::from_json(v.data).map_err(StoreError::Corrupt)?;
            &rebuilt
        }
    };
    sqlx::query(
        "INSERT INTO sv_versions (report_id, version, kind, document_hash, format, title, data, created_by, created_at, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(report_id.to_string())
    .bind(version)
    .bind(v.kind.to_string())
    .bind(v.document_hash.map(str::to_string))
    .bind(report.format.map(|f| f.key().to_string()))
    .bind(report.title.clone())
    .bind(v.data.to_string())
    .bind(v.by.to_string())
    .bind(v.at.to_string())
    .bind(v.reason.to_string())
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO sv_briefs (report_id, version, brief) VALUES ($1, $2, $3)")
        .bind(report_id.to_string())
        .bind(version)
        .bind(v.brief.to_string())
        .execute(&mut **tx)
        .await?;
    let rows: Vec<serde_json::Value> = cells(report)
        .iter()
        .map(|c| {
            let (state, val, cands) = cell_state(c.value);
            let is_corrected = corrected
                .iter()
                .any(|(ct, cr, ci)| ct == c.table && cr == c.row && *ci == c.column);
            serde_json::json!([
                c.table,
                c.row,
                c.column,
                c.column_key,
                state,
                val,
                cands,
                i64::from(is_corrected)
            ])
        })
        .collect();
    if !rows.is_empty() {
        let sql = json_rows_insert(
            tx,
            "sv_cells (report_id, version, tbl, row_key, col, col_key, state, value, candidates, corrected)",
            &[
                "text", "text", "integer", "text", "text", "text", "text", "integer",
            ],
        );
        sqlx::query(AssertSqlSafe(sql))
            .bind(report_id.to_string())
            .bind(version)
            .bind(serde_json::Value::Array(rows).to_string())
            .execute(&mut **tx)
            .await?;
    }
    insert_diagnostics(tx, report_id, version, v.diagnostics).await
}
