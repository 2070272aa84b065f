use super::*;
use crate::config::FailureLimit;
use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

const FILE: &str = r#"
address = "0.0.0.0:8080"
database = "postgres://gongkai:secret@db.internal/gongkai"
public_url = "https://xxgk.example.gov.cn"
trusted_proxies = ["10.0.0.5"]

[log]
format = "json"

[timeouts]
request_seconds = 30

[limits.login_per_user]
per_window = 5
minutes = 10
"#;

#[test]
fn a_file_sets_keys_and_leaves_the_rest_at_their_defaults() {
    let s = Settings::from_toml(FILE, "gongkai.toml", env(&[])).unwrap();
    assert_eq!(s.address, "0.0.0.0:8080");
    assert_eq!(s.log.format, "json");
    assert_eq!(s.log.level, "info");
    assert_eq!(s.timeouts.request_seconds, 30);
    assert_eq!(s.timeouts.shutdown_seconds, 10);
    let c = s.serve_config().unwrap();
    assert!(c.is_https());
    assert_eq!(
        c.trusted_proxies,
        vec!["10.0.0.5".parse::<std::net::IpAddr>().unwrap()]
    );
    assert_eq!(
        c.limits.login_per_user,
        FailureLimit {
            per_window: 5,
            minutes: 10
        }
    );
    assert_eq!(
        c.limits.login_per_client,
        Limits::default().login_per_client
    );
    assert_eq!(c.request_timeout, Duration::from_secs(30));
}

#[test]
fn the_environment_overrides_the_file_for_every_kind_of_key() {
    let s = Settings::from_toml(
        FILE,
        "gongkai.toml",
        env(&[
            ("GONGKAI_ADDRESS", "127.0.0.1:9000"),
            ("GONGKAI_TRUSTED_PROXIES", "127.0.0.1, ::1"),
            ("GONGKAI_DEMO", "true"),
            ("GONGKAI_LOG_LEVEL", "warn"),
            ("GONGKAI_TIMEOUTS_SHUTDOWN_SECONDS", "5"),
            ("GONGKAI_LIMITS_STATUS_PER_CLIENT_MINUTES", "60"),
            ("GONGKAI_LIMITS_LOGIN_PER_USER_PER_WINDOW", "3"),
        ]),
    )
    .unwrap();
    assert_eq!(s.address, "127.0.0.1:9000");
    assert_eq!(s.trusted_proxies, ["127.0.0.1", "::1"]);
    assert!(s.demo);
    assert_eq!(s.log.level, "warn");
    assert_eq!(
        s.log.format, "json",
        "a key the environment does not name keeps the file's value"
    );
    assert_eq!(s.timeouts.shutdown_seconds, 5);
    assert_eq!(s.limits.status_per_client.minutes, 60);
    assert_eq!(
        s.limits.login_per_user,
        FailureLimit {
            per_window: 3,
            minutes: 10
        }
    );
    // Every key has its variable.
    let names = Settings::env_names();
    assert!(names.contains(&(
        "GONGKAI_TIMEOUTS_HEADER_READ_SECONDS".into(),
        "timeouts.header_read_seconds".into()
    )));
    assert_eq!(names.len(), 20);
}

#[test]
fn unknown_keys_are_refused_with_their_line() {
    let e = Settings::from_toml(
        "address = \"127.0.0.1:1\"\n\n[log]\nformatt = \"json\"\n",
        "a.toml",
        env(&[]),
    )
    .unwrap_err();
    assert!(
        e.contains("a.toml") && e.contains("第 4 行") && e.contains("“formatt”"),
        "{e}"
    );
    assert!(e.contains("format、level"), "{e}");
    let e = Settings::from_toml("adress = \"127.0.0.1:1\"\n", "a.toml", env(&[])).unwrap_err();
    assert!(e.contains("第 1 行") && e.contains("“adress”"), "{e}");
}

#[test]
fn wrong_values_are_named() {
    type Vars<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(&str, Vars, &str)] = &[
        ("address = 8080\n", &[], "第 1 行"),
        ("address = \"localhost\"\n", &[], "address"),
        (
            "public_url = \"https://x.gov.cn/path\"\n",
            &[],
            "public_url",
        ),
        ("trusted_proxies = [\"nginx\"]\n", &[], "“nginx”"),
        ("[log]\nformat = \"xml\"\n", &[], "log.format"),
        (
            "[timeouts]\nrequest_seconds = 0\n",
            &[],
            "timeouts.request_seconds",
        ),
        (
            "[limits.login_per_user]\nper_window = 0\nminutes = 1\n",
            &[],
            "limits.login_per_user",
        ),
        (
            "address = \"127.0.0.1:1\"\naddress = \"127.0.0.1:2\"\n",
            &[],
            "第 2 行",
        ),
        (
            "",
            &[("GONGKAI_TIMEOUTS_BODY_SECONDS", "ten")],
            "GONGKAI_TIMEOUTS_BODY_SECONDS",
        ),
        ("", &[("GONGKAI_DEMO", "yes")], "GONGKAI_DEMO"),
        ("", &[("GONGKAI_LOG_LEVEL", "verbose")], "log.level"),
    ];
    for (text, vars, want) in cases {
        let e = Settings::from_toml(text, "a.toml", env(vars)).unwrap_err();
        assert!(e.contains(want), "{text:?} {vars:?}: {e}");
        assert!(!e.is_ascii(), "{e}");
    }
}

#[test]
fn the_shown_settings_hide_the_database_password_and_read_back() {
    let s = Settings::from_toml(FILE, "gongkai.toml", env(&[])).unwrap();
    let shown = s.to_toml_masked();
    assert!(
        !shown.contains("secret") && shown.contains("gongkai:***@db.internal"),
        "{shown}"
    );
    let back = Settings::from_toml(&shown, "shown", env(&[])).unwrap();
    assert_eq!(back.timeouts, s.timeouts);
    assert_eq!(mask_password("gongkai.db"), "gongkai.db");
    assert_eq!(mask_password("postgres://u@h/d"), "postgres://u@h/d");
}
