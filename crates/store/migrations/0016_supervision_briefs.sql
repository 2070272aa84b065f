-- What the supervisor's pages need of each version of a report, computed when the version is stored (not
-- when a page is opened): its signing date and its 表三/表四 values, as JSON. And a counter of changes to the
-- supervision data (readings, corrections, diagnostics, units, 雷同 pairs), so that a server keeping every
-- report's facts in memory knows when to read them again — also when another server changed them.
-- New tables only; no existing row changes.
CREATE TABLE sv_briefs (
    report_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    brief TEXT NOT NULL,
    PRIMARY KEY (report_id, version),
    FOREIGN KEY (report_id, version) REFERENCES sv_versions (report_id, version) ON DELETE CASCADE
);
CREATE TABLE sv_generation (
    id INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO sv_generation (id, n) VALUES (1, 0);
