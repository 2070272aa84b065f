//! The ledger as a table of text (the layout of an agency's Excel 台账), in both directions. One row per
//! application; Chinese column headers; dates written 2026-11-03 on export and read in the usual spellings
//! (2026/11/03, 2026年11月3日, 2026.11.03). A file with any bad row is rejected as a whole, with every bad row
//! and all its reasons at once. The layout is documented in docs/ledger-import.md.

use crate::case::{ApplicantType, Application, Channel, Consulted, Event, EventKind, Outcome};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

/// The columns, in export order. The first six are required.
pub const HEADERS: [&str; 19] = [
    "编号",
    "收到日期",
    "申请人类型",
    "申请人",
    "渠道",
    "申请内容",
    "补正通知日期",
    "补正收到日期",
    "征求意见对象",
    "征求意见日期",
    "征求意见答复日期",
    "收费通知日期",
    "收费金额",
    "缴费日期",
    "延期日期",
    "延期天数",
    "延期批准人",
    "办结日期",
    "办理结果",
];

const REQUIRED: usize = 6;

/// Each column with whether it is required and what it holds, as the import page and the template explain.
pub const LAYOUT: [(&str, &str, &str); 11] = [
    ("编号", "是", "案件编号，唯一"),
    (
        "收到日期",
        "是",
        "收到申请之日（条例第三十一条），如 2026-11-03、2026/11/03 或 2026年11月3日",
    ),
    (
        "申请人类型",
        "是",
        "自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他",
    ),
    ("申请人", "是", "姓名或名称"),
    ("渠道", "是", "当面提交、邮寄、平常信函、互联网、传真"),
    ("申请内容", "是", "所需政府信息的描述"),
    (
        "补正通知日期、补正收到日期",
        "否",
        "补正的两个日期；答复期限自收到补正之日重新计算",
    ),
    (
        "征求意见对象、征求意见日期、征求意见答复日期",
        "否",
        "第三方或其他行政机关；其间不计入答复期限",
    ),
    (
        "延期日期、延期天数、延期批准人",
        "延期时必填天数",
        "1 至 20 个工作日",
    ),
    (
        "收费通知日期、收费金额、缴费日期",
        "否",
        "信息处理费，金额以元计",
    ),
    (
        "办结日期、办理结果",
        "否",
        "表三办理结果行的名称（两种格式的写法均可，如“予以公开”“（三）不予公开 4.保护第三方合法权益”），或“申请人撤回”“逾期未补正”“逾期未缴费”",
    ),
];

/// Closing results that are not answers.
const WITHDRAWN: &str = "申请人撤回";
const LAPSED: &str = "逾期未补正";
const UNPAID: &str = "逾期未缴费";

/// The closing results that are not 表三 answers, as the 办理结果 column writes them.
pub const CLOSINGS: [&str; 3] = [WITHDRAWN, LAPSED, UNPAID];

/// The 编号 of the template's sample row: refused on import, so a forgotten sample is never a case.
pub const SAMPLE_ID: &str = "示例（导入前请删除本行）";

/// The template's sample row: an application received `today`, by column.
pub fn sample_row(today: NaiveDate) -> HashMap<&'static str, String> {
    [
        ("编号", SAMPLE_ID.to_string()),
        ("收到日期", today.to_string()),
        ("申请人类型", "自然人".into()),
        ("申请人", "张三".into()),
        ("渠道", "互联网".into()),
        (
            "申请内容",
            format!("{}年本区老旧小区改造项目清单", today.format("%Y")),
        ),
    ]
    .into()
}

/// A rejected row: 1-based row number in the file (the header is row 1) and the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Row number in the file.
    pub row: usize,
    /// What is wrong.
    pub reasons: Vec<String>,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "第 {} 行：{}", self.row, self.reasons.join("；"))
    }
}

