//! The transfer manager: uploads, downloads and server-side copies of single objects, in one
//! request below the multipart threshold and in concurrent parts above it (multipart upload,
//! ranged GETs written in place, `UploadPartCopy`). A failed multipart upload is aborted and
//! a failed download leaves no partial file behind. At most `max_concurrent_requests` part
//! buffers exist at once, so memory stays near `multipart_chunksize × max_concurrent_requests`.

use crate::api::{self, input, s};
use crate::bandwidth::Bandwidth;
use crate::buffers::BufferPool;
use crate::checksum::{self, Algorithm};
use crate::paths::S3Path;
use crate::pool::Semaphore;
use crate::receive::Receiver;
use crate::settings::TransferSettings;
use aws2_client::Client;
use aws2_core::Value;
use aws2_http::Body;
use bytes::Bytes;
use indexmap::IndexMap;
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

/// Members for the requests of a transfer (content type, ACL, storage class, SSE-C keys, …);
/// each request receives those its operation's input has.
pub type Extra = IndexMap<String, Value>;

/// Receives each chunk of a response body with its offset in the object.
type ChunkSink<'s> = dyn FnMut(u64, &[u8]) -> Result<(), String> + 's;

/// Size of the reads that move a response body to its file.
const READ_CHUNK: usize = 256 << 10;

/// Runs transfers through one client with shared limits.
pub struct Engine<'a> {
    client: &'a Client,
    on_bytes: Option<&'a (dyn Fn(u64) + Sync)>,
    settings: TransferSettings,
    permits: Semaphore,
    buffers: Arc<BufferPool>,
    bandwidth: Option<Arc<Bandwidth>>,
    checksum: Algorithm,
    receiver: OnceLock<Result<Receiver, String>>,
}

