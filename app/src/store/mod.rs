//! (ssr) The console's own state: accounts, failed sign-ins and the audit log, in the database
//! beside the sessions (SQLite in the data directory). Security groups are never stored: EC2 is
//! their only source of truth.
//!
//! The SQL is kept to what SQLite and PostgreSQL share where that costs nothing, so that a
//! PostgreSQL pool can replace this one without rewriting the queries' logic.

mod accounts;
mod audit;
mod limits;

use std::path::Path;

pub use accounts::{AccountRecord, Accounts, AccountsWriter};
pub use audit::{AuditLog, Intent};
pub use limits::{Locked, SignInLimits};

use sqlx::SqlitePool;

use crate::error::AccountError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};

/// The console's database.
#[derive(Clone, Debug)]
pub struct Database {
    pool: SqlitePool,
}

/// The schema, applied at every start: each statement is idempotent. `PRAGMA user_version` will
/// number later changes.
const SCHEMA: &str = r#"
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

CREATE TABLE IF NOT EXISTS sign_in_failures (
    at      INTEGER NOT NULL,
    name    TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sign_in_failures_at ON sign_in_failures (at);

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
"#;

impl Database {
    /// Opens (creating it if missing) the SQLite database at `path` and applies the schema.
    /// By path, not a `sqlite://` URL, which would misread `?`, `#` and `%` in a directory name.
    pub async fn open(path: &Path) -> Result<Self, String> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            // Sign-ins, sessions and the audit log write from many requests at once.
            .busy_timeout(std::time::Duration::from_secs(10));
        let pool =
            SqlitePool::connect_with(options).await.map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        sqlx::raw_sql(SCHEMA)
            .execute(&pool)
            .await
            .map_err(|e| format!("cannot prepare the database {}: {e}", path.display()))?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn accounts(&self) -> Accounts {
        Accounts::new(self.pool.clone())
    }

    pub fn audit(&self) -> AuditLog {
        AuditLog::new(self.pool.clone())
    }

    pub fn sign_in_limits(&self, limits: limits::Limits) -> SignInLimits {
        SignInLimits::new(self.pool.clone(), limits)
    }
}

/// A database failure, as the accounts' error (what the person is told stays general; the
/// message is for the log).
fn database(error: sqlx::Error) -> AccountError {
    AccountError::Database(error.to_string())
}

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

pub use limits::Limits;
