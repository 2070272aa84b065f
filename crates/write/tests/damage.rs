//! The damage harness: never silently wrong. Random valid reports are written (Markdown, HTML, flattened
//! text), damaged the ways real conversions damage them, and read back; every cell must come back exact or be
//! reported uncertain (missing, ambiguous, unreadable). A cell read as a definite value that differs from the
//! report is a failure. The corpus documents get the text damages too, against their own undamaged reading.
//! The fraction of cells still read exactly is printed per damage class (`--nocapture`).

mod damage_classes;

use damage_classes::{
    CLASSES, Damage, damage, docx_with_empty_label_sub_cells, edit_label, report,
};
use gongkai_model::{CellValue, Report, table3_rows};
use gongkai_testkit::{corpus, corpus_reports};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

#[derive(Default, Debug)]
struct Tally {
    docs: usize,
    exact: usize,
    uncertain: usize,
    wrong: Vec<String>,
}

impl Tally {
    /// Every cell of `want` against `got`: exact, uncertain, or (a failure) silently wrong.
    fn compare(&mut self, what: &str, want: &Report, got: &Report) {
        self.docs += 1;
        for (name, w, g) in [
            ("表二", &want.table2, &got.table2),
            ("表三", &want.table3, &got.table3),
            ("表四", &want.table4, &got.table4),
        ] {
            for row in &w.rows {
                let read = g.row(&row.key);
                for (i, c) in row.cells.iter().enumerate() {
                    if is_uncertain(&c.value) {
                        continue;
                    }
                    match read.and_then(|r| r.cells.get(i)).map(|c| &c.value) {
                        None => self.uncertain += 1,
                        Some(v) if is_uncertain(v) => self.uncertain += 1,
                        Some(v) if *v == c.value => self.exact += 1,
                        Some(v) => self.wrong.push(format!(
                            "{what} ({:?}): {name} {} [{i}] read {v:?}, is {:?}",
                            want.format, row.key, c.value
                        )),
                    }
                }
            }
        }
    }

    fn exact_share(&self) -> f64 {
        self.exact as f64 / (self.exact + self.uncertain + self.wrong.len()).max(1) as f64
    }
}

fn is_uncertain(v: &CellValue) -> bool {
    matches!(
        v,
        CellValue::Missing | CellValue::Ambiguous(_) | CellValue::Unreadable(_)
    )
}

