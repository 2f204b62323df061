"""Benchmark sections for the agent: corpus build, grading cost against bare encoding, start-up, memory.

Grading is compared with the bare model on the very texts a turn embeds (the answer's sentences), so
the ratio says what the grader adds on top of the embedding it cannot avoid.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from mockinterview.agent.grading.rubric import rubric_for_record
from mockinterview.agent.grading.screening import screen

ANSWER_WORDS = (20, 50, 100, 200, 300)
# Real short answers are shorter: the human-graded sets run 5-50 words (median 10-50); a chat answer
# in an interview is often one to three sentences.
SHORT_ANSWER_WORDS = (10, 20, 40)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    p50, p95 = np.percentile(np.array(seconds) * 1000.0, [50, 95])
    return round(float(p50), 2), round(float(p95), 2)


def bench_corpus(services, **_) -> dict:
    from mockinterview.corpus.build import build_records

    started = time.perf_counter()
    records = build_records()
    return {"records": len(records), "build_s": round(time.perf_counter() - started, 2)}


def _answers(services, count: int, lengths: tuple[int, ...] = ANSWER_WORDS) -> list[tuple[object, str]]:
    """(record, answer) pairs of the given word counts, cut from other records' references (deterministic)."""
    answered = [r for r in services.corpus.records if r.answered]
    words = " ".join(r.model_answer for r in answered[:200]).split()
    pairs = []
    for n in range(count):
        record = answered[(n * 37) % len(answered)]
        length = lengths[n % len(lengths)]
        start = (n * 101) % (len(words) - length)
        pairs.append((record, " ".join(words[start:start + length])))
    return pairs


def _batch_rate(grader, pairs) -> float:
    """Answers per second through grade_many in groups of 32 (the `grade` command's path)."""
    started = time.perf_counter()
    for start in range(0, len(pairs), 32):
        grader.grade_many(pairs[start:start + 32])
    return len(pairs) / (time.perf_counter() - started)


def bench_grading(services, *, answers: int = 60, **_) -> dict:
    grader = services.embedded_grader
    index = services.index
    pairs = [(rubric_for_record(record, index), answer) for record, answer in _answers(services, answers)]
    index.encode(["warm up"])
    grader.grade(*pairs[0])
    encode_times, grade_times = [], []
    for rubric, answer in pairs:
        sentences = screen(answer).sentences
        started = time.perf_counter()
        index.encode(sentences)
        encode_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        grader.grade(rubric, answer)
        grade_times.append(time.perf_counter() - started)
    batch_rate = _batch_rate(grader, pairs)
    short = [(rubric_for_record(record, index), answer)
             for record, answer in _answers(services, answers, SHORT_ANSWER_WORDS)]
    short_rate = _batch_rate(grader, short)
    encode_p50, encode_p95 = _percentiles(encode_times)
    grade_p50, grade_p95 = _percentiles(grade_times)
    return {
        "answers": len(pairs), "answer_words": f"{min(ANSWER_WORDS)}-{max(ANSWER_WORDS)}",
        "encode_p50_ms": encode_p50, "encode_p95_ms": encode_p95,
        "grade_p50_ms": grade_p50, "grade_p95_ms": grade_p95,
        "grade_over_encode_p50": round(grade_p50 / encode_p50, 2) if encode_p50 else None,
        "grade_over_encode_total": round(sum(grade_times) / sum(encode_times), 2),
        "batch_answers_per_s": round(batch_rate, 1),
        "batch_short_answers_per_s": round(short_rate, 1),
        "short_answer_words": f"{min(SHORT_ANSWER_WORDS)}-{max(SHORT_ANSWER_WORDS)}",
        "judge": getattr(grader.judge, "name", "?"),
        "claim_judge": getattr(grader.claim_judge, "name", None),
        "graded_by_claims": sum(rubric.authored is not None for rubric, _ in pairs),
    }


_FIRST_QUESTION = """
import sys
from pathlib import Path
from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.agent.services import Services
from mockinterview.agent.settings import Settings

services = Services(Settings(data_dir=Path(sys.argv[1]), cache_dir=Path(sys.argv[2])))
session, messages = InterviewSession.start(services.interview_deps(), InterviewConfig(questions=3))
services.embedded_grader.index.encode(["ready"])  # the models are loaded: the first answer grades at full speed
# Corpus questions with an authored rubric are graded by the entailment judge; the pair model loads
# only for outside references, so it is not part of a cold start.
getattr(services.embedded_grader.claim_judge, "warm_up", lambda: None)()
print("READY", messages[-1].text[:40], flush=True)
# VmHWM is this program's own peak (it starts afresh at exec, unlike getrusage, which a fork inflates).
peak = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print("PEAK_KB", peak, flush=True)
"""


def bench_startup(services, **_) -> dict:
    """Cold: a new process until the first question is shown and the model is ready to grade.
    Warm: a new interview in a process that has everything loaded."""
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewDeps, InterviewSession
    from mockinterview.agent.storage import Store

    cache_dir = str(services.settings.cache_dir)
    services.index  # the cache exists before a cold start is timed: cold means a new process, not a new cache
    with tempfile.TemporaryDirectory(prefix="mockinterview-bench-") as data_dir:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", _FIRST_QUESTION, data_dir, cache_dir], env=env,
                                capture_output=True, text=True, timeout=300)
        cold = time.perf_counter() - started
        if "READY" not in result.stdout:
            raise RuntimeError(f"cold start failed: {result.stderr[-500:]}")
        peak_kb = next((line.split()[1] for line in result.stdout.splitlines() if line.startswith("PEAK_KB")), "0")
        child_rss_mb = int(peak_kb) / 1024
        deps = InterviewDeps(services.corpus, services.index, services.embedded_grader,
                             Store(f"sqlite:///{Path(data_dir) / 'warm.db'}"))
        InterviewSession.start(deps, InterviewConfig(questions=3))
        warm_times = []
        for seed in range(5):
            started = time.perf_counter()
            InterviewSession.start(deps, InterviewConfig(questions=3, seed=seed))
            warm_times.append(time.perf_counter() - started)
    return {"cold_start_s": round(cold, 2), "warm_start_ms": round(1000 * float(np.median(warm_times)), 1),
            "app_process_peak_rss_mb": round(child_rss_mb)}


def bench_memory(services, **_) -> dict:
    """This process's peak, which includes a full index build: an upper bound for any command."""
    return {"bench_process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
