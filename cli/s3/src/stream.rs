//! `-` as either side of `cp`: standard input to an object (one `PutObject`, or a multipart
//! upload fed part by part) and an object to standard output (in order, with up to
//! `max_concurrent_requests` ranged GETs ahead). Memory stays within a few parts.

use crate::api;
use crate::paths::S3Path;
use crate::receive;
use crate::runtime::{join_parts, PartTasks, Progress};
use crate::send::{Part, Payload, Upload};
use crate::transfer::{Engine, Extra};
use bytes::Bytes;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Fills `buf` from `reader` up to its length; returns the bytes read (short only at EOF).
fn fill(reader: &mut dyn Read, buf: &mut [u8]) -> Result<usize, String> {
    let mut done = 0;
    while done < buf.len() {
        match reader.read(&mut buf[done..]) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(done)
}

fn chunk(engine: &Engine<'_>, reader: &mut dyn Read, size: u64) -> Result<Bytes, String> {
    engine.read_chunk(&mut |buf| fill(reader, buf), size)
}

/// Uploads everything `reader` yields to `dest`; `expected_size` (`--expected-size`) lets
/// the part size grow for very large streams.
pub fn upload(
    engine: &Engine<'_>,
    reader: &mut dyn Read,
    dest: &S3Path,
    extra: &Extra,
    expected_size: Option<u64>,
) -> Result<(), String> {
    let settings = *engine.settings();
    let part = match expected_size {
        Some(n) => settings.part_size(n),
        None => settings.multipart_chunksize,
    };
    let upload = engine.upload_to(dest, extra)?;
    let first = chunk(engine, reader, part)?;
    if (first.len() as u64) < part && (first.len() as u64) < settings.multipart_threshold {
        let payload = Payload::new(first, upload.checksum());
        return engine.wait(|shared, progress| async move {
            let _permit = shared.permit().await?;
            upload.put(payload, &progress).await
        });
    }
    let creating = upload.clone();
    let upload_id: Arc<str> = engine
        .wait(|_, _| async move { creating.create(true).await })?
        .into();
    let parts = send_parts(engine, reader, &upload, &upload_id, part, first);
    let finishing = upload.clone();
    engine.wait(|_, _| async move { finishing.finish(&upload_id, parts).await })
}

/// Sends `first` and the rest of `reader` as the parts of the multipart upload
/// `upload_id`, each read under a request permit while earlier parts are being sent;
/// returns the parts in order, or the first failure (a part's, a read's, an interruption).
fn send_parts(
    engine: &Engine<'_>,
    reader: &mut dyn Read,
    upload: &Upload,
    upload_id: &Arc<str>,
    part: u64,
    first: Bytes,
) -> Result<Vec<Part>, String> {
    let runtime = engine.runtime()?;
    let failed = Arc::new(AtomicBool::new(false));
    let progress = Progress::default();
    let mut reported = 0;
    let mut tasks = PartTasks::new();
    let mut permit = None;
    let mut body = first;
    let mut read_error = None;
    for index in 0.. {
        let last = (body.len() as u64) < part;
        let payload = Payload::new(body, upload.checksum());
        let (upload, id) = (upload.clone(), Arc::clone(upload_id));
        let (stop, counted) = (Arc::clone(&failed), Arc::clone(&progress));
        let _inside = runtime.enter();
        let shared = runtime.shared();
        shared.spawn_part(&mut tasks, index, permit.take(), async move {
            let sent = upload.part(&id, index + 1, payload, &counted).await;
            stop.fetch_or(sent.is_err(), Ordering::SeqCst);
            sent
        });
        engine.report(&progress, &mut reported);
        if last || failed.load(Ordering::SeqCst) {
            break;
        }
        // The next part's buffer is taken under a permit, as every part buffer is.
        let next = crate::cancel::check()
            .and_then(|()| runtime.permit())
            .and_then(|held| {
                permit = Some(held);
                chunk(engine, reader, part)
            });
        match next {
            Ok(b) if b.is_empty() => break,
            Ok(b) => body = b,
            Err(e) => {
                read_error = Some(e);
                break;
            }
        }
    }
    drop(permit);
    let parts = engine.wait(|_, _| join_parts(tasks));
    engine.report(&progress, &mut reported);
    match read_error {
        Some(e) => Err(e),
        None => parts,
    }
}

/// Writes the object `src` to `writer` in order; `extra` adds members (SSE-C key, request
/// payer) to the requests.
pub fn download(
    engine: &Engine<'_>,
    src: &S3Path,
    extra: &Extra,
    writer: &mut dyn Write,
) -> Result<(), String> {
    let size = api::head(engine.client(), &src.bucket, &src.key)?.size;
    let ranges = engine.ranges(size);
    // Up to `max_concurrent_requests` parts are received ahead of the one being written.
    for window in ranges.chunks(engine.settings().max_concurrent_requests.max(1)) {
        let (src, extra, window) = (src.clone(), extra.clone(), window.to_vec());
        let bodies = engine
            .wait(|shared, progress| receive::to_memory(shared, src, extra, window, progress))?;
        for body in bodies {
            writer.write_all(&body).map_err(|e| e.to_string())?;
        }
    }
    writer.flush().map_err(|e| e.to_string())
}
