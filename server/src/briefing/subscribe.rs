//! Reading a subscription form: every field checked, every problem named at once.

use app::i18n::Lang;
use app::ids::{SubscriptionId, UserId};
use app::vocab::{BriefingChannel, BriefingScope, WebhookShape};
use chrono::NaiveTime;

use crate::db::briefings::NewSubscription;
use crate::db::{DbError, Store};

/// Webhook URLs longer than this are refused (chat services' are about 120 characters).
pub const MAX_URL_CHARS: usize = 2_000;
/// RFC 5321's limit on a forward path.
pub const MAX_EMAIL_CHARS: usize = 254;
/// Live subscriptions one user may hold.
pub const MAX_PER_USER: usize = 20;

/// The form's fields as sent (already trimmed; `None` when empty).
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub channel: Option<String>,
    pub target: Option<String>,
    pub shape: Option<String>,
    pub language: Option<String>,
    pub send_at: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub channel: BriefingChannel,
    pub target: String,
    pub shape: WebhookShape,
    pub language: Lang,
    /// `HH:MM`, zero-padded, so it compares as text.
    pub send_at: String,
    pub scope: BriefingScope,
}

/// Whether `s` is a webhook address we would call: http(s), a host, no spaces, not too long.
pub fn webhook_url_ok(s: &str) -> Result<(), String> {
    if s.chars().count() > MAX_URL_CHARS {
        return Err(format!(
            "The webhook URL is longer than {MAX_URL_CHARS} characters."
        ));
    }
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(format!("The webhook URL {s:?} is not an http(s) address.")),
    }
}

pub fn check(f: &Fields, smtp_configured: bool) -> Result<Checked, Vec<String>> {
    let mut problems = Vec::new();
    let channel = f.channel.as_deref().and_then(BriefingChannel::parse);
    if channel.is_none() {
        problems.push("Choose email or webhook as the channel.".to_string());
    }
    let shape = match f.shape.as_deref() {
        None => Some(WebhookShape::Generic),
        Some(s) => WebhookShape::parse(s),
    };
    if shape.is_none() {
        problems.push(format!(
            "The webhook shape {:?} is not one of the listed choices.",
            f.shape.as_deref().unwrap_or_default()
        ));
    }
    let target = f.target.clone().unwrap_or_default();
    match channel {
        Some(BriefingChannel::Email) => {
            if !smtp_configured {
                problems.push(
                    "Email briefings are not available: this site has no mail server configured. Use a webhook instead."
                        .into(),
                );
            } else if target.is_empty() {
                problems.push("The email address is required.".into());
            } else if target.chars().count() > MAX_EMAIL_CHARS
                || target.parse::<lettre::Address>().is_err()
            {
                problems.push(format!("{target:?} is not an email address."));
            }
        }
        Some(BriefingChannel::Webhook) => {
            if target.is_empty() {
                problems.push("The webhook URL is required.".into());
            } else if let Err(p) = webhook_url_ok(&target) {
                problems.push(p);
            }
        }
        None => {}
    }
    let language = f.language.as_deref().and_then(Lang::parse);
    if language.is_none() {
        problems.push("Choose Korean or English as the language.".into());
    }
    let send_at = f
        .send_at
        .as_deref()
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok())
        .map(|t| t.format("%H:%M").to_string());
    if send_at.is_none() {
        problems.push(format!(
            "The time {:?} is not a time of day (HH:MM).",
            f.send_at.as_deref().unwrap_or_default()
        ));
    }
    let scope = f.scope.as_deref().and_then(BriefingScope::parse);
    if scope.is_none() {
        problems.push("Choose top stories only or every story.".into());
    }
    match (channel, shape, language, send_at, scope) {
        (Some(channel), Some(shape), Some(language), Some(send_at), Some(scope))
            if problems.is_empty() =>
        {
            Ok(Checked {
                channel,
                target,
                // Email has one shape: the plain-text message.
                shape: match channel {
                    BriefingChannel::Email => WebhookShape::Generic,
                    BriefingChannel::Webhook => shape,
                },
                language,
                send_at,
                scope,
            })
        }
        _ => Err(problems),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error("you already have {MAX_PER_USER} briefings; stop one first")]
    TooMany,
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Stores a checked subscription with a new unsubscribe token; returns its id.
pub async fn subscribe(
    store: &Store,
    user_id: UserId,
    c: &Checked,
    now: &str,
) -> Result<SubscriptionId, SubscribeError> {
    let live = store
        .subscriptions_of(user_id)
        .await?
        .iter()
        .filter(|s| s.unsubscribed_at.is_none())
        .count();
    if live >= MAX_PER_USER {
        return Err(SubscribeError::TooMany);
    }
    let token = crate::auth::random_token();
    Ok(store
        .insert_subscription(&NewSubscription {
            user_id,
            channel: c.channel.key(),
            target: &c.target,
            shape: c.shape.key(),
            language: c.language.code(),
            send_at: &c.send_at,
            scope: c.scope.key(),
            unsubscribe_token: &token,
            created_at: now,
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(channel: &str, target: &str) -> Fields {
        Fields {
            channel: Some(channel.into()),
            target: Some(target.into()),
            shape: Some("slack".into()),
            language: Some("ko".into()),
            send_at: Some("7:05".into()),
            scope: Some("top".into()),
        }
    }

    #[test]
    fn a_good_form_is_read_and_the_time_padded() {
        let c = check(&fields("webhook", "https://hooks.example/x"), false).expect("valid");
        assert_eq!(c.send_at, "07:05");
        assert_eq!(c.shape, WebhookShape::Slack);
        let c = check(&fields("email", "ann@example.com"), true).expect("valid");
        assert_eq!(c.shape, WebhookShape::Generic);
    }

    #[test]
    fn every_problem_is_named() {
        let e = check(&fields("email", "ann@example.com"), false).expect_err("no smtp");
        assert!(e[0].contains("no mail server"), "{e:?}");
        let mut f = fields("webhook", "ftp://x");
        f.send_at = Some("25:00".into());
        f.language = Some("fr".into());
        let e = check(&f, true).expect_err("bad");
        assert_eq!(e.len(), 3, "{e:?}");
        let long = format!("https://x.example/{}", "a".repeat(MAX_URL_CHARS));
        assert!(check(&fields("webhook", &long), true).is_err());
        assert!(check(&fields("email", "not an address"), true).is_err());
    }
}
