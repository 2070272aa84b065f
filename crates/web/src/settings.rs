//! The configuration file of `gongkai serve` (`/etc/gongkai/gongkai.toml`): every key has a default, may be set
//! in the file and overridden by an environment variable named after its path (`GONGKAI_PUBLIC_URL`,
//! `GONGKAI_LOG_FORMAT`, `GONGKAI_LIMITS_LOGIN_PER_USER_PER_WINDOW`…). Unknown keys are refused with their line,
//! so that a misspelt key never silently leaves a default in force.

use crate::config::{self, Limits, ServeConfig};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Everything `gongkai serve` can be told, as written in the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// The address and port the server listens on.
    pub address: String,
    /// The database: a SQLite file path or a `postgres://` URL.
    pub database: String,
    /// The site's public address (`https://xxgk.example.gov.cn`); empty means `http://` + `address`.
    pub public_url: String,
    /// The reverse proxies whose client-address header is believed.
    pub trusted_proxies: Vec<String>,
    /// The header those proxies put the client's address in.
    pub client_ip_header: String,
    /// Fill in the demonstration agency at start.
    pub demo: bool,
    /// Logging.
    pub log: LogSettings,
    /// Connection and request timeouts.
    pub timeouts: Timeouts,
    /// Failure limits of the login and the status lookup.
    pub limits: Limits,
}

/// How the server logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// `text` (one readable line per event) or `json` (one JSON object per line).
    pub format: String,
    /// `error`, `warn`, `info` or `debug`.
    pub level: String,
}

/// Timeouts, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timeouts {
    /// For a connection to send a request's headers; also how long it may stay idle between requests.
    pub header_read_seconds: u64,
    /// For a request body to send its next part.
    pub body_seconds: u64,
    /// For the whole answer to a request.
    pub request_seconds: u64,
    /// For requests in flight to finish after SIGTERM.
    pub shutdown_seconds: u64,
}

