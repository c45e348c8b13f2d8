//! Accounts and what each role may do: shared by the server, which enforces it, and the pages,
//! which show a person only the controls their role can use.

use serde::{Deserialize, Serialize};

/// What an account may do. Each role includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads everything, changes nothing.
    Viewer,
    /// Also creates, copies, edits rules and tags, and changes instances' groups.
    Editor,
    /// Also deletes groups and manages accounts.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Admin];

    /// Whether this role may do what needs `needed`.
    pub fn allows(self, needed: Role) -> bool {
        self >= needed
    }

    /// The name used on the command line, in the database and in the audit log.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == value)
            .ok_or_else(|| format!("'{value}' is not a role: use viewer, editor or admin"))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The person a request acts for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
}

/// An account as the Users page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub disabled: bool,
}

/// The shortest password an account may have.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Why a user name or password cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountProblem {
    /// Empty, longer than 64 characters, or with characters other than letters, digits and
    /// `. _ - @`.
    BadName,
    PasswordEmpty,
    PasswordShort,
}

impl std::fmt::Display for AccountProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AccountProblem::BadName => "a user name is 1 to 64 letters, digits and the characters . _ - @ (no spaces)",
            AccountProblem::PasswordEmpty => "the password is empty",
            AccountProblem::PasswordShort => "the password is too short: use at least 12 characters",
        })
    }
}

/// Checks a new user name. Names appear in the audit log, in URLs and in a proxy's header, so
/// they are kept to characters that need no escaping to be read unambiguously.
pub fn check_user_name(name: &str) -> Result<(), AccountProblem> {
    let allowed = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if name.is_empty() || name.chars().count() > 64 || !name.chars().all(allowed) {
        return Err(AccountProblem::BadName);
    }
    Ok(())
}

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters (counted as characters,
/// not bytes, so a Japanese passphrase is measured as typed).
pub fn check_password(password: &str) -> Result<(), AccountProblem> {
    match password.chars().count() {
        0 => Err(AccountProblem::PasswordEmpty),
        n if n < MIN_PASSWORD_CHARS => Err(AccountProblem::PasswordShort),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_before() {
        assert!(Role::Admin.allows(Role::Editor));
        assert!(Role::Editor.allows(Role::Editor));
        assert!(!Role::Viewer.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Admin));
        assert_eq!("editor".parse::<Role>(), Ok(Role::Editor));
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn names_and_passwords() {
        assert_eq!(check_user_name("alice.ops@example"), Ok(()));
        assert_eq!(check_user_name("山田"), Ok(()));
        for bad in ["", "a b", "a/b", "x\n", &"a".repeat(65)] {
            assert_eq!(check_user_name(bad), Err(AccountProblem::BadName), "{bad:?}");
        }
        assert_eq!(check_password(""), Err(AccountProblem::PasswordEmpty));
        assert_eq!(check_password("short pass1"), Err(AccountProblem::PasswordShort));
        assert_eq!(check_password("correct horse"), Ok(()));
        assert_eq!(check_password("パスワードは十二文字以上です"), Ok(()));
    }
}
