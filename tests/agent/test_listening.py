"""The interviewer listening: requests in free text, clarifications, the candidate's own questions, and
the transcript that keeps them (small corpus, hashing embedder; the real classifier where marked)."""
from __future__ import annotations

import json

import pytest

from mockinterview.agent.interview.config import InterviewConfig
from mockinterview.agent.interview.intents import Intent, IntentClassifier, Understood
from mockinterview.agent.interview.report import build_report, report_markdown
from mockinterview.agent.interview.session import InterviewSession
from mockinterview.corpus.rubrics import rubric_for


def start(services, intents=None, **config):
    deps = services.interview_deps()
    deps.intents = intents
    return InterviewSession.start(deps, InterviewConfig(**config))


def kinds(messages) -> list[str]:
    return [m.kind for m in messages]


@pytest.fixture(scope="session")
def real_intents(real_embedder):
    """The shipped classifier on the real MiniLM embeddings (examples embedded once per test session)."""
    return IntentClassifier(real_embedder.encode, model_id=real_embedder.model_id)


class RecordingGrader:
    """Grades every answer 5.0 and keeps what it was given: what the session sent to grading, and only that."""

    def __init__(self) -> None:
        self.graded: list[str] = []

    def grade(self, rubric, text):
        from mockinterview.agent.grading.schema import Grade, Verdict

        self.graded.append(text)
        reference = rubric.references[0] if rubric.references else None
        return Grade(score=5.0, verdict=Verdict.partial, backend="recording", feedback="Half of it.",
                     model_answer=reference.text if reference else "")


@pytest.mark.slow
def test_a_scripted_session_handles_each_request_as_intended(real_services, real_intents):
    grader = RecordingGrader()
    deps = real_services.interview_deps()
    deps.grader, deps.intents = grader, real_intents
    session, _ = InterviewSession.start(deps, InterviewConfig(questions=3, followups=0, topics=["ensembles"], seed=3))
    first = session.current

    hint = session.submit("Hmm, can you give me a hint?")
    assert kinds(hint) == ["hint"] and first.hints == 1 and first.outcome == "pending"

    clarified = session.submit("What do you mean by bootstrap exactly?")
    assert kinds(clarified) == ["clarification"] and first.outcome == "pending" and first.answer_text is None

    hedged = "Isn't it mostly about combining models? You train several and average them, which lowers variance."
    graded = session.submit(hedged)
    assert kinds(graded)[-2:] == ["feedback", "question"]
    assert first.answer_text == hedged and first.outcome == "graded"

    second = session.current
    reply = session.submit("Why does averaging many models reduce variance?")
    assert kinds(reply) == ["reply"] and "(Source: " in reply[0].text and reply[0].data["found"]
    assert "variance" in reply[0].text.lower()
    assert second.outcome == "pending" and second.answer_text is None and second.score is None

    skipped = session.submit("Can we skip this one please?")
    assert kinds(skipped) == ["question"] and second.outcome == "skipped" and second.score == 0.0

    ended = session.submit("Let's stop here.")
    assert kinds(ended) == ["report"] and session.finished
    assert grader.graded == [hedged]  # nothing else was graded
    report = ended[0].report
    assert report.skipped == 1 and report.main_questions == 2
    assert report.requests == {"ask": 1, "clarify": 1, "end": 1, "hint": 1, "skip": 1}

    markdown = report_markdown(report, session.turns)
    for said in ("Hmm, can you give me a hint?", "What do you mean by bootstrap exactly?",
                 "Why does averaging many models reduce variance?", "Can we skip this one please?"):
        assert f"> **You:** {said}" in markdown
    assert f"**Answer:** {hedged}" in markdown

    resumed, messages = InterviewSession.resume(deps, session.id)
    shown = [(m.role, m.kind) for m in messages]
    assert shown[:7] == [("interviewer", "question"), ("candidate", "request"), ("interviewer", "hint"),
                         ("candidate", "request"), ("interviewer", "clarification"), ("candidate", "answer"),
                         ("interviewer", "feedback")]
    assert shown[7:11] == [("interviewer", "question"), ("candidate", "request"), ("interviewer", "reply"),
                           ("candidate", "request")]
    assert shown[-1] == ("interviewer", "report")


