//! One HTTP exchange over reqwest (blocking, or as a task on a tokio runtime; rustls): TLS,
//! proxies, timeouts, user agent, paced request bodies.

use std::error::Error as _;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::TransportError;
use crate::message::{Body, Request, Response, ResponseBody};
use crate::proxy::ProxySettings;
use crate::redact::redact_url;

/// The default connect and read timeout, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// How the client connects.
#[derive(Clone, Debug)]
pub struct TransportConfig {
    /// The CLI version for the user agent (`aws-cli/<version> ...`).
    pub cli_version: String,
    /// Appended to the user agent (e.g. `md/command#s3.ls`), may be empty.
    pub user_agent_extra: String,
    /// Extra trusted CA certificates (PEM), added to the system roots.
    pub ca_bundle: Option<PathBuf>,
    /// Verify server certificates (`--no-verify-ssl` sets this to false).
    pub verify_ssl: bool,
    /// Proxies to use.
    pub proxies: ProxySettings,
    /// Connect timeout; `None` waits forever.
    pub connect_timeout: Option<Duration>,
    /// Read timeout (waiting for a response and for each read of its body); `None` waits forever.
    pub read_timeout: Option<Duration>,
    /// Enable TCP keep-alive probes.
    pub tcp_keepalive: bool,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            cli_version: env!("CARGO_PKG_VERSION").to_string(),
            user_agent_extra: String::new(),
            ca_bundle: None,
            verify_ssl: true,
            proxies: ProxySettings::default(),
            connect_timeout: Some(Duration::from_secs(DEFAULT_TIMEOUT_SECS)),
            read_timeout: Some(Duration::from_secs(DEFAULT_TIMEOUT_SECS)),
            tcp_keepalive: false,
        }
    }
}

/// A timeout from `--cli-connect-timeout` / `--cli-read-timeout` seconds: 0 means no limit.
pub fn timeout_from_secs(secs: f64) -> Option<Duration> {
    (secs > 0.0 && secs.is_finite()).then(|| Duration::from_secs_f64(secs))
}

/// The user agent: `aws-cli/<version> ua/2.0 os/<os> md/arch#<arch> lang/rust [extra]`.
pub fn user_agent(cli_version: &str, extra: &str) -> String {
    let mut ua = format!(
        "aws-cli/{cli_version} ua/2.0 os/{} md/arch#{} lang/rust",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    if !extra.is_empty() {
        ua.push(' ');
        ua.push_str(extra);
    }
    ua
}

/// A connection pool sending one request per call, without retries.
#[derive(Clone, Debug)]
pub struct HttpClient {
    client: reqwest::blocking::Client,
    config: TransportConfig,
}

/// The same connection settings for a task-based (async) transfer engine: requests are sent
/// and bodies received on the caller's tokio runtime, without a thread hand-off per chunk.
#[derive(Clone)]
pub struct AsyncHttpClient {
    client: reqwest::Client,
    pace: Option<Pace>,
}

/// Paces request bodies: takes a number of bytes about to be sent and returns how long to
/// wait before sending them (a bandwidth limit).
pub type Pace = Arc<dyn Fn(u64) -> Duration + Send + Sync>;

impl fmt::Debug for AsyncHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncHttpClient")
            .field("paced", &self.pace.is_some())
            .finish()
    }
}

/// Applies what both client builders share: TLS, user agent, no redirects, proxies and
/// `NO_PROXY`, keep-alive probes.
macro_rules! common_settings {
    ($builder:expr, $config:expr, $tls:expr) => {{
        let config: &TransportConfig = $config;
        let mut builder = $builder
            .tls_backend_preconfigured($tls)
            .user_agent(user_agent(&config.cli_version, &config.user_agent_extra))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .tcp_keepalive(config.tcp_keepalive.then(|| Duration::from_secs(60)));
        let no_proxy = config
            .proxies
            .no_proxy
            .as_deref()
            .and_then(reqwest::NoProxy::from_string);
        let bad_proxy =
            |e: reqwest::Error| TransportError::Config(format!("invalid proxy URL: {e}"));
        if let Some(url) = &config.proxies.http {
            let proxy = reqwest::Proxy::http(url.as_str()).map_err(bad_proxy)?;
            builder = builder.proxy(proxy.no_proxy(no_proxy.clone()));
        }
        if let Some(url) = &config.proxies.https {
            let proxy = reqwest::Proxy::https(url.as_str()).map_err(bad_proxy)?;
            builder = builder.proxy(proxy.no_proxy(no_proxy));
        }
        builder
    }};
}