impl<'a> Engine<'a> {
    /// An engine for a client and settings.
    pub fn new(client: &'a Client, settings: TransferSettings) -> Engine<'a> {
        Engine {
            client,
            on_bytes: None,
            settings,
            permits: Semaphore::new(settings.max_concurrent_requests),
            buffers: BufferPool::new(settings.max_concurrent_requests),
            bandwidth: settings.max_bandwidth.map(|n| Arc::new(Bandwidth::new(n))),
            checksum: Algorithm::Crc32,
            receiver: OnceLock::new(),
        }
    }

    /// Uploads carry checksums of `algorithm` (CRC32 unless `--checksum-algorithm` says).
    pub fn with_checksum(mut self, algorithm: Algorithm) -> Self {
        self.checksum = algorithm;
        self
    }

    /// Calls `on_bytes` with the size of every request body or response body transferred.
    pub fn with_progress(mut self, on_bytes: &'a (dyn Fn(u64) + Sync)) -> Self {
        self.on_bytes = Some(on_bytes);
        self
    }

    fn transferred(&self, n: u64) {
        if let Some(f) = self.on_bytes {
            f(n);
        }
    }

    /// The client.
    pub fn client(&self) -> &Client {
        self.client
    }

    /// The settings.
    pub fn settings(&self) -> &TransferSettings {
        &self.settings
    }

    /// Calls an operation with `input` plus the members of `extra` its input shape has, and
    /// `payload` as the streaming body when given.
    fn request(
        &self,
        operation: &str,
        mut input: IndexMap<String, Value>,
        extra: &Extra,
        payload: Option<Body>,
    ) -> Result<Value, String> {
        let service = self.client.service();
        let op = service.operation(operation).map_err(|e| e.to_string())?;
        add_members(service, &op, &mut input, extra);
        let input = Value::Map(input);
        let result = match payload {
            Some(body) => self.client.call_with_payload(&op, &input, body),
            None => self.client.call(&op, &input),
        };
        result.map_err(|e| e.to_string())
    }

    /// Reads `len` bytes at `start` of `file` into a pooled buffer.
    fn read_part(&self, file: &File, start: u64, len: u64) -> Result<Bytes, String> {
        let mut buf = self.buffers.take(len as usize);
        file.read_exact_at(&mut buf, start)
            .map_err(|e| e.to_string())?;
        Ok(self.buffers.share(buf))
    }

    /// Fills a pooled buffer of up to `len` bytes with `fill` (which returns the bytes it
    /// read, short only at the end of the input).
    pub(crate) fn read_chunk(
        &self,
        fill: &mut dyn FnMut(&mut [u8]) -> Result<usize, String>,
        len: u64,
    ) -> Result<Bytes, String> {
        let mut buf = self.buffers.take(len as usize);
        let n = fill(&mut buf)?;
        buf.truncate(n);
        Ok(self.buffers.share(buf))
    }

    /// The body of an upload request: the bytes, metered by `max_bandwidth` when set.
    fn body(&self, bytes: Bytes) -> Body {
        match &self.bandwidth {
            None => Body::Bytes(bytes),
            Some(limit) => {
                let limit = Arc::clone(limit);
                Body::Stream {
                    length: bytes.len() as u64,
                    open: Arc::new(move || {
                        Ok(Box::new(Metered {
                            inner: std::io::Cursor::new(bytes.clone()),
                            limit: Arc::clone(&limit),
                        }) as Box<dyn Read + Send>)
                    }),
                }
            }
        }
    }

    /// Uploads a local file of `size` bytes to `dest`.
    pub fn upload(
        &self,
        path: &Path,
        size: u64,
        dest: &S3Path,
        extra: &Extra,
    ) -> Result<(), String> {
        crate::cancel::check()?;
        let file = File::open(path).map_err(|e| e.to_string())?;
        if !self.settings.is_multipart(size) {
            let _permit = self.permits.acquire();
            return self.put(dest, extra, self.read_part(&file, 0, size)?);
        }
        let part = self.settings.part_size(size);
        self.multipart(
            dest,
            extra,
            true,
            size,
            part,
            |upload_id, number, start, len| {
                self.upload_part(
                    dest,
                    extra,
                    upload_id,
                    number,
                    self.read_part(&file, start, len)?,
                )
            },
        )
    }

    /// Copies `src` (of `size` bytes) to `dest` on the server.
    pub fn copy(
        &self,
        src: &S3Path,
        size: u64,
        dest: &S3Path,
        extra: &Extra,
    ) -> Result<(), String> {
        crate::cancel::check()?;
        let source = api::copy_source(&src.bucket, &src.key);
        if !self.settings.is_multipart(size) {
            let _permit = self.permits.acquire();
            let mut req = object_input(dest);
            req.insert("CopySource".into(), s(source));
            self.request("CopyObject", req, extra, None)?;
            self.transferred(size);
            return Ok(());
        }
        let part = self.settings.part_size(size);
        self.multipart(
            dest,
            extra,
            false,
            size,
            part,
            |upload_id, number, start, len| {
                let mut req = object_input(dest);
                req.insert("UploadId".into(), s(upload_id));
                req.insert("PartNumber".into(), Value::Integer(number as i64));
                req.insert("CopySource".into(), s(source.clone()));
                req.insert(
                    "CopySourceRange".into(),
                    s(format!("bytes={start}-{}", start + len - 1)),
                );
                let out = self.request("UploadPartCopy", req, extra, None)?;
                self.transferred(len);
                // With `--checksum-algorithm`, each part's checksum goes into the completion.
                let checksum = match extra.get("ChecksumAlgorithm") {
                    Some(Value::String(name)) => Algorithm::parse(name).and_then(|a| {
                        let member = a.member();
                        api::text(&out, &format!("CopyPartResult.{member}"))
                            .map(|v| (member, v.to_owned()))
                    }),
                    _ => None,
                };
                Ok(Part {
                    etag: api::text(&out, "CopyPartResult.ETag")
                        .map(str::to_owned)
                        .ok_or_else(|| "UploadPartCopy returned no ETag".to_owned())?,
                    checksum,
                })
            },
        )
    }

    /// Runs a multipart upload whose parts `send_part(upload_id, number, start, len)` sends,
    /// aborting the upload if anything fails.
    fn multipart(
        &self,
        dest: &S3Path,
        extra: &Extra,
        checksums: bool,
        size: u64,
        part: u64,
        send_part: impl Fn(&str, usize, u64, u64) -> Result<Part, String> + Sync,
    ) -> Result<(), String> {
        let upload_id = self.create_upload(dest, extra, checksums)?;
        let count = size.div_ceil(part).max(1) as usize;
        let result = self.run_parts(count, |i| {
            let start = i as u64 * part;
            let len = part.min(size - start);
            send_part(&upload_id, i + 1, start, len)
        });
        self.finish_upload(dest, extra, &upload_id, result)
    }

    /// Starts a multipart upload (whose parts carry the engine's checksums when `checksums`)
    /// and returns its id.
    pub(crate) fn create_upload(
        &self,
        dest: &S3Path,
        extra: &Extra,
        checksums: bool,
    ) -> Result<String, String> {
        let mut req = object_input(dest);
        if checksums {
            req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
            if self.checksum.full_object_only() {
                req.insert("ChecksumType".into(), s("FULL_OBJECT"));
            }
        }
        let out = self.request("CreateMultipartUpload", req, extra, None)?;
        api::text(&out, "UploadId")
            .map(str::to_owned)
            .ok_or_else(|| "CreateMultipartUpload returned no UploadId".to_owned())
    }

    /// Completes a multipart upload with its parts (in part order), or aborts it when
    /// `parts` is an error or completing fails.
    pub(crate) fn finish_upload(
        &self,
        dest: &S3Path,
        extra: &Extra,
        upload_id: &str,
        parts: Result<Vec<Part>, String>,
    ) -> Result<(), String> {
        let result = parts.and_then(|parts| {
            let parts = parts
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let mut entry = input(vec![
                        ("ETag", s(part.etag)),
                        ("PartNumber", Value::Integer(i as i64 + 1)),
                    ]);
                    if let Some((member, value)) = part.checksum {
                        entry.insert(member, s(value));
                    }
                    Value::Map(entry)
                })
                .collect();
            let mut req = object_input(dest);
            req.insert("UploadId".into(), s(upload_id));
            req.insert(
                "MultipartUpload".into(),
                Value::Map(input(vec![("Parts", Value::List(parts))])),
            );
            self.request("CompleteMultipartUpload", req, extra, None)
                .map(|_| ())
        });
        if result.is_err() {
            let mut req = object_input(dest);
            req.insert("UploadId".into(), s(upload_id));
            let _ = self.request("AbortMultipartUpload", req, extra, None);
        }
        result
    }

    /// Uploads one part with its checksum and returns its ETag and checksum.
    pub(crate) fn upload_part(
        &self,
        dest: &S3Path,
        extra: &Extra,
        upload_id: &str,
        number: usize,
        body: Bytes,
    ) -> Result<Part, String> {
        let len = body.len() as u64;
        let checksum = (self.checksum.member(), self.checksum.of(&body));
        let mut req = object_input(dest);
        req.insert("UploadId".into(), s(upload_id));
        req.insert("PartNumber".into(), Value::Integer(number as i64));
        req.insert(checksum.0.clone(), s(checksum.1.clone()));
        req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
        let out = self.request("UploadPart", req, extra, Some(self.body(body)))?;
        self.transferred(len);
        Ok(Part {
            etag: api::text(&out, "ETag")
                .map(str::to_owned)
                .ok_or_else(|| "UploadPart returned no ETag".to_owned())?,
            checksum: Some(checksum),
        })
    }

    /// Puts a whole object with its checksum.
    pub(crate) fn put(&self, dest: &S3Path, extra: &Extra, body: Bytes) -> Result<(), String> {
        let len = body.len() as u64;
        let mut req = object_input(dest);
        req.insert(self.checksum.member(), s(self.checksum.of(&body)));
        // As botocore: the algorithm's header goes with the checksum.
        req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
        self.request("PutObject", req, extra, Some(self.body(body)))?;
        self.transferred(len);
        Ok(())
    }

    /// Gets an object, or the inclusive byte range `range` of it, and hands each received
    /// chunk to `sink` with its offset in the object; returns the bytes received.
    fn get(
        &self,
        src: &S3Path,
        extra: &Extra,
        range: Option<(u64, u64)>,
        sink: &mut ChunkSink<'_>,
    ) -> Result<u64, String> {
        let service = self.client.service();
        let op = service.operation("GetObject").map_err(|e| e.to_string())?;
        let input = get_input(service, &op, src, extra, range);
        let (output, mut body) = self
            .client
            .call_streaming(&op, &Value::Map(input))
            .map_err(|e| e.to_string())?;
        let mut check = BodyCheck::new(&output, range);
        let mut offset = range.map_or(0, |(start, _)| start);
        let mut buf = vec![0u8; READ_CHUNK];
        loop {
            let n = match body.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.to_string()),
            };
            if let Some(limit) = &self.bandwidth {
                limit.take(n as u64);
            }
            check.update(&buf[..n]);
            sink(offset, &buf[..n])?;
            self.transferred(n as u64);
            offset += n as u64;
            crate::cancel::check()?;
        }
        check.finish()
    }

    /// Gets an object, or a byte range of it, into memory.
    pub(crate) fn get_bytes(
        &self,
        src: &S3Path,
        extra: &Extra,
        range: Option<(u64, u64)>,
    ) -> Result<Vec<u8>, String> {
        let mut out = Vec::with_capacity(range.map_or(0, |(a, b)| (b - a + 1) as usize));
        self.get(src, extra, range, &mut |_, chunk| {
            out.extend_from_slice(chunk);
            Ok(())
        })?;
        Ok(out)
    }

    /// Runs `count` part jobs concurrently (each holding a permit) and returns their results
    /// in order; stops early after the first failure.
    pub(crate) fn run_parts<T: Send>(
        &self,
        count: usize,
        job: impl Fn(usize) -> Result<T, String> + Sync,
    ) -> Result<Vec<T>, String> {
        let results: Mutex<Vec<Option<T>>> = Mutex::new((0..count).map(|_| None).collect());
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let error: Mutex<Option<String>> = Mutex::new(None);
        let workers = self.settings.max_concurrent_requests.clamp(1, count.max(1));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    if failed.load(Ordering::SeqCst) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= count {
                        break;
                    }
                    let outcome = {
                        let _permit = self.permits.acquire();
                        crate::cancel::check().and_then(|()| job(i))
                    };
                    match outcome {
                        Ok(v) => results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(v),
                        Err(e) => {
                            failed.store(true, Ordering::SeqCst);
                            error
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get_or_insert(e);
                        }
                    }
                });
            }
        });
        if let Some(e) = error.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(e);
        }
        results
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|r| r.ok_or_else(|| "a part was not transferred".to_owned()))
            .collect()
    }

    /// Downloads `src` (of `size` bytes, modified at `modified`) to `dest`, through a
    /// temporary file renamed into place; the file's modification time becomes `modified`.
    /// `extra` adds members to the `GetObject` requests (SSE-C key, request payer).
    pub fn download(
        &self,
        src: &S3Path,
        size: u64,
        modified: f64,
        dest: &Path,
        extra: &Extra,
    ) -> Result<(), String> {
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        crate::cancel::check()?;
        let temp = temp_path(dest);
        let result = self.download_to(src, size, extra, &temp).and_then(|file| {
            let when = UNIX_EPOCH + Duration::from_secs_f64(modified.max(0.0));
            let _ = file.set_modified(when);
            drop(file);
            fs::rename(&temp, dest).map_err(|e| e.to_string())
        });
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn download_to(
        &self,
        src: &S3Path,
        size: u64,
        extra: &Extra,
        temp: &Path,
    ) -> Result<File, String> {
        let file = Arc::new(File::create(temp).map_err(|e| e.to_string())?);
        let ranges = if self.settings.is_multipart(size) {
            let part = self.settings.part_size(size);
            (0..size.div_ceil(part))
                .map(|i| Some((i * part, ((i + 1) * part).min(size) - 1)))
                .collect()
        } else {
            vec![None]
        };
        let receiver = self
            .receiver
            .get_or_init(|| {
                Receiver::new(
                    self.client,
                    self.settings.max_concurrent_requests,
                    self.bandwidth.clone(),
                )
            })
            .as_ref()
            .map_err(Clone::clone)?;
        receiver.receive(src, extra, &file, ranges, &|n| self.transferred(n))?;
        Arc::try_unwrap(file).map_err(|_| "the download is still being written".to_owned())
    }
}

