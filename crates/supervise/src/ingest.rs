//! Ingest: every file under the given paths (any depth) is hashed; a file seen before changes nothing; the
//! others are read in parallel through `gongkai_read`, identified (agency, year, format), stored with every cell
//! and diagnostic, and paired with the unit's neighbouring years. A file that cannot be read or identified is
//! stored as a failure with its reason — never dropped silently.

use crate::fetch::Fetcher;
use crate::units;
use gongkai_ledger::today::Today;
use gongkai_model::Report;
use gongkai_store::supervision::{NewVersion, Reading};
use gongkai_store::{Store, StoreError};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

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

/// Where a report comes from: a file, or a published page or attachment fetched over HTTP(S).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    Path(PathBuf),
    /// A URL (a page, or a page linking to its report as attachments).
    Url(String),
    /// A document given as bytes (an upload), with its file name.
    Bytes(String, Vec<u8>),
}

/// One document: where it came from, its hash, and the bytes to read (or why there are none).
struct File {
    source: String,
    hash: String,
    size: i64,
    bytes: Result<Vec<u8>, String>,
}

fn load_path(path: &Path) -> File {
    let source = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => File {
            source,
            hash: hash(&bytes),
            size: bytes.len() as i64,
            bytes: Ok(bytes),
        },
        Err(e) => File {
            hash: hash(source.as_bytes()),
            source,
            size: 0,
            bytes: Err(format!("无法读取文件：{e}")),
        },
    }
}

/// The documents behind a URL; a failed fetch gets a hash of its own (URL and time), so that a later ingest
/// tries again.
fn load_url(url: &str, fetcher: &Fetcher, today: Today) -> Vec<File> {
    fetcher
        .fetch(url)
        .into_iter()
        .map(|r| match r {
            Ok(f) => File {
                source: f.source,
                hash: hash(&f.raw),
                size: f.raw.len() as i64,
                bytes: Ok(f.bytes),
            },
            Err((source, why)) => File {
                hash: hash(format!("{source}\n{}", today.now().to_rfc3339()).as_bytes()),
                source,
                size: 0,
                bytes: Err(why),
            },
        })
        .collect()
}

/// Loads a batch: files in parallel, URLs one at a time (the fetcher keeps a polite rate).
fn load(batch: &[Source], fetcher: &Fetcher, today: Today) -> Vec<File> {
    let files: Vec<File> = batch
        .par_iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(load_path(p)),
            Source::Bytes(name, bytes) => Some(File {
                source: name.clone(),
                hash: hash(bytes),
                size: bytes.len() as i64,
                bytes: Ok(bytes.clone()),
            }),
            Source::Url(_) => None,
        })
        .collect();
    let mut out = files;
    for s in batch {
        if let Source::Url(u) = s {
            out.extend(load_url(u, fetcher, today));
        }
    }
    out
}

/// A document read: the report, its diagnostics and its exchange JSON.
struct Parsed {
    report: Report,
    diags: Vec<gongkai_store::supervision::DiagnosticRecord>,
    data: serde_json::Value,
    brief: String,
}

/// Reads, checks and serialises a document, identified by agency and year.
fn parse(f: &File) -> Result<(Parsed, String, i32), String> {
    let bytes = f.bytes.as_ref().map_err(Clone::clone)?;
    let name = f.source.rsplit(['/', '\\']).next().unwrap_or("report");
    let report = gongkai_read::read_bytes(name, bytes).map_err(|e| e.to_string())?;
    let (agency, year) = match (report.agency.clone(), report.year) {
        (Some(a), Some(y)) => (a, y),
        (None, None) => return Err("无法识别机关名称和报告年度".to_string()),
        (None, _) => return Err("无法识别机关名称".to_string()),
        _ => return Err("无法识别报告年度".to_string()),
    };
    let diags = crate::records(&gongkai_check::check(&report, None));
    let data = gongkai_model::exchange::to_json(&report, true);
    let brief = crate::assess::brief::Brief::of(&report).to_json();
    Ok((
        Parsed {
            report,
            diags,
            data,
            brief,
        },
        agency,
        year,
    ))
}

/// Documents per batch: loaded and read in parallel, stored in one transaction. The next batch is read while
/// the previous one is being stored.
const BATCH: usize = 128;

/// A batch read, waiting to be stored.
type ReadBatch = Vec<(File, Result<(Parsed, String, i32), String>)>;

