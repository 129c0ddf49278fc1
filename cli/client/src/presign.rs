//! Pre-signed URLs with a client's credentials, as botocore's `generate_presigned_url`
//! makes them: a GET whose operation parameters (the query serializer's form body, or the
//! given parameters) lead the query string, followed by the SigV4 query authentication.
//! The RDS and DSQL auth tokens and the EKS token are such URLs.

use crate::call::{CallError, Client, Signing};
use aws2_core::model::Operation;
use aws2_core::Value;
use aws2_http::sigv4::{self, encode_unreserved, PayloadHash, SigningParams, SigningSettings};
use aws2_http::{Auth, Body, CredentialSource, Credentials, Request};
use percent_encoding::percent_decode_str;
use std::time::SystemTime;

/// What a pre-signed URL is valid for besides its address.
#[derive(Debug, Clone)]
pub struct Presign<'a> {
    /// Headers signed with the URL, which its user must send (`x-k8s-aws-id`).
    pub headers: &'a [(String, String)],
    /// `X-Amz-Expires`, in seconds.
    pub expires: i64,
    /// The signing time.
    pub time: SystemTime,
}

impl Client {
    /// The client's region, if it has one.
    pub fn region(&self) -> Option<&str> {
        self.config.endpoint.region.as_deref()
    }

    /// This client signing with fixed `credentials` (those of an assumed role).
    pub fn with_credentials(&self, credentials: Credentials) -> Client {
        let mut config = self.config.clone();
        config.signing = Signing::Credentials(CredentialSource::fixed(credentials));
        Client::new(self.service().clone(), config, self.sender.clone())
    }

    /// The credentials the client signs with, loaded now; `None` for an unsigned client
    /// (`--no-sign-request`).
    pub fn current_credentials(&self) -> Result<Option<std::sync::Arc<Credentials>>, CallError> {
        match &self.config.signing {
            Signing::Credentials(source) => {
                Ok(Some(source.load().map_err(aws2_http::Error::from)?))
            }
            Signing::Anonymous => Ok(None),
        }
    }

    /// Pre-signs a GET of `base` (`https://host[:port][/path][?query]`, a path `/` when it
    /// has none) with the operation parameters `params`, for the signing name `service` in
    /// `region`, with the client's credentials. Unsigned clients (`--no-sign-request`)
    /// give the URL without the parameters, as botocore leaves them in the unsigned body.
    pub fn presign_url(
        &self,
        base: &str,
        params: &[(&str, &str)],
        service: &str,
        region: &str,
        presign: &Presign<'_>,
    ) -> Result<String, CallError> {
        let credentials = match &self.config.signing {
            Signing::Credentials(source) => source.clone(),
            Signing::Anonymous => {
                return Ok(joined(base));
            }
        };
        let auth = Auth::SigV4 {
            credentials,
            region: region.to_owned(),
            service: service.to_owned(),
            settings: SigningSettings::default(),
        };
        sign(&with_query(&joined(base), params), &auth, presign)
    }

    /// Pre-signs a call of `operation` with `input` as a GET (STS `GetCallerIdentity` for
    /// EKS): the serialized form body moves into the query string, the endpoint and the
    /// signing name and region are those of the call.
    pub fn presign_operation(
        &self,
        operation: &Operation,
        input: &Value,
        presign: &Presign<'_>,
    ) -> Result<String, CallError> {
        let (request, auth) = self.prepare(operation, input, None)?;
        if !matches!(auth, Auth::SigV4 { .. }) {
            // Unsigned, the parameters stay in the body botocore never sends.
            return Ok(request.url);
        }
        let body = match &request.body {
            Body::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            _ => String::new(),
        };
        let form: Vec<(String, String)> = parse_pairs(&body);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        sign(&with_query(&request.url, &pairs), &auth, presign)
    }
}

/// Signs a GET of `url` with `auth`'s credentials, region and signing name.
fn sign(url: &str, auth: &Auth, presign: &Presign<'_>) -> Result<String, CallError> {
    let Auth::SigV4 {
        credentials,
        region,
        service,
        ..
    } = auth
    else {
        return Ok(url.to_owned());
    };
    let credentials = credentials.load().map_err(aws2_http::Error::from)?;
    let mut request = Request::new("GET", url);
    for (name, value) in presign.headers {
        request.set_header(name, value.clone());
    }
    let params = SigningParams {
        credentials: &credentials,
        region,
        service,
        time: presign.time,
        settings: SigningSettings {
            payload: PayloadHash::Compute,
            ..SigningSettings::default()
        },
    };
    let (signed, _) = sigv4::presign_for_seconds(&request, &params, presign.expires)
        .map_err(aws2_http::Error::from)?;
    Ok(signed)
}

/// `base` with the path `/` when it has none, as botocore joins an endpoint and the path `/`.
fn joined(base: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, after) = rest.split_at(end);
    if after.starts_with('/') {
        base.to_owned()
    } else {
        format!("{scheme}://{netloc}/{after}")
    }
}

/// `url` with its query's parameters (decoded, each name once) and then `params` as the
/// query, every name and value percent-encoded but the unreserved characters: the query
/// botocore builds before it adds the authentication parameters.
fn with_query(url: &str, params: &[(&str, &str)]) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs = parse_pairs(query);
    for (name, value) in params {
        match pairs.iter_mut().find(|(k, _)| k == name) {
            Some(pair) => pair.1 = (*value).to_owned(),
            None => pairs.push(((*name).to_owned(), (*value).to_owned())),
        }
    }
    if pairs.is_empty() {
        return base.to_owned();
    }
    let query = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_unreserved(k), encode_unreserved(v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("{base}?{query}")
}

/// The pairs of a query or form body, `+` read as a space, each name once (the last value).
fn parse_pairs(text: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for piece in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let (k, v) = (decode(k), decode(v));
        match pairs.iter_mut().find(|(name, _)| *name == k) {
            Some(pair) => pair.1 = v,
            None => pairs.push((k, v)),
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_get_a_path_and_their_parameters_first() {
        assert_eq!(joined("https://db:5432"), "https://db:5432/");
        assert_eq!(joined("https://h?q=1"), "https://h/?q=1");
        assert_eq!(joined("https://h/x:5432"), "https://h/x:5432");
        assert_eq!(
            with_query(
                "https://h/?q=a+b&Action=x",
                &[("Action", "connect"), ("DBUser", "a b/c")]
            ),
            "https://h/?q=a%20b&Action=connect&DBUser=a%20b%2Fc"
        );
        assert_eq!(with_query("https://h/", &[]), "https://h/");
    }
}
