//! (ssr) The console's own state: accounts, failed sign-ins, the audit log and (in the server)
//! sessions, in SQLite in the data directory or in PostgreSQL (`--database-url`), where several
//! replicas share them. Security groups are never stored: EC2 is their only source of truth.
//!
//! One set of queries serves both databases through sqlx's Any driver: placeholders are `$1`,
//! `$2`... (both read them), integers are i64, and nothing is left to a dialect.

mod accounts;
mod audit;
mod changes;
mod limits;

use std::path::Path;
use std::str::FromStr;

pub use accounts::{AccountRecord, Accounts, AccountsWriter};
pub use audit::{AuditLog, Intent};
pub use limits::{Locked, SignInLimits};

use sqlx::any::AnyPoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};
use sqlx::{AnyPool, ConnectOptions};

use crate::error::AccountError;

/// The console's database.
#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    native: Native,
    /// This process among the replicas, so that it can tell its own change notices.
    instance: u64,
}

/// The same database through its own driver: for the session store, whose crate has one store
/// per database, and for PostgreSQL's LISTEN.
#[derive(Clone, Debug)]
pub enum Native {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Sign-ins, sessions and the audit log write from many requests at once: a writer waits this
/// long for SQLite's lock.
const SQLITE_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

impl Database {
    /// Opens (creating it if missing) the SQLite database at `path` and migrates it. By path,
    /// not a `sqlite://` URL typed by hand, which would misread `?`, `#` and `%` in a directory
    /// name.
    pub async fn open(path: &Path) -> Result<Self, String> {
        let cannot = |e: sqlx::Error| format!("cannot open {}: {e}", path.display());
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT);
        sqlx::any::install_default_drivers();
        // The native pool creates the file and turns on WAL (kept in the file); the Any pool
        // opens it by the URL sqlx writes for these options (foreign keys on, as by default),
        // with the same timeout.
        let native = SqlitePool::connect_with(options.clone()).await.map_err(cannot)?;
        let url = options.to_url_lossy().to_string();
        let pool = AnyPoolOptions::new()
            .after_connect(|connection, _| {
                Box::pin(async move {
                    let pragma = format!("PRAGMA busy_timeout = {}", SQLITE_BUSY_TIMEOUT.as_millis());
                    sqlx::Executor::execute(&mut *connection, pragma.as_str()).await.map(drop)
                })
            })
            .connect(&url)
            .await
            .map_err(cannot)?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .map_err(|e| format!("cannot migrate the database {}: {e}", path.display()))?;
        Ok(Self::new(pool, Native::Sqlite(native)))
    }

    /// Connects to the PostgreSQL database at `url` (`postgres://user:password@host/database`)
    /// and migrates it; replicas may start at once (sqlx's migrations take a lock).
    pub async fn connect(url: &str) -> Result<Self, String> {
        let options = PgConnectOptions::from_str(url).map_err(|e| format!("--database-url is not usable: {e}"))?;
        // Named without the URL, which may hold a password.
        let cannot = |e: sqlx::Error| format!("cannot connect to PostgreSQL: {e}");
        sqlx::any::install_default_drivers();
        let native = PgPoolOptions::new().connect_with(options).await.map_err(cannot)?;
        let pool = AnyPoolOptions::new().connect(url).await.map_err(cannot)?;
        sqlx::migrate!("migrations/postgres")
            .run(&pool)
            .await
            .map_err(|e| format!("cannot migrate the PostgreSQL database: {e}"))?;
        Ok(Self::new(pool, Native::Postgres(native)))
    }

    fn new(pool: AnyPool, native: Native) -> Self {
        Self { pool, native, instance: rand::random() }
    }

    /// Whether the database answers a query (`/readyz`).
    pub async fn ping(&self) -> Result<(), AccountError> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(drop).map_err(database)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn native(&self) -> &Native {
        &self.native
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
