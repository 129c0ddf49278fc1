//! The tokio runtime that carries every request of a command's transfers: uploads, copies
//! and downloads, single requests and the parts of multipart ones, through one task-based
//! HTTP client, with at most `max_concurrent_requests` requests (and part buffers) in
//! flight across all files. The threads that ask for transfers hand the work to the
//! runtime and wait for it, passing its byte count on to the progress line.

use crate::bandwidth::Bandwidth;
use crate::buffers::BufferPool;
use crate::transfer::{add_members, Extra};
use aws2_client::Client;
use aws2_core::Value;
use aws2_http::{AsyncHttpClient, Body};
use bytes::Bytes;
use indexmap::IndexMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

/// How often a waiting thread reports the bytes transferred so far.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The runtime and what its tasks share.
pub(crate) struct Runtime {
    runtime: tokio::runtime::Runtime,
    shared: Arc<Shared>,
}

/// What every task shares: the client, its task-based HTTP client, the request limit, the
/// bandwidth limit and the part buffers.
pub(crate) struct Shared {
    client: Client,
    http: AsyncHttpClient,
    /// `http` with request bodies paced by `max_bandwidth` (the same as `http` without it).
    paced: AsyncHttpClient,
    permits: Arc<Semaphore>,
    bandwidth: Option<Arc<Bandwidth>>,
    buffers: Arc<BufferPool>,
}

/// Bytes a transfer has moved so far, counted by its tasks.
pub(crate) type Progress = Arc<AtomicU64>;

/// The results of part tasks: each part's index and value, or why it failed.
pub(crate) type PartTasks<T> = JoinSet<Result<(usize, T), String>>;

impl Runtime {
    /// A runtime with a worker per core (up to four) for the transfers of `client`.
    pub(crate) fn new(
        client: &Client,
        max_requests: usize,
        bandwidth: Option<Arc<Bandwidth>>,
        buffers: Arc<BufferPool>,
    ) -> Result<Runtime, String> {
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .thread_name("aws2-transfer")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the transfer runtime: {e}"))?;
        let http = client.async_http().map_err(|e| e.to_string())?;
        let paced = match &bandwidth {
            Some(limit) => {
                let limit = Arc::clone(limit);
                http.paced(Arc::new(move |n| limit.reserve(n)))
            }
            None => http.clone(),
        };
        Ok(Runtime {
            runtime,
            shared: Arc::new(Shared {
                client: client.clone(),
                http,
                paced,
                permits: Arc::new(Semaphore::new(max_requests.max(1))),
                bandwidth,
                buffers,
            }),
        })
    }

    /// What the tasks share.
    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Runs the future `work` makes on the runtime and waits for it on the calling thread,
    /// calling `on_bytes` a few times a second with the bytes it counted since.
    pub(crate) fn wait<T, F>(
        &self,
        work: impl FnOnce(Arc<Shared>, Progress) -> F,
        on_bytes: &dyn Fn(u64),
    ) -> Result<T, String>
    where
        F: Future<Output = Result<T, String>> + Send + 'static,
        T: Send + 'static,
    {
        let progress = Progress::default();
        let task = work(Arc::clone(&self.shared), Arc::clone(&progress));
        let (done, outcome) = mpsc::channel();
        self.runtime.spawn(async move {
            // The future (and every handle it held) is gone before the result is sent.
            let result = task.await;
            let _ = done.send(result);
        });
        let mut reported = 0;
        let result = loop {
            let next = outcome.recv_timeout(PROGRESS_EVERY);
            report(&progress, &mut reported, on_bytes);
            match next {
                Ok(result) => break result,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // The task panicked.
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    break Err("the transfer stopped unexpectedly".to_owned())
                }
            }
        };
        report(&progress, &mut reported, on_bytes);
        result
    }

    /// Waits on the calling thread for a request permit (for work started from it).
    pub(crate) fn permit(&self) -> Result<OwnedSemaphorePermit, String> {
        self.runtime
            .block_on(Arc::clone(&self.shared.permits).acquire_owned())
            .map_err(|e| e.to_string())
    }

    /// Enters the runtime's context, so that tasks can be spawned on it from this thread.
    pub(crate) fn enter(&self) -> tokio::runtime::EnterGuard<'_> {
        self.runtime.enter()
    }
}

