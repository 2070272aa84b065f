//! Query latency on a 100,000-entry generated catalogue (divan): a two-character word, a document number, a
//! whole title. `cargo bench -p gongkai-search`; the p99 and the indexing rate come from
//! `cargo run --release -p gongkai-search --example search_bench`.

use gongkai_search::{SearchIndex, generated};
use std::sync::LazyLock;

/// The agency whose catalogue is searched.
const A: &str = "home";

static INDEX: LazyLock<(SearchIndex, Vec<gongkai_catalogue::Entry>)> = LazyLock::new(|| {
    let entries = generated::catalogue(100_000, 42);
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(entries.iter().map(|e| (A, e))).unwrap();
    (index, entries)
});

fn main() {
    divan::main();
}

#[divan::bench]
fn two_character_word() -> usize {
    INDEX
        .0
        .search(A, divan::black_box("规划"), None, 0, 20)
        .unwrap()
        .1
}

#[divan::bench]
fn document_number() -> usize {
    INDEX
        .0
        .search(A, divan::black_box("〔2025〕3号"), None, 0, 20)
        .unwrap()
        .1
}

#[divan::bench]
fn title() -> usize {
    let t = INDEX.1[777].title.clone();
    INDEX
        .0
        .search(A, divan::black_box(&t), None, 0, 20)
        .unwrap()
        .1
}
