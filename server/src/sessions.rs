//! Sessions, kept in the console's database (SQLite or PostgreSQL), so that a restart signs no
//! one out and every replica knows every session. tower-sessions-sqlx-store has a store per
//! database; this is whichever the console's database is.

use app::store::{Database, Native};
use async_trait::async_trait;
use tower_sessions::ExpiredDeletion;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store in `db`, its table made if missing.
    pub async fn open(db: &Database) -> std::result::Result<Self, String> {
        let cannot = |e: sqlx::Error| format!("cannot prepare the session store: {e}");
        Ok(match db.native() {
            Native::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await.map_err(cannot)?;
                Sessions::Sqlite(store)
            }
            Native::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await.map_err(cannot)?;
                Sessions::Postgres(store)
            }
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
