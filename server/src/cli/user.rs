//! `proofwire user add`.

use crate::config::Config;
use crate::run::open_store;

use super::Error;

/// `proofwire user add NAME [--editor]`: the password comes from a prompt on a terminal, or
/// from the first line of standard input otherwise (for scripts).
pub async fn user_add(config: &Config, name: &str, editor: bool) -> Result<(), Error> {
    use std::io::{BufRead, IsTerminal};
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .map_err(|e| Error::Usage(format!("cannot read the password: {e}")))?;
        let again = rpassword::prompt_password("Again: ")
            .map_err(|e| Error::Usage(format!("cannot read the password: {e}")))?;
        if first != again {
            return Err(Error::Usage("the passwords differ".into()));
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Error::Usage(format!("cannot read the password from stdin: {e}")))?;
        line.trim_end_matches(['\n', '\r']).to_string()
    };
    let store = open_store(config).await?;
    crate::auth::add_user(&store, name, &password, editor).await?;
    println!(
        "added {} {name}",
        if editor { "editor" } else { "user (read-only)" }
    );
    Ok(())
}
