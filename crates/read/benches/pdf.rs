//! PDF reading speed on one core: the corpus PDF (5 pages, WPS) and a DOCX made from the example report.
//! Run with `cargo bench -p gongkai-read --bench pdf`.

use std::path::PathBuf;

fn main() {
    divan::main();
}

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

/// 2023_hongze-qu.pdf: parse, lines, recognition.
#[divan::bench]
fn read_corpus_pdf(bencher: divan::Bencher) {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/2023_hongze-qu.pdf");
    let bytes = std::fs::read(path).expect("corpus PDF");
    bencher
        .counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| gongkai_read::read_bytes("hongze.pdf", &bytes).expect("reads"));
}