impl HttpClient {
    /// Builds the client. Must not be called from inside an async runtime.
    pub fn new(config: &TransportConfig) -> Result<Self, TransportError> {
        let tls = crate::tls::client_config(config.ca_bundle.as_deref(), config.verify_ssl)?;
        let client = common_settings!(reqwest::blocking::Client::builder(), config, tls)
            .connect_timeout(config.connect_timeout)
            .timeout(config.read_timeout)
            .build()
            .map_err(|e| TransportError::Config(format!("cannot create the HTTP client: {e}")))?;
        Ok(HttpClient {
            client,
            config: config.clone(),
        })
    }

    /// The `User-Agent` every request carries.
    pub fn user_agent(&self) -> String {
        user_agent(&self.config.cli_version, &self.config.user_agent_extra)
    }

    /// The read timeout (`None` waits forever).
    pub fn read_timeout(&self) -> Option<Duration> {
        self.config.read_timeout
    }

    /// A task-based client with the same settings (its connections belong to the tokio
    /// runtime that first uses them).
    pub fn async_twin(&self) -> Result<AsyncHttpClient, TransportError> {
        let config = &self.config;
        let tls = crate::tls::client_config(config.ca_bundle.as_deref(), config.verify_ssl)?;
        let mut builder = common_settings!(reqwest::Client::builder(), config, tls);
        if let Some(t) = config.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        // A limit on each wait for data, as the blocking client's (not on the whole body).
        if let Some(t) = config.read_timeout {
            builder = builder.read_timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| TransportError::Config(format!("cannot create the HTTP client: {e}")))?;
        Ok(AsyncHttpClient { client, pace: None })
    }

    /// Sends one request. With `stream`, a successful (2xx) response's body is left unread for
    /// the caller; every other body is read into memory.
    pub fn send(&self, request: &Request, stream: bool) -> Result<Response, TransportError> {
        // The whole URL, query included, as botocore names it (secret values hidden).
        let url = redact_url(&request.url);
        let mut builder = self.client.request(method(request)?, request.url.as_str());
        for (name, value) in wire_headers(request) {
            builder = builder.header(name, value);
        }
        let body = match &request.body {
            _ if bodiless(request) => None,
            Body::Bytes(b) => Some(reqwest::blocking::Body::from(b.clone())),
            Body::Stream { length, open } => {
                let reader = open().map_err(|e| TransportError::Body(e.to_string()))?;
                Some(reqwest::blocking::Body::sized(reader, *length))
            }
        };
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let response = builder.send().map_err(|e| classify(&e, &url))?;
        let status = response.status().as_u16();
        let headers = header_pairs(response.headers());
        let body = if stream && (200..300).contains(&status) {
            ResponseBody::Stream(Box::new(response))
        } else {
            let bytes = response.bytes().map_err(|e| classify(&e, &url))?;
            ResponseBody::Bytes(Vec::from(bytes))
        };
        Ok(Response {
            status,
            headers,
            body,
            retry_attempts: 0,
            max_attempts_reached: false,
        })
    }
}

impl AsyncHttpClient {
    /// The same client (sharing its connections) whose request bodies are sent in slices of
    /// [`PACE_SLICE`] bytes, each after the wait `pace` asks for.
    pub fn paced(&self, pace: Pace) -> AsyncHttpClient {
        AsyncHttpClient {
            client: self.client.clone(),
            pace: Some(pace),
        }
    }

