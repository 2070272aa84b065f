-- The statutory clock of each case, derived from its events with the official working-day calendar when they
-- are saved (like closed_on and outcome), so that the due list and the case list are answered by SQL over an
-- index instead of computing every open case's clock on each request. clock: running, paused, closed, or
-- unknown (the due date falls beyond the calendar's data); NULL until derived.
ALTER TABLE applications ADD COLUMN due_on TEXT;
ALTER TABLE applications ADD COLUMN clock TEXT;
CREATE INDEX applications_open_due ON applications (closed_on, due_on);
