//! Assessment on generated units with known problems (written as HTML and ingested like any published page):
//! the rubric's scores equal scores computed here independently (the default rubric read as plain TOML, the
//! checker run on the documents); every roll-up total equals the sum of its units and lists them; each derived
//! metric on the corpus reports with expected values equals its formula computed by hand from those values.

use gongkai_model::{CellValue, Report, TableId};
use gongkai_store::Store;
use gongkai_supervise::assess::{self, metrics, rollup, rubric};
use gongkai_supervise::generated::{Rng, sentence};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

const YEAR: i32 = 2022;

fn base() -> Report {
    gongkai_read::read_path(&gongkai_testkit::corpus().join("2022_pingtan-czj.txt")).unwrap()
}

/// A unit's report: the base's tables, its own generated prose.
fn unit(name: &str, seed: u64) -> Report {
    let mut r = base();
    r.agency = Some(name.to_string());
    r.title = Some(format!("{name}{YEAR}年政府信息公开工作年度报告"));
    let mut rng = Rng::new(seed);
    r.preamble = format!(
        "{}\n本报告中所列数据的统计期限自{YEAR}年1月1日起至{YEAR}年12月31日止。",
        sentence(&mut rng, 40)
    );
    for s in &mut r.sections {
        s.text = (0..3)
            .map(|_| sentence(&mut rng, 40))
            .collect::<Vec<_>>()
            .join("\n");
    }
    r
}

fn cell_mut<'a>(r: &'a mut Report, row: &str, col: usize) -> &'a mut CellValue {
    &mut r
        .table3
        .rows
        .iter_mut()
        .find(|x| x.key == row)
        .unwrap()
        .cells[col]
        .value
}

/// The generated units: name → (report, points taken for what was planted, when known by hand).
fn units() -> Vec<(String, Report, Option<f64>)> {
    let name = |s: &str| format!("平潭综合实验区{s}局");
    let mut out = Vec::new();
    let a = unit(&name("甲"), 1);
    // 乙: section 五 left out → one SECTIONS diagnostic, 5 points.
    let mut b = unit(&name("乙"), 2);
    b.sections.retain(|s| s.number != 5);
    // 丙: three table-3 rows with a 0 left blank → three CELL-BLANK, 3 × 0.5 points.
    let mut c = unit(&name("丙"), 3);
    let zero_rows: Vec<String> = c
        .table3
        .rows
        .iter()
        .filter(|r| r.cells[0].value == CellValue::Number(Decimal::ZERO))
        .take(3)
        .map(|r| r.key.clone())
        .collect();
    assert_eq!(zero_rows.len(), 3);
    for row in &zero_rows {
        *cell_mut(&mut c, row, 0) = CellValue::Blank;
    }
    // 丁: 予以公开/自然人 five more than the totals say → the identities break (counted by the checker).
    let mut d = unit(&name("丁"), 4);
    if let CellValue::Number(n) = cell_mut(&mut d, "granted", 0) {
        *n += Decimal::from(5);
    }
    // 戊: signed on 1 March, after the 31 January deadline → 10 points.
    let mut e = unit(&name("戊"), 5);
    e.sections
        .last_mut()
        .unwrap()
        .text
        .push_str(&format!("\n平潭综合实验区戊局\n{}年3月1日", YEAR + 1));
    // 己: 甲's prose copied word for word → both share all their own prose: 10 tenths × 2, at most 20.
    let mut f = unit(&name("己"), 6);
    f.preamble = a.preamble.clone();
    for (s, from) in f.sections.iter_mut().zip(&a.sections) {
        s.text = from.text.clone();
    }
    out.push((name("甲"), a, Some(20.0)));
    out.push((name("乙"), b, Some(5.0)));
    out.push((name("丙"), c, Some(1.5)));
    out.push((name("丁"), d, None));
    out.push((name("戊"), e, Some(10.0)));
    out.push((name("己"), f, Some(20.0)));
    // Six clean units, so that a passage two reports share is not taken for the format's boilerplate.
    for (i, s) in ["庚", "辛", "壬", "癸", "子", "丑"].iter().enumerate() {
        out.push((name(s), unit(&name(s), 10 + i as u64), Some(0.0)));
    }
    out
}

