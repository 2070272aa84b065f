//! The public portal's records: an application submitted on the portal (the case in the ledger plus the
//! applicant's particulars under 条例第二十九条, kept in a table of their own), and the agency's settings that
//! every public page shows (主办单位, contacts, 网站标识码, ICP备案编号, 公安机关备案标识, 公开指南).

use crate::{Store, StoreError};
use gongkai_ledger::case::Application;
use sqlx::Row;
use std::collections::BTreeMap;

/// What an applicant submits on the portal besides the case itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalRequest {
    /// The tracking number (also the ledger's case number).
    pub tracking: String,
    /// The hash of the secret the applicant keeps (never the secret itself).
    pub secret_hash: String,
    /// 公民 or 法人或者其他组织 (the ledger holds the 表三 column).
    pub applicant_kind: String,
    /// Name, or the organisation's name.
    pub name: String,
    /// Identity document (type and number), or the organisation's code and its legal representative.
    pub id_document: String,
    /// Telephone.
    pub phone: String,
    /// E-mail (may be empty).
    pub email: String,
    /// Postal address (may be empty when delivery is electronic).
    pub address: String,
    /// The information requested: its name, number or other description that identifies it.
    pub description: String,
    /// The purpose stated (optional under the 条例; may be empty).
    pub purpose: String,
    /// The form of the information: 纸质, 电子.
    pub delivery_form: String,
    /// How it is to be delivered: 邮寄, 电子邮件, 当面领取, 在线下载.
    pub delivery_channel: String,
    /// When it was submitted (RFC 3339).
    pub submitted_at: String,
}

impl Store {
    /// Stores an application submitted on the portal: the ledger case and the applicant's particulars in one
    /// transaction (both or neither).
    pub async fn submit_portal(
        &self,
        app: &Application,
        req: &PortalRequest,
    ) -> Result<(), StoreError> {
        app.validate()?;
        let mut tx = self.write_tx().await?;
        if sqlx::query("SELECT id FROM applications WHERE agency_id = $2 AND id = $1")
            .bind(app.id.clone())
            .bind(self.ag())
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            return Err(StoreError::Duplicate(app.id.clone()));
        }
        crate::insert_applications(
            &mut tx,
            &self.agency,
            std::slice::from_ref(app),
            &self.calendar(),
        )
        .await?;
        sqlx::query(
            "INSERT INTO portal_requests (tracking, secret_hash, applicant_kind, name, id_document, phone, email, \
             address, description, purpose, delivery_form, delivery_channel, submitted_at, agency_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(req.tracking.clone())
        .bind(req.secret_hash.clone())
        .bind(req.applicant_kind.clone())
        .bind(req.name.clone())
        .bind(req.id_document.clone())
        .bind(req.phone.clone())
        .bind(req.email.clone())
        .bind(req.address.clone())
        .bind(req.description.clone())
        .bind(req.purpose.clone())
        .bind(req.delivery_form.clone())
        .bind(req.delivery_channel.clone())
        .bind(req.submitted_at.clone())
        .bind(self.ag())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The portal record of a tracking number.
    pub async fn portal_request(
        &self,
        tracking: &str,
    ) -> Result<Option<PortalRequest>, StoreError> {
        let row = sqlx::query(
            "SELECT tracking, secret_hash, applicant_kind, name, id_document, phone, email, address, \
             description, purpose, delivery_form, delivery_channel, submitted_at \
             FROM portal_requests WHERE agency_id = $2 AND tracking = $1",
        )
        .bind(tracking.to_string())
        .bind(self.ag())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let s = |i: usize| -> Result<String, StoreError> { Ok(r.try_get::<String, _>(i)?) };
        Ok(Some(PortalRequest {
            tracking: s(0)?,
            secret_hash: s(1)?,
            applicant_kind: s(2)?,
            name: s(3)?,
            id_document: s(4)?,
            phone: s(5)?,
            email: s(6)?,
            address: s(7)?,
            description: s(8)?,
            purpose: s(9)?,
            delivery_form: s(10)?,
            delivery_channel: s(11)?,
            submitted_at: s(12)?,
        }))
    }

    /// The agencies holding a portal request with tracking number `tracking` (a referred request is in two),
    /// this view's agency first: for the platform's one status page.
    pub async fn portal_agencies(&self, tracking: &str) -> Result<Vec<String>, StoreError> {
        let mut found: Vec<String> = sqlx::query(
            "SELECT agency_id FROM portal_requests WHERE tracking = $1 ORDER BY agency_id",
        )
        .bind(tracking.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
        found.sort_by_key(|a| *a != *self.agency);
        Ok(found)
    }

    /// The agency's settings (key → value).
    pub async fn settings(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let rows = sqlx::query("SELECT key, value FROM agency_settings WHERE agency_id = $1")
            .bind(self.ag())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?)))
            .collect()
    }

    /// Sets agency settings, all or none.
    pub async fn set_settings(&self, values: &[(&str, &str)]) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        for (k, v) in values {
            sqlx::query("DELETE FROM agency_settings WHERE agency_id = $2 AND key = $1")
                .bind(k.to_string())
                .bind(self.ag())
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO agency_settings (agency_id, key, value) VALUES ($3, $1, $2)")
                .bind(k.to_string())
                .bind(v.to_string())
                .bind(self.ag())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
