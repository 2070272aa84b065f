//! API tokens for programs: each belongs to a staff account (and so has its role), is stored as an id and the
//! hash of its secret, and can be revoked.

use crate::staff::User;
use crate::{Store, StoreError};
use sqlx::Row;

/// A token as listed (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Public id (the part before the secret).
    pub id: String,
    /// The account it acts as.
    pub username: String,
    /// What it is for.
    pub label: String,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was revoked.
    pub revoked_at: Option<String>,
}

impl Store {
    /// Stores a new token.
    pub async fn create_token(&self, t: &ApiToken, secret_hash: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, secret_hash, username, label, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(t.id.clone())
        .bind(secret_hash.to_string())
        .bind(t.username.clone())
        .bind(t.label.clone())
        .bind(t.created_at.clone())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The stored hash and the account of an unrevoked token.
    pub async fn token_user(&self, id: &str) -> Result<Option<(String, User)>, StoreError> {
        let sql = format!(
            "SELECT t.secret_hash, {} FROM api_tokens t JOIN users u ON u.username = t.username \
             WHERE t.id = $1 AND t.revoked_at IS NULL AND u.disabled = 0",
            crate::staff::USER_COLUMNS
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, crate::staff::user_at(&r, 1)?)))
            .transpose()
    }

    /// Every token, newest first.
    pub async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        sqlx::query(
            "SELECT id, username, label, created_at, revoked_at FROM api_tokens ORDER BY created_at DESC",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ApiToken {
                id: r.try_get(0)?,
                username: r.try_get(1)?,
                label: r.try_get(2)?,
                created_at: r.try_get(3)?,
                revoked_at: r.try_get(4)?,
            })
        })
        .collect()
    }

    /// Revokes a token; false when there is no such unrevoked token.
    pub async fn revoke_token(&self, id: &str, at: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(at.to_string())
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
