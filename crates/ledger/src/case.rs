//! Applications (依申请公开) and their events. An application is recorded once; every later step is an
//! event; its outcome is exactly one 表三 row.

use chrono::NaiveDate;
use gongkai_model::TABLE3_COLUMNS;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::case_error::CaseError;
pub use crate::case_number::{MAX_ID, check_id, is_bidi_control, unsafe_characters};
pub use crate::outcome::Outcome;

/// The applicant types: the six value columns of 表三 before 总计 (条例 Art. 27: 公民、法人或者其他组织).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicantType {
    /// 自然人.
    NaturalPerson,
    /// 商业企业.
    Commercial,
    /// 科研机构.
    Research,
    /// 社会公益组织.
    PublicInterest,
    /// 法律服务机构.
    LegalServices,
    /// 其他 (other organisations).
    OtherOrg,
}

impl ApplicantType {
    /// All types in 表三 column order.
    pub const ALL: [ApplicantType; 6] = [
        ApplicantType::NaturalPerson,
        ApplicantType::Commercial,
        ApplicantType::Research,
        ApplicantType::PublicInterest,
        ApplicantType::LegalServices,
        ApplicantType::OtherOrg,
    ];

    /// The 表三 column index (0–5).
    pub fn column(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).expect("listed")
    }

    /// The column key of the exchange format, e.g. `natural_person`.
    pub fn key(self) -> &'static str {
        TABLE3_COLUMNS[self.column()].key
    }

    /// The printed column label, e.g. 自然人.
    pub fn label(self) -> &'static str {
        TABLE3_COLUMNS[self.column()].label
    }

    /// Parses a key or a printed label (法人或其他组织 alone is not a column: it is ambiguous).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|t| {
            t.key() == s || t.label() == s || (s == "其他组织" && *t == ApplicantType::OtherOrg)
        })
    }
}

/// How the application arrived; decides the receipt date under 条例 Art. 31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 当面提交: the day of submission.
    InPerson,
    /// 挂号信/邮政快递: the day the agency signs for it.
    RegisteredPost,
    /// 平常信函: the day the office confirms with the applicant.
    Letter,
    /// 互联网渠道: the day both sides confirm.
    Online,
    /// 传真: the day both sides confirm.
    Fax,
}

impl Channel {
    /// All channels.
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::RegisteredPost,
        Channel::Letter,
        Channel::Online,
        Channel::Fax,
    ];

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::RegisteredPost => "邮寄",
            Channel::Letter => "平常信函",
            Channel::Online => "互联网",
            Channel::Fax => "传真",
        }
    }

    /// What counts as the receipt date for this channel (条例 第三十一条).
    pub fn receipt_rule(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交的，以提交之日为收到申请之日（条例第三十一条第一项）",
            Channel::RegisteredPost => {
                "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第二项）"
            }
            Channel::Letter => {
                "以平常信函等无需签收的邮寄方式提交的，以与申请人确认之日为收到申请之日（条例第三十一条第二项）"
            }
            Channel::Online | Channel::Fax => {
                "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日（条例第三十一条第三项）"
            }
        }
    }

    /// Parses a key or a Chinese name.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.key() == s || c.label() == s)
    }
}

impl Channel {
    /// The stored key, e.g. `online`.
    pub fn key(self) -> &'static str {
        match self {
            Channel::InPerson => "in_person",
            Channel::RegisteredPost => "registered_post",
            Channel::Letter => "letter",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }
}

/// Whom the agency consulted (time excluded from the answer period, 条例 第三十三条第三款).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consulted {
    /// 第三方 (条例 第三十二条).
    ThirdParty,
    /// 其他行政机关 (条例 第三十四条).
    OtherAgency,
}

/// A step in the life of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventKind {
    /// 补正通知 sent (条例 第三十条: within 7 working days of receipt). The clock stops.
    CorrectionRequested,
    /// The corrected application was received: the clock restarts from this day.
    CorrectionReceived,
    /// 延长答复期限, approved by the head of the 公开工作机构 (at most 20 working days).
    Extended {
        /// Working days added.
        days: u32,
        /// Who approved it.
        approved_by: String,
    },
    /// 征求意见 sent to a third party or another agency.
    ConsultationSent {
        /// Whom.
        party: Consulted,
        /// The consulted party's name (printed on the 征求意见函).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// The consulted party answered (or its 15 working days ran out).
    ConsultationAnswered,
    /// 收费通知 sent (信息处理费).
    FeeNotified {
        /// Amount in 元.
        amount: Decimal,
    },
    /// The fee was paid.
    FeePaid,
    /// The fee was not paid in time: the application is not processed further (其他处理 2).
    FeeUnpaid,
    /// The applicant did not correct in time: deemed withdrawn (其他处理 1).
    CorrectionLapsed,
    /// The applicant withdrew the application (其他处理 3).
    Withdrawn,
    /// The answer was given.
    Replied {
        /// The 表三 row of the answer.
        outcome: Outcome,
    },
    /// The answer that the information is not this agency's to disclose, naming the agency that is (条例第三十六条
    /// 第五项); counted in 表三 as （四）无法提供 1.本机关不掌握相关政府信息.
    Referred {
        /// The responsible agency's name, as the notice tells the applicant.
        agency: String,
        /// Its contacts as told (address, telephone).
        contact: String,
        /// Its id on the platform, when it is one of the platform's agencies (the applicant may file there).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agency_id: Option<String>,
    },
}

