//! Failed sign-ins, limited per account and per client address over a window: enough per
//! address that a team behind one NAT address does not lock itself out after a few typos,
//! few enough per account that guessing one password is slow.

use std::time::Duration;

use sqlx::SqlitePool;

use super::database;
use crate::error::AccountError;

/// How many failures are allowed, and over how long.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { per_account: 5, per_address: 20, window: Duration::from_secs(15 * 60) }
    }
}

/// A sign-in refused before its password is checked, and how long until it may be tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Locked {
    pub retry_after: Duration,
    /// Whether the address's limit was hit (rather than the account's).
    pub by_address: bool,
}

#[derive(Clone, Debug)]
pub struct SignInLimits {
    pool: SqlitePool,
    limits: Limits,
}

impl SignInLimits {
    pub(super) fn new(pool: SqlitePool, limits: Limits) -> Self {
        Self { pool, limits }
    }

    /// Whether a sign-in as `name` from `address` must wait, and for how long.
    async fn check(&self, name: &str, address: &str) -> Result<Option<Locked>, AccountError> {
        let window_ms = i64::try_from(self.limits.window.as_millis()).unwrap_or(i64::MAX);
        let now = super::now_ms();
        let since = now - window_ms;
        // The oldest failure still counted: when it leaves the window, one more try is allowed.
        let wait_for = |count: i64, limit: u32, oldest: Option<i64>| -> Option<Duration> {
            (count >= i64::from(limit)).then(|| {
                let free_at = oldest.unwrap_or(now) + window_ms;
                Duration::from_millis(u64::try_from(free_at - now).unwrap_or(0).max(1000))
            })
        };
        // The Nth newest failure decides when the count drops below the limit again.
        let nth_newest = |column: &'static str, limit: u32| {
            let pool = self.pool.clone();
            let sql = format!(
                "SELECT COUNT(*), (SELECT at FROM sign_in_failures WHERE {column} = ?1 AND at > ?2 \
                 ORDER BY at DESC LIMIT 1 OFFSET ?3) FROM sign_in_failures WHERE {column} = ?1 AND at > ?2"
            );
            async move {
                sqlx::query_as::<_, (i64, Option<i64>)>(&sql)
                    .bind(if column == "name" { name } else { address })
                    .bind(since)
                    .bind(i64::from(limit) - 1)
                    .fetch_one(&pool)
                    .await
            }
        };
        let (account_count, account_oldest) = nth_newest("name", self.limits.per_account).await.map_err(database)?;
        let (address_count, address_oldest) = nth_newest("address", self.limits.per_address).await.map_err(database)?;
        let by_account = wait_for(account_count, self.limits.per_account, account_oldest);
        let by_address = wait_for(address_count, self.limits.per_address, address_oldest);
        Ok(match (by_account, by_address) {
            (None, None) => None,
            (account, address) => {
                let by_address = address.is_some() && address >= account;
                Some(Locked { retry_after: account.max(address).unwrap_or_default(), by_address })
            }
        })
    }

    /// Counts a sign-in attempt before its password is checked, so that attempts made at the same
    /// time cannot all slip under the limit. An attempt over the limit is not counted and answers
    /// how long to wait; one under it stays counted unless it succeeds ([`Self::clear_account`]).
    pub async fn attempt(&self, name: &str, address: &str) -> Result<Option<Locked>, AccountError> {
        let now = super::now_ms();
        let since = now - i64::try_from(self.limits.window.as_millis()).unwrap_or(i64::MAX);
        // Old attempts no longer count: forget them as new ones come.
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= ?")
            .bind(since)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        let id = sqlx::query("INSERT INTO sign_in_failures (at, name, address) VALUES (?, ?, ?)")
            .bind(now)
            .bind(name)
            .bind(address)
            .execute(&self.pool)
            .await
            .map_err(database)?
            .last_insert_rowid();
        let (by_name, by_address): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM sign_in_failures WHERE name = ?1 AND at > ?3), \
                    (SELECT COUNT(*) FROM sign_in_failures WHERE address = ?2 AND at > ?3)",
        )
        .bind(name)
        .bind(address)
        .bind(since)
        .fetch_one(&self.pool)
        .await
        .map_err(database)?;
        if by_name <= i64::from(self.limits.per_account) && by_address <= i64::from(self.limits.per_address) {
            return Ok(None);
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE rowid = ?")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        let window = self.limits.window;
        Ok(Some(self.check(name, address).await?.unwrap_or(Locked { retry_after: window, by_address: false })))
    }

    /// A successful sign-in clears the account's failures: they were its owner's typos, so they
    /// stop counting against the address too.
    pub async fn clear_account(&self, name: &str) -> Result<(), AccountError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE name = ?")
            .bind(name)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(())
    }
}
