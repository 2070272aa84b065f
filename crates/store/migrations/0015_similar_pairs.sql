-- 雷同 pairs, computed when reports are ingested (not on every page view): each pair of reports sharing prose
-- beyond boilerplate, each side's share of its own prose found in the other, and the shared passages (JSON).
-- A new table only; no existing row changes.
CREATE TABLE sv_pairs (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    same_unit INTEGER NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    share_a DOUBLE PRECISION NOT NULL,
    share_b DOUBLE PRECISION NOT NULL,
    passages TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX sv_pairs_similarity ON sv_pairs (similarity DESC);
