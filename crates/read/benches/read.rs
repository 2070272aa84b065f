//! Reading speed: each HTML report of the corpus and the seed text, one core.
//! Run with `cargo bench -p gongkai-read`; divan prints time per report (reports/s = 1 / time).

use std::path::PathBuf;

fn main() {
    divan::main();
}

fn corpus(file: &str) -> Vec<u8> {
    let dir = std::env::var_os("GONGKAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        });
    std::fs::read(dir.join(file)).expect("corpus file")
}

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

#[divan::bench(args = ["2019_pingtan-syq.html", "2019_shanghai-szfbgt.html", "2023_shuyang-fgj.html", "xinzheng-zwfw-2020.txt", "2021_pingtan-syq.txt"])]
fn read_report(bencher: divan::Bencher, file: &str) {
    let bytes = corpus(file);
    bencher
        .counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| gongkai_read::read_bytes(file, &bytes).expect("reads"));
}

/// The three HTML reports in turn: the mean time per HTML report.
#[divan::bench]
fn read_html_corpus(bencher: divan::Bencher) {
    let files: Vec<(String, Vec<u8>)> = [
        "2019_pingtan-syq.html",
        "2019_shanghai-szfbgt.html",
        "2023_shuyang-fgj.html",
    ]
    .iter()
    .map(|f| (f.to_string(), corpus(f)))
    .collect();
    bencher
        .counter(divan::counter::ItemsCount::new(files.len()))
        .bench(|| {
            for (name, bytes) in &files {
                divan::black_box(gongkai_read::read_bytes(name, bytes).expect("reads"));
            }
        });
}

/// Stage 1 alone (HTML parse and grid expansion) for the largest page.
#[divan::bench]
fn html_stage1_pingtan(bencher: divan::Bencher) {
    let text = String::from_utf8(corpus("2019_pingtan-syq.html")).expect("utf-8");
    bencher.bench(|| gongkai_read::html::to_linear(&text).expect("html"));
}

/// Stage 2 alone (recognition) for the largest page.
#[divan::bench]
fn html_stage2_pingtan(bencher: divan::Bencher) {
    let text = String::from_utf8(corpus("2019_pingtan-syq.html")).expect("utf-8");
    let lin = gongkai_read::html::to_linear(&text).expect("html");
    bencher.bench(|| gongkai_read::recognize::recognize(&lin).expect("reads"));
}

/// A DOCX report (the example report saved by LibreOffice Writer): unzip, XML, grid, recognition.
#[divan::bench]
fn read_docx_example(bencher: divan::Bencher) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/example-report-2025.docx");
    let bytes = std::fs::read(path).expect("example DOCX");
    bencher
        .counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| gongkai_read::read_bytes("example.docx", &bytes).expect("reads"));
}
