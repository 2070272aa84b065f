//! The proactive disclosure catalogue on the web: the public catalogue (by topic and year, full-text search,
//! each entry's page with its metadata table, attachments, a sitemap), the office's pages to create, edit,
//! publish, withdraw, repeal and import entries, and the same through the API.

pub mod api;
pub mod public;
pub mod staff;

use crate::AppState;
use gongkai_catalogue::{Entry, index_no, vocab};
use std::collections::BTreeMap;

/// Whether an entry belongs in the search index: published and not withdrawn (whether it is public today is
/// checked again when it is shown).
pub fn searchable(e: &Entry) -> bool {
    e.published.is_some() && e.withdrawn.is_none()
}

/// Rebuilds the search index from the database: every agency's catalogue.
pub async fn reindex(state: &AppState) -> Result<usize, String> {
    let mut all = Vec::new();
    for agency in state
        .store
        .catalogue_agencies()
        .await
        .map_err(|e| e.to_string())?
    {
        let entries = state.store.for_agency(&agency).all_entries().await;
        all.push((agency, entries.map_err(|e| e.to_string())?));
    }
    let searchable = all.iter().flat_map(|(agency, entries)| {
        entries
            .iter()
            .filter(|e| searchable(e))
            .map(move |e| (agency.as_str(), e))
    });
    state.search.rebuild(searchable).map_err(|e| e.to_string())
}

/// Puts an entry's current form into the search index (or takes it out).
pub fn index_entry(state: &AppState, e: &Entry) {
    let entry = searchable(e).then_some(e);
    if let Err(err) = state
        .search
        .put(state.store.agency_id(), &e.index_no, entry)
    {
        tracing::warn!("全文检索索引未更新（{}）：{err}", e.index_no);
    }
}

/// Rebuilds the search index whenever the catalogue changed in the database by another server (checked every
/// 30 seconds); runs until the process ends.
pub async fn keep_index_fresh(state: AppState) {
    let mut last = state.store.catalogue_stamp().await.ok();
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        let now = state.store.catalogue_stamp().await.ok();
        if now.is_some() && now != last {
            if let Err(e) = reindex(&state).await {
                tracing::warn!("全文检索索引重建失败：{e}");
            }
            last = now;
        }
    }
}

/// The agency's catalogue settings: 索引号 rule, organisation code, vocabularies.
pub struct Settings {
    /// The 索引号 rule.
    pub rule: String,
    /// The organisation code (统一社会信用代码).
    pub org: String,
    /// 主题分类.
    pub topics: Vec<String>,
    /// 体裁分类.
    pub genres: Vec<String>,
}

/// Setting keys.
pub const RULE: &str = "catalogue_index_rule";
/// The organisation code's key.
pub const ORG: &str = "org_code";
/// The topics' key (one per line).
pub const TOPICS: &str = "catalogue_topics";
/// The genres' key (one per line).
pub const GENRES: &str = "catalogue_genres";