/// Parses a table (first row: headers) into applications. Either every row is valid, or the list of every
/// bad row is returned.
pub fn parse(rows: &[Vec<String>]) -> Result<Vec<Application>, Vec<RowError>> {
    parse_as_of(rows, NaiveDate::MAX, &HashSet::new())
}

/// [`parse`] for an import on `today`: a date after today is an error, and so is a case number in `existing`
/// (the ledger has it already). Every problem of every row is reported at once: a duplicated number, a bad
/// date and an unknown outcome on one row are three reasons of that row.
pub fn parse_as_of(
    rows: &[Vec<String>],
    today: NaiveDate,
    existing: &HashSet<String>,
) -> Result<Vec<Application>, Vec<RowError>> {
    let Some(header) = rows.first() else {
        return Err(vec![RowError {
            row: 1,
            reasons: vec!["文件为空，缺少表头".into()],
        }]);
    };
    let index: HashMap<&str, usize> = header
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    let missing: Vec<&str> = HEADERS[..REQUIRED]
        .iter()
        .filter(|h| !index.contains_key(*h))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(vec![RowError {
            row: 1,
            reasons: vec![format!("表头缺少必需的列：{}", missing.join("、"))],
        }]);
    }
    let unknown: Vec<&str> = header
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty() && !HEADERS.contains(h))
        .collect();
    if !unknown.is_empty() {
        return Err(vec![RowError {
            row: 1,
            reasons: vec![format!(
                "表头有无法识别的列：{}（可用的列见 docs/ledger-import.md）",
                unknown.join("、")
            )],
        }]);
    }
    let mut apps = Vec::new();
    let mut errors = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let n = i + 1;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |h: &str| {
            index
                .get(h)
                .and_then(|&c| row.get(c))
                .map_or(String::new(), |s| s.trim().to_string())
        };
        let id = get("编号");
        let mut reasons = Vec::new();
        if id == SAMPLE_ID {
            errors.push(RowError {
                row: n,
                reasons: vec!["这是模板的示例行，请删除后再导入".into()],
            });
            continue;
        }
        if !id.is_empty() {
            if let Some(&first) = ids.get(&id) {
                reasons.push(format!("编号 {id} 与第 {first} 行重复"));
            } else {
                ids.insert(id.clone(), n);
            }
            if existing.contains(&id) {
                reasons.push(format!("编号 {id} 已在台账中（此前已导入或登记）"));
            }
        }
        match parse_row(&get, today) {
            Ok(app) if reasons.is_empty() => apps.push(app),
            Ok(_) => errors.push(RowError { row: n, reasons }),
            Err(more) => {
                reasons.extend(more);
                errors.push(RowError { row: n, reasons });
            }
        }
    }
    if errors.is_empty() {
        Ok(apps)
    } else {
        Err(errors)
    }
}

