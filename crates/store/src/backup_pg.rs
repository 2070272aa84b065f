//! Backup and restore of a PostgreSQL database with PostgreSQL's own tools: `pg_dump --format=custom` of gongkai's
//! schema (one consistent snapshot while the servers write) and `pg_restore` into an empty database. The dump carries the
//! `_sqlx_migrations` table, hence the schema version; a restore reads it first and refuses a newer one, refuses
//! a database that has tables already, and brings an older dump up to date.

use crate::Store;
use sqlx::Row;
use sqlx::any::AnyPoolOptions;
use std::path::Path;
use std::process::Command;

/// Runs a PostgreSQL tool; its standard output, or its error in Chinese.
fn tool(program: &str, args: &[&std::ffi::OsStr]) -> Result<Vec<u8>, String> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        format!(
            "无法运行 {program}（{e}）：请安装 PostgreSQL 客户端工具（Debian：postgresql-client）"
        )
    })?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(format!(
            "{program} 失败：{}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The schema gongkai's tables are in at `url` (its search path's first, normally `public`).
async fn schema_of(url: &str) -> Result<String, String> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .map_err(|e| format!("无法连接数据库：{e}"))?;
    let schema = sqlx::query("SELECT current_schema()::text")
        .fetch_one(&pool)
        .await
        .and_then(|r| r.try_get::<String, _>(0))
        .map_err(|e| format!("无法读取数据库：{e}"));
    pool.close().await;
    schema
}

/// Dumps gongkai's schema of the database at `url` into `path` (which must not exist) in pg_dump's custom
/// format; other schemas of the same database are not gongkai's and stay out.
pub async fn dump(url: &str, path: &Path) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} 已存在，备份不覆盖已有文件", path.display()));
    }
    let schema = format!("--schema={}", schema_of(url).await?);
    tool(
        "pg_dump",
        &[
            "--format=custom".as_ref(),
            "--no-owner".as_ref(),
            schema.as_ref(),
            "--file".as_ref(),
            path.as_os_str(),
            "--dbname".as_ref(),
            url.as_ref(),
        ],
    )?;
    Ok(())
}

/// The schema version a custom-format dump records (the largest successful migration in its
/// `_sqlx_migrations` rows).
pub fn dump_version(file: &Path) -> Result<i64, String> {
    let text = tool(
        "pg_restore",
        &[
            "--data-only".as_ref(),
            "--table=_sqlx_migrations".as_ref(),
            "--file=-".as_ref(),
            file.as_os_str(),
        ],
    )
    .map_err(|e| format!("{} 不是 gongkai 的 PostgreSQL 备份（{e}）", file.display()))?;
    let text = String::from_utf8_lossy(&text);
    let rows = text
        .lines()
        .skip_while(|l| !l.starts_with("COPY ") || !l.contains("_sqlx_migrations"))
        .skip(1)
        .take_while(|l| *l != "\\.");
    let mut version = None;
    for row in rows {
        let cols: Vec<&str> = row.split('\t').collect();
        // version, description, installed_on, success, …
        if cols.get(3) == Some(&"t") {
            let v: i64 = cols[0]
                .parse()
                .map_err(|_| format!("{} 的迁移记录无法识别", file.display()))?;
            version = version.max(Some(v));
        }
    }
    version.ok_or_else(|| {
        format!(
            "{} 不是 gongkai 的备份（没有数据库结构版本）",
            file.display()
        )
    })
}

/// The schema a dump's tables are in (from its table of contents: “… TABLE public _sqlx_migrations …”).
fn dump_schema(file: &Path) -> Result<String, String> {
    let list = tool("pg_restore", &["--list".as_ref(), file.as_os_str()])?;
    String::from_utf8_lossy(&list)
        .lines()
        .find_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            words
                .windows(3)
                .find(|w| w[0] == "TABLE" && w[2] == "_sqlx_migrations")
                .map(|w| w[1].to_string())
        })
        .ok_or_else(|| format!("{} 不是 gongkai 的备份（没有迁移记录表）", file.display()))
}

/// Restores the dump `file` into the empty database at `url`; returns the dump's schema version (the database is
/// migrated to the current one).
pub async fn restore(file: &Path, url: &str) -> Result<i64, String> {
    let version = dump_version(file)?;
    let expected = crate::expected_version();
    if version > expected {
        return Err(format!(
            "备份来自更新的版本（数据库结构版本 {version}），本程序只支持到 {expected}，请用新版本恢复"
        ));
    }
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .map_err(|e| format!("无法连接目标数据库：{e}"))?;
    let target = sqlx::query(
        "SELECT current_schema()::text, (SELECT COUNT(*) FROM information_schema.tables \
         WHERE table_schema = current_schema())",
    )
    .fetch_one(&pool)
    .await
    .and_then(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
    .map_err(|e| format!("无法读取目标数据库：{e}"));
    pool.close().await;
    let (schema, tables) = target?;
    let from = dump_schema(file)?;
    if from != schema {
        return Err(format!(
            "备份的数据在模式 {from} 中，目标数据库使用模式 {schema}：请恢复到使用模式 {from} 的数据库"
        ));
    }
    if tables > 0 {
        return Err(format!(
            "目标数据库已有 {tables} 张表：恢复只写入空的数据库，不覆盖已有数据"
        ));
    }
    // The dump creates its schema; the target's (checked to hold no table) is replaced.
    tool(
        "pg_restore",
        &[
            "--no-owner".as_ref(),
            "--no-privileges".as_ref(),
            "--clean".as_ref(),
            "--if-exists".as_ref(),
            "--exit-on-error".as_ref(),
            "--single-transaction".as_ref(),
            "--dbname".as_ref(),
            url.as_ref(),
            file.as_os_str(),
        ],
    )?;
    Store::open(url)
        .await
        .map_err(|e| format!("恢复后的数据库无法打开：{e}"))?;
    Ok(version)
}
