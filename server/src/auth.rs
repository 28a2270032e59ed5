//! Editors: accounts (argon2id password hashes), sessions (random cookie tokens stored only as
//! SHA-256, each with its own CSRF token), reader-app tokens (the Google Reader API's, also
//! stored as SHA-256) and the failed-login rate limit. Readers of the site need no account; a
//! reader app signs in with one to keep its read and starred marks.

use std::time::Duration;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::dates::ts;
use crate::db::logins::Limit;
pub use crate::db::reader::ReaderUser;
use crate::db::Store;

pub const SESSION_COOKIE: &str = "pw_session";
/// The login form's double-submit token (there is no session yet to bind a token to).
pub const LOGIN_COOKIE: &str = "pw_login";
const SESSION_DAYS: i64 = 14;
/// Reader apps sign in once and keep their token; when it ends they sign in again by themselves.
const READER_TOKEN_DAYS: i64 = 180;
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

/// The account behind a name and password, when the password is right. `None` for an unknown
/// user, a wrong password, or an account that cannot log in — indistinguishably.
///
/// The hash runs on the blocking pool and at most `checks` at once: argon2 is slow on purpose,
/// and a login flood must queue here instead of starving page rendering.
async fn check_password(
    store: &Store,
    checks: &tokio::sync::Semaphore,
    name: &str,
    password: &str,
) -> Result<Option<crate::db::users::Credentials>, AuthError> {
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
    Ok(row.filter(|_| ok))
}

/// Checks the password and opens a session; returns the cookie token (see `check_password`).
pub async fn login(
    store: &Store,
    checks: &tokio::sync::Semaphore,
    name: &str,
    password: &str,
) -> Result<Option<String>, AuthError> {
    let Some(row) = check_password(store, checks, name, password).await? else {
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

/// Checks the password and issues a reader-app token (the Google Reader API's `Auth`), good for
/// that API only: it is not a web session, and it is not the password. Stored as SHA-256, like
/// a session's cookie.
pub async fn reader_login(
    store: &Store,
    checks: &tokio::sync::Semaphore,
    name: &str,
    password: &str,
) -> Result<Option<String>, AuthError> {
    let Some(row) = check_password(store, checks, name, password).await? else {
        return Ok(None);
    };
    let token = random_token();
    let now = chrono::Utc::now();
    store
        .insert_reader_token(
            &token_hash(&token),
            row.id,
            &ts(now),
            &ts(now + chrono::Duration::days(READER_TOKEN_DAYS)),
        )
        .await?;
    Ok(Some(token))
}

/// The user a reader-app token belongs to, while it lasts.
pub async fn reader_user(store: &Store, token: &str) -> Result<Option<ReaderUser>, AuthError> {
    Ok(store
        .reader_token_user(&token_hash(token), &ts(chrono::Utc::now()))
        .await?)
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

/// Failed logins per key (user name, client address) in a sliding window, counted in the
/// database: the limit holds across every replica and across restarts.
pub struct LoginLimiter {
    db: Store,
    /// Attempts per user name (`user:` keys) in `window`.
    max_failures: usize,
    /// Attempts per client address (`ip:` keys): higher, since an office or a proxy shares one.
    max_per_address: usize,
    window: Duration,
}

/// An attempt the limiter let through; `succeed` takes it back.
pub struct Attempt {
    rows: Vec<(String, i64)>,
}

impl LoginLimiter {
    pub fn new(
        db: Store,
        max_failures: usize,
        max_per_address: usize,
        window: Duration,
    ) -> LoginLimiter {
        LoginLimiter {
            db,
            max_failures,
            max_per_address,
            window,
        }
    }

    /// Counts an attempt against every key, or refuses it with the time to wait when any key
    /// is at its limit. Checking and counting are one locked step in the database, so parallel
    /// attempts, on any replica, cannot all slip past the check before any of them is counted.
    /// An attempt counts until [`LoginLimiter::succeed`] takes it back.
    pub async fn begin(&self, keys: &[String]) -> Result<Result<Attempt, Duration>, AuthError> {
        let limits: Vec<Limit<'_>> = keys
            .iter()
            .map(|k| Limit {
                key: k,
                max: if k.starts_with("ip:") {
                    self.max_per_address
                } else {
                    self.max_failures
                },
            })
            .collect();
        Ok(self
            .db
            .begin_login(&limits, self.window, chrono::Utc::now())
            .await?
            .map(|ids| Attempt {
                rows: keys.iter().cloned().zip(ids).collect(),
            }))
    }

    /// A successful login: the user's failures are forgotten, and this attempt no longer
    /// counts against the address.
    pub async fn succeed(&self, user_key: &str, attempt: Attempt) -> Result<(), AuthError> {
        let taken_back: Vec<i64> = attempt
            .rows
            .iter()
            .filter(|(k, _)| k != user_key)
            .map(|(_, id)| *id)
            .collect();
        Ok(self.db.login_succeeded(user_key, &taken_back).await?)
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

    async fn limiter(max: usize, per_address: usize) -> (tempfile::TempDir, LoginLimiter) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Store::open(&dir.path().join("l.db")).await.expect("db");
        (
            dir,
            LoginLimiter::new(db, max, per_address, Duration::from_secs(60)),
        )
    }

    #[tokio::test]
    async fn limiter_blocks_after_max_failures() {
        let (_dir, l) = limiter(3, 10).await;
        let k = vec!["user:ann".to_string()];
        for _ in 0..3 {
            assert!(l.begin(&k).await.expect("db").is_ok());
        }
        let wait = l.begin(&k).await.expect("db").err().expect("refused");
        assert!(wait <= Duration::from_secs(60) && wait > Duration::from_secs(50));
        let bob = vec!["user:bob".to_string()];
        let attempt = l.begin(&bob).await.expect("db").expect("bob may try");
        l.succeed("user:bob", attempt).await.expect("db");
        assert!(l.begin(&bob).await.expect("db").is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn parallel_attempts_cannot_all_pass_the_check() {
        let (_dir, l) = limiter(3, 5).await;
        let l = std::sync::Arc::new(l);
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let l = l.clone();
                tokio::spawn(async move {
                    l.begin(&[format!("user:u{i}"), "ip:192.0.2.7".to_string()])
                        .await
                        .expect("db")
                        .is_ok()
                })
            })
            .collect();
        let mut passed = 0;
        for t in tasks {
            passed += usize::from(t.await.expect("task"));
        }
        assert_eq!(passed, 5);
    }

    #[tokio::test]
    async fn a_success_takes_back_its_address_count_and_clears_the_user() {
        let (_dir, l) = limiter(2, 3).await;
        let ip = "ip:192.0.2.9".to_string();
        let keys = |u: &str| vec![format!("user:{u}"), ip.clone()];
        assert!(l.begin(&keys("ann")).await.expect("db").is_ok());
        let ok = l
            .begin(&keys("ann"))
            .await
            .expect("db")
            .expect("second try");
        l.succeed("user:ann", ok).await.expect("db");
        // ann's failures are gone; the address keeps only the one failed attempt.
        assert!(l.begin(&keys("ann")).await.expect("db").is_ok());
        assert!(l.begin(&keys("bob")).await.expect("db").is_ok());
        assert!(
            l.begin(&keys("cy")).await.expect("db").is_err(),
            "3 per address"
        );
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
