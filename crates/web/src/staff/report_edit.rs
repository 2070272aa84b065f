//! Editing the year's report: the 表二 figures (which come from outside the ledger: documents issued, 许可,
//! 处罚, 强制, 收费) and the prose of the six sections. Every field is checked by its column's kind, errors
//! are shown next to their fields, nothing is saved unless everything is valid; who saved what and when is
//! kept and recorded in the audit log.

use super::OfficeUser;
use crate::AppState;
use crate::agency::Agency;
use crate::scope::Acting;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_model::{ColumnKind, FormatVersion, SECTION_HEADINGS, table2_rows};
use gongkai_store::report::SectionText;
use gongkai_store::staff::{Session, User};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::str::FromStr;

/// The longest section text accepted, in characters.
pub const MAX_SECTION: usize = 20_000;

/// One input of the 表二 form.
pub struct Input {
    /// The field name: `t2.<row>.<column>`.
    pub name: String,
    /// The column's label.
    pub label: &'static str,
    /// The value shown.
    pub value: String,
}

/// One row of the 表二 form.
pub struct FormRow {
    /// The row's label.
    pub label: &'static str,
    /// Its inputs.
    pub inputs: Vec<Input>,
}

/// One section of the narrative form.
pub struct SectionInput {
    /// 1 to 6.
    pub number: u8,
    /// The heading.
    pub heading: &'static str,
    /// The text shown.
    pub text: String,
    /// Who saved it last, and when.
    pub saved: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_report_edit.html")]
struct EditPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    year: i32,
    format: &'static str,
    table2: Vec<FormRow>,
    table2_saved: Option<String>,
    sections: Vec<SectionInput>,
    errors: HashMap<String, String>,
}

impl EditPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }
}

/// Checks one 表二 value by its column's kind.
pub fn parse_value(kind: ColumnKind, text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("请填写数字（没有的填 0）。".into());
    }
    let d = Decimal::from_str(t).map_err(|_| format!("“{t}”不是数字。"))?;
    match kind {
        ColumnKind::Count if d.is_sign_negative() || !d.fract().is_zero() => {
            Err("应为不小于 0 的整数。".into())
        }
        ColumnKind::SignedCount if !d.fract().is_zero() => Err("应为整数（减少的填负数）。".into()),
        ColumnKind::Money10kYuan if d.is_sign_negative() || d.scale() > 4 => {
            Err("金额以万元计，应不小于 0，最多 4 位小数。".into())
        }
        _ if d.abs() > Decimal::from(1_000_000_000_000i64) => Err("数值过大。".into()),
        _ => Ok(d.normalize()),
    }
}

fn format_of(year: i32) -> FormatVersion {
    FormatVersion::for_year(year)
}

