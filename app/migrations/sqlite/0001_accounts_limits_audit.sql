-- The console's own tables. A database made before migrations existed already has them (every
-- CREATE here is IF NOT EXISTS), except sign_in_failures' id: that table only counts recent
-- failures, so it is made anew.
CREATE TABLE IF NOT EXISTS accounts (
    -- AUTOINCREMENT: a deleted account's id is never given to a new one, whose sessions it names.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    -- Sessions signed in before this are over (a new password ends them).
    password_changed_at INTEGER NOT NULL DEFAULT 0,
    role          TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL
);

DROP TABLE IF EXISTS sign_in_failures;
CREATE TABLE sign_in_failures (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    -- Lower case, so that Alice and alice count together.
    name    TEXT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);

-- The audit log: an entry is written before the change is tried, its outcome after, as a row
-- of its own, so that neither is ever updated. Triggers refuse every UPDATE and DELETE.
CREATE TABLE IF NOT EXISTS audit_entries (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user    TEXT NOT NULL,
    role    TEXT,
    address TEXT NOT NULL,
    action  TEXT NOT NULL,
    region  TEXT,
    targets TEXT NOT NULL,
    change  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_outcomes (
    entry_id        INTEGER PRIMARY KEY REFERENCES audit_entries (id),
    at              INTEGER NOT NULL,
    result          TEXT NOT NULL CHECK (result IN ('success', 'failure')),
    code            TEXT,
    message         TEXT,
    ec2_request_ids TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_entries_append_only_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_entries_append_only_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_outcomes_append_only_update BEFORE UPDATE ON audit_outcomes
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_outcomes_append_only_delete BEFORE DELETE ON audit_outcomes
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
