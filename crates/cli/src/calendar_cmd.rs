//! `gongkai calendar`: whether a day is a working day and why, and the Nth working day after it.

use crate::ledger_cmd::{fail, parse_date};
use clap::Args;
use gongkai_ledger::WorkingCalendar;
use std::path::PathBuf;
use std::process::ExitCode;

/// `gongkai calendar` arguments.
#[derive(Args)]
pub struct CalendarArgs {
    /// 日期（YYYY-MM-DD）。
    date: String,
    /// 计算该日期之后第 N 个工作日（该日期本身不计）。
    #[arg(long)]
    add: Option<u32>,
    /// 以 JSON 输出。
    #[arg(long)]
    json: bool,
    /// 追加的节假日数据文件（格式同 crates/ledger/data/cn-workdays.toml），用于尚未收录的年份。
    #[arg(long)]
    calendar: Option<PathBuf>,
}

/// Runs `gongkai calendar`.
pub fn calendar(args: CalendarArgs) -> ExitCode {
    let cal = match &args.calendar {
        None => Ok(WorkingCalendar::official()),
        Some(p) => std::fs::read_to_string(p)
            .map_err(|e| format!("无法读取 {}：{e}", p.display()))
            .and_then(|t| WorkingCalendar::with_extra(&t).map_err(|e| e.to_string())),
    };
    let run = || -> Result<String, String> {
        let cal = cal?;
        let date = parse_date(&args.date)?;
        let working = cal.is_working_day(date).map_err(|e| e.to_string())?;
        let reason = cal.reason(date).map_err(|e| e.to_string())?;
        let result = args
            .add
            .map(|n| cal.add_working_days(date, n))
            .transpose()
            .map_err(|e| e.to_string())?;
        Ok(if args.json {
            let mut v = serde_json::json!({"date": date.to_string(), "working_day": working, "reason": reason});
            if let (Some(n), Some(r)) = (args.add, result) {
                v["add"] = n.into();
                v["result"] = r.to_string().into();
                v["result_reason"] = cal.reason(r).map_err(|e| e.to_string())?.into();
            }
            serde_json::to_string_pretty(&v).expect("JSON values serialize")
        } else {
            let mut s = format!("{reason}。");
            if let (Some(n), Some(r)) = (args.add, result) {
                s += &format!(
                    "\n{date} 之后第 {n} 个工作日为 {}（{}）。",
                    r,
                    gongkai_ledger::calendar::weekday_name(r)
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
