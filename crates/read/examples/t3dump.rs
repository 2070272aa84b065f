fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let r = gongkai_read::read_bytes(&path, &bytes).unwrap();
    for row in &r.table3.rows {
        let v: Vec<String> = row
            .cells
            .iter()
            .map(|c| format!("{}@{:?}", c.printed, c.source.bbox.map(|b| b[0])))
            .collect();
        println!("{}: {}", row.key, v.join(" | "));
    }
    for n in &r.notes {
        println!("NOTE {} {}", n.code, n.message);
    }
}
