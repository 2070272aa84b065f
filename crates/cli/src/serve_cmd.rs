//! `gongkai serve`, and the accounts and API tokens of the web application (`gongkai user`, `gongkai token`).

use clap::{Args, Subcommand};
use std::process::ExitCode;

/// 网站的账号。
#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
    /// 数据库：SQLite 文件路径，或 postgres://… 地址。
    #[arg(long, global = true, default_value = "gongkai.db")]
    db: String,
}

#[derive(Subcommand)]
enum UserCommand {
    /// 新建或重设账号，生成随机密码（只显示这一次）。
    Add {
        /// 用户名。
        username: String,
        /// 角色：staff（工作人员）、office_head（负责人）、supervisor（监督人员）、admin（系统管理员）。
        #[arg(long)]
        role: String,
        /// 显示的姓名。
        #[arg(long)]
        name: String,
    },
}

/// API 令牌。
#[derive(Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    command: TokenCommand,
    /// 数据库：SQLite 文件路径，或 postgres://… 地址。
    #[arg(long, global = true, default_value = "gongkai.db")]
    db: String,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// 为账号生成 API 令牌（只显示这一次；令牌具有该账号的角色）。
    Create {
        /// 令牌代表的账号。
        #[arg(long)]
        user: String,
        /// 用途说明。
        #[arg(long, default_value = "")]
        label: String,
    },
    /// 列出令牌（不含令牌本身）。
    List,
    /// 撤销令牌。
    Revoke {
        /// 令牌编号（令牌 gk_编号_… 中的编号）。
        id: String,
    },
}

pub(crate) fn run<F: std::future::Future<Output = Result<(), String>>>(f: F) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误：无法启动运行时：{e}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(f) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(2)
        }
    }
}

/// How `gongkai serve` is reached: its flags on addresses and proxies.
pub struct Network {
    /// `--public-url`.
    pub public_url: Option<String>,
    /// `--trusted-proxies`.
    pub trusted_proxies: String,
    /// `--client-ip-header`.
    pub client_ip_header: String,
}

impl Network {
    fn config(self, addr: &str) -> Result<gongkai_web::config::ServeConfig, String> {
        use gongkai_web::config;
        let public_url =
            config::parse_public_url(&self.public_url.unwrap_or_else(|| format!("http://{addr}")))?;
        let header = self.client_ip_header.trim().to_ascii_lowercase();
        if header_name_ok(&header) {
            Ok(config::ServeConfig {
                public_url,
                trusted_proxies: config::parse_proxies(&self.trusted_proxies)?,
                client_ip_header: header,
                ..Default::default()
            })
        } else {
            Err(format!("请求头名称“{header}”不合规范"))
        }
    }
}

/// Whether a header name is a token (letters, digits and - _ .).
fn header_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// `gongkai serve`.
pub fn serve(addr: &str, db: &str, demo: bool, today: Option<&str>, network: Network) -> ExitCode {
    let config = match network.config(addr) {
        Ok(c) => c,
        Err(e) => return crate::ledger_cmd::fail(e),
    };
    match gongkai_ledger::today::Today::from_option(today) {
        Ok(today) => run(gongkai_web::serve(addr, db, demo, today, config)),
        Err(e) => crate::ledger_cmd::fail(e),
    }
}

async fn open(db: &str) -> Result<gongkai_store::Store, String> {
    gongkai_store::Store::open(db)
        .await
        .map_err(|e| format!("无法打开数据库 {db}：{e}"))
}

/// `gongkai user …`.
pub fn user(args: UserArgs) -> ExitCode {
    run(async move {
        let store = open(&args.db).await?;
        match args.command {
            UserCommand::Add {
                username,
                role,
                name,
            } => {
                if gongkai_web::staff::Role::parse(&role).is_none() {
                    return Err(format!(
                        "角色“{role}”无法识别：应为 staff、office_head、supervisor 或 admin"
                    ));
                }
                let password =
                    gongkai_web::agency::add_user(&store, &username, &role, &name, true).await?;
                println!("账号 {username}（{role}）的密码：{password}");
                println!("密码只显示这一次，请妥善交给本人；首次登录时须改为本人设置的密码。");
                Ok(())
            }
        }
    })
}

/// `gongkai token …`.
pub fn token(args: TokenArgs) -> ExitCode {
    run(async move {
        let store = open(&args.db).await?;
        match args.command {
            TokenCommand::Create { user, label } => {
                let token = gongkai_web::api::create_token(&store, &user, &label).await?;
                println!("{token}");
                eprintln!("令牌只显示这一次；调用时在请求头中写 Authorization: Bearer {token}");
                Ok(())
            }
            TokenCommand::List => {
                for t in store.tokens().await.map_err(|e| e.to_string())? {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        t.id,
                        t.username,
                        t.created_at,
                        t.revoked_at
                            .as_deref()
                            .map_or("有效".to_string(), |r| format!("已撤销 {r}")),
                        t.label
                    );
                }
                Ok(())
            }
            TokenCommand::Revoke { id } => {
                let now = chrono::Utc::now().to_rfc3339();
                if store
                    .revoke_token(&id, &now)
                    .await
                    .map_err(|e| e.to_string())?
                {
                    println!("令牌 {id} 已撤销。");
                    Ok(())
                } else {
                    Err(format!("没有编号为 {id} 的有效令牌"))
                }
            }
        }
    })
}
