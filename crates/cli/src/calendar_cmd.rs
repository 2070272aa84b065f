//! `gongkai calendar`: whether a day is a working day and why, and the Nth working day after it; and
//! `gongkai calendar add`: a State Council holiday notice read from its text and added to a database's calendar.

use crate::ledger_cmd::{fail, parse_date};
use clap::{Args, Subcommand};
use gongkai_ledger::WorkingCalendar;
use gongkai_ledger::calendar::notice_text;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// `gongkai calendar` arguments.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    command: Option<CalendarCommand>,
    /// 日期（YYYY-MM-DD）。
    #[arg(required = true)]
    date: Option<String>,
    /// 计算该日期之后第 N 个工作日（该日期本身不计）。
    #[arg(long)]
    add: Option<u32>,
    /// 以 JSON 输出。
    #[arg(long)]
    json: bool,
    /// 追加的节假日数据文件（格式同 crates/ledger/data/cn-workdays.toml），用于尚未收录的年份。
    #[arg(long, conflicts_with = "db")]
    calendar: Option<PathBuf>,
    /// 使用该数据库的工作日历（含在网站或 calendar add 中录入的通知）：SQLite 文件路径或 postgres://… 地址。
    #[arg(long)]
    db: Option<String>,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// 录入国务院办公厅的节假日安排通知（全文，文件或 - 表示标准输入）：逐项核对所印星期和“共N天”，
    /// 存入数据库，并重新计算期限为暂定的案件，列出期限提前的案件。
    Add {
        /// 通知全文的文本文件；- 表示从标准输入读取。
        file: String,
        /// 文号（国办发明电〔YYYY〕N号），全文中未印文号时必填。
        #[arg(long)]
        number: Option<String>,
        /// 数据库：SQLite 文件路径，或 postgres://… 地址。
        #[arg(long, env = "GONGKAI_DB", default_value = "gongkai.db")]
        db: String,
        /// 录入人（默认为当前系统用户）。
        #[arg(long)]
        by: Option<String>,
        /// 以该日为“今天”（YYYY-MM-DD，默认为北京时间的当天），记作录入日期。
        #[arg(long, env = "GONGKAI_TODAY")]
        today: Option<String>,
        /// 只读取和核对，不存入。
        #[arg(long)]
        dry_run: bool,
    },
}

/// The longest notice text accepted, in bytes (the longest real notice is under 3 KB).
const MAX_NOTICE: u64 = 64 * 1024;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

async fn open(db: &str) -> Result<gongkai_store::Store, String> {
    gongkai_store::Store::open(db)
        .await
        .map_err(|e| format!("无法打开数据库 {db}：{e}"))
}

/// Runs `gongkai calendar`.
pub fn calendar(args: CalendarArgs) -> ExitCode {
    if let Some(CalendarCommand::Add {
        file,
        number,
        db,
        by,
        today,
        dry_run,
    }) = args.command
    {
        let today = match gongkai_ledger::today::Today::from_option(today.as_deref()) {
            Ok(t) => t,
            Err(e) => return fail(e),
        };
        return match add(&file, number.as_deref(), &db, by, today, dry_run) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        };
    }
    let cal = match (&args.calendar, &args.db) {
        (Some(p), _) => std::fs::read_to_string(p)
            .map_err(|e| format!("无法读取 {}：{e}", p.display()))
            .and_then(|t| WorkingCalendar::with_extra(&t).map_err(|e| e.to_string())),
        (None, Some(db)) => runtime()
            .block_on(open(db))
            .map(|s| (*s.calendar()).clone()),
        (None, None) => Ok(WorkingCalendar::official()),
    };
    let run = || -> Result<String, String> {
        let cal = cal?;
        let date = parse_date(args.date.as_deref().unwrap_or_default())?;
        let working = cal.is_working_day(date).map_err(|e| e.to_string())?;
        let reason = cal.reason(date).map_err(|e| e.to_string())?;
        let result = args
            .add
            .map(|n| cal.add_working_days(date, n))
            .transpose()
            .map_err(|e| e.to_string())?;
        Ok(if args.json {
            let mut v = serde_json::json!({
                "date": date.to_string(),
                "working_day": working,
                "reason": reason,
                "provisional": cal.is_provisional(date),
            });
            if let (Some(n), Some(r)) = (args.add, result) {
                v["add"] = n.into();
                v["result"] = r.to_string().into();
                v["result_reason"] = cal.reason(r).map_err(|e| e.to_string())?.into();
                v["result_provisional"] = cal.is_provisional(r).into();
            }
            serde_json::to_string_pretty(&v).expect("JSON values serialize")
        } else {
            let mut s = format!("{reason}。");
            if let (Some(n), Some(r)) = (args.add, result) {
                s += &format!(
                    "\n{date} 之后第 {n} 个工作日为 {}（{}）{}。",
                    r,
                    gongkai_ledger::calendar::weekday_name(r),
                    if cal.is_provisional(r) {
                        format!("，暂定：{}", gongkai_ledger::calendar::PROVISIONAL_NOTE)
                    } else {
                        String::new()
                    }
                );
            }
            s
        })
    };
    match run() {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// Reads at most [`MAX_NOTICE`] bytes of a notice's text from a file or standard input.
fn read_text(file: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let what = if file == "-" {
        "标准输入".to_string()
    } else {
        file.to_string()
    };
    let read = if file == "-" {
        std::io::stdin()
            .take(MAX_NOTICE + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_NOTICE + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("无法读取 {what}：{e}"))?;
    if bytes.len() as u64 > MAX_NOTICE {
        return Err(format!(
            "{what} 超过 {} KB，不是一份节假日安排通知",
            MAX_NOTICE / 1024
        ));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} 不是 UTF-8 编码的文本"))
}

fn add(
    file: &str,
    number: Option<&str>,
    db: &str,
    by: Option<String>,
    today: gongkai_ledger::today::Today,
    dry_run: bool,
) -> Result<(), String> {
    let text = read_text(file)?;
    let parsed = notice_text::parse(&text, number).map_err(|errors| {
        format!(
            "通知未录入，共 {} 处问题：\n  {}",
            errors.len(),
            errors.join("\n  ")
        )
    })?;
    println!("{}（{} 年）：", parsed.source(), parsed.year);
    for i in &parsed.items {
        let work = i.workdays_words();
        println!(
            "  {}：{}{}",
            i.holiday,
            i.span_words(),
            if work.is_empty() {
                String::new()
            } else {
                format!("；{work}上班")
            }
        );
    }
    runtime().block_on(async {
        let store = open(db).await?;
        let mut trial = (*store.calendar()).clone();
        trial.add_notice(&parsed).map_err(|e| e.to_string())?;
        if dry_run {
            println!("核对无误（--dry-run，未存入）。");
            return Ok(());
        }
        let who = by
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "命令行".into());
        let now = today.now().to_rfc3339();
        let changes = store
            .add_calendar_notice(&parsed, &text, &who, &now)
            .await
            .map_err(|e| e.to_string())?;
        println!("已录入，工作日历收录至 {}。", store.calendar().coverage().1);
        if changes.is_empty() {
            println!("没有案件的答复期限因此提前。");
        } else {
            println!("以下 {} 件案件的答复期限提前，请核对：", changes.len());
            for c in &changes {
                println!("  {} 由 {} 提前至 {}", c.id, c.old_due, c.new_due);
            }
        }
        Ok(())
    })
}
