//! The notices (告知书) the 条例 requires an office to send: the 补正通知 (Art. 30), the notice of an extended
//! time limit (Art. 33), and a reply for every kind of answer (Art. 36–39), each a template with named
//! placeholders that the office may edit, and the reason and legal basis of each 表三 outcome row.

use crate::calendar::WorkingCalendar;
use crate::case::{ApplicantType, Application, Consulted, EventKind, Outcome};
use crate::clock::{ClockSettings, FEE_PAYMENT_DAYS, clock};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A kind of notice: its key, title and default template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeKind {
    /// Stored key.
    pub key: &'static str,
    /// The printed title.
    pub title: &'static str,
    /// The default template.
    pub template: &'static str,
}

const REMEDY: &str = "如对本答复不服，可以自收到本答复之日起六十日内向{复议机关}申请行政复议，或者自收到本答复之日起六个月内向{人民法院}提起行政诉讼。";

/// The opening every notice to the applicant shares.
macro_rules! opening {
    () => {
        "{申请人}：\n本机关于{收到日期}收到{称谓}提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n"
    };
}

/// The notices, in the order of a case.
pub const NOTICE_KINDS: [NoticeKind; 12] = [
    NoticeKind {
        key: "correction",
        title: "政府信息公开申请补正通知书",
        template: concat!(
            opening!(),
            "经审查，{称谓}的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请{称谓}自收到本通知之日起十五个工作日内对申请内容作出补正，说明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。\n答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ),
    },
    NoticeKind {
        key: "consultation",
        title: "政府信息公开征求意见函",
        template: "{被征求意见方}：\n本机关于{收到日期}收到一件政府信息公开申请（申请编号：{申请编号}），申请公开的政府信息为：“{申请内容}”。{征求事由}\n请于收到本函之日起十五个工作日内以书面形式提出意见，并说明理由。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。\n联系人：{公开工作机构}，联系电话：{电话}。",
    },
    NoticeKind {
        key: "fee",
        title: "政府信息公开信息处理费缴费通知书",
        template: concat!(
            opening!(),
            "{称谓}申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，本机关收取信息处理费人民币{收费金额}元。\n请{称谓}自收到本通知之日起二十个工作日内（即{缴费截止}前）到{公开工作机构}（地址：{地址}，联系电话：{电话}）缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。自本通知发出至{称谓}缴费之日，不计入答复期限。"
        ),
    },
    NoticeKind {
        key: "extension",
        title: "政府信息公开申请延期答复告知书",
        template: concat!(
            opening!(),
            "因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长{延长天数}个工作日，本机关将于{期限至}前作出答复。"
        ),
    },
    NoticeKind {
        key: "granted",
        title: "政府信息公开申请答复书",
        template: concat!(
            opening!(),
            "经审查，{称谓}申请获取的政府信息属于公开范围。根据《中华人民共和国政府信息公开条例》第三十六条第二项的规定，本机关予以公开，现按{称谓}申请的形式提供。\n{救济}"
        ),
    },
    NoticeKind {
        key: "partially_granted",
        title: "政府信息公开申请答复书（部分公开）",
        template: concat!(
            opening!(),
            "经审查，{称谓}申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关向{称谓}提供可以公开的部分；对不予公开的部分，理由是：{理由}\n{救济}"
        ),
    },
    NoticeKind {
        key: "denied",
        title: "政府信息不予公开告知书",
        template: concat!(
            opening!(),
            "经审查，{理由}根据《中华人民共和国政府信息公开条例》第三十六条第三项的规定，本机关决定不予公开。\n{救济}"
        ),
    },
    NoticeKind {
        key: "unable",
        title: "政府信息公开申请答复书（无法提供）",
        template: concat!(opening!(), "经审查，{理由}\n{救济}"),
    },
    NoticeKind {
        key: "not_processed",
        title: "政府信息公开申请不予处理告知书",
        template: concat!(opening!(), "经审查，{理由}\n{救济}"),
    },
    NoticeKind {
        key: "other.no_correction",
        title: "政府信息公开申请终止办理告知书",
        template: "{申请人}：\n本机关于{收到日期}收到{称谓}提出的政府信息公开申请（申请编号：{申请编号}），并已向{称谓}发出补正通知。{理由}",
    },
    NoticeKind {
        key: "other.fee_unpaid",
        title: "政府信息公开申请终止办理告知书",
        template: "{申请人}：\n本机关于{收到日期}收到{称谓}提出的政府信息公开申请（申请编号：{申请编号}），并已向{称谓}发出缴费通知。{理由}",
    },
    NoticeKind {
        key: "other.other",
        title: "政府信息公开申请办理结果告知书",
        template: concat!(opening!(), "{理由}\n{救济}"),
    },
];

/// The placeholders a template may use, with their meaning (shown to the office when editing).
pub const PLACEHOLDERS: [(&str, &str); 20] = [
    ("申请人", "申请人姓名或者名称"),
    (
        "称谓",
        "对申请人的称谓：自然人为“您”，法人或者其他组织为“你单位”",
    ),
    ("申请编号", "申请编号"),
    ("收到日期", "收到申请的日期"),
    ("申请内容", "申请获取的政府信息"),
    ("理由", "办理结果的理由和依据（按表三办理结果自动填入）"),
    ("延长天数", "延长的工作日数"),
    ("期限至", "延长后的答复期限"),
    ("收费金额", "信息处理费金额（元）"),
    ("缴费截止", "缴费期限的最后一日（通知之日起二十个工作日）"),
    ("被征求意见方", "被征求意见的第三方或者其他行政机关的名称"),
    (
        "征求事由",
        "征求意见的事由和依据（按第三方或者其他行政机关自动填入）",
    ),
    ("救济", "行政复议和行政诉讼的告知（按下两项自动填入）"),
    ("复议机关", "行政复议机关"),
    ("人民法院", "管辖的人民法院"),
    ("机关", "本机关名称"),
    ("公开工作机构", "本机关政府信息公开工作机构"),
    ("地址", "本机关政府信息公开工作机构的地址"),
    ("电话", "本机关政府信息公开工作机构的联系电话"),
    ("日期", "告知书日期"),
];

/// The reason and legal basis of each 表三 outcome row (2021 keys), as written into a reply.
pub fn reason(outcome: &str) -> &'static str {
    match outcome {
        "denied.state_secret" => {
            "{称谓}申请获取的政府信息属于国家秘密，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.law_prohibited" => {
            "{称谓}申请获取的政府信息属于法律、行政法规禁止公开的政府信息，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.security_stability" => {
            "{称谓}申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.third_party" => {
            "{称谓}申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，且第三方不同意公开，依据《中华人民共和国政府信息公开条例》第十五条、第三十二条的规定不予公开。"
        }
        "denied.internal_affairs" => {
            "{称谓}申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条第一款的规定可以不予公开。"
        }
        "denied.process_info" => {
            "{称谓}申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，依据《中华人民共和国政府信息公开条例》第十六条第二款的规定可以不予公开。"
        }
        "denied.enforcement_file" => {
            "{称谓}申请获取的政府信息属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》第十六条第二款的规定可以不予公开。"
        }
        "denied.admin_query" => {
            "{称谓}申请获取的信息属于工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定，依据《中华人民共和国政府信息公开条例》第三十六条第七项的规定，请{称谓}按照有关法律、行政法规的规定办理。"
        }
        "unable.not_held" => {
            "经检索，本机关未制作、获取{称谓}申请的政府信息。根据《中华人民共和国政府信息公开条例》第三十六条第四项的规定，特此告知。"
        }
        "unable.needs_creation" => {
            "{称谓}申请获取的信息需要本机关对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关可以不予提供。"
        }
        "unable.unclear_after_correction" => {
            "{称谓}补正后的申请内容仍不明确，本机关无法确定{称谓}所需的政府信息，根据《中华人民共和国政府信息公开条例》第三十条的规定，无法提供。"
        }
        "not_processed.petition_complaint" => {
            "{称谓}以政府信息公开申请的形式进行信访、投诉、举报，根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请{称谓}按照有关法律、行政法规的规定办理。"
        }
        "not_processed.duplicate" => {
            "{称谓}的申请属于重复申请，本机关已就相同内容作出答复，根据《中华人民共和国政府信息公开条例》第三十六条第六项的规定，不予重复处理。"
        }
        "not_processed.publication" => {
            "{称谓}申请提供的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，本机关告知{称谓}获取的途径，不予处理。"
        }
        "not_processed.mass_repetitive" => {
            "{称谓}的申请数量、频次明显超过合理范围，经要求说明理由，理由不合理，根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。"
        }
        "not_processed.confirm_or_reissue" => {
            "{称谓}要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。"
        }
        "other.no_correction" => {
            "{称谓}无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理{称谓}的政府信息公开申请。"
        }
        "other.fee_unpaid" => {
            "{称谓}逾期未按收费通知要求缴纳信息处理费，根据《政府信息公开信息处理费管理办法》的规定，本机关不再处理{称谓}的政府信息公开申请。"
        }
        "other.other" => "{称谓}的政府信息公开申请已办结，本机关不再作其他处理，特此告知。",
        "partially_granted" => {
            "所涉内容属于《中华人民共和国政府信息公开条例》第十四条至第十六条规定的不予公开的政府信息。"
        }
        _ => "",
    }
}

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
mod tests {
    use super::*;
    use crate::case::{ApplicantType, Channel, Event};
    use chrono::NaiveDate;

    /// Every kind of notice for a natural person and for an organisation: dated by its own step, addressed by
    /// applicant type, no placeholder or drafting note left, the dates it states checked by hand.
    #[test]
    fn every_notice_for_every_applicant_type() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let cal = WorkingCalendar::official();
        let office = Office {
            name: "某市某局".into(),
            office: "某市某局办公室".into(),
            address: "某市某路1号".into(),
            phone: "010-12345678".into(),
            review_body: "某市人民政府".into(),
            court: "某区人民法院".into(),
        };
        for template in NOTICE_KINDS.iter().map(|k| k.template) {
            for note in template.split('（').skip(1) {
                let inside = note.split('）').next().unwrap();
                assert!(
                    inside.contains('{'),
                    "drafting note （{inside}） in {template}"
                );
            }
            assert!(!template.contains("您（单位）"));
        }
        for row in gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021) {
            assert!(!reason(row.key).contains('（'), "{}", row.key);
        }
        let steps = |outcome: &str| {
            vec![
                Event {
                    date: d("2025-03-05"),
                    kind: EventKind::CorrectionRequested,
                },
                Event {
                    date: d("2025-03-10"),
                    kind: EventKind::CorrectionReceived,
                },
                Event {
                    date: d("2025-03-12"),
                    kind: EventKind::ConsultationSent {
                        party: Consulted::ThirdParty,
                        name: Some("某某科技有限公司".into()),
                    },
                },
                Event {
                    date: d("2025-03-20"),
                    kind: EventKind::ConsultationAnswered,
                },
                Event {
                    date: d("2025-03-21"),
                    kind: EventKind::FeeNotified {
                        amount: rust_decimal::Decimal::from(150),
                    },
                },
                Event {
                    date: d("2025-03-24"),
                    kind: EventKind::FeePaid,
                },
                Event {
                    date: d("2025-04-01"),
                    kind: EventKind::Extended {
                        days: 10,
                        approved_by: "主任".into(),
                    },
                },
                Event {
                    date: d("2025-04-15"),
                    kind: EventKind::Replied {
                        outcome: Outcome::new(outcome).unwrap(),
                    },
                },
            ]
        };
        let outcomes = [
            "granted",
            "partially_granted",
            "denied.process_info",
            "unable.not_held",
            "not_processed.duplicate",
            "other.other",
        ];
        for (applicant, name, you, not_you) in [
            (ApplicantType::NaturalPerson, "张三", "您", "你单位"),
            (
                ApplicantType::Commercial,
                "某某商贸有限公司",
                "你单位",
                "您",
            ),
        ] {
            for outcome in outcomes {
                let app = Application {
                    id: "2025-007".into(),
                    applicant,
                    applicant_name: name.into(),
                    channel: Channel::Online,
                    received: d("2025-03-03"),
                    content: "某项目环评批复".into(),
                    events: steps(outcome),
                };
                app.validate().unwrap();
                for kind in kinds_for(&app) {
                    let c = compose(&app, kind, kind.template, name, &app.content, &office, &cal)
                        .unwrap();
                    let want = match kind.key {
                        "correction" => "2025-03-05",
                        "consultation" => "2025-03-12",
                        "fee" => "2025-03-21",
                        "extension" => "2025-04-01",
                        _ => "2025-04-15",
                    };
                    assert_eq!(c.date, d(want), "{}", kind.key);
                    assert!(!c.text.contains('{') && !c.text.contains('}'), "{}", c.text);
                    assert!(!c.text.contains("（单位）"), "{}", c.text);
                    if kind.key == "consultation" {
                        assert!(c.text.starts_with("某某科技有限公司："), "{}", c.text);
                        assert!(
                            !c.text.contains(name),
                            "the third party is not told who applied"
                        );
                        continue;
                    }
                    assert!(c.text.starts_with(&format!("{name}：")), "{}", c.text);
                    assert!(
                        c.text.contains(you) && !c.text.contains(not_you),
                        "{}: {}",
                        kind.key,
                        c.text
                    );
                    assert!(c.text.contains("2025年3月3日收到"), "{}", c.text);
                    match kind.key {
                        // 03-03 + 20 working days = 03-31; correction restarts from 03-10 → 04-08 (Qingming
                        // 04-04 off); consultation 03-13..03-20 = 6 working days → 04-16; fee 03-24..
                        // 03-24 = 1 → 04-17; +10 working days → 04-30 (Sunday 04-27 is worked).
                        "extension" => assert!(
                            c.text
                                .contains("延长10个工作日，本机关将于2025年4月30日前作出答复"),
                            "{}",
                            c.text
                        ),
                        // 20 working days after 03-21 (Qingming 04-04 off): 04-21.
                        "fee" => assert!(
                            c.text.contains("150元") && c.text.contains("即2025年4月21日前"),
                            "{}",
                            c.text
                        ),
                        _ => {}
                    }
                }
            }
        }
    }

    #[test]
    fn every_outcome_row_has_a_reason_and_a_notice() {
        for row in gongkai_model::table3_rows(gongkai_model::FormatVersion::V2021)
            .iter()
            .filter(|r| r.outcome && r.key != "granted")
        {
            assert!(!reason(row.key).is_empty(), "{}", row.key);
        }
        let o = |k| reply_kind(&Outcome::new(k).unwrap()).key;
        assert_eq!(o("granted"), "granted");
        assert_eq!(o("denied.third_party"), "denied");
        assert_eq!(o("unable.not_held"), "unable");
        assert_eq!(o("not_processed.duplicate"), "not_processed");
        assert_eq!(o("other.fee_unpaid"), "other.fee_unpaid");
        for k in NOTICE_KINDS {
            check_template(k.template).unwrap();
        }
    }

    #[test]
    fn templates_are_filled_and_unknown_placeholders_refused() {
        let values = BTreeMap::from([
            ("申请人", "张三".to_string()),
            ("复议机关", "某市人民政府".to_string()),
            ("人民法院", "某区人民法院".to_string()),
        ]);
        assert_eq!(
            fill("{申请人}：{救济}", &values).unwrap(),
            "张三：如对本答复不服，可以自收到本答复之日起六十日内向某市人民政府申请行政复议，或者自收到本答复之日起六个月内向某区人民法院提起行政诉讼。"
        );
        let e = check_template("{申请人}，{姓名}").unwrap_err();
        assert_eq!(e.0, "姓名");
        assert_eq!(fill("未闭合 {申请人", &values).unwrap(), "未闭合 {申请人");
    }

    #[test]
    fn a_case_gets_the_notices_of_its_steps() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let app = Application {
            id: "A".into(),
            applicant: ApplicantType::NaturalPerson,
            applicant_name: "张三".into(),
            channel: Channel::Online,
            received: d("2025-03-03"),
            content: "x".into(),
            events: vec![
                Event {
                    date: d("2025-03-05"),
                    kind: EventKind::CorrectionRequested,
                },
                Event {
                    date: d("2025-03-10"),
                    kind: EventKind::CorrectionReceived,
                },
                Event {
                    date: d("2025-03-20"),
                    kind: EventKind::Replied {
                        outcome: Outcome::new("denied.process_info").unwrap(),
                    },
                },
            ],
        };
        let keys: Vec<_> = kinds_for(&app).iter().map(|k| k.key).collect();
        assert_eq!(keys, ["correction", "denied"]);
        assert_eq!(chinese_date(d("2025-03-05")), "2025年3月5日");
    }
}
