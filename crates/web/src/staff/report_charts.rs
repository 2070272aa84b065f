//! The report page's charts, drawn from the cases as SVG: applications by month and by channel, answers by
//! outcome, timeliness.

use crate::AppState;
use chrono::Datelike;

/// The year's charts from the cases: applications by month and by channel, answers by outcome, timeliness.
pub(crate) async fn charts(state: &AppState, year: i32) -> Vec<String> {
    use gongkai_ledger::clock::{ClockSettings, Status, clock};
    let apps = state.store.applications(false).await.unwrap_or_default();
    let received: Vec<_> = apps.iter().filter(|a| a.received.year() == year).collect();
    let by_month: Vec<(String, u64)> = (1..=12)
        .map(|m| {
            let n = received.iter().filter(|a| a.received.month() == m).count() as u64;
            (format!("{m} 月"), n)
        })
        .collect();
    let by_channel: Vec<(String, u64)> = gongkai_ledger::case::Channel::ALL
        .iter()
        .map(|c| {
            let n = received.iter().filter(|a| a.channel == *c).count() as u64;
            (c.label().to_string(), n)
        })
        .collect();
    let groups = ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"];
    let names = [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ];
    let mut outcomes = [0u64; 6];
    let (mut on_time, mut extended, mut late) = (0u64, 0u64, 0u64);
    for a in &apps {
        let Some((date, outcome)) = a.closed() else {
            continue;
        };
        if date.year() != year {
            continue;
        }
        if let Some(g) = groups.iter().position(|g| outcome.label().starts_with(g)) {
            outcomes[g] += 1;
        }
        let Ok(c) = clock(a, &state.calendar(), ClockSettings::default()) else {
            continue;
        };
        let was_extended = a
            .events
            .iter()
            .any(|e| matches!(e.kind, gongkai_ledger::case::EventKind::Extended { .. }));
        match c.status {
            Status::Closed { date, .. } if date > c.due => late += 1,
            _ if was_extended => extended += 1,
            _ => on_time += 1,
        }
    }
    vec![
        crate::chart::bars(&format!("{year} 年各月收到的申请（件）"), &by_month),
        crate::chart::bars(&format!("{year} 年申请的提交渠道（件）"), &by_channel),
        crate::chart::bars(
            &format!("{year} 年办结申请的办理结果（件）"),
            &names
                .iter()
                .zip(outcomes)
                .map(|(n, c)| (n.to_string(), c))
                .collect::<Vec<_>>(),
        ),
        crate::chart::bars(
            &format!("{year} 年办结申请的答复时限（件）"),
            &[
                ("20 个工作日内答复".to_string(), on_time),
                ("延长期限后按期答复".to_string(), extended),
                ("逾期答复".to_string(), late),
            ],
        ),
    ]
}
