//! Sending with retries: signs every attempt, classifies failures, backs off, corrects clock
//! skew, and logs each exchange for `--debug` with secrets redacted.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::auth::Auth;
use crate::error::{Error, TransportError};
use crate::message::{Body, Request, Response, ResponseBody};
use crate::redact;
use crate::retry::{
    invalid_retry_mode, standard_backoff_secs, ErrorInspector, Failure, RateLimiter, RetryConfig,
    RetryMode, RetryQuota, SdkHeaders, CLOCK_SKEW_CODES, DEFAULT_MAX_ATTEMPTS,
};
use crate::sigv4::{sha256_hex, PayloadHash};
use crate::transport::{AsyncBody, AsyncHttpClient, AsyncResponse, HttpClient};

/// A skew smaller than this is not corrected.
const SKEW_THRESHOLD: Duration = Duration::from_secs(4 * 60);

/// Injectable effects: sleeping, the clock and the jitter source.
#[derive(Clone)]
pub struct Hooks {
    /// Waits between attempts.
    pub sleep: Arc<dyn Fn(Duration) + Send + Sync>,
    /// The local clock.
    pub now: Arc<dyn Fn() -> SystemTime + Send + Sync>,
    /// A random number in [0, 1) for jitter.
    pub random: Arc<dyn Fn() -> f64 + Send + Sync>,
}

impl Default for Hooks {
    fn default() -> Self {
        Hooks {
            sleep: Arc::new(std::thread::sleep),
            now: Arc::new(SystemTime::now),
            random: Arc::new(fastrand::f64),
        }
    }
}

/// Sends requests of one service client with its retry settings.
pub struct Sender {
    http: HttpClient,
    config: RetryConfig,
    quota: Mutex<RetryQuota>,
    limiter: Option<Mutex<RateLimiter>>,
    /// Server time minus local time, in milliseconds.
    skew_ms: Mutex<i64>,
    hooks: Hooks,
}

impl Sender {
    /// A sender over `http` with the given retry settings.
    pub fn new(http: HttpClient, config: RetryConfig) -> Result<Self, TransportError> {
        Self::with_hooks(http, config, Hooks::default())
    }

    /// A sender with injected sleep, clock and randomness.
    pub fn with_hooks(
        http: HttpClient,
        config: RetryConfig,
        hooks: Hooks,
    ) -> Result<Self, TransportError> {
        if config.mode == RetryMode::Legacy {
            return Err(TransportError::Config(invalid_retry_mode("legacy")));
        }
        let limiter = (config.mode == RetryMode::Adaptive)
            .then(|| Mutex::new(RateLimiter::new(secs((hooks.now)()))));
        Ok(Sender {
            http,
            config,
            quota: Mutex::new(RetryQuota::default()),
            limiter,
            skew_ms: Mutex::new(0),
            hooks,
        })
    }

    /// The HTTP client requests go through.
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// Total attempts allowed (configured, or the mode's default).
    pub fn max_attempts(&self) -> u32 {
        self.config
            .max_attempts
            .unwrap_or(DEFAULT_MAX_ATTEMPTS)
            .max(1)
    }

    /// The clock correction learned from the service (server time minus local time).
    pub fn clock_skew_ms(&self) -> i64 {
        *lock(&self.skew_ms)
    }

    /// Tokens left in the retry quota.
    pub fn quota_available(&self) -> u32 {
        lock(&self.quota).available()
    }

    /// Sends a request, retrying as configured; the body is read into memory. An error
    /// response that is not retried (or the last one) is returned as `Ok` for the caller to
    /// parse; connection-level failures that outlast the retries are `Err`.
    pub fn send(
        &self,
        request: &Request,
        auth: &Auth,
        inspector: &dyn ErrorInspector,
    ) -> Result<Response, Error> {
        self.send_inner(request, auth, inspector, false)
    }

    /// Like [`Sender::send`], but a successful response's body is streamed (large downloads).
    pub fn send_streaming(
        &self,
        request: &Request,
        auth: &Auth,
        inspector: &dyn ErrorInspector,
    ) -> Result<Response, Error> {
        self.send_inner(request, auth, inspector, true)
    }

