//! Accounts: names, roles, argon2id password hashes. Reading and signing in are open to the
//! server; changing an account takes an [`AccountsWriter`], which only the guard hands out.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use sqlx::{AnyPool, Row};

use super::database;
use crate::error::AccountError;
use crate::guard::Writer;
use crate::model::{Account, Role, check_password, check_user_name};

/// An account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    /// When the password was last set, in milliseconds since the epoch.
    pub password_changed_at: i64,
}

/// The read side of the accounts.
#[derive(Clone, Debug)]
pub struct Accounts {
    pool: AnyPool,
}

/// The columns [`record`] reads.
const COLUMNS: &str = "id, name, role, disabled, password_changed_at";

/// Names are unique whatever their case: SQLite's NOCASE column, PostgreSQL's index on lower().
const BY_NAME: &str = "lower(name) = lower($1)";

fn record(row: &sqlx::any::AnyRow) -> Result<AccountRecord, sqlx::Error> {
    let role: String = row.try_get("role")?;
    Ok(AccountRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: role.parse().map_err(|e: String| sqlx::Error::Decode(e.into()))?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        password_changed_at: row.try_get("password_changed_at")?,
    })
}

/// Hashes with argon2id and the argon2 crate's defaults (OWASP's recommended parameters:
/// 19 MiB, 2 passes, 1 lane), off the async threads: it takes tens of milliseconds on purpose.
async fn hash_password(password: String) -> Result<String, AccountError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await
    .map_err(|e| AccountError::Database(e.to_string()))?
    .map_err(|e| AccountError::Database(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches `hash`, checked off the async threads.
async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// A hash of a random password, checked when a name has no account, so that a wrong name takes
/// as long as a wrong password and the two cannot be told apart by timing.
fn decoy_hash() -> Option<String> {
    static DECOY: OnceLock<Option<String>> = OnceLock::new();
    DECOY
        .get_or_init(|| {
            let salt = SaltString::generate(&mut OsRng);
            let password = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_str().as_bytes(), &salt).ok().map(|h| h.to_string())
        })
        .clone()
}

impl Accounts {
    pub(super) fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    pub async fn by_id(&self, id: i64) -> Result<Option<AccountRecord>, AccountError> {
        let sql = format!("SELECT {COLUMNS} FROM accounts WHERE id = $1");
        self.find_one(sqlx::query(&sql).bind(id)).await
    }

    pub async fn by_name(&self, name: &str) -> Result<Option<AccountRecord>, AccountError> {
        let sql = format!("SELECT {COLUMNS} FROM accounts WHERE {BY_NAME}");
        self.find_one(sqlx::query(&sql).bind(name)).await
    }

    async fn find_one<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Option<AccountRecord>, AccountError> {
        let row = query.fetch_optional(&self.pool).await.map_err(database)?;
        row.as_ref().map(record).transpose().map_err(database)
    }

    /// Every account, by name.
    pub async fn list(&self) -> Result<Vec<Account>, AccountError> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM accounts ORDER BY lower(name)"))
            .fetch_all(&self.pool)
            .await
            .map_err(database)?;
        rows.iter()
            .map(|row| record(row).map(|r| Account { name: r.name, role: r.role, disabled: r.disabled }))
            .collect::<Result<_, _>>()
            .map_err(database)
    }

    pub async fn count(&self) -> Result<i64, AccountError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&self.pool).await.map_err(database)
    }

    /// The active account `name` signs in as with `password`, or `None`: an unknown name, a
    /// wrong password and a disabled account are not told apart, and take the same time.
    pub async fn verify(&self, name: &str, password: &str) -> Result<Option<AccountRecord>, AccountError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS}, password_hash FROM accounts WHERE {BY_NAME}"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await
            .map_err(database)?;
        let (account, hash) = match &row {
            Some(row) => {
                (Some(record(row).map_err(database)?), row.try_get::<String, _>("password_hash").map_err(database)?)
            }
            None => (None, decoy_hash().unwrap_or_default()),
        };
        let matches = verify_password(password.to_owned(), hash).await;
        Ok(account.filter(|a| matches && !a.disabled))
    }
}

