-- Supervision: every unit's published reports, kept with their readings and corrections. A report is one
-- unit's report for one year; each reading of a document (and each correction) is a version of it, with every
-- cell in its state, the sections' text and the diagnostics of that version. A document is known by the
-- SHA-256 of its bytes, so that the same file ingested again changes nothing.
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    region TEXT NOT NULL,
    office TEXT NOT NULL,
    inferred INTEGER NOT NULL
);
CREATE TABLE unit_aliases (
    alias TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE
);
CREATE TABLE sv_reports (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id),
    year INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    UNIQUE (unit_id, year)
);
CREATE TABLE sv_documents (
    hash TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    report_id TEXT REFERENCES sv_reports (id),
    failure TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE sv_versions (
    report_id TEXT NOT NULL REFERENCES sv_reports (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL,
    document_hash TEXT REFERENCES sv_documents (hash),
    format TEXT,
    title TEXT,
    data TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (report_id, version)
);
CREATE TABLE sv_cells (
    report_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col INTEGER NOT NULL,
    col_key TEXT NOT NULL,
    state TEXT NOT NULL,
    value TEXT,
    candidates TEXT,
    corrected INTEGER NOT NULL,
    PRIMARY KEY (report_id, version, tbl, row_key, col),
    FOREIGN KEY (report_id, version) REFERENCES sv_versions (report_id, version) ON DELETE CASCADE
);
CREATE TABLE sv_diagnostics (
    report_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    tbl TEXT,
    row_key TEXT,
    col_key TEXT,
    PRIMARY KEY (report_id, version, seq),
    FOREIGN KEY (report_id, version) REFERENCES sv_versions (report_id, version) ON DELETE CASCADE
);
CREATE TABLE sv_corrections (
    report_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL,
    col INTEGER NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (report_id, version, tbl, row_key, col)
);
