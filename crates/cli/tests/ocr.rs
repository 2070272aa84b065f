//! A page picture read through the binary, as a user would: the founding report written as PDF by gongkai, its
//! 表二 page printed to a 200 dpi PNG by poppler, then `gongkai read --json` on the picture. Every cell read as
//! a number equals the document's; the others are uncertain, never another number. Without the engine, the
//! error says what to install.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn gongkai(args: &[&str], path: Option<&str>) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.args(args);
    if let Some(p) = path {
        c.env("PATH", p);
    }
    c.output().unwrap()
}

/// The seed report's 表二 page as a PNG in `dir`.
fn table2_page(dir: &Path) -> std::path::PathBuf {
    let seed = gongkai_testkit::corpus().join("xinzheng-zwfw-2020.txt");
    let pdf = dir.join("seed.pdf");
    let out = gongkai(
        &[
            "write",
            "--force",
            "-o",
            pdf.to_str().unwrap(),
            seed.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{out:?}");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "200",
            "-gray",
            "-png",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
        ])
        .arg(&pdf)
        .arg(dir.join("page"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(status.success());
    dir.join("page.png")
}

#[test]
#[ignore = "needs tesseract-ocr, tesseract-ocr-chi-sim and poppler-utils (bash .ci/run installs them)"]
fn a_page_picture_reads_its_table_and_never_a_wrong_number() {
    let dir = tempfile::tempdir().unwrap();
    let png = table2_page(dir.path());
    let out = gongkai(&["read", "--json", png.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Value = serde_json::from_slice(&out.stdout).unwrap();
    let truth = gongkai_testkit::seed_truth();
    let (mut exact, mut uncertain) = (0, 0);
    for (row, cols) in truth["table2"].as_object().unwrap() {
        for (col, want) in cols.as_object().unwrap() {
            let got = &read["table2"][row][col];
            if got.is_number() {
                assert_eq!(
                    got.as_f64(),
                    want.as_f64(),
                    "表二 {row}/{col}: read {got}, printed {want}"
                );
                exact += 1;
            } else {
                assert!(
                    got.get("unreadable").is_some() || got.get("candidates").is_some(),
                    "表二 {row}/{col}: {got}"
                );
                uncertain += 1;
            }
        }
    }
    assert_eq!(exact + uncertain, 22);
    // Most cells are read; the rest say so (a lone “1” is often below the confidence taken).
    assert!(exact >= 16, "{exact} exact, {uncertain} uncertain");
    // The provenance of a cell is its box on the picture's page.
    let notes = String::from_utf8_lossy(&out.stdout);
    assert!(
        notes.contains("\"page\": 1") || notes.contains("\"page\":1"),
        "{notes}"
    );
}

#[test]
#[ignore = "needs poppler-utils (bash .ci/run installs it)"]
fn without_the_engine_the_error_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let png = table2_page(dir.path());
    let empty = tempfile::tempdir().unwrap();
    let out = gongkai(
        &["read", png.to_str().unwrap()],
        Some(empty.path().to_str().unwrap()),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("请安装 tesseract-ocr 和 tesseract-ocr-chi-sim"),
        "{err}"
    );
}