fn parse_row(get: &dyn Fn(&str) -> String, today: NaiveDate) -> Result<Application, Vec<String>> {
    let mut reasons = Vec::new();
    let mut required = |h: &str| -> String {
        let v = get(h);
        if v.is_empty() {
            reasons.push(format!("“{h}”不能为空"));
        }
        v
    };
    let id = required("编号");
    required("收到日期");
    let applicant_text = required("申请人类型");
    let applicant_name = required("申请人");
    let channel_text = required("渠道");
    let content = required("申请内容");
    let mut date = |h: &str| -> Option<NaiveDate> {
        let v = get(h);
        if v.is_empty() {
            return None;
        }
        match parse_date(&v) {
            Some(d) if d > today => {
                reasons.push(format!(
                    "“{h}”{} 晚于今天（{}），不能登记尚未发生的日期",
                    chinese_date(d),
                    chinese_date(today)
                ));
                Some(d)
            }
            Some(d) => Some(d),
            None => {
                reasons.push(format!(
                    "“{h}”的值“{v}”不是日期（可写作 2026-11-03、2026/11/03、2026年11月3日 或 2026.11.03）"
                ));
                None
            }
        }
    };
    let received = date("收到日期");
    let correction_requested = date("补正通知日期");
    let correction_received = date("补正收到日期");
    let consult_sent = date("征求意见日期");
    let consult_answered = date("征求意见答复日期");
    let fee_notified = date("收费通知日期");
    let fee_paid = date("缴费日期");
    let extended = date("延期日期");
    let closed = date("办结日期");
    let applicant = ApplicantType::parse(&applicant_text);
    if applicant.is_none() && !applicant_text.is_empty() {
        reasons.push(format!(
            "申请人类型“{applicant_text}”不是表三的申请人类别（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）"
        ));
    }
    let channel = Channel::parse(&channel_text);
    if channel.is_none() && !channel_text.is_empty() {
        reasons.push(format!(
            "渠道“{channel_text}”无法识别（当面提交、邮寄、平常信函、互联网、传真）"
        ));
    }
    let mut events: Vec<Event> = Vec::new();
    let mut push = |date: Option<NaiveDate>, kind: EventKind| {
        if let Some(date) = date {
            events.push(Event { date, kind });
        }
    };
    push(correction_requested, EventKind::CorrectionRequested);
    push(correction_received, EventKind::CorrectionReceived);
    let party = match get("征求意见对象").as_str() {
        "" | "第三方" => Consulted::ThirdParty,
        "其他机关" | "其他行政机关" => Consulted::OtherAgency,
        other => {
            reasons.push(format!("征求意见对象“{other}”应为“第三方”或“其他行政机关”"));
            Consulted::ThirdParty
        }
    };
    push(
        consult_sent,
        EventKind::ConsultationSent { party, name: None },
    );
    push(consult_answered, EventKind::ConsultationAnswered);
    if extended.is_some() {
        let days = get("延期天数").parse::<u32>().unwrap_or_else(|_| {
            reasons.push(format!("延期天数“{}”应为 1 至 20 的整数", get("延期天数")));
            0
        });
        push(
            extended,
            EventKind::Extended {
                days,
                approved_by: get("延期批准人"),
            },
        );
    }
    let amount = match get("收费金额").as_str() {
        "" => Decimal::ZERO,
        v => Decimal::from_str(v).unwrap_or_else(|_| {
            reasons.push(format!("收费金额“{v}”不是数字"));
            Decimal::ZERO
        }),
    };
    push(fee_notified, EventKind::FeeNotified { amount });
    push(fee_paid, EventKind::FeePaid);
    let result = get("办理结果");
    let closing = match (closed, result.as_str()) {
        (None, "") => None,
        (Some(_), "") => {
            reasons.push("有办结日期但没有办理结果".into());
            None
        }
        (None, r) => {
            reasons.push(format!("有办理结果“{r}”但没有办结日期"));
            if let (false, Err(e)) = (CLOSINGS.contains(&r), Outcome::parse(r)) {
                reasons.push(e.to_string());
            }
            None
        }
        (Some(_), WITHDRAWN) => Some(EventKind::Withdrawn),
        (Some(_), LAPSED) => Some(EventKind::CorrectionLapsed),
        (Some(_), UNPAID) => Some(EventKind::FeeUnpaid),
        (Some(_), r) => match Outcome::parse(r) {
            Ok(outcome) => Some(EventKind::Replied { outcome }),
            Err(e) => {
                reasons.push(e.to_string());
                None
            }
        },
    };
    if let (Some(kind), Some(d)) = (closing, closed) {
        events.push(Event { date: d, kind });
    }
    // Same-day steps keep their logical order (the order pushed above).
    events.sort_by_key(|e| e.date);
    if !reasons.is_empty() {
        return Err(reasons);
    }
    let (Some(applicant), Some(channel), Some(received)) = (applicant, channel, received) else {
        return Err(vec!["必填项有误".into()]);
    };
    let app = Application {
        id,
        applicant,
        applicant_name,
        channel,
        received,
        content,
        events,
    };
    app.validate().map_err(|e| vec![e.to_string()])?;
    Ok(app)
}

