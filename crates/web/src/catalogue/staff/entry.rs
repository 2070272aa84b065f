//! The entry form: create, edit, the lifecycle steps, attachments.

use super::{by_of, date, edit_href, timely_words};
use crate::AppState;
use crate::agency::Agency;
use crate::catalogue::{Refusal, Settings, Step};
use crate::scope::Acting;
use crate::staff::OfficeUser;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Form, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_catalogue::timeliness::timeliness;
use gongkai_catalogue::{DocKind, Entry, Validity};
use gongkai_store::staff::{Session, User};
use serde::Deserialize;
use std::collections::BTreeMap;

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

impl EntryForm {
    /// The entry the form describes (validity kept from `old` when editing), or the fields in error.
    pub fn entry(&self, old: Option<&Entry>) -> Result<Entry, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let written = date(&self.written);
        if written.is_none() {
            errors.push((
                "written",
                "请按“年-月-日”填写成文日期，如 2026-11-03。".to_string(),
            ));
        }
        let published = match self.published.trim() {
            "" => None,
            s => {
                let d = date(s);
                if d.is_none() {
                    errors.push((
                        "published",
                        "请按“年-月-日”填写发布日期，如 2026-11-03。".to_string(),
                    ));
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
            crate::catalogue::public::entry_href("", &e.index_no),
            {
                let cal = state.calendar();
                timely_words(&timeliness(e, &cal, state.today()), &cal).0
            },
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
                    crate::url_encode(&e.index_no).replace("%2F", "/")
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
pub async fn new_form(Acting(state): Acting, OfficeUser(session, _): OfficeUser) -> Response {
    let agency = crate::portal::agency(&state).await;
    let form = EntryForm {
        publisher: agency.name.clone(),
        written: state.today().to_string(),
        kind: "other".into(),
        topic: "综合政务".into(),
        genre: "通知".into(),
        mode: "主动公开".into(),
        ..Default::default()
    };
    entry_page(&state, session, None, form, None).await
}

/// POST /staff/catalogue/new.
pub async fn create(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Form(form): Form<EntryForm>,
) -> Response {
    if form.csrf != session.csrf {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    let e = match form.entry(None) {
        Ok(e) => e,
        Err(f) => return entry_page(&state, session, None, form, Some(Refusal::Fields(f))).await,
    };
    match crate::catalogue::create(&state, e, &by_of(&session)).await {
        Ok(e) => Redirect::to(&edit_href(&e.index_no)).into_response(),
        Err(r) => entry_page(&state, session, None, form, Some(r)).await,
    }
}

/// GET /staff/catalogue/e/{索引号}.
pub async fn edit_form(
    Acting(state): Acting,
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
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Path(no): Path<String>,
    Form(form): Form<EntryForm>,
) -> Response {
    if form.csrf != session.csrf {
        return crate::staff::stale_form(crate::portal::agency(&state).await, session);
    }
    let Ok(Some(old)) = state.store.entry(&no).await else {
        return crate::portal::not_found(State(state)).await;
    };
    let today = state.today();
    let step_date = match form.step_date.trim() {
        "" => Some(today),
        s => date(s),
    };
    let result = match (form.action.as_str(), step_date) {
        ("save", _) => match form.entry(Some(&old)) {
            Ok(e) => crate::catalogue::edit(&state, e, &by_of(&session)).await,
            Err(f) => Err(Refusal::Fields(f)),
        },
        (_, None) => Err(Refusal::Fields(vec![(
            "step_date",
            "请按“年-月-日”填写日期，如 2026-11-03。".into(),
        )])),
        (action, Some(d)) => {
            let act = form.step_by.trim().to_string();
            let step = match action {
                "publish" => Some(Step::Publish(d)),
                "withdraw" => Some(Step::Withdraw(d)),
                "repeal" => Some(Step::Repeal(d, act)),
                "expire" => Some(Step::Expire(d)),
                "amend" => Some(Step::Amend(d, act)),
                "correct_published" => Some(Step::CorrectPublished(d, act)),
                _ => None,
            };
            match step {
                Some(step) => crate::catalogue::apply(&state, &no, step, &by_of(&session)).await,
                None => Err(Refusal::Message("无法识别的操作。".into())),
            }
        }
    };
    match result {
        Ok(e) => Redirect::to(&edit_href(&e.index_no)).into_response(),
        Err(r) => entry_page(&state, session, Some(old), form, Some(r)).await,
    }
}

/// POST /staff/catalogue/files/{索引号}: attach a file (multipart: csrf, file).
pub async fn attach(
    Acting(state): Acting,
    OfficeUser(session, _): OfficeUser,
    Path(no): Path<String>,
    m: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let Ok(Some(old)) = state.store.entry(&no).await else {
        return crate::portal::not_found(State(state)).await;
    };
    let limit_mb = crate::catalogue::MAX_ATTACHMENT >> 20;
    // A refused upload changes nothing, so its message is shown without the form's token.
    let refusal = match crate::boundary::read_form(m, "file", 1, limit_mb).await {
        Err((_, e)) => Some(Refusal::Message(e)),
        Ok(form) if form.csrf != session.csrf => {
            return crate::staff::stale_form(crate::portal::agency(&state).await, session);
        }
        Ok(form) => match form.files.into_iter().next() {
            None => Some(Refusal::Message("请选择要上传的附件。".into())),
            Some(f) => match crate::catalogue::attachment_type(&f.name, &f.bytes) {
                Ok(mime) => state
                    .store
                    .add_attachment(&no, &f.name, mime, &f.bytes)
                    .await
                    .err()
                    .map(|e| Refusal::Message(e.to_string())),
                Err(e) => Some(Refusal::Message(e)),
            },
        },
    };
    match refusal {
        None => Redirect::to(&edit_href(&no)).into_response(),
        Some(r) => {
            let form = EntryForm::of(&old);
            entry_page(&state, session, Some(old), form, Some(r)).await
        }
    }
}