    fn send_inner(
        &self,
        request: &Request,
        auth: &Auth,
        inspector: &dyn ErrorInspector,
        stream: bool,
    ) -> Result<Response, Error> {
        let mut state = Attempts::new(self.max_attempts());
        loop {
            if let Some(wait) = self.rate_limit_wait() {
                (self.hooks.sleep)(wait);
            }
            let req = self.signed(request, auth, &state)?;
            let outcome = self.http.send(&req, stream);
            match self.after_attempt(&mut state, request, inspector, outcome) {
                Next::Done(result) => return result,
                Next::Retry(delay) => (self.hooks.sleep)(delay),
            }
        }
    }

    /// Like [`Sender::send`], on the caller's tokio runtime through `http` (from
    /// [`HttpClient::async_twin`]): the same attempts, signing and retries; the response's
    /// body is read into memory.
    pub async fn send_async(
        &self,
        http: &AsyncHttpClient,
        request: &Request,
        auth: &Auth,
        inspector: &(dyn ErrorInspector + Sync),
    ) -> Result<Response, Error> {
        let response = self
            .send_inner_async(http, request, auth, inspector, false)
            .await?;
        let retry_attempts = response.retry_attempts;
        response
            .into_response()
            .await
            .map_err(|source| Error::Transport {
                source,
                retry_attempts,
            })
    }

    /// Like [`Sender::send_streaming`], on the caller's tokio runtime through `http` (from
    /// [`HttpClient::async_twin`]): a successful response's body arrives chunk by chunk on the
    /// runtime; an error response is returned with its body in memory.
    pub async fn send_streaming_async(
        &self,
        http: &AsyncHttpClient,
        request: &Request,
        auth: &Auth,
        inspector: &(dyn ErrorInspector + Sync),
    ) -> Result<AsyncResponse, Error> {
        self.send_inner_async(http, request, auth, inspector, true)
            .await
    }

    async fn send_inner_async(
        &self,
        http: &AsyncHttpClient,
        request: &Request,
        auth: &Auth,
        inspector: &(dyn ErrorInspector + Sync),
        stream: bool,
    ) -> Result<AsyncResponse, Error> {
        let auth = payload_hashed(request, auth).await;
        let mut state = Attempts::new(self.max_attempts());
        loop {
            if let Some(wait) = self.rate_limit_wait() {
                tokio::time::sleep(wait).await;
            }
            let current = auth.with_current_credentials().await?;
            let req = self.signed(request, &current, &state)?;
            let outcome = match http.send(&req, stream).await {
                Ok(mut response) if stream && response.status < 300 => {
                    log::debug!("Response status: {}", response.status);
                    log::debug!(
                        "Response headers: {}",
                        redact::redact_headers(&response.headers)
                    );
                    response.retry_attempts = state.attempt - 1;
                    self.on_success(state.acquired);
                    return Ok(response);
                }
                Ok(response) => response.into_response().await,
                Err(e) => Err(e),
            };
            match self.after_attempt(&mut state, request, inspector, outcome) {
                Next::Done(result) => return result.map(in_memory),
                Next::Retry(delay) => tokio::time::sleep(delay).await,
            }
        }
    }

    /// How long the adaptive mode's rate limiter asks to wait before the next attempt.
    fn rate_limit_wait(&self) -> Option<Duration> {
        let limiter = self.limiter.as_ref()?;
        let wait = lock(limiter).acquire(secs((self.hooks.now)()));
        (wait > 0.0).then(|| Duration::from_secs_f64(wait))
    }

    /// A copy of the request authenticated for this attempt, with botocore's retry headers
    /// added after signing (logged for `--debug`).
    fn signed(&self, request: &Request, auth: &Auth, state: &Attempts) -> Result<Request, Error> {
        let attempt = state.attempt;
        let mut req = request.clone();
        let signature = auth.apply(&mut req, self.signing_time())?;
        state.sdk.apply(&mut req, attempt, state.max_attempts);
        if let Some(sig) = &signature {
            log::debug!(
                "CanonicalRequest:\n{}",
                redact_canonical(&sig.canonical_request)
            );
            log::debug!("StringToSign:\n{}", sig.string_to_sign);
        }
        log_request(&req, attempt);
        crate::history::request_sent(&req, || self.http.user_agent());
        Ok(req)
    }

