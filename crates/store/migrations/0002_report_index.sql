-- A covering index for the year-end counts: one index scan answers them without touching the table.
CREATE INDEX applications_report ON applications (received, closed_on, applicant, outcome);