/// The 表三 row of a referral (条例第三十六条第五项).
pub const REFERRAL_OUTCOME: &str = "unable.not_held";

/// The steps staff record, by key, with their Chinese names (the CLI's `ledger event KIND` and the web
/// application's case actions).
pub const EVENT_KINDS: [(&str, &str); 11] = [
    ("correction-requested", "发出补正通知"),
    ("correction-received", "收到补正后的申请"),
    ("correction-lapsed", "申请人逾期未补正"),
    ("extended", "延长答复期限"),
    ("consultation-sent", "征求意见"),
    ("consultation-answered", "收到征求意见答复"),
    ("fee-notified", "发出收费通知"),
    ("fee-paid", "申请人缴纳信息处理费"),
    ("fee-unpaid", "申请人逾期未缴费"),
    ("withdrawn", "申请人撤回申请"),
    ("replied", "作出答复"),
];

impl EventKind {
    /// A step from its key (see [`EVENT_KINDS`]) and the particulars it needs: the outcome of a reply, the
    /// days and approver of an extension, the consulted party, the fee in 元. The error says what is missing.
    pub fn from_parts(
        kind: &str,
        outcome: Option<&str>,
        days: Option<u32>,
        approved_by: Option<&str>,
        party: Option<&str>,
        consulted: Option<&str>,
        amount: Option<&str>,
    ) -> Result<EventKind, String> {
        fn given(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        Ok(match kind {
            "correction-requested" => EventKind::CorrectionRequested,
            "correction-received" => EventKind::CorrectionReceived,
            "correction-lapsed" => EventKind::CorrectionLapsed,
            "extended" => EventKind::Extended {
                days: days.ok_or("延期须给出延长的工作日数")?,
                approved_by: given(approved_by)
                    .ok_or("延期须给出批准人（条例第三十三条第二款）")?
                    .to_string(),
            },
            "consultation-sent" => EventKind::ConsultationSent {
                name: given(consulted).map(str::to_string),
                party: match given(party) {
                    None | Some("第三方") => Consulted::ThirdParty,
                    Some("其他行政机关" | "其他机关") => Consulted::OtherAgency,
                    Some(p) => {
                        return Err(format!("征求意见对象“{p}”应为“第三方”或“其他行政机关”"));
                    }
                },
            },
            "consultation-answered" => EventKind::ConsultationAnswered,
            "fee-notified" => EventKind::FeeNotified {
                amount: given(amount)
                    .ok_or("收费通知须给出金额（元）")?
                    .parse::<Decimal>()
                    .map_err(|_| "收费金额不是数字".to_string())?,
            },
            "fee-paid" => EventKind::FeePaid,
            "fee-unpaid" => EventKind::FeeUnpaid,
            "withdrawn" => EventKind::Withdrawn,
            "replied" => EventKind::Replied {
                outcome: Outcome::parse(given(outcome).ok_or("答复须给出办理结果（表三行）")?)
                    .map_err(|e| e.to_string())?,
            },
            other => return Err(format!("未知的办理环节“{other}”")),
        })
    }

    /// Chinese name of the step.
    pub fn label(&self) -> String {
        match self {
            EventKind::CorrectionRequested => "发出补正通知".into(),
            EventKind::CorrectionReceived => "收到补正后的申请".into(),
            EventKind::Extended { days, approved_by } => {
                format!("延长答复期限 {days} 个工作日（{approved_by}批准）")
            }
            EventKind::ConsultationSent {
                party: Consulted::ThirdParty,
                ..
            } => "书面征求第三方意见".into(),
            EventKind::ConsultationSent {
                party: Consulted::OtherAgency,
                ..
            } => "征求其他行政机关意见".into(),
            EventKind::ConsultationAnswered => "收到征求意见答复".into(),
            EventKind::FeeNotified { amount } => format!("发出收费通知（{amount} 元）"),
            EventKind::FeePaid => "申请人缴纳信息处理费".into(),
            EventKind::FeeUnpaid => "申请人逾期未缴费".into(),
            EventKind::CorrectionLapsed => "申请人逾期未补正".into(),
            EventKind::Withdrawn => "申请人撤回申请".into(),
            EventKind::Replied { outcome } => format!("作出答复：{}", outcome.label()),
            EventKind::Referred { agency, .. } => {
                format!("作出答复：不属于本机关负责公开，告知负责公开的机关为{agency}")
            }
        }
    }

    /// The 表三 row an event that ends the application leads to.
    pub fn closing_outcome(&self) -> Option<Outcome> {
        match self {
            EventKind::Replied { outcome } => Some(outcome.clone()),
            EventKind::Referred { .. } => Some(Outcome(REFERRAL_OUTCOME.into())),
            EventKind::FeeUnpaid => Some(Outcome("other.fee_unpaid".into())),
            EventKind::CorrectionLapsed => Some(Outcome("other.no_correction".into())),
            EventKind::Withdrawn => Some(Outcome("other.other".into())),
            _ => None,
        }
    }
}

/// An event with its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// The day it happened.
    pub date: NaiveDate,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// An application for disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    /// The agency's case number (unique).
    pub id: String,
    /// Applicant type (the 表三 column).
    pub applicant: ApplicantType,
    /// Applicant's name.
    pub applicant_name: String,
    /// How it arrived.
    pub channel: Channel,
    /// Receipt date under 条例 Art. 31.
    pub received: NaiveDate,
    /// What information is requested.
    pub content: String,
    /// Later steps, in date order.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Application {
    /// The closing event, if the application has ended: its date and 表三 row.
    pub fn closed(&self) -> Option<(NaiveDate, Outcome)> {
        self.events
            .iter()
            .find_map(|e| e.kind.closing_outcome().map(|o| (e.date, o)))
    }

