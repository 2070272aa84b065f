//! Every notice (告知书) for every applicant type, written as DOCX and PDF with the demo agency's particulars
//! and read back: the addressee by name with “您” for a natural person and “你单位” for an organisation, the
//! letter dated by its own step, the stated due dates, no placeholder or drafting note left. The files are kept
//! in target/letters/pdf for looking at (docs/render-samples.sh renders some to docs/images); the DOCX files are
//! also opened in LibreOffice.
//!
//! The dates, read by hand from the steps: 补正 2025-03-05, 征求意见 03-12, 收费 03-21, 延期 04-01, 答复 04-15,
//! 逾期未补正 03-20, 逾期未缴费 04-03. The extension's new due date 2025-04-30 and the fee's payment date
//! 2025-04-21 are worked out in gongkai-ledger's notice tests (Qingming 04-04 off, Sunday 04-27 worked).

mod common;

use chrono::NaiveDate;
use gongkai_ledger::case::{
    ApplicantType, Application, Channel, Consulted, Event, EventKind, Outcome,
};
use gongkai_ledger::notice::{NoticeKind, kinds_for};
use gongkai_web::staff::notices::letter;
use gongkai_write::Target;
use gongkai_write::letter::write_letter;
use std::path::PathBuf;
use std::process::Command;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ev(date: &str, kind: EventKind) -> Event {
    Event {
        date: d(date),
        kind,
    }
}

/// The cases whose steps between them call for every notice.
fn scenarios() -> Vec<(&'static str, Vec<Event>)> {
    let full = |outcome: &str| {
        vec![
            ev("2025-03-05", EventKind::CorrectionRequested),
            ev("2025-03-10", EventKind::CorrectionReceived),
            ev(
                "2025-03-12",
                EventKind::ConsultationSent {
                    party: Consulted::ThirdParty,
                    name: Some("某某科技有限公司".into()),
                },
            ),
            ev("2025-03-20", EventKind::ConsultationAnswered),
            ev(
                "2025-03-21",
                EventKind::FeeNotified {
                    amount: rust_decimal::Decimal::from(150),
                },
            ),
            ev("2025-03-24", EventKind::FeePaid),
            ev(
                "2025-04-01",
                EventKind::Extended {
                    days: 10,
                    approved_by: "主任".into(),
                },
            ),
            ev(
                "2025-04-15",
                EventKind::Replied {
                    outcome: Outcome::new(outcome).unwrap(),
                },
            ),
        ]
    };
    let mut out: Vec<(&str, Vec<Event>)> = [
        "granted",
        "partially_granted",
        "denied.process_info",
        "unable.not_held",
        "not_processed.duplicate",
        "other.other",
    ]
    .into_iter()
    .map(|o| (o, full(o)))
    .collect();
    out.push((
        "lapsed",
        vec![
            ev("2025-03-05", EventKind::CorrectionRequested),
            ev("2025-03-20", EventKind::CorrectionLapsed),
        ],
    ));
    out.push((
        "referred",
        vec![ev(
            "2025-04-15",
            EventKind::Referred {
                agency: "某市教育局".into(),
                contact: "某市教育局办公室，电话：010-87654321".into(),
                agency_id: None,
            },
        )],
    ));
    out.push((
        "unpaid",
        vec![
            ev(
                "2025-03-05",
                EventKind::FeeNotified {
                    amount: rust_decimal::Decimal::from(150),
                },
            ),
            ev("2025-04-03", EventKind::FeeUnpaid),
        ],
    ));
    out
}

/// The date a letter carries: its own step's.
fn expected_date(kind: &NoticeKind, scenario: &str) -> &'static str {
    match kind.key {
        "fee" if scenario == "unpaid" => "2025年3月5日",
        "correction" => "2025年3月5日",
        "consultation" => "2025年3月12日",
        "fee" => "2025年3月21日",
        "extension" => "2025年4月1日",
        "other.no_correction" => "2025年3月20日",
        "other.fee_unpaid" => "2025年4月3日",
        _ => "2025年4月15日",
    }
}

/// Where a test writes its letters (kept for looking at): its own folder, since the tests run at once.
fn out_dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/letters")
        .join(test);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The text of a PDF; `numbered`: gongkai's own, whose foot carries the page number.
fn pdf_text(path: &std::path::Path, numbered: bool) -> String {
    let o = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext installed (poppler-utils; bash .ci/run installs it)");
    assert!(o.status.success());
    // The PDF breaks lines where the page ends them: join them to compare with the letter's text.
    let text = String::from_utf8_lossy(&o.stdout).replace(['\n', ' ', '\u{c}'], "");
    if !numbered {
        return text;
    }
    // The page number at the foot (“—1—”).
    let end = text.trim_end_matches("—1—");
    assert!(end.len() < text.len(), "one page, numbered: {text}");
    end.to_string()
}

/// One letter written.
struct Written {
    applicant: ApplicantType,
    name: &'static str,
    scenario: &'static str,
    kind: &'static NoticeKind,
    docx: PathBuf,
    pdf: PathBuf,
}

