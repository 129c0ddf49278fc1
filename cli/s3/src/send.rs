//! Uploads and server-side copies as tasks on the transfer runtime: `PutObject` and
//! `CopyObject` below the multipart threshold, and above it a multipart upload whose parts
//! (`UploadPart` from pooled buffers, or `UploadPartCopy`) run concurrently. A multipart
//! upload that fails or is interrupted is aborted.

use crate::api::{self, input, s};
use crate::checksum::Algorithm;
use crate::paths::S3Path;
use crate::runtime::{Progress, Shared};
use crate::transfer::{object_input, Extra};
use aws2_core::Value;
use bytes::Bytes;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// The requests of one object's upload or copy: where it goes, the members they carry and
/// the checksum algorithm of uploaded bytes. Cheap to clone into part tasks.
#[derive(Clone)]
pub(crate) struct Upload {
    shared: Arc<Shared>,
    dest: Arc<S3Path>,
    extra: Arc<Extra>,
    checksum: Algorithm,
}

/// One uploaded part: its ETag and its checksum member and value (for
/// `CompleteMultipartUpload`).
#[derive(Debug, Clone)]
pub struct Part {
    etag: String,
    checksum: Option<(String, String)>,
}

impl Part {
    /// A part with its ETag and checksum.
    fn new(etag: String, checksum: Option<(String, String)>) -> Part {
        Part { etag, checksum }
    }

    /// The part an `UploadPartCopy` output describes; with `--checksum-algorithm` (in
    /// `extra`), its checksum goes into the completion.
    fn from_copy(out: &Value, extra: &Extra) -> Result<Part, String> {
        let checksum = match extra.get("ChecksumAlgorithm") {
            Some(Value::String(name)) => Algorithm::parse(name).and_then(|a| {
                let member = a.member();
                api::text(out, &format!("CopyPartResult.{member}")).map(|v| (member, v.to_owned()))
            }),
            _ => None,
        };
        let etag = api::text(out, "CopyPartResult.ETag")
            .map(str::to_owned)
            .ok_or_else(|| "UploadPartCopy returned no ETag".to_owned())?;
        Ok(Part::new(etag, checksum))
    }

    /// The part's entry in `CompleteMultipartUpload`, as part `number`.
    fn entry(self, number: usize) -> Value {
        let mut entry = input(vec![
            ("ETag", s(self.etag)),
            ("PartNumber", Value::Integer(number as i64)),
        ]);
        if let Some((member, value)) = self.checksum {
            entry.insert(member, s(value));
        }
        Value::Map(entry)
    }
}

/// A part's bytes with their checksum (member name and value).
pub(crate) struct Payload {
    bytes: Bytes,
    checksum: (String, String),
}

impl Payload {
    /// `bytes` with their checksum of `algorithm` (CPU work: call it off the runtime's
    /// workers for large parts).
    pub(crate) fn new(bytes: Bytes, algorithm: Algorithm) -> Payload {
        let checksum = (algorithm.member(), algorithm.of(&bytes));
        Payload { bytes, checksum }
    }

    /// The size in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.bytes.len() as u64
    }
}

impl Upload {
    /// The requests to `dest` with `extra`'s members, uploads checksummed with `checksum`.
    pub(crate) fn new(
        shared: &Arc<Shared>,
        dest: &S3Path,
        extra: &Extra,
        checksum: Algorithm,
    ) -> Upload {
        Upload {
            shared: Arc::clone(shared),
            dest: Arc::new(dest.clone()),
            extra: Arc::new(extra.clone()),
            checksum,
        }
    }

    /// The checksum algorithm of uploaded bytes.
    pub(crate) fn checksum(&self) -> Algorithm {
        self.checksum
    }