    /// Sends one request on the current tokio runtime. With `stream`, a successful (2xx)
    /// response's body is left to be received chunk by chunk; every other body is read
    /// into memory.
    pub async fn send(
        &self,
        request: &Request,
        stream: bool,
    ) -> Result<AsyncResponse, TransportError> {
        // The whole URL, query included, as botocore names it (secret values hidden).
        let url = redact_url(&request.url);
        let mut builder = self.client.request(method(request)?, request.url.as_str());
        for (name, value) in wire_headers(request) {
            builder = builder.header(name, value);
        }
        if !bodiless(request) {
            builder = builder.body(self.body(&request.body)?);
        }
        let response = builder.send().await.map_err(|e| classify(&e, &url))?;
        let status = response.status().as_u16();
        let headers = header_pairs(response.headers());
        let body = if stream && (200..300).contains(&status) {
            AsyncBody::Stream { response, url }
        } else {
            let bytes = response.bytes().await.map_err(|e| classify(&e, &url))?;
            AsyncBody::Bytes(Vec::from(bytes))
        };
        Ok(AsyncResponse {
            status,
            headers,
            body,
            retry_attempts: 0,
            max_attempts_reached: false,
        })
    }

    /// The request body as reqwest sends it: bytes in memory as they are (paced when the
    /// client is), a stream read in full first (it is read with blocking calls).
    fn body(&self, body: &Body) -> Result<reqwest::Body, TransportError> {
        Ok(match (body, &self.pace) {
            (Body::Bytes(b), Some(pace)) if !b.is_empty() => reqwest::Body::wrap(PacedBody {
                rest: b.clone(),
                pace: Arc::clone(pace),
                wait: None,
            }),
            (Body::Bytes(b), _) => reqwest::Body::from(b.clone()),
            (Body::Stream { open, .. }, _) => {
                let mut data = Vec::new();
                open()
                    .and_then(|mut r| std::io::Read::read_to_end(&mut r, &mut data))
                    .map_err(|e| TransportError::Body(e.to_string()))?;
                reqwest::Body::from(data)
            }
        })
    }
}

/// The size of the slices a paced body is sent in.
pub const PACE_SLICE: usize = 64 << 10;

/// A request body sent slice by slice, each after the wait its pace asks for. Slices share
/// the body's memory (no copies); the exact length is known, so it goes out with a
/// `Content-Length`.
struct PacedBody {
    rest: bytes::Bytes,
    pace: Pace,
    /// The next slice and the wait before it may be sent.
    wait: Option<(bytes::Bytes, Pin<Box<tokio::time::Sleep>>)>,
}

impl http_body::Body for PacedBody {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        if self.wait.is_none() {
            if self.rest.is_empty() {
                return Poll::Ready(None);
            }
            let n = self.rest.len().min(PACE_SLICE);
            let slice = self.rest.split_to(n);
            let delay = (self.pace)(n as u64);
            if delay.is_zero() {
                return Poll::Ready(Some(Ok(http_body::Frame::data(slice))));
            }
            self.wait = Some((slice, Box::pin(tokio::time::sleep(delay))));
        }
        if let Some((_, sleep)) = self.wait.as_mut() {
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
        let slice = self.wait.take().map(|(slice, _)| slice).unwrap_or_default();
        Poll::Ready(Some(Ok(http_body::Frame::data(slice))))
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty() && self.wait.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let pending = self.wait.as_ref().map_or(0, |(slice, _)| slice.len());
        http_body::SizeHint::with_exact((self.rest.len() + pending) as u64)
    }
}

/// A response of [`AsyncHttpClient::send`].
#[derive(Debug)]
pub struct AsyncResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body: in memory for error responses, still arriving for successful ones.
    pub body: AsyncBody,
    /// How many retries were made before this response.
    pub retry_attempts: u32,
    /// Whether this is the response of the last attempt allowed.
    pub max_attempts_reached: bool,
}

