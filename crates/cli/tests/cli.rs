//! End-to-end tests through the `gongkai` binary.

use gongkai_testkit::{corpus, example};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn read_json_of_the_seed_equals_its_truth() {
    let seed = corpus().join("xinzheng-zwfw-2020.txt");
    let o = run(&["read".as_ref(), seed.as_os_str(), "--json".as_ref()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got: Value = serde_json::from_slice(&o.stdout).unwrap();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("truth/xinzheng-zwfw-2020.json")).unwrap(),
    )
    .unwrap();
    for key in ["agency", "year", "format", "table2", "table3", "table4"] {
        assert_eq!(got[key], truth[key], "{key}");
    }
    // Row order of 表三 and column order of 表二 follow the schema.
    let rows: Vec<&String> = got["table3"].as_object().unwrap().keys().collect();
    let want: Vec<&String> = truth["table3"].as_object().unwrap().keys().collect();
    assert_eq!(rows, want);
    assert!(got["provenance"]["table3"]["carried_forward"]["cells"].is_array());
    assert_eq!(got["period"]["start"], "2020-01-01");
}

#[test]
fn check_on_the_seed_names_only_the_blank_carry_forward_row() {
    let seed = corpus().join("xinzheng-zwfw-2020.txt");
    let o = run(&[
        "check".as_ref(),
        seed.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "CELL-BLANK");
    assert_eq!(diags[0]["row"], "carried_forward");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("7 个单元格空白")
    );
    let human = run(&["check".as_ref(), seed.as_os_str()]);
    assert_eq!(human.status.code(), Some(1));
    let text = stdout(&human);
    assert!(
        text.contains("警告[CELL-BLANK]") && text.contains("四、结转下年度继续办理"),
        "{text}"
    );
    assert!(text.contains("xinzheng-zwfw-2020.txt：第 "), "{text}");
}

#[test]
fn check_on_the_example_finds_each_planted_problem() {
    let o = run(&[
        "check".as_ref(),
        example().as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut codes: Vec<String> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "CELL-BLANK",
            "CELL-MARK",
            "LABEL-VARIANT",
            "T3-TOTAL-SUM",
            "T4-TOTAL",
            "TEXT-VS-TABLE"
        ]
    );
    // The planted 4 for 3 (部分公开, 自然人) breaks the row's total and the column's sum: one finding, naming it.
    let t3 = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "T3-TOTAL-SUM")
        .unwrap();
    let m = t3["message"].as_str().unwrap();
    assert!(
        m.contains("行“自然人”列印为 4") && m.contains("若此格为 3 则全部成立"),
        "{m}"
    );
    assert_eq!(t3["consequences"].as_array().unwrap().len(), 2);
}