    /// Refuses a receipt or a step dated after `today`.
    pub fn check_not_after(&self, today: NaiveDate) -> Result<(), CaseError> {
        let future = |what: String, date: NaiveDate| CaseError::Future {
            id: self.id.clone(),
            what,
            date,
            today,
        };
        if self.received > today {
            return Err(future("收到申请".into(), self.received));
        }
        match self.events.iter().find(|e| e.date > today) {
            Some(e) => Err(future(format!("“{}”", e.kind.label()), e.date)),
            None => Ok(()),
        }
    }

    /// Checks the application and its events: dates in order and not before receipt, steps in a possible
    /// order, nothing after the close, extensions within 20 working days.
    pub fn validate(&self) -> Result<(), CaseError> {
        if self.id.trim().is_empty() {
            return Err(CaseError::Empty {
                id: "（无编号）".into(),
                field: "案件编号",
            });
        }
        check_id(&self.id)?;
        if self.content.trim().is_empty() {
            return Err(CaseError::Empty {
                id: self.id.clone(),
                field: "申请内容",
            });
        }
        let mut prev = ("收到申请之日".to_string(), self.received);
        let mut closed: Option<(NaiveDate, String)> = None;
        let mut extension = 0;
        let (mut correction_pending, mut consult_pending, mut fee_pending) = (false, false, false);
        for e in &self.events {
            let label = e.kind.label();
            if let Some((date, how)) = &closed {
                return Err(CaseError::AfterClose {
                    id: self.id.clone(),
                    closed: *date,
                    how: how.clone(),
                    event: label,
                });
            }
            if e.date < prev.1 {
                return Err(CaseError::OutOfOrder {
                    id: self.id.clone(),
                    event: label,
                    date: e.date,
                    before: prev.0,
                    before_date: prev.1,
                });
            }
            let missing = |needs: &str| CaseError::MissingPredecessor {
                id: self.id.clone(),
                event: label.clone(),
                needs: needs.to_string(),
            };
            match &e.kind {
                EventKind::CorrectionRequested => correction_pending = true,
                EventKind::CorrectionReceived | EventKind::CorrectionLapsed => {
                    if !correction_pending {
                        return Err(missing("发出补正通知"));
                    }
                    correction_pending = false;
                }
                EventKind::Extended { days, .. } => {
                    extension += days;
                    if extension > 20 {
                        return Err(CaseError::ExtensionTooLong {
                            id: self.id.clone(),
                            days: extension,
                        });
                    }
                }
                EventKind::ConsultationSent { .. } => consult_pending = true,
                EventKind::ConsultationAnswered => {
                    if !consult_pending {
                        return Err(missing("征求意见"));
                    }
                    consult_pending = false;
                }
                EventKind::FeeNotified { .. } => fee_pending = true,
                EventKind::FeePaid | EventKind::FeeUnpaid => {
                    if !fee_pending {
                        return Err(missing("发出收费通知"));
                    }
                    fee_pending = false;
                }
                EventKind::Withdrawn | EventKind::Replied { .. } => {}
                EventKind::Referred { agency, .. } => {
                    if agency.trim().is_empty() {
                        return Err(CaseError::Referral);
                    }
                }
            }
            if e.kind.closing_outcome().is_some() {
                closed = Some((e.date, label.clone()));
            }
            prev = (format!("前一事件“{label}”"), e.date);
        }
        Ok(())
    }
}
