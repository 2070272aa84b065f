//! Storage of the case ledger behind a small repository: SQLite by default (a file, WAL, foreign keys on),
//! PostgreSQL by URL, one schema (migrations/) and one code path through sqlx's `Any` driver.
//! The year-end counts are computed in SQL over columns derived from the events when they are saved (figures.rs).

#![warn(missing_docs)]

pub mod agencies;
pub mod backup;
pub mod backup_pg;
pub mod calendar;
pub mod cases;
pub mod catalogue;
mod figures;
pub mod live;
pub mod portal;
pub mod report;
pub mod sheet;
pub mod staff;
pub mod steps;
pub mod supervision;
pub mod tokens;

use chrono::NaiveDate;
use gongkai_ledger::calendar::WorkingCalendar;
use gongkai_ledger::case::{ApplicantType, Application, CaseError, Channel, Event, EventKind};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, AssertSqlSafe, Row};
use thiserror::Error;

/// Why a store operation failed. Nothing is stored when an error is returned.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The database could not be opened or a statement failed.
    #[error("数据库错误：{0}")]
    Db(String),
    /// The application or event is invalid.
    #[error("{0}")]
    Case(#[from] CaseError),
    /// A case number that already exists.
    #[error("案件编号 {0} 已存在，未作任何保存")]
    Duplicate(String),
    /// No such case.
    #[error("没有编号为 {0} 的案件")]
    NotFound(String),
    /// The change is refused for the reason given (nothing was changed).
    #[error("{0}")]
    Refused(String),
    /// A stored value cannot be read back.
    #[error("数据库中的数据无法识别：{0}")]
    Corrupt(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Db(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Db(format!("数据库结构迁移失败：{e}"))
    }
}

/// The schema's migrations, compiled in.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The last migration applied to the database of `pool` (0 when none).
pub(crate) async fn applied_version(pool: &AnyPool) -> Result<i64, sqlx::Error> {
    let applied: Option<i64> =
        sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(pool)
            .await?
            .try_get(0)?;
    Ok(applied.unwrap_or(0))
}

/// The last migration this build knows.
pub(crate) fn expected_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Inserts applications and their events in `tx`, refusing a case number that exists already.
async fn insert_applications(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    agency: &str,
    apps: &[Application],
    cal: &WorkingCalendar,
) -> Result<(), StoreError> {
    for chunk in apps.chunks(BATCH) {
        let q = format!(
            "SELECT id FROM applications WHERE agency_id = $1 AND id IN ({})",
            (2..=chunk.len() + 1)
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(q.clone())).bind(agency.to_string());
        for a in chunk {
            query = query.bind(a.id.clone());
        }
        if let Some(row) = query.fetch_optional(&mut **tx).await? {
            return Err(StoreError::Duplicate(row.try_get::<String, _>(0)?));
        }
        let sql = format!(
            "INSERT INTO applications (agency_id, id, applicant, applicant_name, channel, received, content, closed_on, outcome, due_on, clock) VALUES {}",
            placeholders(chunk.len(), APP_COLUMNS)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql.clone()));
        for a in chunk {
            let closed = a.closed();
            let (due, clock) = cases::derive(a, cal);
            query = query
                .bind(agency.to_string())
                .bind(a.id.clone())
                .bind(a.applicant.key().to_string())
                .bind(a.applicant_name.clone())
                .bind(a.channel.key().to_string())
                .bind(a.received.to_string())
                .bind(a.content.clone())
                .bind(closed.as_ref().map(|(d, _)| d.to_string()))
                .bind(closed.map(|(_, o)| o.key().to_string()))
                .bind(due)
                .bind(clock.key());
        }
        query.execute(&mut **tx).await?;
        let events: Vec<(&Application, usize, &Event)> = chunk
            .iter()
            .flat_map(|a| a.events.iter().enumerate().map(move |(i, e)| (a, i, e)))
            .collect();
        for ev in events.chunks(BATCH) {
            let sql = format!(
                "INSERT INTO events (agency_id, application_id, seq, date, kind, data) VALUES {}",
                placeholders(ev.len(), EVENT_COLUMNS)
            );
            let mut query = sqlx::query(AssertSqlSafe(sql.clone()));
            for (a, i, e) in ev {
                let data = serde_json::to_string(&e.kind)
                    .map_err(|x| StoreError::Corrupt(x.to_string()))?;
                let kind = serde_json::to_value(&e.kind)
                    .ok()
                    .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                    .unwrap_or_default();
                query = query
                    .bind(agency.to_string())
                    .bind(a.id.clone())
                    .bind(*i as i64)
                    .bind(e.date.to_string())
                    .bind(kind)
                    .bind(data);
            }
            query.execute(&mut **tx).await?;
        }
    }
    Ok(())
}

/// The agency of a deployment that serves one agency, and the owner of the rows a single-agency database held
/// before the platform's keys (migration 0018). No unit id looks like it.
pub const HOME_AGENCY: &str = "home";

