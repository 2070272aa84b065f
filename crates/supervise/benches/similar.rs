//! 雷同 detection over 10,000 generated reports (300 copied pairs among them).

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 3)]
fn ten_thousand_reports(bencher: divan::Bencher) {
    let (docs, _) = gongkai_supervise::generated::corpus(10_000, 300, 5);
    bencher.bench(|| gongkai_supervise::similar::similar_pairs(&docs, 0.05).len());
}
