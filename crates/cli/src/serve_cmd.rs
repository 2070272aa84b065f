//! `gongkai serve`, and the accounts and API tokens of the web application (`gongkai user`, `gongkai token`).

use clap::{Args, Subcommand};
use gongkai_ledger::today::Today;
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
    /// 以该日为“今天”（YYYY-MM-DD，默认为北京时间的当天），记作令牌的生成或撤销日期。
    #[arg(long, env = "GONGKAI_TODAY", global = true)]
    today: Option<String>,
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

/// `gongkai serve`'s flags; each given one overrides the configuration file and the environment.
#[derive(Args)]
pub struct ServeArgs {
    /// 配置文件（TOML，如 /etc/gongkai/gongkai.toml）；未给出的设置取默认值，环境变量 GONGKAI_… 优先于文件。
    #[arg(long)]
    config: Option<std::path::PathBuf>,
    /// 监听地址（默认 127.0.0.1:8080）。
    #[arg(long)]
    addr: Option<String>,
    /// 数据库：SQLite 文件路径，或 postgres://… 地址（默认 gongkai.db）。
    #[arg(long)]
    db: Option<String>,
    /// 填入演示机关的设置（名称、地址、网站标识码等）。
    #[arg(long)]
    demo: bool,
    /// 以该日为“今天”（YYYY-MM-DD，用于演示和核对；默认为北京时间的当天）。
    #[arg(long, env = "GONGKAI_TODAY")]
    today: Option<String>,
    /// 公众访问本网站的地址（如 https://xxgk.example.gov.cn），用于网站地图等处的完整链接；以 https 开头时
    /// 每个应答带 HSTS。默认为 http://监听地址。
    #[arg(long)]
    public_url: Option<String>,
    /// 反向代理的 IP 地址（逗号分隔）：只有来自这些地址的请求，才从 --client-ip-header 读取访问者地址。
    #[arg(long)]
    trusted_proxies: Option<String>,
    /// 反向代理写入访问者地址的请求头（取其最后一个地址；默认 X-Forwarded-For）。
    #[arg(long)]
    client_ip_header: Option<String>,
}

/// The configuration file.
#[derive(Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// 检查配置文件（连同 GONGKAI_… 环境变量）：有错误时指出设置项和行号；无误时列出生效的设置。
    Check {
        /// 配置文件。
        file: std::path::PathBuf,
    },
    /// 列出可覆盖各设置项的环境变量。
    Env,
}

/// The settings of `gongkai serve`: defaults, then the file, the environment and the flags.
fn settings(args: &ServeArgs) -> Result<gongkai_web::settings::Settings, String> {
    use gongkai_web::settings::Settings;
    let mut s = match &args.config {
        Some(path) => Settings::load(path)?,
        None => Settings::from_env(|k| std::env::var(k).ok())?,
    };
    if let Some(a) = &args.addr {
        s.address = a.clone();
    }
    if let Some(d) = &args.db {
        s.database = d.clone();
    }
    s.demo |= args.demo;
    if let Some(u) = &args.public_url {
        s.public_url = u.clone();
    }
    if let Some(p) = &args.trusted_proxies {
        s.trusted_proxies = p.split(',').map(|x| x.trim().to_string()).collect();
    }
    if let Some(h) = &args.client_ip_header {
        s.client_ip_header = h.clone();
    }
    // Checked when the server starts (`gongkai_web::serve`).
    Ok(s)
}

/// `gongkai serve`.
pub fn serve(args: ServeArgs) -> ExitCode {
    let settings = match settings(&args) {
        Ok(s) => s,
        Err(e) => return crate::ledger_cmd::fail(e),
    };
    match gongkai_ledger::today::Today::from_option(args.today.as_deref()) {
        Ok(today) => run(gongkai_web::serve(settings, today)),
        Err(e) => crate::ledger_cmd::fail(e),
    }
}

/// `gongkai config …`.
pub fn config(args: ConfigArgs) -> ExitCode {
    use gongkai_web::settings::Settings;
    match args.command {
        ConfigCommand::Check { file } => match Settings::load(&file) {
            Ok(s) => {
                println!(
                    "# 配置文件 {} 无误。生效的设置（含默认值和环境变量）：",
                    file.display()
                );
                print!("{}", s.to_toml_masked());
                ExitCode::SUCCESS
            }
            Err(e) => crate::ledger_cmd::fail(e),
        },
        ConfigCommand::Env => {
            for (var, key) in Settings::env_names() {
                println!("{var}\t{key}");
            }
            ExitCode::SUCCESS
        }
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
        let today = Today::from_option(args.today.as_deref())?;
        let store = open(&args.db).await?;
        match args.command {
            TokenCommand::Create { user, label } => {
                let token = gongkai_web::api::create_token(&store, &user, &label, today).await?;
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
                let now = today.now().to_rfc3339();
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
