//! Every text and HTML report of ../shared/corpus read against a truth file written by reading the document
//! (tests/truth/, and the seed's truth in the corpus itself), cell by cell.

use gongkai_model::exchange::{cell_from_json, to_json};
use gongkai_model::{CellValue, Report};
use gongkai_testkit::{corpus, load_json as load, truth_dir};
use serde_json::Value;

fn read(file: &str) -> Report {
    gongkai_read::read_path(&corpus().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[derive(Default, Debug)]
struct Tally {
    exact: usize,
    ambiguous: usize,
}

/// Compares every cell; `allow_ambiguous` accepts an ambiguous cell whose candidates include the truth. A truth
/// cell written `{"candidates": [...]}` is one the document itself does not decide (digits run together with no
/// identity to separate them): the reader must not give a value for it, and must list every reading the
/// document allows.
fn compare(file: &str, truth: &Value, allow_ambiguous: bool) -> Tally {
    let r = read(file);
    let got = to_json(&r, false);
    let mut errors = Vec::new();
    for key in ["agency", "year", "format"] {
        if got[key] != truth[key] {
            errors.push(format!("{key}: got {} want {}", got[key], truth[key]));
        }
    }
    let mut tally = Tally::default();
    for table in ["table2", "table3", "table4"] {
        let want = truth[table].as_object().unwrap();
        let have = got[table].as_object().unwrap();
        for k in have.keys() {
            if !want.contains_key(k) {
                errors.push(format!("{table}.{k}: row read but not in the document"));
            }
        }
        for (row, wcells) in want {
            let Some(hcells) = have.get(row) else {
                errors.push(format!("{table}.{row}: missing"));
                continue;
            };
            let pairs: Vec<(String, &Value, &Value)> = match (wcells, hcells) {
                (Value::Array(w), Value::Array(h)) => {
                    if w.len() != h.len() {
                        errors.push(format!(
                            "{table}.{row}: {} cells, want {}",
                            h.len(),
                            w.len()
                        ));
                    }
                    w.iter()
                        .zip(h)
                        .enumerate()
                        .map(|(i, (a, b))| (i.to_string(), a, b))
                        .collect()
                }
                (Value::Object(w), Value::Object(h)) => w
                    .iter()
                    .map(|(c, a)| (c.clone(), a, h.get(c).unwrap_or(&Value::Null)))
                    .collect(),
                _ => panic!("{table}.{row}: shape"),
            };
            for (col, w, h) in pairs {
                let wv = cell_from_json(w).unwrap();
                let hv = cell_from_json(h).unwrap();
                match (&wv, &hv) {
                    (a, b) if a == b => tally.exact += 1,
                    (CellValue::Ambiguous(w), CellValue::Ambiguous(c))
                        if w.iter().all(|x| c.contains(x)) =>
                    {
                        tally.ambiguous += 1
                    }
                    (CellValue::Number(a), CellValue::Ambiguous(c))
                        if allow_ambiguous && c.contains(a) =>
                    {
                        tally.ambiguous += 1
                    }
                    _ => errors.push(format!("{table}.{row}[{col}]: got {h} want {w}")),
                }
            }
        }
    }
    assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
    tally
}

#[test]
fn seed_reads_exactly_as_its_truth() {
    let truth = load(&corpus().join("truth/xinzheng-zwfw-2020.json"));
    let t = compare("xinzheng-zwfw-2020.txt", &truth, false);
    assert_eq!(t.ambiguous, 0);
    assert_eq!(
        t.exact,
        22 + 23 * 7 + 15,
        "every cell of 表二 (22), 表三 (23 × 7) and 表四 (15)"
    );
}

#[test]
fn html_reports_read_exactly() {
    for file in [
        "2019_pingtan-syq.html",
        "2019_shanghai-szfbgt.html",
        "2023_shuyang-fgj.html",
    ] {
        let truth = load(&truth_dir().join(format!("{file}.json")));
        let t = compare(file, &truth, false);
        assert_eq!(t.ambiguous, 0, "{file}");
    }
}

#[test]
fn flattened_reports_are_exact_or_ambiguous_with_the_truth_among_candidates() {
    for (file, min_ambiguous) in [
        ("2019_pingtan-syq.txt", 1),
        ("2020_pingtan-syq.txt", 1),
        ("2021_pingtan-syq.txt", 1),
        // “8855698” is decided by the report's own sentences (制发 88, 现行有效 698).
        ("2022_pingtan-syq.txt", 0),
    ] {
        let truth = load(&truth_dir().join(format!("{file}.json")));
        let t = compare(file, &truth, true);
        assert!(t.ambiguous >= min_ambiguous, "{file}: {t:?}");
        // 表三 and 表四 are fully determined by their identities in these reports.
        let r = read(file);
        for table in [&r.table3, &r.table4] {
            for row in &table.rows {
                for c in &row.cells {
                    assert!(
                        matches!(c.value, CellValue::Number(_)),
                        "{file} {} {:?}",
                        row.key,
                        c.value
                    );
                }
            }
        }
    }
}

/// The ten department pages of 平潭 (2019–2025, tables flattened onto one line), against truth files written by
/// reading them: every cell exact, or uncertain with the truth among its candidates; never a wrong value.
#[test]
fn pingtan_department_pages_are_never_silently_wrong() {
    let mut exact = 0;
    let mut uncertain = 0;
    for file in [
        "2019_pingtan-gyz.txt",
        "2019_pingtan-jtj.txt",
        "2020_pingtan-hzs.txt",
        "2021_pingtan-htp.txt",
        "2021_pingtan-shs.txt",
        "2022_pingtan-czj.txt",
        "2022_pingtan-nyn.txt",
        "2023_pingtan-shs.txt",
        "2024_pingtan-tzcj.txt",
        "2025_pingtan-htp.txt",
    ] {
        let truth = load(&truth_dir().join(format!("{file}.json")));
        let t = compare(file, &truth, true);
        exact += t.exact;
        uncertain += t.ambiguous;
    }
    eprintln!("平潭 department pages: {exact} cells exact, {uncertain} uncertain");
    assert!(exact > 10 * 190, "{exact}");
}

#[test]
fn genuinely_ambiguous_split_lists_every_candidate() {
    // 2021: 行政规范性文件 printed "693665" — 69/3/665 is the true reading (2022 continues from 665) but
    // nothing in the 2021 document decides it.
    let r = read("2021_pingtan-syq.txt");
    let row = r.table2.row("normative_documents").unwrap();
    assert!(row.split_candidates.len() > 1);
    assert!(
        row.split_candidates
            .iter()
            .any(|s| s.iter().map(|d| d.to_string()).collect::<Vec<_>>() == ["69", "3", "665"])
    );
}

#[test]
fn pingtan_2019_html_and_txt_give_the_same_data() {
    let html = read("2019_pingtan-syq.html");
    let txt = read("2019_pingtan-syq.txt");
    let (h, t) = (to_json(&html, false), to_json(&txt, false));
    for table in ["table2", "table3", "table4"] {
        for (row, hv) in h[table].as_object().unwrap() {
            let tv = &t[table][row];
            let cells = |v: &Value| -> Vec<Value> {
                match v {
                    Value::Array(a) => a.clone(),
                    Value::Object(o) => o.values().cloned().collect(),
                    _ => vec![],
                }
            };
            for (a, b) in cells(hv).iter().zip(cells(tv)) {
                let (a, b) = (cell_from_json(a).unwrap(), cell_from_json(&b).unwrap());
                let same = a == b
                    || matches!((&a, &b), (CellValue::Number(x), CellValue::Ambiguous(c)) if c.contains(x));
                assert!(same, "{table}.{row}: html {a:?} txt {b:?}");
            }
        }
    }
    assert_eq!(html.agency, txt.agency);
    assert_eq!(html.year, txt.year);
}

#[test]
fn provenance_points_at_the_printed_text() {
    let src = std::fs::read_to_string(corpus().join("xinzheng-zwfw-2020.txt")).unwrap();
    let r = read("xinzheng-zwfw-2020.txt");
    let c = r.table2.cell("procurement", 1).unwrap();
    let (a, b) = c.source.bytes.unwrap();
    assert_eq!(&src[a..b], "9777.6472万元");
    assert_eq!(
        src.lines().nth(c.source.line.unwrap() - 1).unwrap().trim(),
        "9777.6472万元"
    );
    let h = read("2019_shanghai-szfbgt.html");
    let cell = h.table3.cell("new_received", 0).unwrap();
    assert_eq!(cell.source.table_cell, Some((1, 3, 3)));
    // Run-together digits: each split cell points at its own digits.
    let t = read("2021_pingtan-syq.txt");
    let src21 = std::fs::read_to_string(corpus().join("2021_pingtan-syq.txt")).unwrap();
    let c = t.table3.cell("new_received", 6).unwrap();
    let (a, b) = c.source.bytes.unwrap();
    assert_eq!(&src21[a..b], "70");
}

#[test]
fn metadata_period_and_sections() {
    for file in [
        "xinzheng-zwfw-2020.txt",
        "2019_shanghai-szfbgt.html",
        "2021_pingtan-syq.txt",
        "2023_shuyang-fgj.html",
    ] {
        let r = read(file);
        let y = r.year.unwrap();
        assert_eq!(
            r.period,
            Some((format!("{y}-01-01"), format!("{y}-12-31"))),
            "{file}"
        );
        let numbers: Vec<u8> = r.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5, 6], "{file}");
    }
    let r = read("2022_pingtan-syq.txt");
    assert!(r.sections[3].heading.contains("行政法复议"));
}

