//! The notices (告知书) the 条例 requires an office to send: the 补正通知 (Art. 30), the notice of an extended
//! time limit (Art. 33), and a reply for every kind of answer (Art. 36–39), each a template with named
//! placeholders that the office may edit, and the reason and legal basis of each 表三 outcome row.

use crate::case::{Application, EventKind, Outcome};
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

/// The notices, in the order of a case.
pub const NOTICE_KINDS: [NoticeKind; 10] = [
    NoticeKind {
        key: "correction",
        title: "政府信息公开申请补正通知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您自收到本通知之日起十五个工作日内对申请内容作出补正，说明所需政府信息的名称、文号或者便于本机关查询的其他特征性描述。\n答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    },
    NoticeKind {
        key: "extension",
        title: "政府信息公开申请延期答复告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长{延长天数}个工作日，本机关将于{期限至}前作出答复。",
    },
    NoticeKind {
        key: "granted",
        title: "政府信息公开申请答复书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第一项、第二项的规定，本机关予以公开，现按您要求的形式和途径提供（已主动公开的，告知获取的方式和途径）。\n{救济}",
    },
    NoticeKind {
        key: "partially_granted",
        title: "政府信息公开申请答复书（部分公开）",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关向您提供可以公开的部分；对不予公开的部分，理由是：{理由}\n{救济}",
    },
    NoticeKind {
        key: "denied",
        title: "政府信息不予公开告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，{理由}根据《中华人民共和国政府信息公开条例》第三十六条第三项的规定，本机关决定不予公开。\n{救济}",
    },
    NoticeKind {
        key: "unable",
        title: "政府信息公开申请答复书（无法提供）",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，{理由}\n{救济}",
    },
    NoticeKind {
        key: "not_processed",
        title: "政府信息公开申请不予处理告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n经审查，{理由}\n{救济}",
    },
    NoticeKind {
        key: "other.no_correction",
        title: "政府信息公开申请终止办理告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），并已向您发出补正通知。{理由}",
    },
    NoticeKind {
        key: "other.fee_unpaid",
        title: "政府信息公开申请终止办理告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），并已向您发出收费通知。{理由}",
    },
    NoticeKind {
        key: "other.other",
        title: "政府信息公开申请办理结果告知书",
        template: "{申请人}：\n本机关于{收到日期}收到您（单位）提出的政府信息公开申请（申请编号：{申请编号}），申请内容为：“{申请内容}”。\n{理由}\n{救济}",
    },
];

/// The placeholders a template may use, with their meaning (shown to the office when editing).
pub const PLACEHOLDERS: [(&str, &str); 12] = [
    ("申请人", "申请人姓名或者名称"),
    ("申请编号", "申请编号"),
    ("收到日期", "收到申请的日期"),
    ("申请内容", "申请获取的政府信息"),
    ("理由", "办理结果的理由和依据（按表三办理结果自动填入）"),
    ("延长天数", "延长的工作日数"),
    ("期限至", "延长后的答复期限"),
    ("救济", "行政复议和行政诉讼的告知（按下两项自动填入）"),
    ("复议机关", "行政复议机关"),
    ("人民法院", "管辖的人民法院"),
    ("机关", "本机关名称"),
    ("日期", "告知书日期"),
];

/// The reason and legal basis of each 表三 outcome row (2021 keys), as written into a reply.
pub fn reason(outcome: &str) -> &'static str {
    match outcome {
        "denied.state_secret" => {
            "您申请获取的政府信息属于国家秘密，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.law_prohibited" => {
            "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.security_stability" => {
            "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依据《中华人民共和国政府信息公开条例》第十四条的规定不予公开。"
        }
        "denied.third_party" => {
            "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，且第三方不同意公开，依据《中华人民共和国政府信息公开条例》第十五条、第三十二条的规定不予公开。"
        }
        "denied.internal_affairs" => {
            "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条第一款的规定可以不予公开。"
        }
        "denied.process_info" => {
            "您申请获取的政府信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，依据《中华人民共和国政府信息公开条例》第十六条第二款的规定可以不予公开。"
        }
        "denied.enforcement_file" => {
            "您申请获取的政府信息属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》第十六条第二款的规定可以不予公开。"
        }
        "denied.admin_query" => {
            "您申请获取的信息属于工商、不动产登记资料等，有关法律、行政法规对信息的获取有特别规定，依据《中华人民共和国政府信息公开条例》第三十六条第七项的规定，请您按照有关法律、行政法规的规定办理。"
        }
        "unable.not_held" => {
            "经检索，本机关未制作或者获取您申请的政府信息（或者该政府信息不属于本机关负责公开），根据《中华人民共和国政府信息公开条例》第三十六条第四项、第五项的规定，特此告知；能够确定负责公开该政府信息的行政机关的，已告知其名称、联系方式。"
        }
        "unable.needs_creation" => {
            "您申请获取的信息需要本机关对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关可以不予提供。"
        }
        "unable.unclear_after_correction" => {
            "您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，根据《中华人民共和国政府信息公开条例》第三十条的规定，无法提供。"
        }
        "not_processed.petition_complaint" => {
            "您以政府信息公开申请的形式进行信访、投诉、举报，根据《中华人民共和国政府信息公开条例》第三十九条第一款的规定，本机关不作为政府信息公开申请处理，请您按照有关法律、行政法规的规定办理。"
        }
        "not_processed.duplicate" => {
            "您的申请属于重复申请，本机关已就相同内容作出答复，根据《中华人民共和国政府信息公开条例》第三十六条第六项的规定，不予重复处理。"
        }
        "not_processed.publication" => {
            "您申请提供的是公开出版物，根据《中华人民共和国政府信息公开条例》第三十九条第二款的规定，本机关告知您获取的途径，不予处理。"
        }
        "not_processed.mass_repetitive" => {
            "您的申请数量、频次明显超过合理范围，经要求说明理由，理由不合理，根据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关不予处理。"
        }
        "not_processed.confirm_or_reissue" => {
            "您要求本机关确认或者重新出具已获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。"
        }
        "other.no_correction" => {
            "您无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理您的政府信息公开申请。"
        }
        "other.fee_unpaid" => {
            "您逾期未按收费通知要求缴纳信息处理费，根据《政府信息公开信息处理费管理办法》的规定，本机关不再处理您的政府信息公开申请。"
        }
        "other.other" => "您的申请已按其他方式处理完毕（如申请人撤回申请），特此告知。",
        "partially_granted" => {
            "所涉内容属于依法不予公开的政府信息（如国家秘密、商业秘密、个人隐私等），依据《中华人民共和国政府信息公开条例》第十四条至第十六条的有关规定不予公开。"
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
        .unwrap_or(&NOTICE_KINDS[9])
}

/// The notice kinds that fit a case so far: a 补正通知 once one was sent, an extension notice once the time limit
/// was extended, and the reply once it is closed.
pub fn kinds_for(app: &Application) -> Vec<&'static NoticeKind> {
    let mut out = Vec::new();
    for e in &app.events {
        let kind = match &e.kind {
            EventKind::CorrectionRequested => Some(&NOTICE_KINDS[0]),
            EventKind::Extended { .. } => Some(&NOTICE_KINDS[1]),
            other => other.closing_outcome().map(|o| reply_kind(&o)),
        };
        if let Some(k) = kind
            && !out.contains(&k)
        {
            out.push(k);
        }
    }
    out
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
