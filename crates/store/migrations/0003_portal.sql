-- The public portal: what an applicant submits under 条例第二十九条 (personal data, kept apart from the ledger's
-- case row), and the agency's settings shown on every public page.
CREATE TABLE portal_requests (
    tracking TEXT PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
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
    submitted_at TEXT NOT NULL
);

CREATE TABLE agency_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
