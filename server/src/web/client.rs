//! Who is asking: the client address that login throttling counts. The TCP peer, unless the
//! peer is a configured reverse proxy; then the proxy's `X-Forwarded-For`, read from the right
//! (the entries a client wrote itself are on the left and are not believed).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;

pub fn address(parts: &Parts, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_canonical())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|a| a.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()))
        .collect::<Result<_, _>>()
        .unwrap_or_default();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted_proxies.contains(ip))
            .unwrap_or(peer),
    )
}

/// The limiter's key for an address: IPv6 clients get a /64 each (one subscriber's share), or
/// rotating through their own prefix would dodge the limit.
pub fn limiter_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => format!("ip:{v4}"),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("ip:{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: &str, xff: &[&str]) -> Parts {
        let mut b = Request::builder().uri("/auth/login");
        for v in xff {
            b = b.header("x-forwarded-for", *v);
        }
        let (mut parts, _) = b.body(()).expect("request").into_parts();
        let peer: SocketAddr = peer.parse().expect("peer");
        parts.extensions.insert(ConnectInfo(peer));
        parts
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let proxy: IpAddr = "127.0.0.1".parse().expect("ip");
        let ip = |s: &str| Some(s.parse::<IpAddr>().expect("ip"));
        // A client cannot name itself.
        assert_eq!(
            address(&parts("203.0.113.5:5000", &["198.51.100.1"]), &[proxy]),
            ip("203.0.113.5")
        );
        // Behind the proxy, the rightmost address the proxy did not add is the client's;
        // what the client wrote on the left is ignored.
        assert_eq!(
            address(
                &parts("127.0.0.1:5000", &["6.6.6.6, 203.0.113.5"]),
                &[proxy]
            ),
            ip("203.0.113.5")
        );
        assert_eq!(
            address(&parts("127.0.0.1:5000", &["garbage"]), &[proxy]),
            ip("127.0.0.1")
        );
        assert_eq!(address(&parts("127.0.0.1:5000", &[]), &[]), ip("127.0.0.1"));
        assert_eq!(
            address(&parts("[::ffff:192.0.2.1]:80", &[]), &[]),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn ipv6_clients_share_a_key_per_64() {
        let a = limiter_key("2001:db8:1:2::1".parse().expect("ip"));
        let b = limiter_key("2001:db8:1:2:ffff::9".parse().expect("ip"));
        assert_eq!(a, b);
        assert_ne!(a, limiter_key("2001:db8:1:3::1".parse().expect("ip")));
    }
}
