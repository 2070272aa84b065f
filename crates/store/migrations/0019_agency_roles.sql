-- Roles per agency: a member of a disclosure office (staff, office head) holds the role in each agency they
-- work for; the role on `users` stays the platform's (supervisor, admin) or the last one given. Every office
-- account of a single-agency database becomes a member of that agency (the home agency) in its role.
CREATE TABLE user_agencies (
    username TEXT NOT NULL REFERENCES users (username) ON DELETE CASCADE,
    agency_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (username, agency_id)
);
CREATE INDEX user_agencies_agency ON user_agencies (agency_id, username);
INSERT INTO user_agencies (username, agency_id, role)
    SELECT username, 'home', role FROM users WHERE role IN ('staff', 'office_head');

-- The agency a session works in (one login serves all of a user's agencies; the switcher changes it).
ALTER TABLE sessions ADD COLUMN agency_id TEXT NOT NULL DEFAULT 'home';

-- Each line of the audit log belongs to the agency whose data was seen or changed (its office head reads it);
-- the lines written before are the home agency's.
ALTER TABLE audit_log ADD COLUMN agency_id TEXT NOT NULL DEFAULT 'home';
CREATE INDEX audit_log_agency ON audit_log (agency_id, at);