#[test]
fn ocr_markdown_reads_exactly_with_detached_rows_placed_and_flagged() {
    let file = "2024_shanghai-kw.md";
    let truth = load(&truth_dir().join(format!("{file}.json")));
    let t = compare(file, &truth, false);
    assert_eq!(t.ambiguous, 0);
    let r = read(file);
    let placed: Vec<&str> = r
        .notes
        .iter()
        .filter(|n| n.code == "READ-ROW-BY-ORDER")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(placed.len(), 10, "{placed:#?}");
    // Markdown cells carry their line.
    let c = r.table3.cell("total", 6).unwrap();
    let src = std::fs::read_to_string(corpus().join(file)).unwrap();
    let (a, b) = c.source.bytes.unwrap();
    assert_eq!(&src[a..b], "35");
    assert!(
        src.lines()
            .nth(c.source.line.unwrap() - 1)
            .unwrap()
            .contains("（七）总计")
    );
}

/// A detached row of values that lost a cell to a stray mark (as OCR leaves them: “）” for a faint “0”) is
/// not placed by counting from the left: its cells are reported missing, the other rows read as before.
#[test]
fn a_detached_row_short_of_a_cell_is_not_placed_by_order() {
    let file = "2024_shanghai-kw.md";
    let text = std::fs::read_to_string(corpus().join(file)).unwrap();
    let row = "| 8 | 2 | 0 | 0 | 0 | 0 | 10 |";
    assert_eq!(text.matches(row).count(), 1);
    let whole = read(file);
    let printed = |r: &Report, key: &str| -> Vec<String> {
        r.table3
            .rows
            .iter()
            .find(|x| x.key == key)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.printed.clone())
            .collect()
    };
    let key = whole
        .table3
        .rows
        .iter()
        .find(|r| {
            r.cells
                .iter()
                .map(|c| c.printed.as_str())
                .eq(["8", "2", "0", "0", "0", "0", "10"])
        })
        .map(|r| r.key.clone())
        .expect("the row is read from the whole document");
    let damaged = text.replace(row, "| 8 | 2 | ） | 0 | 0 | 0 | 10 |");
    let r = gongkai_read::read_bytes(file, damaged.as_bytes()).unwrap();
    let placed = r.table3.rows.iter().find(|x| x.key == key);
    assert!(
        placed.is_none_or(|row| row.cells.iter().all(|c| c.value.number().is_none())),
        "{key}: {:?}",
        printed(&r, &key)
    );
    for other in whole.table3.rows.iter().filter(|x| x.key != key) {
        assert_eq!(
            printed(&r, &other.key),
            printed(&whole, &other.key),
            "{}",
            other.key
        );
    }
}

