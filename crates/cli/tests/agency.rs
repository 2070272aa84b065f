//! `gongkai agency` through the binary: agencies registered one by one and from the unit list, each placed in
//! the supervision region tree; a wrong list changes nothing and names every bad row.

mod supervise_kit;

use supervise_kit::{gongkai, ok};

fn err(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn agencies_are_registered_checked_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("platform.db");
    let today = "--today=2026-12-07";
    // The check character is computed by hand (GB 32100-2015); one changed character is refused.
    let add = |code: &str| {
        gongkai(
            &[
                "agency",
                "add",
                today,
                "--name",
                "新郑市教育局",
                "--code",
                code,
                "--short",
                "市教育局",
                "--region",
                "河南省 郑州市 新郑市",
                "--office",
                "新郑市人民政府办公室",
            ],
            &db,
        )
    };
    let wrong = err(&add("11410184005252780X"));
    assert!(
        wrong.contains("校验位（第 18 位）应为“Y”，实为“X”"),
        "{wrong}"
    );
    assert!(ok(&add("11410184005252780Y")).contains("已登记机关“新郑市教育局”"));
    assert!(ok(&add("11410184005252780Y")).contains("已更新"));

    // A list with two bad rows: nothing is registered, and both rows are named.
    let list = dir.path().join("agencies.csv");
    std::fs::write(
        &list,
        "单位名称,统一社会信用代码,简称,地区,监督机关,别名,网站域名\n\
         新郑市财政局,11410184005252799U,市财政局,河南省/郑州市/新郑市,新郑市人民政府办公室,,czj.xinzheng.gov.cn\n\
         新郑市某某局,11410184005252780Y,,河南省/郑州市/新郑市,,,\n\
         某某办公室,11410184MB1234567J,,,,,\n",
    )
    .unwrap();
    let bad = err(&gongkai(
        &["agency", "import", today, list.to_str().unwrap()],
        &db,
    ));
    assert!(
        bad.contains(
            "第 3 行（新郑市某某局）：统一社会信用代码 11410184005252780Y 已由“新郑市教育局”登记"
        ),
        "{bad}"
    );
    assert!(bad.contains("第 4 行（某某办公室）：缺少地区"), "{bad}");
    let listed = ok(&gongkai(&["agency", "list"], &db));
    assert!(listed.contains("共 1 个机关"), "{listed}");

    // The list mended: the education bureau's row confirms it (found by its name), two are new; the region
    // of the 郑州 row is read from its name.
    std::fs::write(
        &list,
        "单位名称,统一社会信用代码,简称,地区,监督机关,别名,网站域名\n\
         新郑市财政局,11410184005252799U,市财政局,河南省/郑州市/新郑市,新郑市人民政府办公室,,czj.xinzheng.gov.cn\n\
         新郑市教育局,11410184005252780Y,教育局,河南省/郑州市/新郑市,新郑市人民政府办公室,,\n\
         郑州市某某办公室,11410100005252001C,,,郑州市人民政府办公室,,\n",
    )
    .unwrap();
    let done = ok(&gongkai(
        &["agency", "import", today, list.to_str().unwrap()],
        &db,
    ));
    assert!(done.contains("新登记 2 个，更新 1 个"), "{done}");
    let listed = ok(&gongkai(&["agency", "list"], &db));
    let row = |code: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("{code} in {listed}"))
            .split('\t')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("11410184005252799U"),
        [
            "11410184005252799U",
            "新郑市财政局",
            "市财政局",
            "河南省/郑州市/新郑市",
            "新郑市人民政府办公室",
            "czj.xinzheng.gov.cn"
        ]
    );
    assert_eq!(row("11410184005252780Y")[2], "教育局");
    assert_eq!(row("11410100005252001C")[3], "郑州市");
    assert!(listed.contains("共 3 个机关"), "{listed}");
    // The agencies are units of the supervision region tree, confirmed (not “待确认”).
    let units = ok(&gongkai(&["supervise", "units"], &db));
    let edu = units
        .lines()
        .find(|l| l.contains("新郑市教育局"))
        .unwrap_or_else(|| panic!("{units}"));
    assert!(
        edu.contains("河南省/郑州市/新郑市") && !edu.contains("待确认"),
        "{edu}"
    );
}

#[test]
fn roles_are_granted_and_revoked_in_a_registered_agency() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("platform.db");
    ok(&gongkai(
        &[
            "agency",
            "add",
            "--today=2026-12-07",
            "--name",
            "新郑市教育局",
            "--code",
            "11410184005252780Y",
            "--region",
            "河南省/郑州市/新郑市",
        ],
        &db,
    ));
    ok(&gongkai(
        &["user", "add", "zhang", "--role", "staff", "--name", "张三"],
        &db,
    ));
    let grant = |user: &str, role: &str| {
        gongkai(
            &[
                "agency",
                "grant",
                "--code",
                "11410184005252780Y",
                "--user",
                user,
                "--role",
                role,
            ],
            &db,
        )
    };
    assert!(ok(&grant("zhang", "office_head")).contains("账号 zhang 已在“新郑市教育局”担任负责人"));
    assert!(err(&grant("nobody", "staff")).contains("没有用户名为 nobody 的账号"));
    assert!(err(&grant("zhang", "admin")).contains("不能是“admin”"));
    let unknown = err(&gongkai(
        &[
            "agency",
            "grant",
            "--code",
            "11410184005252799U",
            "--user",
            "zhang",
        ],
        &db,
    ));
    assert!(
        unknown.contains("没有登记统一社会信用代码为 11410184005252799U 的机关"),
        "{unknown}"
    );
    let revoke = gongkai(
        &[
            "agency",
            "revoke",
            "--code",
            "11410184005252780Y",
            "--user",
            "zhang",
        ],
        &db,
    );
    assert!(ok(&revoke).contains("已撤销账号 zhang 在“新郑市教育局”的角色"));
}

#[test]
fn the_ledger_commands_work_in_the_agency_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("platform.db");
    ok(&gongkai(
        &[
            "agency",
            "add",
            "--today=2026-12-07",
            "--name",
            "新郑市教育局",
            "--code",
            "11410184005252780Y",
            "--region",
            "河南省/郑州市/新郑市",
        ],
        &db,
    ));
    let add = |agency: Option<&str>, content: &str| {
        let mut args = vec![
            "ledger",
            "add",
            "--today=2026-12-07",
            "--id",
            "2026-001",
            "--applicant",
            "自然人",
            "--name",
            "张三",
            "--channel",
            "互联网",
            "--received",
            "2026-12-01",
            "--content",
            content,
        ];
        if let Some(a) = agency {
            args.extend(["--agency-code", a]);
        }
        gongkai(&args, &db)
    };
    // The same case number in the deployment's own ledger and in the 教育局's.
    ok(&add(None, "本局文件"));
    ok(&add(Some("11410184005252780Y"), "教育局文件"));
    let show = |agency: Option<&str>| {
        let mut args = vec!["ledger", "show", "--today=2026-12-07", "2026-001"];
        if let Some(a) = agency {
            args.extend(["--agency-code", a]);
        }
        ok(&gongkai(&args, &db))
    };
    let own = show(None);
    let edu = show(Some("11410184005252780Y"));
    assert!(
        own.contains("本局文件") && !own.contains("教育局文件"),
        "{own}"
    );
    assert!(
        edu.contains("教育局文件") && !edu.contains("本局文件"),
        "{edu}"
    );
    let unknown = err(&add(Some("11410184005252799U"), "x"));
    assert!(
        unknown.contains("平台上没有登记统一社会信用代码为 11410184005252799U 的机关"),
        "{unknown}"
    );
}
