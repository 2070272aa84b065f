//! `gongkai agency …`: the platform's agencies — registered one at a time or from the unit list, and listed.

use crate::ledger_cmd::fail;
use clap::{Args, Subcommand};
use gongkai_ledger::today::Today;
use gongkai_store::Store;
use gongkai_supervise::agencies::{self, NewAgency};
use std::path::PathBuf;
use std::process::ExitCode;

/// `gongkai agency` arguments.
#[derive(Args)]
pub struct AgencyArgs {
    #[command(subcommand)]
    command: AgencyCommand,
    /// 数据库：SQLite 文件路径，或 postgres://… 地址。
    #[arg(long, env = "GONGKAI_DB", global = true, default_value = "gongkai.db")]
    db: String,
    /// 以该日为“今天”（YYYY-MM-DD，默认为北京时间的当天），记作登记日期。
    #[arg(long, env = "GONGKAI_TODAY", global = true)]
    today: Option<String>,
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// 登记一个机关（已登记的同名机关则更新其信息）：统一社会信用代码经校验，机关置于地区树中。
    Add {
        /// 机关全称。
        #[arg(long)]
        name: String,
        /// 统一社会信用代码（18 位）。
        #[arg(long)]
        code: String,
        /// 简称（默认为全称）。
        #[arg(long, default_value = "")]
        short: String,
        /// 所在地区（如 河南省/郑州市/新郑市）。
        #[arg(long)]
        region: String,
        /// 监督机关（如 新郑市人民政府办公室）。
        #[arg(long, default_value = "")]
        office: String,
        /// 机关自己的网站域名（可选）。
        #[arg(long)]
        host: Option<String>,
    },
    /// 按地区列出已登记的机关。
    List,
    /// 从单位名单（CSV 或 XLSX：单位名称、统一社会信用代码，可有简称、地区、监督机关、别名、网站域名）登记机关；
    /// 任一行有误则全部不登记。
    Import {
        /// 名单文件。
        file: PathBuf,
    },
    /// 让已有账号在某机关担任工作人员（staff）或负责人（office_head）；同一账号可在多个机关任职，登录后切换。
    Grant {
        /// 机关的统一社会信用代码。
        #[arg(long)]
        code: String,
        /// 账号的用户名。
        #[arg(long)]
        user: String,
        /// 角色：staff 或 office_head。
        #[arg(long, default_value = "staff")]
        role: String,
    },
    /// 撤销账号在某机关的角色（在该机关的登录随即失效）。
    Revoke {
        /// 机关的统一社会信用代码。
        #[arg(long)]
        code: String,
        /// 账号的用户名。
        #[arg(long)]
        user: String,
    },
}

/// The view of the registered agency `code`, or the message saying it is not registered.
async fn registered(store: &Store, code: &str) -> Result<(Store, String), String> {
    match store.agency_by_code(code.trim()).await {
        Ok(Some(a)) => Ok((store.for_agency(&a.unit.id), a.unit.name)),
        Ok(None) => Err(format!("没有登记统一社会信用代码为 {} 的机关", code.trim())),
        Err(e) => Err(e.to_string()),
    }
}

/// Runs `gongkai agency …`.
pub fn agency(args: AgencyArgs) -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a Tokio runtime starts");
    runtime.block_on(run(args))
}

async fn run(args: AgencyArgs) -> ExitCode {
    let today = match Today::from_option(args.today.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let at = today.now().to_rfc3339();
    let store = match Store::open(&args.db).await {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match args.command {
        AgencyCommand::Add {
            name,
            code,
            short,
            region,
            office,
            host,
        } => {
            let a = NewAgency {
                name,
                code,
                short_name: short,
                region,
                office,
                host,
            };
            match agencies::register(&store, &a, &at).await {
                Ok(true) => println!("已登记机关“{}”。", a.name.trim()),
                Ok(false) => println!("已更新机关“{}”的登记信息。", a.name.trim()),
                Err(e) => return fail(e),
            }
            ExitCode::SUCCESS
        }
        AgencyCommand::List => match store.agencies().await {
            Ok(list) => {
                println!("统一社会信用代码\t名称\t简称\t地区\t监督机关\t网站域名");
                for a in &list {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}",
                        a.code,
                        a.unit.name,
                        a.short_name,
                        a.unit.region,
                        a.unit.office,
                        a.host.as_deref().unwrap_or("")
                    );
                }
                println!("共 {} 个机关。", list.len());
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
        AgencyCommand::Import { file } => {
            let rows = match gongkai_store::sheet::read_table(&file) {
                Ok(r) => r,
                Err(e) => return fail(format!("{}：{e}", file.display())),
            };
            match agencies::import(&store, &rows, &at).await {
                Ok((added, changed)) => {
                    println!("机关名单已载入：新登记 {added} 个，更新 {changed} 个。");
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    eprintln!("错误：机关名单未载入（共 {} 处错误）：", errors.len());
                    for e in errors {
                        eprintln!("  {e}");
                    }
                    ExitCode::from(2)
                }
            }
        }
        AgencyCommand::Grant { code, user, role } => {
            let (view, name) = match registered(&store, &code).await {
                Ok(v) => v,
                Err(e) => return fail(e),
            };
            match view.grant_role(user.trim(), role.trim()).await {
                Ok(()) => {
                    println!(
                        "账号 {} 已在“{name}”担任{}。",
                        user.trim(),
                        role_name(&role)
                    );
                    ExitCode::SUCCESS
                }
                Err(gongkai_store::StoreError::NotFound(u)) => {
                    fail(format!("没有用户名为 {u} 的账号"))
                }
                Err(e) => fail(e),
            }
        }
        AgencyCommand::Revoke { code, user } => {
            let (view, name) = match registered(&store, &code).await {
                Ok(v) => v,
                Err(e) => return fail(e),
            };
            match view.revoke_role(user.trim()).await {
                Ok(()) => {
                    println!("已撤销账号 {} 在“{name}”的角色。", user.trim());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
    }
}

fn role_name(role: &str) -> &'static str {
    if role.trim() == "office_head" {
        "负责人"
    } else {
        "工作人员"
    }
}
