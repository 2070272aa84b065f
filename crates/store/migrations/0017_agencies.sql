-- The platform's agencies (tenants): each is a unit of the supervision region tree (its name, region and
-- supervising office live there) with its 统一社会信用代码, its short name and optionally its own host name.
-- The unit's id is the agency's key: the rows an agency owns will carry it (and can be distributed by it).
-- A new table only; no existing row changes.
CREATE TABLE agencies (
    unit_id TEXT PRIMARY KEY REFERENCES units (id),
    code TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    host TEXT UNIQUE,
    created_at TEXT NOT NULL
);
