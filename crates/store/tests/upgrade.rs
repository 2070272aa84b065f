//! Upgrades keep every row: each fixture in tests/fixtures/upgrade is the database a released build left after
//! ordinary use (made by make-fixture.sh with that build; README.md there says which). Opened by this build it is
//! migrated to the current schema, and every row of every table it had is still there with the same values in
//! the columns it had — on SQLite (the file) and on PostgreSQL (the plain SQL dump loaded into an empty schema).

use gongkai_store::Store;
use sqlx::{AnyPool, AssertSqlSafe, Row};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn fixtures(extension: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    found.sort();
    assert!(
        !found.is_empty(),
        "no .{extension} fixture in {}",
        dir.display()
    );
    found
}

/// Per table (the migrations' own table aside): its columns and every row's values as text, sorted.
type Snapshot = BTreeMap<String, (Vec<String>, Vec<String>)>;

async fn strings(pool: &AnyPool, sql: &str) -> Vec<String> {
    sqlx::query(AssertSqlSafe(sql.to_string()))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| r.try_get::<String, _>(0).unwrap())
        .collect()
}

/// The rows of `table` in `columns`, as text (NULL distinct from the text 'NULL').
async fn rows(pool: &AnyPool, sqlite: bool, table: &str, columns: &[String]) -> Vec<String> {
    let cells: Vec<String> = columns
        .iter()
        .map(|c| {
            if sqlite {
                format!("quote(\"{c}\")")
            } else {
                format!("coalesce(quote_literal(\"{c}\"::text), 'NULL')")
            }
        })
        .collect();
    let sep = if sqlite {
        " || char(31) || "
    } else {
        " || chr(31) || "
    };
    let mut out = strings(
        pool,
        &format!("SELECT {} FROM \"{table}\"", cells.join(sep)),
    )
    .await;
    out.sort();
    out
}

async fn snapshot(pool: &AnyPool, sqlite: bool) -> Snapshot {
    let tables = if sqlite {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name"
    } else {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
         AND table_name <> '_sqlx_migrations' ORDER BY 1"
    };
    let mut out = Snapshot::new();
    for table in strings(pool, tables).await {
        let columns = if sqlite {
            strings(
                pool,
                &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
            )
            .await
        } else {
            strings(
                pool,
                &format!(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = \
                     current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
                ),
            )
            .await
        };
        let values = rows(pool, sqlite, &table, &columns).await;
        out.insert(table, (columns, values));
    }
    out
}

/// Opens the fixture's database with this build and checks that `before` is all still there.
/// Returns the schema version it was migrated to.
async fn upgrade_keeps(db: &str, before: &Snapshot, sqlite: bool, name: &str) -> i64 {
    for table in [
        "applications",
        "events",
        "reviews",
        "users",
        "api_tokens",
        "audit_log",
        "cat_entries",
        "sv_reports",
        "sv_cells",
    ] {
        assert!(
            before.get(table).is_some_and(|(_, r)| !r.is_empty()),
            "{name}: the fixture should have rows in {table}"
        );
    }
    let store = Store::open(db)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let (applied, expected) = store.schema_versions().await.unwrap();
    assert_eq!(applied, expected, "{name}: migrated to the current schema");
    for (table, (columns, old)) in before {
        let now = rows(store.pool(), sqlite, table, columns).await;
        assert_eq!(now.len(), old.len(), "{name}: rows of {table}");
        assert!(now == *old, "{name}: values of {table} changed");
    }
    // And the ledger reads them.
    let cases = store.applications(false).await.unwrap();
    assert_eq!(cases.len(), before["applications"].1.len(), "{name}");
    store.pool().close().await;
    expected
}