def test_skip_in_free_text_counts_as_skipped(fast_services):
    session, _ = start(fast_services, questions=2, followups=0)
    session.submit("I'd rather skip this question.")
    assert session.turns[0].outcome == "skipped"
    assert build_report(session.id, session.turns).skipped == 1


def test_come_back_later_moves_the_question_to_the_end(fast_services):
    session, first = start(fast_services, questions=3, followups=0, topics=["ensembles"])
    deferred = session.current
    moved = session.submit("Can we come back to this later?")
    assert kinds(moved) == ["notice", "question"] and deferred.outcome == "deferred"
    assert moved[1].data["number"] == 1  # the next question takes its place
    session.submit("skip")
    last = session.submit("skip")  # the third slot: the deferred question, asked again
    assert kinds(last) == ["notice", "question"] and last[1].text == first[0].text
    assert last[1].data["number"] == 3
    refused = session.submit("Let's come back to this one at the end.")  # nothing is left to ask first
    assert kinds(refused) == ["notice"] and "last question" in refused[0].text and session.current is not None
    ended = session.submit("I don't know")
    report = ended[-1].report
    assert report.main_questions == 3 and [t.seq for t in report.turns] == [2, 3, 4]


def test_rephrase_gives_the_question_in_other_words(fast_services):
    session, _ = start(fast_services, questions=1, followups=0)
    turn = session.current
    record = fast_services.corpus.get(turn.record_id)
    replies = session.submit("Can you rephrase that?")
    assert kinds(replies) == ["rephrase"] and replies[0].text.startswith("In other words")
    authored = rubric_for(record.id)
    if authored is not None:  # the interviewer's own rewording, not a template around the question
        assert replies[0].text == f"In other words: {authored.rephrasing}"
    else:
        assert record.question in replies[0].text or any(r.question in replies[0].text for r in record.references)
    assert turn.outcome == "pending"


def test_meta_questions_get_a_short_answer_about_the_format(fast_services):
    session, _ = start(fast_services, questions=4, followups=0)
    assert "Bullet points are fine" in session.submit("May I use bullet points?")[0].text
    assert session.submit("How many questions are left?")[0].text.startswith("This is question 1 of 4")
    assert session.current.outcome == "pending"


def test_the_candidates_question_never_reveals_the_open_answer(fast_services):
    session, _ = start(fast_services, questions=2, followups=0)
    open_turn = session.current
    replies = session.ask(open_turn.question)
    assert replies[0].kind == "reply" and "will not answer it yet" in replies[0].text
    record = fast_services.corpus.get(open_turn.record_id)
    for sentence in record.references[0].text.split(". ")[:3]:
        assert sentence not in replies[0].text


@pytest.mark.slow
def test_no_material_is_said_plainly_and_questions_after_the_end_are_answered(real_services, real_intents):
    deps = real_services.interview_deps()
    deps.grader, deps.intents = RecordingGrader(), real_intents
    session, _ = InterviewSession.start(deps, InterviewConfig(questions=1, followups=0, topics=["ensembles"]))
    replies = session.submit("What is the capital of France?")
    assert kinds(replies) == ["reply"] and "I don't have material on that" in replies[0].text
    assert replies[0].data["found"] is False and replies[0].data["sources"] == []
    session.submit("end")
    replies = session.submit("What is the difference between bagging and boosting?")
    assert kinds(replies) == ["reply"] and replies[0].data["found"]
    assert session.submit("hello")[0].kind == "notice"


class Unsure:
    """A classifier that is never sure: what the session does when it must ask."""

    def classify(self, text):
        return Understood(Intent.hint, 0.4, "model", unsure=True)


def test_an_unsure_message_is_confirmed_before_anything_is_lost(fast_services):
    session, _ = start(fast_services, Unsure(), questions=2, followups=0)
    text = "Regularisation, maybe?"
    asked = session.submit(text)
    assert kinds(asked) == ["confirm"] and "yes" in asked[0].text and session.turns[0].outcome == "pending"
    graded = session.submit("yes")
    assert graded[0].kind == "feedback" and session.turns[0].answer_text == text
    session.submit("What about dropout?")
    hint = session.submit("no")  # it was the hint request it looked like
    assert kinds(hint) == ["hint"] and session.turns[1].hints == 1