    /// Decides what follows an attempt: its response (success, or an error not retried),
    /// a transport error, or another attempt after a delay.
    fn after_attempt(
        &self,
        state: &mut Attempts,
        request: &Request,
        inspector: &dyn ErrorInspector,
        outcome: Result<Response, TransportError>,
    ) -> Next {
        let attempt = state.attempt;
        let max_attempts = state.max_attempts;
        let (response, transport_error) = match outcome {
            Ok(mut response) => {
                log_response(&response);
                crate::history::response_received(&response);
                response.retry_attempts = attempt - 1;
                if response.status < 300 {
                    self.on_success(state.acquired);
                    return Next::Done(Ok(response));
                }
                (Some(response), None)
            }
            Err(e) => {
                log::debug!("Attempt {attempt} failed: {e}");
                (None, Some(e))
            }
        };
        let code = response.as_ref().and_then(|r| inspector.error_code(r));
        let failure = Failure {
            status: response.as_ref().map(|r| r.status),
            code: code.as_deref(),
            modeled: code.as_deref().and_then(|c| inspector.modeled_retry(c)),
            retryable_transport_error: transport_error
                .as_ref()
                .is_some_and(TransportError::is_retryable),
        };
        if let Some(limiter) = &self.limiter {
            lock(limiter).on_response(secs((self.hooks.now)()), failure.is_throttling());
        }
        let skew_fixed = response
            .as_ref()
            .is_some_and(|r| self.correct_skew(r, failure.code));
        let retryable = skew_fixed || failure.is_retryable_standard(&self.config.service);
        // botocore marks the last attempt's response whenever the attempts are used up.
        // Errors then read "(reached max retries: N)".
        let exhausted = attempt >= max_attempts;
        let give_up = |response: Option<Response>, error: Option<TransportError>| {
            Next::Done(match (response, error) {
                (Some(mut r), _) => {
                    r.max_attempts_reached = exhausted;
                    Ok(r)
                }
                (None, Some(source)) => Err(Error::Transport {
                    source,
                    retry_attempts: attempt - 1,
                }),
                (None, None) => unreachable!("an attempt yields a response or an error"),
            })
        };
        if !retryable || attempt >= max_attempts || !rewindable(&request.body) {
            log::debug!("Not retrying request (attempt {attempt} of {max_attempts}).");
            return give_up(response, transport_error);
        }
        let delay = if skew_fixed {
            0.0
        } else {
            let timeout = transport_error.as_ref().is_some_and(|e| e.is_timeout());
            match lock(&self.quota).acquire(timeout) {
                Some(cost) => state.acquired = Some(cost),
                None => {
                    log::debug!("Retry needed but retry quota reached, not retrying.");
                    return give_up(response, transport_error);
                }
            }
            standard_backoff_secs(attempt, (self.hooks.random)())
        };
        log::debug!("Retry needed, retrying request after delay of: {delay}");
        if let Some(response) = &response {
            let read_timeout = self.http.read_timeout().unwrap_or(Duration::from_secs(60));
            state.sdk.after_response(request, response, read_timeout);
        }
        state.attempt += 1;
        Next::Retry(Duration::from_secs_f64(delay))
    }

    fn on_success(&self, acquired: Option<u32>) {
        lock(&self.quota).release(acquired);
        if let Some(limiter) = &self.limiter {
            lock(limiter).on_response(secs((self.hooks.now)()), false);
        }
    }

    fn signing_time(&self) -> SystemTime {
        let now = (self.hooks.now)();
        let skew = self.clock_skew_ms();
        if skew >= 0 {
            now + Duration::from_millis(skew as u64)
        } else {
            now - Duration::from_millis(skew.unsigned_abs())
        }
    }

    /// Learns the skew from a clock-skew error's `Date` header; true when it changed enough
    /// that a new attempt should succeed.
    fn correct_skew(&self, response: &Response, code: Option<&str>) -> bool {
        if !code.is_some_and(|c| CLOCK_SKEW_CODES.contains(&c)) {
            return false;
        }
        let Some(server) = response
            .header("date")
            .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        else {
            return false;
        };
        let local = (self.hooks.now)();
        let new_skew = millis(server) - millis(local);
        let mut skew = lock(&self.skew_ms);
        let change = (new_skew - *skew).unsigned_abs();
        if change < SKEW_THRESHOLD.as_millis() as u64 {
            return false;
        }
        log::debug!("Clock skew of {new_skew} ms detected; correcting the signing time.");
        *skew = new_skew;
        true
    }
}

