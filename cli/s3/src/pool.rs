//! Bounded concurrency on plain threads: a worker pool over a list of jobs and a counting
//! semaphore that caps the requests (and part buffers) in flight across all jobs.

use std::sync::{Condvar, Mutex};

/// A counting semaphore.
#[derive(Debug)]
pub struct Semaphore {
    free: Mutex<usize>,
    wake: Condvar,
}

/// A held permit, released on drop.
pub struct Permit<'a>(&'a Semaphore);

impl Semaphore {
    /// A semaphore with `n` permits (at least one).
    pub fn new(n: usize) -> Semaphore {
        Semaphore {
            free: Mutex::new(n.max(1)),
            wake: Condvar::new(),
        }
    }

    /// Waits for a permit.
    pub fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.wake.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += 1;
        self.0.wake.notify_one();
    }
}

/// Runs `job` on every item with at most `workers` threads; returns when all are done.
pub fn for_each<T: Send>(items: Vec<T>, workers: usize, job: impl Fn(T) + Sync) {
    let workers = workers.max(1).min(items.len());
    if workers <= 1 {
        items.into_iter().for_each(job);
        return;
    }
    let queue = Mutex::new(items.into_iter());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                match next {
                    Some(item) => job(item),
                    None => break,
                }
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn runs_every_job_within_the_bound() {
        let sem = Semaphore::new(3);
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        for_each((0..50).collect(), 8, |_| {
            let _p = sem.acquire();
            let now = active.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::yield_now();
            active.fetch_sub(1, Ordering::SeqCst);
            done.fetch_add(1, Ordering::SeqCst);
        });
        assert_eq!(done.load(Ordering::SeqCst), 50);
        assert!(peak.load(Ordering::SeqCst) <= 3);
    }
}
