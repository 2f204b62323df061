"""`mockinterview grade` keeps what it wrote: no silent overwrite, --resume grades only what is missing,
a torn last line is discarded, and a SIGKILLed run resumes to a complete, duplicate-free output."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockinterview.agent.grading.batch import line_digest
from mockinterview.ui.cli import cli

REFERENCE = ("L1 regularization adds the absolute value of the weights to the loss. "
             "It drives some weights to exactly zero, which performs feature selection. "
             "L2 regularization adds the squared weights and shrinks them smoothly without zeroing them.")
ANSWERS = [REFERENCE, "It shrinks weights.", "I don't know", "L1 zeroes some weights, L2 shrinks them all."]


def input_lines(count: int) -> list[str]:
    """Numbered lines, a bad one every 7th, and an exact duplicate of an earlier line every 10th."""
    lines = []
    for n in range(count):
        if n % 10 == 9:
            lines.append(lines[n - 5])
        elif n % 7 == 6:
            lines.append('{"question": "broken", ')
        else:
            lines.append(json.dumps({"question": "Explain L1 vs L2", "reference": REFERENCE,
                                     "answer": ANSWERS[n % len(ANSWERS)], "n": n}))
    return lines


def grade_cli(args: list[str]):
    return CliRunner().invoke(cli, ["grade", *args], catch_exceptions=False)


@pytest.fixture
def cli_services(fast_services, monkeypatch):
    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    return fast_services


def assert_complete(output: Path, lines: list[str]) -> list[dict]:
    """One record per input line, in input order, each for its own line."""
    records = [json.loads(text) for text in output.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))
    assert [r["input_hash"] for r in records] == [line_digest(line.encode()) for line in lines]
    return records


def test_an_existing_output_is_never_overwritten_without_force(cli_services, tmp_path):
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(input_lines(3)) + "\n")
    target.write_text("precious\nwork\n")
    result = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 1 and target.read_text() == "precious\nwork\n"
    assert result.output.strip() == (f"Error: {target} already exists (2 lines). Use --resume to grade only the "
                                     "input lines not in it yet, or --force to overwrite it.")

    assert grade_cli(["--input", str(source), "--output", str(target), "--force"]).exit_code == 0
    assert_complete(target, input_lines(3))


def test_contradictory_or_unsafe_options_are_refused(cli_services, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines(2)) + "\n")
    both = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", "o.jsonl", "--resume", "--force"])
    assert both.exit_code == 2 and "--resume keeps OUTPUT and --force overwrites it: choose one." in both.output
    same = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(source), "--force"])
    assert same.exit_code == 2 and "--output is the input file" in same.output
    assert source.read_text() == "\n".join(input_lines(2)) + "\n"
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"score": 3}\n')
    result = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(foreign), "--resume"])
    assert result.exit_code == 1 and "has no input_hash" in result.output and "Traceback" not in result.output


def test_resume_grades_only_missing_lines_and_discards_a_torn_last_line(cli_services, tmp_path, monkeypatch):
    lines = input_lines(20)
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n")
    assert grade_cli(["--input", str(source), "--output", str(target)]).exit_code == 0
    full = assert_complete(target, lines)

    # A crash after 12 lines, in the middle of writing the 13th.
    kept = target.read_text().splitlines()[:12]
    target.write_text("\n".join(kept) + "\n" + json.dumps(full[12])[:25])
    graded = []
    original = cli_services.embedded_grader.grade_many
    monkeypatch.setattr(cli_services.embedded_grader, "grade_many",
                        lambda items: graded.extend(answer for _, answer in items) or original(items))
    result = grade_cli(["--input", str(source), "--output", str(target), "--resume"])
    assert result.exit_code == 0
    assert assert_complete(target, lines) == full
    assert len(graded) == sum("error" not in record for record in full[12:])  # nothing graded twice
    assert "Resumed: kept 12 lines already in" in result.stderr
    assert "(an unfinished last line was discarded); 8 left to grade." in result.stderr

    again = grade_cli(["--input", str(source), "--output", str(target), "--resume"])
    assert "0 left to grade" in again.stderr and assert_complete(target, lines) == full


def test_the_summary_and_stdout_output(cli_services, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines(8)) + "\n")
    result = grade_cli(["--input", str(source), "--output", "-"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 8 and sum("error" in r for r in records) == 1
    mean = sum(r["score"] for r in records if "error" not in r) / 7
    assert result.stderr.splitlines()[-1].startswith("Graded 7 lines, 1 with errors, in ")
    assert result.stderr.splitlines()[-1].endswith(f" s; mean score {mean:.2f}.")


# ----- a real process, killed mid-batch ------------------------------------------------------------------

CHILD = r"""
import sys, time
from pathlib import Path
from tests.conftest import make_services
import mockinterview.agent.services as services_module
from mockinterview.ui.cli import cli

services = make_services(Path(sys.argv[1]), Path(sys.argv[2]))
embedded = services.embedded_grader
stop_after = int(sys.argv[5])

class StallingGrader:
    # The embedded grader, five lines at a time, that stalls for good after `stop_after` graded answers:
    # the parent kills the process there.
    batch_size = 5
    graded = 0
    def grade_many(self, items):
        if self.graded >= stop_after:
            print("STALLED", self.graded, flush=True)
            time.sleep(300)
        self.graded += len(items)
        return embedded.grade_many(items)

services.__dict__["embedded_grader"] = StallingGrader()
services_module.Services = lambda *a, **k: services
cli(["grade", "--input", sys.argv[3], "--output", sys.argv[4]])
"""


@pytest.mark.timeout(120)
def test_a_sigkilled_batch_resumes_to_a_complete_duplicate_free_output(tmp_path, small_corpus_path, fast_services,
                                                                        monkeypatch):
    lines = input_lines(60)
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n")
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "child"), str(small_corpus_path), str(source), str(target), "20"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        deadline, graded = time.monotonic() + 90, None
        for line in child.stdout:
            if line.startswith("STALLED"):
                graded = int(line.split()[1])
                break
            assert time.monotonic() < deadline
        else:
            pytest.fail(f"the child ended before stalling:\n{child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()

    # Everything graded before the kill is on disk, with the bad lines among it, and nothing torn.
    written = [json.loads(line) for line in target.read_text().splitlines()]
    assert graded >= 20 and sum("error" not in r for r in written) == graded and len(written) > graded
    assert [r["line"] for r in written] == list(range(1, len(written) + 1))

    monkeypatch.setattr("mockinterview.agent.services.Services", lambda *a, **k: fast_services)
    result = grade_cli(["--input", str(source), "--output", str(target), "--resume"])
    assert result.exit_code == 0 and f"Resumed: kept {len(written)} lines" in result.stderr
    records = assert_complete(target, lines)
    assert records[: len(written)] == written


def test_an_output_that_cannot_be_written_gives_one_line(cli_services, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(input_lines(2)) + "\n")
    result = CliRunner().invoke(cli, ["grade", "--input", str(source), "--output", str(tmp_path / "no" / "out.jsonl")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip() == f"Error: {tmp_path / 'no' / 'out.jsonl'}: No such file or directory."
