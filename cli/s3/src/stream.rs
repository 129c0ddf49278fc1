//! `-` as either side of `cp`: standard input to an object (one `PutObject`, or a multipart
//! upload fed part by part) and an object to standard output (in order, with up to
//! `max_concurrent_requests` ranged GETs ahead). Memory stays within a few parts.

use crate::api;
use crate::paths::S3Path;
use crate::transfer::{Engine, Extra, Part};
use bytes::Bytes;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

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
    let first = chunk(engine, reader, part)?;
    if (first.len() as u64) < part && (first.len() as u64) < settings.multipart_threshold {
        return engine.put(dest, extra, first);
    }
    let upload_id = engine.create_upload(dest, extra, true)?;
    let etags: Mutex<Vec<Option<Part>>> = Mutex::new(Vec::new());
    let failed = AtomicBool::new(false);
    let error: Mutex<Option<String>> = Mutex::new(None);
    let workers = settings.max_concurrent_requests.max(1);
    let (tx, rx) = mpsc::sync_channel::<(usize, Bytes)>(1);
    let rx = Mutex::new(rx);
    let mut read_error = None;
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((number, body)) = next else { break };
                if failed.load(Ordering::SeqCst) {
                    continue;
                }
                match engine.upload_part(dest, extra, &upload_id, number, body) {
                    Ok(tag) => {
                        let mut tags = etags.lock().unwrap_or_else(|e| e.into_inner());
                        if tags.len() < number {
                            tags.resize(number, None);
                        }
                        tags[number - 1] = Some(tag);
                    }
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
        let mut number = 1;
        let mut body = first;
        loop {
            let last = (body.len() as u64) < part;
            if !body.is_empty() || number == 1 {
                if tx.send((number, body)).is_err() {
                    break;
                }
                number += 1;
            }
            if last || failed.load(Ordering::SeqCst) {
                break;
            }
            if let Err(e) = crate::cancel::check() {
                read_error = Some(e);
                break;
            }
            match chunk(engine, reader, part) {
                Ok(b) if b.is_empty() => break,
                Ok(b) => body = b,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            }
        }
        drop(tx);
    });
    let result = match (
        read_error,
        error.into_inner().unwrap_or_else(|e| e.into_inner()),
    ) {
        (Some(e), _) | (None, Some(e)) => Err(e),
        (None, None) => etags
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter()
            .map(|t| t.ok_or_else(|| "a part was not uploaded".to_owned()))
            .collect(),
    };
    engine.finish_upload(dest, extra, &upload_id, result)
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
    let settings = *engine.settings();
    if !settings.is_multipart(size) {
        let body = engine.get_bytes(src, extra, None)?;
        return writer.write_all(&body).map_err(|e| e.to_string());
    }
    let part = settings.part_size(size);
    let count = size.div_ceil(part) as usize;
    let window = settings.max_concurrent_requests.max(1);
    let mut first = 0;
    while first < count {
        let n = window.min(count - first);
        let bodies = engine.run_parts(n, |j| {
            let start = (first + j) as u64 * part;
            let end = (start + part).min(size) - 1;
            engine.get_bytes(src, extra, Some((start, end)))
        })?;
        for body in bodies {
            writer.write_all(&body).map_err(|e| e.to_string())?;
        }
        first += n;
    }
    writer.flush().map_err(|e| e.to_string())
}