/// A date as offices write it: 2026-11-03, 2026-11-3, 2026/11/03, 2026.11.03, 2026年11月3日 (a time after
/// it, as spreadsheets add, is ignored).
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    let v = v.split([' ', 'T']).next().unwrap_or(v);
    let v = v.strip_suffix('日').unwrap_or(v);
    let parts: Vec<&str> = v.split(['-', '/', '.', '．', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    NaiveDate::from_ymd_opt(
        number(y, 4..=4)? as i32,
        number(m, 1..=2)?,
        number(d, 1..=2)?,
    )
}

/// A date as the letters write it: 2026年11月3日.
fn chinese_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// The applications as a table in the import layout (header first), so that an export imports back exactly.
/// Applications whose steps do not fit one row (two extensions, two consultations, a second correction) are
/// listed in the second return value and left out.
pub fn render(apps: &[Application]) -> (Vec<Vec<String>>, Vec<String>) {
    let mut rows = vec![HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    let mut skipped = Vec::new();
    for a in apps {
        let mut cells: HashMap<&str, String> = HashMap::new();
        cells.insert("编号", a.id.clone());
        cells.insert("收到日期", a.received.to_string());
        cells.insert("申请人类型", a.applicant.label().to_string());
        cells.insert("申请人", a.applicant_name.clone());
        cells.insert("渠道", a.channel.label().to_string());
        cells.insert("申请内容", a.content.clone());
        let mut seen = HashSet::new();
        let mut fits = true;
        for e in &a.events {
            let key = match &e.kind {
                EventKind::CorrectionRequested => "补正通知日期",
                EventKind::CorrectionReceived => "补正收到日期",
                EventKind::ConsultationSent { party, .. } => {
                    let who = match party {
                        Consulted::ThirdParty => "第三方",
                        Consulted::OtherAgency => "其他行政机关",
                    };
                    cells.insert("征求意见对象", who.into());
                    "征求意见日期"
                }
                EventKind::ConsultationAnswered => "征求意见答复日期",
                EventKind::FeeNotified { amount } => {
                    cells.insert("收费金额", amount.to_string());
                    "收费通知日期"
                }
                EventKind::FeePaid => "缴费日期",
                EventKind::Extended { days, approved_by } => {
                    cells.insert("延期天数", days.to_string());
                    cells.insert("延期批准人", approved_by.clone());
                    "延期日期"
                }
                closing => {
                    let result = match closing {
                        EventKind::Withdrawn => WITHDRAWN.to_string(),
                        EventKind::CorrectionLapsed => LAPSED.to_string(),
                        EventKind::FeeUnpaid => UNPAID.to_string(),
                        EventKind::Replied { outcome } => outcome.key().to_string(),
                        // The responsible agency has no column: such a case is listed, not exported.
                        EventKind::Referred { .. } => {
                            fits = false;
                            crate::case::REFERRAL_OUTCOME.to_string()
                        }
                        _ => unreachable!("all non-closing kinds are matched above"),
                    };
                    cells.insert("办理结果", result);
                    "办结日期"
                }
            };
            fits &= seen.insert(key);
            cells.insert(key, e.date.to_string());
        }
        // A row re-sorts same-day steps into its column order; keep only rows that read back identically.
        if fits {
            let row: Vec<String> = HEADERS
                .iter()
                .map(|h| cells.remove(h).unwrap_or_default())
                .collect();
            let back = parse(&[rows[0].clone(), row.clone()]);
            if back.as_ref().is_ok_and(|b| b.len() == 1 && b[0] == *a) {
                rows.push(row);
                continue;
            }
        }
        skipped.push(a.id.clone());
    }
    (rows, skipped)
}

#[cfg(test)]
mod tests;
