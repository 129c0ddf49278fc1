//! Part buffers reused across requests: a part is read into a pooled buffer, sent as shared
//! bytes without a copy, and the buffer returns to the pool when the request is done with it.
//! Reuse keeps memory flat (no allocator growth from many large short-lived buffers).

use bytes::Bytes;
use std::sync::{Arc, Mutex};

/// A pool of byte buffers.
#[derive(Debug)]
pub struct BufferPool {
    free: Mutex<Vec<Vec<u8>>>,
    keep: usize,
}

/// A buffer on loan from the pool, handed back when dropped.
struct Loan {
    buf: Vec<u8>,
    pool: Arc<BufferPool>,
}

impl AsRef<[u8]> for Loan {
    fn as_ref(&self) -> &[u8] {
        &self.buf
    }
}

impl Drop for Loan {
    fn drop(&mut self) {
        self.pool.give_back(std::mem::take(&mut self.buf));
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
    pub fn take(&self, len: usize) -> Vec<u8> {
        let reused = {
            let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
            let best = free
                .iter()
                .enumerate()
                .filter(|(_, b)| b.capacity() >= len)
                .min_by_key(|(_, b)| b.capacity())
                .map(|(i, _)| i);
            best.map(|i| free.swap_remove(i))
        };
        let mut buf = reused.unwrap_or_default();
        if buf.len() >= len {
            buf.truncate(len);
        } else {
            buf.resize(len, 0);
        }
        buf
    }

    /// Shares `buf` as bytes; the buffer comes back to the pool when the last copy drops.
    pub fn share(self: &Arc<Self>, buf: Vec<u8>) -> Bytes {
        Bytes::from_owner(Loan {
            buf,
            pool: Arc::clone(self),
        })
    }

    fn give_back(&self, buf: Vec<u8>) {
        if buf.capacity() == 0 {
            return;
        }
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        if free.len() < self.keep {
            free.push(buf);
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
        for b in [again, bigger, vec![0; 10], vec![0; 10]] {
            drop(pool.share(b));
        }
        assert_eq!(pool.idle(), 2, "at most `keep` idle buffers");
    }
}
