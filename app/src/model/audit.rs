//! The audit log as the Activity page shows it: entries, what was done, and how it ended.

use serde::{Deserialize, Serialize};

use super::account::Role;

/// Everything the audit log records. Changes to EC2 or to accounts need a role, which the guard
/// checks; sign-ins and sign-outs are recorded by the sign-in handlers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    SignIn,
    SignInFailed,
    SignOut,
    UserAdd,
    UserSetRole,
    UserDisable,
    UserDelete,
    UserPassword,
    /// Saving the rule editor: rules added, changed and removed in one direction.
    RulesEdit,
    /// Rules deleted from a rules tab.
    RulesDelete,
    /// Tags of a group or of rules added, changed or removed.
    TagsEdit,
    /// A group created (or copied), with its rules and tags.
    GroupCreate,
    /// A group deleted, after the rules naming it, when the person chose to revoke them.
    GroupDelete,
    /// The groups of an instance's network interface replaced.
    InstanceGroups,
    /// A launch template version made with other groups (and perhaps made the default).
    TemplateVersion,
}

impl Action {
    pub const ALL: [Action; 15] = [
        Action::SignIn,
        Action::SignInFailed,
        Action::SignOut,
        Action::UserAdd,
        Action::UserSetRole,
        Action::UserDisable,
        Action::UserDelete,
        Action::UserPassword,
        Action::RulesEdit,
        Action::RulesDelete,
        Action::TagsEdit,
        Action::GroupCreate,
        Action::GroupDelete,
        Action::InstanceGroups,
        Action::TemplateVersion,
    ];

    /// The name stored in the log and used in filters and the JSON Lines download.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::SignIn => "sign-in",
            Action::SignInFailed => "sign-in-failed",
            Action::SignOut => "sign-out",
            Action::UserAdd => "user-add",
            Action::UserSetRole => "user-set-role",
            Action::UserDisable => "user-disable",
            Action::UserDelete => "user-delete",
            Action::UserPassword => "user-password",
            Action::RulesEdit => "rules-edit",
            Action::RulesDelete => "rules-delete",
            Action::TagsEdit => "tags-edit",
            Action::GroupCreate => "group-create",
            Action::GroupDelete => "group-delete",
            Action::InstanceGroups => "instance-groups",
            Action::TemplateVersion => "template-version",
        }
    }

    pub fn parse(value: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// The role a change needs. `None` for the events of signing in and out, which are not
    /// changes anyone is permitted to make but facts the log keeps.
    pub fn needs(self) -> Option<Role> {
        match self {
            Action::SignIn | Action::SignInFailed | Action::SignOut => None,
            Action::UserAdd
            | Action::UserSetRole
            | Action::UserDisable
            | Action::UserDelete
            | Action::UserPassword
            | Action::GroupDelete => Some(Role::Admin),
            Action::RulesEdit
            | Action::RulesDelete
            | Action::TagsEdit
            | Action::GroupCreate
            | Action::InstanceGroups
            | Action::TemplateVersion => Some(Role::Editor),
        }
    }
}

/// How an attempted change ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Outcome {
    Success,
    /// Refused or failed: EC2's error code and message, or the console's own.
    Failure {
        code: String,
        message: String,
    },
    /// The intent was written but no outcome was: the console stopped while the change ran.
    Unknown,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure { .. } => "failure",
            Outcome::Unknown => "unknown",
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// When the intent was written, RFC 3339 in UTC.
    pub at: String,
    /// Who acted (for a failed sign-in, the name that was tried).
    pub user: String,
    /// Their role at the time; none for a failed sign-in.
    pub role: Option<Role>,
    /// The client's address.
    pub address: String,
    pub action: String,
    pub region: Option<String>,
    /// What was changed: group ids, account names.
    pub targets: Vec<String>,
    /// The change itself, as JSON: before and after.
    pub change: serde_json::Value,
    /// EC2's request ids of the calls made.
    pub ec2_request_ids: Vec<String>,
    pub outcome: Outcome,
}

/// The Activity page's filters and page, as they are in its URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityQuery {
    pub user: String,
    pub group: String,
    pub action: String,
    pub outcome: String,
    /// 1-based.
    pub page: usize,
}

impl ActivityQuery {
    pub const PAGE_SIZE: usize = 50;

    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| get(key).map(|v| v.trim().to_owned()).unwrap_or_default();
        let page = get("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1);
        ActivityQuery {
            user: text("user"),
            group: text("group"),
            action: text("action"),
            outcome: text("outcome"),
            page,
        }
    }

    /// The query string for this query (without `?`); empty filters and page 1 are left out.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded_pairs(&[
            ("user", &self.user),
            ("group", &self.group),
            ("action", &self.action),
            ("outcome", &self.outcome),
        ]);
        if self.page > 1 {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(&format!("page={}", self.page));
        }
        out
    }
}

fn form_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", super::encode_query_value(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<AuditEntry>,
    pub page: usize,
    pub pages: usize,
    /// Entries that match the filters.
    pub matching: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_changes_need_a_role() {
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Action::UserAdd.needs(), Some(Role::Admin));
        assert_eq!(Action::SignIn.needs(), None);
    }

    #[test]
    fn activity_query_in_the_url() {
        let query = ActivityQuery::from_params(|k| match k {
            "user" => Some(" alice ".into()),
            "outcome" => Some("failure".into()),
            "page" => Some("0".into()),
            _ => None,
        });
        assert_eq!(query.page, 1);
        assert_eq!(query.to_query_string(), "user=alice&outcome=failure");
        let second = ActivityQuery { page: 2, group: "sg-1 2".into(), ..Default::default() };
        assert_eq!(second.to_query_string(), "group=sg-1+2&page=2");
    }
}