fn read(name: &str, bytes: &[u8]) -> Report {
    gongkai_read::read_bytes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Random reports, each class applied to its own share: 12,000 damaged documents in all.
#[test]
fn damaged_random_reports_are_never_silently_wrong() {
    let per_class = 1500;
    let mut report_line = Vec::new();
    let mut failures = Vec::new();
    for (k, class) in CLASSES.into_iter().enumerate() {
        let mut rng = StdRng::seed_from_u64(1000 + k as u64);
        let mut tally = Tally::default();
        for n in 0..per_class {
            let r = report(&mut rng, matches!(class, Damage::DigitRunIntoText));
            let (name, bytes) = damage(class, &r, &mut rng);
            let got = read(&name, &bytes);
            if std::env::var("GONGKAI_DAMAGE_DUMP").is_ok_and(|v| v == format!("{class:?}#{n}")) {
                std::fs::write(format!("/tmp/{name}"), &bytes).unwrap();
            }
            tally.compare(&format!("{class:?} #{n} ({name})"), &r, &got);
        }
        report_line.push(format!(
            "{class:?}: {} documents, {:.1}% of cells exact, {} uncertain, {} wrong",
            tally.docs,
            100.0 * tally.exact_share(),
            tally.uncertain,
            tally.wrong.len()
        ));
        failures.extend(tally.wrong.into_iter().take(5));
    }
    eprintln!("{}", report_line.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The corpus documents (text, Markdown, HTML) with label edits, page footers inside tables and digit runs
/// into the next sentence: every cell as in the undamaged reading, or reported uncertain.
#[test]
fn damaged_corpus_documents_are_never_silently_wrong() {
    let mut rng = StdRng::seed_from_u64(77);
    let mut tallies: Vec<(&str, Tally)> = vec![
        ("LabelEdit", Tally::default()),
        ("FooterInTable", Tally::default()),
        ("DigitRunIntoText", Tally::default()),
    ];
    let files = corpus_reports(&[".txt", ".html", ".md"]);
    for file in &files {
        let bytes = std::fs::read(corpus().join(file)).unwrap();
        let Ok(text) = String::from_utf8(bytes.clone()) else {
            continue; // a GBK page: the damages below work on UTF-8 text
        };
        let base = read(file, &bytes);
        let format = base.format.expect("format");
        // Label edits: each of ten edits applied to one printed 表三 label.
        for k in 0..10 {
            let printed: Vec<&str> = table3_rows(format)
                .iter()
                .map(|d| d.label)
                .filter(|l| text.contains(l))
                .collect();
            let Some(label) = printed.choose(&mut rng) else {
                break;
            };
            let edited = edit_label(label, &mut rng);
            let damaged = text.replacen(label, &edited, 1);
            let got = read(file, damaged.as_bytes());
            tallies[0]
                .1
                .compare(&format!("{file} edit {k}: {label} → {edited}"), &base, &got);
        }
        // A page footer before a 表三 row label (a table broken across pages).
        let footer = if file.ends_with(".html") {
            "</td></tr></table><div>— 3 —</div><table><tr><td>"
        } else if file.ends_with(".md") {
            "\n\n— 3 —\n\n"
        } else {
            " — 3 — "
        };
        for label in ["（四）无法提供", "（五）不予处理", "（七）总计"] {
            let Some(at) = text.find(label) else { continue };
            let cut = if file.ends_with(".html") {
                text[..at].rfind("<tr").map(|i| (i, true))
            } else if file.ends_with(".md") {
                text[..at].rfind('\n').map(|i| (i, false))
            } else {
                Some((at, false))
            };
            let Some((i, html)) = cut else { continue };
            let damaged = if html {
                format!(
                    "{}</table><div>— 3 —</div><p>第 3 页</p><table>{}",
                    &text[..i],
                    &text[i..]
                )
            } else {
                format!("{}{footer}{}", &text[..i], &text[i..])
            };
            let got = read(file, damaged.as_bytes());
            tallies[1]
                .1
                .compare(&format!("{file} footer before {label}"), &base, &got);
        }
        // Flattened text: the 结转 row's digits run on into a sentence beginning with a year.
        if let Some(at) = text.find("结转下年度继续办理")
            && !file.ends_with(".html")
            && !file.ends_with(".md")
        {
            let from = at + "结转下年度继续办理".len();
            let end = from
                + text[from..]
                    .find(|c: char| !c.is_ascii_digit() && c != ' ')
                    .unwrap_or(text.len() - from);
            let year = base.year.unwrap_or(2025) + 1;
            let damaged = format!(
                "{}{year}年，我局将继续做好政府信息公开工作。{}",
                text[..end].trim_end(),
                &text[end..]
            );
            let got = read(file, damaged.as_bytes());
            tallies[2]
                .1
                .compare(&format!("{file} digits into text"), &base, &got);
        }
    }
    let mut failures = Vec::new();
    for (name, t) in &tallies {
        eprintln!(
            "corpus {name}: {} documents, {:.1}% of cells exact, {} uncertain, {} wrong",
            t.docs,
            100.0 * t.exact_share(),
            t.uncertain,
            t.wrong.len()
        );
        failures.extend(t.wrong.iter().take(5).cloned());
    }
    assert!(tallies.iter().all(|(_, t)| t.docs > 0));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A drawn grid (DOCX, and the ruled PDF LibreOffice prints from it): a 表三 label that fills two of the three
/// label columns, with the third label cell drawn but empty. The empty cell is a label cell, never a value.
#[test]
#[ignore = "needs LibreOffice: apt-get install libreoffice-writer (bash .ci/run does)"]
fn grids_with_an_empty_label_sub_cell_are_never_silently_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = StdRng::seed_from_u64(99);
    let mut reports = Vec::new();
    let mut files = Vec::new();
    let mut docx = Tally::default();
    for n in 0..8 {
        let mut r = report(&mut rng, false);
        // Counts that fit their cells when LibreOffice prints the table.
        for t in [&mut r.table3, &mut r.table4] {
            for row in &mut t.rows {
                for c in &mut row.cells {
                    if matches!(c.value, CellValue::Number(_)) {
                        c.value = CellValue::Number(rng.random_range(0..3000).into());
                    }
                }
            }
        }
        let bytes = docx_with_empty_label_sub_cells(&r);
        docx.compare(&format!("sub{n}.docx"), &r, &read("sub.docx", &bytes));
        let path = dir.path().join(format!("sub{n}.docx"));
        std::fs::write(&path, bytes).unwrap();
        reports.push(r);
        files.push(path);
    }
    let pdfs = gongkai_testkit::soffice(&files, "pdf", dir.path());
    let mut pdf = Tally::default();
    for (r, path) in reports.iter().zip(&pdfs) {
        let got = read("sub.pdf", &std::fs::read(path).unwrap());
        if std::env::var_os("GONGKAI_DAMAGE_DUMP").is_some() {
            std::fs::copy(path, std::env::temp_dir().join(path.file_name().unwrap())).unwrap();
        }
        pdf.compare(&path.display().to_string(), r, &got);
    }
    for (what, t) in [("DOCX", &docx), ("ruled PDF", &pdf)] {
        eprintln!(
            "{what}, empty label sub-cell: {} documents, {:.1}% of cells exact, {} uncertain, {} wrong",
            t.docs,
            100.0 * t.exact_share(),
            t.uncertain,
            t.wrong.len()
        );
        assert!(t.wrong.is_empty(), "{}", t.wrong.join("\n"));
        assert!(t.exact_share() > 0.9, "{what}: {t:?}");
    }
}

/// Every damage class applied to every corpus document (including the PDF) as gongkai writes it again from its
/// reading: every cell as read from the original, or reported uncertain.
#[test]
fn every_damage_class_on_every_corpus_document_is_never_silently_wrong() {
    let mut rng = StdRng::seed_from_u64(78);
    let files = corpus_reports(&[".txt", ".html", ".md", ".pdf"]);
    let mut failures = Vec::new();
    for class in CLASSES {
        let mut tally = Tally::default();
        for file in &files {
            let base = read(file, &std::fs::read(corpus().join(file)).unwrap());
            // Flattened text cannot show a blank, a mark or an uncertain cell.
            let all_numbers = [&base.table2, &base.table3, &base.table4]
                .iter()
                .flat_map(|t| &t.rows)
                .flat_map(|r| &r.cells)
                .all(|c| matches!(c.value, CellValue::Number(_)));
            if matches!(class, Damage::DigitRunIntoText) && !all_numbers {
                continue;
            }
            for k in 0..5 {
                let (name, bytes) = damage(class, &base, &mut rng);
                let got = read(&name, &bytes);
                tally.compare(&format!("{class:?} {file} #{k}"), &base, &got);
            }
        }
        eprintln!(
            "corpus rewritten, {class:?}: {} documents, {:.1}% of cells exact, {} uncertain, {} wrong",
            tally.docs,
            100.0 * tally.exact_share(),
            tally.uncertain,
            tally.wrong.len()
        );
        assert!(tally.docs > 0, "{class:?}");
        failures.extend(tally.wrong.into_iter().take(5));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
