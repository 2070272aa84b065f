//! Ingest benchmark: N generated reports (random values, so every identity and cross-year rule fires
//! somewhere; HTML, Markdown, DOCX and XLSX) plus the corpus, into SQLite — and into PostgreSQL when
//! GONGKAI_BENCH_PG_URL is set. Prints reports per second and the peak resident memory of the ingesting
//! process, then ingests again and checks that nothing new is stored.
//!
//! cargo run --release -p gongkai-supervise --example ingest_bench -- [N]
//!
//! The files are generated once (by a child process, so that the memory measured is the ingest's) into
//! target/ingest-bench-N.

use gongkai_store::Store;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn generate(dir: &Path, n: usize) {
    use gongkai_write::Target;
    use rand::SeedableRng;
    std::fs::create_dir_all(dir).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    for i in 0..n {
        let r = gongkai_write::testgen::random_report(&mut rng);
        let target = match i % 10 {
            0 => Target::Docx,
            1 => Target::Xlsx,
            2 | 3 => Target::Md,
            _ => Target::Html,
        };
        let bytes = gongkai_write::write(&r, target, &[]).unwrap();
        let sub = dir.join(format!("{:03}", i / 500));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("r{i:05}.{}", target.ext())), bytes).unwrap();
    }
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for f in gongkai_testkit::corpus_reports(&["txt", "html", "md", "pdf"]) {
        let from = gongkai_testkit::corpus().join(&f);
        std::fs::copy(&from, corpus.join(&f)).unwrap();
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

async fn run(store: &Store, dir: &Path, label: &str) {
    let quiet = |_: usize, _: usize| {};
    let start = Instant::now();
    let s = gongkai_supervise::ingest::ingest(
        store,
        &[dir.to_path_buf()],
        "bench",
        gongkai_ledger::today::Today::System,
        &quiet,
    )
    .await
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "| {label} | {} files | {} reports, {} versions, {} unreadable | {:.1} s | {:.0} reports/s | peak RSS {:.0} MB |",
        s.files,
        s.new_reports,
        s.new_versions,
        s.failed.len(),
        secs,
        s.files as f64 / secs,
        peak_rss_mb()
    );
    let start = Instant::now();
    let again = gongkai_supervise::ingest::ingest(
        store,
        &[dir.to_path_buf()],
        "bench",
        gongkai_ledger::today::Today::System,
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!(
        (
            again.new_reports,
            again.new_versions,
            again.failed.len(),
            again.known
        ),
        (0, 0, 0, s.files),
        "the same ingest twice stores nothing new"
    );
    println!(
        "| {label}, again | {} files | nothing new | {:.1} s | | |",
        again.files,
        start.elapsed().as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    if first.as_deref() == Some("generate") {
        let n: usize = args.next().unwrap().parse().unwrap();
        generate(Path::new(&args.next().unwrap()), n);
        return;
    }
    let n: usize = first.map_or(10_000, |a| a.parse().unwrap());
    let dir: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/ingest-bench-{n}"));
    if !dir.exists() {
        let ok = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["generate", &n.to_string(), dir.to_str().unwrap()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "generating the reports failed");
    }
    let db = dir.with_extension("db");
    let _ = std::fs::remove_file(&db);
    let store = Store::open(db.to_str().unwrap()).await.unwrap();
    run(&store, &dir, "SQLite").await;
    if let Ok(url) = std::env::var("GONGKAI_BENCH_PG_URL") {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        for sql in [
            "DROP SCHEMA IF EXISTS public CASCADE",
            "CREATE SCHEMA public",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        let store = Store::open(&url).await.unwrap();
        run(&store, &dir, "PostgreSQL").await;
    }
}
