//! `gongkai ledger …`: the case ledger (cases, steps, clocks, due list, 表二, import and export; the report side
//! is in ledger_report.rs).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use gongkai_ledger::case::{ApplicantType, Application, Channel, Event, EventKind};
use gongkai_ledger::clock::{self, ClockSettings, Status};
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

/// `gongkai ledger` arguments.
#[derive(Args)]
pub struct LedgerArgs {
    /// 台账数据库：SQLite 文件路径（默认 gongkai-ledger.db，不存在则创建）或 postgres://… 地址。
    #[arg(
        long,
        env = "GONGKAI_DB",
        default_value = "gongkai-ledger.db",
        global = true
    )]
    db: String,
    /// 收到申请当日为工作日的，计为答复期限第 1 日（默认不计，自次日起算）。
    #[arg(long, global = true)]
    count_receipt_day: bool,
    /// 收费通知至缴费期间照常计入答复期限（默认不计入）。
    #[arg(long, global = true)]
    no_fee_pause: bool,
    /// 以该日为“今天”（YYYY-MM-DD，默认为北京时间的当天）：晚于该日的日期不予登记，到期清单以该日计算。
    #[arg(long, env = "GONGKAI_TODAY", global = true)]
    today: Option<String>,
    /// 平台上的机关（统一社会信用代码）：在该机关的台账中办理（默认为本部署机关）。
    #[arg(long, env = "GONGKAI_AGENCY_CODE", global = true)]
    agency_code: Option<String>,
    #[command(subcommand)]
    command: LedgerCommand,
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// 登记一件政府信息公开申请。
    Add {
        /// 案件编号（唯一）。
        #[arg(long)]
        id: String,
        /// 申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他。
        #[arg(long)]
        applicant: String,
        /// 申请人姓名或名称。
        #[arg(long)]
        name: String,
        /// 渠道：当面提交、邮寄、平常信函、互联网、传真。
        #[arg(long)]
        channel: String,
        /// 收到申请之日（条例第三十一条），YYYY-MM-DD。
        #[arg(long)]
        received: String,
        /// 申请内容。
        #[arg(long)]
        content: String,
    },
    /// 为申请登记一个办理环节。
    Event {
        /// 案件编号。
        id: String,
        /// 环节：correction-requested（补正通知）、correction-received（收到补正）、correction-lapsed（逾期未补正）、
        /// extended（延期）、consultation-sent（征求意见）、consultation-answered（征求意见答复）、
        /// fee-notified（收费通知）、fee-paid（缴费）、fee-unpaid（逾期未缴费）、withdrawn（撤回）、replied（答复）。
        kind: String,
        /// 日期，YYYY-MM-DD。
        #[arg(long)]
        date: String,
        /// 答复的办理结果（表三行，如“（一）予以公开”“4.保护第三方合法权益”或 denied.third_party）。
        #[arg(long)]
        outcome: Option<String>,
        /// 延期的工作日数。
        #[arg(long)]
        days: Option<u32>,
        /// 延期批准人。
        #[arg(long)]
        approved_by: Option<String>,
        /// 征求意见对象：第三方 或 其他行政机关。
        #[arg(long)]
        party: Option<String>,
        /// 征求意见对象的名称（用于征求意见函）。
        #[arg(long)]
        consulted: Option<String>,
        /// 收费金额（元）。
        #[arg(long)]
        amount: Option<String>,
    },
    /// 显示一件申请及其答复期限的计算过程。
    Show {
        /// 案件编号。
        id: String,
        /// 以 JSON 输出。
        #[arg(long)]
        json: bool,
    },
    /// 列出即将到期和已超期的申请。
    Due {
        /// 列出剩余不超过 N 个工作日的申请。
        #[arg(long, default_value_t = 5)]
        within: u32,
    },
    /// 登记一件行政复议或行政诉讼案件（表四）。
    Review {
        /// 案件编号。
        #[arg(long)]
        id: String,
        /// 类别：行政复议、直接起诉、复议后起诉。
        #[arg(long)]
        kind: String,
        /// 立案（申请、起诉）日期。
        #[arg(long)]
        filed: String,
        /// 审结日期。
        #[arg(long)]
        concluded: Option<String>,
        /// 结果：维持、纠正、其他。
        #[arg(long)]
        result: Option<String>,
        /// 所涉申请的案件编号。
        #[arg(long)]
        application: Option<String>,
    },
    /// 录入某年度的主动公开数据（表二，交换格式 JSON 对象）。
    Proactive {
        /// 年度。
        #[arg(long)]
        year: i32,
        /// 表二 JSON 文件，如 {"licensing": {"decisions": 12}}。
        file: PathBuf,
    },
    /// 由台账生成某年度的年度报告（表二、表三、表四及正文框架），并运行全部检查。
    Report {
        /// 年度。
        #[arg(long)]
        year: i32,
        /// 机关名称。
        #[arg(long)]
        agency: String,
        /// 输出交换格式 JSON。
        #[arg(long)]
        json: bool,
    },
    /// 列出表三（或表四）某一单元格背后的案件。
    Explain {
        /// 年度。
        #[arg(long)]
        year: i32,
        /// 行：表三的行键（如 granted、carried_forward）或办理结果标签；表四为行政复议、直接起诉或复议后起诉。
        #[arg(long)]
        row: String,
        /// 列：表三为申请人类型或“总计”；表四为维持、纠正、其他、尚未审结或“总计”。
        #[arg(long, default_value = "总计")]
        column: String,
        /// 查询表四。
        #[arg(long)]
        table4: bool,
    },
    /// 导入 Excel（.xlsx）或 CSV 台账；有任何错误行则整个文件不导入，并列出全部错误行。
    Import {
        /// 台账文件。
        file: PathBuf,
    },
    /// 将台账导出为 Excel（.xlsx），格式与导入格式相同。
    Export {
        /// 输出文件。
        file: PathBuf,
    },
    /// 计算信息处理费（国办函〔2020〕109号）。
    Fee {
        /// 按件计收：该申请人本自然月的第 N 件申请。
        #[arg(long, conflicts_with_all = ["pages", "case"])]
        count: Option<u32>,
        /// 按量计收：页数。
        #[arg(long, conflicts_with = "case")]
        pages: Option<u32>,
        /// 按件计收：由台账数出该案件是其申请人本自然月的第几件申请。
        #[arg(long)]
        case: Option<String>,
    },
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("“{s}”不是 YYYY-MM-DD 格式的日期"))
}

