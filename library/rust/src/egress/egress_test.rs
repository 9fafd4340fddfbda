//! Unit tests of the egress rules: budget, circuit breaker, backoff, retry eligibility and the
//! synthesized error answer.
use super::*;

#[test]
fn the_budget_allows_the_minimum_then_the_ratio() {
    let now = Instant::now();
    let mut b = Budget::new(0.5, 0.0, Duration::from_secs(10));
    assert!(!b.allows_retry(now), "no call yet: 0.5 x 0 allows nothing");
    for _ in 0..4 {
        b.call(now);
    }
    assert!(b.allows_retry(now));
    b.record_retry(now);
    assert!(b.allows_retry(now));
    b.record_retry(now);
    assert!(!b.allows_retry(now), "2 retries for 4 calls at 0.5");
}

#[test]
fn the_budget_window_slides() {
    let now = Instant::now();
    let mut b = Budget::new(0.0, 0.1, Duration::from_secs(10)); // one retry per window
    b.call(now);
    assert!(b.allows_retry(now));
    b.record_retry(now);
    assert!(!b.allows_retry(now + Duration::from_secs(5)));
    assert!(b.allows_retry(now + Duration::from_secs(11)), "the retry slid out of the window");
}

#[test]
fn a_zero_budget_allows_no_retry() {
    let now = Instant::now();
    let mut b = Budget::new(0.0, 0.0, Duration::from_secs(10));
    b.call(now);
    assert!(!b.allows_retry(now));
}

#[test]
fn the_circuit_opens_after_the_threshold_and_half_opens_later() {
    let t0 = Instant::now();
    let mut c = Breaker::new(2, Duration::from_secs(1));
    let a = c.allow(t0).unwrap();
    assert!(!c.done(a, true, t0));
    let b = c.allow(t0).unwrap();
    assert!(c.done(b, true, t0), "the second failure opens it");
    assert!(c.allow(t0).is_none());
    let later = t0 + Duration::from_secs(1);
    assert_eq!(c.state(later), State::HalfOpen);
    let probe = c.allow(later).unwrap();
    assert!(c.allow(later).is_none(), "one probe at a time");
    assert!(!c.done(probe, false, later));
    assert_eq!(c.state(later), State::Closed);
}

#[test]
fn a_failed_probe_opens_the_circuit_again() {
    let t0 = Instant::now();
    let mut c = Breaker::new(1, Duration::from_millis(10));
    let a = c.allow(t0).unwrap();
    assert!(c.done(a, true, t0));
    let later = t0 + Duration::from_millis(10);
    let probe = c.allow(later).unwrap();
    assert!(c.done(probe, true, later), "counted as an opening");
    assert_eq!(c.state(later), State::Open);
}

#[test]
fn a_try_that_started_before_the_circuit_opened_changes_nothing() {
    let t0 = Instant::now();
    let mut c = Breaker::new(1, Duration::from_secs(5));
    let slow = c.allow(t0).unwrap();
    let fast = c.allow(t0).unwrap();
    assert!(c.done(fast, true, t0));
    assert!(!c.done(slow, false, t0), "a stale success does not close it");
    assert_eq!(c.state(t0), State::Open);
}

#[test]
fn backoff_stays_under_its_ceiling() {
    for retry in 1..6 {
        let wait = backoff(retry, Duration::from_millis(25), Duration::from_millis(60));
        assert!(wait <= Duration::from_millis(25 * 2u64.pow(retry - 1)).min(Duration::from_millis(60)));
    }
    assert_eq!(backoff(1, Duration::ZERO, Duration::ZERO), Duration::ZERO);
}

#[test]
fn only_idempotent_or_keyed_requests_are_retried() {
    let mut keyed = HeaderMap::new();
    assert!(may_retry("GET", &keyed));
    assert!(!may_retry("POST", &keyed));
    keyed.insert("idempotency-key", "k".parse().unwrap());
    assert!(may_retry("POST", &keyed));
}

#[test]
fn an_error_kind_answers_with_its_status_code_and_header() {
    let r = synthesize(Kind::CircuitOpen);
    assert_eq!(r.status().as_u16(), 503);
    assert_eq!(r.headers()[ERROR_HEADER], "circuit_open");
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(body["error"]["code"], "SCL_ERR_EGRESS_CIRCUIT_OPEN");
}

#[tokio::test]
async fn disabled_egress_answers_no_instance() {
    let r = Egress::disabled().call("customers", Request::new(Bytes::new())).await;
    assert_eq!(r.headers()[ERROR_HEADER], "no_instance");
}