/// The points the default rubric takes for a document's diagnostics, computed from the TOML as plain values.
fn points_by_hand(diags: &[gongkai_check::Diagnostic]) -> f64 {
    let rubric: toml::Value = toml::from_str(rubric::DEFAULT_TOML).unwrap();
    let mut total = 0.0;
    for class in rubric["class"].as_array().unwrap() {
        let codes: Vec<&str> = class["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let n = diags.iter().filter(|d| codes.contains(&d.code)).count() as f64;
        let (points, max) = (
            class["points"].as_float().unwrap(),
            class["max"].as_float().unwrap(),
        );
        total += (points * n).min(max);
    }
    total
}

async fn ingested(dir: &tempfile::TempDir) -> (Store, Vec<(String, Report, Option<f64>)>) {
    let units = units();
    let files = dir.path().join("pages");
    std::fs::create_dir_all(&files).unwrap();
    for (i, (_, r, _)) in units.iter().enumerate() {
        let html = gongkai_write::write(r, gongkai_write::Target::Html, &[]).unwrap();
        std::fs::write(files.join(format!("{i:02}.html")), html).unwrap();
    }
    let store = Store::open(dir.path().join("a.db").to_str().unwrap())
        .await
        .unwrap();
    let quiet = |_: usize, _: usize| {};
    let s = gongkai_supervise::ingest::ingest(
        &store,
        &[files],
        "监督人员",
        gongkai_ledger::today::Today::Fixed(gongkai_testkit::today()),
        &quiet,
    )
    .await
    .unwrap();
    assert_eq!((s.new_reports, s.failed.len()), (units.len(), 0), "{s:?}");
    (store, units)
}

#[tokio::test]
async fn scores_equal_the_rubric_applied_by_hand_and_ranks_follow() {
    let dir = tempfile::tempdir().unwrap();
    let (store, units) = ingested(&dir).await;
    let rubric = rubric::Rubric::default_rubric();
    let facts = assess::gather(&store, Some(YEAR)).await.unwrap();
    let scores = assess::score_all(&rubric, &facts);
    assert_eq!(scores.len(), units.len());
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    for (i, (name, _, planted)) in units.iter().enumerate() {
        // The document as published, read and checked here; the planted 雷同 and lateness added by hand.
        let html = std::fs::read(dir.path().join(format!("pages/{i:02}.html"))).unwrap();
        let read = gongkai_read::read_bytes("page.html", &html).unwrap();
        let from_checks = points_by_hand(&gongkai_check::check(&read, None));
        let extra = match name.as_str() {
            "平潭综合实验区甲局" | "平潭综合实验区己局" => 20.0,
            "平潭综合实验区戊局" => 10.0,
            _ => 0.0,
        };
        if let Some(p) = planted {
            let codes: Vec<String> = gongkai_check::check(&read, None)
                .iter()
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            assert_eq!(
                from_checks + extra,
                *p,
                "{name}: the planted problems alone: {codes:?}"
            );
        } else {
            assert!(
                from_checks >= 3.0,
                "{name}: the broken identities are scored"
            );
        }
        expected.insert(name.clone(), 100.0 - from_checks - extra);
    }
    let got: BTreeMap<String, f64> = scores.iter().map(|s| (s.unit.clone(), s.score)).collect();
    assert_eq!(got, expected);
    // Ranks: best first, equal scores share a rank, the next rank skips.
    for s in &scores {
        let better = expected.values().filter(|v| **v > s.score).count();
        assert_eq!(s.rank, better + 1, "{}", s.unit);
    }
    // Each deduction says what it found.
    let late = scores.iter().find(|s| s.unit.ends_with("戊局")).unwrap();
    assert_eq!(late.deductions[0].key, "late");
    assert!(late.deductions[0].evidence[0].contains(&format!("{}-03-01", YEAR + 1)));
    let copied = scores.iter().find(|s| s.unit.ends_with("己局")).unwrap();
    assert!(copied.deductions[0].evidence[0].contains("平潭综合实验区甲局"));
}

fn number(v: &CellValue) -> Option<Decimal> {
    match v {
        CellValue::Number(d) => Some(*d),
        CellValue::Blank | CellValue::Mark(_) => Some(Decimal::ZERO),
        _ => None,
    }
}

#[tokio::test]
async fn every_rollup_total_is_the_sum_of_its_units_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let (store, units) = ingested(&dir).await;
    // Two districts: the first six units in one, the other six in the other.
    let mut list = "单位名称,地区\n".to_string();
    for (i, (name, ..)) in units.iter().enumerate() {
        let district = if i < 6 { "东片区" } else { "西片区" };
        list.push_str(&format!("{name},福建省/平潭综合实验区/{district}\n"));
    }
    let rows: Vec<Vec<String>> = list
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    gongkai_supervise::units::load_list(&store, &rows)
        .await
        .unwrap();
    let facts = assess::gather(&store, Some(YEAR)).await.unwrap();
    for (region, members) in [
        ("福建省/平潭综合实验区/东片区", &units[..6]),
        ("福建省/平潭综合实验区/西片区", &units[6..]),
        ("福建省", &units[..]),
    ] {
        let here = assess::in_region(&facts, region);
        assert_eq!(here.len(), members.len(), "{region}");
        let totals = rollup::rollup(here.iter().map(|f| (f.unit.as_str(), &f.brief)));
        let mut checked = 0;
        for (id, table) in [(TableId::Table3, "table3"), (TableId::Table4, "table4")] {
            for row in &members[0].1.table(id).rows {
                for col in 0..row.cells.len() {
                    let t = rollup::find(&totals, table, &row.key, col).unwrap();
                    let by_hand: Decimal = members
                        .iter()
                        .map(|(_, r, _)| {
                            let x = r.table(id).rows.iter().find(|x| x.key == row.key).unwrap();
                            number(&x.cells[col].value).unwrap()
                        })
                        .sum();
                    assert_eq!(t.sum, by_hand, "{region} {table} {} {col}", row.key);
                    let mut listed: Vec<&str> = t.parts.iter().map(|(u, _)| u.as_str()).collect();
                    listed.sort_unstable();
                    let mut want: Vec<&str> = members.iter().map(|(n, ..)| n.as_str()).collect();
                    want.sort_unstable();
                    assert_eq!(listed, want);
                    assert_eq!(
                        t.parts.iter().map(|(_, v)| *v).sum::<Decimal>(),
                        t.sum,
                        "the parts add up"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 150, "{checked}");
    }
}

/// A truth cell: a number, blank (null) or a mark (string) as 0, anything else unknown.
fn truth_number(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::Null | serde_json::Value::String(_) => Some(0.0),
        _ => None,
    }
}

#[test]
fn metrics_on_the_corpus_equal_their_formulas_by_hand() {
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(gongkai_testkit::truth_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.push(gongkai_testkit::corpus().join("truth/xinzheng-zwfw-2020.json"));
    files.sort();
    let mut computed = 0;
    for truth_path in &files {
        let truth = gongkai_testkit::load_json(truth_path);
        let doc = gongkai_testkit::corpus().join(truth["file"].as_str().unwrap());
        let report = gongkai_read::read_path(&doc).unwrap();
        let t3 = |row: &str| -> Option<f64> {
            let rows = truth["table3"].as_object()?;
            let prefix = row.ends_with('.');
            let mut sum = 0.0;
            let mut any = false;
            for (k, v) in rows {
                if (prefix && k.starts_with(row)) || k == row {
                    sum += truth_number(&v[6])?;
                    any = true;
                }
            }
            any.then_some(sum)
        };
        let t4 = |group: &str, col: usize| truth_number(&truth["table4"][group][col]);
        let ratio = |n: Option<f64>, d: Option<f64>| match (n, d) {
            (Some(n), Some(d)) if d > 0.0 => Some(Some(n / d)),
            (Some(_), Some(_)) => Some(None),
            _ => None,
        };
        let add = |a: Option<f64>, b: Option<f64>| Some(a? + b?);
        let by_hand = [
            (
                "disclosure_rate",
                ratio(add(t3("granted"), t3("partially_granted")), t3("total")),
            ),
            ("denial_rate", ratio(t3("denied."), t3("total"))),
            ("unable_rate", ratio(t3("unable."), t3("total"))),
            (
                "not_processed_rate",
                ratio(t3("not_processed."), t3("total")),
            ),
            (
                "carry_rate",
                ratio(
                    t3("carried_forward"),
                    add(t3("new_received"), t3("carried_over")),
                ),
            ),
            (
                "reconsideration_correction_rate",
                ratio(
                    t4("reconsideration", 1),
                    add(
                        t4("reconsideration", 4),
                        t4("reconsideration", 3).map(|x| -x),
                    ),
                ),
            ),
            (
                "litigation_correction_rate",
                ratio(
                    add(
                        t4("litigation_direct", 1),
                        t4("litigation_after_reconsideration", 1),
                    ),
                    [
                        t4("litigation_direct", 4),
                        t4("litigation_direct", 3).map(|x| -x),
                        t4("litigation_after_reconsideration", 4),
                        t4("litigation_after_reconsideration", 3).map(|x| -x),
                    ]
                    .into_iter()
                    .try_fold(0.0, |s, x| Some(s + x?)),
                ),
            ),
        ];
        for (key, want) in by_hand {
            let m = metrics::METRICS.iter().find(|m| m.key == key).unwrap();
            let got = metrics::of_report(&assess::brief::Brief::of(&report), m);
            let name = truth_path.display();
            match want {
                None => assert!(got.parts.is_none(), "{name} {key}: {got:?}"),
                Some(None) => assert_eq!(got.ratio, None, "{name} {key}"),
                Some(Some(r)) => {
                    let g = got.ratio.unwrap_or_else(|| panic!("{name} {key}: {got:?}"));
                    assert!((g - r).abs() < 1e-9, "{name} {key}: {g} vs {r}");
                    let (n, d) = got.parts.unwrap();
                    assert!((n.to_f64().unwrap() / d.to_f64().unwrap() - r).abs() < 1e-9);
                    computed += 1;
                }
            }
        }
    }
    assert!(computed >= 40, "{computed} metrics computed");
}