pub(crate) fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("错误：{msg}");
    ExitCode::from(2)
}

fn event_kind(
    kind: &str,
    outcome: Option<String>,
    days: Option<u32>,
    approved_by: Option<String>,
    party: Option<String>,
    consulted: Option<String>,
    amount: Option<String>,
) -> Result<EventKind, String> {
    EventKind::from_parts(
        kind,
        outcome.as_deref(),
        days,
        approved_by.as_deref(),
        party.as_deref(),
        consulted.as_deref(),
        amount.as_deref(),
    )
    .map_err(|e| format!("{e}（见 gongkai ledger event --help）"))
}

/// “（暂定）” after a due date that lies past the calendar's data.
fn provisional_mark(c: &clock::Clock) -> &'static str {
    if c.provisional { "（暂定）" } else { "" }
}

fn print_clock(app: &Application, c: &clock::Clock) {
    println!(
        "案件 {}：{}（{}），{}",
        app.id,
        app.applicant_name,
        app.applicant.label(),
        app.content
    );
    println!("答复期限：{}", c.due_words());
    for (i, s) in c.steps.iter().enumerate() {
        println!("  {}. {s}", i + 1);
    }
    for w in &c.warnings {
        println!("  注意：{w}");
    }
    match &c.status {
        Status::Running => println!("状态：办理中"),
        Status::Paused { reason } => println!("状态：暂停计时（{reason}）"),
        Status::Closed {
            date,
            outcome,
            late,
        } => {
            println!(
                "状态：已于 {date} 办结，计入表三“{}”{}",
                outcome.label(),
                if *late { "，逾期答复" } else { "" }
            )
        }
    }
}

