"""What a failing LLM endpoint costs a user: times and messages against a fake endpoint on 127.0.0.1.

    python -m mockinterview.evals.llm_faults [--lines 1000] [--answers 4]

For each fault (hang, refuse, HTTP 500, garbage) it times every answer of a terminal-style interview
(default settings: 30 s read timeout, 1 retry, 120 s cool-down) and runs `mockinterview grade --backend
llm` over a batch in a subprocess, as a user would, printing the times and what the user saw. The
figures go in the README's reliability section. Nothing here runs on the request path.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FAULTS = ("hang", "refuse", "http-500", "garbage")
BASELINE = "embedded"  # the same runs with no LLM at all: what the faults add on a busy machine
ANSWER = "It trains many models on bootstrap samples and averages them, which lowers the variance."


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        fault = self.path.strip("/").split("/")[0]
        with self.server.lock:
            self.server.requests[fault] = self.server.requests.get(fault, 0) + 1
        if fault == "hang":  # accepts the request and never answers
            self.server.stopping.wait()
            return
        status, body = (500, b'{"error": {"message": "internal error"}}') if fault == "http-500" else \
            (200, b"<html>\x00garbage \xff not json")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock, self.stopping, self.requests = threading.Lock(), threading.Event(), {}
        with socket.socket() as probe:  # a port nobody listens on: connections are refused
            probe.bind(("127.0.0.1", 0))
            self.closed_port = probe.getsockname()[1]

    def url(self, fault: str) -> str | None:
        if fault == BASELINE:
            return None
        if fault == "refuse":
            return f"http://127.0.0.1:{self.closed_port}/v1"
        return f"http://127.0.0.1:{self.server_address[1]}/{fault}/v1"

    def stop(self) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()


def llm_env(url: str) -> dict[str, str]:
    return {"MOCKINTERVIEW_GRADER": "llm", "MOCKINTERVIEW_LLM_MODEL": "fault-model",
            "MOCKINTERVIEW_LLM_BASE_URL": url, "OPENAI_API_KEY": "sk-fault"}


def time_interview(warm, url: str | None, answers: int, data_dir: Path) -> dict:
    """Seconds per answer, and the notices shown, in an interview graded by the LLM at `url`."""
    from mockinterview.agent.interview.config import InterviewConfig
    from mockinterview.agent.interview.session import InterviewSession
    from mockinterview.agent.services import Services
    from mockinterview.agent.settings import Settings

    settings = Settings(_env_file=None, grader="llm" if url else "embedded", llm_model="fault-model",
                        llm_base_url=url, openai_api_key="sk-fault", data_dir=data_dir)
    services = Services(settings=settings, embedder_override=warm.embedder)
    services.__dict__.update(corpus=warm.corpus, index=warm.index, embedded_grader=warm.embedded_grader)
    session, _ = InterviewSession.start(services.interview_deps(), InterviewConfig(questions=answers, followups=1))
    seconds, seen = [], []
    for _ in range(answers):
        started = time.perf_counter()
        replies = session.submit(ANSWER)
        seconds.append(time.perf_counter() - started)
        seen += [m.text for m in replies if m.kind == "notice"]
        if session.finished:
            break
    return {"first_s": round(seconds[0], 2), "next_s": [round(s, 2) for s in seconds[1:]], "notices": seen}


def batch_input(corpus, lines: int, path: Path) -> None:
    answered = [r for r in corpus.records if r.answered]
    with path.open("w", encoding="utf-8") as out:
        for n in range(lines):
            record = answered[n % len(answered)]
            answer = " ".join(record.references[0].key_points[:2]) if n % 3 else ANSWER
            out.write(json.dumps({"id": n, "question": record.question, "answer": answer}) + "\n")


def time_batch(url: str | None, source: Path, target: Path) -> dict:
    """`mockinterview grade --backend llm` in a new process, as a user runs it: seconds and stderr."""
    executable = Path(sys.executable).with_name("mockinterview")  # the installed command, as a user runs it
    command = [str(executable), "grade", "--input", str(source), "--output", str(target), "--backend",
               "llm" if url else "embedded", "--force"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(llm_env(url) if url else {})})
    seconds = time.perf_counter() - started
    # The progress bar redraws with carriage returns; keep the lines a user reads.
    shown = [line for line in re.split(r"[\r\n]", done.stderr) if line.strip() and "line/s" not in line
             and "?line" not in line and "s/line" not in line]
    return {"total_s": round(seconds, 1), "exit": done.returncode, "stderr": shown}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--faults", nargs="*", default=[BASELINE, *FAULTS], choices=[BASELINE, *FAULTS])
    args = parser.parse_args(argv)

    from mockinterview.agent.services import Services

    warm = Services()
    warm.embedded_grader  # noqa: B018 (load the model and index before any timing)
    warm.index.encode(["warm up"])
    server = FaultServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "in.jsonl"
            batch_input(warm.corpus, args.lines, source)
            for fault in args.faults:
                interview = time_interview(warm, server.url(fault), args.answers, Path(folder) / fault)
                batch = time_batch(server.url(fault), source, Path(folder) / f"{fault}.jsonl")
                results[fault] = {"interview": interview, "batch": batch,
                                  "requests": server.requests.get(fault)}
                print(json.dumps({fault: results[fault]}, indent=1), flush=True)
    finally:
        server.stop()
    print("\n| fault | first answer | next answers | batch of %d lines |" % args.lines)
    print("|---|---|---|---|")
    for fault, result in results.items():
        nexts = result["interview"]["next_s"]
        print(f"| {fault} | {result['interview']['first_s']:.1f} s | "
              f"{max(nexts) if nexts else float('nan'):.2f} s at most | {result['batch']['total_s']:.0f} s |")


if __name__ == "__main__":
    main()
