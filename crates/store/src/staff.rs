//! Staff accounts, sessions and the audit log. Sessions live in the database, so that several server processes
//! behind one load balancer share them; times are RFC 3339 text in UTC, which compares correctly as text.

use crate::{Store, StoreError};
use sqlx::Row;

/// A staff account (the password only as its hash).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub username: String,
    /// The argon2 hash of the password.
    pub password_hash: String,
    /// Role key: staff, office_head, supervisor, admin. In a [`Session`], the role in the agency the session
    /// works in (empty when the user holds none there).
    pub role: String,
    /// Name shown on pages and in the audit log.
    pub display_name: String,
    /// Disabled by an office head or administrator: cannot log in, has no session.
    pub disabled: bool,
    /// The password was generated (a new or reset account): it must be changed before anything else.
    pub must_change: bool,
}

/// The columns of `users` read into a [`User`] (prefixed `u.`), in [`user_at`]'s order.
pub(crate) const USER_COLUMNS: &str =
    "u.username, u.password_hash, u.role, u.display_name, u.disabled, u.must_change";

/// The [`User`] in a row's columns `at..at + 6` (selected with [`USER_COLUMNS`]).
pub(crate) fn user_at(r: &sqlx::any::AnyRow, at: usize) -> Result<User, sqlx::Error> {
    Ok(User {
        username: r.try_get(at)?,
        password_hash: r.try_get(at + 1)?,
        role: r.try_get(at + 2)?,
        display_name: r.try_get(at + 3)?,
        disabled: r.try_get::<i64, _>(at + 4)? != 0,
        must_change: r.try_get::<i64, _>(at + 5)? != 0,
    })
}

/// A logged-in session with its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The session's id (the cookie's value).
    pub id: String,
    /// The user.
    pub user: User,
    /// The token every form of the session must return.
    pub csrf: String,
    /// When it expires (RFC 3339, UTC).
    pub expires_at: String,
    /// The agency the session works in.
    pub agency_id: String,
}

/// The roles of the disclosure office, held per agency.
pub const OFFICE_ROLES: [&str; 2] = ["staff", "office_head"];

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub username: String,
    /// What was done (in Chinese).
    pub action: String,
    /// To what (a case number).
    pub subject: String,
}