/// Runs `gongkai ledger …`.
pub fn ledger(args: LedgerArgs) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(run(args))
}

async fn run(args: LedgerArgs) -> ExitCode {
    let settings = ClockSettings {
        count_receipt_day: args.count_receipt_day,
        fee_pause: !args.no_fee_pause,
    };
    let today = match Today::from_option(args.today.as_deref()) {
        Ok(t) => t.date(),
        Err(e) => return fail(e),
    };
    if let LedgerCommand::Fee {
        count,
        pages,
        case: None,
    } = &args.command
    {
        let fee = match (count, pages) {
            (Some(n), None) => gongkai_ledger::fees::by_count(*n),
            (None, Some(p)) => gongkai_ledger::fees::by_pages(*p),
            _ => return fail("请给出 --count（按件计收）、--pages（按量计收）或 --case 之一"),
        };
        println!("{}", fee.explanation);
        return ExitCode::SUCCESS;
    }
    let store = match Store::open(&args.db).await {
        Ok(s) => s,
        Err(e) => return fail(format!("无法打开台账 {}：{e}", args.db)),
    };
    let store = match args.agency_code.as_deref().map(str::trim) {
        None | Some("") => store,
        Some(code) => match store.agency_by_code(code).await {
            Ok(Some(a)) => store.for_agency(&a.unit.id),
            Ok(None) => return fail(format!("平台上没有登记统一社会信用代码为 {code} 的机关")),
            Err(e) => return fail(e),
        },
    };
    let cal = store.calendar();
    match args.command {
        LedgerCommand::Fee { case, .. } => {
            let id = case.expect("the other fee forms are handled above");
            let apps = match store.applications(false).await {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let Some(app) = apps.iter().find(|a| a.id == id) else {
                return fail(format!("没有编号为 {id} 的案件"));
            };
            let n = gongkai_ledger::fees::count_in_month(&apps, app);
            println!("{}", gongkai_ledger::fees::by_count(n).explanation);
            ExitCode::SUCCESS
        }
        LedgerCommand::Add {
            id,
            applicant,
            name,
            channel,
            received,
            content,
        } => {
            let app = (|| -> Result<Application, String> {
                Ok(Application {
                    id,
                    applicant: ApplicantType::parse(&applicant)
                        .ok_or(format!("申请人类型“{applicant}”无法识别"))?,
                    applicant_name: name,
                    channel: Channel::parse(&channel).ok_or(format!("渠道“{channel}”无法识别"))?,
                    received: parse_date(&received)?,
                    content,
                    events: vec![],
                })
            })();
            let app = match app {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            match store
                .add_applications(std::slice::from_ref(&app), today)
                .await
            {
                Ok(()) => match clock::clock(&app, &cal, settings) {
                    Ok(c) => {
                        println!("已登记案件 {}，答复期限 {}。", app.id, c.due_words());
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                },
                Err(e) => fail(e),
            }
        }
        LedgerCommand::Event {
            id,
            kind,
            date,
            outcome,
            days,
            approved_by,
            party,
            consulted,
            amount,
        } => {
            let event = match (
                parse_date(&date),
                event_kind(&kind, outcome, days, approved_by, party, consulted, amount),
            ) {
                (Ok(date), Ok(kind)) => Event { date, kind },
                (Err(e), _) | (_, Err(e)) => return fail(e),
            };
            match store.add_event(&id, event, today).await {
                Ok(app) => match clock::clock(&app, &cal, settings) {
                    Ok(c) => {
                        print_clock(&app, &c);
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                },
                Err(e) => fail(e),
            }
        }
        LedgerCommand::Show { id, json } => match store.application(&id).await {
            Ok(Some(app)) => match clock::clock(&app, &cal, settings) {
                Ok(c) => {
                    if json {
                        let v = serde_json::json!({"application": app, "clock": c});
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&v).expect("JSON values serialize")
                        );
                    } else {
                        print_clock(&app, &c);
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            },
            Ok(None) => fail(format!("没有编号为 {id} 的案件")),
            Err(e) => fail(e),
        },
        LedgerCommand::Due { within } => {
            let apps = match store.applications(true).await {
                Ok(a) => a,
                Err(e) => return fail(e),
            };
            let (mut overdue, mut soon) = (Vec::new(), Vec::new());
            for app in &apps {
                let c = match clock::clock(app, &cal, settings) {
                    Ok(c) => c,
                    Err(e) => return fail(format!("案件 {}：{e}", app.id)),
                };
                if clock::overdue(&c, today) {
                    overdue.push(format!(
                        "  {} 期限 {}{}（已超期）{}",
                        app.id,
                        c.due,
                        provisional_mark(&c),
                        app.content
                    ));
                } else if let Ok(Some(left)) = clock::days_left(&c, &cal, today)
                    && left <= within
                {
                    soon.push(format!(
                        "  {} 期限 {}{}（剩余 {left} 个工作日）{}",
                        app.id,
                        c.due,
                        provisional_mark(&c),
                        app.content
                    ));
                }
            }
            println!(
                "截至 {today}：已超期 {} 件，{within} 个工作日内到期 {} 件。",
                overdue.len(),
                soon.len()
            );
            for l in overdue.iter().chain(&soon) {
                println!("{l}");
            }
            if overdue.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        LedgerCommand::Review {
            id,
            kind,
            filed,
            concluded,
            result,
            application,
        } => {
            crate::ledger_report::review(&store, id, &kind, &filed, concluded, result, application)
                .await
        }
        LedgerCommand::Proactive { year, file } => {
            let v: Result<serde_json::Value, String> = std::fs::read_to_string(&file)
                .map_err(|e| format!("无法读取 {}：{e}", file.display()))
                .and_then(|t| {
                    serde_json::from_str(&t)
                        .map_err(|e| format!("{} 不是有效的 JSON：{e}", file.display()))
                });
            match v {
                Ok(v) if v.is_object() => match store.set_proactive(year, &v).await {
                    Ok(()) => {
                        println!("已保存 {year} 年度主动公开数据。");
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                },
                Ok(_) => fail("表二数据应为 JSON 对象（行键 → 列键 → 数值）"),
                Err(e) => fail(e),
            }
        }
        LedgerCommand::Report { year, agency, json } => {
            crate::ledger_report::report(&store, year, &agency, json).await
        }
        LedgerCommand::Explain {
            year,
            row,
            column,
            table4,
        } => crate::ledger_report::explain(&store, year, &row, &column, table4).await,
        LedgerCommand::Import { file } => match store.import_file(&file, today).await {
            Ok(n) => {
                println!("已导入 {n} 件申请。");
                ExitCode::SUCCESS
            }
            Err(errors) => {
                eprintln!(
                    "错误：{} 未导入（共 {} 处错误，未保存任何数据）：",
                    file.display(),
                    errors.len()
                );
                for e in errors {
                    eprintln!("  {e}");
                }
                ExitCode::from(2)
            }
        },
        LedgerCommand::Export { file } => match store.export_file(&file).await {
            Ok((n, skipped)) => {
                println!("已导出 {n} 件申请到 {}。", file.display());
                if !skipped.is_empty() {
                    println!(
                        "以下案件的办理环节无法放入一行（如两次延期），未导出：{}",
                        skipped.join("、")
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}
