//! The supervising office's pages (role 监督人员; the administrator too): the region tree with each unit's
//! reports by year, the scores and ranking, charts, a report with its problems next to the document, corrections,
//! the cross-year pairs, 雷同 side by side, uploads and the assessment report's downloads. No case data.

pub mod agencies;
pub mod document;
pub mod live;
pub mod office;
pub mod overview;
pub mod report;
pub mod rubric;
pub mod similar;
pub mod unit;
pub mod upload;

use crate::AppState;
use crate::agency::Agency;
use crate::staff::Role;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_store::staff::Session;
use gongkai_store::supervision::Unit;
use gongkai_supervise::assess::{self, Facts, cache::Everything, rubric::Rubric};
use gongkai_supervise::regions::Region;
use serde::Deserialize;
use std::sync::Arc;

/// A logged-in 监督人员 (or administrator); others are sent to the login page or refused.
pub struct SupervisorUser(pub Session);

impl FromRequestParts<AppState> for SupervisorUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let crate::staff::SignedIn(session) =
            crate::staff::SignedIn::from_request_parts(parts, state).await?;
        if session.user.must_change {
            return Err(Redirect::to(crate::staff::PASSWORD_PAGE).into_response());
        }
        match Role::parse(&session.user.role) {
            Some(Role::Supervisor | Role::Admin) => Ok(SupervisorUser(session)),
            _ => Err(crate::staff::refused(
                crate::portal::agency(state).await,
                session,
                "监督评估页面仅供监督人员和系统管理员打开。",
            )),
        }
    }
}

/// The year and region a page is about (query string).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct Scope {
    /// The year (default: the latest year with reports).
    pub year: Option<i32>,
    /// The region path (default: all units).
    pub region: String,
    /// A download's format: html, docx or pdf.
    pub format: Option<String>,
    /// The page of the ranking (from 1).
    pub page: Option<usize>,
}

/// What the pages are computed from: every report's facts, the units, the rubric.
pub struct Data {
    /// Every stored report's facts (all years).
    pub facts: Arc<Vec<Facts>>,
    /// Every unit.
    pub units: Arc<Vec<Unit>>,
    /// The units' region tree.
    pub tree: Arc<Region>,
    /// The rubric in force.
    pub rubric: Rubric,
    all: Arc<Everything>,
}

impl Data {
    /// Every report's facts (kept between page views while the supervision data is unchanged), the units and
    /// the rubric.
    pub async fn load(state: &AppState) -> Result<Data, gongkai_store::StoreError> {
        let all = state.facts.everything(&state.store).await?;
        Ok(Data {
            facts: all.facts.clone(),
            units: all.units.clone(),
            tree: all.tree.clone(),
            rubric: gongkai_supervise::assess::rubric::in_force(&state.store).await?,
            all,
        })
    }

    /// Every report's score by the rubric in force, in ranking order, without the deductions' evidence (ranks
    /// not set; see [`assess::ranks`]).
    pub fn scores(&self) -> Arc<Vec<assess::Score>> {
        self.all.scores(&self.rubric)
    }

    /// The years with reports, latest first.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.facts.iter().map(|f| f.year).collect();
        y.sort_unstable_by(|a, b| b.cmp(a));
        y.dedup();
        y
    }

    /// The scope's year, or the latest.
    pub fn year(&self, scope: &Scope) -> Option<i32> {
        scope.year.or_else(|| self.years().first().copied())
    }
}

/// `?saved=1` after a settings or rubric page was saved.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    /// Whether the page follows a save.
    pub saved: Option<u8>,
}

/// The refusal of a form whose CSRF token is not the session's.
pub async fn stale_form(state: &AppState) -> Response {
    problem(
        state,
        StatusCode::FORBIDDEN,
        "表单已失效（校验码不符），请刷新页面后重试。",
    )
    .await
}

/// A page of problems in the supervisor's frame.
pub(crate) async fn problem(
    state: &AppState,
    status: StatusCode,
    message: impl Into<String>,
) -> Response {
    crate::portal::problem(status, crate::portal::agency(state).await, message)
}

/// The response to a store failure.
pub(crate) async fn failed(state: &AppState, e: gongkai_store::StoreError) -> Response {
    problem(
        state,
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("系统错误：{e}"),
    )
    .await
}

/// The agency (for the page frame).
pub(crate) async fn agency(state: &AppState) -> Agency {
    crate::portal::agency(state).await
}

pub(crate) use crate::url_encode as q;
