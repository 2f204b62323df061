"""Job description -> skills -> topics and questions."""
from __future__ import annotations

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.agent.interview.skills import extract_skills, skills_for_job
from mockinterview.evals.jobs.run import load_descriptions, run_jobs_eval
from tests.conftest import make_services

ISSUE_AD = ("We need a senior ML scientist. You will build deep learning models and transformers for query "
            "understanding, improve our ranking with learning-to-rank methods, and maintain gradient-boosted trees. "
            "You will design experiments and analyse them with rigorous statistics.")


def test_skills_are_read_from_the_text_and_name_the_topics():
    job = skills_for_job(ISSUE_AD)
    assert set(job.topics) == {"deep-learning", "nlp-transformers", "system-design", "ensembles",
                               "statistics-probability"}
    assert "learning-to-rank" in job.skills["system-design"] and "gradient-boosted" in job.skills["ensembles"]
    assert "mlops-production" not in job.topics and "python" not in job.topics
    assert extract_skills("You will train models as a class act, with a pipeline of evaluation.") == {}  # any ad says these
    assert skills_for_job("Friendly team, free coffee.").topics == ()


def test_an_interview_from_a_job_ad_asks_about_its_skills(fast_services):
    ad = "You will tune gradient boosting and random forest models, and report precision, recall and ROC AUC."
    session, messages = InterviewSession.start(fast_services.interview_deps(),
                                               InterviewConfig(questions=2, followups=0, job_description=ad, seed=1))
    assert messages[0].kind == "notice" and "gradient boosting" in messages[0].text
    assert session.topics[:2] == ["evaluation-metrics", "ensembles"] or set(session.topics) == {"ensembles",
                                                                                             "evaluation-metrics"}
    assert session.turns[0].topic == session.topics[0]


def test_the_job_eval_beats_the_sentence_vote_on_held_out_ads(tmp_path):
    services = make_services(tmp_path)  # whole corpus, hashing embedder
    report = run_jobs_eval(services.corpus, services.index)
    assert len(load_descriptions()) >= 10
    skills, before = report["methods"]["skills"]["test"], report["methods"]["sentence votes (before)"]["test"]
    assert skills["precision"] >= 0.9 and skills["recall"] >= 0.85
    assert skills["recall"] > before["recall"] and skills["questions_on_expected_topics"] >= 0.9
