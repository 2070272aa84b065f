//! Supervision of many units' published reports: ingest (read every file, identify unit, year and format,
//! keep every cell with its state and provenance), pairing of each unit's consecutive years with the
//! cross-year rules, corrections with history, the problems of every unit, and datasets.

#![warn(missing_docs)]

pub mod agencies;
pub mod assess;
pub mod correct;
pub mod export;
pub mod fetch;
pub mod generated;
pub mod ingest;
pub mod regions;
pub mod similar;
pub mod units;

use gongkai_check::Diagnostic;
use gongkai_model::Report;
use gongkai_store::supervision::DiagnosticRecord;
use gongkai_store::{Store, StoreError};

/// The stored form of diagnostics.
pub fn records(diags: &[Diagnostic]) -> Vec<DiagnosticRecord> {
    diags
        .iter()
        .map(|d| DiagnosticRecord {
            code: d.code.to_string(),
            severity: d.severity.label().to_string(),
            message: d.detail(),
            table: d.table.map(|t| t.key().to_string()),
            row: d.row.clone(),
            column: d.column.clone(),
        })
        .collect()
}

/// The current reading (with corrections) of a unit's report for a year, if stored.
pub async fn current_report(
    store: &Store,
    unit_id: &str,
    year: i32,
) -> Result<Option<(String, i64, Report)>, StoreError> {
    let Some(id) = store.report_id(unit_id, year).await? else {
        return Ok(None);
    };
    match store.version_data(&id, None).await? {
        Some((v, data)) => Ok(Some((
            id,
            v,
            gongkai_model::exchange::from_json(&data).map_err(StoreError::Corrupt)?,
        ))),
        None => Ok(None),
    }
}

/// Runs every rule on the current version of `unit_id`'s report for `year`, with last year's report when
/// stored (the cross-year rules), and stores the diagnostics.
pub async fn recheck(store: &Store, unit_id: &str, year: i32) -> Result<(), StoreError> {
    let Some((id, version, report)) = current_report(store, unit_id, year).await? else {
        return Ok(());
    };
    let previous = current_report(store, unit_id, year - 1)
        .await?
        .map(|(_, _, r)| r);
    let diags = gongkai_check::check(&report, previous.as_ref());
    store
        .set_version_diagnostics(&id, version, &records(&diags))
        .await
}

/// One unit's problems: its reports' diagnostics (current versions) by year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitProblems {
    /// The unit.
    pub unit: String,
    /// (year, version, diagnostics).
    pub reports: Vec<(i32, i64, Vec<ProblemLine>)>,
}

/// A diagnostic as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProblemLine {
    /// Rule code.
    pub code: String,
    /// Severity label.
    pub severity: String,
    /// Message.
    pub message: String,
}

/// Every unit's problems, cross-year ones included.
pub async fn problems(store: &Store) -> Result<Vec<UnitProblems>, StoreError> {
    let mut out: Vec<UnitProblems> = Vec::new();
    for r in store.supervised_reports().await? {
        let diags = store.version_diagnostics(&r.id, r.version).await?;
        let lines = diags
            .into_iter()
            .map(|d| ProblemLine {
                code: d.code,
                severity: d.severity,
                message: d.message,
            })
            .collect();
        match out.last_mut() {
            Some(u) if u.unit == r.unit => u.reports.push((r.year, r.version, lines)),
            _ => out.push(UnitProblems {
                unit: r.unit.clone(),
                reports: vec![(r.year, r.version, lines)],
            }),
        }
    }
    Ok(out)
}

/// The prose of every stored report's current version, for 雷同 detection.
pub async fn stored_docs(store: &Store) -> Result<Vec<similar::Doc>, StoreError> {
    let mut out = Vec::new();
    for r in store.supervised_reports().await? {
        let Some((_, data)) = store.version_data(&r.id, Some(r.version)).await? else {
            continue;
        };
        let mut text = data["preamble"].as_str().unwrap_or_default().to_string();
        for s in data["sections"].as_array().into_iter().flatten() {
            text.push('\n');
            text.push_str(s["text"].as_str().unwrap_or_default());
        }
        out.push(similar::Doc {
            id: r.id,
            unit: r.unit,
            year: r.year,
            text,
        });
    }
    Ok(out)
}

/// What the stored 雷同 pairs must have been computed from to be current, given every stored report (as
/// [`Store::supervised_reports`] lists them): their units and versions (a new report, a new version or a merge of
/// units changes it).
pub fn pairs_stamp(reports: &[gongkai_store::supervision::ReportMeta]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for r in reports {
        h.update(format!("{}\t{}\t{}\n", r.id, r.version, r.unit_id).as_bytes());
    }
    format!("{:x}", h.finalize())
}

/// The stored 雷同 pairs brought up to date, given every stored report: recomputed over every report's current
/// prose when a report, a version or a unit changed since they were computed (at the end of an ingest, so that
/// pages only read them).
pub async fn ensure_pairs(
    store: &Store,
    reports: &[gongkai_store::supervision::ReportMeta],
) -> Result<(), StoreError> {
    let stamp = pairs_stamp(reports);
    if store.pairs_stamp().await? == stamp {
        return Ok(());
    }
    let docs = stored_docs(store).await?;
    let pairs = tokio::task::spawn_blocking(move || similar::similar_pairs(&docs, 0.05))
        .await
        .map_err(|e| StoreError::Db(format!("雷同检测中断：{e}")))?;
    let stored: Vec<gongkai_store::supervision::StoredPair> = pairs
        .into_iter()
        .map(|p| gongkai_store::supervision::StoredPair {
            passages: serde_json::to_string(&p.passages).unwrap_or_else(|_| "[]".into()),
            a: p.a,
            b: p.b,
            same_unit: p.same_unit,
            similarity: p.similarity,
            shares: p.shares,
        })
        .collect();
    store.replace_pairs(&stored, &stamp).await
}

/// Every stored pair at least 5% similar, brought up to date first (given every stored report).
pub async fn all_pairs(
    store: &Store,
    reports: &[gongkai_store::supervision::ReportMeta],
) -> Result<Vec<similar::SimilarPair>, StoreError> {
    ensure_pairs(store, reports).await?;
    Ok(store
        .every_pair()
        .await?
        .into_iter()
        .map(from_stored)
        .collect())
}

/// A stored pair as the detector gave it.
pub fn from_stored(p: gongkai_store::supervision::StoredPair) -> similar::SimilarPair {
    similar::SimilarPair {
        passages: serde_json::from_str(&p.passages).unwrap_or_default(),
        a: p.a,
        b: p.b,
        same_unit: p.same_unit,
        similarity: p.similarity,
        shares: p.shares,
    }
}

/// Merges unit `from` into `into` (the same unit inferred twice) and runs the cross-year rules on every year
/// of the merged unit.
pub async fn merge_units(store: &Store, from: &str, into: &str) -> Result<(), StoreError> {
    store.merge_units(from, into).await?;
    let reports = store.supervised_reports().await?;
    for r in reports.iter().filter(|r| r.unit_id == into) {
        recheck(store, into, r.year).await?;
    }
    ensure_pairs(store, &reports).await
}
