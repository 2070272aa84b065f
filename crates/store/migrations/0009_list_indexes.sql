-- Indexes for the case list at a million cases. The open cases (a few per cent of the ledger) get partial
-- indexes, so that the due list, its counts and the open cases by receipt never read the closed ones; the
-- closed cases get one of their own (used by the report's cell lists and the closed-case searches). No index
-- covers both, so that the planner cannot pick a whole-table one for a question about open cases. All cases by
-- receipt with the case number, so that the newest page needs no sort.
DROP INDEX applications_closed_on;
DROP INDEX applications_open_due;
DROP INDEX applications_received;
CREATE INDEX applications_open_received ON applications (received, id) WHERE closed_on IS NULL;
CREATE INDEX applications_open_clock ON applications (clock, due_on, id) WHERE closed_on IS NULL;
CREATE INDEX applications_closed ON applications (closed_on, outcome, applicant) WHERE closed_on IS NOT NULL;
CREATE INDEX applications_received_id ON applications (received, id);