impl Settings {
    /// From the agency's settings, with the defaults where none is set.
    pub fn from_map(s: &BTreeMap<String, String>) -> Settings {
        let lines = |key: &str| -> Option<Vec<String>> {
            s.get(key).map(|v| {
                v.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
        };
        Settings {
            rule: s
                .get(RULE)
                .filter(|r| index_no::check_rule(r).is_ok())
                .cloned()
                .unwrap_or_else(|| index_no::DEFAULT_RULE.to_string()),
            org: s
                .get(ORG)
                .cloned()
                .unwrap_or_else(|| "000000000000000000".into()),
            topics: lines(TOPICS)
                .unwrap_or_else(|| vocab::TOPICS.iter().map(|(_, t)| t.to_string()).collect()),
            genres: lines(GENRES)
                .unwrap_or_else(|| vocab::GENRES.iter().map(|g| g.to_string()).collect()),
        }
    }

    /// Loads them.
    pub async fn load(state: &AppState) -> Settings {
        Settings::from_map(&state.store.settings().await.unwrap_or_default())
    }

    /// The next 索引号 for an entry written in `year` on `topic`.
    pub async fn next_index(
        &self,
        state: &AppState,
        year: i32,
        topic: &str,
    ) -> Result<String, String> {
        let code = vocab::topic_code(topic);
        let prefix = index_no::prefix(&self.rule, &self.org, year, code);
        let last = state
            .store
            .last_index_seq(&prefix)
            .await
            .map_err(|e| e.to_string())?;
        Ok(index_no::make(&self.rule, &self.org, year, code, last + 1))
    }
}

/// The largest attachment accepted, in bytes.
pub const MAX_ATTACHMENT: usize = 20 * 1024 * 1024;

/// Attachment types accepted, by extension, with their media types.
pub const ATTACHMENT_TYPES: [(&str, &str); 10] = [
    ("pdf", "application/pdf"),
    ("ofd", "application/ofd"),
    ("doc", "application/msword"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("wps", "application/vnd.ms-works"),
    ("xls", "application/vnd.ms-excel"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("zip", "application/zip"),
    ("jpg", "image/jpeg"),
    ("png", "image/png"),
];

/// A change refused: the fields in error (field, message), or one message.
#[derive(Debug)]
pub enum Refusal {
    /// Fields in error.
    Fields(Vec<(&'static str, String)>),
    /// One reason.
    Message(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Fields(v) => write!(
                f,
                "{}",
                v.iter()
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("；")
            ),
            Refusal::Message(m) => f.write_str(m),
        }
    }
}

/// Adds a new entry: the body made safe, a 索引号 made by the rule when none is given, checked, stored, indexed.
pub async fn create(state: &AppState, mut e: Entry, by: &str) -> Result<Entry, Refusal> {
    if e.published.is_some() || e.withdrawn.is_some() {
        return Err(Refusal::Fields(vec![("published", DATES_BY_STEPS.into())]));
    }
    let settings = Settings::load(state).await;
    e.body = gongkai_catalogue::entry::clean_body(&e.body);
    if e.index_no.trim().is_empty() {
        e.index_no = settings
            .next_index(state, chrono::Datelike::year(&e.written), &e.topic)
            .await
            .map_err(Refusal::Message)?;
    }
    let problems = e.problems(&settings.topics, &settings.genres);
    if !problems.is_empty() {
        return Err(Refusal::Fields(problems));
    }
    state
        .store
        .add_entries(
            std::slice::from_ref(&e),
            by,
            &state.today.now().to_rfc3339(),
        )
        .await
        .map_err(|err| Refusal::Message(err.to_string()))?;
    index_entry(state, &e);
    Ok(e)
}

/// Why an edit may not set the publication or withdrawal date.
const DATES_BY_STEPS: &str = "发布日期和撤回日期只能由“发布”“撤回”操作设定；已发布信息的发布日期有误的，请使用“更正发布日期”操作并写明理由（记入修改记录）。";

/// Saves an edit of an entry's fields (same 索引号): its publication and withdrawal dates must stay as stored,
/// since only the steps ([`apply`]) set them.
pub async fn edit(state: &AppState, e: Entry, by: &str) -> Result<Entry, Refusal> {
    if let Ok(Some(old)) = state.store.entry(&e.index_no).await
        && (old.published != e.published || old.withdrawn != e.withdrawn)
    {
        return Err(Refusal::Fields(vec![("published", DATES_BY_STEPS.into())]));
    }
    save(state, e, "修改", by).await
}

/// Saves a changed entry (same 索引号), checked, with what the change was.
async fn save(state: &AppState, mut e: Entry, action: &str, by: &str) -> Result<Entry, Refusal> {
    let settings = Settings::load(state).await;
    e.body = gongkai_catalogue::entry::clean_body(&e.body);
    let problems = e.problems(&settings.topics, &settings.genres);
    if !problems.is_empty() {
        return Err(Refusal::Fields(problems));
    }
    if let Some(a) = &e.amends
        && !matches!(state.store.entry(a).await, Ok(Some(_)))
    {
        return Err(Refusal::Fields(vec![(
            "amends",
            format!("目录中没有索引号为 {a} 的文件。"),
        )]));
    }
    state
        .store
        .update_entry(&e, action, by, &state.today.now().to_rfc3339())
        .await
        .map_err(|err| Refusal::Message(err.to_string()))?;
    index_entry(state, &e);
    Ok(e)
}

/// A lifecycle step on an entry.
#[derive(Debug, Clone)]
pub enum Step {
    /// Publish on a day (today by default).
    Publish(chrono::NaiveDate),
    /// Withdraw from publication on a day.
    Withdraw(chrono::NaiveDate),
    /// Repealed on a day by an act.
    Repeal(chrono::NaiveDate, String),
    /// Expired on a day.
    Expire(chrono::NaiveDate),
    /// Amended on a day by an act.
    Amend(chrono::NaiveDate, String),
    /// The publication date of a published entry corrected, with the reason.
    CorrectPublished(chrono::NaiveDate, String),
}

/// Applies a lifecycle step to an entry and saves it.
pub async fn apply(
    state: &AppState,
    index_no: &str,
    step: Step,
    by: &str,
) -> Result<Entry, Refusal> {
    let mut e = match state.store.entry(index_no).await {
        Ok(Some(e)) => e,
        Ok(None) => {
            return Err(Refusal::Message(format!(
                "目录中没有索引号为 {index_no} 的信息。"
            )));
        }
        Err(err) => return Err(Refusal::Message(err.to_string())),
    };
    let action = match step {
        Step::Publish(d) => {
            if e.published.is_some() && e.withdrawn.is_none() {
                return Err(Refusal::Message("这条信息已经发布。".into()));
            }
            e.published = Some(d);
            e.withdrawn = None;
            "发布".to_string()
        }
        Step::Withdraw(d) => {
            e.withdrawn = Some(d);
            "撤回".to_string()
        }
        Step::Repeal(on, by_act) => {
            e.validity = gongkai_catalogue::Validity::Repealed { on, by: by_act };
            "废止".to_string()
        }
        Step::Expire(on) => {
            e.validity = gongkai_catalogue::Validity::Expired { on };
            "失效".to_string()
        }
        Step::Amend(on, by_act) => {
            e.validity = gongkai_catalogue::Validity::Amended { on, by: by_act };
            "修改".to_string()
        }
        Step::CorrectPublished(d, reason) => {
            let Some(old) = e.published else {
                return Err(Refusal::Message(
                    "这条信息尚未发布，没有可更正的发布日期。".into(),
                ));
            };
            if reason.trim().is_empty() {
                return Err(Refusal::Fields(vec![(
                    "step_by",
                    "更正发布日期须写明理由。".into(),
                )]));
            }
            e.published = Some(d);
            format!("更正发布日期：{old} 改为 {d}（理由：{}）", reason.trim())
        }
    };
    save(state, e, &action, by).await
}

/// Imports a catalogue file (CSV/XLSX), all or nothing; returns the number of entries, or every bad row.
/// Entries without a 索引号 are numbered by the rule, after the database's and each other's.
pub async fn import(state: &AppState, bytes: Vec<u8>, by: &str) -> Result<usize, Vec<String>> {
    const PENDING: &str = "待编号-";
    // Parsing is CPU work: on a blocking thread, never on the server's async workers.
    let rows = tokio::task::spawn_blocking(move || gongkai_store::sheet::read_table_bytes(bytes))
        .await
        .map_err(|e| vec![format!("文件读取中断：{e}")])?
        .map_err(|e| vec![e])?;
    let settings = Settings::load(state).await;
    let mut n = 0;
    let mut placeholder = |_: &Entry| {
        n += 1;
        format!("{PENDING}{n}")
    };
    let mut entries = gongkai_catalogue::import::entries_from_rows(
        &rows,
        &settings.topics,
        &settings.genres,
        &mut placeholder,
    )?;
    let mut last: BTreeMap<String, u32> = BTreeMap::new();
    for e in entries
        .iter_mut()
        .filter(|e| e.index_no.starts_with(PENDING))
    {
        let year = chrono::Datelike::year(&e.written);
        let code = vocab::topic_code(&e.topic);
        let prefix = index_no::prefix(&settings.rule, &settings.org, year, code);
        if !last.contains_key(&prefix) {
            let seq = state
                .store
                .last_index_seq(&prefix)
                .await
                .map_err(|err| vec![err.to_string()])?;
            last.insert(prefix.clone(), seq);
        }
        let seq = last.get_mut(&prefix).expect("just inserted");
        *seq += 1;
        e.index_no = index_no::make(&settings.rule, &settings.org, year, code, *seq);
    }
    state
        .store
        .add_entries(&entries, by, &state.today.now().to_rfc3339())
        .await
        .map_err(|e| vec![e.to_string()])?;
    for e in &entries {
        index_entry(state, e);
    }
    Ok(entries.len())
}

/// The media type of an attachment by its file name, or why it is refused.
pub fn attachment_type(name: &str, bytes: &[u8]) -> Result<&'static str, String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((_, mime)) = ATTACHMENT_TYPES.iter().find(|(e, _)| *e == ext) else {
        return Err(format!(
            "附件“{name}”的类型不受支持（可上传 {}）。",
            ATTACHMENT_TYPES
                .iter()
                .map(|(e, _)| *e)
                .collect::<Vec<_>>()
                .join("、")
        ));
    };
    if bytes.is_empty() {
        return Err(format!("附件“{name}”是空文件。"));
    }
    if bytes.len() > MAX_ATTACHMENT {
        return Err(format!("附件“{name}”超过 {} MB。", MAX_ATTACHMENT >> 20));
    }
    if !crate::boundary::content_matches(&ext, bytes) {
        return Err(format!(
            "附件“{name}”的内容不是 .{ext} 文件（文件开头与该格式不符），未上传。"
        ));
    }
    Ok(mime)
}
