//! Ingest: every file under the given paths (any depth) is hashed; a file seen before changes nothing; the
//! others are read in parallel through `gongkai_read`, identified (agency, year, format), stored with every cell
//! and diagnostic, and paired with the unit's neighbouring years. A file that cannot be read or identified is
//! stored as a failure with its reason — never dropped silently.

use crate::units;
use gongkai_model::Report;
use gongkai_store::supervision::NewVersion;
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

/// One file read: its path, hash, size, and the report or why not.
struct Read {
    path: String,
    hash: String,
    bytes: i64,
    report: Result<Report, String>,
}

fn read_one(path: &Path) -> Read {
    let p = path.display().to_string();
    match std::fs::read(path) {
        Err(e) => Read {
            hash: hash(p.as_bytes()),
            path: p,
            bytes: 0,
            report: Err(format!("无法读取文件：{e}")),
        },
        Ok(bytes) => {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("report");
            let report = gongkai_read::read_bytes(name, &bytes).map_err(|e| e.to_string());
            Read {
                path: p,
                hash: hash(&bytes),
                bytes: bytes.len() as i64,
                report,
            }
        }
    }
}

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
    let mut done = 0;
    // In chunks: read a chunk in parallel, then store it (the database writes one at a time).
    for chunk in all.chunks(64) {
        let reads: Vec<Read> = chunk.par_iter().map(|p| read_one(p)).collect();
        for r in reads {
            done += 1;
            progress(done, all.len());
            if store.document_known(&r.hash).await? {
                summary.known += 1;
                continue;
            }
            let at = chrono::Utc::now().to_rfc3339();
            let report = match r.report {
                Ok(rep) => rep,
                Err(e) => {
                    store
                        .record_failure(&r.hash, &r.path, r.bytes, &e, &at)
                        .await?;
                    summary.failed.push((r.path, e));
                    continue;
                }
            };
            let (Some(agency), Some(year)) = (report.agency.clone(), report.year) else {
                let why = match (report.agency.is_none(), report.year.is_none()) {
                    (true, true) => "无法识别机关名称和报告年度",
                    (true, false) => "无法识别机关名称",
                    _ => "无法识别报告年度",
                };
                store
                    .record_failure(&r.hash, &r.path, r.bytes, why, &at)
                    .await?;
                summary.failed.push((r.path, why.to_string()));
                continue;
            };
            let unit = units::find_or_infer(store, &agency).await?;
            let diags = gongkai_check::check(&report, None);
            let data = gongkai_model::exchange::to_json(&report, true);
            let v = NewVersion {
                kind: "reading",
                document_hash: Some(&r.hash),
                data: &data,
                diagnostics: &crate::records(&diags),
                by,
                at: &at,
                reason: "",
            };
            let (_, version) = store
                .save_reading(&unit.id, year, &r.path, r.bytes, &v)
                .await?;
            if version == 1 {
                summary.new_reports += 1;
            } else {
                summary.new_versions += 1;
            }
            touched.insert((unit.id.clone(), year));
        }
    }
    // Pair each stored report with last year's, and next year's with it.
    let mut recheck: BTreeSet<(String, i32)> = BTreeSet::new();
    for (u, y) in touched {
        recheck.insert((u.clone(), y + 1));
        recheck.insert((u, y));
    }
    for (u, y) in recheck {
        crate::recheck(store, &u, y).await?;
    }
    Ok(summary)
}
