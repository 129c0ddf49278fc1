//! One operation call: serialize → endpoint → sign → send (with retries) → parse.

use crate::customize;
use crate::endpoint::{self, EndpointSettings};
use crate::redirect;
use aws2_core::model::{Operation, Service};
use aws2_core::protocol::{self, HttpRequest, HttpResponse, ProtocolError, ServiceError};
use aws2_core::Value;
use aws2_endpoints::{EndpointError, RuleSet};
use aws2_http::sigv4::PayloadHash;
use aws2_http::sigv4::SigningSettings;
use aws2_http::{
    AsyncBody, AsyncHttpClient, AsyncResponse, Auth, CredentialSource, ErrorInspector, Request,
    Response, ResponseBody, Sender,
};
use std::io::Read;
use std::sync::{Arc, OnceLock};

/// How requests are authenticated.
#[derive(Debug, Clone)]
pub enum Signing {
    /// Not signed (`--no-sign-request`).
    Anonymous,
    /// Signed with credentials from this source: fixed ones, or temporary ones fetched
    /// again before they expire (asked for every attempt of every request).
    Credentials(CredentialSource),
}

/// What a client needs besides the model: endpoint settings and how to sign.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Endpoint settings.
    pub endpoint: EndpointSettings,
    /// Signing.
    pub signing: Signing,
    /// S3 `payload_signing_enabled`: `None` signs the body except for streaming uploads over
    /// HTTPS that carry a checksum; `Some(false)` never signs it; `Some(true)` always does.
    pub s3_payload_signing: Option<bool>,
}

/// A failed call.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The service answered with an error.
    #[error("An error occurred ({}) when calling the {operation} operation{}: {}", .error.code, retry_note(*.max_retries_reached), .error.message)]
    Service {
        /// The operation's model name.
        operation: String,
        /// The error.
        error: Box<ServiceError>,
        /// The retries made when the last attempt allowed failed with this error.
        max_retries_reached: Option<u32>,
    },
    /// Serialization or parsing failed.
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// No endpoint could be resolved.
    #[error("{0}")]
    Endpoint(String),
    /// No region was configured and the endpoint needs one.
    #[error("You must specify a region. You can also configure your region by running \"aws configure\".")]
    NoRegion,
    /// The request could not be sent or signed.
    #[error("{0}")]
    Http(#[from] aws2_http::Error),
}

/// ` (reached max retries: N)` when the attempts were used up, as botocore words it.
pub fn retry_note(max_retries_reached: Option<u32>) -> String {
    max_retries_reached
        .map(|n| format!(" (reached max retries: {n})"))
        .unwrap_or_default()
}

/// A client for one service.
pub struct Client {
    service: Arc<Service>,
    pub(crate) config: ClientConfig,
    pub(crate) sender: Arc<Sender>,
    rules: OnceLock<Result<RuleSet, String>>,
}

struct Inspector<'a> {
    service: &'a Service,
    operation: &'a Operation,
}

impl ErrorInspector for Inspector<'_> {
    fn error_code(&self, response: &Response) -> Option<String> {
        if response.status < 300 {
            return None;
        }
        let resp = HttpResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: response.bytes().to_vec(),
        };
        match protocol::parse(self.service, self.operation, &resp) {
            Ok(Err(e)) => Some(e.code),
            _ => None,
        }
    }
}

impl Clone for Client {
    /// Another handle on the same model, settings and sender (the endpoint rules are read
    /// again on first use).
    fn clone(&self) -> Client {
        Client::new(
            Arc::clone(&self.service),
            self.config.clone(),
            Arc::clone(&self.sender),
        )
    }
}

impl Client {
    /// A client for a service that sends through `sender`.
    pub fn new(service: Arc<Service>, config: ClientConfig, sender: Arc<Sender>) -> Client {
        Client {
            service,
            config,
            sender,
            rules: OnceLock::new(),
        }
    }

