-- Every row an agency owns carries the agency (agency_id, the id of its unit in the region tree) as the first
-- column of its primary key and of its foreign keys, so that each agency's rows are an index range, no query
-- can reach another agency's rows without naming it, and the tables can be distributed by agency (Citus:
-- distribute applications by agency_id, the others co-located with it). Shared rows stay as they were: the
-- calendar, rate limits, accounts and sessions, the region tree and supervision's tables, the audit log.
--
-- A database made by a single-agency build holds one agency's rows: they become the rows of the agency 'home',
-- the deployment's own agency (registered on the platform by the administrator when it joins one). The value is
-- no unit id ('u' and 12 hex digits), so it can never be mistaken for one. The platform's own settings are
-- those of agency ''.
--
-- SQLite cannot change a primary key in place: each table is built anew beside the old one, filled from it,
-- the old ones dropped (children first) and the new ones renamed (which carries the foreign keys with them).

CREATE TABLE applications_new (
    agency_id TEXT NOT NULL,
    id TEXT NOT NULL,
    applicant TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    channel TEXT NOT NULL,
    received TEXT NOT NULL,
    content TEXT NOT NULL,
    closed_on TEXT,
    outcome TEXT,
    due_on TEXT,
    clock TEXT,
    PRIMARY KEY (agency_id, id)
);
CREATE TABLE events_new (
    agency_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    withdrawn_at TEXT,
    withdrawn_by TEXT,
    withdrawn_reason TEXT,
    PRIMARY KEY (agency_id, application_id, seq),
    FOREIGN KEY (agency_id, application_id) REFERENCES applications_new (agency_id, id) ON DELETE CASCADE
);
CREATE TABLE reviews_new (
    agency_id TEXT NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    filed TEXT NOT NULL,
    concluded_on TEXT,
    result TEXT,
    application_id TEXT,
    PRIMARY KEY (agency_id, id),
    FOREIGN KEY (agency_id, application_id) REFERENCES applications_new (agency_id, id)
);
CREATE TABLE portal_requests_new (
    agency_id TEXT NOT NULL,
    tracking TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    applicant_kind TEXT NOT NULL,
    name TEXT NOT NULL,
    id_document TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    address TEXT NOT NULL,
    description TEXT NOT NULL,
    purpose TEXT NOT NULL,
    delivery_form TEXT NOT NULL,
    delivery_channel TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, tracking),
    FOREIGN KEY (agency_id, tracking) REFERENCES applications_new (agency_id, id) ON DELETE CASCADE
);
CREATE TABLE due_changes_new (
    agency_id TEXT NOT NULL,
    application_id TEXT NOT NULL,
    notice TEXT NOT NULL,
    old_due TEXT NOT NULL,
    new_due TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (agency_id, application_id, notice),
    FOREIGN KEY (agency_id, application_id) REFERENCES applications_new (agency_id, id) ON DELETE CASCADE
);
CREATE TABLE proactive_new (
    agency_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    data TEXT NOT NULL,
    updated_by TEXT,
    updated_at TEXT,
    PRIMARY KEY (agency_id, year)
);
CREATE TABLE report_sections_new (
    agency_id TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, year, number)
);
CREATE TABLE agency_settings_new (
    agency_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (agency_id, key)
);
CREATE TABLE cat_entries_new (
    agency_id TEXT NOT NULL,
    index_no TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    doc_no TEXT,
    written TEXT NOT NULL,
    published TEXT,
    withdrawn TEXT,
    topic TEXT NOT NULL,
    genre TEXT NOT NULL,
    kind TEXT NOT NULL,
    art20 INTEGER,
    mode TEXT NOT NULL,
    validity TEXT NOT NULL,
    validity_on TEXT,
    validity_by TEXT,
    amends TEXT,
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (agency_id, index_no),
    FOREIGN KEY (agency_id, amends) REFERENCES cat_entries_new (agency_id, index_no)
);
CREATE TABLE cat_attachments_new (
    agency_id TEXT NOT NULL,
    index_no TEXT NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    content BYTEA NOT NULL,
    PRIMARY KEY (agency_id, index_no, seq),
    FOREIGN KEY (agency_id, index_no) REFERENCES cat_entries_new (agency_id, index_no) ON DELETE CASCADE
);
CREATE TABLE cat_history_new (
    agency_id TEXT NOT NULL,
    index_no TEXT NOT NULL,
    at TEXT NOT NULL,
    by_user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);

