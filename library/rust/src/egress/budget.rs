//! The retry budget of one target service: retries in the last window must stay within
//! ratio x calls + minPerSecond x window. The window slides in ten buckets.
use std::time::{Duration, Instant};

const BUCKETS: usize = 10;

pub struct Budget {
    ratio: f64,
    min_per_window: f64,
    bucket_width: Duration,
    origin: Instant,
    calls: [u64; BUCKETS],
    retries: [u64; BUCKETS],
    current: u64,
}

impl Budget {
    pub fn new(ratio: f64, min_per_second: f64, window: Duration) -> Budget {
        Budget {
            ratio,
            min_per_window: min_per_second * window.as_secs_f64(),
            bucket_width: window / BUCKETS as u32,
            origin: Instant::now(),
            calls: [0; BUCKETS],
            retries: [0; BUCKETS],
            current: 0,
        }
    }

    pub fn call(&mut self, now: Instant) {
        let slot = self.advance(now);
        self.calls[slot] += 1;
    }

    pub fn allows_retry(&mut self, now: Instant) -> bool {
        self.advance(now);
        let calls: u64 = self.calls.iter().sum();
        let retries: u64 = self.retries.iter().sum();
        (retries + 1) as f64 <= self.ratio * calls as f64 + self.min_per_window
    }

    pub fn record_retry(&mut self, now: Instant) {
        let slot = self.advance(now);
        self.retries[slot] += 1;
    }

    /// Moves to the bucket of `now`, emptying the buckets that slid out of the window.
    fn advance(&mut self, now: Instant) -> usize {
        let bucket =
            (now.saturating_duration_since(self.origin).as_nanos() / self.bucket_width.as_nanos().max(1)) as u64;
        if bucket > self.current {
            for i in 1..=(bucket - self.current).min(BUCKETS as u64) {
                let slot = ((self.current + i) % BUCKETS as u64) as usize;
                self.calls[slot] = 0;
                self.retries[slot] = 0;
            }
            self.current = bucket;
        }
        (self.current % BUCKETS as u64) as usize
    }
}
