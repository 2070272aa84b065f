//! Ingest: every file under the given paths (any depth) is hashed; a file seen before changes nothing; the
//! others are read in parallel through `gongkai_read`, identified (agency, year, format), stored with every cell
//! and diagnostic, and paired with the unit's neighbouring years. A file that cannot be read or identified is
//! stored as a failure with its reason — never dropped silently.

use crate::units;
use gongkai_model::Report;
use gongkai_store::supervision::{NewVersion, Reading};
use gongkai_store::{Store, StoreError};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What an ingest did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files found.
    pub files: usize,
    /// Files already ingested (same bytes): nothing changed.
    pub known: usize,
    /// New reports stored.
    pub new_reports: usize,
    /// New versions of reports already stored (a re-publication).
    pub new_versions: usize,
    /// Files that could not be read or identified: (path, reason).
    pub failed: Vec<(String, String)>,
}

/// Every regular file under `paths` (directories walked to any depth, hidden entries skipped), sorted.
pub fn files(paths: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') && n.len() > 1 && n != "..");
        if p.is_dir() {
            if hidden {
                return;
            }
            if let Ok(entries) = std::fs::read_dir(p) {
                for e in entries.flatten() {
                    walk(&e.path(), out);
                }
            }
        } else if p.is_file() && !hidden {
            out.push(p.to_path_buf());
        }
    }
    let mut out = Vec::new();
    for p in paths {
        walk(p, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// The hex SHA-256 of bytes.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// One file: its path, bytes (or why they could not be read) and hash.
struct File {
    path: PathBuf,
    hash: String,
    bytes: Result<Vec<u8>, String>,
}

fn load(path: &Path) -> File {
    match std::fs::read(path) {
        Ok(bytes) => File {
            path: path.to_path_buf(),
            hash: hash(&bytes),
            bytes: Ok(bytes),
        },
        Err(e) => File {
            path: path.to_path_buf(),
            hash: hash(path.display().to_string().as_bytes()),
            bytes: Err(format!("无法读取文件：{e}")),
        },
    }
}

fn parse(f: &File) -> Result<Report, String> {
    let bytes = f.bytes.as_ref().map_err(Clone::clone)?;
    let name = f
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("report");
    gongkai_read::read_bytes(name, bytes).map_err(|e| e.to_string())
}

/// A file read: the report, its diagnostics and its exchange JSON.
struct Parsed {
    report: Report,
    diags: Vec<gongkai_store::supervision::DiagnosticRecord>,
    data: serde_json::Value,
}

/// Files per batch: read in parallel, stored in one transaction.
const BATCH: usize = 128;

/// Ingests the files under `paths`; `progress` is called with (files done, files in all).
pub async fn ingest(
    store: &Store,
    paths: &[PathBuf],
    by: &str,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, StoreError> {
    let all = files(paths);
    let mut summary = Summary {
        files: all.len(),
        ..Default::default()
    };
    let mut touched: BTreeSet<(String, i32)> = BTreeSet::new();
    let mut known = units::Known::load(store).await?;
    let mut done = 0;
    for chunk in all.chunks(BATCH) {
        // Hash first: a file ingested before is not parsed again.
        let loaded: Vec<File> = chunk.par_iter().map(|p| load(p)).collect();
        let hashes: Vec<String> = loaded.iter().map(|f| f.hash.clone()).collect();
        let seen_before = store.known_documents(&hashes).await?;
        let mut in_batch = std::collections::HashSet::new();
        let fresh: Vec<File> = loaded
            .into_iter()
            .filter(|f| !seen_before.contains(&f.hash) && in_batch.insert(f.hash.clone()))
            .collect();
        summary.known += chunk.len() - fresh.len();
        // Parse, check and serialise in parallel; only the database writes are sequential.
        let reports: Vec<Result<Parsed, String>> = fresh
            .par_iter()
            .map(|f| {
                parse(f).map(|r| {
                    let diags = crate::records(&gongkai_check::check(&r, None));
                    let data = gongkai_model::exchange::to_json(&r, true);
                    Parsed {
                        report: r,
                        diags,
                        data,
                    }
                })
            })
            .collect();
        let at = chrono::Utc::now().to_rfc3339();
        let mut items = Vec::new();
        for (f, report) in fresh.iter().zip(reports) {
            let path = f.path.display().to_string();
            let size = f.bytes.as_ref().map_or(0, |b| b.len() as i64);
            let identified = report.and_then(|r| match (r.report.agency.clone(), r.report.year) {
                (Some(a), Some(y)) => Ok((r, a, y)),
                (None, None) => Err("无法识别机关名称和报告年度".to_string()),
                (None, _) => Err("无法识别机关名称".to_string()),
                _ => Err("无法识别报告年度".to_string()),
            });
            match identified {
                Err(e) => {
                    store.record_failure(&f.hash, &path, size, &e, &at).await?;
                    summary.failed.push((path, e));
                }
                Ok((parsed, agency, year)) => {
                    let (unit, changed) = known.find_or_infer(&agency);
                    items.push((unit, changed, year, path, size, f.hash.clone(), parsed));
                }
            }
        }
        let readings: Vec<Reading> = items
            .iter()
            .map(|(unit, changed, year, path, size, hash, parsed)| Reading {
                unit,
                unit_changed: changed.clone(),
                year: *year,
                path,
                bytes: *size,
                version: NewVersion {
                    kind: "reading",
                    document_hash: Some(hash),
                    data: &parsed.data,
                    report: Some(&parsed.report),
                    diagnostics: &parsed.diags,
                    by,
                    at: &at,
                    reason: "",
                },
            })
            .collect();
        for ((_, version), item) in store.save_readings(&readings).await?.iter().zip(&items) {
            if *version == 1 {
                summary.new_reports += 1;
            } else {
                summary.new_versions += 1;
            }
            touched.insert((item.0.id.clone(), item.2));
        }
        done += chunk.len();
        progress(done, all.len());
    }
    // Pair each stored report with last year's, and next year's with it: where the neighbouring year is
    // stored, the cross-year rules run again.
    let stored: BTreeSet<(String, i32)> = store
        .supervised_reports()
        .await?
        .into_iter()
        .map(|r| (r.unit_id, r.year))
        .collect();
    let mut recheck: BTreeSet<(String, i32)> = BTreeSet::new();
    for (u, y) in touched {
        if stored.contains(&(u.clone(), y - 1)) {
            recheck.insert((u.clone(), y));
        }
        if stored.contains(&(u.clone(), y + 1)) {
            recheck.insert((u, y + 1));
        }
    }
    for (u, y) in recheck {
        crate::recheck(store, &u, y).await?;
    }
    Ok(summary)
}