INSERT INTO applications_new
    SELECT 'home', id, applicant, applicant_name, channel, received, content, closed_on, outcome, due_on, clock
    FROM applications;
INSERT INTO events_new
    SELECT 'home', application_id, seq, date, kind, data, withdrawn_at, withdrawn_by, withdrawn_reason FROM events;
INSERT INTO reviews_new
    SELECT 'home', id, kind, filed, concluded_on, result, application_id FROM reviews;
INSERT INTO portal_requests_new
    SELECT 'home', tracking, secret_hash, applicant_kind, name, id_document, phone, email, address, description,
        purpose, delivery_form, delivery_channel, submitted_at
    FROM portal_requests;
INSERT INTO due_changes_new
    SELECT 'home', application_id, notice, old_due, new_due, at FROM due_changes;
INSERT INTO proactive_new SELECT 'home', year, data, updated_by, updated_at FROM proactive;
INSERT INTO report_sections_new SELECT 'home', year, number, text, updated_by, updated_at FROM report_sections;
-- Supervision's own stamp belongs to the platform (agency ''), not to the agency.
INSERT INTO agency_settings_new
    SELECT CASE WHEN key = 'supervision_pairs_stamp' THEN '' ELSE 'home' END, key, value FROM agency_settings;
INSERT INTO cat_entries_new
    SELECT 'home', index_no, title, publisher, doc_no, written, published, withdrawn, topic, genre, kind, art20,
        mode, validity, validity_on, validity_by, amends, body, updated_by, updated_at
    FROM cat_entries;
INSERT INTO cat_attachments_new SELECT 'home', index_no, seq, name, mime, content FROM cat_attachments;
INSERT INTO cat_history_new SELECT 'home', index_no, at, by_user, action, detail FROM cat_history;

DROP TABLE events;
DROP TABLE reviews;
DROP TABLE portal_requests;
DROP TABLE due_changes;
DROP TABLE applications;
DROP TABLE proactive;
DROP TABLE report_sections;
DROP TABLE agency_settings;
DROP TABLE cat_attachments;
DROP TABLE cat_history;
DROP TABLE cat_entries;

ALTER TABLE applications_new RENAME TO applications;
ALTER TABLE events_new RENAME TO events;
ALTER TABLE reviews_new RENAME TO reviews;
ALTER TABLE portal_requests_new RENAME TO portal_requests;
ALTER TABLE due_changes_new RENAME TO due_changes;
ALTER TABLE proactive_new RENAME TO proactive;
ALTER TABLE report_sections_new RENAME TO report_sections;
ALTER TABLE agency_settings_new RENAME TO agency_settings;
ALTER TABLE cat_entries_new RENAME TO cat_entries;
ALTER TABLE cat_attachments_new RENAME TO cat_attachments;
ALTER TABLE cat_history_new RENAME TO cat_history;

-- The indexes of migrations 0002, 0009 and 0012, each now within an agency.
CREATE INDEX applications_report ON applications (agency_id, received, closed_on, applicant, outcome);
CREATE INDEX applications_open_received ON applications (agency_id, received, id) WHERE closed_on IS NULL;
CREATE INDEX applications_open_clock ON applications (agency_id, clock, due_on, id) WHERE closed_on IS NULL;
CREATE INDEX applications_closed ON applications (agency_id, closed_on, outcome, applicant)
    WHERE closed_on IS NOT NULL;
CREATE INDEX applications_received_id ON applications (agency_id, received, id);
CREATE INDEX cat_entries_written ON cat_entries (agency_id, written);
CREATE INDEX cat_entries_published ON cat_entries (agency_id, published);
CREATE INDEX cat_entries_topic ON cat_entries (agency_id, topic, published);
CREATE INDEX cat_history_entry ON cat_history (agency_id, index_no, at);