/// Passes on to `on_bytes` what `progress` counted beyond `reported`.
pub(crate) fn report(progress: &Progress, reported: &mut u64, on_bytes: &dyn Fn(u64)) {
    let now = progress.load(Ordering::SeqCst);
    if now > *reported {
        on_bytes(now - *reported);
        *reported = now;
    }
}

impl Shared {
    /// The client.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// The bandwidth limit, if any.
    pub(crate) fn bandwidth(&self) -> Option<&Bandwidth> {
        self.bandwidth.as_deref()
    }

    /// The part buffers.
    pub(crate) fn buffers(&self) -> &Arc<BufferPool> {
        &self.buffers
    }

    /// The task-based HTTP client.
    pub(crate) fn http(&self) -> &AsyncHttpClient {
        &self.http
    }

    /// Waits for a request permit.
    pub(crate) async fn permit(&self) -> Result<OwnedSemaphorePermit, String> {
        Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|e| e.to_string())
    }

    /// Calls `operation` with `input` plus the members of `extra` its input shape has, and
    /// `payload` as the streaming body (paced by `max_bandwidth`) when given. The caller
    /// holds the request's permit.
    pub(crate) async fn request(
        &self,
        operation: &str,
        mut input: IndexMap<String, Value>,
        extra: &Extra,
        payload: Option<Bytes>,
    ) -> Result<Value, String> {
        let service = self.client.service();
        let op = service.operation(operation).map_err(|e| e.to_string())?;
        add_members(service, &op, &mut input, extra);
        let input = Value::Map(input);
        let result = match payload {
            Some(bytes) => {
                self.client
                    .call_with_payload_async(&self.paced, &op, &input, Body::Bytes(bytes))
                    .await
            }
            None => self.client.call_async(&self.http, &op, &input).await,
        };
        result.map_err(|e| e.to_string())
    }

    /// [`Shared::request`] under a permit of its own.
    pub(crate) async fn request_one(
        &self,
        operation: &str,
        input: IndexMap<String, Value>,
        extra: &Extra,
        payload: Option<Bytes>,
    ) -> Result<Value, String> {
        let _permit = self.permit().await?;
        self.request(operation, input, extra, payload).await
    }

    /// Runs `count` part tasks (`part(i)` for each index), each under a request permit, and
    /// returns their results in order; the first failure stops the others.
    pub(crate) async fn parts<T, F>(
        self: &Arc<Self>,
        count: usize,
        part: impl Fn(usize) -> F,
    ) -> Result<Vec<T>, String>
    where
        F: Future<Output = Result<T, String>> + Send + 'static,
        T: Send + 'static,
    {
        let mut tasks = JoinSet::new();
        for index in 0..count {
            self.spawn_part(&mut tasks, index, None, part(index));
        }
        join_parts(tasks).await
    }

    /// Starts a part task: it waits for a request permit (unless `permit` is one already
    /// held), stops if the command was interrupted, and yields its index with its value.
    pub(crate) fn spawn_part<T, F>(
        self: &Arc<Self>,
        tasks: &mut PartTasks<T>,
        index: usize,
        permit: Option<OwnedSemaphorePermit>,
        part: F,
    ) where
        F: Future<Output = Result<T, String>> + Send + 'static,
        T: Send + 'static,
    {
        let shared = Arc::clone(self);
        tasks.spawn(async move {
            let _permit = match permit {
                Some(held) => held,
                None => shared.permit().await?,
            };
            crate::cancel::check()?;
            // The part (its buffer, its file handle) is released before its permit.
            part.await.map(|value| (index, value))
        });
    }
}

/// Waits for part tasks and returns their values in index order; at the first failure the
/// others are cancelled (and waited for, so that none still holds a buffer or a file) and
/// the failure is returned.
pub(crate) async fn join_parts<T: Send + 'static>(
    mut tasks: PartTasks<T>,
) -> Result<Vec<T>, String> {
    let mut values: Vec<Option<T>> = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        let outcome = joined.map_err(|e| e.to_string()).and_then(|r| r);
        match outcome {
            Ok((index, value)) => {
                if values.len() <= index {
                    values.resize_with(index + 1, || None);
                }
                values[index] = Some(value);
            }
            Err(e) => {
                tasks.abort_all();
                while tasks.join_next().await.is_some() {}
                return Err(e);
            }
        }
    }
    values
        .into_iter()
        .map(|v| v.ok_or_else(|| "a part was not transferred".to_owned()))
        .collect()
}
