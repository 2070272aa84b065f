//! `gongkai backup` and `gongkai restore`: a consistent copy of the database while the servers run (SQLite's
//! `VACUUM INTO`; PostgreSQL's `pg_dump --format=custom`), and its restoration into a new SQLite file or an empty
//! PostgreSQL database.

use clap::Args;
use std::path::{Path, PathBuf};

fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}
use std::process::ExitCode;

/// 备份数据库（服务运行中亦可）。
#[derive(Args)]
pub struct BackupArgs {
    /// 数据库：SQLite 文件路径，或 postgres://… 地址（由 pg_dump 备份）。
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
    /// 恢复到的数据库：新的 SQLite 文件路径（不得已存在），或空的 PostgreSQL 数据库 postgres://… 地址。
    #[arg(long)]
    db: String,
}

/// `gongkai backup`.
pub fn backup(args: BackupArgs) -> ExitCode {
    if is_postgres(&args.db) {
        return crate::serve_cmd::run(async move {
            gongkai_store::backup_pg::dump(&args.db, &args.output)
                .await
                .map_err(|e| format!("未备份：{e}"))?;
            let version = gongkai_store::backup_pg::dump_version(&args.output)
                .map_err(|e| format!("未备份：{e}"))?;
            println!(
                "已备份到 {}（pg_dump 自定义格式，数据库结构版本 {version}）",
                args.output.display()
            );
            Ok(())
        });
    }
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
        let pg_dump = std::fs::File::open(&args.backup)
            .and_then(|mut f| {
                let mut magic = [0u8; 5];
                std::io::Read::read_exact(&mut f, &mut magic).map(|()| &magic == b"PGDMP")
            })
            .unwrap_or(false);
        let version = match (pg_dump, is_postgres(&args.db)) {
            (true, true) => gongkai_store::backup_pg::restore(&args.backup, &args.db).await,
            (false, false) => {
                gongkai_store::backup::restore(&args.backup, Path::new(&args.db)).await
            }
            (true, false) => Err(format!(
                "{} 是 PostgreSQL 的备份，应恢复到 postgres://… 数据库",
                args.backup.display()
            )),
            (false, true) => Err(format!(
                "{} 不是 PostgreSQL 的备份（pg_dump 自定义格式），不能恢复到 PostgreSQL",
                args.backup.display()
            )),
        }
        .map_err(|e| format!("未恢复：{e}"))?;
        println!(
            "已从 {} 恢复到 {}（备份的数据库结构版本 {version}，已升级到当前版本）",
            args.backup.display(),
            gongkai_web::settings::mask_password(&args.db)
        );
        Ok(())
    })
}
