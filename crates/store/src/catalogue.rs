//! The catalogue in the database: entries (one row each, dates as YYYY-MM-DD), their attachments and the
//! history of every change. Checks of the entry itself are the catalogue crate's; here, the 索引号 must be new
//! and an amended original must exist.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use gongkai_catalogue::{DocKind, Entry, Validity};
use sqlx::Row;
use sqlx::any::AnyRow;

const COLUMNS: &str = "index_no, title, publisher, doc_no, written, published, withdrawn, topic, genre, kind, \
                       art20, mode, validity, validity_on, validity_by, amends, body";

fn date(s: &str) -> Result<NaiveDate, StoreError> {
    crate::date(s)
}

fn opt_date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.as_deref().map(date).transpose()
}

fn entry_from_row(r: &AnyRow) -> Result<Entry, StoreError> {
    let kind: String = r.try_get(9)?;
    let validity: String = r.try_get(12)?;
    let on = opt_date(r.try_get(13)?)?;
    let by: Option<String> = r.try_get(14)?;
    let corrupt = |what: &str| StoreError::Corrupt(format!("目录条目的{what}"));
    let validity = match (validity.as_str(), on) {
        ("in_force", _) => Validity::InForce,
        ("amended", Some(on)) => Validity::Amended {
            on,
            by: by.unwrap_or_default(),
        },
        ("repealed", Some(on)) => Validity::Repealed {
            on,
            by: by.unwrap_or_default(),
        },
        ("expired", Some(on)) => Validity::Expired { on },
        _ => return Err(corrupt("有效性")),
    };
    Ok(Entry {
        index_no: r.try_get(0)?,
        title: r.try_get(1)?,
        publisher: r.try_get(2)?,
        doc_no: r.try_get(3)?,
        written: date(&r.try_get::<String, _>(4)?)?,
        published: opt_date(r.try_get(5)?)?,
        withdrawn: opt_date(r.try_get(6)?)?,
        topic: r.try_get(7)?,
        genre: r.try_get(8)?,
        kind: DocKind::parse(&kind).ok_or_else(|| corrupt("文件类型"))?,
        art20: r.try_get::<Option<i64>, _>(10)?.map(|a| a as u8),
        mode: r.try_get(11)?,
        validity,
        amends: r.try_get(15)?,
        body: r.try_get(16)?,
    })
}

fn validity_parts(v: &Validity) -> (&'static str, Option<String>, Option<String>) {
    match v {
        Validity::InForce => ("in_force", None, None),
        Validity::Amended { on, by } => ("amended", Some(on.to_string()), Some(by.clone())),
        Validity::Repealed { on, by } => ("repealed", Some(on.to_string()), Some(by.clone())),
        Validity::Expired { on } => ("expired", Some(on.to_string()), None),
    }
}

/// A filter of the catalogue.
#[derive(Debug, Clone, Default)]
pub struct CatalogueFilter {
    /// Only entries public on this day (the public catalogue); none: every entry (staff).
    pub public_on: Option<NaiveDate>,
    /// 主题分类.
    pub topic: Option<String>,
    /// Year of the 发布日期.
    pub year: Option<i32>,
    /// Kind.
    pub kind: Option<DocKind>,
}

impl Store {
    /// Adds entries (all or none): a 索引号 that exists (or twice in `entries`), or an amended original that
    /// does not exist, refuses the whole batch.
    pub async fn add_entries(
        &self,
        entries: &[Entry],
        by: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for (i, e) in entries.iter().enumerate() {
            if entries[..i].iter().any(|x| x.index_no == e.index_no) {
                return Err(StoreError::Refused(format!(
                    "索引号 {} 出现两次，未作任何保存",
                    e.index_no
                )));
            }
            let exists =
                sqlx::query("SELECT 1 FROM cat_entries WHERE agency_id = $2 AND index_no = $1")
                    .bind(e.index_no.clone())
                    .bind(self.ag())
                    .fetch_optional(&mut *tx)
                    .await?
                    .is_some();
            if exists {
                return Err(StoreError::Refused(format!(
                    "索引号 {} 已存在，未作任何保存",
                    e.index_no
                )));
            }
            if let Some(a) = &e.amends {
                let found =
                    sqlx::query("SELECT 1 FROM cat_entries WHERE agency_id = $2 AND index_no = $1")
                        .bind(a.clone())
                        .bind(self.ag())
                        .fetch_optional(&mut *tx)
                        .await?
                        .is_some();
                if !found {
                    return Err(StoreError::Refused(format!(
                        "{}：所修改的文件（索引号 {a}）不在目录中，未作任何保存",
                        e.index_no
                    )));
                }
            }
            insert(&mut tx, &self.agency, e, by, at).await?;
            history(&mut tx, &self.agency, &e.index_no, by, at, "登记", &e.title).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Replaces an entry (same 索引号), recording what the change was.
    pub async fn update_entry(
        &self,
        e: &Entry,
        action: &str,
        by: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let done = bind_entry(
            sqlx::query(
                "UPDATE cat_entries SET title = $2, publisher = $3, doc_no = $4, written = $5, published = $6, \
                 withdrawn = $7, topic = $8, genre = $9, kind = $10, art20 = $11, mode = $12, validity = $13, \
                 validity_on = $14, validity_by = $15, amends = $16, body = $17, updated_by = $18, updated_at = $19 \
                 WHERE agency_id = $20 AND index_no = $1",
            ),
            e,
            by,
            at,
        )
        .bind(self.ag())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(format!(
                "目录中没有索引号为 {} 的信息",
                e.index_no
            )));
        }
        history(&mut tx, &self.agency, &e.index_no, by, at, action, &e.title).await?;
        tx.commit().await?;
        Ok(())
    }