impl Store {
    /// Adds or replaces an account (its sessions and API tokens end). An office role (staff, office head) is
    /// held in this view's agency; the account's roles in other agencies stay.
    pub async fn put_user(&self, u: &User) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for sql in [
            "DELETE FROM sessions WHERE username = $1",
            "DELETE FROM api_tokens WHERE username = $1",
        ] {
            sqlx::query(sql)
                .bind(u.username.clone())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO users (username, password_hash, role, display_name, disabled, must_change) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET \
             password_hash = excluded.password_hash, role = excluded.role, \
             display_name = excluded.display_name, disabled = excluded.disabled, \
             must_change = excluded.must_change",
        )
        .bind(u.username.clone())
        .bind(u.password_hash.clone())
        .bind(u.role.clone())
        .bind(u.display_name.clone())
        .bind(i64::from(u.disabled))
        .bind(i64::from(u.must_change))
        .execute(&mut *tx)
        .await?;
        if OFFICE_ROLES.contains(&u.role.as_str()) {
            grant(&mut tx, &u.username, &self.agency, &u.role).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Gives an existing account an office role (staff, office head) in this view's agency, replacing the role
    /// it held there.
    pub async fn grant_role(&self, username: &str, role: &str) -> Result<(), StoreError> {
        if !OFFICE_ROLES.contains(&role) {
            return Err(StoreError::Refused(format!(
                "机关内的角色只能是工作人员（staff）或负责人（office_head），不能是“{role}”"
            )));
        }
        if self.user(username).await?.is_none() {
            return Err(StoreError::NotFound(username.to_string()));
        }
        let mut tx = self.write_tx().await?;
        grant(&mut tx, username, &self.agency, role).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes an account's role in this view's agency away; the sessions working in it end.
    pub async fn revoke_role(&self, username: &str) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for sql in [
            "DELETE FROM user_agencies WHERE username = $1 AND agency_id = $2",
            "DELETE FROM sessions WHERE username = $1 AND agency_id = $2",
        ] {
            sqlx::query(sql)
                .bind(username.to_string())
                .bind(self.ag())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The agencies an account holds an office role in, with the role, by agency id.
    pub async fn roles_of(&self, username: &str) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query(
            "SELECT agency_id, role FROM user_agencies WHERE username = $1 ORDER BY agency_id",
        )
        .bind(username.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
    }

    /// The agency an account starts working in, with its role there: this view's agency when it holds a role
    /// here, else the first of its agencies; none when it holds no office role anywhere.
    pub async fn starting_role(
        &self,
        username: &str,
    ) -> Result<Option<(String, String)>, StoreError> {
        let roles = self.roles_of(username).await?;
        let here = roles.iter().position(|(a, _)| *a == *self.agency);
        Ok(roles.into_iter().nth(here.unwrap_or(0)))
    }

    /// The accounts holding an office role in this view's agency, with the role, by login name.
    pub async fn members(&self) -> Result<Vec<(User, String)>, StoreError> {
        let sql = format!(
            "SELECT g.role, {USER_COLUMNS} FROM user_agencies g JOIN users u ON u.username = g.username \
             WHERE g.agency_id = $1 ORDER BY u.username"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.ag())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((user_at(r, 1)?, r.try_get(0)?)))
            .collect()
    }

    /// Moves a session to another agency (the caller checks the user may work there).
    pub async fn set_session_agency(&self, id: &str, agency_id: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET agency_id = $1 WHERE id = $2")
            .bind(agency_id.to_string())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A staff account by login name.
    pub async fn user(&self, username: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(username.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| user_at(&r, 0)).transpose()?)
    }

    /// Every account, by login name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u ORDER BY u.username");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| user_at(r, 0))
            .collect::<Result<_, _>>()?)
    }