    /// The service model.
    pub fn service(&self) -> &Arc<Service> {
        &self.service
    }

    /// The URL `operation` is sent to with no input (botocore's `client.meta.endpoint_url`):
    /// the configured endpoint URL, else the one the rules resolve.
    pub fn endpoint_url(&self, operation: &Operation) -> Result<String, CallError> {
        if let Some(url) = &self.config.endpoint.endpoint_url {
            return Ok(url.clone());
        }
        let none = Value::Map(Default::default());
        endpoint::resolve(
            self.rules()?,
            &self.service,
            operation,
            &none,
            &self.config.endpoint,
        )
        .map(|e| e.url)
        .map_err(|e| endpoint_error(e, &self.config.endpoint))
    }

    fn rules(&self) -> Result<&RuleSet, CallError> {
        self.rules
            .get_or_init(|| {
                RuleSet::for_service(self.service.model_name()).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| CallError::Endpoint(e.clone()))
    }

    /// The operation as the S3 customizations see it: the bucket is carried by the endpoint,
    /// so it leaves the request path.
    fn effective_operation(&self, operation: &Operation) -> Operation {
        let mut op = operation.clone();
        if self.service.model_name() == "s3" {
            let uri = &op.http.request_uri;
            if let Some(rest) = uri.strip_prefix("/{Bucket}") {
                op.http.request_uri = if rest.is_empty() || rest.starts_with('?') {
                    format!("/{rest}")
                } else {
                    rest.to_owned()
                };
            }
        }
        op
    }

    /// Calls an operation and returns its parsed output.
    pub fn call(&self, operation: &Operation, input: &Value) -> Result<Value, CallError> {
        self.call_inner(operation, input, None)
    }

    /// Calls an operation whose streaming payload (S3's `Body`) is `payload` instead of a
    /// member of `input`: large bodies are neither copied into the input nor serialized.
    pub fn call_with_payload(
        &self,
        operation: &Operation,
        input: &Value,
        payload: aws2_http::Body,
    ) -> Result<Value, CallError> {
        self.call_inner(operation, input, Some(payload))
    }

    fn call_inner(
        &self,
        operation: &Operation,
        input: &Value,
        payload: Option<aws2_http::Body>,
    ) -> Result<Value, CallError> {
        self.call_once(operation, input, payload, true)
    }

    /// One call; a failure S3 answers for a bucket of another region is sent again in that
    /// region when `may_redirect` (see [`redirect`]).
    fn call_once(
        &self,
        operation: &Operation,
        input: &Value,
        payload: Option<aws2_http::Body>,
        may_redirect: bool,
    ) -> Result<Value, CallError> {
        let again = may_redirect.then(|| payload.clone());
        let (request, auth) = self.prepare(operation, input, payload)?;
        let response = self.send(operation, &request, &auth, false)?;
        // The request (and a payload's buffer) is released before the response is parsed.
        drop(request);
        let hint = redirect::Hint::of(&response);
        let output = match (self.parse(operation, response), again) {
            (
                Err(CallError::Service {
                    error,
                    max_retries_reached,
                    ..
                }),
                Some(payload),
            ) if self.redirectable(operation, input, &hint, &error) => {
                match self.bucket_region(input, &hint, &error)? {
                    Some(region) => {
                        return self
                            .in_region(region)
                            .call_once(operation, input, payload, false)
                    }
                    None => {
                        return Err(CallError::Service {
                            operation: operation.name.clone(),
                            error,
                            max_retries_reached,
                        })
                    }
                }
            }
            (parsed, _) => parsed?,
        };
        Ok(self.customized(operation, input, output))
    }

    /// Whether a failed call is one botocore's region redirector acts on.
    fn redirectable(
        &self,
        operation: &Operation,
        input: &Value,
        hint: &redirect::Hint,
        error: &ServiceError,
    ) -> bool {
        redirect::bucket(self.service.model_name(), input).is_some()
            && redirect::applies(&operation.name, hint, error)
    }

    /// The region of the bucket of `input`: named by the failure, else the
    /// `x-amz-bucket-region` of a `HeadBucket` of it (answered with an error or not).
    fn bucket_region(
        &self,
        input: &Value,
        hint: &redirect::Hint,
        error: &ServiceError,
    ) -> Result<Option<String>, CallError> {
        let region = match redirect::named_region(hint, error) {
            Some(region) => Some(region),
            None => {
                let Some(bucket) = redirect::bucket(self.service.model_name(), input) else {
                    return Ok(None);
                };
                let op = self
                    .service
                    .operation("HeadBucket")
                    .map_err(ProtocolError::from)?;
                let mut members = indexmap::IndexMap::new();
                members.insert("Bucket".to_owned(), Value::String(bucket));
                let (request, auth) = self.prepare(&op, &Value::Map(members), None)?;
                let response = self.send(&op, &request, &auth, false)?;
                response
                    .header(redirect::BUCKET_REGION_HEADER)
                    .map(str::to_owned)
            }
        };
        match region.filter(|r| !r.is_empty()) {
            Some(r) if !redirect::valid_region(&r) => Err(CallError::Endpoint(format!(
                "Provided region_name '{r}' doesn't match a supported format."
            ))),
            region => Ok(region),
        }
    }

    /// This client with another region (endpoint and signature).
    fn in_region(&self, region: String) -> Client {
        let mut config = self.config.clone();
        config.endpoint.region = Some(region);
        Client::new(Arc::clone(&self.service), config, Arc::clone(&self.sender))
    }

    /// Parses a whole response and applies the client's output customizations.
    fn finish(
        &self,
        operation: &Operation,
        input: &Value,
        response: Response,
    ) -> Result<Value, CallError> {
        let output = self.parse(operation, response)?;
        Ok(self.customized(operation, input, output))
    }

    /// A parsed output with the client's output customizations applied.
    fn customized(&self, operation: &Operation, input: &Value, mut output: Value) -> Value {
        customize::after_call(
            self.service.model_name(),
            &operation.name,
            input,
            &mut output,
        );
        output
    }

    /// Calls an operation with a streaming output payload (S3's `GetObject`) and returns the
    /// output without its payload member, and the payload as a reader still being received.
    pub fn call_streaming(
        &self,
        operation: &Operation,
        input: &Value,
    ) -> Result<(Value, Box<dyn Read + Send>), CallError> {
        let (request, auth) = self.prepare(operation, input, None)?;
        let mut response = self.send(operation, &request, &auth, true)?;
        drop(request);
        let body = std::mem::replace(&mut response.body, ResponseBody::Bytes(Vec::new()));
        let mut output = self.parse(operation, response)?;
        let reader: Box<dyn Read + Send> = match body {
            ResponseBody::Stream(reader) => reader,
            ResponseBody::Bytes(bytes) => Box::new(std::io::Cursor::new(bytes)),
        };
        self.drop_payload(operation, &mut output);
        Ok((output, reader))
    }

    /// Removes the streaming payload member from a parsed output (its bytes are streamed).
    fn drop_payload(&self, operation: &Operation, output: &mut Value) {
        if let (Value::Map(map), Some(member)) =
            (output, self.payload_member(operation.output.as_ref()))
        {
            map.shift_remove(member.as_str());
        }
    }

    /// The name of the streaming payload member of an operation's input or output.
    fn payload_member(&self, shape: Option<&aws2_core::model::ShapeRef>) -> Option<String> {
        let shape = self.service.shape(&shape?.shape).ok()?;
        let name = shape.payload.as_ref()?;
        let member = shape.members.get(name)?;
        let target = self.service.shape(&member.shape).ok()?;
        (member.streaming || target.streaming).then(|| name.clone())
    }

    /// A task-based HTTP client with this client's connection settings, for
    /// [`Client::call_streaming_async`] on one tokio runtime.
    pub fn async_http(&self) -> Result<AsyncHttpClient, CallError> {
        self.sender.http().async_twin().map_err(|source| {
            CallError::Http(aws2_http::Error::Transport {
                source,
                retry_attempts: 0,
            })
        })
    }

    /// [`Client::call`] on the caller's tokio runtime, through `http` (from
    /// [`Client::async_http`]): the same request, signing and retries.
    pub async fn call_async(
        &self,
        http: &AsyncHttpClient,
        operation: &Operation,
        input: &Value,
    ) -> Result<Value, CallError> {
        self.call_inner_async(http, operation, input, None).await
    }

    /// [`Client::call_with_payload`] on the caller's tokio runtime, through `http`: the
    /// same request (payload, checksums, signing) and retries.
    pub async fn call_with_payload_async(
        &self,
        http: &AsyncHttpClient,
        operation: &Operation,
        input: &Value,
        payload: aws2_http::Body,
    ) -> Result<Value, CallError> {
        self.call_inner_async(http, operation, input, Some(payload))
            .await
    }

    async fn call_inner_async(
        &self,
        http: &AsyncHttpClient,
        operation: &Operation,
        input: &Value,
        payload: Option<aws2_http::Body>,
    ) -> Result<Value, CallError> {
        let (request, auth) = self.prepare(operation, input, payload)?;
        let inspector = self.inspector(operation);
        let response = self
            .sender
            .send_async(http, &request, &auth, &inspector)
            .await?;
        // The request (and a payload's buffer) is released before the response is parsed.
        drop(request);
        self.finish(operation, input, response)
    }

    /// [`Client::call_streaming`] on the caller's tokio runtime: the output without its
    /// payload member, and the response whose body is still arriving.
    pub async fn call_streaming_async(
        &self,
        http: &AsyncHttpClient,
        operation: &Operation,
        input: &Value,
    ) -> Result<(Value, AsyncResponse), CallError> {
        let (request, auth) = self.prepare(operation, input, None)?;
        let inspector = self.inspector(operation);
        let mut response = self
            .sender
            .send_streaming_async(http, &request, &auth, &inspector)
            .await?;
        drop(request);
        let headers = std::mem::take(&mut response.headers);
        let status = response.status;
        let error_body = match &mut response.body {
            AsyncBody::Bytes(b) => std::mem::take(b),
            AsyncBody::Stream { .. } => Vec::new(),
        };
        let head = Response {
            status,
            headers: headers.clone(),
            body: ResponseBody::Bytes(error_body),
            retry_attempts: response.retry_attempts,
            max_attempts_reached: response.max_attempts_reached,
        };
        let mut output = self.parse(operation, head)?;
        response.headers = headers;
        self.drop_payload(operation, &mut output);
        Ok((output, response))
    }

    /// Reads the error codes of `operation`'s responses for the retry logic.
    fn inspector<'s>(&'s self, operation: &'s Operation) -> Inspector<'s> {
        Inspector {
            service: &self.service,
            operation,
        }
    }

    /// Serializes the input, resolves the endpoint and chooses the authentication.
    pub(crate) fn prepare(
        &self,
        operation: &Operation,
        input: &Value,
        payload: Option<aws2_http::Body>,
    ) -> Result<(Request, Auth), CallError> {
        aws2_http::history::record("API_CALL", || {
            serde_json::json!({
                "service": self.service.model_name(),
                "operation": operation.name,
                "params": input.to_json(aws2_core::value::TimestampStyle::Iso8601),
            })
        });
        if aws2_http::history::enabled() {
            aws2_http::history::set_streaming(
                self.payload_member(operation.input.as_ref()).is_some(),
                self.payload_member(operation.output.as_ref()).is_some(),
            );
        }
        let op = self.effective_operation(operation);
        let given = input;
        let adjusted = customize::before_call(&self.service, operation, input);
        let input = adjusted.as_ref().unwrap_or(input);
        let serialized = protocol::serialize(&self.service, &op, input)?;
        endpoint::check_region(&self.service, &self.config.endpoint)
            .map_err(CallError::Endpoint)?;
        let endpoint = endpoint::resolve(
            self.rules()?,
            &self.service,
            operation,
            input,
            &self.config.endpoint,
        )
        .map_err(|e| endpoint_error(e, &self.config.endpoint))?;
        let mut request = build_request(&endpoint.url, serialized);
        for (name, values) in &endpoint.headers {
            request.set_header(name, values.join(","));
        }
        let payload_apart = payload.is_some();
        if let Some(body) = payload {
            request.body = body;
            payload_checksums(&mut request, input)?;
        }
        if customize::adjust_request(
            &self.service,
            &operation.name,
            given,
            payload_apart,
            &mut request,
        ) {
            payload_checksums(&mut request, input)?;
        }
        let mut auth = self.auth(operation, &endpoint);
        if let Auth::SigV4 { settings, .. } = &mut auth {
            if self.unsigned_payload(operation, &request) {
                settings.payload = PayloadHash::Unsigned;
            }
        }
        log::debug!("Endpoint for {}: {}", operation.name, endpoint.url);
        Ok((request, auth))
    }

    /// Whether the body stays out of an S3 signature, as botocore decides: as
    /// `payload_signing_enabled` says when set, else for streaming uploads over HTTPS that
    /// carry a checksum header.
    fn unsigned_payload(&self, operation: &Operation, request: &Request) -> bool {
        if self.service.model_name() != "s3" {
            return false;
        }
        if let Some(sign) = self.config.s3_payload_signing {
            return !sign;
        }
        request.url.starts_with("https://")
            && self.payload_member(operation.input.as_ref()).is_some()
            && request.headers.iter().any(|(name, _)| {
                let name = name.to_ascii_lowercase();
                name == "content-md5" || name.starts_with("x-amz-checksum-")
            })
    }

    pub(crate) fn send(
        &self,
        operation: &Operation,
        request: &Request,
        auth: &Auth,
        stream: bool,
    ) -> Result<Response, CallError> {
        let inspector = self.inspector(operation);
        let response = if stream {
            self.sender.send_streaming(request, auth, &inspector)?
        } else {
            self.sender.send(request, auth, &inspector)?
        };
        Ok(response)
    }

    /// Parses a response (its body read into memory) into the output or the service error.
    pub(crate) fn parse(
        &self,
        operation: &Operation,
        mut response: Response,
    ) -> Result<Value, CallError> {
        let status = response.status;
        let max_retries_reached = response
            .max_attempts_reached
            .then_some(response.retry_attempts);
        let headers = std::mem::take(&mut response.headers);
        let headers_copy = match aws2_http::history::enabled() {
            true => headers.clone(),
            false => Vec::new(),
        };
        let body = response.into_bytes().map_err(|e| {
            CallError::Protocol(ProtocolError::InvalidResponse {
                status,
                message: e.to_string(),
            })
        })?;
        let resp = HttpResponse {
            status,
            headers,
            body,
        };
        let parsed = protocol::parse_owned(&self.service, operation, resp)?;
        if aws2_http::history::enabled() {
            crate::history::parsed(&parsed, status, &headers_copy);
        }
        match parsed {
            Ok(value) => Ok(value),
            Err(error) => Err(CallError::Service {
                operation: operation.name.clone(),
                error: Box::new(error),
                max_retries_reached,
            }),
        }
    }

    pub(crate) fn auth(&self, operation: &Operation, endpoint: &aws2_endpoints::Endpoint) -> Auth {
        let anonymous_op = operation.authtype.as_deref() == Some("none")
            || operation
                .auth
                .as_ref()
                .is_some_and(|a| a.first().map(String::as_str) == Some("smithy.api#noAuth"));
        let credentials = match (&self.config.signing, anonymous_op) {
            (Signing::Credentials(c), false) => c.clone(),
            _ => return Auth::Anonymous,
        };
        let meta = self.service.metadata();
        let mut signing_name = customize::signing_name(self.service.model_name())
            .unwrap_or(meta.signing_name())
            .to_owned();
        let mut region = self
            .config
            .endpoint
            .region
            .clone()
            .unwrap_or_else(|| "us-east-1".into());
        if let Some(scheme) = endpoint
            .auth_schemes()
            .into_iter()
            .find(|s| s.name.starts_with("sigv4"))
        {
            if let Some(n) = scheme.signing_name {
                signing_name = n;
            }
            if let Some(r) = scheme.signing_region {
                region = r;
            } else if let Some(r) = scheme.signing_region_set.first().filter(|r| *r != "*") {
                region = r.clone();
            }
        }
        let settings = if self.service.model_name() == "s3" {
            SigningSettings::s3()
        } else {
            SigningSettings::default()
        };
        Auth::SigV4 {
            credentials,
            region,
            service: signing_name,
            settings,
        }
    }
}

fn endpoint_error(e: EndpointError, settings: &EndpointSettings) -> CallError {
    if settings.region.is_none() && settings.endpoint_url.is_none() {
        return CallError::NoRegion;
    }
    CallError::Endpoint(e.to_string())
}

/// Recomputes over the body the checksum headers the serializer computed over another one
/// (the empty serialized body of a payload, a document a customization rewrote); checksums
/// the caller gave as input members are kept.
fn payload_checksums(request: &mut Request, input: &Value) -> Result<(), CallError> {
    let computed: Vec<String> = request
        .headers
        .iter()
        .filter_map(|(name, _)| {
            let algorithm = name.to_ascii_lowercase();
            let algorithm = algorithm.strip_prefix("x-amz-checksum-")?;
            if matches!(algorithm, "algorithm" | "mode" | "type") {
                return None;
            }
            let member = format!("Checksum{}", algorithm.to_ascii_uppercase());
            input.get(&member).is_none().then(|| algorithm.to_owned())
        })
        .collect();
    if computed.is_empty() {
        return Ok(());
    }
    let bytes = match &request.body {
        aws2_http::Body::Bytes(b) => b.to_vec(),
        aws2_http::Body::Stream { open, .. } => {
            let mut data = Vec::new();
            open()
                .and_then(|mut r| r.read_to_end(&mut data))
                .map_err(|e| {
                    CallError::Http(aws2_http::Error::Transport {
                        source: aws2_http::TransportError::Body(e.to_string()),
                        retry_attempts: 0,
                    })
                })?;
            data
        }
    };
    for algorithm in computed {
        if let Some(value) = protocol::checksum_base64(&algorithm, &bytes) {
            request.set_header(&format!("x-amz-checksum-{algorithm}"), value);
        }
    }
    Ok(())
}

/// Joins the endpoint URL and the serialized path as botocore's `_urljoin` does.
fn build_request(endpoint_url: &str, serialized: HttpRequest) -> Request {
    let (scheme, rest) = endpoint_url
        .split_once("://")
        .unwrap_or(("https", endpoint_url));
    let (netloc, base_path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (url_path, query) = match serialized.uri.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (serialized.uri.as_str(), None),
    };
    let path = if url_path.is_empty() || url_path == "/" {
        if base_path.is_empty() {
            "/".to_owned()
        } else {
            base_path.to_owned()
        }
    } else if base_path.ends_with('/') && url_path.starts_with('/') {
        format!("{}{url_path}", &base_path[..base_path.len() - 1])
    } else {
        format!("{base_path}{url_path}")
    };
    let host = match &serialized.host_prefix {
        Some(prefix) => format!("{prefix}{netloc}"),
        None => netloc.to_owned(),
    };
    let mut url = format!("{scheme}://{host}{path}");
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        url.push('?');
        url.push_str(q);
    }
    let mut request = Request::new(serialized.method, url);
    request.headers = serialized.headers;
    request.body = aws2_http::Body::Bytes(serialized.body.into());
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3_client(payload_signing: Option<bool>) -> Client {
        let http = aws2_http::HttpClient::new(&aws2_http::TransportConfig::default()).unwrap();
        let sender = Sender::new(http, aws2_http::RetryConfig::default()).unwrap();
        Client::new(
            Arc::new(Service::load("s3").unwrap()),
            ClientConfig {
                endpoint: EndpointSettings::default(),
                signing: Signing::Anonymous,
                s3_payload_signing: payload_signing,
            },
            Arc::new(sender),
        )
    }

