//! Durable state: every resource is one row of a SQLite file, written in one transaction per
//! accepted request before the answer goes out (WAL with `synchronous=FULL`, so a commit
//! survives kill -9 and power loss).

use std::collections::BTreeMap;
use std::path::Path;

use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::error::{Ec2Error, Result};
use crate::region::{Region, Stored};

pub struct Store {
    pool: SqlitePool,
    pub regions: BTreeMap<String, Region>,
}

impl Store {
    /// Opens the state file, creating it with `seed` when it does not exist yet. A file that
    /// exists but cannot be read, or is another program's database, is an error: it is never
    /// replaced.
    pub async fn open(
        path: &Path,
        seed: impl FnOnce() -> std::result::Result<Vec<Region>, String>,
    ) -> std::result::Result<Self, String> {
        if path.exists() {
            refuse_foreign(path).await?;
        }
        // The path as it is: a `sqlite://` URL would read `?`, `#` and `%` in it as URL syntax.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full);
        let pool =
            SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(|e| e.to_string())?;
        // Both tables or neither: a file with only some of them would look like another
        // program's to the next start.
        let mut tx = pool.begin().await.map_err(|e| e.to_string())?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS resource (region TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (region, id)) WITHOUT ROWID",
        )
        .execute(&mut *tx)
        .await
        .map_err(|e| e.to_string())?;
        sqlx::query("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            .execute(&mut *tx)
            .await
            .map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        let seeded: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'seeded'")
            .fetch_optional(&pool)
            .await
            .map_err(|e| e.to_string())?;
        let mut store = Self { pool, regions: BTreeMap::new() };
        if seeded.is_some() {
            store.load().await?;
        } else {
            store.replace_all(seed()?).await.map_err(|e| e.message)?;
        }
        Ok(store)
    }

    async fn load(&mut self) -> std::result::Result<(), String> {
        let rows = sqlx::query("SELECT region, id, body FROM resource")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| e.to_string())?;
        for row in rows {
            let region: String = row.get(0);
            let id: String = row.get(1);
            let body: String = row.get(2);
            let stored: Stored = serde_json::from_str(&body)
                .map_err(|e| format!("resource {id} in region {region} is unreadable: {e}"))?;
            self.regions.entry(region.clone()).or_insert_with(|| Region::new(&region)).load(&id, stored);
        }
        Ok(())
    }

    /// Writes every change made to `region` since the last commit, in one transaction.
    pub async fn commit(&mut self, region: &str) -> Result<()> {
        let Some(state) = self.regions.get_mut(region) else {
            return Ok(());
        };
        let changed = state.changed();
        if changed.is_empty() {
            return Ok(());
        }
        let rows: Vec<(String, Option<String>)> = changed
            .into_iter()
            .map(|id| {
                let body = state.row(&id).map(|row| to_json(&row));
                (id, body)
            })
            .collect();
        match write_rows(&self.pool, region, &rows).await {
            Ok(()) => {
                state.commit();
                Ok(())
            }
            Err(error) => {
                // Memory must not run ahead of the file: undo what could not be written.
                state.rollback();
                Err(error)
            }
        }
    }

    /// Undoes every change made to `region` since the last commit (a request that failed midway).
    pub fn rollback(&mut self, region: &str) {
        if let Some(state) = self.regions.get_mut(region) {
            state.rollback();
        }
    }

    /// Replaces all state with `regions` (first start, or a reset to a seed).
    pub async fn replace_all(&mut self, regions: Vec<Region>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(storage_error)?;
        sqlx::query("DELETE FROM resource").execute(&mut *tx).await.map_err(storage_error)?;
        for region in &regions {
            for id in region.all_ids() {
                if let Some(row) = region.row(&id) {
                    sqlx::query("INSERT INTO resource (region, id, body) VALUES (?, ?, ?)")
                        .bind(&region.name)
                        .bind(&id)
                        .bind(to_json(&row))
                        .execute(&mut *tx)
                        .await
                        .map_err(storage_error)?;
                }
            }
        }
        sqlx::query("INSERT OR REPLACE INTO meta (key, value) VALUES ('seeded', 'yes')")
            .execute(&mut *tx)
            .await
            .map_err(storage_error)?;
        tx.commit().await.map_err(storage_error)?;
        self.regions = regions
            .into_iter()
            .map(|mut r| {
                r.commit();
                (r.name.clone(), r)
            })
            .collect();
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

async fn write_rows(pool: &SqlitePool, region: &str, rows: &[(String, Option<String>)]) -> Result<()> {
    let mut tx = pool.begin().await.map_err(storage_error)?;
    for (id, body) in rows {
        let query = match body {
            Some(body) => sqlx::query("INSERT OR REPLACE INTO resource (region, id, body) VALUES (?, ?, ?)")
                .bind(region)
                .bind(id)
                .bind(body),
            None => sqlx::query("DELETE FROM resource WHERE region = ? AND id = ?").bind(region).bind(id),
        };
        query.execute(&mut *tx).await.map_err(storage_error)?;
    }
    tx.commit().await.map_err(storage_error)
}

fn to_json(row: &Stored) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string(row).unwrap_or_default()
}

fn storage_error(error: sqlx::Error) -> Ec2Error {
    tracing::error!(%error, "writing the state file failed");
    Ec2Error::new("InternalError", "An internal error has occurred: the state could not be saved.")
}

/// Refuses a SQLite file that holds tables but not ec2-local's, read-only so that nothing of it
/// changes (opening it for writing would already switch its journal to WAL).
async fn refuse_foreign(path: &Path) -> std::result::Result<(), String> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(|e| e.to_string())?;
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&pool)
        .await
        .map_err(|e| e.to_string())?;
    pool.close().await;
    if tables.is_empty() || tables.iter().any(|t| t == "meta") {
        Ok(())
    } else {
        Err("it is another program's SQLite database (it has tables, not ec2-local's); move it away or choose another path".into())
    }
}
