//! Tables pasted as pictures, read through the binary as a user would: the seed report written as a web page
//! by gongkai with its 表三 replaced by a picture of 表三 (printed by gongkai as PDF, drawn at 200 dpi by
//! poppler, embedded as a `data:` address), and the same page made a Word document by LibreOffice (the picture
//! inside the DOCX). Each reads all three tables exactly as the seed's truth.

mod serve_kit;

use base64::Engine;
use gongkai_write::Target;
use gongkai_write::doc::{Doc, DocBlock, write_doc};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The seed report as a web page whose 表三 is a picture.
fn page_with_pictured_table3(dir: &Path) -> std::path::PathBuf {
    let seed = gongkai_testkit::seed_report();
    let grid = gongkai_write::grid::table3(&seed, seed.format.unwrap()).unwrap();
    let pdf = write_doc(
        &Doc {
            title: String::new(),
            blocks: vec![DocBlock::Table(grid)],
        },
        Target::Pdf,
    )
    .unwrap();
    std::fs::write(dir.join("t3.pdf"), pdf).unwrap();
    let drawn = Command::new("pdftoppm")
        .args(["-r", "200", "-gray", "-png"])
        .arg(dir.join("t3.pdf"))
        .arg(dir.join("t3"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(drawn.success());
    let mut pictures: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pictures.sort();
    let imgs: String = pictures
        .iter()
        .map(|p| {
            let b64 = base64::engine::general_purpose::STANDARD.encode(std::fs::read(p).unwrap());
            format!("<p><img alt=\"表三\" src=\"data:image/png;base64,{b64}\"></p>")
        })
        .collect();
    let html = String::from_utf8(gongkai_write::write(&seed, Target::Html, &[]).unwrap()).unwrap();
    // 表三 is the second of the three tables gongkai writes.
    let starts: Vec<usize> = html.match_indices("<table").map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 3);
    let end = starts[1] + html[starts[1]..].find("</table>").unwrap() + "</table>".len();
    let page = format!("{}{imgs}{}", &html[..starts[1]], &html[end..]);
    let path = dir.join("seed-picture.html");
    std::fs::write(&path, page).unwrap();
    path
}

/// Reads a file through the binary and checks that its three tables equal the seed's truth, cell by cell.
fn reads_exactly(path: &Path) {
    let stdout = serve_kit::gongkai(&["read", "--json", path.to_str().unwrap()]);
    let read: Value = serde_json::from_str(&stdout).unwrap();
    let truth = gongkai_testkit::seed_truth();
    for table in ["table2", "table3", "table4"] {
        for (row, want) in truth[table].as_object().unwrap() {
            assert_eq!(read[table][row], *want, "{}: {table} {row}", path.display());
        }
    }
    // The reader says the text was recognised.
    assert!(stdout.contains("READ-OCR"), "no OCR note");
}

#[test]
#[ignore = "needs tesseract-ocr, tesseract-ocr-chi-sim, poppler-utils and LibreOffice (bash .ci/run installs them)"]
fn a_table_pasted_as_a_picture_into_a_web_page_and_a_word_document_reads_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let html = page_with_pictured_table3(dir.path());
    reads_exactly(&html);
    let out = dir.path().join("docx");
    std::fs::create_dir(&out).unwrap();
    let docx = gongkai_testkit::soffice(&[html], "docx:MS Word 2007 XML", &out);
    let bytes = std::fs::read(&docx[0]).unwrap();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(
        zip.file_names()
            .any(|n| n.is_ok_and(|n| n.starts_with("word/media/"))),
        "LibreOffice kept the picture in the DOCX"
    );
    reads_exactly(&docx[0]);
}
