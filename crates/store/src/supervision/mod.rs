//! The supervised reports (one unit's report of one year) with their versions: each reading of a published
//! document and each correction is a version holding the report's exchange JSON, every cell in its state with
//! its provenance, and the diagnostics of that version. Documents are known by their SHA-256.

mod pairs;
mod read;
mod write;
pub(crate) use write::bump;

pub use pairs::StoredPair;
pub use read::StoredBrief;

use crate::{Store, StoreError};
use gongkai_model::{CellValue, FormatVersion, Report, TABLE3_COLUMNS, TABLE4_COLUMNS, TableData};
use serde_json::Value;
use sqlx::{AssertSqlSafe, Row};

/// A reporting unit under a supervising office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Stable id.
    pub id: String,
    /// The unit's name as it is known (e.g. 平潭综合实验区海坛片区管理局).
    pub name: String,
    /// Its place in the region tree: “省/市/区”.
    pub region: String,
    /// The supervising office.
    pub office: String,
    /// Whether the unit was inferred from a report's agency name (to be confirmed by hand).
    pub inferred: bool,
}

/// One diagnostic of a version, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticRecord {
    /// Rule code.
    pub code: String,
    /// Severity label (错误, 警告, 提示).
    pub severity: String,
    /// Message.
    pub message: String,
    /// Table key.
    pub table: Option<String>,
    /// Row key.
    pub row: Option<String>,
    /// Column key.
    pub column: Option<String>,
}

/// The diagnostic in a row's columns `at..at + 6`: code, severity, message, table, row, column.
pub(crate) fn diagnostic_at(
    r: &sqlx::any::AnyRow,
    at: usize,
) -> Result<DiagnosticRecord, StoreError> {
    Ok(DiagnosticRecord {
        code: r.try_get(at)?,
        severity: r.try_get(at + 1)?,
        message: r.try_get(at + 2)?,
        table: r.try_get(at + 3)?,
        row: r.try_get(at + 4)?,
        column: r.try_get(at + 5)?,
    })
}

/// A supervised report as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportMeta {
    /// Report id.
    pub id: String,
    /// Unit id.
    pub unit_id: String,
    /// Unit name.
    pub unit: String,
    /// Year reported on.
    pub year: i32,
    /// Current version.
    pub version: i64,
}

/// A stored document that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Path as given.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// A document read, to be stored with [`Store::save_readings`].
pub struct Reading<'a> {
    /// Its unit.
    pub unit: &'a Unit,
    /// When the unit is new or changed: the aliases to store with it.
    pub unit_changed: Option<Vec<String>>,
    /// The year reported on.
    pub year: i32,
    /// The file's path.
    pub path: &'a str,
    /// The file's size.
    pub bytes: i64,
    /// The document's bytes as read (kept to show it next to its problems).
    pub content: Option<&'a [u8]>,
    /// The version it makes.
    pub version: NewVersion<'a>,
}

/// What a new version holds.
pub struct NewVersion<'a> {
    /// reading, republication or correction.
    pub kind: &'a str,
    /// The document read (none for a correction).
    pub document_hash: Option<&'a str>,
    /// The report's exchange JSON with details (provenance, sections, notes).
    pub data: &'a Value,
    /// The report itself when at hand (else it is rebuilt from `data`).
    pub report: Option<&'a Report>,
    /// The diagnostics of this version.
    pub diagnostics: &'a [DiagnosticRecord],
    /// What the supervisor's pages need of it (JSON made by the supervision crate).
    pub brief: &'a str,
    /// Who made it.
    pub by: &'a str,
    /// When (RFC 3339).
    pub at: &'a str,
    /// Why (for a correction).
    pub reason: &'a str,
}

/// The state and value of a cell as stored: (state, value, candidates).
pub fn cell_state(v: &CellValue) -> (&'static str, Option<String>, Option<String>) {
    match v {
        CellValue::Number(d) => ("value", Some(d.normalize().to_string()), None),
        CellValue::Blank => ("blank", None, None),
        CellValue::Mark(m) => ("mark", Some(m.clone()), None),
        CellValue::Missing => ("missing", None, None),
        CellValue::Unreadable(t) => ("unreadable", Some(t.clone()), None),
        CellValue::Ambiguous(c) => (
            "ambiguous",
            None,
            Some(
                c.iter()
                    .map(|d| d.normalize().to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
        ),
    }
}

/// The column keys of a table's row.
fn column_keys(table: &str, format: Option<FormatVersion>, row: &str) -> Vec<&'static str> {
    match table {
        "table3" => TABLE3_COLUMNS.iter().map(|c| c.key).collect(),
        "table4" => TABLE4_COLUMNS.iter().map(|c| c.key).collect(),
        _ => format
            .and_then(|f| gongkai_model::table2_rows(f).iter().find(|r| r.key == row))
            .map(|r| r.columns.iter().map(|c| c.key).collect())
            .unwrap_or_default(),
    }
}

/// One cell of a report, as stored in the cells table.
pub struct CellRow<'a> {
    /// table2, table3 or table4.
    pub table: &'static str,
    /// Row key.
    pub row: &'a str,
    /// Column index.
    pub column: usize,
    /// Column key.
    pub column_key: String,
    /// Value.
    pub value: &'a CellValue,
}

