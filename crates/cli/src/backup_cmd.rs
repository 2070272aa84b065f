//! `gongkai backup` and `gongkai restore`: a consistent copy of the embedded database while the server runs, and
//! its restoration into a new database file.

use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// 备份数据库（服务运行中亦可）。
#[derive(Args)]
pub struct BackupArgs {
    /// 数据库：SQLite 文件路径（PostgreSQL 请用 pg_dump -Fc）。
    #[arg(long, default_value = "gongkai.db")]
    db: String,
    /// 备份文件（不得已存在）。
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

/// 从备份恢复到新的数据库文件。
#[derive(Args)]
pub struct RestoreArgs {
    /// 备份文件（gongkai backup 生成）。
    backup: PathBuf,
    /// 恢复到的数据库文件（不得已存在）。
    #[arg(long)]
    db: PathBuf,
}

/// `gongkai backup`.
pub fn backup(args: BackupArgs) -> ExitCode {
    crate::serve_cmd::run(async move {
        let store = gongkai_store::Store::open(&args.db)
            .await
            .map_err(|e| format!("无法打开数据库 {}：{e}", args.db))?;
        store
            .backup_to(&args.output)
            .await
            .map_err(|e| format!("未备份：{e}"))?;
        let (version, _) = store.schema_versions().await.map_err(|e| e.to_string())?;
        println!(
            "已备份到 {}（数据库结构版本 {version}）",
            args.output.display()
        );
        Ok(())
    })
}

/// `gongkai restore`.
pub fn restore(args: RestoreArgs) -> ExitCode {
    crate::serve_cmd::run(async move {
        let version = gongkai_store::backup::restore(&args.backup, &args.db)
            .await
            .map_err(|e| format!("未恢复：{e}"))?;
        println!(
            "已从 {} 恢复到 {}（备份的数据库结构版本 {version}，已升级到当前版本）",
            args.backup.display(),
            args.db.display()
        );
        Ok(())
    })
}
