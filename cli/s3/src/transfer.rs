//! The transfer manager: uploads, downloads and server-side copies of single objects, in one
//! request below the multipart threshold and in concurrent parts above it (multipart upload,
//! ranged GETs written in place, `UploadPartCopy`). A failed multipart upload is aborted and
//! a failed download leaves no partial file behind. Every request runs on one tokio runtime
//! (`runtime`); the methods here hand a transfer to it and block the calling thread until it
//! ends. At most `max_concurrent_requests` part buffers exist at once, so memory stays near
//! `multipart_chunksize × max_concurrent_requests`.

use crate::api::{self, input, s};
use crate::bandwidth::Bandwidth;
use crate::buffers::BufferPool;
use crate::checksum::{self, Algorithm};
use crate::paths::S3Path;
use crate::receive;
use crate::runtime::{self, Progress, Runtime, Shared};
use crate::send::Upload;
use crate::settings::TransferSettings;
use aws2_client::Client;
use aws2_core::Value;
use bytes::Bytes;
use indexmap::IndexMap;
use std::fs::{self, File};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, UNIX_EPOCH};

pub use crate::send::Part;

/// Members for the requests of a transfer (content type, ACL, storage class, SSE-C keys, …);
/// each request receives those its operation's input has.
pub type Extra = IndexMap<String, Value>;

/// Runs transfers through one client with shared limits.
pub struct Engine<'a> {
    client: &'a Client,
    on_bytes: Option<&'a (dyn Fn(u64) + Sync)>,
    settings: TransferSettings,
    buffers: Arc<BufferPool>,
    bandwidth: Option<Arc<Bandwidth>>,
    checksum: Algorithm,
    runtime: OnceLock<Result<Runtime, String>>,
}

impl<'a> Engine<'a> {
    /// An engine for a client and settings.
    pub fn new(client: &'a Client, settings: TransferSettings) -> Engine<'a> {
        Engine {
            client,
            on_bytes: None,
            settings,
            buffers: BufferPool::new(settings.max_concurrent_requests),
            bandwidth: settings.max_bandwidth.map(|n| Arc::new(Bandwidth::new(n))),
            checksum: Algorithm::Crc32,
            runtime: OnceLock::new(),
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

    /// The runtime that carries the requests, started on first use.
    pub(crate) fn runtime(&self) -> Result<&Runtime, String> {
        self.runtime
            .get_or_init(|| {
                Runtime::new(
                    self.client,
                    self.settings.max_concurrent_requests,
                    self.bandwidth.clone(),
                    Arc::clone(&self.buffers),
                )
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Runs the future `work` makes on the runtime and waits for it, passing the bytes it
    /// counts on to the progress callback.
    pub(crate) fn wait<T, F>(
        &self,
        work: impl FnOnce(Arc<Shared>, Progress) -> F,
    ) -> Result<T, String>
    where
        F: Future<Output = Result<T, String>> + Send + 'static,
        T: Send + 'static,
    {
        self.runtime()?.wait(work, &|n| self.transferred(n))
    }

    /// The requests of an upload or copy to `dest` with `extra`'s members.
    pub(crate) fn upload_to(&self, dest: &S3Path, extra: &Extra) -> Result<Upload, String> {
        Ok(Upload::new(
            self.runtime()?.shared(),
            dest,
            extra,
            self.checksum,
        ))
    }

    /// The part size of a multipart transfer of `size` bytes, `None` below the threshold.
    fn multipart_part(&self, size: u64) -> Option<u64> {
        self.settings
            .is_multipart(size)
            .then(|| self.settings.part_size(size))
    }

    /// The inclusive byte ranges of the parts of a download of `size` bytes (`[None]`, the
    /// whole object, below the multipart threshold).
    pub(crate) fn ranges(&self, size: u64) -> Vec<Option<(u64, u64)>> {
        match self.multipart_part(size) {
            Some(part) => (0..size.div_ceil(part))
                .map(|i| Some((i * part, ((i + 1) * part).min(size) - 1)))
                .collect(),
            None => vec![None],
        }
    }

    /// Passes on to the progress callback what `progress` counted beyond `reported`.
    pub(crate) fn report(&self, progress: &Progress, reported: &mut u64) {
        runtime::report(progress, reported, &|n| self.transferred(n));
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
        let upload = self.upload_to(dest, extra)?;
        let part = self.multipart_part(size);
        self.wait(|_, progress| upload.file(file, size, part, progress))
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
        let upload = self.upload_to(dest, extra)?;
        let part = self.multipart_part(size);
        self.wait(|_, progress| upload.copy(source, size, part, progress))
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
        let ranges = self.ranges(size);
        let (src, extra, to) = (src.clone(), extra.clone(), Arc::clone(&file));
        self.wait(|shared, progress| receive::to_file(shared, src, extra, to, ranges, progress))?;
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
pub(crate) fn add_members(
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

/// `Bucket` and `Key` of a request about `path`.
pub(crate) fn object_input(path: &S3Path) -> IndexMap<String, Value> {
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