def test_command_buttons_record_what_the_candidate_said(fast_services):
    from mockinterview.agent.interview.commands import Command

    session, _ = start(fast_services, questions=2, followups=0)
    session.act(Command.hint, said="Can I have a hint?")
    session.act(Command.dont_know)
    said = [(e.role, e.kind, e.text) for e in fast_services.store.exchanges(session.id) if e.role == "candidate"]
    assert said == [("candidate", "request", "Can I have a hint?"), ("candidate", "request", "I don't know.")]


def test_the_shipped_examples_are_the_train_split_of_the_eval_set():
    from mockinterview.agent.interview.intents import load_examples
    from mockinterview.evals.intents.run import load_utterances

    train = [{"text": u.text, "intent": u.intent.value} for u in load_utterances() if u.split == "train"]
    assert load_examples() == train
    assert len(load_utterances()) >= 300


@pytest.mark.parametrize("text,intent", [
    ("hnit", "hint"), ("skp", "skip"), ("A hint of regularization helps because it shrinks weights.", "answer"),
    ("Skip connections let gradients flow through very deep networks.", "answer"),
    ("Stop the training when the validation loss goes up.", "answer"),
    ("I don't know the exact formula, but L2 shrinks weights toward zero.", "answer"),
    ("Can we come back to this later?", "later"), ("What do you mean by bias?", "clarify"),
])
def test_request_patterns(text, intent):
    from mockinterview.agent.interview.intent_rules import match_rule

    assert (match_rule(text) or "answer") == intent


def test_clarify_parts_find_the_term_and_the_options():
    from mockinterview.agent.interview.intent_rules import clarify_parts

    term, options = clarify_parts("What do you mean by batch normalization exactly, the one inside the network or "
                                  "normalizing the input data?")
    assert term == "batch normalization" and options == ("one inside the network", "normalizing the input data")
    assert clarify_parts("Which one do you mean, bagging or boosting?")[1] == ("bagging", "boosting")


def test_intent_examples_are_cached_and_reused(tmp_path):
    calls = []

    def encode(texts):
        import numpy as np

        calls.append(len(texts))
        return np.ones((len(texts), 4), dtype="float32") / 2

    examples = [{"text": f"example {i}", "intent": "hint" if i % 2 else "answer"} for i in range(6)]
    IntentClassifier(encode, model_id="m", examples=examples, cache_dir=tmp_path).model
    IntentClassifier(encode, model_id="m", examples=examples, cache_dir=tmp_path).model
    assert calls == [6] and len(list(tmp_path.glob("*.npy"))) == 1
    assert json.dumps(examples)  # the examples themselves are not changed by training


@pytest.mark.slow
def test_with_an_llm_the_answer_is_streamed_from_the_passages_and_kept(real_services):
    from mockinterview.agent.grading.llm import ScriptedChatModel

    chat = ScriptedChatModel().enqueue("Boosting trains models in sequence; bagging in parallel [1].")

    class LLMBackedGrader(RecordingGrader):
        chat_model_factory = staticmethod(lambda: chat)

    deps = real_services.interview_deps()
    deps.grader = LLMBackedGrader()
    session, _ = InterviewSession.start(deps, InterviewConfig(questions=1, followups=0, topics=["python"]))
    message = session.ask("What is the difference between bagging and boosting?")[0]
    assert message.data["found"] and message.stream is not None
    extractive = message.text
    streamed = "".join(message.stream())
    assert streamed == "Boosting trains models in sequence; bagging in parallel [1]."
    prompt = chat.history[-1][1].content
    assert extractive.split("\n")[0][:60] in prompt  # grounded in the same passages
    assert message.text.startswith(streamed) and "[1] \"" in message.text
    stored = [e.text for e in real_services.store.exchanges(session.id) if e.kind == "reply"]
    assert stored == [message.text]
