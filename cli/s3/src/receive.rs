//! Downloads received on a tokio runtime: every GET of a command (whole objects and the
//! ranged parts of large ones) runs as a task that writes the bytes at their offset in the
//! file as they arrive (in aligned blocks of `WRITE_BLOCK` bytes), with at most
//! `max_concurrent_requests` requests in flight. The thread that asked for a download waits
//! for its tasks and passes their byte count on to the progress line.

use crate::bandwidth::Bandwidth;
use crate::paths::S3Path;
use crate::transfer::{BodyCheck, Extra};
use aws2_client::Client;
use aws2_core::Value;
use aws2_http::AsyncHttpClient;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// The runtime, the task-based HTTP client and the request limit shared by all downloads
/// of one command.
pub(crate) struct Receiver {
    runtime: tokio::runtime::Runtime,
    http: AsyncHttpClient,
    client: Arc<Client>,
    permits: Arc<tokio::sync::Semaphore>,
    bandwidth: Option<Arc<Bandwidth>>,
}

/// How often the waiting thread reports the bytes written so far.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Receiver {
    /// A runtime with a worker per core (up to four) for the downloads of `client`.
    pub(crate) fn new(
        client: &Client,
        max_requests: usize,
        bandwidth: Option<Arc<Bandwidth>>,
    ) -> Result<Receiver, String> {
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("aws2-receive")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the download runtime: {e}"))?;
        Ok(Receiver {
            runtime,
            http: client.async_http().map_err(|e| e.to_string())?,
            client: Arc::new(client.clone()),
            permits: Arc::new(tokio::sync::Semaphore::new(max_requests.max(1))),
            bandwidth,
        })
    }

    /// Receives `ranges` of `src` into `file` (`None`: the whole object at offset 0); calls
    /// `on_bytes` with the bytes written as they arrive; returns the first failure.
    pub(crate) fn receive(
        &self,
        src: &S3Path,
        extra: &Extra,
        file: &Arc<File>,
        ranges: Vec<Option<(u64, u64)>>,
        on_bytes: &dyn Fn(u64),
    ) -> Result<(), String> {
        let (events, inbox) = mpsc::channel();
        let failed = Arc::new(AtomicBool::new(false));
        let written = Arc::new(AtomicU64::new(0));
        let count = ranges.len();
        for range in ranges {
            let job = Job {
                client: Arc::clone(&self.client),
                http: self.http.clone(),
                permits: Arc::clone(&self.permits),
                bandwidth: self.bandwidth.clone(),
                src: src.clone(),
                extra: extra.clone(),
                file: Arc::clone(file),
                range,
                failed: Arc::clone(&failed),
                written: Arc::clone(&written),
                events: events.clone(),
            };
            self.runtime.spawn(job.run());
        }
        drop(events);
        // The tasks count their bytes in `written`; this thread wakes for each task's end
        // and a few times a second to pass the count on, not for every chunk.
        let mut first_error = None;
        let mut done = 0;
        let mut reported = 0;
        let report = |reported: &mut u64| {
            let now = written.load(Ordering::SeqCst);
            if now > *reported {
                on_bytes(now - *reported);
                *reported = now;
            }
        };
        while done < count {
            match inbox.recv_timeout(PROGRESS_EVERY) {
                Ok(result) => {
                    done += 1;
                    if let Err(e) = result {
                        failed.store(true, Ordering::SeqCst);
                        first_error.get_or_insert(e);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // Every task has ended (a task that panicked drops its sender).
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            report(&mut reported);
        }
        match first_error {
            Some(e) => Err(e),
            None if done < count => Err("a part was not transferred".to_owned()),
            None => Ok(()),
        }
    }
}

/// One GET and where its bytes go.
struct Job {
    client: Arc<Client>,
    http: AsyncHttpClient,
    permits: Arc<tokio::sync::Semaphore>,
    bandwidth: Option<Arc<Bandwidth>>,
    src: S3Path,
    extra: Extra,
    file: Arc<File>,
    range: Option<(u64, u64)>,
    failed: Arc<AtomicBool>,
    written: Arc<AtomicU64>,
    events: mpsc::Sender<Result<(), String>>,
}

impl Job {
    async fn run(self) {
        let result = self.get().await;
        // The file handle goes before the waiting thread hears of the end, so that it owns
        // the file alone once every task has ended.
        let events = self.events.clone();
        drop(self);
        let _ = events.send(result);
    }

    async fn get(&self) -> Result<(), String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        if self.failed.load(Ordering::SeqCst) {
            return Err("another part failed".to_owned());
        }
        crate::cancel::check()?;
        let service = self.client.service();
        let op = service.operation("GetObject").map_err(|e| e.to_string())?;
        let input = crate::transfer::get_input(service, &op, &self.src, &self.extra, self.range);
        let (output, mut body) = self
            .client
            .call_streaming_async(&self.http, &op, &Value::Map(input))
            .await
            .map_err(|e| e.to_string())?;
        let mut check = BodyCheck::new(&output, self.range);
        let start = self.range.map_or(0, |(start, _)| start);
        let mut out = BlockWriter::new(&self.file, start);
        while let Some(chunk) = body.chunk().await.map_err(|e| e.to_string())? {
            if self.failed.load(Ordering::SeqCst) {
                return Err("another part failed".to_owned());
            }
            crate::cancel::check()?;
            if let Some(limit) = &self.bandwidth {
                let wait = limit.reserve(chunk.len() as u64);
                if !wait.is_zero() {
                    tokio::time::sleep(wait).await;
                }
            }
            check.update(&chunk);
            let n = out.push(&chunk).map_err(|e| e.to_string())?;
            self.written.fetch_add(n, Ordering::SeqCst);
        }
        let n = out.finish().map_err(|e| e.to_string())?;
        self.written.fetch_add(n, Ordering::SeqCst);
        check.finish().map(|_| ())
    }
}

/// The size and alignment of the writes that move received bytes to the file. Responses
/// arrive in chunks of arbitrary size (often 50–60 KiB over loopback, 16 KiB over TLS);
/// written as they come, every chunk straddles pages and the page cache builds the file
/// from single pages. Aligned blocks are taken in larger folios and cost the kernel about a
/// third less.
const WRITE_BLOCK: usize = 64 << 10;

/// Writes a sequence of chunks to consecutive offsets of a file in blocks aligned to
/// [`WRITE_BLOCK`] (the first and last may be partial), copying only the pieces of chunks
/// that do not fill a block on their own.
struct BlockWriter<'f> {
    file: &'f File,
    /// Where the buffered bytes (or the next chunk, when none are buffered) go.
    offset: u64,
    buf: Vec<u8>,
}

