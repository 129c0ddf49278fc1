//! Part buffers reused across requests: a part is read into a pooled buffer, sent as shared
//! bytes without a copy, and the buffer returns to the pool when the request is done with it.
//! Reuse keeps memory flat (no allocator growth from many large short-lived buffers).
//!
//! Buffers of a few MiB and more are anonymous mappings backed by transparent huge pages
//! where the system allows them (`madvise` mode): reading a part into such a buffer, hashing
//! it and writing it to a socket touch a few 2 MiB pages instead of thousands of 4 KiB ones,
//! which saves page faults and TLB misses on every pass over the part.

use bytes::Bytes;
use memmap2::{Advice, MmapMut};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

/// The size of a transparent huge page on x86-64 and most aarch64 systems.
const HUGE_PAGE: usize = 2 << 20;

/// A pool of byte buffers.
#[derive(Debug)]
pub struct BufferPool {
    free: Mutex<Vec<Memory>>,
    keep: usize,
}

/// The memory behind a buffer.
#[derive(Debug)]
enum Memory {
    /// Small buffers, from the allocator.
    Heap(Vec<u8>),
    /// Large buffers: a mapping advised to use huge pages.
    Mapped(MmapMut),
}

impl Memory {
    /// Zeroed memory of at least `len` bytes.
    fn new(len: usize) -> Memory {
        if len >= HUGE_PAGE {
            // Whole huge pages, so that the mapping is aligned to them and the last one is
            // not left to small pages.
            if let Ok(map) = MmapMut::map_anon(len.next_multiple_of(HUGE_PAGE)) {
                // Only a hint: without huge pages the buffer works the same, more slowly.
                let _ = map.advise(Advice::HugePage);
                return Memory::Mapped(map);
            }
        }
        Memory::Heap(vec![0; len])
    }

    fn capacity(&self) -> usize {
        self.bytes().len()
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Memory::Heap(v) => v,
            Memory::Mapped(m) => m,
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        match self {
            Memory::Heap(v) => v,
            Memory::Mapped(m) => m,
        }
    }
}

/// A buffer taken from a pool: `len` bytes (contents unspecified) of memory that may be
/// larger.
#[derive(Debug)]
pub struct Buffer {
    memory: Memory,
    len: usize,
}

impl Buffer {
    /// Shortens the buffer to `len` bytes (no effect when it is not longer).
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
}

impl Deref for Buffer {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.memory.bytes()[..self.len]
    }
}

impl DerefMut for Buffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        let len = self.len;
        &mut self.memory.bytes_mut()[..len]
    }
}

/// A buffer on loan from the pool, handed back when dropped.
struct Loan {
    buf: Option<Buffer>,
    pool: Arc<BufferPool>,
}

impl AsRef<[u8]> for Loan {
    fn as_ref(&self) -> &[u8] {
        self.buf.as_deref().unwrap_or_default()
    }
}

impl Drop for Loan {
    fn drop(&mut self) {
        if let Some(buf) = self.buf.take() {
            self.pool.give_back(buf.memory);
        }
    }
}

impl BufferPool {
    /// A pool that keeps at most `keep` idle buffers.
    pub fn new(keep: usize) -> Arc<BufferPool> {
        Arc::new(BufferPool {
            free: Mutex::new(Vec::new()),
            keep,
        })
    }

    /// A buffer of exactly `len` bytes (contents unspecified), reused when one is idle.
    pub fn take(&self, len: usize) -> Buffer {
        let reused = {
            let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
            let best = free
                .iter()
                .enumerate()
                .filter(|(_, m)| m.capacity() >= len)
                .min_by_key(|(_, m)| m.capacity())
                .map(|(i, _)| i);
            best.map(|i| free.swap_remove(i))
        };
        Buffer {
            memory: reused.unwrap_or_else(|| Memory::new(len)),
            len,
        }
    }

    /// Shares `buf` as bytes; the buffer comes back to the pool when the last copy drops.
    pub fn share(self: &Arc<Self>, buf: Buffer) -> Bytes {
        Bytes::from_owner(Loan {
            buf: Some(buf),
            pool: Arc::clone(self),
        })
    }

    fn give_back(&self, memory: Memory) {
        if memory.capacity() == 0 {
            return;
        }
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if free.len() < self.keep {
            free.push(memory);
        }
    }

    /// Idle buffers held.
    pub fn idle(&self) -> usize {
        self.free.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_come_back_and_are_reused() {
        let pool = BufferPool::new(2);
        let mut buf = pool.take(1000);
        assert_eq!(buf.len(), 1000);
        buf[0] = 7;
        let ptr = buf.as_ptr();
        let bytes = pool.share(buf);
        let copy = bytes.clone();
        drop(bytes);
        assert_eq!(pool.idle(), 0, "a copy is still alive");
        assert_eq!(copy[0], 7);
        drop(copy);
        assert_eq!(pool.idle(), 1);
        let again = pool.take(500);
        assert_eq!(again.len(), 500);
        assert_eq!(again.as_ptr(), ptr, "the idle buffer is reused");
        let bigger = pool.take(2000);
        assert_eq!(bigger.len(), 2000);
        for b in [again, bigger, pool.take(10), pool.take(10)] {
            drop(pool.share(b));
        }
        assert_eq!(pool.idle(), 2, "at most `keep` idle buffers");
    }

    #[test]
    fn large_buffers_are_mapped_and_shared_whole() {
        let pool = BufferPool::new(1);
        let len = 5 * HUGE_PAGE + 123;
        let mut buf = pool.take(len);
        assert_eq!(buf.len(), len);
        buf[len - 1] = 9;
        buf.truncate(len - 1);
        assert_eq!(buf.len(), len - 1);
        buf.truncate(len);
        assert_eq!(buf.len(), len - 1, "truncating never lengthens");
        let bytes = pool.share(buf);
        assert_eq!(bytes.len(), len - 1);
        drop(bytes);
        let again = pool.take(len);
        assert_eq!(again[len - 1], 9, "the same memory, reused as it was left");
    }
}
