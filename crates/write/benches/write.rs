//! Documents written per second, per format, on one core: a random complete 2021-format report with long
//! narratives (the same generator as the round-trip tests). Run with `cargo bench -p gongkai-write`.

use gongkai_write::{Target, testgen, write};
use rand::SeedableRng;

fn main() {
    divan::main();
}

fn report() -> gongkai_model::Report {
    testgen::random_report(&mut rand::rngs::StdRng::seed_from_u64(7))
}

#[divan::bench(args = [Target::Html, Target::Docx, Target::Pdf, Target::Xlsx, Target::Md, Target::Json])]
fn write_report(bencher: divan::Bencher, target: Target) {
    let r = report();
    bencher
        .counter(divan::counter::ItemsCount::new(1usize))
        .bench(|| write(&r, target, &[]).expect("writes"));
}
