"""The circuit breaker on its own, with a clock that moves only when told."""
from __future__ import annotations

from mockinterview.agent.grading.breaker import CircuitBreaker, describe_seconds


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_closed_until_a_hard_failure_then_open_for_the_cool_down():
    clock = Clock()
    breaker = CircuitBreaker(10, clock=clock)
    assert breaker.allow() and breaker.allow() and not breaker.is_open
    assert breaker.failure(hard=True) is True
    assert breaker.is_open and breaker.retry_in() == 10
    assert [breaker.allow() for _ in range(3)] == [False] * 3 and breaker.skipped == 3
    clock.now = 9.9
    assert not breaker.allow()
    clock.now = 10
    assert not breaker.is_open  # a probe is due (asking does not claim it)
    assert breaker.allow() is True  # the probe
    assert breaker.allow() is False  # only one probe at a time
    breaker.success()
    assert not breaker.is_open and breaker.allow() and breaker.retry_in() == 0


def test_each_failed_probe_doubles_the_cool_down_up_to_the_maximum():
    clock = Clock()
    breaker = CircuitBreaker(10, max_cooldown=35, clock=clock)
    breaker.failure(hard=True)
    waits = []
    for _ in range(4):
        clock.now += breaker.retry_in()
        assert breaker.allow()
        assert breaker.failure(hard=True) is True
        waits.append(breaker.current_cooldown)
    assert waits == [20, 35, 35, 35]
    clock.now += 35
    assert breaker.allow()
    breaker.success()
    breaker.failure(hard=True)
    assert breaker.current_cooldown == 10  # a success resets the backoff
    assert breaker.openings == 6


def test_soft_failures_open_it_only_in_a_row():
    breaker = CircuitBreaker(10, soft_threshold=3, clock=Clock())
    assert [breaker.failure(hard=False) for _ in range(2)] == [False, False]
    breaker.success()
    assert [breaker.failure(hard=False) for _ in range(3)] == [False, False, True]
    assert breaker.is_open


def test_a_failure_that_finishes_after_it_opened_changes_nothing():
    breaker = CircuitBreaker(10, clock=Clock())
    assert breaker.failure(hard=True) is True
    assert breaker.failure(hard=True) is False and breaker.openings == 1


def test_summary_counts_each_kind_once():
    breaker = CircuitBreaker(10, clock=Clock())
    assert breaker.summary() is None
    for kind in ("timeout", "HTTP 500", "HTTP 500"):
        breaker.record_attempt_failure(kind)
    breaker.failure(hard=True)
    breaker.allow()
    assert breaker.summary() == ("3 failed LLM requests (2 HTTP 500, 1 timeout); the endpoint was paused 1 time "
                                 "and 1 call went straight to the embedded grader.")


def test_describe_seconds():
    assert [describe_seconds(s) for s in (45, 60, 89, 120, 1800)] == ["45 s", "60 s", "89 s", "2 min", "30 min"]
