//! The server's log on standard error (journald keeps it under systemd): one line per event, readable text or a
//! JSON object, times in 北京时间, at the level the configuration names.

use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::FormatTime;

/// Timestamps in Beijing time with their offset (`2026-12-07T12:00:00.123+08:00`): the system clock's real
/// moment, also on a server that runs on a fixed day (a log records when things happened).
struct BeijingTime;

impl FormatTime for BeijingTime {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        let now = gongkai_ledger::today::Today::System
            .now()
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"));
        write!(w, "{}", now.format("%Y-%m-%dT%H:%M:%S%.3f%:z"))
    }
}

/// Starts the log: `format` is `text` or `json`, `level` one of `error`, `warn`, `info`, `debug` (as checked
/// by the settings). A second call — tests that start several servers in one process — keeps the first log.
pub fn init(format: &str, level: &str) {
    let level: tracing::Level = level.parse().unwrap_or(tracing::Level::INFO);
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_timer(BeijingTime)
        .with_ansi(false);
    let _ = if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init()
    } else {
        builder.try_init()
    };
}