impl Default for Settings {
    fn default() -> Settings {
        let defaults = ServeConfig::default();
        Settings {
            address: "127.0.0.1:8080".into(),
            database: "gongkai.db".into(),
            public_url: String::new(),
            trusted_proxies: Vec::new(),
            client_ip_header: "X-Forwarded-For".into(),
            demo: false,
            log: LogSettings::default(),
            timeouts: Timeouts {
                header_read_seconds: defaults.header_read_timeout.as_secs(),
                body_seconds: defaults.body_timeout.as_secs(),
                request_seconds: defaults.request_timeout.as_secs(),
                shutdown_seconds: defaults.shutdown_timeout.as_secs(),
            },
            limits: Limits::default(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> LogSettings {
        LogSettings {
            format: "text".into(),
            level: "info".into(),
        }
    }
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Settings::default().timeouts
    }
}

/// The log levels a file may name.
const LEVELS: [&str; 4] = ["error", "warn", "info", "debug"];

impl Settings {
    /// Reads a configuration file's text (`origin` names it in messages), then applies the environment.
    pub fn from_toml(
        text: &str,
        origin: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, String> {
        // Reading the file alone first puts an unknown key's line in the message.
        if let Err(e) = toml::from_str::<Settings>(text)
            && e.span().is_some()
            && !e.message().starts_with("missing field")
        {
            return Err(toml_error(&e, text, origin));
        }
        let file: toml::Table = toml::from_str(text).map_err(|e| toml_error(&e, text, origin))?;
        // Keys the file leaves out keep their defaults, also inside a table it gives in part.
        let mut table = toml::Table::try_from(Settings::default()).unwrap_or_default();
        merge(&mut table, file);
        apply_env(&mut table, &env)?;
        let settings = Settings::deserialize(toml::Value::Table(table)).map_err(|e| {
            format!(
                "配置 {origin}（连同环境变量）无法使用：{}",
                chinese(e.message())
            )
        })?;
        // Every value that has a form (addresses, names, positive numbers) is checked.
        settings.serve_config()?;
        Ok(settings)
    }

    /// The defaults with the environment applied (no file).
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Result<Settings, String> {
        Settings::from_toml("", "（无配置文件）", env)
    }

    /// Reads the file at `path`, then applies the process's environment.
    pub fn load(path: &std::path::Path) -> Result<Settings, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("无法读取配置文件 {}：{e}", path.display()))?;
        Settings::from_toml(&text, &path.display().to_string(), |k| {
            std::env::var(k).ok()
        })
    }

    /// The server's configuration these settings give.
    pub fn serve_config(&self) -> Result<ServeConfig, String> {
        if self.address.parse::<std::net::SocketAddr>().is_err() {
            return Err(format!(
                "address（监听地址）“{}”应为 IP 地址和端口，如 127.0.0.1:8080",
                self.address
            ));
        }
        if self.database.trim().is_empty() {
            return Err(
                "database（数据库）不能为空：应为 SQLite 文件路径或 postgres://… 地址".into(),
            );
        }
        let public_url = if self.public_url.trim().is_empty() {
            format!("http://{}", self.address)
        } else {
            self.public_url.clone()
        };
        let header = self.client_ip_header.trim().to_ascii_lowercase();
        let header_ok = !header.is_empty()
            && header
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !header_ok {
            return Err(format!(
                "client_ip_header（访问者地址请求头）“{}”不是合规的请求头名称",
                self.client_ip_header
            ));
        }
        if !["text", "json"].contains(&self.log.format.as_str()) {
            return Err(format!(
                "log.format（日志格式）“{}”应为 text 或 json",
                self.log.format
            ));
        }
        if !LEVELS.contains(&self.log.level.as_str()) {
            return Err(format!(
                "log.level（日志级别）“{}”应为 error、warn、info 或 debug",
                self.log.level
            ));
        }
        let t = &self.timeouts;
        for (name, v) in [
            ("timeouts.header_read_seconds", t.header_read_seconds),
            ("timeouts.body_seconds", t.body_seconds),
            ("timeouts.request_seconds", t.request_seconds),
            ("timeouts.shutdown_seconds", t.shutdown_seconds),
        ] {
            if !(1..=3600).contains(&v) {
                return Err(format!("{name}（秒）为 {v}，应在 1 到 3600 之间"));
            }
        }
        let l = &self.limits;
        for (name, f) in [
            ("login_per_user", l.login_per_user),
            ("login_per_client", l.login_per_client),
            ("status_per_number", l.status_per_number),
            ("status_per_client", l.status_per_client),
        ] {
            if f.per_window < 1 || f.minutes < 1 {
                return Err(format!(
                    "limits.{name} 的 per_window 和 minutes 都应为正整数（现为 {} 和 {}）",
                    f.per_window, f.minutes
                ));
            }
        }
        Ok(ServeConfig {
            public_url: config::parse_public_url(&public_url)
                .map_err(|e| format!("public_url：{e}"))?,
            trusted_proxies: config::parse_proxies(&self.trusted_proxies.join(","))
                .map_err(|e| format!("trusted_proxies：{e}"))?,
            client_ip_header: header,
            limits: self.limits,
            header_read_timeout: Duration::from_secs(t.header_read_seconds),
            body_timeout: Duration::from_secs(t.body_seconds),
            request_timeout: Duration::from_secs(t.request_seconds),
            shutdown_timeout: Duration::from_secs(t.shutdown_seconds),
        })
    }

    /// The settings as a TOML file, the database password hidden (for `gongkai config check`).
    pub fn to_toml_masked(&self) -> String {
        let mut shown = self.clone();
        shown.database = mask_password(&self.database);
        toml::to_string(&shown).unwrap_or_default()
    }

    /// The environment variables that can override a key, with the key, in file order.
    pub fn env_names() -> Vec<(String, String)> {
        let mut out = Vec::new();
        let defaults = toml::Table::try_from(Settings::default()).unwrap_or_default();
        leaves(&defaults, &mut Vec::new(), &mut |path, _| {
            out.push((env_name(path), path.join(".")));
        });
        out
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn mask_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let auth = &url[scheme + 3..at];
            match auth.find(':') {
                Some(colon) => format!("{}:***{}", &url[..scheme + 3 + colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

fn env_name(path: &[&str]) -> String {
    format!("GONGKAI_{}", path.join("_").to_ascii_uppercase())
}

/// Calls `f` with the path and value of every non-table value under `table`.
fn leaves<'a>(
    table: &'a toml::Table,
    path: &mut Vec<&'a str>,
    f: &mut dyn FnMut(&[&str], &toml::Value),
) {
    for (key, value) in table {
        path.push(key);
        match value {
            toml::Value::Table(t) => leaves(t, path, f),
            v => f(path, v),
        }
        path.pop();
    }
}

/// Puts `over`'s values into `base`, table by table.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

/// Overrides the file's values with the environment's, each converted to its key's type.
fn apply_env(table: &mut toml::Table, env: &impl Fn(&str) -> Option<String>) -> Result<(), String> {
    let defaults = toml::Table::try_from(Settings::default()).unwrap_or_default();
    let mut found = Vec::new();
    let mut error = None;
    leaves(&defaults, &mut Vec::new(), &mut |path, default| {
        let name = env_name(path);
        let Some(raw) = env(&name) else { return };
        let value = match default {
            toml::Value::Integer(_) => raw
                .trim()
                .parse::<i64>()
                .map(toml::Value::Integer)
                .map_err(|_| format!("环境变量 {name}=“{raw}”应为整数")),
            toml::Value::Boolean(_) => match raw.trim() {
                "true" | "1" => Ok(toml::Value::Boolean(true)),
                "false" | "0" => Ok(toml::Value::Boolean(false)),
                _ => Err(format!("环境变量 {name}=“{raw}”应为 true 或 false")),
            },
            toml::Value::Array(_) => Ok(toml::Value::Array(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| toml::Value::String(s.to_string()))
                    .collect(),
            )),
            _ => Ok(toml::Value::String(raw)),
        };
        match value {
            Ok(v) => found.push((path.iter().map(|s| s.to_string()).collect::<Vec<_>>(), v)),
            Err(e) => error = error.take().or(Some(e)),
        }
    });
    if let Some(e) = error {
        return Err(e);
    }
    for (path, value) in found {
        let (last, parents) = path.split_last().expect("a leaf has a name");
        let mut t = &mut *table;
        for p in parents {
            t = match t
                .entry(p.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
            {
                toml::Value::Table(inner) => inner,
                _ => return Err(format!("配置项 {p} 应为表（[{p}]）")),
            };
        }
        t.insert(last.clone(), value);
    }
    Ok(())
}

/// A TOML or value error, in Chinese with the file and line.
fn toml_error(e: &toml::de::Error, text: &str, origin: &str) -> String {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let at = line.map_or(String::new(), |l| format!("第 {l} 行："));
    format!("配置文件 {origin} {at}{}", chinese(e.message()))
}

/// The messages serde and toml give, in Chinese; others keep their text after a Chinese lead.
fn chinese(message: &str) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let known: Vec<String> = rest
            .split('`')
            .skip(3)
            .step_by(2)
            .map(str::to_string)
            .collect();
        return format!(
            "没有名为“{}”的设置项（此处可用：{}）",
            quoted(rest),
            known.join("、")
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (got, want) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        let kind = |s: &str| {
            if s.contains("string") {
                "文字（加引号）"
            } else if s.contains("integer") || s.starts_with('u') || s.starts_with('i') {
                "整数"
            } else if s.contains("bool") {
                "true 或 false"
            } else if s.contains("sequence") {
                "列表（[\"…\", \"…\"]）"
            } else {
                "表"
            }
        };
        return format!(
            "值的类型不对：此处应为{}，文件中是{}",
            kind(want),
            kind(got)
        );
    }
    format!("不是有效的 TOML（{}）", message.trim())
}

#[cfg(test)]
mod tests;
