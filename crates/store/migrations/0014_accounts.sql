-- Accounts managed on the web: an office head or administrator disables an account (its sessions end, it can
-- no longer log in) and hands out generated passwords that must be changed at the first login.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;
