//! Search benchmark: a 100,000-entry generated catalogue indexed (entries per second), then 3,000 queries of
//! three kinds — two-character words, document numbers like 〔2025〕3号, whole titles — each checked to find its
//! entry, with p50 and p99 latency per kind.
//!
//! cargo run --release -p gongkai-search --example search_bench -- [N]

use gongkai_search::{SearchIndex, generated};
use std::time::Instant;

/// The agency whose catalogue is searched.
const A: &str = "home";

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |a| a.parse().unwrap());
    let entries = generated::catalogue(n, 42);
    let dir = tempfile::tempdir().unwrap();
    let (index, _) = SearchIndex::open(dir.path()).unwrap();
    let start = Instant::now();
    index.rebuild(entries.iter().map(|e| (A, e))).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "| indexing | {n} entries | {secs:.1} s | {:.0} entries/s |",
        n as f64 / secs
    );
    let mut rng = generated::Rng::new(9);
    let words = [
        "规划", "预算", "教育", "医疗", "环境", "安全", "公路", "养老", "文物", "水利",
    ];
    for kind in ["two-character word", "document number", "title"] {
        let mut times = Vec::new();
        for _ in 0..1000 {
            let i = rng.below(n);
            let e = &entries[i];
            let q = match kind {
                "two-character word" => words[rng.below(words.len())].to_string(),
                "document number" => {
                    let d = e.doc_no.as_deref().unwrap();
                    format!("〔{}", d.split_once('〔').unwrap().1)
                }
                _ => e.title.clone(),
            };
            let t = Instant::now();
            let (hits, count) = index.search(A, &q, None, 0, 20).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            match kind {
                "two-character word" => assert!(count > 0, "{q}"),
                "document number" => assert_eq!(hits[0].index_no, e.index_no, "{q}"),
                _ => assert!(count > 0, "{q}"),
            }
        }
        let (p50, p99) = (percentile(&mut times, 0.5), percentile(&mut times, 0.99));
        println!("| {kind} | 1000 queries | p50 {p50:.2} ms | p99 {p99:.2} ms |");
    }
}