    #[test]
    fn checksums_of_the_empty_serialized_body_are_recomputed_over_the_payload() {
        let mut request = Request::new("PUT", "http://localhost/b/k");
        request.set_header("x-amz-checksum-crc32", "AAAAAA==");
        request.set_header("x-amz-checksum-type", "FULL_OBJECT");
        request.body = aws2_http::Body::Bytes(bytes::Bytes::from_static(b"hello world"));
        let input = Value::Map(Default::default());
        payload_checksums(&mut request, &input).unwrap();
        assert_eq!(request.header("x-amz-checksum-crc32"), Some("DUoRhQ=="));
        assert_eq!(request.header("x-amz-checksum-type"), Some("FULL_OBJECT"));

        // A checksum the caller gave stays as given.
        let mut given = Request::new("PUT", "http://localhost/b/k");
        given.set_header("x-amz-checksum-sha1", "given");
        given.body = aws2_http::Body::Bytes(bytes::Bytes::from_static(b"x"));
        let mut members = indexmap::IndexMap::new();
        members.insert("ChecksumSHA1".to_owned(), Value::String("given".into()));
        payload_checksums(&mut given, &Value::Map(members)).unwrap();
        assert_eq!(given.header("x-amz-checksum-sha1"), Some("given"));
    }

    #[test]
    fn payload_signing_follows_botocore() {
        let with_checksum = |url: &str| {
            let mut r = Request::new("PUT", url);
            r.set_header("x-amz-checksum-crc32", "AAAAAA==");
            r
        };
        let default = s3_client(None);
        let put = default.service().operation("PutObject").unwrap();
        let list = default.service().operation("ListBuckets").unwrap();
        let https = with_checksum("https://b.s3.amazonaws.com/k");
        let http = with_checksum("http://127.0.0.1:9000/b/k");
        let plain = Request::new("PUT", "https://b.s3.amazonaws.com/k");
        assert!(default.unsigned_payload(&put, &https));
        assert!(
            !default.unsigned_payload(&put, &http),
            "plain HTTP signs the body"
        );
        assert!(
            !default.unsigned_payload(&put, &plain),
            "no checksum: signed"
        );
        assert!(
            !default.unsigned_payload(&list, &https),
            "not a streaming upload"
        );
        assert!(s3_client(Some(false)).unsigned_payload(&put, &http));
        assert!(s3_client(Some(false)).unsigned_payload(&list, &http));
        assert!(!s3_client(Some(true)).unsigned_payload(&put, &https));
    }

    #[test]
    fn joins_urls_like_botocore() {
        let req = |uri: &str| HttpRequest {
            method: "GET".into(),
            uri: uri.into(),
            ..Default::default()
        };
        assert_eq!(
            build_request("https://s3.amazonaws.com/bucket", req("/key")).url,
            "https://s3.amazonaws.com/bucket/key"
        );
        assert_eq!(
            build_request("https://ec2.amazonaws.com", req("/")).url,
            "https://ec2.amazonaws.com/"
        );
        assert_eq!(
            build_request("http://localhost:5000/", req("/a?b=c")).url,
            "http://localhost:5000/a?b=c"
        );
        let mut prefixed = req("/");
        prefixed.host_prefix = Some("data.".into());
        assert_eq!(
            build_request("https://x.com", prefixed).url,
            "https://data.x.com/"
        );
    }
}
