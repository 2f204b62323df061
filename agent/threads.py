"""How many threads torch may use inside one operation (MOCKINTERVIEW_TORCH_THREADS, default 1).

torch's intra-op threads spin-wait for each other: on a machine whose cores are busy with other work
(another app process, another candidate's grading, a build) a 2-thread encode took ~50x longer than idle,
while one thread per operation only waits its turn. Requests in parallel threads still use every core,
since torch releases the GIL while it computes.
"""
from __future__ import annotations


def limit_torch_threads(count: int) -> None:
    if count <= 0:
        return
    import torch

    if torch.get_num_threads() != count:
        torch.set_num_threads(count)


class GradingGate:
    """At most `slots` gradings at once in this process; the others wait their turn.

    An app process serves many candidates from threads. Twenty gradings started together on two cores
    all slow each other down (the GIL, cache thrashing, torch's own threads) and all finish late; with
    one grading per core the first answers get feedback at full speed and the rest queue behind them.
    Everything but `grade` and `grade_many` passes straight to the grader inside.
    """

    def __init__(self, grader, semaphore) -> None:
        self._grader = grader
        self._semaphore = semaphore

    def grade(self, *args, **kwargs):
        with self._semaphore:
            return self._grader.grade(*args, **kwargs)

    def grade_many(self, *args, **kwargs):
        with self._semaphore:
            return self._grader.grade_many(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._grader, name)
