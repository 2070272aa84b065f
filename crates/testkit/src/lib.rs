//! Helpers shared by gongkai's tests (a dev-dependency only): where the corpus, the truth files and the
//! example are, LibreOffice conversion, and the number of property-test cases.

#![warn(missing_docs)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub mod hostile;
pub mod http;

/// The day the tests take for today: `GONGKAI_TEST_TODAY` (YYYY-MM-DD), else 2026-11-20, a Friday inside the
/// calendar's data. Tests never read the system clock, so they pass on every day they run; run them with
/// another day (e.g. `GONGKAI_TEST_TODAY=2027-10-15`, past the data) to try the whole suite there.
pub fn today() -> chrono::NaiveDate {
    match std::env::var("GONGKAI_TEST_TODAY") {
        Ok(s) => chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("GONGKAI_TEST_TODAY={s} is not YYYY-MM-DD")),
        Err(_) => chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date"),
    }
}

/// A made-up notice for 2027 in the State Council's form (not a real document; the real one is not yet
/// published), for tests that add a year's notice. Read by hand: 9月26日（周日） is worked, so a period of 20
/// working days from 2027-08-31 ends on 09-29 provisionally and on 09-28 once the notice is added.
pub const NOTICE_2027_HYPOTHETICAL: &str = include_str!("../data/notice-2027-hypothetical.txt");

/// The real published reports: `GONGKAI_CORPUS`, else `../shared/corpus` beside the repository.
pub fn corpus() -> PathBuf {
    let dir = std::env::var_os("GONGKAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"));
    assert!(
        dir.join("SOURCES.tsv").exists(),
        "corpus not found at {} (set GONGKAI_CORPUS)",
        dir.display()
    );
    dir
}

/// The corpus reports whose names end in one of `extensions` (not the schema's own Markdown), sorted.
pub fn corpus_reports(extensions: &[&str]) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("corpus directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| extensions.iter().any(|x| n.ends_with(x)))
        .filter(|n| n != "TRUTH-SCHEMA.md")
        .collect();
    files.sort();
    files
}

/// A JSON file, parsed.
pub fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The seed's truth file (in the corpus).
pub fn seed_truth() -> Value {
    load_json(&corpus().join("truth/xinzheng-zwfw-2020.json"))
}

/// The seed's truth as a complete report: its tables, with the official title, period, opening paragraph and
/// headings (text empty), ready to be written.
pub fn seed_report() -> gongkai_model::Report {
    let mut r = gongkai_model::exchange::from_json(&seed_truth())
        .expect("the seed's truth is exchange JSON");
    let base = gongkai_model::Report::skeleton(
        r.format.expect("format"),
        r.year.expect("year"),
        r.agency.as_deref().expect("agency"),
    );
    (r.title, r.period, r.preamble, r.sections) =
        (base.title, base.period, base.preamble, base.sections);
    r
}

/// Our truth files for the other corpus documents (`tests/truth/`).
pub fn truth_dir() -> PathBuf {
    root().join("tests/truth")
}

/// The synthetic example report with planted problems.
pub fn example() -> PathBuf {
    root().join("examples/example-report-2025.html")
}

/// The exchange keys that a reading must get right, from `read --json` or `to_json`.
pub fn tables(v: &Value) -> Value {
    serde_json::json!({"agency": v["agency"], "year": v["year"], "format": v["format"],
        "table2": v["table2"], "table3": v["table3"], "table4": v["table4"]})
}

/// The HTML reports of the corpus and the example report: the sources LibreOffice converts in the tests.
pub fn html_sources() -> Vec<PathBuf> {
    [
        "2019_pingtan-syq.html",
        "2019_shanghai-szfbgt.html",
        "2023_shuyang-fgj.html",
    ]
    .iter()
    .map(|f| corpus().join(f))
    .chain([example()])
    .collect()
}

/// Converts files with LibreOffice into `dir` (filter e.g. "docx:MS Word 2007 XML" or "pdf") and returns
/// the outputs, each asserted to exist.
pub fn soffice(files: &[PathBuf], to: &str, dir: &Path) -> Vec<PathBuf> {
    let out = Command::new("soffice")
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(dir)
        .args(files)
        .env("HOME", dir)
        .output()
        .expect("LibreOffice (soffice) must be installed: apt-get install libreoffice-writer (.ci/run does)");
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ext = to.split(':').next().unwrap_or(to);
    files
        .iter()
        .map(|f| {
            let path = dir.join(f.with_extension(ext).file_name().expect("a file name"));
            assert!(path.exists(), "soffice did not write {}", path.display());
            path
        })
        .collect()
}

/// Cases per round-trip property test: `GONGKAI_ROUNDTRIP_CASES`, else 1,000.
pub fn roundtrip_cases() -> u32 {
    std::env::var("GONGKAI_ROUNDTRIP_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
}
