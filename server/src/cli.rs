//! `sg-console user ...`: accounts from the command line, on the same data directory as the
//! server (which may be running). Each change goes through the guard and the audit log, as the
//! person running the command.

use std::io::{BufRead, IsTerminal};

use app::accounts;
use app::guard::Guard;
use app::model::check_password;
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
    let failed = |e: app::error::AppError| e.to_string();
    match command {
        UserCommand::Add { name, role } => {
            let password = read_password()?;
            accounts::add(guard, &name, &password, role).await.map_err(failed)?;
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
            accounts::set_role(guard, &name, role).await.map_err(failed)?;
            println!("{name} is now {role}.");
        }
        UserCommand::Disable { name } => {
            accounts::set_disabled(guard, &name, true).await.map_err(failed)?;
            println!("Disabled {name}.");
        }
        UserCommand::Password { name } => {
            // Asked for a password only for an account that exists.
            if db.accounts().by_name(&name).await.map_err(|e| e.to_string())?.is_none() {
                return Err(format!("there is no account named {name}"));
            }
            let password = read_password()?;
            accounts::set_password(guard, &name, &password).await.map_err(failed)?;
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
