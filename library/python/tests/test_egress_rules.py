"""Egress building blocks: full-jitter backoff, the retry budget, the circuit breaker, round robin."""

import random

from scl_library.egress.backoff import retry_delay_seconds
from scl_library.egress.balancer import Balancer
from scl_library.egress.budget import RetryBudget
from scl_library.egress.circuit import CircuitBreaker, CircuitState
from scl_library.registry.client import Instance


def _state(breaker: CircuitBreaker) -> CircuitState:
    """Read afresh: mypy would keep the state narrowed by an earlier assert across the calls that change it."""
    return breaker.state


def _picked(instance: Instance | None) -> str:
    assert instance is not None
    return instance.id


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_retry_n_waits_between_zero_and_base_times_two_to_the_n_minus_one_capped():
    rand = random.Random(7)
    for retry, ceiling in ((1, 0.025), (2, 0.05), (3, 0.1), (4, 0.2), (5, 0.25), (9, 0.25)):
        delays = [retry_delay_seconds(retry, 0.025, 0.25, rand) for _ in range(500)]
        assert min(delays) >= 0
        assert max(delays) <= ceiling
        assert max(delays) > ceiling * 0.9  # spread over the whole range: jitter is full


def test_the_budget_allows_the_floor_then_the_ratio_of_calls_in_the_window():
    clock = Clock()
    budget = RetryBudget(ratio=0.2, min_per_second=1, window_seconds=10, clock=clock)
    assert sum(budget.try_spend() for _ in range(20)) == 10  # floor: 1/s x 10 s
    for _ in range(50):
        budget.record_call()
    assert sum(budget.try_spend() for _ in range(20)) == 10  # + 0.2 x 50 calls


def test_retries_older_than_the_window_no_longer_count_against_the_budget():
    clock = Clock()
    budget = RetryBudget(ratio=0, min_per_second=0.1, window_seconds=10, clock=clock)
    assert budget.try_spend()
    assert not budget.try_spend()
    clock.now += 10.5
    assert budget.try_spend()


def test_consecutive_failures_up_to_the_threshold_open_the_circuit():
    changes: list[CircuitState] = []
    breaker = CircuitBreaker(3, 5, clock=Clock(), on_change=changes.append)
    breaker.record(failed=True)
    breaker.record(failed=False)  # a success resets the count
    breaker.record(failed=True)
    breaker.record(failed=True)
    assert _state(breaker) is CircuitState.CLOSED
    breaker.record(failed=True)
    assert _state(breaker) is CircuitState.OPEN
    assert changes == [CircuitState.OPEN]
    assert not breaker.acquire()


def test_an_open_circuit_half_opens_after_its_time_and_lets_one_probe_through():
    clock = Clock()
    breaker = CircuitBreaker(1, 5, clock=clock)
    breaker.record(failed=True)
    clock.now += 4.9
    assert not breaker.acquire()
    clock.now += 0.2
    assert breaker.acquire()
    assert _state(breaker) is CircuitState.HALF_OPEN
    assert not breaker.acquire()  # the probe is in flight
    breaker.record(failed=False)
    assert _state(breaker) is CircuitState.CLOSED


def test_a_failed_probe_opens_the_circuit_again_for_the_full_time():
    clock = Clock()
    breaker = CircuitBreaker(1, 5, clock=clock)
    breaker.record(failed=True)
    clock.now += 5
    assert breaker.acquire()
    breaker.record(failed=True)
    assert _state(breaker) is CircuitState.OPEN
    clock.now += 4.9
    assert not breaker.acquire()


def test_the_answer_of_a_try_started_before_the_circuit_opened_changes_nothing():
    clock = Clock()
    breaker = CircuitBreaker(1, 5, clock=clock)
    started_while_closed = breaker.openings
    breaker.record(failed=True, openings_at_start=breaker.openings)
    breaker.record(failed=False, openings_at_start=started_while_closed)  # a slow success from before
    assert _state(breaker) is CircuitState.OPEN


def _instances(*ids):
    return tuple(Instance(i, "127.0.0.1", 1) for i in ids)


def test_tries_go_round_robin_over_the_instances():
    balancer = Balancer(lambda service, instance: CircuitBreaker(5, 5))
    instances = _instances("a", "b", "c")
    assert [_picked(balancer.pick("svc", instances)) for _ in range(6)] == ["a", "b", "c", "a", "b", "c"]


def test_a_retry_prefers_another_instance_and_skips_open_circuits():
    clock = Clock()
    balancer = Balancer(lambda service, instance: CircuitBreaker(1, 5, clock=clock))
    instances = _instances("a", "b", "c")
    balancer.breaker("svc", "b").record(failed=True)
    picks = {_picked(balancer.pick("svc", instances, avoid="a")) for _ in range(6)}
    assert picks == {"c"}
    assert _picked(balancer.pick("svc", _instances("a"), avoid="a")) == "a"  # the only one left


def test_no_instance_is_picked_when_every_circuit_is_open():
    balancer = Balancer(lambda service, instance: CircuitBreaker(1, 5, clock=Clock()))
    instances = _instances("a", "b")
    for instance in instances:
        balancer.breaker("svc", instance.id).record(failed=True)
    assert balancer.pick("svc", instances) is None
