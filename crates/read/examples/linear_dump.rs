//! Prints the pieces of a document's linear form (stage 1), one per line with its source — to see what the
//! reader made of a file.
//!
//! cargo run -p gongkai-read --example linear_dump -- FILE

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let bytes = std::fs::read(&path).expect("read");
    match gongkai_read::linear(&bytes) {
        Ok(lin) => {
            for p in &lin.pieces {
                println!("{:?}\t{}", p.source, &lin.text[p.range.clone()]);
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
