//! The notices (告知书) the 条例 requires an office to send: the 补正通知 (Art. 30), the 征求意见函 (Art. 32),
//! the 缴费通知 (Art. 42), the notice of an extended time limit (Art. 33), and a reply for every kind of answer
//! (Art. 36–39), each a template with named placeholders that the office may edit, and the reason and legal
//! basis of each 表三 outcome row.

use crate::calendar::WorkingCalendar;
use crate::case::{ApplicantType, Application, Consulted, EventKind, Outcome};
use crate::clock::{ClockSettings, FEE_PAYMENT_DAYS, clock};
use chrono::NaiveDate;
use std::collections::BTreeMap;

mod templates;
use templates::REMEDY;
pub use templates::{NOTICE_KINDS, NoticeKind, PLACEHOLDERS, reason};

/// The notice kind for a reply with `outcome` (2021 key).
pub fn reply_kind(outcome: &Outcome) -> &'static NoticeKind {
    let key = outcome.key();
    let group = key.split('.').next().unwrap_or(key);
    NOTICE_KINDS
        .iter()
        .find(|k| k.key == key)
        .or_else(|| NOTICE_KINDS.iter().find(|k| k.key == group))
        .unwrap_or(&NOTICE_KINDS[11])
}

/// The notice kind a step calls for: the 补正通知, the 征求意见函, the 缴费通知, the extension notice, or the
/// reply of a closing step.
pub fn kind_of_step(kind: &EventKind) -> Option<&'static NoticeKind> {
    let key = match kind {
        EventKind::CorrectionRequested => "correction",
        EventKind::ConsultationSent { .. } => "consultation",
        EventKind::FeeNotified { .. } => "fee",
        EventKind::Extended { .. } => "extension",
        EventKind::Referred { .. } => "referral",
        other => return other.closing_outcome().map(|o| reply_kind(&o)),
    };
    NOTICE_KINDS.iter().find(|k| k.key == key)
}

/// The notice kinds that fit a case so far, in the order of its steps.
pub fn kinds_for(app: &Application) -> Vec<&'static NoticeKind> {
    let mut out = Vec::new();
    for e in &app.events {
        let kind = kind_of_step(&e.kind);
        if let Some(k) = kind
            && !out.contains(&k)
        {
            out.push(k);
        }
    }
    out
}

/// The agency's particulars a notice prints.
#[derive(Debug, Clone, Default)]
pub struct Office {
    /// The agency's name.
    pub name: String,
    /// Its 政府信息公开工作机构.
    pub office: String,
    /// The office's address.
    pub address: String,
    /// The office's telephone.
    pub phone: String,
    /// The 行政复议机关.
    pub review_body: String,
    /// The competent court.
    pub court: String,
}

/// A notice composed for a case: its title, text, and date (its own step's date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The title.
    pub title: &'static str,
    /// The text, paragraphs separated by newlines.
    pub text: String,
    /// The notice's date: the day of the step it belongs to.
    pub date: NaiveDate,
}

/// The form of address for an applicant: “您” for a natural person, “你单位” for an organisation.
pub fn form_of_address(t: ApplicantType) -> &'static str {
    match t {
        ApplicantType::NaturalPerson => "您",
        _ => "你单位",
    }
}

/// A date a notice states, with a warning when it was computed provisionally (no notice of its year's holidays
/// yet): the notice never states a provisional date as definite.
fn stated_date(cal: &WorkingCalendar, d: NaiveDate) -> String {
    if cal.is_provisional(d) {
        format!(
            "{}（按法定节假日推算；国务院公布{}年节假日安排后如工作日有调整，以调整后的日期为准）",
            chinese_date(d),
            chinese_date(d).split('年').next().unwrap_or_default()
        )
    } else {
        chinese_date(d)
    }
}