#[test]
fn check_with_previous_compares_carry_over() {
    let c = corpus();
    let ok = run(&[
        "check".as_ref(),
        c.join("2022_pingtan-syq.txt").as_os_str(),
        "--previous".as_ref(),
        c.join("2021_pingtan-syq.txt").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let v: Value = serde_json::from_slice(&ok.stdout).unwrap();
    let codes: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"PREV-CARRY"),
        "2021 carries 1 into 2022: {codes:?}"
    );
    // 2020 carried nothing forward; pretend the 2021 report is last year's for the 2022 seed-like check.
    let bad = run(&[
        "check".as_ref(),
        c.join("2022_pingtan-syq.txt").as_os_str(),
        "--previous".as_ref(),
        c.join("2020_pingtan-syq.txt").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let v: Value = serde_json::from_slice(&bad.stdout).unwrap();
    let prev: Vec<&Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PREV-CARRY")
        .collect();
    assert_eq!(prev.len(), 2, "自然人 and 总计 columns: 1 vs 0");
}

#[test]
fn check_over_a_directory_summarises() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus().join("xinzheng-zwfw-2020.txt"),
        dir.path().join("a.txt"),
    )
    .unwrap();
    std::fs::copy(example(), dir.path().join("b.html")).unwrap();
    std::fs::write(dir.path().join("c.xls"), b"\xD0\xCF\x11\xE0").unwrap();
    let o = run(&["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("共检查 2 个文件：2 个有问题，0 个无法读取，0 个无问题。"),
        "{text}"
    );
    assert!(text.contains("按规则：CELL-BLANK ×2"), "{text}");
    assert!(text.contains("跳过：") && text.contains("c.xls"), "{text}");
}

fn expect_unreadable(path: &Path, needle: &str) {
    for cmd in ["read", "check"] {
        let o = run(&[cmd.as_ref(), path.as_os_str()]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{cmd} {}: {}{}",
            path.display(),
            stdout(&o),
            stderr(&o)
        );
        let all = stdout(&o) + &stderr(&o);
        assert!(all.contains(needle), "{cmd}: expected “{needle}” in {all}");
        assert!(!all.contains("panicked"), "{all}");
    }
}

#[test]
fn bad_input_gets_a_clear_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name);

    std::fs::write(p("empty.txt"), b"").unwrap();
    expect_unreadable(&p("empty.txt"), "文件为空");

    std::fs::write(p("binary.bin"), [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2, 3]).unwrap();
    expect_unreadable(&p("binary.bin"), "二进制");

    std::fs::write(
        p("prose.txt"),
        "2025年政府信息公开工作年度报告\n一、总体情况\n本年度无表格。\n",
    )
    .unwrap();
    expect_unreadable(&p("prose.txt"), "未找到年度报告的统计表格");

    let html = std::fs::read_to_string(example()).unwrap();
    let cut = html.find("（四）无法提供").unwrap();
    std::fs::write(p("truncated.html"), &html[..cut]).unwrap();
    expect_unreadable(&p("truncated.html"), "可能被截断");

    let line = "数据".repeat(20 * 1024 * 1024 / 6) + "\n"; // 20 MB on one line
    std::fs::write(p("long.txt"), line.as_bytes()).unwrap();
    expect_unreadable(&p("long.txt"), "未找到年度报告的统计表格");

    let mut invalid = "政府信息公开工作年度报告\n".as_bytes().to_vec();
    invalid.extend_from_slice(&[0xff, 0xfe, 0xfd, 0x80, 0x81, 0xff, 0xc0]);
    std::fs::write(p("invalid.txt"), &invalid).unwrap();
    expect_unreadable(&p("invalid.txt"), "字符编码无效");

    // Declared UTF-8 but the bytes are GBK: decoded as GBK, read exactly.
    let (gbk, _, _) = encoding_rs::GBK.encode(&html);
    std::fs::write(p("gbk.html"), &gbk).unwrap();
    let o = run(&[
        "read".as_ref(),
        p("gbk.html").as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["agency"], "示例县市场监督管理局");
    assert_eq!(v["table3"]["new_received"][6], 45);

    // Declared GBK but the bytes are UTF-8: the declaration is overridden.
    std::fs::write(
        p("wrongmeta.html"),
        html.replace("charset=\"utf-8\"", "charset=\"gbk\""),
    )
    .unwrap();
    let o = run(&[
        "read".as_ref(),
        p("wrongmeta.html").as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let missing = p("does-not-exist.html");
    expect_unreadable(&missing, "无法读取文件");
    std::fs::write(p("zip.docx"), b"PK\x03\x04rest").unwrap();
    expect_unreadable(&p("zip.docx"), "无法作为 ZIP 打开");
}

#[test]
fn rules_doc_is_generated_from_the_registry() {
    let o = run(&["rules".as_ref(), "--markdown".as_ref()]);
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md"),
    )
    .unwrap();
    assert_eq!(
        stdout(&o),
        doc,
        "docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md`"
    );
    assert!(doc.contains("`T3-BALANCE`") && doc.contains("`PREV-CARRY`"));
}

#[test]
fn read_json_validates_against_the_documented_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/report.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let c = corpus();
    let mut files: Vec<PathBuf> = [
        "xinzheng-zwfw-2020.txt",
        "2019_pingtan-syq.txt",
        "2021_pingtan-syq.txt",
        "2019_shanghai-szfbgt.html",
        "2023_shuyang-fgj.html",
    ]
    .iter()
    .map(|f| c.join(f))
    .collect();
    files.push(example());
    for f in files {
        let o = run(&["read".as_ref(), f.as_os_str(), "--json".as_ref()]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", f.display());
    }
    // And the truth files validate too (they are the schema's reference).
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(c.join("truth/xinzheng-zwfw-2020.json")).unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&truth));
    let mut broken = truth.clone();
    broken["table3"]["total"] = serde_json::json!([1, 2, 3]);
    assert!(
        !validator.is_valid(&broken),
        "a 表三 row of 3 cells must not validate"
    );
    let mut broken = truth;
    broken["table4"]["reconsideration"][0] = serde_json::json!({"guess": 1});
    assert!(
        !validator.is_valid(&broken),
        "an unknown cell encoding must not validate"
    );
}

