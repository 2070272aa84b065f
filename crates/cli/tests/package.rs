//! The Debian package as IT staff use it: built with cargo-deb from the workspace, installed with dpkg, the
//! installed binary and configuration checked and started (as the service's user, from the installed
//! configuration) until /readyz answers, the systemd units verified, then purged — the configuration goes, the
//! database in /var/lib/gongkai stays (the cases are records the agency must keep; see docs/deploy.md).
//! Needs root, dpkg, systemd-analyze and cargo-deb (bash .ci/run installs it); it installs and purges the
//! package `gongkai` on the machine and deletes /var/lib/gongkai and /var/backups/gongkai — run it on a CI or
//! test machine only.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod serve_kit;
use serve_kit::*;

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn ok(program: &str, args: &[&str]) -> String {
    let out = run(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn mode_and_owner(path: &str) -> String {
    ok("stat", &["-c", "%a %U:%G", path]).trim().to_string()
}

#[test]
#[ignore = "installs a package: needs root, dpkg, systemd-analyze and cargo-deb (bash .ci/run provides them)"]
fn the_debian_package_installs_serves_and_purges_keeping_the_data() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out_dir = tempfile::tempdir().unwrap();
    // The binary the tests were built with (cargo-deb's release build is the same code, optimised).
    let built = Command::new("cargo")
        .current_dir(&workspace)
        .args([
            "deb",
            "-p",
            "gongkai",
            "--profile",
            "dev",
            "--no-build",
            "--fast",
            "-o",
        ])
        .arg(out_dir.path())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let deb = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb");
    let deb = deb.to_str().unwrap();
    let info = ok("dpkg-deb", &["--info", deb]);
    assert!(
        info.contains("Package: gongkai") && info.contains("adduser"),
        "{info}"
    );
    let files = ok("dpkg-deb", &["--contents", deb]);
    for f in [
        "./usr/bin/gongkai",
        "./etc/gongkai/gongkai.toml",
        "./usr/lib/systemd/system/gongkai.service",
        "./usr/lib/systemd/system/gongkai-backup.timer",
        "./usr/share/doc/gongkai/deploy.md",
    ] {
        assert!(files.contains(f), "{f} missing: {files}");
    }

    // A clean machine: no package, no data left by an earlier run of this test.
    let _ = run("dpkg", &["--purge", "gongkai"]);
    let _ = std::fs::remove_dir_all("/var/lib/gongkai");
    let _ = std::fs::remove_dir_all("/var/backups/gongkai");
    ok("dpkg", &["-i", deb]);
    assert!(ok("dpkg", &["-s", "gongkai"]).contains("Status: install ok installed"));
    assert_eq!(
        ok("dpkg-query", &["--control-show", "gongkai", "conffiles"]).trim(),
        "/etc/gongkai/gongkai.toml"
    );
    assert!(ok("getent", &["passwd", "gongkai"]).contains("/usr/sbin/nologin"));
    assert_eq!(mode_and_owner("/var/lib/gongkai"), "750 gongkai:gongkai");
    assert_eq!(
        mode_and_owner("/etc/gongkai/gongkai.toml"),
        "640 root:gongkai"
    );

    let version = ok("/usr/bin/gongkai", &["--version"]);
    assert!(version.starts_with("gongkai 0.1.0（提交 "), "{version}");
    let checked = ok(
        "/usr/bin/gongkai",
        &["config", "check", "/etc/gongkai/gongkai.toml"],
    );
    assert!(
        checked.contains("database = \"/var/lib/gongkai/gongkai.db\""),
        "{checked}"
    );

    // The units as systemd reads them: no warning at all.
    let verified = run(
        "systemd-analyze",
        &[
            "verify",
            "/usr/lib/systemd/system/gongkai.service",
            "/usr/lib/systemd/system/gongkai-backup.service",
            "/usr/lib/systemd/system/gongkai-backup.timer",
        ],
    );
    let said = String::from_utf8_lossy(&verified.stdout).into_owned()
        + &String::from_utf8_lossy(&verified.stderr);
    assert!(
        verified.status.success() && said.trim().is_empty(),
        "{said}"
    );
    let unit = std::fs::read_to_string("/usr/lib/systemd/system/gongkai.service").unwrap();
    assert!(unit.contains("ExecStart=/usr/bin/gongkai serve --config /etc/gongkai/gongkai.toml"));
    assert!(unit.contains("User=gongkai") && unit.contains("ProtectSystem=strict"));

    // The service's command, as its user, from the installed configuration (the port moved by the environment).
    let port = free_port();
    // setpriv executes the server itself (runuser would stand between it and the signal).
    let mut server = Command::new("setpriv")
        .args([
            "--reuid=gongkai",
            "--regid=gongkai",
            "--init-groups",
            "/usr/bin/gongkai",
            "serve",
            "--config",
            "/etc/gongkai/gongkai.toml",
        ])
        .env("GONGKAI_ADDRESS", format!("127.0.0.1:{port}"))
        .current_dir("/var/lib/gongkai")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let ready = loop {
        if let Some(r) = request(port, "GET", "/readyz", &[], "") {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the installed server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(ready.status, 200, "{}", ready.body);
    assert!(ready.body.contains("数据库可用"), "{}", ready.body);
    ok("kill", &["-TERM", &server.id().to_string()]);
    assert!(server.wait().unwrap().success());
    assert_eq!(
        mode_and_owner("/var/lib/gongkai/gongkai.db")
            .split(' ')
            .nth(1),
        Some("gongkai:gongkai")
    );

    // The nightly backup's command, as the timer's service runs it.
    let backup_unit =
        std::fs::read_to_string("/usr/lib/systemd/system/gongkai-backup.service").unwrap();
    let command = backup_unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart=/bin/sh -c '"))
        .and_then(|c| c.strip_suffix('\''))
        .expect("the backup command")
        .replace("%%", "%");
    ok(
        "setpriv",
        &[
            "--reuid=gongkai",
            "--regid=gongkai",
            "--init-groups",
            "/bin/sh",
            "-c",
            &command,
        ],
    );
    let backups: Vec<String> = std::fs::read_dir("/var/backups/gongkai")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        backups[0].starts_with("gongkai-") && backups[0].ends_with(".db"),
        "{backups:?}"
    );

    let purged = ok("dpkg", &["--purge", "gongkai"]);
    assert!(purged.contains("数据未删除"), "{purged}");
    assert!(!Path::new("/usr/bin/gongkai").exists());
    assert!(
        !Path::new("/etc/gongkai/gongkai.toml").exists(),
        "the conffile goes on purge"
    );
    assert!(
        Path::new("/var/lib/gongkai/gongkai.db").exists(),
        "the cases stay"
    );
    std::fs::remove_dir_all("/var/lib/gongkai").unwrap();
    let _ = std::fs::remove_dir_all("/var/backups/gongkai");
}
