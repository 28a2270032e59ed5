//! `reader_tokens` and `reader_item_state`: reader apps' sign-ins (tokens stored as SHA-256)
//! and what each user has read and starred, with the article queries the Google Reader API
//! pages through (`web/greader.rs`).

use app::ids::UserId;
use chrono::{DateTime, Utc};

use super::time::Time;
use super::{on_pool, on_tx, placeholders, Result, Store, IN_CHUNK};

/// The user a live reader token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ReaderUser {
    #[sqlx(try_from = "i64")]
    pub id: UserId,
    pub name: String,
}

/// One vendor as a subscription: its name and how many articles it has.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VendorRow {
    pub vendor: String,
    pub articles: i64,
}

/// An article as a reader app's item shows it (its text is the checked summary, read apart).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub url: String,
    pub vendor: String,
    pub title: String,
    pub language: String,
    #[sqlx(try_from = "Time")]
    pub published_at: DateTime<Utc>,
    #[sqlx(try_from = "Time")]
    pub updated_at: DateTime<Utc>,
}

/// A user's marks on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct ItemState {
    pub item_id: i64,
    pub read: bool,
    pub starred: bool,
}

/// Which articles a page of a stream holds, in the stream's order.
#[derive(Debug, Clone)]
pub struct RefQuery {
    pub user_id: UserId,
    /// Only these vendors (exact names); `None`: every vendor.
    pub vendors: Option<Vec<String>>,
    /// `published_at >= from`.
    pub from: Option<DateTime<Utc>>,
    /// `published_at < to`.
    pub to: Option<DateTime<Utc>>,
    /// Strictly after this (time, id) in the stream's order.
    pub after: Option<(DateTime<Utc>, i64)>,
    pub oldest_first: bool,
    pub read: Option<bool>,
    pub starred: Option<bool>,
    pub limit: i64,
}

enum Bind {
    Int(i64),
    Text(String),
    Bool(bool),
}

impl Store {
    pub async fn insert_reader_token(
        &self,
        token_hash: &str,
        user_id: UserId,
        now: &str,
        expires_at: &str,
    ) -> Result<()> {
        // Expired tokens go when a new one comes, so the table stays the size of the live ones.
        const PRUNE: &str = "DELETE FROM reader_tokens WHERE expires_at <= $1";
        const SQL: &str = "INSERT INTO reader_tokens (token_hash, user_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)";
        let mut tx = self.begin().await?;
        on_tx!(tx, c => sqlx::query(PRUNE).bind(now).execute(c).await.map(|_| ()))?;
        on_tx!(tx, c => sqlx::query(SQL)
            .bind(token_hash)
            .bind(user_id.get())
            .bind(now)
            .bind(expires_at)
            .execute(c)
            .await
            .map(|_| ()))?;
        tx.commit().await
    }

    /// The user of an unexpired reader token.
    pub async fn reader_token_user(
        &self,
        token_hash: &str,
        now: &str,
    ) -> Result<Option<ReaderUser>> {
        const SQL: &str =
            "SELECT u.id, u.name FROM reader_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = $1 AND t.expires_at > $2";
        Ok(on_pool!(self, p => sqlx::query_as(SQL)
            .bind(token_hash)
            .bind(now)
            .fetch_optional(p)
            .await)?)
    }

    /// Every vendor with articles, by name.
    pub async fn reader_vendors(&self) -> Result<Vec<VendorRow>> {
        const SQL: &str = "SELECT vendor, COUNT(*) AS articles FROM articles
             GROUP BY vendor ORDER BY vendor";
        Ok(on_pool!(self, p => sqlx::query_as(SQL).fetch_all(p).await)?)
    }

