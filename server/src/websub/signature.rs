//! `X-Hub-Signature: method=hex`: the HMAC of a pushed body with the subscription's secret
//! (WebSub §8, "Authenticated Content Distribution"). The comparison is constant-time
//! (`hmac`'s `verify_slice`), so a forger learns nothing from how long a refusal takes.

use hmac::{Hmac, Mac};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no X-Hub-Signature header")]
    Missing,
    #[error("X-Hub-Signature is not method=hex")]
    Malformed,
    #[error("X-Hub-Signature method {0:?} is not sha1, sha256, sha384 or sha512")]
    Method(String),
    #[error("X-Hub-Signature does not match the body")]
    Mismatch,
}

/// The methods WebSub names, by the name the header uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Method {
    pub const ALL: [Method; 4] = [Method::Sha1, Method::Sha256, Method::Sha384, Method::Sha512];

    pub fn name(self) -> &'static str {
        match self {
            Method::Sha1 => "sha1",
            Method::Sha256 => "sha256",
            Method::Sha384 => "sha384",
            Method::Sha512 => "sha512",
        }
    }

    fn parse(name: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(name))
    }
}

fn mac<M: Mac + hmac::digest::KeyInit>(secret: &[u8], body: &[u8]) -> M {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut m = <M as hmac::digest::KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    m.update(body);
    m
}

/// The header value a hub sends for `body` signed with `secret`.
pub fn sign(method: Method, secret: &[u8], body: &[u8]) -> String {
    let digest = match method {
        Method::Sha1 => mac::<Hmac<sha1::Sha1>>(secret, body)
            .finalize()
            .into_bytes()
            .to_vec(),
        Method::Sha256 => mac::<Hmac<sha2::Sha256>>(secret, body)
            .finalize()
            .into_bytes()
            .to_vec(),
        Method::Sha384 => mac::<Hmac<sha2::Sha384>>(secret, body)
            .finalize()
            .into_bytes()
            .to_vec(),
        Method::Sha512 => mac::<Hmac<sha2::Sha512>>(secret, body)
            .finalize()
            .into_bytes()
            .to_vec(),
    };
    format!("{}={}", method.name(), hex::encode(digest))
}

/// Checks a pushed body against its `X-Hub-Signature` header (`None`: the header is absent).
pub fn verify(header: Option<&str>, secret: &[u8], body: &[u8]) -> Result<Method, SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?.trim();
    let (name, hex_digest) = header.split_once('=').ok_or(SignatureError::Malformed)?;
    let method = Method::parse(name.trim())
        .ok_or_else(|| SignatureError::Method(name.chars().take(20).collect::<String>()))?;
    let given = hex::decode(hex_digest.trim()).map_err(|_| SignatureError::Malformed)?;
    let checked = match method {
        Method::Sha1 => mac::<Hmac<sha1::Sha1>>(secret, body).verify_slice(&given),
        Method::Sha256 => mac::<Hmac<sha2::Sha256>>(secret, body).verify_slice(&given),
        Method::Sha384 => mac::<Hmac<sha2::Sha384>>(secret, body).verify_slice(&given),
        Method::Sha512 => mac::<Hmac<sha2::Sha512>>(secret, body).verify_slice(&given),
    };
    checked
        .map(|_| method)
        .map_err(|_| SignatureError::Mismatch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_known_sha256_signature() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let s = sign(Method::Sha256, b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            s,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            verify(Some(&s), b"Jefe", b"what do ya want for nothing?"),
            Ok(Method::Sha256)
        );
    }

    #[test]
    fn missing_malformed_and_unknown_methods_are_refused() {
        assert_eq!(verify(None, b"k", b"x"), Err(SignatureError::Missing));
        assert_eq!(
            verify(Some("sha256"), b"k", b"x"),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify(Some("sha256=zz"), b"k", b"x"),
            Err(SignatureError::Malformed)
        );
        assert!(matches!(
            verify(Some("md5=00"), b"k", b"x"),
            Err(SignatureError::Method(_))
        ));
        // A truncated digest is not a match.
        let s = sign(Method::Sha1, b"k", b"x");
        assert_eq!(
            verify(Some(&s[..s.len() - 2]), b"k", b"x"),
            Err(SignatureError::Mismatch)
        );
    }

    fn method() -> impl Strategy<Value = Method> {
        prop::sample::select(Method::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn what_is_signed_verifies(
            m in method(),
            secret in prop::collection::vec(any::<u8>(), 0..80),
            body in prop::collection::vec(any::<u8>(), 0..600),
        ) {
            let header = sign(m, &secret, &body);
            prop_assert_eq!(verify(Some(&header), &secret, &body), Ok(m));
        }

        #[test]
        fn any_one_byte_changed_fails(
            m in method(),
            secret in prop::collection::vec(any::<u8>(), 1..80),
            body in prop::collection::vec(any::<u8>(), 1..600),
            at in any::<prop::sample::Index>(),
            flip in 1u8..=255,
            which in 0u8..3,
        ) {
            let header = sign(m, &secret, &body);
            let (mut secret2, mut body2, mut header2) = (secret.clone(), body.clone(), header.clone().into_bytes());
            match which {
                0 => { let i = at.index(body2.len()); body2[i] ^= flip; }
                1 => { let i = at.index(secret2.len()); secret2[i] ^= flip; }
                _ => {
                    // A byte of the hex digest, changed to another hex digit.
                    let start = header2.iter().position(|&b| b == b'=').map_or(0, |p| p + 1);
                    let i = start + at.index(header2.len() - start);
                    let digits = b"0123456789abcdef";
                    let pos = digits.iter().position(|&d| d == header2[i]).unwrap_or(0);
                    header2[i] = digits[(pos + usize::from(flip % 15) + 1) % 16];
                }
            }
            let header2 = String::from_utf8(header2).unwrap_or_default();
            prop_assert!(verify(Some(&header2), &secret2, &body2).is_err());
        }

        #[test]
        fn arbitrary_headers_never_panic(h in "\\PC{0,200}", body in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = verify(Some(&h), b"secret", &body);
        }
    }
}
