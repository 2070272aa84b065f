//! CSRF protection of the forms used without a session (the application, the status lookup, the login): a
//! random token in an HttpOnly, SameSite=Strict cookie and the same token in a hidden field (the double-submit
//! pattern). Another site can neither read the cookie nor make the browser send it, so a form posted from
//! elsewhere lacks the pair and is refused before anything is stored. No server state: any process checks it.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use std::convert::Infallible;

/// The cookie's name.
pub const COOKIE: &str = "gk_form";
/// The hidden field's name.
pub const FIELD: &str = "form_token";

/// The value of cookie `name` in the request's headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .map(str::to_string)
        })
}

/// The form token the browser holds, if any.
pub struct FormToken(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for FormToken {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(FormToken(
            cookie(&parts.headers, COOKIE).filter(|t| t.len() >= 16 && t.len() <= 64),
        ))
    }
}

impl FormToken {
    /// The token to put in a form (the browser's own, else a new one) and the cookie that sets it.
    pub fn issue(&self) -> (String, String) {
        let token = self.0.clone().unwrap_or_else(|| {
            let mut rng = rand::rng();
            (0..2)
                .map(|_| crate::secret::new_secret(&mut rng))
                .collect()
        });
        let set =
            format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=86400");
        (token, set)
    }

    /// Whether a submitted form carries the browser's token.
    pub fn matches(&self, submitted: &str) -> bool {
        self.0.as_deref().is_some_and(|t| {
            t.len() == submitted.len()
                && t.bytes()
                    .zip(submitted.bytes())
                    .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                    == 0
        })
    }
}

/// The message of a refused form.
pub const REFUSED: &str =
    "表单已失效或并非从本网站提交（校验码不符），未作保存。请重新打开本页面后再提交。";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pair_of_cookie_and_field_passes() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "gk_session=x; gk_form=ABCDEFGHJKLMNPQRST".parse().unwrap(),
        );
        assert_eq!(cookie(&h, COOKIE).as_deref(), Some("ABCDEFGHJKLMNPQRST"));
        let t = FormToken(cookie(&h, COOKIE));
        assert!(t.matches("ABCDEFGHJKLMNPQRST"));
        assert!(!t.matches("ABCDEFGHJKLMNPQRSX"));
        assert!(!t.matches(""));
        assert!(!FormToken(None).matches(""));
        assert_eq!(
            t.issue().0,
            "ABCDEFGHJKLMNPQRST",
            "the browser's token is kept"
        );
        assert_eq!(FormToken(None).issue().0.len(), 24);
    }
}
