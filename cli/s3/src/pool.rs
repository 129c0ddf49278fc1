//! Bounded concurrency on plain threads: a pipeline that runs jobs on a pool of workers while
//! they are still being produced, and a counting semaphore that caps the requests (and part
//! buffers) in flight across all jobs.

use std::sync::mpsc;
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

/// Runs `produce`, which hands items to the function it is given, and `job` on each item on
/// at most `workers` threads as the items come. At most `queue` items wait for a worker:
/// handing over one more blocks until a worker takes one, so a producer that lists millions
/// of items never holds more than `queue + workers` of them. Returns what `produce` returns,
/// once every job is done.
pub fn pipeline<T: Send, R>(
    queue: usize,
    workers: usize,
    produce: impl FnOnce(&mut dyn FnMut(T)) -> R,
    job: impl Fn(T) + Sync,
) -> R {
    let workers = workers.max(1);
    // The queue holds a permit of `slots` per waiting item (a channel with a capacity would
    // allocate all of it at once, and `max_queue_size` may be large).
    let slots = Semaphore::new(queue);
    let (sender, receiver) = mpsc::channel::<(T, Permit<'_>)>();
    let receiver = Mutex::new(receiver);
    let work = || loop {
        let next = receiver.lock().unwrap_or_else(|e| e.into_inner()).recv();
        match next {
            Ok((item, slot)) => {
                drop(slot);
                job(item)
            }
            Err(_) => break,
        }
    };
    std::thread::scope(|scope| {
        let mut started = 0;
        let mut submit = |item: T| {
            // Threads start with the first items, so one file needs one thread.
            if started < workers {
                scope.spawn(work);
                started += 1;
            }
            let slot = slots.acquire();
            // Workers only stop once the sender is gone, so sending cannot fail.
            let _ = sender.send((item, slot));
        };
        let result = produce(&mut submit);
        drop(sender);
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn pipeline_runs_everything_with_a_bounded_backlog() {
        let (queue, workers) = (4, 3);
        let finished = AtomicUsize::new(0);
        let mut most_ahead = 0;
        let produced = pipeline(
            queue,
            workers,
            |submit| {
                for i in 0..200 {
                    // Handed over but not finished: waiting in the queue or being worked on.
                    most_ahead = most_ahead.max(i - finished.load(Ordering::SeqCst));
                    submit(i);
                }
                200
            },
            |_| {
                std::thread::yield_now();
                finished.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(produced, 200);
        assert_eq!(finished.load(Ordering::SeqCst), 200);
        assert!(most_ahead <= queue + workers, "{most_ahead}");
        assert_eq!(pipeline(4, 3, |_| 0, |_: ()| unreachable!()), 0);
        // A huge queue costs nothing up front.
        let one = |submit: &mut dyn FnMut(u8)| {
            submit(1);
            7
        };
        assert_eq!(pipeline(usize::MAX, 2, one, |_| {}), 7);
    }

    #[test]
    fn runs_every_job_within_the_bound() {
        let sem = Semaphore::new(3);
        let active = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let jobs = |submit: &mut dyn FnMut(usize)| (0..50).for_each(submit);
        pipeline(1000, 8, jobs, |_| {
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