/// The `GetObject` input for `src` (or the inclusive byte range `range` of it) with the
/// members of `extra` the operation has. A whole object is asked for with its checksum.
pub(crate) fn get_input(
    service: &aws2_core::Service,
    op: &aws2_core::model::Operation,
    src: &S3Path,
    extra: &Extra,
    range: Option<(u64, u64)>,
) -> IndexMap<String, Value> {
    let mut req = object_input(src);
    match range {
        Some((start, end)) => {
            req.insert("Range".into(), s(format!("bytes={start}-{end}")));
        }
        None => {
            req.insert("ChecksumMode".into(), s("ENABLED"));
        }
    }
    add_members(service, op, &mut req, extra);
    req
}

/// Adds to `input` the members of `extra` that `op`'s input shape has and `input` lacks.
fn add_members(
    service: &aws2_core::Service,
    op: &aws2_core::model::Operation,
    input: &mut IndexMap<String, Value>,
    extra: &Extra,
) {
    if extra.is_empty() {
        return;
    }
    if let Some(shape) = op.input.as_ref().and_then(|r| service.shape(&r.shape).ok()) {
        for (name, value) in extra {
            if shape.members.contains_key(name) {
                input.entry(name.clone()).or_insert_with(|| value.clone());
            }
        }
    }
}

