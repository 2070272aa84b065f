//! Ledger benchmarks (SQLite file, one core):
//! - the year-end 表三/表四 counts over 1,000,000 applications (target < 1 s);
//! - importing a 100,000-row XLSX 台账 into an empty ledger.
//!
//! Run with `cargo bench -p gongkai-store`. Setting up the million-case database takes about a minute.

use gongkai_store::Store;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

struct Fixture {
    _dir: tempfile::TempDir,
    db: String,
    xlsx: std::path::PathBuf,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("million.db").to_string_lossy().into_owned();
        let rt = runtime();
        rt.block_on(async {
            let store = Store::open(&db).await.expect("open");
            for part in 0..10u64 {
                let (mut apps, _) = gongkai_ledger::sample::generate(100_000, part);
                for a in &mut apps {
                    a.id = format!("{part}-{}", a.id);
                }
                store
                    .add_applications(&apps, gongkai_testkit::today())
                    .await
                    .expect("insert");
            }
        });
        let (apps, _) = gongkai_ledger::sample::generate(100_000, 99);
        let (rows, _) = gongkai_ledger::table::render(&apps);
        let xlsx = dir.path().join("ledger-100k.xlsx");
        gongkai_store::sheet::write_xlsx(&xlsx, "台账", &rows).expect("xlsx");
        Fixture {
            _dir: dir,
            db,
            xlsx,
        }
    })
}

/// 表三 and 表四 counts and the report for 2025 over one million applications.
#[divan::bench(sample_count = 10)]
fn report_over_a_million_cases(bencher: divan::Bencher) {
    let f = fixture();
    let rt = runtime();
    let store = rt.block_on(Store::open(&f.db)).expect("open");
    bencher.bench_local(|| {
        rt.block_on(async {
            let t3 = store.table3_counts(2025).await.expect("counts");
            let reviews = store.reviews().await.expect("reviews");
            let t4 = gongkai_ledger::report::table4_counts(reviews.iter(), 2025);
            gongkai_ledger::report::build_report("示例局", 2025, &t3, t4, None)
        })
    });
}

/// Importing a 100,000-row XLSX into an empty SQLite ledger (read, validate, insert in one transaction).
#[divan::bench(sample_count = 3)]
fn import_100k_row_xlsx(bencher: divan::Bencher) {
    let f = fixture();
    let rt = runtime();
    bencher
        .with_inputs(|| tempfile::tempdir().expect("tempdir"))
        .bench_local_values(|dir| {
            rt.block_on(async {
                let store = Store::open(&dir.path().join("i.db").to_string_lossy())
                    .await
                    .expect("open");
                let n = store
                    .import_file(&f.xlsx, gongkai_testkit::today())
                    .await
                    .expect("import");
                assert_eq!(n, 100_000);
            });
            dir
        });
}