/// Where a request's attempts stand.
struct Attempts {
    /// The attempt about to be made or just made (from 1).
    attempt: u32,
    max_attempts: u32,
    /// Retry-quota tokens taken for the last retry (refunded on success).
    acquired: Option<u32>,
    /// The retry headers of the call.
    sdk: SdkHeaders,
}

impl Attempts {
    fn new(max_attempts: u32) -> Attempts {
        Attempts {
            attempt: 1,
            max_attempts,
            acquired: None,
            sdk: SdkHeaders::new(),
        }
    }
}

/// What follows an attempt.
enum Next {
    /// The result to return.
    Done(Result<Response, Error>),
    /// Another attempt after this delay.
    Retry(Duration),
}

/// A response whose body is in memory, as an [`AsyncResponse`].
fn in_memory(response: Response) -> AsyncResponse {
    let body = match response.body {
        ResponseBody::Bytes(b) => b,
        ResponseBody::Stream(_) => Vec::new(),
    };
    AsyncResponse {
        status: response.status,
        headers: response.headers,
        body: AsyncBody::Bytes(body),
        retry_attempts: response.retry_attempts,
        max_attempts_reached: response.max_attempts_reached,
    }
}

/// `auth` with the hash of a large in-memory body computed once, off the runtime's worker
/// threads, instead of on every attempt's signing.
async fn payload_hashed(request: &Request, auth: &Auth) -> Auth {
    let mut auth = auth.clone();
    if let (Auth::SigV4 { settings, .. }, Body::Bytes(bytes)) = (&mut auth, &request.body) {
        if matches!(settings.payload, PayloadHash::Compute) && bytes.len() >= HASH_OFF_RUNTIME {
            let bytes = bytes.clone();
            if let Ok(hash) = tokio::task::spawn_blocking(move || sha256_hex(&bytes)).await {
                settings.payload = PayloadHash::Precomputed(hash);
            }
        }
    }
    auth
}

/// Bodies of at least this many bytes are hashed on a blocking thread.
const HASH_OFF_RUNTIME: usize = 256 << 10;

fn rewindable(body: &Body) -> bool {
    matches!(body, Body::Bytes(_) | Body::Stream { .. })
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn millis(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i64,
        Err(e) => -(e.duration().as_millis() as i64),
    }
}

fn secs(t: SystemTime) -> f64 {
    millis(t) as f64 / 1000.0
}

/// The canonical request with the session token's value hidden.
fn redact_canonical(canonical: &str) -> String {
    canonical
        .lines()
        .map(|line| match line.split_once(':') {
            // Header lines of the canonical request: `name:value`, redacted as the header dump.
            Some((name, value)) if !name.contains(['/', '=', '&', ' ']) => {
                format!("{name}:{}", redact::redact_header(name, value))
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn log_request(req: &Request, attempt: u32) {
    if !log::log_enabled!(log::Level::Debug) {
        return;
    }
    let body = match &req.body {
        Body::Bytes(b) => redact::redact_body(b),
        Body::Stream { length, .. } => format!("<streaming body of {length} bytes>"),
    };
    log::debug!(
        "Sending http request (attempt {attempt}): method={} url={} headers={} body={}",
        req.method,
        redact::redact_url(&req.url),
        redact::redact_headers(&req.headers),
        body
    );
}

fn log_response(resp: &Response) {
    if !log::log_enabled!(log::Level::Debug) {
        return;
    }
    log::debug!("Response status: {}", resp.status);
    log::debug!(
        "Response headers: {}",
        redact::redact_headers(&resp.headers)
    );
    match &resp.body {
        crate::message::ResponseBody::Bytes(b) => {
            log::debug!("Response body:\n{}", redact::redact_body(b))
        }
        crate::message::ResponseBody::Stream(_) => log::debug!("Response body: <streamed>"),
    }
}