/// The checks on a received body: the whole object's checksum (the first of the preferred
/// order the server sent, unless it is a checksum of part checksums) and a range's length.
pub(crate) struct BodyCheck {
    range: Option<(u64, u64)>,
    verify: Option<(String, checksum::Hasher)>,
    received: u64,
}

impl BodyCheck {
    /// The checks for a response with `output`'s members, of `range` (`None`: whole).
    pub(crate) fn new(output: &Value, range: Option<(u64, u64)>) -> BodyCheck {
        let whole = range.is_none() && api::text(output, "ChecksumType") != Some("COMPOSITE");
        let verify = checksum::VALIDATION_ORDER
            .iter()
            .filter(|_| whole)
            .find_map(|a| {
                api::text(output, &a.member())
                    .filter(|v| !v.contains('-'))
                    .map(|v| (v.to_owned(), a.hasher()))
            });
        BodyCheck {
            range,
            verify,
            received: 0,
        }
    }

    /// Takes in the next chunk.
    pub(crate) fn update(&mut self, chunk: &[u8]) {
        if let Some((_, h)) = self.verify.as_mut() {
            h.update(chunk);
        }
        self.received += chunk.len() as u64;
    }

    /// The bytes received, or why the body is not what was asked for.
    pub(crate) fn finish(self) -> Result<u64, String> {
        if let Some((expected, h)) = self.verify {
            let actual = h.finish();
            if actual != expected {
                return Err(format!(
                    "Expected checksum {expected} did not match calculated checksum: {actual}"
                ));
            }
        }
        if let Some((start, end)) = self.range {
            let wanted = end - start + 1;
            if self.received != wanted {
                return Err(format!(
                    "expected {wanted} bytes for range {start}-{end}, received {}",
                    self.received
                ));
            }
        }
        Ok(self.received)
    }
}

/// One uploaded part: its ETag and its checksum member and value (for
/// `CompleteMultipartUpload`).
#[derive(Debug, Clone)]
pub struct Part {
    etag: String,
    checksum: Option<(String, String)>,
}

/// A reader that takes every byte it yields from the bandwidth budget.
struct Metered {
    inner: std::io::Cursor<Bytes>,
    limit: Arc<Bandwidth>,
}

impl Read for Metered {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.limit.take(n as u64);
        Ok(n)
    }
}

fn object_input(path: &S3Path) -> IndexMap<String, Value> {
    input(vec![("Bucket", s(&path.bucket)), ("Key", s(&path.key))])
}

fn temp_path(dest: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.{}.{n}.part", std::process::id()))
}