/// The ledger's database, seen as one agency: every per-agency query binds [`Store::agency_id`], so that no
/// method reads or writes another agency's rows. Shared data (calendar, accounts, the region tree, supervision)
/// is the same through every agency's view.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// The agency whose rows every per-agency query reads and writes (the first column of their keys).
    agency: std::sync::Arc<str>,
    /// The working-day calendar: the shipped data plus the notices added to this database.
    calendar: std::sync::Arc<std::sync::RwLock<std::sync::Arc<WorkingCalendar>>>,
    /// Whether this is SQLite (whose write transactions take the lock at once, and whose planner statistics
    /// gongkai keeps up to date itself).
    sqlite: bool,
}

/// Turns a plain file path into a SQLite URL (created when missing); URLs pass through.
pub fn database_url(db: &str) -> String {
    if db.contains("://") || db.starts_with("sqlite:") {
        db.to_string()
    } else {
        format!("sqlite://{db}?mode=rwc")
    }
}

pub(crate) fn date(s: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("日期 {s}")))
}

const APP_COLUMNS: usize = 11;
const EVENT_COLUMNS: usize = 6;
/// Rows per multi-row INSERT.
const BATCH: usize = 200;

pub(crate) fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            format!(
                "({})",
                (1..=cols)
                    .map(|c| format!("${}", r * cols + c))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Opens (and migrates) the database at `db`: a file path or `sqlite://…` for SQLite, `postgres://…` for
    /// PostgreSQL.
    pub async fn open(db: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let url = database_url(db);
        let sqlite = url.starts_with("sqlite:");
        let memory = url.contains(":memory:") || url.contains("mode=memory");
        let pool = AnyPoolOptions::new()
            .max_connections(if memory { 1 } else { 4 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        sqlx::query("PRAGMA foreign_keys = ON")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        if sqlite && !memory {
            sqlx::query("PRAGMA journal_mode = WAL")
                .fetch_all(&pool)
                .await?;
        }
        MIGRATOR.run(&pool).await?;
        if !sqlite {
            // Stored documents and attachments are mostly compressed already (DOCX, XLSX, PDF): PostgreSQL's own
            // compression of large values would spend the CPU for nothing (SQLite does not compress).
            for table in ["sv_files", "cat_attachments"] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "ALTER TABLE {table} ALTER COLUMN content SET STORAGE EXTERNAL"
                )))
                .execute(&pool)
                .await?;
            }
        }
        let store = Store {
            pool,
            sqlite,
            agency: HOME_AGENCY.into(),
            calendar: std::sync::Arc::new(std::sync::RwLock::new(std::sync::Arc::new(
                WorkingCalendar::official(),
            ))),
        };
        store.load_calendar().await?;
        store.derive_missing_clocks().await?;
        store.refresh_statistics().await?;
        Ok(store)
    }

    /// The schema version of the database (its last migration applied) and the one this build expects: equal
    /// when the database is ready to serve. An error when the database cannot be reached.
    pub async fn schema_versions(&self) -> Result<(i64, i64), StoreError> {
        Ok((applied_version(&self.pool).await?, expected_version()))
    }

    /// Brings SQLite's planner statistics up to date when the tables changed much since they were taken (or were
    /// never taken): without them, a question about the few open cases among a million may be answered by
    /// reading the whole table. PostgreSQL's autovacuum does this by itself.
    pub async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if self.sqlite {
            let mut conn = self.pool.acquire().await?;
            sqlx::query("PRAGMA analysis_limit = 1000")
                .execute(&mut *conn)
                .await?;
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// A transaction that writes. On SQLite it takes the write lock at once (BEGIN IMMEDIATE), so that
    /// concurrent writers wait for each other (up to the busy timeout) instead of one failing when its read lock
    /// cannot be upgraded.
    pub(crate) async fn write_tx(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(if self.sqlite {
            self.pool.begin_with("BEGIN IMMEDIATE").await?
        } else {
            self.pool.begin().await?
        })
    }

    /// The same database seen as the agency `id` (its unit id, or [`HOME_AGENCY`]); cheap (shares the pool).
    pub fn for_agency(&self, id: &str) -> Store {
        Store {
            agency: id.into(),
            ..self.clone()
        }
    }

    /// The agency this view reads and writes.
    pub fn agency_id(&self) -> &str {
        &self.agency
    }

    /// The agency id bound into queries.
    pub(crate) fn ag(&self) -> String {
        self.agency.to_string()
    }

    /// The underlying pool (for diagnostics and tests).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Stores new applications, all or none: each is validated (no date after `today`), and a case number that
    /// exists already (in the database or twice in `apps`) rejects the whole batch.
    pub async fn add_applications(
        &self,
        apps: &[Application],
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        let mut seen = std::collections::HashSet::new();
        for a in apps {
            a.validate()?;
            a.check_not_after(today)?;
            if !seen.insert(a.id.as_str()) {
                return Err(StoreError::Duplicate(a.id.clone()));
            }
        }
        let mut tx = self.write_tx().await?;
        insert_applications(&mut tx, &self.agency, apps, &self.calendar()).await?;
        tx.commit().await?;
        if apps.len() >= 1000 {
            self.refresh_statistics().await?;
        }
        Ok(())
    }

    /// Appends an event to an application after validating the whole sequence (no step after `today`);
    /// nothing is stored on error.
    pub async fn add_event(
        &self,
        id: &str,
        event: Event,
        today: NaiveDate,
    ) -> Result<Application, StoreError> {
        let mut app = self
            .application(id)
            .await?
            .ok_or_else(|| StoreError::NotFound(id.to_string()))?;
        app.events.push(event);
        app.validate()?;
        app.check_not_after(today)?;
        let e = app.events.last().expect("just pushed");
        let closed = app.closed();
        let mut tx = self.write_tx().await?;
        let data =
            serde_json::to_string(&e.kind).map_err(|x| StoreError::Corrupt(x.to_string()))?;
        let kind = serde_json::to_value(&e.kind)
            .ok()
            .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
            .unwrap_or_default();
        // Withdrawn steps keep their numbers: the next is after every stored one.
        let seq: i64 = sqlx::query(
            "SELECT CAST(COALESCE(MAX(seq) + 1, 0) AS BIGINT) FROM events \
             WHERE agency_id = $1 AND application_id = $2",
        )
        .bind(self.ag())
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("INSERT INTO events (agency_id, application_id, seq, date, kind, data) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(self.ag())
            .bind(id.to_string())
            .bind(seq)
            .bind(e.date.to_string())
            .bind(kind)
            .bind(data)
            .execute(&mut *tx)
            .await?;
        let (due, clock) = cases::derive(&app, &self.calendar());
        sqlx::query("UPDATE applications SET closed_on = $1, outcome = $2, due_on = $3, clock = $4 WHERE agency_id = $6 AND id = $5")
            .bind(closed.as_ref().map(|(d, _)| d.to_string()))
            .bind(closed.as_ref().map(|(_, o)| o.key().to_string()))
            .bind(due)
            .bind(clock.key())
            .bind(id.to_string())
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(app)
    }

    /// One application with its events.
    pub async fn application(&self, id: &str) -> Result<Option<Application>, StoreError> {
        let mut apps = self.load("id = $2", Some(id)).await?;
        Ok(apps.pop())
    }

    /// All applications, or only the open ones, ordered by case number.
    pub async fn applications(&self, open_only: bool) -> Result<Vec<Application>, StoreError> {
        self.load(
            if open_only {
                "closed_on IS NULL"
            } else {
                "TRUE"
            },
            None,
        )
        .await
    }

    /// This agency's applications for which `filter` holds (SQL; `$2` is `id` when given), with their steps.
    pub(crate) async fn load(
        &self,
        filter: &str,
        id: Option<&str>,
    ) -> Result<Vec<Application>, StoreError> {
        let filter = format!("WHERE agency_id = $1 AND ({filter})");
        let sql = format!(
            "SELECT id, applicant, applicant_name, channel, received, content FROM applications {filter} ORDER BY id"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql.clone())).bind(self.ag());
        if let Some(id) = id {
            q = q.bind(id.to_string());
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut apps = Vec::with_capacity(rows.len());
        let mut index = std::collections::HashMap::new();
        for r in rows {
            let id: String = r.try_get(0)?;
            let applicant: String = r.try_get(1)?;
            let channel: String = r.try_get(3)?;
            index.insert(id.clone(), apps.len());
            apps.push(Application {
                applicant: ApplicantType::parse(&applicant)
                    .ok_or(StoreError::Corrupt(applicant))?,
                applicant_name: r.try_get(2)?,
                channel: Channel::parse(&channel).ok_or(StoreError::Corrupt(channel))?,
                received: date(&r.try_get::<String, _>(4)?)?,
                content: r.try_get(5)?,
                events: vec![],
                id,
            });
        }
        let sql = format!(
            "SELECT application_id, date, data FROM events WHERE agency_id = $1 AND withdrawn_at IS NULL \
             AND application_id IN (SELECT id FROM applications {filter}) ORDER BY application_id, seq"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql.clone())).bind(self.ag());
        if let Some(id) = id {
            q = q.bind(id.to_string());
        }
        for r in q.fetch_all(&self.pool).await? {
            let app: String = r.try_get(0)?;
            let data: String = r.try_get(2)?;
            let kind: EventKind = serde_json::from_str(&data)
                .map_err(|e| StoreError::Corrupt(format!("{data}: {e}")))?;
            let event = Event {
                date: date(&r.try_get::<String, _>(1)?)?,
                kind,
            };
            if let Some(&i) = index.get(&app) {
                apps[i].events.push(event);
            }
        }
        Ok(apps)
    }
}