async fn page(
    state: &AppState,
    session: Session,
    year: i32,
    given: Option<&HashMap<String, String>>,
    errors: HashMap<String, String>,
) -> Response {
    let agency = crate::portal::agency(state).await;
    let stored = state.store.proactive(year).await.ok().flatten();
    let author = state.store.proactive_author(year).await.ok().flatten();
    let saved = state.store.sections(year).await.unwrap_or_default();
    let names: HashMap<String, String> = state
        .store
        .users()
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.username, u.display_name))
        .collect();
    let skeleton = match super::report::build(state, &agency, year).await {
        Ok(r) => r,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::BAD_REQUEST,
                agency,
                format!("无法生成 {year} 年度报告：{e}"),
            );
        }
    };
    let table2 = table2_rows(format_of(year))
        .iter()
        .map(|r| FormRow {
            label: r.label,
            inputs: r
                .columns
                .iter()
                .map(|c| {
                    let name = format!("t2.{}.{}", r.key, c.key);
                    let value = given
                        .and_then(|g| g.get(&name).cloned())
                        .or_else(|| {
                            stored
                                .as_ref()
                                .and_then(|s| s.get(r.key)?.get(c.key).map(|v| v.to_string()))
                        })
                        .unwrap_or_else(|| "0".into());
                    Input {
                        name,
                        label: c.label,
                        value,
                    }
                })
                .collect(),
        })
        .collect();
    let sections = SECTION_HEADINGS
        .iter()
        .enumerate()
        .map(|(i, (heading, _))| {
            let number = i as u8 + 1;
            let mine = saved.iter().find(|s| s.number == number);
            let text = given
                .and_then(|g| g.get(&format!("section.{number}")).cloned())
                .or_else(|| mine.map(|s| s.text.clone()))
                .unwrap_or_else(|| {
                    skeleton
                        .sections
                        .get(i)
                        .map(|s| s.text.clone())
                        .unwrap_or_default()
                });
            SectionInput {
                number,
                heading,
                text,
                saved: mine.map(|s| saved_by(&names, &s.updated_by, &s.updated_at)),
            }
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let view = EditPage {
        agency,
        user: Some(session.user),
        csrf: session.csrf,
        year,
        format: match format_of(year) {
            FormatVersion::V2019 => "2019 年版格式",
            FormatVersion::V2021 => "2021 年版格式",
        },
        table2,
        table2_saved: author.map(|(by, at)| saved_by(&names, &by, &at)),
        sections,
        errors,
    };
    (status, view).into_response()
}

/// “示例工作人员 于 2026-01-10 09:00（北京时间）保存”: who saved, by the name the office knows them by.
fn saved_by(names: &HashMap<String, String>, username: &str, at: &str) -> String {
    let who = names.get(username).map_or(username, String::as_str);
    format!("{who} 于 {}（北京时间）保存", crate::beijing_time(at))
}

/// The year of the edit page.
#[derive(Debug, serde::Deserialize)]
pub struct EditQuery {
    /// Report year.
    pub year: i32,
}

/// GET /staff/report/edit?year=Y.
pub async fn edit(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<EditQuery>,
) -> Response {
    if let Err(e) = super::report::year_ok(q.year) {
        let agency = crate::portal::agency(&state).await;
        return crate::portal::problem(StatusCode::BAD_REQUEST, agency, e);
    }
    page(&state, session, q.year, None, HashMap::new()).await
}

/// POST /staff/report/edit?year=Y: saves 表二 and the six sections, all or nothing.
pub async fn save(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<EditQuery>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let year = q.year;
    let given: HashMap<String, String> = fields.into_iter().collect();
    if given.get("csrf") != Some(&session.csrf) {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    if let Err(e) = super::report::year_ok(year) {
        let agency = crate::portal::agency(&state).await;
        return crate::portal::problem(StatusCode::BAD_REQUEST, agency, e);
    }
    let mut errors = HashMap::new();
    let mut table2 = serde_json::Map::new();
    for r in table2_rows(format_of(year)) {
        let mut row = serde_json::Map::new();
        for c in r.columns {
            let name = format!("t2.{}.{}", r.key, c.key);
            match parse_value(c.kind, given.get(&name).map_or("", String::as_str)) {
                Ok(d) => {
                    let n: serde_json::Number =
                        serde_json::from_str(&d.to_string()).expect("a decimal is a JSON number");
                    row.insert(c.key.into(), serde_json::Value::Number(n));
                }
                Err(e) => {
                    errors.insert(name, format!("{}“{}”：{e}", r.label, c.label));
                }
            }
        }
        table2.insert(r.key.into(), serde_json::Value::Object(row));
    }
    let now = state.today.now().to_rfc3339();
    let mut sections = Vec::new();
    for n in 1..=6u8 {
        let name = format!("section.{n}");
        let text = given.get(&name).map_or(String::new(), |t| {
            t.replace("\r\n", "\n").trim().to_string()
        });
        if text.chars().count() > MAX_SECTION {
            errors.insert(name, format!("每部分不能超过 {MAX_SECTION} 个字。"));
        } else if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            errors.insert(name, "含有无法显示的控制字符，请删除。".into());
        } else {
            sections.push(SectionText {
                number: n,
                text,
                updated_by: session.user.username.clone(),
                updated_at: now.clone(),
            });
        }
    }
    if !errors.is_empty() {
        return page(&state, session, year, Some(&given), errors).await;
    }
    // Only what changed is saved again (so that each section keeps who last changed it).
    let before = state.store.sections(year).await.unwrap_or_default();
    let agency = crate::portal::agency(&state).await;
    let skeleton = super::report::build(&state, &agency, year).await.ok();
    sections.retain(|s| {
        let old = before
            .iter()
            .find(|b| b.number == s.number)
            .map(|b| b.text.clone())
            .or_else(|| {
                skeleton
                    .as_ref()
                    .and_then(|r| r.sections.get(usize::from(s.number) - 1))
                    .map(|x| x.text.clone())
            });
        old.as_deref() != Some(s.text.as_str())
    });
    let table2 = serde_json::Value::Object(table2);
    let t2_changed = state.store.proactive(year).await.ok().flatten().as_ref() != Some(&table2);
    let saved = async {
        if t2_changed {
            state
                .store
                .set_proactive_by(year, &table2, &session.user.username, &now)
                .await?;
        }
        state.store.set_sections(year, &sections).await
    };
    if saved.await.is_err() {
        return crate::portal::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            agency,
            "未能保存，请稍后再试。",
        );
    }
    let what: Vec<String> = t2_changed
        .then(|| "表二".to_string())
        .into_iter()
        .chain(sections.iter().map(|s| format!("第{}部分", s.number)))
        .collect();
    if !what.is_empty() {
        let _ = super::record(
            &state,
            &session.user.username,
            &format!("修改 {year} 年度报告：{}", what.join("、")),
            &format!("{year} 年度报告"),
        )
        .await;
    }
    Redirect::to(&format!("/staff/report?year={year}")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_by_their_columns_kind() {
        assert_eq!(
            parse_value(ColumnKind::Count, " 12 ").unwrap(),
            Decimal::from(12)
        );
        assert!(parse_value(ColumnKind::Count, "-1").is_err());
        assert!(parse_value(ColumnKind::Count, "1.5").is_err());
        assert!(
            parse_value(ColumnKind::Count, "")
                .unwrap_err()
                .contains("没有的填 0")
        );
        assert!(
            parse_value(ColumnKind::Count, "十二")
                .unwrap_err()
                .contains("不是数字")
        );
        assert_eq!(
            parse_value(ColumnKind::SignedCount, "-3").unwrap(),
            Decimal::from(-3)
        );
        assert_eq!(
            parse_value(ColumnKind::Money10kYuan, "12.3400")
                .unwrap()
                .to_string(),
            "12.34"
        );
        assert!(parse_value(ColumnKind::Money10kYuan, "1.23456").is_err());
    }
}
