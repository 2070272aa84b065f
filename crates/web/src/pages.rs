//! The page templates (askama, checked at compile time; every value is HTML-escaped).

use crate::agency::Agency;
use crate::portal::ApplyForm;
use askama::Template;
use askama_web::WebTemplate;
use std::collections::BTreeMap;

#[derive(Template, WebTemplate)]
#[template(path = "guide.html")]
pub(crate) struct Guide {
    pub agency: Agency,
}

#[derive(Template, WebTemplate)]
#[template(path = "apply.html")]
pub(crate) struct Apply {
    pub agency: Agency,
    pub token: String,
    pub form: ApplyForm,
    pub errors: BTreeMap<&'static str, String>,
    pub kinds: &'static [&'static str],
    pub forms: &'static [&'static str],
    pub channels: &'static [&'static str],
    /// The 受理机关 chooser's agencies by region (empty: none to choose).
    pub choices: Vec<(String, Vec<(String, String)>)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "submitted.html")]
pub(crate) struct Submitted {
    pub agency: Agency,
    pub tracking: String,
    pub secret: String,
    pub received: String,
    pub due: String,
}

/// A case as its applicant sees it.
pub(crate) struct CaseView {
    pub tracking: String,
    pub received: String,
    pub status: String,
    pub due: String,
    pub steps: Vec<String>,
    /// The agency handling it (受理机关).
    pub handled_by: String,
    /// The referral that closed it, if one did (条例第三十六条第五项).
    pub referral: Option<crate::refile::ReferralView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "status.html")]
pub(crate) struct Status {
    pub agency: Agency,
    pub token: String,
    /// The tracking number typed, kept in its field after a failed lookup.
    pub tracking: String,
    pub error: Option<String>,
    pub case: Option<CaseView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "problem.html")]
pub(crate) struct Problem {
    pub agency: Agency,
    pub message: String,
}
