//! The agency's settings as the public pages show them (footer and 公开指南), with the keys they are stored
//! under and the demo agency.

use gongkai_store::{Store, StoreError};
use std::collections::BTreeMap;

/// The agency as the public pages show it.
#[derive(Debug, Clone)]
pub struct Agency {
    /// 主办单位: the agency's name.
    pub name: String,
    /// The office that handles applications (政府信息公开工作机构).
    pub office: String,
    /// Postal address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// Telephone.
    pub phone: String,
    /// Office hours.
    pub hours: String,
    /// 网站标识码.
    pub site_code: String,
    /// ICP备案编号 (e.g. “京ICP备XXXXXXXX号”).
    pub icp: String,
    /// 公安机关备案标识 (e.g. “京公网安备XXXXXXXXXXXXXX号”).
    pub police: String,
    /// The categories of proactively disclosed information (公开指南).
    pub categories: String,
    /// The body that hears an administrative review of the agency's replies (行政复议机关).
    pub review_body: String,
    /// The court for a lawsuit against the agency's replies.
    pub court: String,
    /// Whether the deployment is a platform with registered agencies (its 机关名录 is then linked).
    pub platform: bool,
    /// Where the agency's public pages are: empty for the deployment's own agency, `/{code}` for a registered
    /// agency of the platform (its 统一社会信用代码).
    pub base: String,
}

/// The settings keys, with the text shown while a setting is not filled in.
pub const KEYS: [(&str, &str); 12] = [
    ("name", "（未设置机关名称）"),
    ("office", "（未设置受理机构）"),
    ("address", "（未设置地址）"),
    ("postcode", "（未设置）"),
    ("phone", "（未设置）"),
    ("hours", "（未设置办公时间）"),
    ("site_code", "（未设置）"),
    ("icp", "（未设置ICP备案编号）"),
    ("police", "（未设置公安机关备案标识）"),
    (
        "categories",
        "机构职能、政策文件、规划计划、财政预决算、行政许可与行政处罚等",
    ),
    ("review_body", "（未设置行政复议机关）"),
    ("court", "（未设置管辖人民法院）"),
];

impl Agency {
    /// The agency from its stored settings.
    pub fn from_settings(s: &BTreeMap<String, String>) -> Agency {
        let get = |k: &str| {
            s.get(k)
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| {
                    KEYS.iter()
                        .find(|(key, _)| *key == k)
                        .map_or(String::new(), |(_, d)| (*d).to_string())
                })
        };
        Agency {
            name: get("name"),
            office: get("office"),
            address: get("address"),
            postcode: get("postcode"),
            phone: get("phone"),
            hours: get("hours"),
            site_code: get("site_code"),
            icp: get("icp"),
            police: get("police"),
            categories: get("categories"),
            review_body: get("review_body"),
            court: get("court"),
            platform: false,
            base: String::new(),
        }
    }

    /// The agency of `store`'s view: its settings; for a registered agency also its pages' place and, while
    /// its settings give none, its registered name.
    pub async fn load(store: &Store) -> Result<Agency, StoreError> {
        let mut settings = store.settings().await?;
        let mut base = String::new();
        if store.agency_id() != gongkai_store::HOME_AGENCY
            && let Some(registered) = store.agency_of_unit(store.agency_id()).await?
        {
            base = format!("/{}", registered.code);
            settings
                .entry("name".into())
                .or_insert(registered.unit.name);
        }
        Ok(Agency {
            platform: store.agency_count().await? > 0,
            base,
            ..Agency::from_settings(&settings)
        })
    }
}

/// Adds or replaces an account with a new random password; returns the password (to be shown once). With
/// `must_change`, the password must be changed at the first login (every account but the demo's).
pub async fn add_user(
    store: &Store,
    username: &str,
    role: &str,
    display_name: &str,
    must_change: bool,
) -> Result<String, String> {
    let username = username.trim();
    if username.is_empty()
        || username.chars().count() > 60
        || !username
            .chars()
            .all(|c| c.is_alphanumeric() || "._-".contains(c))
    {
        return Err("用户名应为 1 至 60 个字母、数字或“._-”。".into());
    }
    let password = crate::secret::new_secret(&mut rand::rng());
    let hash = crate::secret::hash(&password)?;
    store
        .put_user(&gongkai_store::staff::User {
            username: username.to_string(),
            password_hash: hash,
            role: role.to_string(),
            display_name: display_name.to_string(),
            disabled: false,
            must_change,
        })
        .await
        .map_err(|e| e.to_string())?;
    Ok(password)
}

/// Fills the settings of a demo agency (a fictitious 局 with placeholder registration numbers) and creates its
/// staff, office head, supervisor and platform administrator accounts with new random passwords; returns (login, role, password) to
/// print once.
pub async fn fill_demo(store: &Store) -> Result<Vec<(String, &'static str, String)>, StoreError> {
    let mut logins = Vec::new();
    for (username, role, label, name) in [
        ("staff", "staff", "工作人员", "示例工作人员"),
        ("office", "office_head", "负责人", "示例负责人"),
        ("supervisor", "supervisor", "监督人员", "示例监督人员"),
        ("admin", "admin", "平台系统管理员", "示例系统管理员"),
    ] {
        let password = add_user(store, username, role, name, false)
            .await
            .map_err(StoreError::Corrupt)?;
        logins.push((username.to_string(), label, password));
    }
    store
        .set_settings(&[
            ("name", "示例市示例局"),
            ("office", "示例市示例局办公室（政府信息公开工作机构）"),
            ("address", "示例市人民路 1 号"),
            ("postcode", "100000"),
            ("phone", "010-00000000"),
            ("hours", "工作日 上午 9:00–12:00，下午 13:30–17:30"),
            ("site_code", "0000000000"),
            ("icp", "示ICP备00000000号"),
            ("police", "示公网安备00000000000000号"),
            ("review_body", "示例市人民政府"),
            ("court", "示例市示例区人民法院"),
            ("org_code", "11000000MB0000000X"),
        ])
        .await?;
    Ok(logins)
}