/// Writes every letter into the folder of `test`.
async fn write_all(test: &str) -> Vec<Written> {
    let site = common::site().await;
    let settings = site.store.settings().await.unwrap();
    let cal = gongkai_ledger::WorkingCalendar::official();
    let dir = out_dir(test);
    let mut out = Vec::new();
    let names = [
        "张三",
        "某某商贸有限公司",
        "某某研究院",
        "某某基金会",
        "某某律师事务所",
        "某某协会",
    ];
    for (applicant, name) in ApplicantType::ALL.into_iter().zip(names) {
        for (scenario, events) in scenarios() {
            let app = Application {
                id: "2025-007".into(),
                applicant,
                applicant_name: name.into(),
                channel: Channel::Online,
                received: d("2025-03-03"),
                content: "某项目环境影响评价文件的批复".into(),
                events,
            };
            app.validate().unwrap();
            for kind in kinds_for(&app) {
                let l = letter(&app, None, &settings, kind, &cal).unwrap();
                let stem = format!(
                    "{}-{scenario}-{}",
                    applicant.key(),
                    kind.key.replace('.', "-")
                );
                let docx = dir.join(format!("{stem}.docx"));
                let pdf = dir.join(format!("{stem}.pdf"));
                std::fs::write(&docx, write_letter(&l, Target::Docx).unwrap()).unwrap();
                std::fs::write(&pdf, write_letter(&l, Target::Pdf).unwrap()).unwrap();
                out.push(Written {
                    applicant,
                    name,
                    scenario,
                    kind,
                    docx,
                    pdf,
                });
            }
        }
    }
    out
}

fn check(text: &str, w: &Written, what: &str) {
    let (applicant, kind, name) = (w.applicant, w.kind, w.name);
    let ctx = format!(
        "{what} {} {} {}: {text}",
        applicant.label(),
        w.scenario,
        kind.key
    );
    assert!(text.contains(kind.title), "{ctx}");
    for bad in ['{', '}'] {
        assert!(!text.contains(bad), "placeholder left: {ctx}");
    }
    assert!(
        !text.contains("（单位）") && !text.contains("已主动公开的，告知"),
        "{ctx}"
    );
    // Signed by the agency and dated by the notice's own step, at the end.
    let end = format!("示例市示例局{}", expected_date(kind, w.scenario));
    assert!(text.ends_with(&end), "{ctx}");
    if kind.key == "consultation" {
        assert!(text.contains("某某科技有限公司："), "{ctx}");
        assert!(
            !text.contains(name),
            "the third party is not told who applied: {ctx}"
        );
        return;
    }
    assert!(text.contains(&format!("{name}：")), "{ctx}");
    let (you, not_you) = if applicant == ApplicantType::NaturalPerson {
        ("您", "你单位")
    } else {
        ("你单位", "您")
    };
    assert!(text.contains(you) && !text.contains(not_you), "{ctx}");
    assert!(text.contains("2025年3月3日"), "the receipt date: {ctx}");
    match kind.key {
        "extension" => assert!(text.contains("本机关将于2025年4月30日前作出答复"), "{ctx}"),
        "referral" => assert!(
            text.contains(
                "该政府信息由某市教育局负责公开，联系方式：某市教育局办公室，电话：010-87654321。"
            ),
            "{ctx}"
        ),
        // 20 working days from 03-05: 04-02.
        "fee" if w.scenario == "unpaid" => assert!(text.contains("即2025年4月2日前"), "{ctx}"),
        "fee" => assert!(
            text.contains("150元") && text.contains("即2025年4月21日前"),
            "{ctx}"
        ),
        _ => {}
    }
}

#[tokio::test]
async fn every_notice_for_every_applicant_type_as_docx_and_pdf() {
    let letters = write_all("pdf").await;
    // 6 scenarios × 5 notices (补正, 征求意见, 收费, 延期, 答复) + 2 + 1 + 2, for each of the 6 applicant types.
    assert_eq!(letters.len(), 6 * (6 * 5 + 2 + 1 + 2));
    let kinds: std::collections::BTreeSet<&str> = letters.iter().map(|l| l.kind.key).collect();
    assert_eq!(
        kinds.len(),
        gongkai_ledger::notice::NOTICE_KINDS.len(),
        "{kinds:?}"
    );
    for w in &letters {
        check(
            &common::docx_text(&std::fs::read(&w.docx).unwrap()),
            w,
            "DOCX",
        );
        check(&pdf_text(&w.pdf, true), w, "PDF");
    }
}

#[tokio::test]
#[ignore = "needs LibreOffice (bash .ci/run installs it)"]
async fn every_notice_docx_opens_in_libreoffice() {
    // One applicant type of each addressing form is enough to open every template.
    let letters: Vec<Written> = write_all("libreoffice")
        .await
        .into_iter()
        .filter(|w| {
            matches!(
                w.applicant,
                ApplicantType::NaturalPerson | ApplicantType::Commercial
            )
        })
        .collect();
    let docx: Vec<PathBuf> = letters.iter().map(|w| w.docx.clone()).collect();
    let dir = tempfile::tempdir().unwrap();
    let pdfs = gongkai_testkit::soffice(&docx, "pdf", dir.path());
    for (pdf, w) in pdfs.iter().zip(&letters) {
        check(&pdf_text(pdf, false), w, "DOCX in LibreOffice");
    }
}
