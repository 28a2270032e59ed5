//! HTTP fetching under the rules hostile input needs: http(s) only; private, loopback,
//! link-local, multicast and unspecified addresses refused after DNS resolution and on every
//! redirect hop (unless the exact `host:port` is allowed); timeouts; a body cap counted after
//! decompression; a redirect limit; a cap on requests in flight per host; conditional GET.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderValue, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION,
};
use tokio::sync::Semaphore;
use url::{Host, Url};

use crate::config::FetchConfig;

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("only http and https URLs are fetched, not {0:?}")]
    Scheme(String),
    #[error("refused {target}: {reason} (list \"host:port\" in fetch.allow_hosts to allow it)")]
    Refused { target: String, reason: String },
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("more than {0} redirects")]
    TooManyRedirects(usize),
    #[error("redirect without a usable Location header")]
    BadRedirect,
    #[error("body larger than the {0}-byte limit")]
    TooLarge(u64),
    #[error("HTTP status {0}")]
    Status(u16),
    #[error("{0}")]
    Network(String),
}

pub use crate::db::sources::Validators;

#[derive(Debug)]
pub struct Fetched {
    pub final_url: Url,
    /// Where the URL has moved for good: the target of the redirects, as long as every one
    /// from the first was permanent (301 or 308). A temporary hop keeps the original.
    pub moved_to: Option<Url>,
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub validators: Validators,
    /// The `Link` header, for listings paged by `rel="next"` (the Hugging Face Hub's).
    pub link: Option<String>,
}

#[derive(Debug)]
pub enum FetchOutcome {
    NotModified,
    Fetched(Box<Fetched>),
}

/// Addresses a fetch may never reach unless explicitly allowed.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_multicast()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
                || (o[0] == 192 && o[1] == 0 && o[2] == 0) // 192.0.0.0/24
                || (o[0] == 198 && (o[1] & 0xfe) == 18) // 198.18.0.0/15
                || o[0] >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            // Prefixes that carry an IPv4 address reach that address (through a NAT64 gateway
            // or a 6to4 relay): they are as public as the address they carry.
            if let Some(v4) = embedded_ipv4(v6) {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if s[0] == 0x2001 && s[1] == 0 {
                // Teredo: tunnels to an IPv4 host whose address is hidden; never needed here.
                return false;
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local
                || (s[0] & 0xffc0) == 0xfe80 // link-local
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8)) // documentation
        }
    }
}

/// The IPv4 address inside a NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`), 6to4 (`2002::/16`) or
/// IPv4-compatible (`::a.b.c.d`) address.
fn embedded_ipv4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let low = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && (s[2..6] == [0, 0, 0, 0] || s[2] == 1);
    if nat64 {
        return Some(low(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return Some(low(s[1], s[2]));
    }
    // `::` and `::1` are the unspecified and loopback addresses, not IPv4-compatible ones.
    if s[..6] == [0; 6] && (s[6] != 0 || s[7] > 1) {
        return Some(low(s[6], s[7]));
    }
    None
}

/// A URL as it may be shown or logged: without a user name, a password, or the values of
/// query parameters that look like credentials.
pub fn display_url(url: &Url) -> String {
    let mut u = url.clone();
    if !u.username().is_empty() || u.password().is_some() {
        let _ = u.set_username("");
        let _ = u.set_password(None);
    }
    let secret = |k: &str| {
        let k = k.to_ascii_lowercase();
        [
            "key",
            "token",
            "secret",
            "password",
            "passwd",
            "auth",
            "sig",
            "signature",
            "credential",
        ]
        .iter()
        .any(|w| k.contains(w))
    };
    if u.query_pairs().any(|(k, _)| secret(&k)) {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if secret(&k) {
                    "…".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string()
}

fn kind_of(ip: IpAddr) -> &'static str {
    match ip {
        IpAddr::V4(v) if v.is_loopback() => "a loopback address",
        IpAddr::V6(v) if v.is_loopback() => "a loopback address",
        IpAddr::V4(v) if v.is_private() => "a private address",
        IpAddr::V4(v) if v.is_link_local() => "a link-local address",
        ip if ip.is_multicast() => "a multicast address",
        ip if ip.is_unspecified() => "an unspecified address",
        _ => "a non-public address",
    }
}

/// Resolves names for reqwest and drops every non-public address, so the address checked is
/// the address connected to (no window for DNS rebinding). Hosts named in `allow_hosts` are
/// passed through; the port is checked before the request is sent.
struct GuardedResolver {
    allowed_names: Arc<HashSet<String>>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let allowed = self.allowed_names.contains(&host.to_ascii_lowercase());
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> {
                    format!("could not resolve {host}: {e}").into()
                })?
                .collect();
            if allowed {
                return Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs);
            }
            let public: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| is_public(a.ip()))
                .collect();
            if public.is_empty() {
                let why = addrs
                    .first()
                    .map(|a| format!("{host} resolves to {} ({})", a.ip(), kind_of(a.ip())))
                    .unwrap_or_else(|| format!("{host} has no addresses"));
                return Err(format!("refused: {why}").into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Hosts whose request slots are remembered while idle.
const MAX_TRACKED_HOSTS: usize = 256;

pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    allow: HashSet<String>,
    allowed_names: Arc<HashSet<String>>,
    per_host: Mutex<HashMap<String, Arc<Semaphore>>>,
}

fn host_port(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    let port = url.port_or_known_default()?;
    Some(format!("{}:{port}", host.to_ascii_lowercase()))
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cur = s.source();
    }
    parts.join(": ")
}

