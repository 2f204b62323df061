"""A circuit breaker for the LLM endpoint, shared by grading and follow-up phrasing.

Why: without it a hanging endpoint costs every answer its full timeout (and every follow-up another),
and a dead one prints a warning per attempt. With it, the first failure opens the breaker: for a
cool-down nothing is sent and callers use the embedded grader at once. When the cool-down ends, the
next call is a probe: success closes the breaker, failure opens it again for twice as long (up to
`max_cooldown`), so a long outage costs one timeout per cool-down, not one per answer.

Failures of the endpoint itself (timeouts, refused or cut connections, HTTP errors) open it at once. A
reply that is not a valid grade may be about one answer only, so those open it only after
`soft_threshold` in a row.

Counts of every failed request and skipped call are kept for a summary, so callers can report them once
instead of logging each attempt.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable


class CircuitBreaker:
    """closed: calls go through; open: calls are skipped until the cool-down ends; then one probe."""

    def __init__(self, cooldown: float = 120.0, *, max_cooldown: float | None = None, soft_threshold: int = 3,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.max_cooldown = max(cooldown, max_cooldown if max_cooldown is not None else 16 * cooldown)
        self.soft_threshold = soft_threshold
        self.clock = clock
        self._lock = threading.Lock()  # the app may grade in several threads with one grader
        self._opened_at: float | None = None
        self._current = cooldown  # this opening's cool-down: doubles after each failed probe
        self._probing = False
        self._soft_in_a_row = 0
        self._notice: str | None = None  # why it opened, until a caller shows it to the user
        # What happened, for summaries: failed requests by kind, calls skipped while open, openings.
        self.failures: Counter[str] = Counter()
        self.skipped = 0
        self.openings = 0  # times it opened, counting reopenings after a failed probe
        self.successes = 0

    # -- state ----------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """True while calls would be skipped (no side effect: a due probe is not claimed)."""
        with self._lock:
            return self._opened_at is not None and (self._probing or not self._probe_due())

    def _probe_due(self) -> bool:
        return self._opened_at is not None and self.clock() - self._opened_at >= self._current

    def retry_in(self) -> float:
        """Seconds until the next probe (0 when closed or due)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self._opened_at + self._current - self.clock())

    @property
    def current_cooldown(self) -> float:
        return self._current

    # -- calls ----------------------------------------------------------------------------------
    def allow(self) -> bool:
        """May a call go out now? While open, False (counted); once the cool-down is over, True for
        exactly one caller (the probe) until that probe reports back."""
        with self._lock:
            if self._opened_at is None:
                return True
            if not self._probing and self._probe_due():
                self._probing = True
                return True
            self.skipped += 1
            return False

    def record_attempt_failure(self, kind: str) -> None:
        """One failed request (of possibly several retries): counted, never logged per attempt."""
        with self._lock:
            self.failures[kind] += 1

    def success(self) -> None:
        with self._lock:
            self.successes += 1
            self._opened_at, self._probing, self._soft_in_a_row, self._notice = None, False, 0, None
            self._current = self.cooldown

    def failure(self, *, hard: bool, notice: str | None = None) -> bool:
        """A call failed after its retries. Returns True when this failure opened (or reopened) it; then
        `notice` (why) is kept for `take_notice` until some caller shows it."""
        with self._lock:
            if self._probing:  # the probe failed: wait twice as long before the next one
                self._probing = False
                self._current = min(self._current * 2, self.max_cooldown)
            elif self._opened_at is not None:
                return False  # already open (a call that started before it opened)
            else:
                self._soft_in_a_row = 0 if hard else self._soft_in_a_row + 1
                if not hard and self._soft_in_a_row < self.soft_threshold:
                    return False
                self._current, self._soft_in_a_row = self.cooldown, 0
            self._opened_at = self.clock()
            self.openings += 1
            self._notice = f"{notice} The LLM is paused for {describe_seconds(self._current)}." if notice else None
            return True

    def take_notice(self) -> str | None:
        """Why the breaker opened, once: a call that opened it without showing anything (a follow-up's
        phrasing, say) leaves the notice for the next grade to show."""
        with self._lock:
            notice, self._notice = self._notice, None
            return notice

    # -- reporting ------------------------------------------------------------------------------
    def summary(self) -> str | None:
        """One line about the endpoint's failures, or None when nothing failed."""
        total = sum(self.failures.values())
        if not total:
            return None
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.failures.most_common())
        text = f"{total} failed LLM request{'s' if total != 1 else ''} ({kinds})"
        if self.openings:
            text += (f"; the endpoint was paused {self.openings} time{'s' if self.openings != 1 else ''}"
                     f" and {self.skipped} call{'s' if self.skipped != 1 else ''} went straight to the embedded grader")
        return text + "."


def describe_seconds(seconds: float) -> str:
    """120 -> "2 min", 45 -> "45 s": for notices."""
    if seconds >= 90:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"