/// Ingests the files under `paths` by `by` at `today`'s moment; `progress` is called with (files done, files in
/// all).
pub async fn ingest(
    store: &Store,
    paths: &[PathBuf],
    by: &str,
    today: Today,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, StoreError> {
    let sources: Vec<Source> = files(paths).into_iter().map(Source::Path).collect();
    let fetcher = Arc::new(Fetcher::new(Duration::ZERO, Duration::from_secs(1)));
    ingest_sources(store, sources, fetcher, by, today, progress).await
}

/// Ingests files and URLs (fetched with `fetcher`) by `by`, recorded at `today`'s moment; `progress` is called
/// with (sources done, sources in all).
pub async fn ingest_sources(
    store: &Store,
    sources: Vec<Source>,
    fetcher: Arc<Fetcher>,
    by: &str,
    today: Today,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Summary, StoreError> {
    let mut summary = Summary::default();
    let mut touched: BTreeSet<(String, i32)> = BTreeSet::new();
    let mut known = units::Known::load(store).await?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut pending: Option<(tokio::task::JoinHandle<ReadBatch>, usize)> = None;
    let mut done = 0;
    let all = sources.len();
    let mut batches = sources.chunks(BATCH);
    loop {
        let next = match batches.next() {
            Some(batch) => {
                let n = batch.len();
                let (batch, f) = (batch.to_vec(), fetcher.clone());
                let loaded =
                    join(tokio::task::spawn_blocking(move || load(&batch, &f, today))).await;
                let hashes: Vec<String> = loaded.iter().map(|f| f.hash.clone()).collect();
                let seen_before = store.known_documents(&hashes).await?;
                summary.files += loaded.len();
                // A document stored before, or met earlier in this ingest, is not read again.
                let fresh: Vec<File> = loaded
                    .into_iter()
                    .filter(|f| !seen_before.contains(&f.hash) && seen.insert(f.hash.clone()))
                    .collect();
                summary.known += hashes.len() - fresh.len();
                Some((
                    tokio::task::spawn_blocking(move || {
                        fresh
                            .into_par_iter()
                            .map(|f| {
                                let p = parse(&f);
                                (f, p)
                            })
                            .collect()
                    }),
                    n,
                ))
            }
            None => None,
        };
        let last = next.is_none();
        if let Some((read, n)) = std::mem::replace(&mut pending, next) {
            let read = join(read).await;
            store_batch(
                store,
                read,
                &mut known,
                by,
                today,
                &mut summary,
                &mut touched,
            )
            .await?;
            done += n;
            progress(done, all);
        }
        if last {
            break;
        }
    }
    // Pair each stored report with last year's, and next year's with it: where the neighbouring year is
    // stored, the cross-year rules run again.
    let reports = store.supervised_reports().await?;
    let stored: BTreeSet<(String, i32)> = reports
        .iter()
        .map(|r| (r.unit_id.clone(), r.year))
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
    // The cross-year rules change diagnostics only: the reports listed above are still the current ones.
    crate::ensure_pairs(store, &reports).await?;
    Ok(summary)
}

/// The result of a blocking task; its panic, if any, goes on.
async fn join<T>(task: tokio::task::JoinHandle<T>) -> T {
    task.await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()))
}

/// Stores a batch read: failures with their reason, readings under their unit (found or inferred).
async fn store_batch(
    store: &Store,
    read: ReadBatch,
    known: &mut units::Known,
    by: &str,
    today: Today,
    summary: &mut Summary,
    touched: &mut BTreeSet<(String, i32)>,
) -> Result<(), StoreError> {
    let at = today.now().to_rfc3339();
    let mut items = Vec::new();
    for (f, parsed) in read {
        match parsed {
            Err(e) => {
                store
                    .record_failure(&f.hash, &f.source, f.size, &e, &at)
                    .await?;
                summary.failed.push((f.source, e));
            }
            Ok((parsed, agency, year)) => {
                let (unit, changed) = known.find_or_infer(&agency);
                items.push((unit, changed, year, f, parsed));
            }
        }
    }
    let readings: Vec<Reading> = items
        .iter()
        .map(|(unit, changed, year, f, parsed)| Reading {
            unit,
            unit_changed: changed.clone(),
            year: *year,
            path: &f.source,
            bytes: f.size,
            content: f.bytes.as_deref().ok(),
            version: NewVersion {
                kind: "reading",
                document_hash: Some(&f.hash),
                data: &parsed.data,
                report: Some(&parsed.report),
                diagnostics: &parsed.diags,
                brief: &parsed.brief,
                by,
                at: &at,
                reason: "",
            },
        })
        .collect();
    for (saved, item) in store.save_readings(&readings).await?.iter().zip(&items) {
        let Some((_, version)) = saved else {
            summary.known += 1;
            continue;
        };
        if *version == 1 {
            summary.new_reports += 1;
        } else {
            summary.new_versions += 1;
        }
        touched.insert((item.0.id.clone(), item.2));
    }
    Ok(())
}