/// The body of an [`AsyncResponse`].
#[derive(Debug)]
pub enum AsyncBody {
    /// The whole body, read into memory.
    Bytes(Vec<u8>),
    /// A body still being received.
    Stream {
        /// The response being received.
        response: reqwest::Response,
        /// The URL for error messages.
        url: String,
    },
}

impl AsyncResponse {
    /// The next chunk of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<bytes::Bytes>, TransportError> {
        match &mut self.body {
            AsyncBody::Bytes(b) if b.is_empty() => Ok(None),
            AsyncBody::Bytes(b) => Ok(Some(bytes::Bytes::from(std::mem::take(b)))),
            AsyncBody::Stream { response, url } => {
                response.chunk().await.map_err(|e| classify(&e, url))
            }
        }
    }

    /// The response with its body read into memory.
    pub async fn into_response(mut self) -> Result<Response, TransportError> {
        let mut body = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status: self.status,
            headers: self.headers,
            body: ResponseBody::Bytes(body),
            retry_attempts: self.retry_attempts,
            max_attempts_reached: self.max_attempts_reached,
        })
    }
}

/// Response headers as (lower-case name, value) pairs, in order.
/// A request's method as reqwest takes it (for the blocking and the async client alike).
/// The request's headers as they go out: with `Accept-Encoding: identity` unless it names
/// one, as Python's `http.client` sends every request of botocore.
fn wire_headers(request: &Request) -> impl Iterator<Item = (&str, &str)> {
    let identity = request
        .header("accept-encoding")
        .is_none()
        .then_some(("Accept-Encoding", "identity"));
    request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(identity)
}

/// Whether a request goes without a body and so without `Content-Length`: an empty `GET`,
/// `HEAD` or `OPTIONS`, as botocore prepares them (other methods send `Content-Length: 0`).
fn bodiless(request: &Request) -> bool {
    matches!(request.method.as_str(), "GET" | "HEAD" | "OPTIONS") && request.body.is_empty()
}

fn method(request: &Request) -> Result<reqwest::Method, TransportError> {
    reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| TransportError::Config(format!("invalid HTTP method {:?}", request.method)))
}

fn header_pairs(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// Maps a reqwest error to what the user is told.
fn classify(error: &reqwest::Error, url: &str) -> TransportError {
    let url = url.to_string();
    if let Some(detail) = tls_failure(error) {
        return TransportError::Tls { url, detail };
    }
    if error.is_timeout() {
        return if error.is_connect() {
            TransportError::ConnectTimeout { url }
        } else {
            TransportError::ReadTimeout { url }
        };
    }
    // A host the URL parser refuses (an access point's name before an IP address) is one
    // that cannot be reached, as Python finds when it tries it.
    if error.is_connect() || unparsable_url(error) {
        return TransportError::Connect { url };
    }
    if error.is_builder() {
        return TransportError::Config(format!("invalid request to {url}: {error}"));
    }
    TransportError::ConnectionClosed { url }
}

/// Whether the request could not be built because its URL does not parse.
fn unparsable_url(error: &reqwest::Error) -> bool {
    use std::error::Error as _;
    error.is_builder()
        && error
            .source()
            .is_some_and(|e| e.downcast_ref::<url::ParseError>().is_some())
}

/// The rustls error somewhere in the chain of causes (through nested I/O errors), described.
fn tls_failure(error: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(e) = source {
        if let Some(tls) = find_rustls(e) {
            return Some(describe_tls(tls));
        }
        source = e.source();
    }
    None
}

fn find_rustls<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let io = error.downcast_ref::<std::io::Error>()?;
    find_rustls(io.get_ref()?)
}

fn describe_tls(error: &rustls::Error) -> String {
    match error {
        rustls::Error::InvalidCertificate(cert) => {
            format!("[certificate verify failed] {cert:?}")
        }
        other => format!("[TLS error] {other}"),
    }
}