    /// One page of a stream's articles: (id, published_at), in the stream's order.
    pub async fn reader_refs(&self, q: &RefQuery) -> Result<Vec<(i64, DateTime<Utc>)>> {
        let mut binds = vec![Bind::Int(q.user_id.get())];
        let mut sql = String::from(
            "SELECT a.id, a.published_at FROM articles a
             LEFT JOIN reader_item_state s ON s.user_id = $1 AND s.item_id = a.id WHERE TRUE",
        );
        let next = |b: Bind, binds: &mut Vec<Bind>| {
            binds.push(b);
            binds.len()
        };
        if let Some(from) = q.from {
            let k = next(Bind::Text(crate::dates::ts(from)), &mut binds);
            sql.push_str(&format!(" AND a.published_at >= ${k}"));
        }
        if let Some(to) = q.to {
            let k = next(Bind::Text(crate::dates::ts(to)), &mut binds);
            sql.push_str(&format!(" AND a.published_at < ${k}"));
        }
        if let Some((at, id)) = q.after {
            let t = next(Bind::Text(crate::dates::ts(at)), &mut binds);
            let i = next(Bind::Int(id), &mut binds);
            let cmp = if q.oldest_first { '>' } else { '<' };
            sql.push_str(&format!(
                " AND (a.published_at {cmp} ${t} OR (a.published_at = ${t} AND a.id {cmp} ${i}))"
            ));
        }
        if let Some(read) = q.read {
            let k = next(Bind::Bool(read), &mut binds);
            sql.push_str(&format!(" AND COALESCE(s.read, FALSE) = ${k}"));
        }
        if let Some(starred) = q.starred {
            let k = next(Bind::Bool(starred), &mut binds);
            sql.push_str(&format!(" AND COALESCE(s.starred, FALSE) = ${k}"));
        }
        if let Some(vendors) = &q.vendors {
            if vendors.is_empty() {
                return Ok(Vec::new());
            }
            let first = binds.len() + 1;
            sql.push_str(&format!(
                " AND a.vendor IN ({})",
                placeholders(first, vendors.len())
            ));
            binds.extend(vendors.iter().cloned().map(Bind::Text));
        }
        let order = if q.oldest_first { "ASC" } else { "DESC" };
        let k = next(Bind::Int(q.limit.max(0)), &mut binds);
        sql.push_str(&format!(
            " ORDER BY a.published_at {order}, a.id {order} LIMIT ${k}"
        ));
        let rows: Vec<(i64, Time)> = on_pool!(self, p => {
            let mut query = sqlx::query_as(&sql);
            for b in &binds {
                query = match b {
                    Bind::Int(v) => query.bind(*v),
                    Bind::Text(v) => query.bind(v.clone()),
                    Bind::Bool(v) => query.bind(*v),
                };
            }
            query.fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(|(id, t)| (id, t.0)).collect())
    }

    /// The articles among `ids` (missing ones are left out), in no particular order.
    pub async fn reader_items(&self, ids: &[i64]) -> Result<Vec<ItemRow>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT id, url, vendor, title, language, published_at, updated_at FROM articles
                 WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let rows: Vec<ItemRow> = on_pool!(self, p => {
                let mut query = sqlx::query_as(&sql);
                for id in chunk {
                    query = query.bind(*id);
                }
                query.fetch_all(p).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// The user's marks on those of `items` that have any.
    pub async fn reader_states(&self, user_id: UserId, items: &[i64]) -> Result<Vec<ItemState>> {
        let mut out = Vec::new();
        for chunk in items.chunks(IN_CHUNK) {
            let sql = format!(
                "SELECT item_id, read, starred FROM reader_item_state
                 WHERE user_id = $1 AND item_id IN ({})",
                placeholders(2, chunk.len())
            );
            let rows: Vec<ItemState> = on_pool!(self, p => {
                let mut query = sqlx::query_as(&sql).bind(user_id.get());
                for id in chunk {
                    query = query.bind(*id);
                }
                query.fetch_all(p).await
            })?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Marks `items` read or unread, starred or not, for one user, all in one transaction.
    pub async fn set_reader_state(
        &self,
        user_id: UserId,
        items: &[i64],
        read: Option<bool>,
        starred: Option<bool>,
        now: &str,
    ) -> Result<()> {
        const READ: &str =
            "INSERT INTO reader_item_state (user_id, item_id, read, starred, updated_at)
             VALUES ($1, $2, $3, FALSE, $4)
             ON CONFLICT (user_id, item_id) DO UPDATE SET read = excluded.read,
               updated_at = excluded.updated_at";
        const STARRED: &str =
            "INSERT INTO reader_item_state (user_id, item_id, read, starred, updated_at)
             VALUES ($1, $2, FALSE, $3, $4)
             ON CONFLICT (user_id, item_id) DO UPDATE SET starred = excluded.starred,
               updated_at = excluded.updated_at";
        let mut tx = self.begin().await?;
        for (sql, value) in [(READ, read), (STARRED, starred)] {
            let Some(value) = value else { continue };
            for item in items {
                on_tx!(tx, c => sqlx::query(sql)
                    .bind(user_id.get())
                    .bind(*item)
                    .bind(value)
                    .bind(now)
                    .execute(c)
                    .await
                    .map(|_| ()))?;
            }
        }
        tx.commit().await
    }
}