/// Flattened text with the labels as agencies print them (和 inserted, 案件 for 案卷, 受理 for 处理) and the
/// last row's digits running on into a sentence that starts with a year: 表三 reads as from the original, the
/// edited labels are reported, and no digit of the year joins a cell.
#[test]
fn flattened_labels_as_agencies_print_them_and_digits_running_into_text() {
    let file = "2023_pingtan-shs.txt";
    let text = std::fs::read_to_string(corpus().join(file)).unwrap();
    let damaged = text
        .replacen(
            "2.其他法律行政法规禁止公开",
            "2.其他法律和行政法规禁止公开",
            1,
        )
        .replacen("7.属于行政执法案卷", "7.属于行政执法案件", 1)
        .replace(
            "行政机关不再处理其政府信息公开申请",
            "行政机关不再受理其政府信息公开申请",
        )
        .replacen(
            "结转下年度继续办理0000000",
            "结转下年度继续办理00000002024年，我局将继续做好政府信息公开工作。",
            1,
        );
    assert_ne!(damaged, text);
    let original = read(file);
    let r = gongkai_read::read_bytes(file, damaged.as_bytes()).unwrap();
    assert_eq!(
        to_json(&r, false)["table3"],
        to_json(&original, false)["table3"]
    );
    let edited: Vec<&str> = r
        .table3
        .rows
        .iter()
        .filter(|row| row.variant == Some(gongkai_model::format::VariantKind::Edited))
        .map(|row| row.key.as_str())
        .collect();
    assert_eq!(
        edited,
        [
            "denied.law_prohibited",
            "denied.enforcement_file",
            "other.no_correction",
            "other.fee_unpaid"
        ]
    );
}
