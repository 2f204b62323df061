"""The interview eval in quick mode with the real model: its checks are the quality floor."""
from __future__ import annotations

import pytest

from mockinterview.evals.interviews.run import PERSONAS, run_interview_eval

pytestmark = pytest.mark.slow


def test_personas_separate_and_the_flow_holds(real_services, tmp_path):
    report = run_interview_eval(real_services, quick=True, data_dir=tmp_path)
    assert set(report["personas"]) == set(PERSONAS)
    checks = report["checks"]
    assert checks["no_repeats"] and checks["reports_add_up"]
    assert checks["strong>partial>weak"]
    assert checks["off_topic_mean<=2"] and checks["adversarial_max<=2"]
    assert checks["gap_followups_on_target"] >= 0.9
    assert report["personas"]["strong"]["mean_overall"] >= 8.0
    assert sum(r["gap_followups"] for r in report["personas"].values()) >= 4