impl<'f> BlockWriter<'f> {
    fn new(file: &'f File, offset: u64) -> BlockWriter<'f> {
        BlockWriter {
            file,
            offset,
            buf: Vec::with_capacity(WRITE_BLOCK),
        }
    }

    /// Takes the next chunk; returns the bytes written to the file meanwhile.
    fn push(&mut self, mut chunk: &[u8]) -> std::io::Result<u64> {
        let mut written = 0;
        while !chunk.is_empty() {
            let end = self.offset + self.buf.len() as u64;
            let room = WRITE_BLOCK - (end % WRITE_BLOCK as u64) as usize;
            if chunk.len() < room {
                self.buf.extend_from_slice(chunk);
                break;
            }
            if self.buf.is_empty() {
                // Up to the last block boundary straight from the chunk.
                let whole = room + (chunk.len() - room) / WRITE_BLOCK * WRITE_BLOCK;
                written += self.write(&chunk[..whole])?;
                chunk = &chunk[whole..];
            } else {
                self.buf.extend_from_slice(&chunk[..room]);
                chunk = &chunk[room..];
                let block = std::mem::take(&mut self.buf);
                written += self.write(&block)?;
                self.buf = block;
                self.buf.clear();
            }
        }
        Ok(written)
    }

    /// Writes what is still buffered; returns its size.
    fn finish(mut self) -> std::io::Result<u64> {
        let rest = std::mem::take(&mut self.buf);
        self.write(&rest)
    }

    fn write(&mut self, bytes: &[u8]) -> std::io::Result<u64> {
        self.file.write_all_at(bytes, self.offset)?;
        self.offset += bytes.len() as u64;
        Ok(bytes.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes chunks of the given sizes written from `start` and returns the offset and
    /// length of what each push (and the finish) wrote; checks the file's bytes.
    fn writes(start: u64, chunks: &[usize]) -> Vec<(u64, usize)> {
        let dir = tempfile::tempdir().unwrap();
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(dir.path().join("f"))
            .unwrap();
        let total: usize = chunks.iter().sum();
        let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
        let mut out = BlockWriter::new(&file, start);
        let mut seen = Vec::new();
        let mut at = 0;
        let mut reported = 0;
        for &n in chunks {
            let before = out.offset + out.buf.len() as u64;
            assert_eq!(before, start + at as u64);
            let offset = out.offset;
            let done = out.push(&data[at..at + n]).unwrap();
            if done > 0 {
                seen.push((offset, done as usize));
            }
            reported += done;
            at += n;
        }
        let offset = out.offset;
        let last = out.finish().unwrap();
        if last > 0 {
            seen.push((offset, last as usize));
        }
        reported += last;
        assert_eq!(reported, total as u64, "every byte is reported once");
        let mut back = vec![0; total];
        file.read_exact_at(&mut back, start).unwrap();
        assert_eq!(back, data);
        seen
    }

    #[test]
    fn chunks_are_written_in_aligned_blocks() {
        const B: usize = WRITE_BLOCK;
        let seen = writes(0, &[1000, B - 1000 + 10, 3 * B, 5]);
        // The first block is gathered from two chunks, the second from the tail of the
        // second chunk and the head of the third, whose whole blocks then go out without a
        // copy; its tail and the last chunk are written at the end.
        assert_eq!(
            seen,
            vec![(0, B), (B as u64, 3 * B), (4 * B as u64, 10 + 5)]
        );
        for &(offset, len) in &seen[..seen.len() - 1] {
            assert_eq!(offset % B as u64, 0);
            assert_eq!(len % B, 0);
        }

        // A range that starts mid-block is aligned from its first boundary on.
        let start = 8 * B as u64 + 100;
        let seen = writes(start, &[B, B]);
        assert_eq!(
            seen,
            vec![(start, B - 100), (9 * B as u64, B), (10 * B as u64, 100)]
        );
        assert!(writes(7, &[]).is_empty());
    }
}
