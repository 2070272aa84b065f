//! Tests of the notices.

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
                let c =
                    compose(&app, kind, kind.template, name, &app.content, &office, &cal).unwrap();
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

/// A referral (条例第三十六条第五项): its own notice names the responsible agency and its contacts, dated by the
/// reply; the case is closed, counted under （四）1 本机关不掌握相关政府信息, and a referral without an agency is
/// refused.
#[test]
fn a_referral_names_the_responsible_agency() {
    let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let cal = WorkingCalendar::official();
    let office = Office {
        name: "某市某局".into(),
        review_body: "某市人民政府".into(),
        court: "某区人民法院".into(),
        ..Office::default()
    };
    let referred = EventKind::Referred {
        agency: "某市教育局".into(),
        contact: "某市人民路2号，0371-00000000".into(),
        agency_id: Some("u0123456789ab".into()),
    };
    let mut app = Application {
        id: "YSQ-1".into(),
        applicant: ApplicantType::NaturalPerson,
        applicant_name: "张三".into(),
        channel: Channel::Online,
        received: d("2026-11-02"),
        content: "某校招生计划".into(),
        events: vec![Event {
            date: d("2026-11-09"),
            kind: referred.clone(),
        }],
    };
    app.validate().unwrap();
    assert_eq!(
        app.closed(),
        Some((d("2026-11-09"), Outcome::new("unable.not_held").unwrap()))
    );
    let kind = kinds_for(&app)[0];
    assert_eq!(kind.key, "referral");
    let n = compose(
        &app,
        kind,
        kind.template,
        "张三",
        &app.content,
        &office,
        &cal,
    )
    .unwrap();
    assert_eq!(n.date, d("2026-11-09"));
    assert_eq!(n.title, "政府信息公开申请答复书（非本机关负责公开）");
    assert!(
        n.text.contains(
            "根据《中华人民共和国政府信息公开条例》第三十六条第五项的规定，现告知您：该政府信息由某市教育局负责公开，联系方式：某市人民路2号，0371-00000000。您可以向某市教育局提出政府信息公开申请。"
        ),
        "{}",
        n.text
    );
    assert!(n.text.starts_with(
        "张三：\n本机关于2026年11月2日收到您提出的政府信息公开申请（申请编号：YSQ-1）"
    ));
    assert!(n.text.contains("向某市人民政府申请行政复议"), "{}", n.text);
    assert!(!n.text.contains('{'), "{}", n.text);
    // Its serialized form keeps the agency; an empty agency is refused.
    let json = serde_json::to_string(&referred).unwrap();
    assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), referred);
    app.events[0].kind = EventKind::Referred {
        agency: " ".into(),
        contact: String::new(),
        agency_id: None,
    };
    assert!(
        app.validate()
            .unwrap_err()
            .to_string()
            .contains("第三十六条第五项")
    );
}
