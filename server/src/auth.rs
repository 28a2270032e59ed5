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

use crate::dates::ts;
use crate::store::Store;

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
    Db(#[from] crate::db::DbError),
    #[error("the password check could not run")]
    Busy,
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
    let inserted = store
        .insert_user(name, Some(&hash), editor, &ts(chrono::Utc::now()))
        .await?;
    if !inserted {
        return Err(AuthError::Exists(name.to_string()));
    }
    Ok(())
}

/// Checks the password and opens a session; returns the cookie token. `None` for an unknown
/// user, a wrong password, or an account that cannot log in — indistinguishably.
///
/// The hash runs on the blocking pool and at most `checks` at once: argon2 is slow on purpose,
/// and a login flood must queue here instead of starving page rendering.
pub async fn login(
    store: &Store,
    checks: &tokio::sync::Semaphore,
    name: &str,
    password: &str,
) -> Result<Option<String>, AuthError> {
    let row = store.credentials(name).await?;
    let hash = row.as_ref().and_then(|r| r.password_hash.clone());
    let password = password.to_string();
    let _slot = checks.acquire().await.map_err(|_| AuthError::Busy)?;
    // An unknown name still costs one hash, so timing does not reveal which names exist.
    let ok = tokio::task::spawn_blocking(move || match &hash {
        Some(h) => verify_password(h, &password),
        None => {
            let _ = hash_password(&password);
            false
        }
    })
    .await
    .map_err(|_| AuthError::Busy)?;
    let (Some(row), true) = (row, ok) else {
        return Ok(None);
    };
    let token = random_token();
    let now = chrono::Utc::now();
    store
        .insert_session(
            &token_hash(&token),
            row.id,
            &random_token(),
            &ts(now),
            &ts(now + chrono::Duration::days(SESSION_DAYS)),
        )
        .await?;
    Ok(Some(token))
}

pub async fn session(store: &Store, token: &str) -> Result<Option<SessionUser>, AuthError> {
    let row = store
        .session(&token_hash(token), &ts(chrono::Utc::now()))
        .await?;
    Ok(row.map(|r| SessionUser {
        name: r.name,
        editor: r.editor,
        csrf: r.csrf_token,
    }))
}

pub async fn logout(store: &Store, token: &str) -> Result<(), AuthError> {
    store
        .end_session(&token_hash(token), &ts(chrono::Utc::now()))
        .await?;
    Ok(())
}

/// Failed logins per key (user name, client address) in a sliding window. In memory: a
/// restart forgets it, which costs an attacker a restart they cannot cause.
pub struct LoginLimiter {
    /// Attempts per user name (`user:` keys) in `window`.
    max_failures: usize,
    /// Attempts per client address (`ip:` keys): higher, since an office or a proxy shares one.
    max_per_address: usize,
    window: Duration,
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Keys remembered at most; past this the least recently tried key is forgotten first.
const MAX_KEYS: usize = 10_000;

impl LoginLimiter {
    pub fn new(max_failures: usize, max_per_address: usize, window: Duration) -> LoginLimiter {
        LoginLimiter {
            max_failures,
            max_per_address,
            window,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt against every key, or refuses it with the time to wait when any key
    /// is at its limit. Checking and counting happen under one lock, so parallel attempts
    /// cannot all slip past the check before any of them is counted. An attempt counts until
    /// [`LoginLimiter::succeed`] takes it back.
    pub fn begin(&self, keys: &[String]) -> Result<(), Duration> {
        let now = Instant::now();
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        for k in keys {
            if let Some(q) = map.get_mut(k) {
                while q
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > self.window)
                {
                    q.pop_front();
                }
                let max = if k.starts_with("ip:") {
                    self.max_per_address
                } else {
                    self.max_failures
                };
                if q.len() >= max {
                    let oldest = q.front().copied().unwrap_or(now);
                    return Err(self.window.saturating_sub(now.duration_since(oldest)));
                }
            }
        }
        for k in keys {
            if !map.contains_key(k) && map.len() >= MAX_KEYS {
                self.evict(&mut map, now);
            }
            map.entry(k.clone()).or_default().push_back(now);
        }
        Ok(())
    }

    /// A successful login: the user's failures are forgotten, and this attempt no longer
    /// counts against the address.
    pub fn succeed(&self, user_key: &str, other_keys: &[String]) {
        let mut map = self.attempts.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(user_key);
        for k in other_keys {
            if let Some(q) = map.get_mut(k) {
                q.pop_back();
            }
        }
    }

    /// Drops expired keys; if none expired, the key tried least recently.
    fn evict(&self, map: &mut HashMap<String, VecDeque<Instant>>, now: Instant) {
        let before = map.len();
        map.retain(|_, q| {
            q.back()
                .is_some_and(|t| now.duration_since(*t) <= self.window)
        });
        if map.len() < before {
            return;
        }
        let stalest = map
            .iter()
            .min_by_key(|(_, q)| q.back().copied())
            .map(|(k, _)| k.clone());
        if let Some(k) = stalest {
            map.remove(&k);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.attempts.lock().map(|m| m.len()).unwrap_or(0)
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
        let l = LoginLimiter::new(3, 10, Duration::from_secs(60));
        let k = vec!["user:ann".to_string()];
        for _ in 0..3 {
            assert!(l.begin(&k).is_ok());
        }
        assert!(l.begin(&k).is_err());
        assert!(l.begin(&["user:bob".to_string()]).is_ok());
        l.succeed("user:bob", &[]);
        assert!(l.begin(&["user:bob".to_string()]).is_ok());
    }

    #[test]
    fn parallel_attempts_cannot_all_pass_the_check() {
        let l = std::sync::Arc::new(LoginLimiter::new(3, 5, Duration::from_secs(60)));
        let passed: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..64)
                .map(|i| {
                    let l = l.clone();
                    s.spawn(move || {
                        l.begin(&[format!("user:u{i}"), "ip:192.0.2.7".to_string()])
                            .is_ok()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| usize::from(h.join().unwrap_or(false)))
                .sum()
        });
        assert_eq!(passed, 5);
    }

    #[test]
    fn a_flood_of_names_evicts_the_stalest_keys_not_everything() {
        let l = LoginLimiter::new(2, 2, Duration::from_secs(60));
        let ip = "ip:192.0.2.9".to_string();
        assert!(l.begin(std::slice::from_ref(&ip)).is_ok());
        assert!(l.begin(std::slice::from_ref(&ip)).is_ok());
        for i in 0..MAX_KEYS + 50 {
            let _ = l.begin(&[format!("user:spray{i}")]);
        }
        assert!(l.len() <= MAX_KEYS);
        // The flood pushed out old names one at a time; it did not wipe the table, but the
        // address it started with was the stalest and went first.
        assert!(l.begin(&["user:spray10049".to_string()]).is_ok());
        assert!(l.begin(&["user:spray10049".to_string()]).is_err());
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
