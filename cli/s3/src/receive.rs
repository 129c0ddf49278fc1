//! Downloads as tasks on the transfer runtime: every GET of a command (whole objects and
//! the ranged parts of large ones) writes the bytes at their offset in the file as they
//! arrive (in aligned blocks of `WRITE_BLOCK` bytes), or gathers them in memory for a
//! stream. The runtime keeps at most `max_concurrent_requests` requests in flight.

use crate::paths::S3Path;
use crate::runtime::{Progress, Shared};
use crate::transfer::{BodyCheck, Extra};
use aws2_core::Value;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Receives `ranges` of `src` into `file` (`None`: the whole object at offset 0), one part
/// task each, counting the bytes written in `progress`; returns the first failure.
pub(crate) async fn to_file(
    shared: Arc<Shared>,
    src: S3Path,
    extra: Extra,
    file: Arc<File>,
    ranges: Vec<Option<(u64, u64)>>,
    progress: Progress,
) -> Result<(), String> {
    each_range(shared, src, extra, ranges, progress, |range| {
        BlockWriter::new(Arc::clone(&file), range.map_or(0, |(start, _)| start))
    })
    .await
    .map(|_| ())
}

/// Gets `ranges` of `src` into memory (`None`: the whole object), one part task each,
/// counting the bytes in `progress`; returns the bodies in order.
pub(crate) async fn to_memory(
    shared: Arc<Shared>,
    src: S3Path,
    extra: Extra,
    ranges: Vec<Option<(u64, u64)>>,
    progress: Progress,
) -> Result<Vec<Vec<u8>>, String> {
    each_range(shared, src, extra, ranges, progress, |range| {
        Vec::with_capacity(range.map_or(0, |(a, b)| (b - a + 1) as usize))
    })
    .await
}

/// Where the bytes of one GET go.
trait Sink: Send + 'static {
    /// What the sink holds at the end.
    type Output: Send + 'static;
    /// Takes the next chunk; returns the bytes passed on meanwhile.
    fn push(&mut self, chunk: &[u8]) -> std::io::Result<u64>;
    /// Passes on what is left; returns its size and the output.
    fn finish(self) -> std::io::Result<(u64, Self::Output)>;
}

impl Sink for Vec<u8> {
    type Output = Vec<u8>;

    fn push(&mut self, chunk: &[u8]) -> std::io::Result<u64> {
        self.extend_from_slice(chunk);
        Ok(chunk.len() as u64)
    }

    fn finish(self) -> std::io::Result<(u64, Vec<u8>)> {
        Ok((0, self))
    }
}

/// Gets each of `ranges` of `src` (`None`: the whole object) into the sink `sink(range)`
/// makes, one part task each, counting the bytes passed on in `progress`; returns the
/// sinks' outputs in order.
async fn each_range<S: Sink>(
    shared: Arc<Shared>,
    src: S3Path,
    extra: Extra,
    ranges: Vec<Option<(u64, u64)>>,
    progress: Progress,
    sink: impl Fn(Option<(u64, u64)>) -> S,
) -> Result<Vec<S::Output>, String> {
    let (src, extra) = (Arc::new(src), Arc::new(extra));
    let parts = shared.parts(ranges.len(), |i| {
        let (shared, src, extra) = (Arc::clone(&shared), Arc::clone(&src), Arc::clone(&extra));
        let (progress, range) = (Arc::clone(&progress), ranges[i]);
        let mut out = sink(range);
        async move {
            get(&shared, &src, &extra, range, &progress, &mut out).await?;
            let (n, value) = out.finish().map_err(|e| e.to_string())?;
            progress.fetch_add(n, Ordering::SeqCst);
            Ok(value)
        }
    });
    parts.await
}

/// Gets `src` (or `range` of it) into `sink`, counting the bytes it passes on in
/// `progress`; checks the body's checksum or length.
async fn get(
    shared: &Shared,
    src: &S3Path,
    extra: &Extra,
    range: Option<(u64, u64)>,
    progress: &Progress,
    sink: &mut impl Sink,
) -> Result<(), String> {
    let client = shared.client();
    let service = client.service();
    let op = service.operation("GetObject").map_err(|e| e.to_string())?;
    let input = crate::transfer::get_input(service, &op, src, extra, range);
    let (output, mut body) = client
        .call_streaming_async(shared.http(), &op, &Value::Map(input))
        .await
        .map_err(|e| e.to_string())?;
    let mut check = BodyCheck::new(&output, range);
    while let Some(chunk) = body.chunk().await.map_err(|e| e.to_string())? {
        crate::cancel::check()?;
        if let Some(limit) = shared.bandwidth() {
            let wait = limit.reserve(chunk.len() as u64);
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
        }
        check.update(&chunk);
        let n = sink.push(&chunk).map_err(|e| e.to_string())?;
        progress.fetch_add(n, Ordering::SeqCst);
    }
    check.finish().map(|_| ())
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
struct BlockWriter {
    file: Arc<File>,
    /// Where the buffered bytes (or the next chunk, when none are buffered) go.
    offset: u64,
    buf: Vec<u8>,
}

impl Sink for BlockWriter {
    type Output = ();

    fn push(&mut self, chunk: &[u8]) -> std::io::Result<u64> {
        BlockWriter::push(self, chunk)
    }

    fn finish(self) -> std::io::Result<(u64, ())> {
        BlockWriter::finish(self).map(|n| (n, ()))
    }
}

impl BlockWriter {
    fn new(file: Arc<File>, offset: u64) -> BlockWriter {
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
        let file = Arc::new(
            File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(dir.path().join("f"))
                .unwrap(),
        );
        let total: usize = chunks.iter().sum();
        let data: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
        let mut out = BlockWriter::new(Arc::clone(&file), start);
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
