//! The transfer manager: uploads, downloads and server-side copies of single objects, in one
//! request below the multipart threshold and in concurrent parts above it (multipart upload,
//! ranged GETs written in place, `UploadPartCopy`). A failed multipart upload is aborted and
//! a failed download leaves no partial file behind. At most `max_concurrent_requests` part
//! buffers exist at once, so memory stays near `multipart_chunksize × max_concurrent_requests`.

use crate::api::{self, input, s};
use crate::paths::S3Path;
use crate::pool::Semaphore;
use crate::settings::TransferSettings;
use aws2_client::Client;
use aws2_core::Value;
use indexmap::IndexMap;
use std::fs::{self, File};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, UNIX_EPOCH};

/// Extra members for `PutObject`, `CreateMultipartUpload` and `CopyObject` (content type,
/// ACL, storage class, …).
pub type Extra = IndexMap<String, Value>;

/// Runs transfers through one client with shared limits.
pub struct Engine<'a> {
    client: &'a Client,
    on_bytes: Option<&'a (dyn Fn(u64) + Sync)>,
    settings: TransferSettings,
    permits: Semaphore,
}

impl<'a> Engine<'a> {
    /// An engine for a client and settings.
    pub fn new(client: &'a Client, settings: TransferSettings) -> Engine<'a> {
        Engine {
            client,
            on_bytes: None,
            settings,
            permits: Semaphore::new(settings.max_concurrent_requests),
        }
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
            return self.put(dest, extra, read_range(&file, 0, size)?);
        }
        let part = self.settings.part_size(size);
        self.multipart(dest, extra, size, part, |upload_id, number, start, len| {
            self.upload_part(dest, upload_id, number, read_range(&file, start, len)?)
        })
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
            req.extend(extra.clone());
            api::call(self.client, "CopyObject", req)?;
            self.transferred(size);
            return Ok(());
        }
        let part = self.settings.part_size(size);
        let extra: Extra = extra
            .iter()
            .filter(|(k, _)| k.as_str() != "MetadataDirective")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        self.multipart(dest, &extra, size, part, |upload_id, number, start, len| {
            let mut req = object_input(dest);
            req.insert("UploadId".into(), s(upload_id));
            req.insert("PartNumber".into(), Value::Integer(number as i64));
            req.insert("CopySource".into(), s(source.clone()));
            req.insert(
                "CopySourceRange".into(),
                s(format!("bytes={start}-{}", start + len - 1)),
            );
            let out = api::call(self.client, "UploadPartCopy", req)?;
            self.transferred(len);
            api::text(&out, "CopyPartResult.ETag")
                .map(str::to_owned)
                .ok_or_else(|| "UploadPartCopy returned no ETag".to_owned())
        })
    }

    /// Runs a multipart upload whose parts `send_part(upload_id, number, start, len)` sends,
    /// aborting the upload if anything fails.
    fn multipart(
        &self,
        dest: &S3Path,
        extra: &Extra,
        size: u64,
        part: u64,
        send_part: impl Fn(&str, usize, u64, u64) -> Result<String, String> + Sync,
    ) -> Result<(), String> {
        let upload_id = self.create_upload(dest, extra)?;
        let count = size.div_ceil(part).max(1) as usize;
        let result = self.run_parts(count, |i| {
            let start = i as u64 * part;
            let len = part.min(size - start);
            send_part(&upload_id, i + 1, start, len)
        });
        self.finish_upload(dest, &upload_id, result)
    }

    /// Starts a multipart upload and returns its id.
    pub(crate) fn create_upload(&self, dest: &S3Path, extra: &Extra) -> Result<String, String> {
        let mut req = object_input(dest);
        req.extend(extra.clone());
        let out = api::call(self.client, "CreateMultipartUpload", req)?;
        api::text(&out, "UploadId")
            .map(str::to_owned)
            .ok_or_else(|| "CreateMultipartUpload returned no UploadId".to_owned())
    }

    /// Completes a multipart upload with the parts' ETags (in part order), or aborts it when
    /// `parts` is an error or completing fails.
    pub(crate) fn finish_upload(
        &self,
        dest: &S3Path,
        upload_id: &str,
        parts: Result<Vec<String>, String>,
    ) -> Result<(), String> {
        let result = parts.and_then(|etags| {
            let parts = etags
                .into_iter()
                .enumerate()
                .map(|(i, etag)| {
                    Value::Map(input(vec![
                        ("ETag", s(etag)),
                        ("PartNumber", Value::Integer(i as i64 + 1)),
                    ]))
                })
                .collect();
            let mut req = object_input(dest);
            req.insert("UploadId".into(), s(upload_id));
            req.insert(
                "MultipartUpload".into(),
                Value::Map(input(vec![("Parts", Value::List(parts))])),
            );
            api::call(self.client, "CompleteMultipartUpload", req).map(|_| ())
        });
        if result.is_err() {
            let mut req = object_input(dest);
            req.insert("UploadId".into(), s(upload_id));
            let _ = api::call(self.client, "AbortMultipartUpload", req);
        }
        result
    }

    /// Uploads one part from memory and returns its ETag.
    pub(crate) fn upload_part(
        &self,
        dest: &S3Path,
        upload_id: &str,
        number: usize,
        body: Vec<u8>,
    ) -> Result<String, String> {
        let len = body.len() as u64;
        let mut req = object_input(dest);
        req.insert("UploadId".into(), s(upload_id));
        req.insert("PartNumber".into(), Value::Integer(number as i64));
        req.insert("Body".into(), Value::Blob(body));
        let out = api::call(self.client, "UploadPart", req)?;
        self.transferred(len);
        api::text(&out, "ETag")
            .map(str::to_owned)
            .ok_or_else(|| "UploadPart returned no ETag".to_owned())
    }

    /// Puts a whole object from memory.
    pub(crate) fn put(&self, dest: &S3Path, extra: &Extra, body: Vec<u8>) -> Result<(), String> {
        let mut req = object_input(dest);
        req.extend(extra.clone());
        let len = body.len() as u64;
        req.insert("Body".into(), Value::Blob(body));
        api::call(self.client, "PutObject", req)?;
        self.transferred(len);
        Ok(())
    }

    /// Gets an object, or the inclusive byte range `range` of it, into memory.
    pub(crate) fn get(&self, src: &S3Path, range: Option<(u64, u64)>) -> Result<Vec<u8>, String> {
        let mut req = object_input(src);
        if let Some((start, end)) = range {
            req.insert("Range".into(), s(format!("bytes={start}-{end}")));
        }
        let out = api::call(self.client, "GetObject", req)?;
        // The body moves out of the result: large ranges are not copied again.
        let body = match out {
            Value::Map(mut map) => match map.shift_remove("Body") {
                Some(Value::Blob(body)) => body,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        self.transferred(body.len() as u64);
        if let Some((start, end)) = range {
            if body.len() as u64 != end - start + 1 {
                return Err(format!(
                    "expected {} bytes for range {start}-{end}, received {}",
                    end - start + 1,
                    body.len()
                ));
            }
        }
        Ok(body)
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
    pub fn download(
        &self,
        src: &S3Path,
        size: u64,
        modified: f64,
        dest: &Path,
    ) -> Result<(), String> {
        if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        crate::cancel::check()?;
        let temp = temp_path(dest);
        let result = self.download_to(src, size, &temp).and_then(|file| {
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

    fn download_to(&self, src: &S3Path, size: u64, temp: &Path) -> Result<File, String> {
        let file = File::create(temp).map_err(|e| e.to_string())?;
        if !self.settings.is_multipart(size) {
            let _permit = self.permits.acquire();
            let body = self.get(src, None)?;
            file.write_all_at(&body, 0).map_err(|e| e.to_string())?;
            return Ok(file);
        }
        file.set_len(size).map_err(|e| e.to_string())?;
        let part = self.settings.part_size(size);
        let count = size.div_ceil(part) as usize;
        self.run_parts(count, |i| {
            let start = i as u64 * part;
            let end = (start + part).min(size) - 1;
            let body = self.get(src, Some((start, end)))?;
            file.write_all_at(&body, start).map_err(|e| e.to_string())
        })?;
        Ok(file)
    }
}

fn object_input(path: &S3Path) -> IndexMap<String, Value> {
    input(vec![("Bucket", s(&path.bucket)), ("Key", s(&path.key))])
}

fn read_range(file: &File, start: u64, len: u64) -> Result<Vec<u8>, String> {
    let mut buf = vec![0u8; len as usize];
    file.read_exact_at(&mut buf, start)
        .map_err(|e| e.to_string())?;
    Ok(buf)
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
