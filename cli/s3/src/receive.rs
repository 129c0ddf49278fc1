//! Downloads received on a tokio runtime: every GET of a command (whole objects and the
//! ranged parts of large ones) runs as a task that writes each chunk at its offset in the
//! file as it arrives, with at most `max_concurrent_requests` requests in flight. The thread
//! that asked for a download waits for its tasks and passes their byte count on to the
//! progress line.

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
        let mut offset = self.range.map_or(0, |(start, _)| start);
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
            self.file
                .write_all_at(&chunk, offset)
                .map_err(|e| e.to_string())?;
            offset += chunk.len() as u64;
            self.written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
        check.finish().map(|_| ())
    }
}
