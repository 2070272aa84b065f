//! The `gongkai` binary: argument parsing and printing only.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod agency_cmd;
mod assess_cmd;
mod backup_cmd;
mod calendar_cmd;
mod check_cmd;
mod ledger_cmd;
mod ledger_report;
mod serve_cmd;
mod supervise_cmd;
mod write_cmd;

/// gongkai：政府信息公开工作年度报告的读取与检查。
#[derive(Parser)]
#[command(
    name = "gongkai",
    version = concat!(env!("CARGO_PKG_VERSION"), "（提交 ", env!("GONGKAI_COMMIT"), "）"),
    about = "gongkai：读取、检查政府信息公开工作年度报告"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取一份年度报告，输出其内容（表二、表三、表四及元数据）。
    Read {
        /// 报告文件（文本或 HTML，按内容识别）。
        report: PathBuf,
        /// 输出交换格式 JSON（含来源位置与读取说明）。
        #[arg(long)]
        json: bool,
    },
    /// 检查一份或多份年度报告（可为目录），报告每一处问题。退出码：0 无问题，1 发现问题，2 无法读取。
    Check {
        /// 报告文件或目录。
        #[arg(required = true)]
        reports: Vec<PathBuf>,
        /// 上一年度的报告，用于核对结转数和现行有效件数。
        #[arg(long)]
        previous: Option<PathBuf>,
        /// 输出格式：human（默认）或 json。
        #[arg(long, value_enum, default_value = "human")]
        format: check_cmd::OutputFormat,
    },
    /// 查询工作日历：某日是否为工作日及原因；--add N 计算之后第 N 个工作日；calendar add 录入节假日安排通知。
    Calendar(calendar_cmd::CalendarArgs),
    /// 依申请公开台账：登记申请和办理环节、计算答复期限、生成年度报告。
    Ledger(ledger_cmd::LedgerArgs),
    /// 生成一份可编辑的年度报告草稿（TOML，-o 以 .json 结尾时为 JSON）：六个部分标题、全部表格单元格为 0、
    /// 含统计期限的开头段落，并以中文注释标明每一行、每一列。
    New {
        /// 格式版本：2019 或 2021（默认按年度：2020 年及以前为 2019）。
        #[arg(long)]
        format: Option<String>,
        /// 报告年度。
        #[arg(long)]
        year: i32,
        /// 机关名称。
        #[arg(long)]
        agency: String,
        /// 输出文件（.toml 或 .json）。
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// 按官方格式写出年度报告（html、docx、pdf、xlsx、md、json）。先运行全部检查，有错误时拒绝写出（--force 除外）。
    Write {
        /// 草稿（.toml 或 .json），或任何可读取的年度报告文件。
        input: PathBuf,
        /// 输出格式（默认取输出文件的扩展名）。
        #[arg(long)]
        to: Option<String>,
        /// 输出文件。
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// 即使检查发现错误也写出。
        #[arg(long)]
        force: bool,
    },
    /// 启动网站：政府信息公开指南、在线申请和办理进度查询（首次启动时建立 SQLite 数据库）。
    Serve(serve_cmd::ServeArgs),
    /// 配置文件的检查。
    Config(serve_cmd::ConfigArgs),
    /// 监督：多个单位的年度报告的保存、跨年度衔接、更正和数据集导出。
    Supervise(supervise_cmd::SuperviseArgs),
    /// 平台上的机关：登记（统一社会信用代码经校验）、从单位名单导入、列出。
    Agency(agency_cmd::AgencyArgs),
    /// 网站的账号（工作人员、负责人、监督人员、管理员）。
    User(serve_cmd::UserArgs),
    /// 备份数据库：SQLite 在服务运行中也得到一致的副本（记录数据库结构版本）。
    Backup(backup_cmd::BackupArgs),
    /// 从 gongkai backup 的备份恢复到新的数据库文件（拒绝更新版本的备份，不覆盖已有数据库）。
    Restore(backup_cmd::RestoreArgs),
    /// 供程序调用 JSON API 的令牌。
    Token(serve_cmd::TokenArgs),
    /// 列出检查规则目录（代码、严重程度、检查内容及依据）。
    Rules {
        /// 以 Markdown 表格输出（即 docs/rules.md）。
        #[arg(long)]
        markdown: bool,
    },
}

fn main() -> ExitCode {
    // Output piped into `head` and the like: end quietly when the reader goes away, as Unix tools do,
    // instead of failing on a broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // PDFs are parsed by a child of this program, so that a hostile one cannot take the process's memory.
    if std::env::args_os().nth(1).as_deref()
        == Some(std::ffi::OsStr::new(gongkai_read::pdf::isolate::CHILD_ARG))
    {
        return gongkai_read::pdf::isolate::child_main();
    }
    if let Ok(exe) = std::env::current_exe() {
        gongkai_read::pdf::isolate::isolate_with(exe);
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Read { report, json } => read(&report, json),
        Command::Check {
            reports,
            previous,
            format,
        } => check_cmd::run(&reports, previous.as_deref(), format),
        Command::New {
            format,
            year,
            agency,
            output,
        } => write_cmd::new(format.as_deref(), year, &agency, &output),
        Command::Write {
            input,
            to,
            output,
            force,
        } => write_cmd::write(&input, to.as_deref(), &output, force),
        Command::Calendar(args) => calendar_cmd::calendar(args),
        Command::Ledger(args) => ledger_cmd::ledger(args),
        Command::Serve(args) => serve_cmd::serve(args),
        Command::Config(args) => serve_cmd::config(args),
        Command::Supervise(args) => supervise_cmd::supervise(args),
        Command::Agency(args) => agency_cmd::agency(args),
        Command::User(args) => serve_cmd::user(args),
        Command::Token(args) => serve_cmd::token(args),
        Command::Backup(args) => backup_cmd::backup(args),
        Command::Restore(args) => backup_cmd::restore(args),
        Command::Rules { markdown } => {
            print!("{}", check_cmd::rules_doc(markdown));
            ExitCode::SUCCESS
        }
    }
}

fn read(path: &std::path::Path, json: bool) -> ExitCode {
    let report = match gongkai_read::read_path(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：{}：{e}", path.display());
            return ExitCode::from(2);
        }
    };
    if json {
        let v = gongkai_model::exchange::to_json(&report, true);
        println!(
            "{}",
            serde_json::to_string_pretty(&v).expect("JSON values serialize")
        );
    } else {
        print!("{}", check_cmd::summary(&report));
    }
    ExitCode::SUCCESS
}
