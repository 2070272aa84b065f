//! Backup and restore of the embedded database. A backup is a consistent copy of the SQLite database taken while
//! the server runs (SQLite's `VACUUM INTO`, one read transaction: every write committed before it is in the copy,
//! none half). Being a database itself, it carries its schema version; a restore checks the copy's integrity,
//! refuses a copy made by a newer version, never overwrites a database, and brings an older copy up to date.
//! PostgreSQL databases are backed up with `pg_dump -Fc` (docs/deploy.md).

use crate::{Store, StoreError};
use sqlx::Row;
use sqlx::any::AnyPoolOptions;
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the database to `path`, which must not exist, while the server may be writing.
    pub async fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if !self.sqlite {
            return Err(StoreError::Db(
                "PostgreSQL 数据库请用 pg_dump -Fc 备份（见 docs/deploy.md）".into(),
            ));
        }
        if path.exists() {
            return Err(StoreError::Db(format!(
                "{} 已存在，备份不覆盖已有文件",
                path.display()
            )));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.to_string_lossy().into_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Restores the backup `file` into a new SQLite database at `target` (which must not exist): the copy must be
/// an intact SQLite database of gongkai whose schema is not newer than this build's. Returns the copy's schema
/// version; the restored database is migrated to the current one.
pub async fn restore(file: &Path, target: &Path) -> Result<i64, String> {
    if target.exists() {
        return Err(format!(
            "{} 已存在：恢复只写入新的数据库文件，不覆盖已有数据",
            target.display()
        ));
    }
    let head = std::fs::read(file).map_err(|e| format!("无法读取备份 {}：{e}", file.display()))?;
    if !head.starts_with(b"SQLite format 3\0") {
        return Err(format!(
            "{} 不是 gongkai 的备份文件（不是 SQLite 数据库）",
            file.display()
        ));
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=ro", file.display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .map_err(|e| format!("无法打开备份 {}：{e}", file.display()))?;
    let checked = async {
        let integrity: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await?
            .try_get(0)?;
        let version = crate::applied_version(&pool).await?;
        Ok::<_, sqlx::Error>((integrity, version))
    }
    .await;
    pool.close().await;
    let (integrity, version) =
        checked.map_err(|e| format!("{} 不是 gongkai 的备份文件（{e}）", file.display()))?;
    if integrity != "ok" {
        return Err(format!(
            "备份 {} 已损坏（完整性检查：{integrity}）",
            file.display()
        ));
    }
    let expected = crate::expected_version();
    if version > expected {
        return Err(format!(
            "备份来自更新的版本（数据库结构版本 {version}），本程序只支持到 {expected}，请用新版本恢复"
        ));
    }
    std::fs::copy(file, target).map_err(|e| format!("无法写入 {}：{e}", target.display()))?;
    Store::open(&target.to_string_lossy())
        .await
        .map_err(|e| format!("恢复后的数据库无法打开：{e}"))?;
    Ok(version)
}