    /// Reads `len` bytes at `start` of `file` into a pooled buffer with their checksum, on
    /// a blocking thread.
    async fn read_part(&self, file: &Arc<File>, start: u64, len: u64) -> Result<Payload, String> {
        let file = Arc::clone(file);
        let buffers = Arc::clone(self.shared.buffers());
        let algorithm = self.checksum;
        tokio::task::spawn_blocking(move || {
            let mut buf = buffers.take(len as usize);
            file.read_exact_at(&mut buf, start)
                .map_err(|e| e.to_string())?;
            Ok(Payload::new(buffers.share(buf), algorithm))
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Uploads `file` of `size` bytes in parts of `part` bytes (one `PutObject` when `part`
    /// is `None`), counting the bytes sent in `progress`.
    pub(crate) async fn file(
        self,
        file: File,
        size: u64,
        part: Option<u64>,
        progress: Progress,
    ) -> Result<(), String> {
        let file = Arc::new(file);
        let Some(part) = part else {
            let _permit = self.shared.permit().await?;
            let payload = self.read_part(&file, 0, size).await?;
            return self.put(payload, &progress).await;
        };
        self.multipart(true, size, part, |upload, id, number, start, len| {
            let file = Arc::clone(&file);
            let progress = Arc::clone(&progress);
            async move {
                let payload = upload.read_part(&file, start, len).await?;
                upload.part(&id, number, payload, &progress).await
            }
        })
        .await
    }

    /// Copies `source` (`bucket/key`, of `size` bytes) here on the server, in parts of
    /// `part` bytes (one `CopyObject` when `part` is `None`), counting the bytes copied in
    /// `progress`.
    pub(crate) async fn copy(
        self,
        source: String,
        size: u64,
        part: Option<u64>,
        progress: Progress,
    ) -> Result<(), String> {
        let Some(part) = part else {
            let mut req = object_input(&self.dest);
            req.insert("CopySource".into(), s(source));
            self.shared
                .request_one("CopyObject", req, &self.extra, None)
                .await?;
            progress.fetch_add(size, Ordering::SeqCst);
            return Ok(());
        };
        let source = Arc::new(source);
        self.multipart(false, size, part, |upload, id, number, start, len| {
            let source = Arc::clone(&source);
            let progress = Arc::clone(&progress);
            async move {
                let part = upload.part_copy(&id, number, &source, start, len).await?;
                progress.fetch_add(len, Ordering::SeqCst);
                Ok(part)
            }
        })
        .await
    }

    /// Runs a multipart upload of `size` bytes in parts of `part` bytes, which
    /// `send_part(upload, upload_id, number, start, len)` sends (checksummed with the
    /// engine's algorithm when `checksums`); aborts the upload if anything fails.
    async fn multipart<F>(
        &self,
        checksums: bool,
        size: u64,
        part: u64,
        send_part: impl Fn(Upload, Arc<str>, usize, u64, u64) -> F,
    ) -> Result<(), String>
    where
        F: std::future::Future<Output = Result<Part, String>> + Send + 'static,
    {
        let upload_id: Arc<str> = self.create(checksums).await?.into();
        let count = size.div_ceil(part).max(1) as usize;
        let parts = self
            .shared
            .parts(count, |i| {
                let start = i as u64 * part;
                let len = part.min(size - start);
                send_part(self.clone(), Arc::clone(&upload_id), i + 1, start, len)
            })
            .await;
        self.finish(&upload_id, parts).await
    }

    /// Starts a multipart upload (whose parts carry checksums when `checksums`) and
    /// returns its id.
    pub(crate) async fn create(&self, checksums: bool) -> Result<String, String> {
        let mut req = object_input(&self.dest);
        // As the AWS CLI v2: the algorithm only, the checksum type left to the server's
        // default for it (FULL_OBJECT for CRC64NVME).
        if checksums {
            req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
        }
        let out = self
            .shared
            .request_one("CreateMultipartUpload", req, &self.extra, None)
            .await?;
        api::text(&out, "UploadId")
            .map(str::to_owned)
            .ok_or_else(|| "CreateMultipartUpload returned no UploadId".to_owned())
    }

    /// Completes a multipart upload with its parts (in part order), or aborts it when
    /// `parts` is an error or completing fails.
    pub(crate) async fn finish(
        &self,
        upload_id: &str,
        parts: Result<Vec<Part>, String>,
    ) -> Result<(), String> {
        let result = match parts {
            Ok(parts) => self.complete(upload_id, parts).await,
            Err(e) => Err(e),
        };
        if result.is_err() {
            let mut req = object_input(&self.dest);
            req.insert("UploadId".into(), s(upload_id));
            let _ = self
                .shared
                .request_one("AbortMultipartUpload", req, &self.extra, None)
                .await;
        }
        result
    }

    async fn complete(&self, upload_id: &str, parts: Vec<Part>) -> Result<(), String> {
        let parts = parts
            .into_iter()
            .enumerate()
            .map(|(i, part)| part.entry(i + 1))
            .collect();
        let mut req = object_input(&self.dest);
        req.insert("UploadId".into(), s(upload_id));
        req.insert(
            "MultipartUpload".into(),
            Value::Map(input(vec![("Parts", Value::List(parts))])),
        );
        self.shared
            .request_one("CompleteMultipartUpload", req, &self.extra, None)
            .await
            .map(|_| ())
    }

    /// Uploads one part with its checksum (the caller holds the permit) and returns its
    /// ETag and checksum.
    pub(crate) async fn part(
        &self,
        upload_id: &str,
        number: usize,
        payload: Payload,
        progress: &Progress,
    ) -> Result<Part, String> {
        let len = payload.len();
        let mut req = object_input(&self.dest);
        req.insert("UploadId".into(), s(upload_id));
        req.insert("PartNumber".into(), Value::Integer(number as i64));
        req.insert(payload.checksum.0.clone(), s(payload.checksum.1.clone()));
        req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
        let out = self
            .shared
            .request("UploadPart", req, &self.extra, Some(payload.bytes))
            .await?;
        progress.fetch_add(len, Ordering::SeqCst);
        let etag = api::text(&out, "ETag")
            .map(str::to_owned)
            .ok_or_else(|| "UploadPart returned no ETag".to_owned())?;
        Ok(Part::new(etag, Some(payload.checksum)))
    }

    /// Copies bytes `start..start + len` of `source` as one part (the caller holds the
    /// permit) and returns its ETag and checksum.
    async fn part_copy(
        &self,
        upload_id: &str,
        number: usize,
        source: &str,
        start: u64,
        len: u64,
    ) -> Result<Part, String> {
        let mut req = object_input(&self.dest);
        req.insert("UploadId".into(), s(upload_id));
        req.insert("PartNumber".into(), Value::Integer(number as i64));
        req.insert("CopySource".into(), s(source));
        req.insert(
            "CopySourceRange".into(),
            s(format!("bytes={start}-{}", start + len - 1)),
        );
        let out = self
            .shared
            .request("UploadPartCopy", req, &self.extra, None)
            .await?;
        Part::from_copy(&out, &self.extra)
    }

    /// Puts a whole object with its checksum (the caller holds the permit).
    pub(crate) async fn put(&self, payload: Payload, progress: &Progress) -> Result<(), String> {
        let len = payload.len();
        let mut req = object_input(&self.dest);
        req.insert(payload.checksum.0, s(payload.checksum.1));
        // As botocore: the algorithm's header goes with the checksum.
        req.insert("ChecksumAlgorithm".into(), s(self.checksum.name()));
        self.shared
            .request("PutObject", req, &self.extra, Some(payload.bytes))
            .await?;
        progress.fetch_add(len, Ordering::SeqCst);
        Ok(())
    }
}