    /// One entry.
    pub async fn entry(&self, index_no: &str) -> Result<Option<Entry>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM cat_entries WHERE agency_id = $2 AND index_no = $1"
        )))
        .bind(index_no.to_string())
        .bind(self.ag())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(entry_from_row)
        .transpose()
    }

    /// Every entry (for the counts and the search index), by 索引号.
    pub async fn all_entries(&self) -> Result<Vec<Entry>, StoreError> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM cat_entries WHERE agency_id = $1 ORDER BY index_no"
        )))
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry_from_row)
        .collect()
    }

    /// A page of entries matching `f`, newest 发布日期 (then 成文日期) first, and the number matching.
    pub async fn entries(
        &self,
        f: &CatalogueFilter,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<Entry>, i64), StoreError> {
        let mut cond = vec!["agency_id = $1".to_string()];
        let mut args: Vec<String> = vec![self.ag()];
        if let Some(d) = f.public_on {
            args.push(d.to_string());
            let n = args.len();
            cond.push(format!(
                "published IS NOT NULL AND published <= ${n} AND (withdrawn IS NULL OR withdrawn > ${n})"
            ));
        }
        if let Some(t) = &f.topic {
            args.push(t.clone());
            cond.push(format!("topic = ${}", args.len()));
        }
        if let Some(y) = f.year {
            args.push(format!("{y}-01-01"));
            args.push(format!("{y}-12-31"));
            cond.push(format!(
                "published >= ${} AND published <= ${}",
                args.len() - 1,
                args.len()
            ));
        }
        if let Some(k) = f.kind {
            args.push(k.key().to_string());
            cond.push(format!("kind = ${}", args.len()));
        }
        let where_ = cond.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) FROM cat_entries WHERE {where_}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(count_sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        let total: i64 = q.fetch_one(&self.pool).await?.try_get(0)?;
        let sql = format!(
            "SELECT {COLUMNS} FROM cat_entries WHERE {where_} \
             ORDER BY published DESC, written DESC, index_no DESC LIMIT {limit} OFFSET {offset}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for a in &args {
            q = q.bind(a.clone());
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok((
            rows.iter().map(entry_from_row).collect::<Result<_, _>>()?,
            total,
        ))
    }

    /// A stamp that changes whenever any agency's catalogue does: (entries, latest change).
    pub async fn catalogue_stamp(&self) -> Result<(i64, String), StoreError> {
        let r = sqlx::query("SELECT COUNT(*), COALESCE(MAX(updated_at), '') FROM cat_entries")
            .fetch_one(&self.pool)
            .await?;
        Ok((r.try_get(0)?, r.try_get(1)?))
    }

    /// The agencies that have catalogue entries (for the search index of the whole platform).
    pub async fn catalogue_agencies(&self) -> Result<Vec<String>, StoreError> {
        sqlx::query("SELECT DISTINCT agency_id FROM cat_entries ORDER BY agency_id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }

    /// The public catalogue's topics and years with their numbers of entries public on `on`.
    pub async fn catalogue_facets(
        &self,
        on: NaiveDate,
    ) -> Result<(Vec<(String, i64)>, Vec<(i32, i64)>), StoreError> {
        let public = "agency_id = $2 AND published IS NOT NULL AND published <= $1 \
             AND (withdrawn IS NULL OR withdrawn > $1)";
        let topics = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT topic, COUNT(*) FROM cat_entries WHERE {public} GROUP BY topic ORDER BY topic"
        )))
        .bind(on.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
        let years = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT SUBSTR(published, 1, 4), COUNT(*) FROM cat_entries WHERE {public} \
             GROUP BY SUBSTR(published, 1, 4) ORDER BY SUBSTR(published, 1, 4) DESC"
        )))
        .bind(on.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let y: String = r.try_get(0)?;
            Ok((
                y.parse()
                    .map_err(|_| StoreError::Corrupt(format!("发布日期 {y}")))?,
                r.try_get(1)?,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((topics, years))
    }

    /// The highest sequence number among the 索引号 starting with `prefix` (0 when none).
    pub async fn last_index_seq(&self, prefix: &str) -> Result<u32, StoreError> {
        let escaped: String = prefix
            .chars()
            .flat_map(|c| match c {
                '\\' | '%' | '_' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let rows =
            sqlx::query("SELECT index_no FROM cat_entries WHERE agency_id = $2 AND index_no LIKE $1 ESCAPE '\\'")
                .bind(format!("{escaped}%"))
                .bind(self.ag())
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .iter()
            .filter_map(|r| r.try_get::<String, _>(0).ok())
            .filter_map(|s| {
                let digits: String = s[prefix.len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u32>().ok()
            })
            .max()
            .unwrap_or(0))
    }

    /// Adds an attachment to an entry; returns its number.
    pub async fn add_attachment(
        &self,
        index_no: &str,
        name: &str,
        mime: &str,
        content: &[u8],
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let next: i64 = sqlx::query(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM cat_attachments WHERE agency_id = $2 AND index_no = $1",
        )
        .bind(index_no.to_string())
        .bind(self.ag())
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        sqlx::query("INSERT INTO cat_attachments (agency_id, index_no, seq, name, mime, content) VALUES ($6, $1, $2, $3, $4, $5)")
            .bind(index_no.to_string())
            .bind(next)
            .bind(name.to_string())
            .bind(mime.to_string())
            .bind(content.to_vec())
            .bind(self.ag())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(next)
    }

    /// An entry's attachments: (number, name, media type, size).
    pub async fn attachments(
        &self,
        index_no: &str,
    ) -> Result<Vec<(i64, String, String, i64)>, StoreError> {
        sqlx::query(
            "SELECT seq, name, mime, LENGTH(content) FROM cat_attachments WHERE agency_id = $2 AND index_no = $1 ORDER BY seq",
        )
        .bind(index_no.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
    }

    /// One attachment: (name, media type, bytes).
    pub async fn attachment(
        &self,
        index_no: &str,
        seq: i64,
    ) -> Result<Option<(String, String, Vec<u8>)>, StoreError> {
        sqlx::query(
            "SELECT name, mime, content FROM cat_attachments WHERE agency_id = $3 AND index_no = $1 AND seq = $2",
        )
        .bind(index_no.to_string())
        .bind(seq)
        .bind(self.ag())
        .fetch_optional(&self.pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()
    }

    /// An entry's history: (when, who, action, detail), oldest first.
    pub async fn entry_history(&self, index_no: &str) -> Result<Vec<[String; 4]>, StoreError> {
        sqlx::query(
            "SELECT at, by_user, action, detail FROM cat_history WHERE agency_id = $2 AND index_no = $1 ORDER BY at",
        )
        .bind(index_no.to_string())
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok([r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?]))
        .collect()
    }
}

async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    agency: &str,
    e: &Entry,
    by: &str,
    at: &str,
) -> Result<(), StoreError> {
    bind_entry(
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO cat_entries ({COLUMNS}, updated_by, updated_at, agency_id) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
        ))),
        e,
        by,
        at,
    )
    .bind(agency.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Binds an entry's fields in the order of [`COLUMNS`], then who and when ($1 … $19).
fn bind_entry<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    e: &Entry,
    by: &str,
    at: &str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    let (validity, on, vby) = validity_parts(&e.validity);
    q.bind(e.index_no.clone())
        .bind(e.title.clone())
        .bind(e.publisher.clone())
        .bind(e.doc_no.clone())
        .bind(e.written.to_string())
        .bind(e.published.map(|d| d.to_string()))
        .bind(e.withdrawn.map(|d| d.to_string()))
        .bind(e.topic.clone())
        .bind(e.genre.clone())
        .bind(e.kind.key().to_string())
        .bind(e.art20.map(i64::from))
        .bind(e.mode.clone())
        .bind(validity.to_string())
        .bind(on)
        .bind(vby)
        .bind(e.amends.clone())
        .bind(e.body.clone())
        .bind(by.to_string())
        .bind(at.to_string())
}

async fn history(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    agency: &str,
    index_no: &str,
    by: &str,
    at: &str,
    action: &str,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO cat_history (agency_id, index_no, at, by_user, action, detail) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(agency.to_string())
        .bind(index_no.to_string())
        .bind(at.to_string())
        .bind(by.to_string())
        .bind(action.to_string())
        .bind(detail.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