    /// Sets an account's password hash and whether it must be changed at the next login. With `end_sessions`,
    /// the account's sessions end (a reset: whoever held the old password is logged out).
    pub async fn set_password(
        &self,
        username: &str,
        hash: &str,
        must_change: bool,
        end_sessions: bool,
    ) -> Result<(), StoreError> {
        let update = sqlx::query(
            "UPDATE users SET password_hash = $1, must_change = $2 WHERE username = $3",
        )
        .bind(hash.to_string())
        .bind(i64::from(must_change))
        .bind(username.to_string());
        self.change_account(username, update, end_sessions).await
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub async fn set_disabled(&self, username: &str, disabled: bool) -> Result<(), StoreError> {
        let update = sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
            .bind(i64::from(disabled))
            .bind(username.to_string());
        self.change_account(username, update, disabled).await
    }

    /// Runs `update` of one account in a transaction (NotFound if it changed no row), ending the account's
    /// sessions with it when `end_sessions`.
    async fn change_account(
        &self,
        username: &str,
        update: sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments>,
        end_sessions: bool,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        if update.execute(&mut *tx).await?.rows_affected() == 0 {
            return Err(StoreError::NotFound(username.to_string()));
        }
        if end_sessions {
            sqlx::query("DELETE FROM sessions WHERE username = $1")
                .bind(username.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new session, working in this view's agency.
    pub async fn create_session(
        &self,
        id: &str,
        username: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id, username, csrf, expires_at, agency_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(username.to_string())
        .bind(csrf.to_string())
        .bind(expires_at.to_string())
        .bind(self.ag())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session `id` if it exists and has not expired at `now` (RFC 3339, UTC). Its user's role is the
    /// one held in the session's agency: a platform role (supervisor, admin) everywhere, an office role where
    /// granted, none elsewhere.
    pub async fn session(&self, id: &str, now: &str) -> Result<Option<Session>, StoreError> {
        let sql = format!(
            "SELECT s.id, s.csrf, s.expires_at, s.agency_id, g.role, {USER_COLUMNS} FROM sessions s \
             JOIN users u ON u.username = s.username \
             LEFT JOIN user_agencies g ON g.username = s.username AND g.agency_id = s.agency_id \
             WHERE s.id = $1 AND s.expires_at > $2 AND u.disabled = 0"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .bind(now.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let mut user = user_at(&r, 5)?;
            if !matches!(user.role.as_str(), "supervisor" | "admin") {
                user.role = r.try_get::<Option<String>, _>(4)?.unwrap_or_default();
            }
            Ok(Session {
                id: r.try_get(0)?,
                csrf: r.try_get(1)?,
                expires_at: r.try_get(2)?,
                agency_id: r.try_get(3)?,
                user,
            })
        })
        .transpose()
    }

    /// Ends a session.
    pub async fn delete_session(&self, id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a view or change of an applicant's personal data (in this agency's log).
    pub async fn audit(&self, entry: &AuditEntry, id: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, username, action, subject, agency_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(entry.at.clone())
        .bind(entry.username.clone())
        .bind(entry.action.clone())
        .bind(entry.subject.clone())
        .bind(self.ag())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` lines of this agency's audit log, newest first.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, username, action, subject FROM audit_log WHERE agency_id = $2 \
             ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .bind(self.ag())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: r.try_get(0)?,
                    username: r.try_get(1)?,
                    action: r.try_get(2)?,
                    subject: r.try_get(3)?,
                })
            })
            .collect()
    }
}

/// The requests of a bucket ($1) in its slots starting at or after $2.
const HITS_SINCE: &str = "SELECT CAST(COALESCE(SUM(hits), 0) AS BIGINT) FROM rate_limits \
                          WHERE bucket = $1 AND window_start >= $2";

impl Store {
    /// The requests of `bucket` counted in the slots starting at or after `since` (RFC 3339, UTC): a sliding
    /// window made of short slots, so that a limit holds across every span and not only within fixed windows.
    pub async fn hits(&self, bucket: &str, since: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(HITS_SINCE)
            .bind(bucket.to_string())
            .bind(since.to_string())
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Counts one request of `bucket` in the slot starting at `slot` and says whether the requests in the slots
    /// from `since` on (both RFC 3339, UTC) are still within `limit`. The bucket's slots before `since`, and
    /// every bucket's slots older than a day, are removed.
    pub async fn hit(
        &self,
        bucket: &str,
        slot: &str,
        since: &str,
        limit: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM rate_limits WHERE bucket = $1 AND window_start < $2")
            .bind(bucket.to_string())
            .bind(since.to_string())
            .execute(&mut *tx)
            .await?;
        if let Ok(start) = chrono::DateTime::parse_from_rfc3339(since) {
            let day_before = (start - chrono::Duration::days(1)).to_rfc3339();
            sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(day_before)
                .execute(&mut *tx)
                .await?;
        }
        let updated = sqlx::query(
            "UPDATE rate_limits SET hits = hits + 1 WHERE bucket = $1 AND window_start = $2",
        )
        .bind(bucket.to_string())
        .bind(slot.to_string())
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            sqlx::query("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)")
                .bind(bucket.to_string())
                .bind(slot.to_string())
                .execute(&mut *tx)
                .await?;
        }
        let hits: i64 = sqlx::query(HITS_SINCE)
            .bind(bucket.to_string())
            .bind(since.to_string())
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        tx.commit().await?;
        Ok(hits <= limit)
    }
}

/// Gives `username` `role` in `agency` (replacing the role held there).
async fn grant(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    username: &str,
    agency: &str,
    role: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO user_agencies (username, agency_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (username, agency_id) DO UPDATE SET role = excluded.role",
    )
    .bind(username.to_string())
    .bind(agency.to_string())
    .bind(role.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
