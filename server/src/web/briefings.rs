//! `/settings/briefings`: a signed-in user's daily-briefing subscriptions (add, stop) and the
//! log of what was sent; `/briefing/unsubscribe/{token}`: the link in every briefing (GET asks
//! to confirm, POST — the form, or a mail client's RFC 8058 one-click — ends it). Plain
//! server-rendered HTML forms, like the editors' (`actions.rs`), checked the same way.

use app::i18n::Lang;
use app::ids::{SubscriptionId, UserId};
use app::vocab::{BriefingChannel, BriefingScope, DeliveryStatus, WebhookShape};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::error::{AppError, HtmlError};
use super::session::{cookie, see_other};
use super::signed_in::SignedIn;
use super::WebState;
use crate::auth::{self, SESSION_COOKIE};
use crate::briefing::subscribe::{self, Fields};
use crate::dates::ts;
use crate::feeds::html;

const PATH: &str = "/settings/briefings";

fn language(state: &WebState, headers: &HeaderMap) -> Lang {
    let cookie = app::functions::cookie_value(headers, "lang");
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(cookie.as_deref(), accept, state.settings.default_lang)
}

fn document(lang: Lang, title: &str, body: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"stylesheet\" href=\"/pkg/proofwire.css\"></head>\
         <body><main class=\"page briefings\"><h1>{}</h1>{body}\
         <p><a href=\"/\">Proofwire</a></p></main></body></html>",
        lang.code(),
        html(title),
        html(title)
    );
    (StatusCode::OK, Html(page)).into_response()
}

/// The user's id behind a session user (sessions carry the name).
async fn user_id(state: &WebState, name: &str) -> Result<UserId, AppError> {
    match state.store().credentials(name).await? {
        Some(c) => Ok(c.id),
        None => Err(AppError::Forbidden("Your account no longer exists.".into())),
    }
}

