//! The circuit breaker of one instance: `threshold` consecutive failed tries open it; after
//! `open_for` it is half-open and lets one try through; success closes it, failure opens it
//! again. A try carries the generation it started in, so the answer of a try that started before
//! the circuit opened changes nothing. No maintained crate has this two-step, generation-aware
//! shape (gobreaker's TwoStep in Go), so it is written here, small.
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    Open,
    HalfOpen,
}

impl State {
    /// The value of scl_egress_circuit_state.
    pub fn gauge(self) -> i64 {
        match self {
            State::Closed => 0,
            State::Open => 1,
            State::HalfOpen => 2,
        }
    }
}

/// Permission to make one try; hand it back with the try's outcome.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    generation: u64,
}

pub struct Breaker {
    threshold: u32,
    open_for: Duration,
    state: State,
    failures: u32,
    opened_at: Option<Instant>,
    generation: u64,
    probe_out: bool,
}

impl Breaker {
    pub fn new(threshold: u32, open_for: Duration) -> Breaker {
        Breaker {
            threshold,
            open_for,
            state: State::Closed,
            failures: 0,
            opened_at: None,
            generation: 0,
            probe_out: false,
        }
    }

    pub fn state(&mut self, now: Instant) -> State {
        if self.state == State::Open && self.opened_at.is_some_and(|at| now.duration_since(at) >= self.open_for) {
            self.state = State::HalfOpen;
            self.generation += 1;
            self.probe_out = false;
        }
        self.state
    }

    /// A ticket when a try may go to this instance now.
    pub fn allow(&mut self, now: Instant) -> Option<Ticket> {
        match self.state(now) {
            State::Closed => Some(Ticket { generation: self.generation }),
            State::Open => None,
            State::HalfOpen if self.probe_out => None,
            State::HalfOpen => {
                self.probe_out = true;
                Some(Ticket { generation: self.generation })
            }
        }
    }

    /// Records a try's outcome; true when this outcome opened the circuit.
    pub fn done(&mut self, ticket: Ticket, failed: bool, now: Instant) -> bool {
        if ticket.generation != self.generation {
            return false; // started before the last state change
        }
        match (self.state, failed) {
            (State::HalfOpen, false) => {
                self.state = State::Closed;
                self.failures = 0;
                self.generation += 1;
                false
            }
            (State::HalfOpen, true) => self.open(now),
            (State::Closed, true) => {
                self.failures += 1;
                self.failures >= self.threshold && self.open(now)
            }
            (State::Closed, false) => {
                self.failures = 0;
                false
            }
            (State::Open, _) => false,
        }
    }

    /// A try that ended without an outcome (the caller went away): a half-open probe is free again.
    pub fn cancelled(&mut self, ticket: Ticket) {
        if ticket.generation == self.generation && self.state == State::HalfOpen {
            self.probe_out = false;
        }
    }

    fn open(&mut self, now: Instant) -> bool {
        self.state = State::Open;
        self.opened_at = Some(now);
        self.failures = 0;
        self.generation += 1;
        true
    }
}