/// The checker finds the inconsistencies that are really in the corpus documents and invents none. Each
/// expectation below comes from reading the document (see the issue note for the list).
#[test]
fn check_finds_exactly_the_real_problems_of_the_corpus() {
    let c = corpus();
    let expected: &[(&str, &[(&str, usize)])] = &[
        ("xinzheng-zwfw-2020.txt", &[("CELL-BLANK", 1)]),
        ("2019_pingtan-syq.html", &[]),
        // 表二 of the flattened page has no identities: its seven run-together rows stay ambiguous, one
        // finding each.
        ("2019_pingtan-syq.txt", &[("CELL-AMBIGUOUS", 7)]),
        // Outcome rows add to 26 / 27 while （七）总计 prints 20 / 21 (自然人 and 总计 columns).
        (
            "2020_pingtan-syq.txt",
            &[("CELL-AMBIGUOUS", 6), ("T3-TOTAL-SUM", 2)],
        ),
        ("2021_pingtan-syq.txt", &[("CELL-AMBIGUOUS", 1)]),
        // “8855698” split by the report's own sentences (制发 88, 现行有效 698), said in a note.
        ("2022_pingtan-syq.txt", &[("READ-NOTE", 1)]),
        // 总计 column blank in the outcome rows, 11 of them with counts: one finding (its 12 broken identities
        // listed under it); many blank cells.
        (
            "2019_shanghai-szfbgt.html",
            &[("CELL-BLANK", 26), ("T3-ROW-TOTAL", 1)],
        ),
        // Blank organisation columns; the 2019 label 规范性文件 in a 2021 table (its only 2019 mark: one finding).
        (
            "2023_shuyang-fgj.html",
            &[("CELL-BLANK", 25), ("LABEL-VARIANT", 1)],
        ),
    ];
    for (file, want) in expected {
        let o = run(&[
            "check".as_ref(),
            c.join(file).as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]);
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut got: std::collections::BTreeMap<String, usize> = Default::default();
        for d in v["files"][0]["diagnostics"].as_array().unwrap() {
            *got.entry(d["code"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        let want: std::collections::BTreeMap<String, usize> =
            want.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        assert_eq!(got, want, "{file}");
        assert_eq!(
            o.status.code(),
            // Notes (提示) alone do not fail the check.
            Some(if want.keys().all(|k| k == "READ-NOTE") {
                0
            } else {
                1
            }),
            "{file}"
        );
    }
}

#[test]
fn a_table_split_in_two_with_page_chrome_between_reads_the_same() {
    let html = std::fs::read_to_string(example()).unwrap();
    let split = html.replacen(
        "<tr><td rowspan=\"3\">（四）无法提供</td>",
        "</table><div class=\"footer\">— 5 —</div><p>第 5 页</p><table border=\"1\"><tr><td rowspan=\"3\">（四）无法提供</td>",
        1,
    );
    assert_ne!(split, html);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.html"), dir.path().join("b.html"));
    std::fs::write(&a, &html).unwrap();
    std::fs::write(&b, &split).unwrap();
    let read = |p: &Path| -> Value {
        let o = run(&["read".as_ref(), p.as_os_str(), "--json".as_ref()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (va, vb) = (read(&a), read(&b));
    for key in ["table2", "table3", "table4"] {
        assert_eq!(va[key], vb[key], "{key}");
    }
}

/// `gongkai --version` names the version and the commit it was built from (what IT staff report with a problem).
#[test]
fn the_version_names_its_commit() {
    let out = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("gongkai {}（提交 ", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git (the tests run in a checkout)");
    let head = String::from_utf8(head.stdout).unwrap();
    assert!(
        text.contains(&format!("提交 {}）", head.trim())),
        "{text} vs {head}"
    );
}
