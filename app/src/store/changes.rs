//! Telling the other replicas that the console changed a region, so that they forget their
//! snapshot of it at once rather than when its TTL runs out: PostgreSQL's NOTIFY and LISTEN.
//! On SQLite there is one process, and no one to tell.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::{Database, Native};
use crate::snapshot::Snapshots;

const CHANNEL: &str = "sg_console_changes";

impl Database {
    /// Tells the other replicas that the console changed `region`. A failure is only logged:
    /// they then see the change when their snapshot's TTL runs out.
    pub async fn announce_change(&self, region: &str) {
        let Native::Postgres(pool) = &self.native else { return };
        let notice = format!("{}:{region}", self.instance);
        if let Err(error) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(notice).execute(pool).await {
            tracing::warn!(%error, region, "could not tell the other replicas of a change");
        }
    }

    /// For as long as the process runs, forgets in `snapshots` each region another replica
    /// says it changed.
    pub fn follow_changes(&self, snapshots: Arc<Snapshots>) {
        let Native::Postgres(pool) = &self.native else { return };
        let (pool, own) = (pool.clone(), self.instance.to_string());
        tokio::spawn(async move {
            loop {
                let mut listener = match listen(&pool).await {
                    Ok(listener) => listener,
                    Err(error) => {
                        tracing::warn!(%error, "cannot listen for other replicas' changes; trying again");
                        tokio::time::sleep(Duration::from_secs(1)).await;
                        continue;
                    }
                };
                // Changes made while this replica was not listening are unknown.
                snapshots.forget_all();
                loop {
                    match listener.try_recv().await {
                        Ok(Some(notice)) => match notice.payload().split_once(':') {
                            Some((from, region)) if from != own => snapshots.forget(region),
                            _ => {}
                        },
                        // The connection was lost (the next call reconnects): notices may
                        // have been missed meanwhile.
                        Ok(None) => snapshots.forget_all(),
                        Err(error) => {
                            tracing::warn!(%error, "lost the other replicas' changes; listening again");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                            break;
                        }
                    }
                }
            }
        });
    }
}

async fn listen(pool: &sqlx::PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}