fn options<T: Copy + PartialEq>(
    all: &[T],
    chosen: T,
    key: fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> String {
    all.iter()
        .map(|v| {
            format!(
                "<option value=\"{}\"{}>{}</option>",
                key(*v),
                if *v == chosen { " selected" } else { "" },
                html(&label(*v))
            )
        })
        .collect()
}

/// `GET /settings/briefings`.
pub async fn page(
    State(state): State<WebState>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let lang = language(&state, &headers);
    let token = cookie(&headers, SESSION_COOKIE).ok_or(AppError::SignIn { next: PATH })?;
    let user = auth::session(state.store(), &token)
        .await?
        .ok_or(AppError::SignIn { next: PATH })?;
    let id = user_id(&state, &user.name).await?;
    let (subs, log) = (
        state.store().subscriptions_of(id).await?,
        state.store().deliveries_of(id, 100).await?,
    );
    let csrf = html(&user.csrf);
    let tz = state.settings.tz.name();
    let mut body = String::new();
    body.push_str(&format!(
        "<p>{} ({})</p>",
        html(lang.pick(
            "매일 정한 시각에 그날의 다이제스트를 이메일이나 웹훅으로 받습니다. 시각은 이 사이트의 시간대 기준입니다.",
            "Get the day's digest by email or webhook at a time of your choosing, in this site's time zone."
        )),
        html(tz)
    ));
    body.push_str(&format!("<h2>{}</h2>", lang.pick("구독", "Your briefings")));
    if subs.is_empty() {
        body.push_str(&format!(
            "<p class=\"empty\">{}</p>",
            lang.pick("아직 없습니다.", "None yet.")
        ));
    } else {
        body.push_str(&format!(
            "<table class=\"briefings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>#</th><th></th></tr></thead><tbody>",
            lang.pick("받는 곳", "Channel"),
            lang.pick("주소", "Sent to"),
            lang.pick("언어", "Language"),
            lang.pick("시각", "Time"),
            lang.pick("범위", "Stories"),
        ));
        for s in &subs {
            let channel = BriefingChannel::parse(&s.channel)
                .map(|c| c.label(lang))
                .unwrap_or("?");
            let shape = match BriefingChannel::parse(&s.channel) {
                Some(BriefingChannel::Webhook) => WebhookShape::parse(&s.shape)
                    .map(|w| format!(" ({})", w.label(lang)))
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let scope = BriefingScope::parse(&s.scope)
                .map(|c| c.label(lang))
                .unwrap_or("?");
            let state_cell = match &s.unsubscribed_at {
                Some(at) => format!("{} {}", lang.pick("해지됨", "Stopped"), html(at)),
                None => format!(
                    "<form method=\"post\" action=\"{PATH}/{}/stop\">\
                     <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
                     <button type=\"submit\">{}</button></form>",
                    s.id,
                    lang.pick("해지", "Stop")
                ),
            };
            body.push_str(&format!(
                "<tr data-subscription=\"{}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                s.id,
                html(channel),
                html(&shape),
                html(&s.target),
                html(&s.language),
                html(&s.send_at),
                html(scope),
                s.id,
                state_cell
            ));
        }
        body.push_str("</tbody></table>");
    }
    let lang_options = options(&[Lang::Ko, Lang::En], lang, Lang::code, |l| {
        l.pick("한국어", "English").to_string()
    });
    body.push_str(&format!(
        "<h2>{}</h2><form method=\"post\" action=\"{PATH}\" class=\"briefing-form\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <label>{} <select name=\"channel\">{}</select></label>\
         <label>{} <input name=\"target\" maxlength=\"2000\" required></label>\
         <label>{} <select name=\"shape\">{}</select></label>\
         <label>{} <select name=\"language\">{}</select></label>\
         <label>{} <input name=\"send_at\" type=\"time\" value=\"07:00\" required></label>\
         <label>{} <select name=\"scope\">{}</select></label>\
         <button type=\"submit\">{}</button></form>{}",
        lang.pick("새 구독", "Add a briefing"),
        lang.pick("받는 곳", "Channel"),
        options(
            BriefingChannel::ALL,
            if state.settings.briefing_email {
                BriefingChannel::Email
            } else {
                BriefingChannel::Webhook
            },
            BriefingChannel::key,
            |c| c.label(lang).to_string()
        ),
        lang.pick("이메일 주소 또는 웹훅 URL", "Email address or webhook URL"),
        lang.pick("웹훅 형식", "Webhook shape"),
        options(
            WebhookShape::ALL,
            WebhookShape::Generic,
            WebhookShape::key,
            |c| c.label(lang).to_string()
        ),
        lang.pick("언어", "Language"),
        lang_options,
        lang.pick("보낼 시각", "Time of day"),
        lang.pick("범위", "Stories"),
        options(
            BriefingScope::ALL,
            BriefingScope::Top,
            BriefingScope::key,
            |c| c.label(lang).to_string()
        ),
        lang.pick("구독", "Subscribe"),
        if state.settings.briefing_email {
            String::new()
        } else {
            format!(
                "<p class=\"note\">{}</p>",
                lang.pick(
                    "이 사이트에는 메일 서버가 설정되어 있지 않아 웹훅만 쓸 수 있습니다.",
                    "This site has no mail server configured: only webhooks can be used."
                )
            )
        }
    ));
    body.push_str(&format!(
        "<h2>{}</h2>",
        lang.pick("보낸 기록", "Delivery log")
    ));
    if log.is_empty() {
        body.push_str(&format!(
            "<p class=\"empty\">{}</p>",
            lang.pick("아직 보낸 것이 없습니다.", "Nothing sent yet.")
        ));
    } else {
        body.push_str(&format!(
            "<table class=\"delivery-log\"><thead><tr><th>{}</th><th>#</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("날짜", "Day"),
            lang.pick("상태", "Status"),
            lang.pick("시도", "Tries"),
            lang.pick("시각 (UTC)", "When (UTC)"),
            lang.pick("오류", "Error"),
        ));
        for d in &log {
            let status = DeliveryStatus::parse(&d.status)
                .map(|s| s.label(lang))
                .unwrap_or("?");
            let when = match (&d.sent_at, &d.next_attempt_at) {
                (Some(at), _) => format!("{} {}", lang.pick("보냄", "sent"), at),
                (None, Some(at)) => format!("{} {}", lang.pick("다음 시도", "next try"), at),
                (None, None) => d.updated_at.clone(),
            };
            body.push_str(&format!(
                "<tr data-status=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                html(&d.status),
                html(&d.day),
                d.subscription_id,
                html(status),
                d.attempts,
                html(&when),
                html(d.error.as_deref().unwrap_or(""))
            ));
        }
        body.push_str("</tbody></table>");
    }
    Ok(document(
        lang,
        lang.pick("데일리 브리핑", "Daily briefings"),
        &body,
    ))
}

/// `POST /settings/briefings`: adds a subscription.
pub async fn add(
    State(state): State<WebState>,
    SignedIn { form, user }: SignedIn,
) -> Result<Response, HtmlError> {
    let fields = Fields {
        channel: form.get("channel"),
        target: form.get("target"),
        shape: form.get("shape"),
        language: form.get("language"),
        send_at: form.get("send_at"),
        scope: form.get("scope"),
    };
    let checked = subscribe::check(&fields, state.settings.briefing_email)
        .map_err(super::actions::Problems)?;
    let id = user_id(&state, &user.name).await?;
    subscribe::subscribe(state.store(), id, &checked, &ts(chrono::Utc::now())).await?;
    Ok(see_other(PATH))
}

/// `POST /settings/briefings/{id}/stop`: ends one of the user's own subscriptions.
pub async fn stop(
    State(state): State<WebState>,
    Path(id): Path<String>,
    SignedIn { user, .. }: SignedIn,
) -> Result<Response, HtmlError> {
    let Ok(sub) = id.parse::<SubscriptionId>() else {
        return Err(AppError::NotFound("There is no such briefing.".into()).into());
    };
    let uid = user_id(&state, &user.name).await?;
    if state
        .store()
        .unsubscribe_own(uid, sub, &ts(chrono::Utc::now()))
        .await?
    {
        Ok(see_other(PATH))
    } else {
        Err(AppError::NotFound("There is no such briefing of yours.".into()).into())
    }
}

/// What the unsubscribe page names as the briefing's destination. Anyone the message reaches
/// can open the link (a whole chat channel, a forwarded email), and a webhook URL is itself a
/// credential for posting to the channel, so only its host is shown, and only the first letter
/// and the domain of an address.
fn shown_target(channel: &str, target: &str) -> String {
    match BriefingChannel::parse(channel) {
        Some(BriefingChannel::Email) => match target.rsplit_once('@') {
            Some((local, domain)) => format!(
                "{}…@{domain}",
                local.chars().next().map(String::from).unwrap_or_default()
            ),
            None => "…".into(),
        },
        _ => url::Url::parse(target)
            .ok()
            .and_then(|u| u.host_str().map(|h| format!("{}://{h}/…", u.scheme())))
            .unwrap_or_else(|| "…".into()),
    }
}

fn not_a_link() -> HtmlError {
    AppError::NotFound("This unsubscribe link is not valid.".into()).into()
}

fn token_ok(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `GET /briefing/unsubscribe/{token}`: asks to confirm (a link preview or a mail scanner that
/// follows links must not unsubscribe anyone).
pub async fn unsubscribe_page(
    State(state): State<WebState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let lang = language(&state, &headers);
    if !token_ok(&token) {
        return Err(not_a_link());
    }
    let sub = state
        .store()
        .subscription_by_token(&token)
        .await?
        .ok_or_else(not_a_link)?;
    let title = lang.pick("브리핑 구독 해지", "Unsubscribe from the briefing");
    if sub.unsubscribed_at.is_some() {
        return Ok(document(
            lang,
            title,
            &format!(
                "<p>{}</p>",
                lang.pick("이미 해지되었습니다.", "This briefing is already stopped.")
            ),
        ));
    }
    Ok(document(
        lang,
        title,
        &format!(
            "<p>{} <strong>{}</strong></p><form method=\"post\" action=\"/briefing/unsubscribe/{token}\">\
             <button type=\"submit\">{}</button></form>",
            lang.pick("받는 곳:", "Sent to:"),
            html(&shown_target(&sub.channel, &sub.target)),
            lang.pick("해지", "Unsubscribe")
        ),
    ))
}

/// `POST /briefing/unsubscribe/{token}`: ends the subscription (the token is the credential).
pub async fn unsubscribe(
    State(state): State<WebState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, HtmlError> {
    let lang = language(&state, &headers);
    if !token_ok(&token) {
        return Err(not_a_link());
    }
    if state.store().subscription_by_token(&token).await?.is_none() {
        return Err(not_a_link());
    }
    state
        .store()
        .unsubscribe_by_token(&token, &ts(chrono::Utc::now()))
        .await?;
    Ok(document(
        lang,
        lang.pick("구독 해지됨", "Unsubscribed"),
        &format!(
            "<p>{}</p>",
            lang.pick(
                "더 이상 이 브리핑을 보내지 않습니다.",
                "This briefing will not be sent again."
            )
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::shown_target;

    #[test]
    fn the_unsubscribe_page_does_not_reveal_the_destination() {
        assert_eq!(
            shown_target("webhook", "https://hooks.slack.com/services/T0/B0/secret"),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            shown_target("email", "reader@example.com"),
            "r…@example.com"
        );
        assert_eq!(shown_target("email", "한글@example.com"), "한…@example.com");
        assert_eq!(shown_target("webhook", "not a url"), "…");
    }
}
