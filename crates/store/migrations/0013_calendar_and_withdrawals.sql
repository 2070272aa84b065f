-- Holiday notices added after a release (the office head pastes the State Council's notice): the text as
-- pasted, its number, who added it and when. The calendar is the shipped data plus these, in order.
CREATE TABLE calendar_notices (
    number TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    text TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Cases whose due date a newly added notice moved earlier, shown on the dashboard.
CREATE TABLE due_changes (
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    notice TEXT NOT NULL,
    old_due TEXT NOT NULL,
    new_due TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (application_id, notice)
);

-- A step recorded by mistake is withdrawn, never deleted: who, when and why stay with it.
ALTER TABLE events ADD COLUMN withdrawn_at TEXT;
ALTER TABLE events ADD COLUMN withdrawn_by TEXT;
ALTER TABLE events ADD COLUMN withdrawn_reason TEXT;
