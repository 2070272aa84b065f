//! `gongkai supervise` and its units through the binary: a unit list loaded and a pairing corrected by hand, published
//! pages ingested from a URL list, a renamed unit joined through the list's aliases.

mod supervise_kit;

use supervise_kit::*;

#[test]
fn units_are_loaded_from_a_list_and_a_pairing_is_corrected_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let c = gongkai_testkit::corpus();
    let ingest = |f: &str| {
        ok(&gongkai(
            &["supervise", "ingest", c.join(f).to_str().unwrap()],
            &db,
        ))
    };
    ingest("2021_pingtan-htp.txt");
    ingest("2019_pingtan-syq.txt");
    // The office's list: the 海坛 unit confirmed with its region, office and short name; a new unit; the
    // 管委会 under another name than the one its report prints.
    let list = dir.path().join("units.csv");
    std::fs::write(
        &list,
        "单位名称,地区,监督机关,别名\n\
         平潭综合实验区海坛片区管理局,福建省/平潭综合实验区,平潭综合实验区政务公开办,海坛片区管理局\n\
         平潭综合实验区财政金融局,福建省/平潭综合实验区,平潭综合实验区政务公开办,\n\
         平潭综合实验区管理委员会,福建省/平潭综合实验区,福建省政务公开办,\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(out.contains("新增 2 个，确认或更新 1 个"), "{out}");
    let units = ok(&gongkai(&["supervise", "units"], &db));
    let line = |name: &str| {
        units
            .lines()
            .find(|l| l.split('\t').nth(1) == Some(name))
            .unwrap_or_else(|| panic!("{name} in {units}"))
            .to_string()
    };
    let htp = line("平潭综合实验区海坛片区管理局");
    assert!(
        htp.contains("福建省/平潭综合实验区") && !htp.contains("待确认"),
        "{htp}"
    );
    let printed = line("平潭综合实验区");
    assert!(printed.contains("待确认"));
    // The same as a region tree: province, then the 实验区 with its three listed units and the inferred one.
    let tree = ok(&gongkai(&["supervise", "units", "--tree"], &db));
    let lines: Vec<&str> = tree.lines().collect();
    assert_eq!(lines[0], "福建省（4 个单位）", "{tree}");
    assert_eq!(lines[1], "  平潭综合实验区（4 个单位）", "{tree}");
    assert!(
        lines[2..].iter().all(|l| l.starts_with("    · ")) && lines.len() == 6,
        "{tree}"
    );
    assert!(
        tree.contains("平潭综合实验区海坛片区管理局［")
            && tree.contains("年度：2021；监督机关：平潭综合实验区政务公开办\n"),
        "{tree}"
    );
    let id = |l: &str| l.split('\t').next().unwrap().to_string();
    // The report printed as 平潭综合实验区 is the 管理委员会's: merged by hand.
    let (from, into) = (id(&printed), id(&line("平潭综合实验区管理委员会")));
    let bad = gongkai(&["supervise", "merge", "nosuchunit", "--into", &into], &db);
    assert_eq!(bad.status.code(), Some(2));
    ok(&gongkai(
        &["supervise", "merge", &from, "--into", &into],
        &db,
    ));
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert!(
        !units
            .lines()
            .any(|l| l.split('\t').nth(1) == Some("平潭综合实验区")),
        "{units}"
    );
    let merged = units
        .lines()
        .find(|l| l.contains("平潭综合实验区管理委员会"))
        .unwrap();
    assert!(merged.contains("2019（"), "the report moved: {merged}");
    // The printed name is now an alias: the same report in another form is a new version of that report.
    let out = ingest("2019_pingtan-syq.html");
    assert!(out.contains("已有报告的新版本 1 份"), "{out}");
    // Two units with a report of the same year are not merged.
    ingest("2021_pingtan-syq.txt");
    let clash = gongkai(&["supervise", "merge", &id(&htp), "--into", &into], &db);
    assert_eq!(clash.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&clash.stderr).contains("两个单位都有 2021 年度的报告"),
        "{}",
        String::from_utf8_lossy(&clash.stderr)
    );
}

