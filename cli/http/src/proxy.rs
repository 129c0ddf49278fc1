//! Proxy settings from `HTTP_PROXY`, `HTTPS_PROXY` and `NO_PROXY`.

use std::collections::HashMap;

/// Which proxies to use. Read from an environment map so callers (and tests) need not touch
/// the process environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// Proxy for `http://` URLs (may carry `user:password@` for Basic auth).
    pub http: Option<String>,
    /// Proxy for `https://` URLs.
    pub https: Option<String>,
    /// Comma-separated hosts, domains, IPs or CIDRs that bypass the proxies.
    pub no_proxy: Option<String>,
}

impl ProxySettings {
    /// Reads the settings from an environment map; the lower-case variable wins when both
    /// spellings are set, and empty values count as unset.
    pub fn from_env(env: &HashMap<String, String>) -> Self {
        let get = |name: &str| {
            [name.to_ascii_lowercase(), name.to_string()]
                .iter()
                .filter_map(|k| env.get(k))
                .find(|v| !v.trim().is_empty())
                .map(|v| v.trim().to_string())
        };
        ProxySettings {
            http: get("HTTP_PROXY"),
            https: get("HTTPS_PROXY"),
            no_proxy: get("NO_PROXY"),
        }
    }

    /// Reads the settings from the process environment.
    pub fn from_process_env() -> Self {
        Self::from_env(&std::env::vars().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_wins() {
        let env: HashMap<String, String> = [
            ("HTTP_PROXY", "http://upper:1"),
            ("http_proxy", "http://lower:2"),
            ("HTTPS_PROXY", "http://secure:3"),
            ("no_proxy", ""),
            ("NO_PROXY", "localhost"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let p = ProxySettings::from_env(&env);
        assert_eq!(p.http.as_deref(), Some("http://lower:2"));
        assert_eq!(p.https.as_deref(), Some("http://secure:3"));
        assert_eq!(p.no_proxy.as_deref(), Some("localhost"));
    }
}