/// Composes the notice of `kind` for `app` from `template` (the office's own or the default): dated by the last
/// step of that kind (an error when the case has none), addressed by applicant type, with the dates it states
/// computed on `cal`. `name` and `content` are the applicant's name and request as filed.
pub fn compose(
    app: &Application,
    kind: &'static NoticeKind,
    template: &str,
    name: &str,
    content: &str,
    office: &Office,
    cal: &WorkingCalendar,
) -> Result<Composed, String> {
    let (index, step) = app
        .events
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| kind_of_step(&e.kind).is_some_and(|k| k.key == kind.key))
        .ok_or_else(|| format!("本案件尚未办理“{}”对应的步骤，不能生成该文书", kind.title))?;
    let mut values: BTreeMap<&str, String> = BTreeMap::from([
        ("申请人", name.to_string()),
        ("称谓", form_of_address(app.applicant).to_string()),
        ("申请编号", app.id.clone()),
        ("收到日期", chinese_date(app.received)),
        ("申请内容", content.to_string()),
        ("复议机关", office.review_body.clone()),
        ("人民法院", office.court.clone()),
        ("机关", office.name.clone()),
        ("公开工作机构", office.office.clone()),
        ("地址", office.address.clone()),
        ("电话", office.phone.clone()),
        ("日期", chinese_date(step.date)),
    ]);
    match &step.kind {
        EventKind::Extended { days, .. } => {
            // The due date as extended, from the steps up to the extension.
            let mut upto = app.clone();
            upto.events.truncate(index + 1);
            let c = clock(&upto, cal, ClockSettings::default()).map_err(|e| e.to_string())?;
            values.insert("延长天数", days.to_string());
            values.insert("期限至", stated_date(cal, c.due));
        }
        EventKind::FeeNotified { amount } => {
            let by = cal
                .add_working_days(step.date, FEE_PAYMENT_DAYS)
                .map_err(|e| e.to_string())?;
            values.insert("收费金额", amount.to_string());
            values.insert("缴费截止", stated_date(cal, by));
        }
        EventKind::ConsultationSent { party, name } => {
            let to = name.as_deref().map(str::trim).filter(|n| !n.is_empty()).ok_or(
                "登记征求意见时未填写被征求意见方的名称，无法生成征求意见函；请撤回该步骤后重新登记并填写名称",
            )?;
            values.insert("被征求意见方", to.to_string());
            values.insert("征求事由", match party {
                Consulted::ThirdParty => "经审查，该信息可能涉及你方的商业秘密、个人隐私等合法权益，公开后可能损害你方的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求你方意见。".to_string(),
                Consulted::OtherAgency => "该信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。".to_string(),
            });
        }
        EventKind::Referred {
            agency, contact, ..
        } => {
            values.insert("负责机关", agency.clone());
            values.insert("负责机关联系方式", contact.clone());
        }
        other => {
            if let Some(o) = other.closing_outcome() {
                values.insert("理由", reason(o.key()).to_string());
            }
        }
    }
    let text = fill(template, &values).map_err(|e| e.to_string())?;
    Ok(Composed {
        title: kind.title,
        text,
        date: step.date,
    })
}

/// A date as printed in a notice: 2025年3月5日.
pub fn chinese_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A template with a placeholder it does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("模板中的“{{{0}}}”不是可用的占位符（可用：{1}）")]
pub struct UnknownPlaceholder(pub String, pub String);

/// Checks that every `{…}` of a template is a known placeholder.
pub fn check_template(template: &str) -> Result<(), UnknownPlaceholder> {
    fill(template, &BTreeMap::new()).map(|_| ())
}

/// Fills a template's placeholders with `values` (a placeholder without a value becomes empty; `{救济}` is filled
/// before the names it contains).
pub fn fill(template: &str, values: &BTreeMap<&str, String>) -> Result<String, UnknownPlaceholder> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        if !PLACEHOLDERS.iter().any(|(p, _)| *p == name) {
            return Err(UnknownPlaceholder(
                name.to_string(),
                PLACEHOLDERS
                    .iter()
                    .map(|(p, _)| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(" "),
            ));
        }
        if name == "救济" {
            out.push_str(&fill(REMEDY, values)?);
        } else if name == "理由" {
            out.push_str(&fill(values.get(name).map_or("", String::as_str), values)?);
        } else {
            out.push_str(values.get(name).map_or("", String::as_str));
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests;
