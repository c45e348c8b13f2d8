//! Failed sign-ins, limited per account and per client address over a window: enough per
//! address that a team behind one NAT address does not lock itself out after a few typos,
//! few enough per account that guessing one password is slow.

use std::time::Duration;

use sqlx::AnyPool;

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
    pool: AnyPool,
    limits: Limits,
}

impl SignInLimits {
    pub(super) fn new(pool: AnyPool, limits: Limits) -> Self {
        Self { pool, limits }
    }

    /// Counts a sign-in attempt before its password is checked, so that attempts made at the same
    /// time cannot all slip under the limit. An attempt over the limit is not counted and answers
    /// how long to wait; one under it stays counted unless it succeeds ([`Self::clear_account`]).
    pub async fn attempt(&self, name: &str, address: &str) -> Result<Option<Locked>, AccountError> {
        let name = &name.to_lowercase();
        let now = super::now_ms();
        let window_ms = i64::try_from(self.limits.window.as_millis()).unwrap_or(i64::MAX);
        // Old attempts no longer count: forget them as new ones come.
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
            .bind(now - window_ms)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        let id: i64 =
            sqlx::query_scalar("INSERT INTO sign_in_failures (at, name, address) VALUES ($1, $2, $3) RETURNING id")
                .bind(now)
                .bind(name)
                .bind(address)
                .fetch_one(&self.pool)
                .await
                .map_err(database)?;
        let by_account = self.wait("name", name, self.limits.per_account, now, window_ms).await?;
        let by_address = self.wait("address", address, self.limits.per_address, now, window_ms).await?;
        if by_account.is_none() && by_address.is_none() {
            return Ok(None);
        }
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await
            .map_err(database)?;
        let retry_after = by_account.max(by_address).unwrap_or_default();
        Ok(Some(Locked { retry_after, by_address: by_address.is_some() && by_address >= by_account }))
    }

    /// How long attempts for `value` (in `column`: a name or an address) must wait, counting the
    /// one just recorded: nothing while at most `limit` are in the window; otherwise until the
    /// (limit + 1)-th newest leaves it, which leaves room for one more.
    async fn wait(
        &self,
        column: &'static str,
        value: &str,
        limit: u32,
        now: i64,
        window_ms: i64,
    ) -> Result<Option<Duration>, AccountError> {
        let sql = format!(
            "SELECT COUNT(*), (SELECT at FROM sign_in_failures WHERE {column} = $1 AND at > $2 \
             ORDER BY at DESC LIMIT 1 OFFSET $3) FROM sign_in_failures WHERE {column} = $1 AND at > $2"
        );
        let (count, deciding): (i64, Option<i64>) = sqlx::query_as(&sql)
            .bind(value)
            .bind(now - window_ms)
            .bind(i64::from(limit))
            .fetch_one(&self.pool)
            .await
            .map_err(database)?;
        Ok((count > i64::from(limit)).then(|| {
            let free_at = deciding.unwrap_or(now) + window_ms;
            Duration::from_millis(u64::try_from(free_at - now).unwrap_or(0).max(1000))
        }))
    }

    /// A successful sign-in clears the account's failures: they were its owner's typos, so they
    /// stop counting against the address too.
    pub async fn clear_account(&self, name: &str) -> Result<(), AccountError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE name = $1")
            .bind(name.to_lowercase())
            .execute(&self.pool)
            .await
            .map_err(database)?;
        Ok(())
    }
}
