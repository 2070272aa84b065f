-- The proactive disclosure catalogue (政府信息公开目录): one row per piece of government information, keyed by
-- its 索引号 (unique per agency: one database is one agency), with its lifecycle; the attachments; and the
-- history of every change (who, when, what).
CREATE TABLE cat_entries (
    index_no TEXT PRIMARY KEY,
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
    amends TEXT REFERENCES cat_entries (index_no),
    body TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cat_entries_written ON cat_entries (written);
CREATE INDEX cat_entries_published ON cat_entries (published);
CREATE INDEX cat_entries_topic ON cat_entries (topic, published);
CREATE TABLE cat_attachments (
    index_no TEXT NOT NULL REFERENCES cat_entries (index_no) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    content BYTEA NOT NULL,
    PRIMARY KEY (index_no, seq)
);
CREATE TABLE cat_history (
    index_no TEXT NOT NULL,
    at TEXT NOT NULL,
    by_user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX cat_history_entry ON cat_history (index_no, at);
