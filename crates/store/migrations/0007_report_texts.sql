-- The annual report as the office writes it: the prose of each of the six sections per year, and who last
-- changed it and when; the same for the 表二 figures, which come from outside the ledger.
CREATE TABLE report_sections (
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (year, number)
);
ALTER TABLE proactive ADD COLUMN updated_by TEXT;
ALTER TABLE proactive ADD COLUMN updated_at TEXT;
