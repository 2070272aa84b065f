//! End-to-end tests of `gongkai calendar` and `gongkai ledger` through the binary, on a SQLite file.

use serde_json::Value;
use std::process::{Command, Output};

fn run(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .env("GONGKAI_TODAY", gongkai_testkit::today().to_string())
        .env("GONGKAI_DB", db)
        .args(args)
        .output()
        .expect("binary runs")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn calendar_json_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let o = run(&db, &["calendar", "2025-09-30", "--add", "3", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["date"], "2025-09-30");
    assert_eq!(v["working_day"], true);
    assert_eq!(
        v["result"], "2025-10-11",
        "10-01..10-08 off, 10-09, 10-10, Sat 10-11 worked"
    );
    assert!(v["reason"].as_str().unwrap().contains("工作日"));
    let o = run(&db, &["calendar", "2026-02-14", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["working_day"], true);
    assert!(v["reason"].as_str().unwrap().contains("调休上班日"));
    // Past the notices: answered by the statutory holidays, marked provisional.
    let o = run(&db, &["calendar", "2027-02-08", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["working_day"].as_bool(), v["provisional"].as_bool()),
        (Some(false), Some(true))
    );
    assert!(
        v["reason"]
            .as_str()
            .unwrap()
            .contains("春节法定节假日（暂定"),
        "{v}"
    );
    // Past what the lunar calendar is trusted for: refused with the range.
    let o = run(&db, &["calendar", "2040-01-02"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("不在工作日历可计算的范围内（2008 年至 2036 年"),
        "{}",
        text(&o)
    );
    let o = run(&db, &["calendar", "2025-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是 YYYY-MM-DD"));
    // Extensible by data alone.
    let extra = dir.path().join("2027.toml");
    std::fs::write(
        &extra,
        "[[notice]]\nyear = 2027\nsource = \"测试\"\ndays_off = [2027-03-01]\nworkdays = []\n",
    )
    .unwrap();
    let o = run(
        &db,
        &[
            "calendar",
            "2027-03-01",
            "--json",
            "--calendar",
            extra.to_str().unwrap(),
        ],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["working_day"], false);
}

/// The year's notice added from a file and from standard input: read, checked, stored; the case received
/// past the data gets its definite due date; a misprinted notice is refused with every problem listed.
#[test]
fn calendar_add_makes_provisional_due_dates_definite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let on = |today: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .env("GONGKAI_DB", &db)
            .env("GONGKAI_TODAY", today)
            .args(args)
            .output()
            .expect("binary runs")
    };
    let add = [
        "ledger",
        "add",
        "--id",
        "Q1",
        "--applicant",
        "自然人",
        "--name",
        "张三",
        "--channel",
        "互联网",
        "--received",
        "2027-08-31",
        "--content",
        "某路段改造工程的立项批复",
    ];
    // `gongkai calendar add FILE --db … EXTRA…` on 2027-09-01.
    let add_notice = |file: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "calendar",
            "add",
            file.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        on("2027-09-01", &args)
    };
    // Not yet received on the day the office says it is today.
    let o = on("2027-08-30", &add);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("收到申请的日期 2027-08-31 晚于今天（2027-08-30，北京时间）"),
        "{}",
        text(&o)
    );
    let o = on("2027-09-01", &add);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("答复期限 2027-09-29（暂定：2027年节假日安排尚未公布"),
        "{}",
        text(&o)
    );
    // A misprinted weekday: nothing stored.
    let bad = dir.path().join("bad.txt");
    let misprint =
        gongkai_testkit::NOTICE_2027_HYPOTHETICAL.replace("9月26日（周日）", "9月26日（周六）");
    std::fs::write(&bad, misprint).unwrap();
    let o = add_notice(&bad, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("9月26日印为星期六，实为周日"),
        "{}",
        text(&o)
    );
    // Checked only.
    let good = dir.path().join("2027.txt");
    std::fs::write(&good, gongkai_testkit::NOTICE_2027_HYPOTHETICAL).unwrap();
    let o = add_notice(&good, &["--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains(
        "国庆节：10月1日（周五） 至 10月7日（周四），共 7 天；9月26日（周日）、10月9日（周六）上班"
    ));
    let o = on("2027-09-01", &["ledger", "show", "Q1"]);
    assert!(
        text(&o).contains("答复期限：2027-09-29（暂定"),
        "--dry-run stores nothing"
    );
    // From standard input.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args([
            "calendar",
            "add",
            "-",
            "--db",
            db.to_str().unwrap(),
            "--by",
            "李主任",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(gongkai_testkit::NOTICE_2027_HYPOTHETICAL.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("Q1 由 2027-09-29 提前至 2027-09-28"),
        "{}",
        text(&o)
    );
    let o = on("2027-09-01", &["ledger", "show", "Q1"]);
    let shown = text(&o);
    assert!(
        shown.contains("答复期限：2027-09-28\n") && !shown.contains("暂定"),
        "{shown}"
    );
    let o = on(
        "2027-09-01",
        &["calendar", "2027-09-26", "--db", db.to_str().unwrap()],
    );
    assert!(
        text(&o).contains("2027-09-26（周日）为调休上班日（国办发明电〔2026〕99号）"),
        "{}",
        text(&o)
    );
    // Twice: refused.
    let o = add_notice(&good, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("2027 年的节假日安排已收录"),
        "{}",
        text(&o)
    );
}

