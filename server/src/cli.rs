//! `sg-console user ...`: accounts from the command line, on the same data directory as the
//! server (which may be running). Each change goes through the guard and the audit log, as the
//! person running the command.

use std::io::{BufRead, IsTerminal};

use app::guard::Guard;
use app::model::{Action, check_password};
use app::store::Database;

use crate::config::UserCommand;

/// Runs one `user` command, asking `read_password` for a new password when it needs one; the
/// error is what to print.
pub async fn run(
    db: Database,
    command: UserCommand,
    read_password: impl FnOnce() -> Result<String, String>,
) -> Result<(), String> {
    let who = std::env::var("USER").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| "command line".into());
    let guard = Guard::local(db.clone(), &who, "command line");
    match command {
        UserCommand::Add { name, role } => {
            let password = read_password()?;
            let change = serde_json::json!({ "after": { "name": name, "role": role } });
            guard
                .change(Action::UserAdd, None, vec![name.clone()], change, async |w| {
                    Ok(w.accounts().add(&name, &password, role).await?)
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("Added {name} ({role}).");
        }
        UserCommand::List => {
            let accounts = db.accounts().list().await.map_err(|e| e.to_string())?;
            let width = accounts.iter().map(|a| a.name.chars().count()).max().unwrap_or(4).max(4);
            println!("{:width$}  {:6}  STATUS", "NAME", "ROLE");
            for account in accounts {
                let status = if account.disabled { "disabled" } else { "active" };
                println!("{:width$}  {:6}  {status}", account.name, account.role.as_str());
            }
        }
        UserCommand::SetRole { name, role } => {
            let change = serde_json::json!({ "after": { "role": role } });
            guard
                .change(Action::UserSetRole, None, vec![name.clone()], change, async |w| {
                    Ok(w.accounts().set_role(&name, role).await?)
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("{name} is now {role}.");
        }
        UserCommand::Disable { name } => {
            let change = serde_json::json!({ "after": { "disabled": true } });
            guard
                .change(Action::UserDisable, None, vec![name.clone()], change, async |w| {
                    Ok(w.accounts().set_disabled(&name, true).await?)
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("Disabled {name}.");
        }
        UserCommand::Password { name } => {
            if db.accounts().by_name(&name).await.map_err(|e| e.to_string())?.is_none() {
                return Err(format!("there is no account named {name}"));
            }
            let password = read_password()?;
            guard
                .change(Action::UserPassword, None, vec![name.clone()], serde_json::Value::Null, async |w| {
                    Ok(w.accounts().set_password(&name, &password).await?)
                })
                .await
                .map_err(|e| e.to_string())?;
            println!("Changed the password of {name}.");
        }
    }
    Ok(())
}

/// The new password: the first line of standard input when it is not a terminal (for scripts),
/// otherwise asked for twice without echo.
pub fn read_password() -> Result<String, String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").map_err(|e| format!("cannot read the password: {e}"))?;
        check_password(&first).map_err(|e| e.to_string())?;
        let again =
            rpassword::prompt_password("Password again: ").map_err(|e| format!("cannot read the password: {e}"))?;
        if first != again {
            return Err("the two passwords differ".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    check_password(&password).map_err(|e| e.to_string())?;
    Ok(password)
}
