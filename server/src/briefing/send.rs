//! Sending one briefing: email through the configured SMTP server (lettre), a webhook through
//! the fetcher (the same address rules as feeds: no private address unless allowed, no
//! redirect, a time limit, a bounded read of the answer).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::content::Briefing;
use super::shapes;
use crate::config::BriefingConfig;
use crate::fetch::Fetcher;
use app::vocab::WebhookShape;

/// A webhook's answer is read up to this much, then ignored.
const MAX_ANSWER: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("no SMTP server is configured ([briefing] smtp_host and smtp_from)")]
    NoSmtp,
    #[error("{0:?} is not an email address")]
    Address(String),
    #[error("cannot build the message: {0}")]
    Message(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("{0:?} is not an http(s) URL")]
    Url(String),
    #[error("webhook: {0}")]
    Webhook(String),
    #[error("timed out after {0} s")]
    Timeout(u64),
}

pub struct Senders {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    fetcher: Arc<Fetcher>,
    timeout: Duration,
}

impl Senders {
    pub fn new(config: &BriefingConfig, fetcher: Arc<Fetcher>) -> Result<Senders, SendError> {
        let smtp = if config.smtp_configured() {
            let from: Mailbox = config
                .smtp_from
                .parse()
                .map_err(|_| SendError::Address(config.smtp_from.clone()))?;
            let host = config.smtp_host.trim();
            let builder = match config.smtp_tls.as_str() {
                "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
                "starttls" => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
                _ => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                    host,
                )),
            }
            .map_err(|e| SendError::Smtp(e.to_string()))?;
            let mut builder = builder
                .port(config.smtp_port)
                .timeout(Some(Duration::from_secs(config.send_timeout_secs)));
            if !config.smtp_user.is_empty() {
                builder = builder.credentials(Credentials::new(
                    config.smtp_user.clone(),
                    config.smtp_password.clone(),
                ));
            }
            Some((builder.build(), from))
        } else {
            None
        };
        Ok(Senders {
            smtp,
            fetcher,
            timeout: Duration::from_secs(config.send_timeout_secs),
        })
    }

    /// The email message for `to` (also what the tests read back from their SMTP sink).
    pub fn email(b: &Briefing, from: Mailbox, to: &str) -> Result<Message, SendError> {
        let to: Mailbox = to.parse().map_err(|_| SendError::Address(to.into()))?;
        let mut message = Message::builder()
            .from(from)
            .to(to)
            .subject(shapes::email_subject(b))
            .header(ContentType::TEXT_PLAIN)
            .body(shapes::email_text(b))
            .map_err(|e| SendError::Message(e.to_string()))?;
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs the link.
        let headers = message.headers_mut();
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{}>", b.unsubscribe_url),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ));
        Ok(message)
    }

    pub async fn send_email(&self, b: &Briefing, to: &str) -> Result<(), SendError> {
        let (transport, from) = self.smtp.as_ref().ok_or(SendError::NoSmtp)?;
        let message = Self::email(b, from.clone(), to)?;
        tokio::time::timeout(self.timeout, transport.send(message))
            .await
            .map_err(|_| SendError::Timeout(self.timeout.as_secs()))?
            .map(|_| ())
            .map_err(|e| SendError::Smtp(e.to_string()))
    }

    pub async fn send_webhook(
        &self,
        b: &Briefing,
        url: &str,
        shape: WebhookShape,
    ) -> Result<(), SendError> {
        let parsed = url::Url::parse(url).map_err(|_| SendError::Url(url.into()))?;
        let body = serde_json::to_vec(&shapes::webhook_body(b, shape))
            .map_err(|e| SendError::Message(e.to_string()))?;
        tokio::time::timeout(
            self.timeout,
            self.fetcher.post_json(&parsed, body, MAX_ANSWER),
        )
        .await
        .map_err(|_| SendError::Timeout(self.timeout.as_secs()))?
        .map(|_| ())
        .map_err(|e| SendError::Webhook(e.to_string()))
    }
}
