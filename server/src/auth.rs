//! Editors: accounts (argon2id password hashes), sessions (random cookie tokens stored only as
//! SHA-256, each with its own CSRF token) and the failed-login rate limit. Readers have no
//! account and need none.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::store::{ts, Store};

pub const SESSION_COOKIE: &str = "pw_session";
/// The login form's double-submit token (there is no session yet to bind a token to).
pub const LOGIN_COOKIE: &str = "pw_login";
const SESSION_DAYS: i64 = 14;
pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("user names are 1–64 letters, digits, '.', '_' or '-'")]
    InvalidName,
    #[error("passwords need at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error("a user named {0:?} already exists")]
    Exists(String),
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

/// A signed-in user as a request sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub name: String,
    pub editor: bool,
    pub csrf: String,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares without an early exit, so response time does not reveal how much matched.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

pub async fn add_user(
    store: &Store,
    name: &str,
    password: &str,
    editor: bool,
) -> Result<(), AuthError> {
    if !valid_name(name) {
        return Err(AuthError::InvalidName);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AuthError::WeakPassword);
    }
    let hash = hash_password(password)?;
    let inserted = sqlx::query(
        "INSERT INTO users (name, password_hash, editor, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(name) DO NOTHING",
    )
    .bind(name)
    .bind(hash)
    .bind(editor)
    .bind(ts(chrono::Utc::now()))
    .execute(store.pool())
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(AuthError::Exists(name.to_string()));
    }
    Ok(())
}

/// Checks the password and opens a session; returns the cookie token. `None` for an unknown
/// user, a wrong password, or an account that cannot log in — indistinguishably.
pub async fn login(store: &Store, name: &str, password: &str) -> Result<Option<String>, AuthError> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE name = ?1")
        .bind(name)
        .fetch_optional(store.pool())
        .await?;
    let hash = row
        .as_ref()
        .and_then(|r| r.get::<Option<String>, _>("password_hash"));
    // An unknown name still costs one hash, so timing does not reveal which names exist.
    let ok = match &hash {
        Some(h) => verify_password(h, password),
        None => {
            let _ = hash_password(password);
            false
        }
    };
    let (Some(row), true) = (row, ok) else {
        return Ok(None);
    };
    let token = random_token();
    let now = chrono::Utc::now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(token_hash(&token))
    .bind(row.get::<i64, _>("id"))
    .bind(random_token())
    .bind(ts(now))
    .bind(ts(now + chrono::Duration::days(SESSION_DAYS)))
    .execute(store.pool())
    .await?;
    Ok(Some(token))
}

pub async fn session(store: &Store, token: &str) -> Result<Option<SessionUser>, AuthError> {
    let row = sqlx::query(
        "SELECT u.name, u.editor, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ?1 AND s.expires_at > ?2",
    )
    .bind(token_hash(token))
    .bind(ts(chrono::Utc::now()))
    .fetch_optional(store.pool())
    .await?;
    Ok(row.map(|r| SessionUser {
        name: r.get(0),
        editor: r.get(1),
        csrf: r.get(2),
    }))
}

pub async fn logout(store: &Store, token: &str) -> Result<(), AuthError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1 OR expires_at <= ?2")
        .bind(token_hash(token))
        .bind(ts(chrono::Utc::now()))
        .execute(store.pool())
        .await?;
    Ok(())
}

/// Failed logins per key (user name, client address) in a sliding window. In memory: a
/// restart forgets it, which costs an attacker a restart they cannot cause.
pub struct LoginLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    pub fn new(max_failures: usize, window: Duration) -> LoginLimiter {
        LoginLimiter {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(wait)` when any key is over the limit.
    pub fn check(&self, keys: &[String]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            if let Some(q) = map.get_mut(k) {
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    q.pop_front();
                }
                if q.len() >= self.max_failures {
                    let oldest = q.front().copied().unwrap_or(now);
                    return Err(self.window.saturating_sub(now.duration_since(oldest)));
                }
            }
        }
        Ok(())
    }

    pub fn fail(&self, keys: &[String]) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of distinct names.
        if map.len() > 10_000 {
            map.clear();
        }
        for k in keys {
            map.entry(k.clone()).or_default().push_back(now);
        }
    }

    pub fn succeed(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            map.remove(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "correct horse battery!"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn limiter_blocks_after_max_failures() {
        let l = LoginLimiter::new(3, Duration::from_secs(60));
        let k = vec!["user:ann".to_string()];
        for _ in 0..3 {
            assert!(l.check(&k).is_ok());
            l.fail(&k);
        }
        assert!(l.check(&k).is_err());
        assert!(l.check(&["user:bob".to_string()]).is_ok());
    }

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(valid_name("ann.lee-2"));
        assert!(!valid_name("ann lee"));
        assert!(!valid_name(""));
    }
}