#[test]
fn ledger_from_application_to_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let ok = |args: &[&str]| {
        let o = run(&db, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        text(&o)
    };
    ok(&[
        "ledger",
        "add",
        "--id",
        "A1",
        "--applicant",
        "自然人",
        "--name",
        "张三",
        "--channel",
        "互联网",
        "--received",
        "2025-03-03",
        "--content",
        "某规划文件",
    ]);
    ok(&[
        "ledger",
        "add",
        "--id",
        "A2",
        "--applicant",
        "商业企业",
        "--name",
        "某公司",
        "--channel",
        "邮寄",
        "--received",
        "2025-12-22",
        "--content",
        "某合同",
    ]);
    ok(&[
        "ledger",
        "add",
        "--id",
        "A3",
        "--applicant",
        "自然人",
        "--name",
        "李四",
        "--channel",
        "当面提交",
        "--received",
        "2025-06-02",
        "--content",
        "某会议纪要",
    ]);
    let shown = ok(&[
        "ledger",
        "event",
        "A1",
        "extended",
        "--date",
        "2025-03-28",
        "--days",
        "15",
        "--approved-by",
        "办公室主任",
    ]);
    assert!(shown.contains("期限延至 2025-04-22"), "{shown}");
    ok(&[
        "ledger",
        "event",
        "A1",
        "replied",
        "--date",
        "2025-04-10",
        "--outcome",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]);
    ok(&[
        "ledger",
        "event",
        "A3",
        "replied",
        "--date",
        "2025-06-20",
        "--outcome",
        "6.属于四类过程性信息",
    ]);
    ok(&[
        "ledger",
        "review",
        "--id",
        "FY1",
        "--kind",
        "行政复议",
        "--filed",
        "2025-07-01",
        "--concluded",
        "2025-09-01",
        "--result",
        "维持",
        "--application",
        "A3",
    ]);

    // Rejected, with a clear message and nothing stored.
    let o = run(
        &db,
        &[
            "ledger",
            "event",
            "A2",
            "replied",
            "--date",
            "2025-12-01",
            "--outcome",
            "（一）予以公开",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("早于"), "{}", text(&o));
    let o = run(
        &db,
        &[
            "ledger",
            "event",
            "A2",
            "replied",
            "--date",
            "2025-12-30",
            "--outcome",
            "同意公开",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是表三的办理结果行"));
    let o = run(
        &db,
        &[
            "ledger",
            "add",
            "--id",
            "A1",
            "--applicant",
            "自然人",
            "--name",
            "王五",
            "--channel",
            "传真",
            "--received",
            "2025-05-05",
            "--content",
            "x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("已存在"));

    // Due list: A2 received 2025-12-22 is due 2026-01-20 (元旦 2026-01-01, 01-02 off; Sun 01-04 worked).
    let shown = ok(&["ledger", "show", "A2", "--json"]);
    let v: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["clock"]["due"], "2026-01-20");
    let o = run(
        &db,
        &["ledger", "due", "--today", "2026-01-16", "--within", "5"],
    );
    assert!(
        text(&o).contains("A2") && text(&o).contains("剩余 2 个工作日"),
        "{}",
        text(&o)
    );
    let o = run(&db, &["ledger", "due", "--today", "2026-01-21"]);
    assert_eq!(o.status.code(), Some(1), "overdue cases give exit 1");
    assert!(text(&o).contains("已超期 1 件"));

    // The report: balanced, with the carry-over, and it passes every check.
    let table2 = dir.path().join("t2.json");
    std::fs::write(
        &table2,
        r#"{"licensing": {"decisions": 12}, "fees": {"amount_10k_yuan": 1.5}}"#,
    )
    .unwrap();
    ok(&[
        "ledger",
        "proactive",
        "--year",
        "2025",
        table2.to_str().unwrap(),
    ]);
    let o = run(
        &db,
        &[
            "ledger",
            "report",
            "--year",
            "2025",
            "--agency",
            "示例局",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["table3"]["new_received"],
        serde_json::json!([2, 1, 0, 0, 0, 0, 3])
    );
    assert_eq!(
        v["table3"]["partially_granted"],
        serde_json::json!([1, 0, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        v["table3"]["carried_forward"],
        serde_json::json!([0, 1, 0, 0, 0, 0, 1])
    );
    assert_eq!(
        v["table4"]["reconsideration"],
        serde_json::json!([1, 0, 0, 0, 1])
    );
    assert_eq!(v["table2"]["licensing"]["decisions"], 12);
    assert_eq!(v["table2"]["fees"]["amount_10k_yuan"], 1.5);
    assert!(
        v["sections"][0]["text"]
            .as_str()
            .unwrap()
            .contains("共收到政府信息公开申请3件")
    );
    // Next year: the carried application comes back.
    let o = run(
        &db,
        &[
            "ledger",
            "report",
            "--year",
            "2026",
            "--agency",
            "示例局",
            "--json",
        ],
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["table3"]["carried_over"],
        serde_json::json!([0, 1, 0, 0, 0, 0, 1])
    );
    let o = ok(&[
        "ledger",
        "explain",
        "--year",
        "2025",
        "--row",
        "6.属于四类过程性信息",
        "--column",
        "自然人",
    ]);
    assert!(o.contains("1 件") && o.contains("A3"), "{o}");
    let o = ok(&[
        "ledger",
        "explain",
        "--year",
        "2025",
        "--row",
        "carried_forward",
    ]);
    assert!(o.contains("A2"));

    // Export and import into another ledger.
    let xlsx = dir.path().join("out.xlsx");
    ok(&["ledger", "export", xlsx.to_str().unwrap()]);
    let other = dir.path().join("other.db");
    let o = run(&other, &["ledger", "import", xlsx.to_str().unwrap()]);
    assert!(text(&o).contains("已导入 3 件"), "{}", text(&o));
}

#[test]
fn import_rejects_the_whole_file_listing_every_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.db");
    let csv = dir.path().join("台账.csv");
    std::fs::write(
        &csv,
        "编号,收到日期,申请人类型,申请人,渠道,申请内容,办结日期,办理结果\n\
         B1,2025-03-03,自然人,张三,互联网,某文件,2025-03-20,（一）予以公开\n\
         B2,2025/03/32,自然人,李四,互联网,某文件,,\n\
         B3,2025-03-05,自然人,王五,互联网,某文件,2025-03-06,准予公开\n\
         B4,2025/03/04,自然人,赵六,互联网,某文件,2025年3月6日,予以公开\n",
    )
    .unwrap();
    let o = run(&db, &["ledger", "import", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(
        t.contains("共 2 处错误") && t.contains("第 3 行") && t.contains("第 4 行"),
        "{t}"
    );
    let o = run(&db, &["ledger", "show", "B1"]);
    assert_eq!(o.status.code(), Some(2), "nothing half-imported");
}