#[tokio::test]
async fn every_sqlite_fixture_upgrades_keeping_every_row() {
    sqlx::any::install_default_drivers();
    let (mut versions, mut expected) = (Vec::new(), 0);
    for fixture in fixtures("sqlite") {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("upgraded.db");
        std::fs::copy(&fixture, &db).unwrap();
        let url = format!("sqlite://{}", db.display());
        let pool = AnyPool::connect(&url).await.unwrap();
        let before = snapshot(&pool, true).await;
        versions.push(
            sqlx::query("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(&pool)
                .await
                .unwrap()
                .try_get::<i64, _>(0)
                .unwrap(),
        );
        pool.close().await;
        expected = upgrade_keeps(db.to_str().unwrap(), &before, true, &name).await;
    }
    // At least one fixture is older than this build's schema, so that a migration really runs.
    assert!(
        versions.iter().any(|v| *v < expected),
        "{versions:?} against {expected}"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL: set GONGKAI_TEST_PG_URL (bash .ci/run does)"]
async fn every_postgresql_fixture_upgrades_keeping_every_row() {
    let url = std::env::var("GONGKAI_TEST_PG_URL").expect("GONGKAI_TEST_PG_URL");
    sqlx::any::install_default_drivers();
    for fixture in fixtures("sql") {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        // psql's meta-commands (pg_dump's \restrict lines) are not SQL.
        let dump: String = std::fs::read_to_string(&fixture)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('\\'))
            .map(|l| format!("{l}\n"))
            .collect();
        // One connection: the dump empties its search path.
        let pool = sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .unwrap();
        sqlx::raw_sql(AssertSqlSafe("DROP SCHEMA IF EXISTS public CASCADE"))
            .execute(&pool)
            .await
            .unwrap();
        sqlx::raw_sql(AssertSqlSafe(dump))
            .execute(&pool)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        pool.close().await;
        let pool = AnyPool::connect(&url).await.unwrap();
        let before = snapshot(&pool, false).await;
        pool.close().await;
        upgrade_keeps(&url, &before, false, &name).await;
    }
}

/// Migrations that change or remove existing rows, each with the test that shows what it does to them.
const REWRITING: &[(&str, &str)] = &[(
    "0018_agency_keys.sql",
    "agency_keys_give_every_old_row_to_the_home_agency",
)];

/// The tables migration 0018 rebuilt with the agency first in their keys.
const AGENCY_TABLES: &[&str] = &[
    "applications",
    "events",
    "reviews",
    "portal_requests",
    "due_changes",
    "proactive",
    "report_sections",
    "agency_settings",
    "cat_entries",
    "cat_attachments",
    "cat_history",
];

#[tokio::test]
async fn agency_keys_give_every_old_row_to_the_home_agency() {
    sqlx::any::install_default_drivers();
    for fixture in fixtures("sqlite") {
        let name = fixture.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("upgraded.db");
        std::fs::copy(&fixture, &db).unwrap();
        let store = Store::open(db.to_str().unwrap()).await.unwrap();
        assert_eq!(store.agency_id(), gongkai_store::HOME_AGENCY);
        for table in AGENCY_TABLES {
            let owners = strings(
                store.pool(),
                &format!("SELECT DISTINCT agency_id FROM {table} WHERE agency_id <> ''"),
            )
            .await;
            assert!(
                owners.is_empty() || owners == ["home"],
                "{name}: owners of the rows of {table}: {owners:?}"
            );
        }
        // Supervision's stamp of its similar pairs is the platform's (agency ''); nothing else is.
        let platform = strings(
            store.pool(),
            "SELECT key FROM agency_settings WHERE agency_id = ''",
        )
        .await;
        assert!(
            platform.is_empty() || platform == ["supervision_pairs_stamp"],
            "{name}: {platform:?}"
        );
        for table in ["applications", "events", "cat_entries", "agency_settings"] {
            let home = strings(
                store.pool(),
                &format!("SELECT CAST(COUNT(*) AS TEXT) FROM {table} WHERE agency_id = 'home'"),
            )
            .await;
            assert_ne!(home, ["0"], "{name}: {table} has the home agency's rows");
        }
        // Migration 0019: every office account works in the home agency in its role; others in none.
        assert_eq!(
            store.roles_of("office").await.unwrap(),
            [("home".to_string(), "office_head".to_string())],
            "{name}"
        );
        assert!(
            store.roles_of("supervisor").await.unwrap().is_empty(),
            "{name}"
        );
        // The home agency's view reads the cases, catalogue and settings; another agency's view none of them.
        let home = store.applications(false).await.unwrap();
        assert!(!home.is_empty(), "{name}");
        let other = store.for_agency("u000000000000");
        assert!(
            other.applications(false).await.unwrap().is_empty(),
            "{name}"
        );
        assert!(other.all_entries().await.unwrap().is_empty(), "{name}");
        assert!(other.settings().await.unwrap().is_empty(), "{name}");
        assert!(!store.all_entries().await.unwrap().is_empty(), "{name}");
        assert_eq!(
            store
                .settings()
                .await
                .unwrap()
                .get("name")
                .map(String::as_str),
            Some("示例市示例局"),
            "{name}"
        );
        store.pool().close().await;
    }
}

#[test]
fn no_migration_rewrites_data_without_a_test() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let sql: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .map(|l| l.split("--").next().unwrap_or("").to_uppercase() + " ")
            .collect();
        let words: Vec<&str> = sql.split_whitespace().collect();
        let rewrites = words.windows(3).any(|w| {
            matches!(
                w,
                ["DELETE", "FROM", _] | ["DROP", "TABLE", _] | ["DROP", "COLUMN", _]
            ) || (w[0] == "UPDATE" && w[2] == "SET")
                || (w[0] == "ALTER" && w[2].starts_with("TYPE"))
        });
        if rewrites {
            assert!(
                REWRITING.iter().any(|(m, _)| *m == name),
                "{name} changes existing rows: add a test of what it does to them and list it in REWRITING"
            );
        }
        checked += 1;
    }
    assert!(checked >= 14, "{checked} migrations read");
}