impl Fetcher {
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let allow: HashSet<String> = config
            .allow_hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let allowed_names: Arc<HashSet<String>> = Arc::new(
            allow
                .iter()
                .filter_map(|hp| hp.rsplit_once(':').map(|(h, _)| h.to_string()))
                .collect(),
        );
        let mut client = reqwest::Client::builder();
        // HTTP_PROXY and friends in the environment are ignored: a proxy resolves names
        // itself, out of reach of the address checks, so one is used only when configured.
        client = match config.proxy.trim() {
            "" => client.no_proxy(),
            p => client.proxy(
                reqwest::Proxy::all(p)
                    .map_err(|e| FetchError::Network(format!("fetch.proxy: {e}")))?,
            ),
        };
        let client = client
            .user_agent(config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(config.connect_timeout_secs.max(1)))
            .timeout(Duration::from_secs(config.timeout_secs.max(1)))
            .dns_resolver(Arc::new(GuardedResolver {
                allowed_names: allowed_names.clone(),
            }))
            .build()
            .map_err(|e| FetchError::Network(error_chain(&e)))?;
        Ok(Fetcher {
            client,
            config: config.clone(),
            allow,
            allowed_names,
            per_host: Mutex::new(HashMap::new()),
        })
    }

    /// The same fetcher with another cap on a body (one source's file may be larger than
    /// feeds ever are).
    pub fn with_max_body_bytes(&self, cap: u64) -> Result<Fetcher, FetchError> {
        Fetcher::new(&FetchConfig {
            max_body_bytes: cap,
            ..self.config.clone()
        })
    }

    /// Checks what can be checked before connecting: scheme, literal addresses, allow-list.
    fn check_target(&self, url: &Url) -> Result<String, FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Scheme(url.scheme().to_string()));
        }
        let hp = host_port(url).ok_or_else(|| FetchError::Refused {
            target: display_url(url),
            reason: "no host".into(),
        })?;
        if self.allow.contains(&hp) {
            return Ok(hp);
        }
        let refused = |reason: String| FetchError::Refused {
            target: hp.clone(),
            reason,
        };
        match url.host() {
            Some(Host::Ipv4(ip)) if !is_public(IpAddr::V4(ip)) => {
                Err(refused(format!("{ip} is {}", kind_of(IpAddr::V4(ip)))))
            }
            Some(Host::Ipv6(ip)) if !is_public(IpAddr::V6(ip)) => {
                Err(refused(format!("{ip} is {}", kind_of(IpAddr::V6(ip)))))
            }
            Some(Host::Domain(d)) => {
                let d = d.to_ascii_lowercase();
                if d == "localhost" || d.ends_with(".localhost") {
                    return Err(refused("localhost is a loopback name".into()));
                }
                if self.allowed_names.contains(&d) {
                    return Err(refused(format!("only other ports of {d} are allowed")));
                }
                Ok(hp)
            }
            _ => Ok(hp),
        }
    }

    fn host_slot(&self, hp: &str) -> Arc<Semaphore> {
        let mut map = self.per_host.lock().unwrap_or_else(|p| p.into_inner());
        // Feeds link to any number of hosts: forget the idle ones (held only by this map).
        if map.len() >= MAX_TRACKED_HOSTS && !map.contains_key(hp) {
            map.retain(|_, slot| Arc::strong_count(slot) > 1);
        }
        map.entry(hp.to_string())
            .or_insert_with(|| Arc::new(Semaphore::new(self.config.per_host_concurrency)))
            .clone()
    }

    pub async fn get(
        &self,
        url: &Url,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        let mut current = url.clone();
        let mut moved_to: Option<Url> = None;
        let mut only_permanent = true;
        for _hop in 0..=self.config.max_redirects {
            let hp = self.check_target(&current)?;
            let slot = self.host_slot(&hp);
            let _permit = slot
                .acquire_owned()
                .await
                .map_err(|_| FetchError::Network("fetcher shut down".into()))?;
            let mut headers = HeaderMap::new();
            if let Some(v) = validators
                .etag
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(IF_NONE_MATCH, v);
            }
            if let Some(v) = validators
                .last_modified
                .as_deref()
                .and_then(|v| HeaderValue::from_str(v).ok())
            {
                headers.insert(IF_MODIFIED_SINCE, v);
            }
            let resp = self
                .client
                .get(current.clone())
                .headers(headers)
                .send()
                .await
                .map_err(|e| self.map_err(e))?;
            let status = resp.status();
            if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
                let next = resp
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|loc| current.join(loc).ok())
                    .ok_or(FetchError::BadRedirect)?;
                let permanent = matches!(status.as_u16(), 301 | 308);
                only_permanent &= permanent;
                if only_permanent {
                    moved_to = Some(next.clone());
                }
                current = next;
                continue;
            }
            if status == reqwest::StatusCode::NOT_MODIFIED {
                return Ok(FetchOutcome::NotModified);
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let header = |name| {
                resp.headers()
                    .get(name)
                    .and_then(|v: &HeaderValue| v.to_str().ok())
                    .map(str::to_string)
            };
            let content_type = header(CONTENT_TYPE);
            let link = header(reqwest::header::LINK);
            let validators = Validators {
                etag: header(ETAG),
                last_modified: header(LAST_MODIFIED),
            };
            let body = self.read_capped(resp).await?;
            return Ok(FetchOutcome::Fetched(Box::new(Fetched {
                final_url: current,
                moved_to,
                body,
                content_type,
                validators,
                link,
            })));
        }
        Err(FetchError::TooManyRedirects(self.config.max_redirects))
    }

    /// POSTs a form (`application/x-www-form-urlencoded`), as WebSub requests to a hub are;
    /// see `post`. Returns the status.
    pub async fn post_form(&self, url: &Url, form: &[(&str, &str)]) -> Result<u16, FetchError> {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form.iter().copied())
            .finish();
        // A hub's answer is not needed; a little of it is read so a short one frees the
        // connection for the next request.
        let (status, _) = self
            .post(
                url,
                "application/x-www-form-urlencoded",
                body.into_bytes(),
                64 * 1024,
            )
            .await?;
        Ok(status)
    }

    /// POSTs a JSON body, as briefing webhooks are; see `post`. Returns at most `max_answer`
    /// bytes of the answer.
    pub async fn post_json(
        &self,
        url: &Url,
        body: Vec<u8>,
        max_answer: usize,
    ) -> Result<Vec<u8>, FetchError> {
        let (_, answer) = self.post(url, "application/json", body, max_answer).await?;
        Ok(answer)
    }

    /// One POST under the same address rules as `get` (checked before connecting and again on
    /// the resolved addresses), host slots and timeouts, following no redirect: a form or a
    /// message is never sent twice, and a receiver that answers with a redirect has not taken
    /// it. Reads at most `max_answer` bytes of the answer; anything but a 2xx is an error.
    async fn post(
        &self,
        url: &Url,
        content_type: &'static str,
        body: Vec<u8>,
        max_answer: usize,
    ) -> Result<(u16, Vec<u8>), FetchError> {
        let hp = self.check_target(url)?;
        let slot = self.host_slot(&hp);
        let _permit = slot
            .acquire_owned()
            .await
            .map_err(|_| FetchError::Network("fetcher shut down".into()))?;
        let mut resp = self
            .client
            .post(url.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static(content_type))
            .body(body)
            .send()
            .await
            .map_err(|e| self.map_err(e))?;
        let status = resp.status();
        let mut answer = Vec::new();
        while answer.len() < max_answer {
            match resp.chunk().await.map_err(|e| self.map_err(e))? {
                Some(chunk) => {
                    let room = max_answer - answer.len();
                    answer.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                None => break,
            }
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        Ok((status.as_u16(), answer))
    }

    /// Reads the body chunk by chunk; chunks are already decompressed, so a gzip bomb stops
    /// at the cap instead of filling memory.
    async fn read_capped(&self, mut resp: reqwest::Response) -> Result<Vec<u8>, FetchError> {
        let cap = self.config.max_body_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.map_err(e))? {
            if body.len() as u64 + chunk.len() as u64 > cap {
                return Err(FetchError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn map_err(&self, e: reqwest::Error) -> FetchError {
        if e.is_timeout() {
            return FetchError::Timeout(self.config.timeout_secs);
        }
        let target = e
            .url()
            .and_then(host_port)
            .unwrap_or_else(|| "target".into());
        // The URL may carry credentials; errors are stored and shown on /sources.
        let text = error_chain(&e.without_url());
        if let Some(idx) = text.find("refused: ") {
            let reason = text[idx + "refused: ".len()..].to_string();
            return FetchError::Refused { target, reason };
        }
        FetchError::Network(format!("{target}: {text}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_addresses() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "224.0.0.1",
            "100.64.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            // IPv4 carried inside IPv6: NAT64, local-use NAT64, 6to4, IPv4-compatible.
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::c0a8:101",
            "2002:7f00:1::",
            "2002:a00:1::1",
            "::127.0.0.1",
            "::10.0.0.1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        ] {
            assert!(
                !is_public(bad.parse().expect("ip")),
                "{bad} must not be public"
            );
        }
        for good in [
            "8.8.8.8",
            "104.18.33.45",
            "2606:4700::6810:85e5",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(good.parse().expect("ip")), "{good} is public");
        }
    }

    #[test]
    fn shown_urls_carry_no_credentials() {
        let u = Url::parse("https://ann:hunter2@feeds.example/rss?api_key=abc&lang=en&Token=x")
            .expect("url");
        let shown = display_url(&u);
        assert_eq!(
            shown,
            "https://feeds.example/rss?api_key=%E2%80%A6&lang=en&Token=%E2%80%A6"
        );
        assert!(!shown.contains("hunter2") && !shown.contains("abc"));
        let plain = Url::parse("https://feeds.example/rss?lang=en").expect("url");
        assert_eq!(display_url(&plain), plain.to_string());
    }

    #[test]
    fn idle_host_slots_are_forgotten() {
        let f = Fetcher::new(&FetchConfig::default()).expect("client");
        let busy = f.host_slot("busy.example:443");
        for i in 0..MAX_TRACKED_HOSTS * 3 {
            let _ = f.host_slot(&format!("h{i}.example:443"));
        }
        let map = f.per_host.lock().expect("map");
        assert!(map.len() <= MAX_TRACKED_HOSTS, "{}", map.len());
        assert!(map.contains_key("busy.example:443") && Arc::strong_count(&busy) == 2);
    }

    #[test]
    fn refuses_before_connecting() {
        let cfg = FetchConfig {
            allow_hosts: vec!["127.0.0.1:8080".into(), "localhost:9000".into()],
            ..FetchConfig::default()
        };
        let f = Fetcher::new(&cfg).expect("client");
        let u = |s: &str| Url::parse(s).expect("url");
        assert!(f.check_target(&u("http://127.0.0.1:8080/feed")).is_ok());
        assert!(matches!(
            f.check_target(&u("http://127.0.0.1:8081/feed")),
            Err(FetchError::Refused { .. })
        ));
        assert!(matches!(
            f.check_target(&u("http://[::1]:8080/")),
            Err(FetchError::Refused { .. })
        ));
        assert!(f.check_target(&u("http://localhost:9000/")).is_ok());
        assert!(f.check_target(&u("http://localhost:9001/")).is_err());
        assert!(matches!(
            f.check_target(&u("file:///etc/passwd")),
            Err(FetchError::Scheme(_))
        ));
        assert!(f
            .check_target(&u("http://169.254.169.254/latest/meta-data"))
            .is_err());
        assert!(f
            .check_target(&u("https://openai.com/news/rss.xml"))
            .is_ok());
    }
}
