//! The audit log: append-only (the schema's triggers refuse UPDATE and DELETE). Each attempted
//! change is an entry written before EC2 or the accounts are touched, and an outcome written
//! after, as a row of its own.

use sqlx::{AnyPool, Row};

use super::database;
use crate::error::AccountError;
use crate::model::{ActivityPage, ActivityQuery, AuditEntry, Outcome, Role};

/// What is about to be done, by whom: the entry written before the change.
#[derive(Clone, Debug)]
pub struct Intent {
    pub user: String,
    pub role: Option<Role>,
    pub address: String,
    pub action: crate::model::Action,
    pub region: Option<String>,
    pub targets: Vec<String>,
    /// Before and after, as JSON.
    pub change: serde_json::Value,
}

#[derive(Clone, Debug)]
pub struct AuditLog {
    pool: AnyPool,
}

/// RFC 3339 in UTC, to the second.
fn rfc3339(ms: i64) -> String {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| ms.to_string())
}

impl AuditLog {
    pub(super) fn new(pool: AnyPool) -> Self {
        Self { pool }
    }

    /// Writes the intent; the change may go ahead only if this succeeded.
    pub async fn intent(&self, intent: &Intent) -> Result<i64, AccountError> {
        sqlx::query_scalar(
            "INSERT INTO audit_entries (at, \"user\", role, address, action, region, targets, change) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(super::now_ms())
        .bind(&intent.user)
        .bind(intent.role.map(Role::as_str))
        .bind(&intent.address)
        .bind(intent.action.as_str())
        .bind(&intent.region)
        .bind(serde_json::to_string(&intent.targets).unwrap_or_default())
        .bind(intent.change.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(write_failed)
    }

    /// Writes how the change of entry `id` ended, with the request ids of the EC2 calls it made.
    pub async fn outcome(&self, id: i64, outcome: &Outcome, ec2_request_ids: &[String]) -> Result<(), AccountError> {
        let (code, message) = match outcome {
            Outcome::Failure { code, message } => (Some(code.as_str()), Some(message.as_str())),
            _ => (None, None),
        };
        sqlx::query(
            "INSERT INTO audit_outcomes (entry_id, at, result, code, message, ec2_request_ids) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(super::now_ms())
        .bind(outcome.as_str())
        .bind(code)
        .bind(message)
        .bind(serde_json::to_string(ec2_request_ids).map_err(|e| AccountError::Database(e.to_string()))?)
        .execute(&self.pool)
        .await
        .map_err(write_failed)?;
        Ok(())
    }

    /// An event that is not a change (a sign-in, a sign-out): its entry and outcome at once.
    pub async fn event(&self, intent: &Intent, outcome: &Outcome) -> Result<(), AccountError> {
        let id = self.intent(intent).await?;
        self.outcome(id, outcome, &[]).await
    }

    /// One page of entries matching `query`, newest first.
    pub async fn page(&self, query: &ActivityQuery) -> Result<ActivityPage, AccountError> {
        let filters = Filters::of(query);
        let sql = format!(
            "SELECT COUNT(*) FROM audit_entries e LEFT JOIN audit_outcomes o ON o.entry_id = e.id{}",
            filters.sql
        );
        let mut count = sqlx::query_scalar(&sql);
        for value in &filters.values {
            count = count.bind(value);
        }
        let matching: i64 = count.fetch_one(&self.pool).await.map_err(database)?;
        let matching = usize::try_from(matching).unwrap_or(0);
        let pages = matching.div_ceil(ActivityQuery::PAGE_SIZE).max(1);
        let page = query.page.clamp(1, pages);
        let entries = self.entries(query, Some(page)).await?;
        Ok(ActivityPage { entries, page, pages, matching })
    }

    /// The entries matching `query`, newest first: one page of them, or all (`page` None).
    pub async fn entries(&self, query: &ActivityQuery, page: Option<usize>) -> Result<Vec<AuditEntry>, AccountError> {
        let filters = Filters::of(query);
        let mut sql = format!(
            "SELECT e.id, e.at, e.\"user\", e.role, e.address, e.action, e.region, e.targets, e.change, \
             o.result, o.code, o.message, o.ec2_request_ids \
             FROM audit_entries e LEFT JOIN audit_outcomes o ON o.entry_id = e.id{} ORDER BY e.id DESC",
            filters.sql
        );
        let size = i64::try_from(ActivityQuery::PAGE_SIZE).unwrap_or(50);
        if page.is_some() {
            let next = filters.values.len() + 1;
            sql.push_str(&format!(" LIMIT ${next} OFFSET ${}", next + 1));
        }
        let mut select = sqlx::query(&sql);
        for value in &filters.values {
            select = select.bind(value);
        }
        if let Some(page) = page {
            select = select.bind(size).bind(i64::try_from(page.saturating_sub(1)).unwrap_or(0) * size);
        }
        let rows = select.fetch_all(&self.pool).await.map_err(database)?;
        rows.iter().map(entry).collect::<Result<_, _>>().map_err(database)
    }
}

/// The WHERE clause of the Activity page's filters and the values of its `$1`, `$2`...
struct Filters {
    sql: String,
    values: Vec<String>,
}

impl Filters {
    fn of(query: &ActivityQuery) -> Self {
        let mut filters = Filters { sql: " WHERE 1 = 1".into(), values: Vec::new() };
        if !query.user.is_empty() {
            filters.push(" AND e.\"user\" = ", query.user.clone(), "");
        }
        // A group matches when it is one of the entry's targets, a JSON array of strings: the
        // group written as a JSON string is then in the array's text, and cannot be there
        // otherwise (its quotes are its own). replace() finds it alike in both databases,
        // case and all, with no wildcards to escape.
        if !query.group.is_empty() {
            let quoted = serde_json::to_string(&query.group).unwrap_or_default();
            filters.push(" AND replace(e.targets, ", quoted, ", '') <> e.targets");
        }
        if !query.action.is_empty() {
            filters.push(" AND e.action = ", query.action.clone(), "");
        }
        match query.outcome.as_str() {
            "success" | "failure" => filters.push(" AND o.result = ", query.outcome.clone(), ""),
            "unknown" => filters.sql.push_str(" AND o.result IS NULL"),
            _ => {}
        }
        filters
    }

    fn push(&mut self, before: &str, value: String, after: &str) {
        self.values.push(value);
        self.sql.push_str(&format!("{before}${}{after}", self.values.len()));
    }
}

fn entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry, sqlx::Error> {
    let decode = |e: serde_json::Error| sqlx::Error::Decode(e.into());
    let role: Option<String> = row.try_get("role")?;
    let result: Option<String> = row.try_get("result")?;
    let outcome = match result.as_deref() {
        Some("success") => Outcome::Success,
        Some(_) => Outcome::Failure {
            code: row.try_get::<Option<String>, _>("code")?.unwrap_or_default(),
            message: row.try_get::<Option<String>, _>("message")?.unwrap_or_default(),
        },
        None => Outcome::Unknown,
    };
    let ec2_request_ids: Option<String> = row.try_get("ec2_request_ids")?;
    Ok(AuditEntry {
        id: row.try_get("id")?,
        at: rfc3339(row.try_get("at")?),
        user: row.try_get("user")?,
        role: role.and_then(|r| r.parse().ok()),
        address: row.try_get("address")?,
        action: row.try_get("action")?,
        region: row.try_get("region")?,
        targets: serde_json::from_str(&row.try_get::<String, _>("targets")?).map_err(decode)?,
        change: serde_json::from_str(&row.try_get::<String, _>("change")?).map_err(decode)?,
        ec2_request_ids: match ec2_request_ids {
            Some(ids) => serde_json::from_str(&ids).map_err(decode)?,
            None => Vec::new(),
        },
        outcome,
    })
}

/// An audit entry that could not be written (so its change was not made): counted for
/// `/metrics`, where an operator watching the console sees it.
fn write_failed(error: sqlx::Error) -> AccountError {
    metrics::counter!("sg_audit_write_failures_total").increment(1);
    database(error)
}
