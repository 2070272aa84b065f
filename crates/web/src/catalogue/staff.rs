//! The office's catalogue pages: the list with each entry's state and timeliness (条例第二十六条), the form to
//! create or edit an entry, the lifecycle steps (publish, withdraw, repeal, expire, amend), attachments, the
//! history, and import from CSV/XLSX.

use super::{Refusal, Settings, Step};
use crate::AppState;
use crate::agency::Agency;
use crate::staff::OfficeUser;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Local, NaiveDate};
use gongkai_catalogue::timeliness::{Timeliness, timeliness};
use gongkai_catalogue::{DocKind, Entry, Validity};
use gongkai_store::staff::{Session, User};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A line of the office's list.
pub struct Row {
    /// The edit page.
    pub href: String,
    /// 索引号.
    pub index_no: String,
    /// 标题.
    pub title: String,
    /// 成文日期.
    pub written: String,
    /// 草稿 / 已发布 (date) / 已撤回.
    pub state: String,
    /// 有效性.
    pub validity: String,
    /// Timeliness in words, and whether it is a problem.
    pub timely: (String, bool),
}

fn timely_words(t: &Timeliness) -> (String, bool) {
    match t {
        Timeliness::OnTime { .. } => ("按时".into(), false),
        Timeliness::Late { due, days_late } => {
            (format!("逾期 {days_late} 个工作日（应于 {due} 前）"), true)
        }
        Timeliness::Unpublished { due, overdue: true } => (format!("未发布，已超过 {due}"), true),
        Timeliness::Unpublished {
            due,
            overdue: false,
        } => (format!("未发布，应于 {due} 前发布"), false),
        Timeliness::Unknown(why) => (why.clone(), true),
    }
}

/// The office's edit page of an entry.
pub fn edit_href(index_no: &str) -> String {
    format!(
        "/staff/catalogue/e/{}",
        crate::supervise::q(index_no).replace("%2F", "/")
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue.html")]
struct ListPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    rows: Vec<Row>,
    late_only: bool,
    late: usize,
    total: usize,
    in_force: String,
}

/// The list's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Only entries published late or overdue.
    pub late: Option<u8>,
    /// Only the 规章 and 行政规范性文件 in force on this day (the register).
    pub in_force: String,
}

/// GET /staff/catalogue.
pub async fn list(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let today = Local::now().date_naive();
    let entries = match state.store.all_entries().await {
        Ok(e) => e,
        Err(e) => {
            return crate::portal::problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                crate::portal::agency(&state).await,
                e.to_string(),
            );
        }
    };
    let mut rows: Vec<Row> = entries
        .iter()
        .map(|e| {
            let t = timeliness(e, &state.calendar, today);
            Row {
                href: edit_href(&e.index_no),
                index_no: e.index_no.clone(),
                title: e.title.clone(),
                written: e.written.to_string(),
                state: match (e.published, e.withdrawn) {
                    (_, Some(w)) => format!("已撤回（{w}）"),
                    (Some(p), None) if p > today => format!("待发布（{p}）"),
                    (Some(p), None) => format!("已发布（{p}）"),
                    (None, None) => "草稿".into(),
                },
                validity: e.validity.name().into(),
                timely: timely_words(&t),
            }
        })
        .collect();
    rows.sort_by(|a, b| b.written.cmp(&a.written));
    let late = rows.iter().filter(|r| r.timely.1).count();
    let total = rows.len();
    let late_only = q.late.is_some();
    if late_only {
        rows.retain(|r| r.timely.1);
    }
    if let Some(day) = date(&q.in_force) {
        let register: Vec<&str> = [DocKind::Regulation, DocKind::Normative]
            .into_iter()
            .flat_map(|k| gongkai_catalogue::counts::in_force_register(&entries, k, day))
            .map(|e| e.index_no.as_str())
            .collect();
        rows.retain(|r| register.contains(&r.index_no.as_str()));
    }
    rows.truncate(500);
    ListPage {
        agency: crate::portal::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        rows,
        late_only,
        late,
        total,
        in_force: q.in_force,
    }
    .into_response()
}

