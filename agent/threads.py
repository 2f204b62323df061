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
