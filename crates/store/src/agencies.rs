//! The platform's agencies (tenants): units of the supervision region tree registered with their
//! 统一社会信用代码, short name and optional host name. The unit's id is the agency's key.

use crate::supervision::{Unit, bump};
use crate::{Store, StoreError};
use gongkai_model::CreditCode;
use sqlx::{AssertSqlSafe, Row};

/// An agency on the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// Its unit in the region tree (id, name, region, supervising office).
    pub unit: Unit,
    /// Its 统一社会信用代码.
    pub code: String,
    /// The short name shown in lists (e.g. 市教育局).
    pub short_name: String,
    /// Its own host name, if it has one.
    pub host: Option<String>,
}

const SELECT: &str = "SELECT u.id, u.name, u.region, u.office, u.inferred, g.code, g.short_name, g.host \
     FROM agencies g JOIN units u ON u.id = g.unit_id";

fn agency_from_row(r: &sqlx::any::AnyRow) -> Result<Agency, StoreError> {
    Ok(Agency {
        unit: Unit {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            region: r.try_get(2)?,
            office: r.try_get(3)?,
            inferred: r.try_get::<i64, _>(4)? != 0,
        },
        code: r.try_get(5)?,
        short_name: r.try_get(6)?,
        host: r.try_get(7)?,
    })
}

impl Store {
    /// Registers an agency, or changes a registered one, in one transaction: its unit is written (added, or
    /// confirmed with the name, region and office given; aliases kept) and its code, short name and host set.
    /// Refused, with nothing changed, when another agency holds the code or the host name.
    pub async fn put_agency(
        &self,
        unit: &Unit,
        code: &CreditCode,
        short_name: &str,
        host: Option<&str>,
        at: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let held = [
            ("code", Some(code.to_string()), "统一社会信用代码"),
            ("host", host.map(str::to_string), "网站域名"),
        ];
        for (column, value, what) in held {
            let Some(value) = value else { continue };
            let other: Option<String> = sqlx::query(AssertSqlSafe(format!(
                "SELECT u.name FROM agencies g JOIN units u ON u.id = g.unit_id \
                 WHERE g.{column} = $1 AND g.unit_id <> $2"
            )))
            .bind(value.clone())
            .bind(unit.id.clone())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get(0))
            .transpose()?;
            if let Some(other) = other {
                return Err(StoreError::Refused(format!(
                    "{what}“{value}”已由“{other}”登记，未作任何保存"
                )));
            }
        }
        sqlx::query(
            "INSERT INTO units (id, name, region, office, inferred) VALUES ($1, $2, $3, $4, 0) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, region = excluded.region, \
             office = excluded.office, inferred = 0",
        )
        .bind(unit.id.clone())
        .bind(unit.name.clone())
        .bind(unit.region.clone())
        .bind(unit.office.clone())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO agencies (unit_id, code, short_name, host, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (unit_id) DO UPDATE SET code = excluded.code, short_name = excluded.short_name, \
             host = excluded.host",
        )
        .bind(unit.id.clone())
        .bind(code.to_string())
        .bind(short_name.to_string())
        .bind(host.map(str::to_string))
        .bind(at.to_string())
        .execute(&mut *tx)
        .await?;
        bump(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every agency, by region and name.
    pub async fn agencies(&self) -> Result<Vec<Agency>, StoreError> {
        sqlx::query(AssertSqlSafe(format!("{SELECT} ORDER BY u.region, u.name")))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(agency_from_row)
            .collect()
    }

    /// How many agencies are registered.
    pub async fn agency_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM agencies")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    /// The agency registered with `code`.
    pub async fn agency_by_code(&self, code: &str) -> Result<Option<Agency>, StoreError> {
        sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE g.code = $1")))
            .bind(code.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(agency_from_row)
            .transpose()
    }

    /// The agency whose unit is `unit_id`.
    pub async fn agency_of_unit(&self, unit_id: &str) -> Result<Option<Agency>, StoreError> {
        sqlx::query(AssertSqlSafe(format!("{SELECT} WHERE g.unit_id = $1")))
            .bind(unit_id.to_string())
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(agency_from_row)
            .transpose()
    }

    /// Agencies whose name, short name or an alias contains `text` (wildcards literal), by region and name,
    /// at most `limit`.
    pub async fn find_agencies(&self, text: &str, limit: i64) -> Result<Vec<Agency>, StoreError> {
        sqlx::query(AssertSqlSafe(format!(
            "{SELECT} WHERE u.name LIKE $1 ESCAPE '\\' OR g.short_name LIKE $1 ESCAPE '\\' \
             OR u.id IN (SELECT unit_id FROM unit_aliases WHERE alias LIKE $1 ESCAPE '\\') \
             ORDER BY u.region, u.name LIMIT $2"
        )))
        .bind(crate::cases::like(text))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(agency_from_row)
        .collect()
    }
}