/// The entry form (all fields as text).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// save, publish, withdraw, repeal, expire, amend.
    pub action: String,
    /// 索引号 (made by the rule when empty on creation).
    pub index_no: String,
    /// 标题.
    pub title: String,
    /// 发布机构.
    pub publisher: String,
    /// 发文字号.
    pub doc_no: String,
    /// 成文日期.
    pub written: String,
    /// 发布日期.
    pub published: String,
    /// 主题分类.
    pub topic: String,
    /// 体裁分类.
    pub genre: String,
    /// regulation, normative, other.
    pub kind: String,
    /// 条例第二十条的项 (1–15, or empty).
    pub art20: String,
    /// 公开方式.
    pub mode: String,
    /// The 索引号 of the document amended.
    pub amends: String,
    /// 正文.
    pub body: String,
    /// A lifecycle step's date.
    pub step_date: String,
    /// A lifecycle step's act (文号 or title).
    pub step_by: String,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl EntryForm {
    /// The entry the form describes (validity kept from `old` when editing), or the fields in error.
    pub fn entry(&self, old: Option<&Entry>) -> Result<Entry, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let written = date(&self.written);
        if written.is_none() {
            errors.push(("written", "请按 YYYY-MM-DD 填写成文日期。".to_string()));
        }
        let published = match self.published.trim() {
            "" => None,
            s => {
                let d = date(s);
                if d.is_none() {
                    errors.push(("published", "请按 YYYY-MM-DD 填写发布日期。".to_string()));
                }
                d
            }
        };
        let kind = DocKind::parse(&self.kind).unwrap_or_else(|| {
            errors.push(("kind", "请选择文件类型。".to_string()));
            DocKind::Other
        });
        let art20 = match self.art20.trim() {
            "" | "0" => None,
            s => match s.parse::<u8>() {
                Ok(a) => Some(a),
                Err(_) => {
                    errors.push(("art20", "请选择条例第二十条的项。".to_string()));
                    None
                }
            },
        };
        let Some(written) = written else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Entry {
            index_no: old.map_or(self.index_no.trim().to_string(), |o| o.index_no.clone()),
            title: self.title.trim().to_string(),
            publisher: self.publisher.trim().to_string(),
            doc_no: Some(self.doc_no.trim().to_string()).filter(|s| !s.is_empty()),
            written,
            published,
            withdrawn: old.and_then(|o| o.withdrawn),
            topic: self.topic.trim().to_string(),
            genre: self.genre.trim().to_string(),
            kind,
            art20,
            mode: if self.mode.trim().is_empty() {
                "主动公开".into()
            } else {
                self.mode.trim().to_string()
            },
            validity: old.map_or(Validity::InForce, |o| o.validity.clone()),
            amends: Some(self.amends.trim().to_string()).filter(|s| !s.is_empty()),
            body: self.body.clone(),
        })
    }

    fn of(e: &Entry) -> EntryForm {
        EntryForm {
            index_no: e.index_no.clone(),
            title: e.title.clone(),
            publisher: e.publisher.clone(),
            doc_no: e.doc_no.clone().unwrap_or_default(),
            written: e.written.to_string(),
            published: e.published.map(|d| d.to_string()).unwrap_or_default(),
            topic: e.topic.clone(),
            genre: e.genre.clone(),
            kind: e.kind.key().into(),
            art20: e.art20.map(|a| a.to_string()).unwrap_or_default(),
            mode: e.mode.clone(),
            amends: e.amends.clone().unwrap_or_default(),
            body: e.body.clone(),
            ..Default::default()
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue_entry.html")]
struct EntryPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    editing: Option<Entry>,
    form: EntryForm,
    errors: BTreeMap<&'static str, String>,
    message: Option<String>,
    topics: Vec<String>,
    genres: Vec<String>,
    art20: Vec<(u8, &'static str)>,
    attachments: Vec<(String, String)>,
    history: Vec<[String; 4]>,
    public_href: String,
    action_href: String,
    files_href: String,
    timely: String,
}

async fn entry_page(
    state: &AppState,
    session: Session,
    editing: Option<Entry>,
    form: EntryForm,
    refusal: Option<Refusal>,
) -> Response {
    let settings = Settings::load(state).await;
    let (errors, message) = match refusal {
        Some(Refusal::Fields(f)) => (f.into_iter().collect(), None),
        Some(Refusal::Message(m)) => (BTreeMap::new(), Some(m)),
        None => (BTreeMap::new(), None),
    };
    let status = if errors.is_empty() && message.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (attachments, history, public_href, timely) = match &editing {
        Some(e) => (
            state
                .store
                .attachments(&e.index_no)
                .await
                .unwrap_or_default()
                .into_iter()
                .map(|(_, name, _, size)| {
                    (name, format!("{:.0} KB", (size as f64 / 1024.0).ceil()))
                })
                .collect(),
            state
                .store
                .entry_history(&e.index_no)
                .await
                .unwrap_or_default(),
            super::public::entry_href(&e.index_no),
            timely_words(&timeliness(e, &state.calendar, Local::now().date_naive())).0,
        ),
        None => (vec![], vec![], String::new(), String::new()),
    };
    (
        status,
        EntryPage {
            agency: crate::portal::agency(state).await,
            user: Some(session.user),
            csrf: session.csrf,
            form,
            errors,
            message,
            topics: settings.topics,
            genres: settings.genres,
            art20: gongkai_catalogue::entry::ART20
                .iter()
                .enumerate()
                .map(|(i, s)| (i as u8 + 1, *s))
                .collect(),
            attachments,
            history,
            action_href: editing
                .as_ref()
                .map_or("/staff/catalogue/new".into(), |e| edit_href(&e.index_no)),
            files_href: editing.as_ref().map_or(String::new(), |e| {
                format!(
                    "/staff/catalogue/files/{}",
                    crate::supervise::q(&e.index_no).replace("%2F", "/")
                )
            }),
            public_href,
            timely,
            editing,
        },
    )
        .into_response()
}

/// GET /staff/catalogue/new.
pub async fn new_form(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    let form = EntryForm {
        publisher: agency.name.clone(),
        written: Local::now().date_naive().to_string(),
        kind: "other".into(),
        topic: "综合政务".into(),
        genre: "通知".into(),
        mode: "主动公开".into(),
        ..Default::default()
    };
    entry_page(&state, session, None, form, None).await
}

fn by(session: &Session) -> String {
    format!("{}（{}）", session.user.display_name, session.user.username)
}

/// POST /staff/catalogue/new.
pub async fn create(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Form(form): Form<EntryForm>,
) -> Response {
    if form.csrf != session.csrf {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            crate::portal::agency(&state).await,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    let e = match form.entry(None) {
        Ok(e) => e,
        Err(f) => return entry_page(&state, session, None, form, Some(Refusal::Fields(f))).await,
    };
    match super::create(&state, e, &by(&session)).await {
        Ok(e) => Redirect::to(&edit_href(&e.index_no)).into_response(),
        Err(r) => entry_page(&state, session, None, form, Some(r)).await,
    }
}

/// GET /staff/catalogue/e/{索引号}.
pub async fn edit_form(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Path(no): Path<String>,
) -> Response {
    match state.store.entry(&no).await {
        Ok(Some(e)) => {
            let form = EntryForm::of(&e);
            entry_page(&state, session, Some(e), form, None).await
        }
        _ => crate::portal::not_found(State(state)).await,
    }
}

/// POST /staff/catalogue/e/{索引号}: save the form, or take a lifecycle step (`action`).
pub async fn update(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Path(no): Path<String>,
    Form(form): Form<EntryForm>,
) -> Response {
    if form.csrf != session.csrf {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            crate::portal::agency(&state).await,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    let Ok(Some(old)) = state.store.entry(&no).await else {
        return crate::portal::not_found(State(state)).await;
    };
    let today = Local::now().date_naive();
    let step_date = match form.step_date.trim() {
        "" => Some(today),
        s => date(s),
    };
    let result = match (form.action.as_str(), step_date) {
        ("save", _) => match form.entry(Some(&old)) {
            Ok(e) => super::save(&state, e, "修改", &by(&session)).await,
            Err(f) => Err(Refusal::Fields(f)),
        },
        (_, None) => Err(Refusal::Fields(vec![(
            "step_date",
            "请按 YYYY-MM-DD 填写日期。".into(),
        )])),
        ("publish", Some(d)) => super::apply(&state, &no, Step::Publish(d), &by(&session)).await,
        ("withdraw", Some(d)) => super::apply(&state, &no, Step::Withdraw(d), &by(&session)).await,
        ("repeal", Some(d)) => {
            super::apply(
                &state,
                &no,
                Step::Repeal(d, form.step_by.trim().into()),
                &by(&session),
            )
            .await
        }
        ("expire", Some(d)) => super::apply(&state, &no, Step::Expire(d), &by(&session)).await,
        ("amend", Some(d)) => {
            super::apply(
                &state,
                &no,
                Step::Amend(d, form.step_by.trim().into()),
                &by(&session),
            )
            .await
        }
        _ => Err(Refusal::Message("无法识别的操作。".into())),
    };
    match result {
        Ok(e) => Redirect::to(&edit_href(&e.index_no)).into_response(),
        Err(r) => entry_page(&state, session, Some(old), form, Some(r)).await,
    }
}

/// POST /staff/catalogue/files/{索引号}: attach a file (multipart: csrf, file).
pub async fn attach(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    Path(no): Path<String>,
    mut m: Multipart,
) -> Response {
    let Ok(Some(old)) = state.store.entry(&no).await else {
        return crate::portal::not_found(State(state)).await;
    };
    let mut csrf = String::new();
    let mut refusal = None;
    while let Ok(Some(field)) = m.next_field().await {
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                if csrf != session.csrf {
                    return crate::portal::problem(
                        StatusCode::FORBIDDEN,
                        crate::portal::agency(&state).await,
                        "表单已失效（校验码不符），请刷新页面后重试。",
                    );
                }
                let name = field.file_name().unwrap_or("附件").to_string();
                let bytes = match field.bytes().await {
                    Ok(b) => b,
                    Err(_) => {
                        refusal = Some(Refusal::Message(format!(
                            "附件超过 {} MB 或上传中断。",
                            super::MAX_ATTACHMENT >> 20
                        )));
                        break;
                    }
                };
                match super::attachment_type(&name, bytes.len()) {
                    Ok(mime) => {
                        if let Err(e) = state.store.add_attachment(&no, &name, mime, &bytes).await {
                            refusal = Some(Refusal::Message(e.to_string()));
                        }
                    }
                    Err(e) => refusal = Some(Refusal::Message(e)),
                }
            }
            _ => {}
        }
    }
    if csrf != session.csrf {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            crate::portal::agency(&state).await,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    match refusal {
        None => Redirect::to(&edit_href(&no)).into_response(),
        Some(r) => {
            let form = EntryForm::of(&old);
            entry_page(&state, session, Some(old), form, Some(r)).await
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue_import.html")]
struct ImportPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    imported: Option<usize>,
    errors: Vec<String>,
}

/// GET /staff/catalogue/import.
pub async fn import_form(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
) -> Response {
    ImportPage {
        agency: crate::portal::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        imported: None,
        errors: vec![],
    }
    .into_response()
}

/// POST /staff/catalogue/import (multipart: csrf, file).
pub async fn import(
    State(state): State<AppState>,
    OfficeUser(session, _): OfficeUser,
    mut m: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut file = None;
    while let Ok(Some(field)) = m.next_field().await {
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => file = field.bytes().await.ok().map(|b| b.to_vec()),
            _ => {}
        }
    }
    if csrf != session.csrf {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            crate::portal::agency(&state).await,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    let (status, imported, errors) = match file.filter(|f| !f.is_empty()) {
        None => (
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            vec!["请选择目录文件（CSV 或 XLSX）。".to_string()],
        ),
        Some(bytes) => match super::import(&state, bytes, &by(&session)).await {
            Ok(n) => (StatusCode::OK, Some(n), vec![]),
            Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, None, e),
        },
    };
    (
        status,
        ImportPage {
            agency: crate::portal::agency(&state).await,
            user: Some(session.user),
            csrf: session.csrf,
            imported,
            errors,
        },
    )
        .into_response()
}

#[derive(Template, WebTemplate)]
#[template(path = "staff_catalogue_settings.html")]
struct SettingsPage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    rule: String,
    org: String,
    topics: String,
    genres: String,
    example: String,
    error: Option<String>,
    saved: bool,
}

/// The settings form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    /// The session's CSRF token.
    pub csrf: String,
    /// 索引号 rule.
    pub rule: String,
    /// Organisation code.
    pub org: String,
    /// 主题分类, one per line.
    pub topics: String,
    /// 体裁分类, one per line.
    pub genres: String,
}

fn settings_page(
    state_agency: Agency,
    session: Session,
    s: &Settings,
    error: Option<String>,
    saved: bool,
) -> Response {
    let example = gongkai_catalogue::index_no::make(&s.rule, &s.org, 2025, "01", 12);
    (
        if error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        SettingsPage {
            agency: state_agency,
            user: Some(session.user),
            csrf: session.csrf,
            rule: s.rule.clone(),
            org: s.org.clone(),
            topics: s.topics.join("\n"),
            genres: s.genres.join("\n"),
            example,
            error,
            saved,
        },
    )
        .into_response()
}

/// GET /staff/catalogue/settings (office head): the 索引号 rule, the organisation code, the vocabularies.
pub async fn settings_form(
    State(state): State<AppState>,
    OfficeUser(session, role): OfficeUser,
    Query(q): Query<ListQuery>,
) -> Response {
    if role == crate::staff::Role::Staff {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            crate::portal::agency(&state).await,
            "目录设置仅供负责人修改。",
        );
    }
    let s = Settings::load(&state).await;
    settings_page(
        crate::portal::agency(&state).await,
        session,
        &s,
        None,
        q.late.is_some(),
    )
}

/// POST /staff/catalogue/settings.
pub async fn save_settings(
    State(state): State<AppState>,
    OfficeUser(session, role): OfficeUser,
    Form(f): Form<SettingsForm>,
) -> Response {
    let agency = crate::portal::agency(&state).await;
    if role == crate::staff::Role::Staff {
        return crate::portal::problem(StatusCode::FORBIDDEN, agency, "目录设置仅供负责人修改。");
    }
    if f.csrf != session.csrf {
        return crate::portal::problem(
            StatusCode::FORBIDDEN,
            agency,
            "表单已失效（校验码不符），请刷新页面后重试。",
        );
    }
    let lines = |s: &str| {
        s.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let wanted = Settings {
        rule: f.rule.trim().to_string(),
        org: f.org.trim().to_string(),
        topics: lines(&f.topics),
        genres: lines(&f.genres),
    };
    let error = if let Err(e) = gongkai_catalogue::index_no::check_rule(&wanted.rule) {
        Some(e)
    } else if wanted.org.is_empty()
        || wanted.org.chars().count() > 30
        || !wanted.org.chars().all(|c| c.is_ascii_alphanumeric())
    {
        Some("机构代码应为 1 至 30 位字母或数字（统一社会信用代码为 18 位）。".to_string())
    } else if wanted.topics.is_empty() || wanted.genres.is_empty() {
        Some("主题分类和体裁分类各至少一项。".to_string())
    } else {
        None
    };
    if error.is_some() {
        return settings_page(agency, session, &wanted, error, false);
    }
    let topics = wanted.topics.join("\n");
    let genres = wanted.genres.join("\n");
    match state
        .store
        .set_settings(&[
            (super::RULE, &wanted.rule),
            (super::ORG, &wanted.org),
            (super::TOPICS, &topics),
            (super::GENRES, &genres),
        ])
        .await
    {
        Ok(()) => {
            let who = format!("{}（{}）", session.user.display_name, session.user.username);
            crate::staff::record(&state, &who, "修改目录设置", &wanted.rule).await;
            Redirect::to("/staff/catalogue/settings?late=1").into_response()
        }
        Err(e) => crate::portal::problem(StatusCode::INTERNAL_SERVER_ERROR, agency, e.to_string()),
    }
}