/// Every cell of a report.
pub fn cells(r: &Report) -> Vec<CellRow<'_>> {
    let tables: [(&'static str, &TableData); 3] = [
        ("table2", &r.table2),
        ("table3", &r.table3),
        ("table4", &r.table4),
    ];
    let mut out = Vec::new();
    for (t, data) in tables {
        for row in &data.rows {
            let keys = column_keys(t, data.format.or(r.format), &row.key);
            for (i, c) in row.cells.iter().enumerate() {
                out.push(CellRow {
                    table: t,
                    row: &row.key,
                    column: i,
                    column_key: keys.get(i).map_or(i.to_string(), |k| k.to_string()),
                    value: &c.value,
                });
            }
        }
    }
    out
}

/// A unit from a row of (id, name, region, office, inferred).
fn unit_from_row(r: &sqlx::any::AnyRow) -> Result<Unit, StoreError> {
    Ok(Unit {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        region: r.try_get(2)?,
        office: r.try_get(3)?,
        inferred: r.try_get::<i64, _>(4)? != 0,
    })
}

impl Store {
    /// How many reports are stored for supervision, and how many versions of them were ingested.
    pub async fn supervision_counts(&self) -> Result<(i64, i64), StoreError> {
        let r = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM sv_reports), (SELECT COUNT(*) FROM sv_versions)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    /// Which of these hashes are of documents ingested already.
    pub async fn known_documents(
        &self,
        hashes: &[String],
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut out = std::collections::HashSet::new();
        for chunk in hashes.chunks(500) {
            let sql = format!(
                "SELECT hash FROM sv_documents WHERE hash IN ({})",
                (1..=chunk.len())
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for h in chunk {
                q = q.bind(h.clone());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.insert(r.try_get(0)?);
            }
        }
        Ok(out)
    }

    /// The documents that could not be read.
    pub async fn failures(&self) -> Result<Vec<Failure>, StoreError> {
        sqlx::query(
            "SELECT path, failure FROM sv_documents WHERE failure IS NOT NULL ORDER BY path",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Failure {
                path: r.try_get(0)?,
                reason: r.try_get(1)?,
            })
        })
        .collect()
    }

    /// The unit known by `name` (its name or an alias).
    pub async fn unit_named(&self, name: &str) -> Result<Option<Unit>, StoreError> {
        let row = sqlx::query(
            "SELECT u.id, u.name, u.region, u.office, u.inferred FROM units u \
             LEFT JOIN unit_aliases a ON a.unit_id = u.id WHERE u.name = $1 OR a.alias = $1",
        )
        .bind(name.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(unit_from_row).transpose()
    }

    /// Every unit, by region and name.
    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        sqlx::query("SELECT id, name, region, office, inferred FROM units ORDER BY region, name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(unit_from_row)
            .collect()
    }

    /// The id of `unit_id`'s report for `year`, if stored.
    pub async fn report_id(&self, unit_id: &str, year: i32) -> Result<Option<String>, StoreError> {
        sqlx::query("SELECT id FROM sv_reports WHERE unit_id = $1 AND year = $2")
            .bind(unit_id.to_string())
            .bind(i64::from(year))
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok(r.try_get(0)?))
            .transpose()
    }

    /// The unit id and year of a report.
    pub async fn report_unit_year(
        &self,
        report_id: &str,
    ) -> Result<Option<(String, i32)>, StoreError> {
        sqlx::query("SELECT unit_id, year FROM sv_reports WHERE id = $1")
            .bind(report_id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    i32::try_from(r.try_get::<i64, _>(1)?)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                ))
            })
            .transpose()
    }

    /// Every alias with its unit id.
    pub async fn unit_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query("SELECT alias, unit_id FROM unit_aliases")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Every supervised report with its unit, by unit and year.
    pub async fn supervised_reports(&self) -> Result<Vec<ReportMeta>, StoreError> {
        sqlx::query(
            "SELECT r.id, r.unit_id, u.name, r.year, r.current_version FROM sv_reports r \
             JOIN units u ON u.id = r.unit_id ORDER BY u.name, r.year",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ReportMeta {
                id: r.try_get(0)?,
                unit_id: r.try_get(1)?,
                unit: r.try_get(2)?,
                year: i32::try_from(r.try_get::<i64, _>(3)?)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?,
                version: r.try_get(4)?,
            })
        })
        .collect()
    }

    /// The exchange JSON of a version of a report (the current one when `version` is none).
    pub async fn version_data(
        &self,
        report_id: &str,
        version: Option<i64>,
    ) -> Result<Option<(i64, Value)>, StoreError> {
        let row = match version {
            Some(v) => sqlx::query(
                "SELECT version, data FROM sv_versions WHERE report_id = $1 AND version = $2",
            )
            .bind(report_id.to_string())
            .bind(v),
            None => sqlx::query(
                "SELECT v.version, v.data FROM sv_versions v JOIN sv_reports r ON r.id = v.report_id \
                 AND r.current_version = v.version WHERE v.report_id = $1",
            )
            .bind(report_id.to_string()),
        }
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let data: String = r.try_get(1)?;
            Ok((
                r.try_get(0)?,
                serde_json::from_str(&data).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            ))
        })
        .transpose()
    }

    /// The diagnostics of a version.
    pub async fn version_diagnostics(
        &self,
        report_id: &str,
        version: i64,
    ) -> Result<Vec<DiagnosticRecord>, StoreError> {
        sqlx::query(
            "SELECT code, severity, message, tbl, row_key, col_key FROM sv_diagnostics \
             WHERE report_id = $1 AND version = $2 ORDER BY seq",
        )
        .bind(report_id.to_string())
        .bind(version)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| diagnostic_at(r, 0))
        .collect()
    }

    /// The corrections of a report: (version, table, row, column, old, new, by, at, reason).
    pub async fn corrections(&self, report_id: &str) -> Result<Vec<[String; 9]>, StoreError> {
        sqlx::query(
            "SELECT version, tbl, row_key, col, old_value, new_value, corrected_by, corrected_at, reason \
             FROM sv_corrections WHERE report_id = $1 ORDER BY version, tbl, row_key, col",
        )
        .bind(report_id.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok([
                r.try_get::<i64, _>(0)?.to_string(),
                r.try_get(1)?,
                r.try_get(2)?,
                r.try_get::<i64, _>(3)?.to_string(),
                r.try_get(4)?,
                r.try_get(5)?,
                r.try_get(6)?,
                r.try_get(7)?,
                r.try_get(8)?,
            ])
        })
        .collect()
    }

    /// A stored document's name and bytes, by its hash.
    pub async fn document_file(&self, hash: &str) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        sqlx::query("SELECT name, content FROM sv_files WHERE hash = $1")
            .bind(hash.to_string())
            .fetch_optional(&self.pool)
            .await?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }

    /// The hash of the document behind a version (the latest reading at or before it; a correction keeps the
    /// document of the reading it corrects).
    pub async fn version_document(
        &self,
        report_id: &str,
        version: i64,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query(
            "SELECT document_hash FROM sv_versions WHERE report_id = $1 AND version <= $2 \
             AND document_hash IS NOT NULL ORDER BY version DESC LIMIT 1",
        )
        .bind(report_id.to_string())
        .bind(version)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?)
    }

    /// Every cell of the current versions: (unit, year, format, table, row, column key, state, value,
    /// candidates, corrected, document path), in unit, year and table order.
    pub async fn current_cells(&self) -> Result<Vec<[String; 11]>, StoreError> {
        sqlx::query(
            "SELECT u.name, r.year, COALESCE(v.format, ''), c.tbl, c.row_key, c.col_key, c.state, \
             COALESCE(c.value, ''), COALESCE(c.candidates, ''), c.corrected, COALESCE(d.path, '') \
             FROM sv_reports r JOIN units u ON u.id = r.unit_id \
             JOIN sv_versions v ON v.report_id = r.id AND v.version = r.current_version \
             JOIN sv_cells c ON c.report_id = r.id AND c.version = r.current_version \
             LEFT JOIN sv_documents d ON d.hash = (SELECT document_hash FROM sv_versions w \
                 WHERE w.report_id = r.id AND w.document_hash IS NOT NULL ORDER BY w.version DESC LIMIT 1) \
             ORDER BY u.name, r.year, c.tbl, c.row_key, c.col",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok([
                r.try_get(0)?,
                r.try_get::<i64, _>(1)?.to_string(),
                r.try_get(2)?,
                r.try_get(3)?,
                r.try_get(4)?,
                r.try_get(5)?,
                r.try_get(6)?,
                r.try_get(7)?,
                r.try_get(8)?,
                if r.try_get::<i64, _>(9)? != 0 {
                    "corrected".to_string()
                } else {
                    String::new()
                },
                r.try_get(10)?,
            ])
        })
        .collect()
    }
}
