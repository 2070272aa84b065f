//! Prints the pieces of a PDF's linear document (a debugging aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: pieces FILE.pdf");
    let lin = gongkai_read::pdf::to_linear(&std::fs::read(path).expect("readable file"))
        .expect("readable PDF");
    for p in &lin.pieces {
        println!("{:?}\t{}", p.source, &lin.raw[p.raw.clone()]);
    }
}