#[test]
fn supervise_ingests_published_pages_from_a_url_list() {
    use gongkai_testkit::http::{Answer, Server};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let body = std::fs::read(gongkai_testkit::corpus().join("2021_pingtan-syq.txt")).unwrap();
    let server = Server::start(
        [
            ("/a".to_string(), Answer::redirect(302, "/2021.txt")),
            (
                "/2021.txt".to_string(),
                Answer::ok("text/plain; charset=utf-8", body),
            ),
        ]
        .into_iter()
        .collect(),
    );
    let list = dir.path().join("urls.txt");
    std::fs::write(
        &list,
        format!(
            "# 2021 年度\n{}\n{}\n",
            server.url("/a"),
            server.url("/none")
        ),
    )
    .unwrap();
    let args = [
        "supervise",
        "ingest",
        "--urls",
        list.to_str().unwrap(),
        "--interval",
        "0.05",
    ];
    let out = ok(&gongkai(&args, &db));
    assert!(out.contains("共 2 个文件：新报告 1 份"), "{out}");
    assert!(
        out.contains(&format!(
            "无法读取：{}：服务器返回 HTTP 404",
            server.url("/none")
        )),
        "{out}"
    );
    // A line that is not a URL: refused before anything is fetched, naming the line.
    std::fs::write(
        &list,
        format!("{}\nwww.example.gov.cn/a.html\n", server.url("/a")),
    )
    .unwrap();
    let bad = gongkai(&args, &db);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("第 2 行不是 http(s) 网址"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let before = server.requests().len();
    assert_eq!(before, 3, "the bad list fetched nothing");
    std::fs::write(&list, server.url("/a")).unwrap();
    let no_rate = gongkai(
        &[
            "supervise",
            "ingest",
            "--urls",
            list.to_str().unwrap(),
            "--interval=-1",
        ],
        &db,
    );
    assert_eq!(no_rate.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_rate.stderr).contains("--interval 应在 0 至 3600 秒之间"));
    assert_eq!(server.requests().len(), before);
}

/// A unit renamed between years (2023's report written as if 社会事业局 had become 社会发展局) is two units until
/// the office's list names the old name as an alias: then one unit with both years. A list that would join two
/// units with reports of the same year joins nothing and says why.
#[test]
fn a_renamed_unit_is_joined_through_the_lists_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sv.db");
    let c = gongkai_testkit::corpus();
    let renamed = dir.path().join("2023_renamed.txt");
    let text = std::fs::read_to_string(c.join("2023_pingtan-shs.txt")).unwrap();
    std::fs::write(&renamed, text.replace("社会事业局", "社会发展局")).unwrap();
    for f in [
        c.join("2021_pingtan-shs.txt"),
        renamed,
        c.join("2021_pingtan-htp.txt"),
    ] {
        ok(&gongkai(&["supervise", "ingest", f.to_str().unwrap()], &db));
    }
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 3, "{units}");

    let list = dir.path().join("units.csv");
    std::fs::write(
        &list,
        "单位名称,地区,监督机关,别名\n\
         平潭综合实验区社会发展局,福建省/平潭综合实验区,平潭综合实验区政务公开办,平潭综合实验区社会事业局\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(
        out.contains("“平潭综合实验区社会事业局”与“平潭综合实验区社会发展局”是同一单位（名单所列别名），已合并"),
        "{out}"
    );
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 2, "{units}");
    let joined = units
        .lines()
        .find(|l| l.split('\t').nth(1) == Some("平潭综合实验区社会发展局"))
        .unwrap();
    assert!(
        joined.contains("2021（") && joined.contains("2023（"),
        "{joined}"
    );

    // 海坛 and the joined unit both have 2021: not merged, and said so.
    std::fs::write(
        &list,
        "单位名称,别名\n平潭综合实验区海坛片区管理局,平潭综合实验区社会发展局\n",
    )
    .unwrap();
    let out = ok(&gongkai(
        &["supervise", "units", "--load", list.to_str().unwrap()],
        &db,
    ));
    assert!(
        out.contains("但未合并：两个单位都有 2021 年度的报告，不能合并"),
        "{out}"
    );
    let units = ok(&gongkai(&["supervise", "units"], &db));
    assert_eq!(units.lines().count(), 2, "{units}");
    // The refused alias is not kept: 社会发展局 is still the joined unit's name alone.
    let htp = units
        .lines()
        .find(|l| l.contains("海坛片区管理局"))
        .unwrap();
    assert!(htp.contains("2021（") && !htp.contains("2023（"), "{htp}");
    let out = gongkai(&["supervise", "units", "--tree"], &db);
    assert!(ok(&out).contains("平潭综合实验区社会发展局［"));
}
