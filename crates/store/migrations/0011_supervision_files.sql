-- The documents as read, so that a supervisor sees a report's problems next to the document itself (the PDF
-- page with the cell's box, the HTML or DOCX table with its cell, the text line). Keyed by the document's hash.
-- BYTEA is PostgreSQL's binary type; SQLite keeps the bytes as a BLOB under any declared type.
CREATE TABLE sv_files (
    hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    content BYTEA NOT NULL
);
