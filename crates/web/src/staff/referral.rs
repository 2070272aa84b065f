//! The referral answer on the case page (条例第三十六条第五项): the office names the agency responsible for the
//! information — one of the platform's agencies (by name, short name or code; its contacts then come from its
//! own settings) or any other agency with the contacts typed in.

use crate::AppState;
use crate::staff::StepForm;
use gongkai_ledger::case::{Event, EventKind};

/// The step key of a referral on the case page.
pub const REFERRED: &str = "referred";

/// The step's name in the list of steps.
pub const LABEL: &str = "答复：不属于本机关负责公开（告知负责公开的机关）";

/// The longest agency name or contact accepted.
const MAX: usize = 200;

/// The referral step the form describes, or what is wrong with it (in Chinese).
pub async fn event(state: &AppState, f: &StepForm) -> Result<Event, String> {
    let date = chrono::NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d")
        .map_err(|_| format!("日期“{}”不是有效日期（应为 年-月-日）。", f.date))?;
    let named = f.responsible.trim();
    let typed = f.responsible_contact.trim();
    if named.is_empty() {
        return Err("请填写负责公开该政府信息的行政机关（条例第三十六条第五项）。".into());
    }
    if named.chars().count() > MAX || typed.chars().count() > MAX {
        return Err(format!("负责机关的名称和联系方式各不能超过 {MAX} 个字。"));
    }
    let registered = registered(state, named).await?;
    let kind = match registered {
        Some((id, name, contact)) => {
            if id == state.store.agency_id() {
                return Err("负责公开的机关不能是本机关。".into());
            }
            let contact = if typed.is_empty() {
                contact
            } else {
                typed.to_string()
            };
            if contact.is_empty() {
                return Err(format!(
                    "“{name}”尚未在平台设置联系方式，请填写其联系方式。"
                ));
            }
            EventKind::Referred {
                agency: name,
                contact,
                agency_id: Some(id),
            }
        }
        None if typed.is_empty() => {
            return Err(format!(
                "“{named}”不是本平台登记的机关，请填写其联系方式（地址、电话）。"
            ));
        }
        None => EventKind::Referred {
            agency: named.to_string(),
            contact: typed.to_string(),
            agency_id: None,
        },
    };
    Ok(Event { date, kind })
}

/// The platform's agency `named` (its code, full name or short name): its id, full name and contacts from its
/// settings (empty when it set none).
async fn registered(
    state: &AppState,
    named: &str,
) -> Result<Option<(String, String, String)>, String> {
    let store = &state.store;
    let by_code = store
        .agency_by_code(named)
        .await
        .map_err(|e| e.to_string())?;
    let found = match by_code {
        Some(a) => Some(a),
        None => store
            .find_agencies(named, 50)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|a| a.unit.name == named || a.short_name == named),
    };
    let Some(a) = found else { return Ok(None) };
    let settings = store
        .for_agency(&a.unit.id)
        .settings()
        .await
        .map_err(|e| e.to_string())?;
    let part = |key: &str, label: &str| {
        settings
            .get(key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(|v| format!("{label}{v}"))
    };
    let contact: Vec<String> = [
        part("office", ""),
        part("address", "地址："),
        part("phone", "电话："),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Some((a.unit.id, a.unit.name, contact.join("，"))))
}

/// The names of the platform's agencies other than `own`, for the form's list of suggestions.
pub async fn choices(state: &AppState) -> Vec<String> {
    state
        .store
        .agencies()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.unit.id != state.store.agency_id())
        .map(|a| a.unit.name)
        .collect()
}
