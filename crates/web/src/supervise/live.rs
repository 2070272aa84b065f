//! 实时办理情况 (GET /supervise/live): the supervisor's live view of the platform's agencies, besides their
//! published reports — per agency, its open applications, how many are overdue or due within 5 working days by
//! the statutory clock, this year's answers, those answered late, 公开率 so far and the last receipt and
//! closing; figures only, no applicant's data.

use super::SupervisorUser;
use crate::AppState;
use crate::agency::Agency;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use gongkai_store::HOME_AGENCY;
use gongkai_store::live::Live;
use gongkai_store::staff::User;

/// One agency's line.
pub struct Line {
    /// The agency's name.
    pub name: String,
    /// Its region in the tree (empty for the deployment's own agency when not registered).
    pub region: String,
    /// Its figures.
    pub live: Live,
    /// 公开率 as printed.
    pub rate: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sv_live.html")]
struct LivePage {
    agency: Agency,
    user: Option<User>,
    csrf: String,
    today: String,
    soon: String,
    lines: Vec<Line>,
    total: Line,
}

fn rate(live: &Live) -> String {
    live.disclosure_rate()
        .map_or_else(|| "—".to_string(), |r| format!("{r:.1}%"))
}

/// GET /supervise/live.
pub async fn live(
    State(state): State<AppState>,
    SupervisorUser(session): SupervisorUser,
) -> Response {
    let (today, soon) = crate::staff::query::window(&state);
    let mut figures = match state.store.live_by_agency(today, soon).await {
        Ok(f) => f,
        Err(e) => return super::failed(&state, e).await,
    };
    let registered = match state.store.agencies().await {
        Ok(a) => a,
        Err(e) => return super::failed(&state, e).await,
    };
    let mut lines: Vec<Line> = Vec::with_capacity(registered.len() + 1);
    if let Some(home) = figures.remove(HOME_AGENCY) {
        let name = crate::portal::agency(&state).await.name;
        lines.push(Line {
            name: format!("{name}（本平台部署机关）"),
            region: String::new(),
            rate: rate(&home),
            live: home,
        });
    }
    for a in registered {
        let live = figures.remove(&a.unit.id).unwrap_or_default();
        lines.push(Line {
            name: a.unit.name,
            region: a.unit.region,
            rate: rate(&live),
            live,
        });
    }
    let mut sum = Live::default();
    for l in &lines {
        let x = &l.live;
        sum.open += x.open;
        sum.overdue += x.overdue;
        sum.due_soon += x.due_soon;
        sum.closed += x.closed;
        sum.late += x.late;
        sum.disclosed += x.disclosed;
        sum.last_received = sum.last_received.max(x.last_received);
        sum.last_closed = sum.last_closed.max(x.last_closed);
    }
    LivePage {
        agency: super::agency(&state).await,
        user: Some(session.user),
        csrf: session.csrf,
        today: today.to_string(),
        soon: soon.to_string(),
        total: Line {
            name: format!("合计（{} 个机关）", lines.len()),
            region: String::new(),
            rate: rate(&sum),
            live: sum,
        },
        lines,
    }
    .into_response()
}