/// The write side of the accounts. Making one takes the guard's [`Writer`], which only
/// `Guard::change` hands out, after it has checked the role and written the audit entry's intent.
pub struct AccountsWriter {
    pool: AnyPool,
}

/// The condition under which an admin account may stop being an active admin: another active
/// admin remains. One statement, so that two admins demoting each other at once cannot both win.
const ANOTHER_ACTIVE_ADMIN: &str =
    "(role <> 'admin' OR disabled = 1 OR (SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = 0) > 1)";

impl AccountsWriter {
    pub(crate) fn new(_granted: &Writer, pool: AnyPool) -> Self {
        Self { pool }
    }

    pub async fn add(&self, name: &str, password: &str, role: Role) -> Result<(), AccountError> {
        check_user_name(name).map_err(AccountError::Invalid)?;
        check_password(password).map_err(AccountError::Invalid)?;
        let hash = hash_password(password.to_owned()).await?;
        let result =
            sqlx::query("INSERT INTO accounts (name, password_hash, role, created_at) VALUES ($1, $2, $3, $4)")
                .bind(name)
                .bind(hash)
                .bind(role.as_str())
                .bind(super::now_ms())
                .execute(&self.pool)
                .await;
        match result {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AccountError::NameTaken(name.to_owned())),
            Err(e) => Err(database(e)),
        }
    }

    pub async fn set_role(&self, name: &str, role: Role) -> Result<(), AccountError> {
        let guard = if role == Role::Admin { "1 = 1" } else { ANOTHER_ACTIVE_ADMIN };
        let sql = format!("UPDATE accounts SET role = $2 WHERE {BY_NAME} AND {guard}");
        let result = sqlx::query(&sql).bind(name).bind(role.as_str()).execute(&self.pool).await.map_err(database)?;
        self.changed_one(name, result.rows_affected()).await
    }

    pub async fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), AccountError> {
        let guard = if disabled { ANOTHER_ACTIVE_ADMIN } else { "1 = 1" };
        let sql = format!("UPDATE accounts SET disabled = $2 WHERE {BY_NAME} AND {guard}");
        let result =
            sqlx::query(&sql).bind(name).bind(i64::from(disabled)).execute(&self.pool).await.map_err(database)?;
        self.changed_one(name, result.rows_affected()).await
    }

    pub async fn delete(&self, name: &str) -> Result<(), AccountError> {
        let sql = format!("DELETE FROM accounts WHERE {BY_NAME} AND {ANOTHER_ACTIVE_ADMIN}");
        let result = sqlx::query(&sql).bind(name).execute(&self.pool).await.map_err(database)?;
        self.changed_one(name, result.rows_affected()).await
    }

    pub async fn set_password(&self, name: &str, password: &str) -> Result<(), AccountError> {
        check_password(password).map_err(AccountError::Invalid)?;
        let hash = hash_password(password.to_owned()).await?;
        let sql = format!("UPDATE accounts SET password_hash = $2, password_changed_at = $3 WHERE {BY_NAME}");
        let result = sqlx::query(&sql)
            .bind(name)
            .bind(hash)
            .bind(super::now_ms())
            .execute(&self.pool)
            .await
            .map_err(database)?;
        self.changed_one(name, result.rows_affected()).await
    }

    /// Explains a change that touched no row: no such account, or it is the last active admin.
    async fn changed_one(&self, name: &str, rows: u64) -> Result<(), AccountError> {
        if rows > 0 {
            return Ok(());
        }
        match Accounts::new(self.pool.clone()).by_name(name).await? {
            None => Err(AccountError::UnknownUser(name.to_owned())),
            Some(_) => Err(AccountError::LastAdmin),
        }
    }
}
