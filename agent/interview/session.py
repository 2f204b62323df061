"""The interview as a state machine: ask, answer, grade, feedback, follow-ups, next, report.

Front ends (Streamlit, terminal) call `start`/`resume` and then `submit(text)` or `act(command)`; each
returns the messages to show. All state lives in the database turns: resuming replays them, so a crash
between saving an answer and grading it loses nothing (the answer is graded on resume).
"""
from __future__ import annotations

import json
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from mockinterview.agent.grading.rubric import Rubric, RubricReference, rubric_for_record
from mockinterview.agent.grading.schema import Grade, Verdict
from mockinterview.agent.grading.screening import safe_text
from mockinterview.agent.mastery import practice_queue, record_review
from mockinterview.agent.storage import ExchangeRow, Store, TurnRow, utcnow
from mockinterview.corpus.schema import Record

from .commands import SAID, Command
from .config import InterviewConfig
from .followups import Asked, FollowUp, choose_followup
from .hints import authored_hint, stepped_hint, word_rarity
from .intents import DESCRIPTIONS, Intent, Understood
from .listening import ListeningMixin
from .messages import Message
from .phrasing import phrase
from .planner import QuestionPlanner, next_level, topics_from_job_description
from .report import Report, build_report
from .skills import skills_for_job
from .withheld import chain_closed, chain_of, held_grade, held_in_chain, is_held

log = logging.getLogger(__name__)
MAX_ANSWER_STORED = 100_000
_YES = re.compile(r"^(?:y|yes|yeah|yep|sure|correct|right|grade it|that'?s my answer|it'?s my answer|yes,? grade it)\W*$", re.I)
_NO = re.compile(r"^(?:n|no|nope|nah|not really|no,? it (?:was|is) not)\W*$", re.I)
RECENT_SESSIONS = 20  # a candidate's questions are not asked again within this many sessions (reviews aside)


@dataclass
class InterviewDeps:
    """What a session needs, passed in (Services builds it; tests build it with fakes)."""

    corpus: Any
    index: Any
    grader: Any
    store: Store
    intents: Any = None  # an IntentClassifier; default: built from the index on first use


class InterviewSession(ListeningMixin):
    def __init__(self, deps: InterviewDeps, session_id: str, config: InterviewConfig) -> None:
        self.deps = deps
        self.id = session_id
        self.config = config
        self.planner = QuestionPlanner(deps.corpus)
        self.turns: list[TurnRow] = []
        self.exchanges: list[ExchangeRow] = []
        self.level = "medium" if config.difficulty == "adaptive" else config.difficulty
        self.topics = list(config.topics)
        self.finished = False
        self.version = 0  # the session's version in the database when this object last wrote or read it
        self._targeted: set[str] = set()
        self._rephrased: dict[int, int] = {}  # turn seq -> rewordings given
        self._unsure: tuple[str, Understood] | None = None  # a message waiting for "did you mean to answer?"
        self._understood: tuple[str, Understood] | None = None  # the last classification (the terminal asks twice)
        self._revealed: set[int] = set()  # turns whose held feedback has been shown in full
        self._recent: set[str] | None = None  # record ids asked in the candidate's recent sessions
        self._job_focus: dict[str, set[str]] = {}  # topic -> questions that test the job's skills

    # -- lifecycle --------------------------------------------------------------------------------
    @classmethod
    def start(cls, deps: InterviewDeps, config: InterviewConfig) -> tuple[InterviewSession, list[Message]]:
        if config.seed is None:  # a fresh order each interview, stored so resume and export reproduce it
            config = config.model_copy(update={"seed": secrets.randbelow(2**31)})
        session_id = deps.store.create_session(config.model_dump())
        session = cls(deps, session_id, config)
        messages = []
        if not session.topics and config.job_description:
            messages.append(Message("system", "notice", session._plan_for_job()))
        return session, messages + session._ask_next_main()

    @classmethod
    def resume(cls, deps: InterviewDeps, session_id: str) -> tuple[InterviewSession, list[Message]]:
        row = deps.store.get_session(session_id)
        if row is None:
            raise KeyError(session_id)
        session = cls(deps, session_id, InterviewConfig.model_validate(json.loads(row.config_json)))
        session.version = row.version
        session.turns = deps.store.turns(session_id)
        session.exchanges = deps.store.exchanges(session_id)
        if session.config.job_description and not session.topics:
            session._plan_for_job()
        for turn in session.turns:
            if turn.role == "main" and turn.score is not None and session.config.difficulty == "adaptive":
                session.level = next_level(session.level, turn.score)
            if turn.focus_json:
                session._targeted.update(json.loads(turn.focus_json))
        messages = session.transcript() + [Message("system", "notice", f"Resumed interview {session_id}.")]
        if row.status == "finished":
            session.finished = True
            return session, messages + [session._report_message()]
        current = session.current
        if current is not None and current.outcome == "answered":
            # The process stopped after saving this answer and before grading it: grade it now.
            messages.append(Message("system", "notice", "Your last answer was saved before the interruption; grading it now."))
            messages += session._grade_and_continue(current, current.answer_text or "")
        elif current is not None and current.outcome == "pending":
            messages.append(session._question_message(current))
            messages += session._exchange_messages(current.seq, after_close=False)
        else:
            messages += session._after_turn(session.turns[-1] if session.turns else None)
        return session, messages

    # -- state ------------------------------------------------------------------------------------
    @property
    def current(self) -> TurnRow | None:
        return self.turns[-1] if self.turns and self.turns[-1].outcome in ("pending", "answered") else None

    @property
    def asked(self) -> set[str]:
        return {t.record_id for t in self.turns}

    @property
    def main_count(self) -> int:
        """Main questions asked, a question left for later counted once (when it is asked again)."""
        return sum(t.role == "main" and t.outcome != "deferred" for t in self.turns)

    def waiting(self) -> list[TurnRow]:
        """Questions the candidate left for later and that have not been asked again yet."""
        return [t for t in self.turns if t.outcome == "deferred"
                and not any(u.record_id == t.record_id and u.question == t.question and u.seq > t.seq for u in self.turns)]

    def report(self) -> Report:
        return build_report(self.id, self.turns, self.exchanges)

    def transcript(self) -> list[Message]:
        """The closed turns as messages (question, requests and replies, answer, feedback), so a resumed
        chat reads as it was."""
        messages = []
        for turn in self.turns:
            if turn.outcome in ("pending", "answered"):
                continue  # the open question: resume shows it last
            messages.append(self._question_message(turn))
            messages += self._exchange_messages(turn.seq, after_close=False)
            grade = Grade.model_validate_json(turn.grade_json) if turn.grade_json else None
            if turn.answer_text:
                messages.append(Message("candidate", "answer", turn.answer_text))
                messages.append(self._feedback(turn, grade, held=grade is not None and is_held(turn, self.turns)))
            elif grade is not None and turn.outcome == "gave_up" and grade.model_answer:
                messages.append(Message("interviewer", "reveal", grade.model_answer, grade=grade, data={"seq": turn.seq}))
            messages += self._exchange_messages(turn.seq, after_close=True)
            if turn.seq == max(t.seq for t in self.turns if chain_of(t) == chain_of(turn)):
                messages += self._reveal_held(turn)
        return messages

    def _feedback(self, turn: TurnRow, grade: Grade | None, held: bool) -> Message:
        shown = held_grade(grade) if held and grade is not None else grade
        return Message("interviewer", "feedback", shown.feedback if shown else "", grade=shown,
                       data={"seq": turn.seq, "held": held})

    def _reveal_held(self, turn: TurnRow | None) -> list[Message]:
        """The full feedback of the answers a closed chain of follow-ups probed, once, after the chain."""
        if turn is None or not chain_closed(chain_of(turn), self.turns, self.waiting()):
            return []
        messages = []
        for held in held_in_chain(chain_of(turn), self.turns):
            if held.seq in self._revealed:
                continue
            self._revealed.add(held.seq)
            grade = Grade.model_validate_json(held.grade_json)
            messages.append(Message("interviewer", "full_feedback",
                                    f"The full feedback on your answer to \"{held.question}\":"))
            messages.append(Message("interviewer", "feedback", grade.feedback, grade=grade,
                                    data={"seq": held.seq, "revealed": True}))
        return messages

    # -- input ------------------------------------------------------------------------------------
    def submit(self, text: str, *, turn_id: int | None = None) -> list[Message]:
        """Whatever the candidate typed: an answer, a request, or a question to the interviewer.

        `turn_id`: the question open when it was typed (a front end that may lag passes it); text meant for
        a question that has closed since is not taken for the new one."""
        text = text or ""
        if self._stale(turn_id):
            return [Message("system", "notice", "Not sent: you typed this while the previous question was open, and "
                                                "it has closed since. If it answers the question below, send it "
                                                f"again:\n\n{text[:2000]}")]
        if self._unsure is not None:
            pending, understood = self._unsure
            self._unsure = None
            if _YES.match(text.strip()):
                self._say(text, "request", Intent.answer)
                return self.answer(pending)
            if _NO.match(text.strip()):
                self._say(text, "request", understood.intent)
                return self._handle(understood, pending, record_request=False)
        understood = self.understand(text)
        if self.finished:
            if understood.intent is Intent.ask:
                return self.ask(text)
            return [Message("system", "notice", "This interview has ended. Start a new one to continue; you can "
                                                "still ask me questions about the subject.")]
        if understood.unsure and self.current is not None:
            self._unsure = (text, understood)
            self._say(text, "request", understood.intent)
            what = DESCRIPTIONS[understood.intent].replace("asks", "asking").replace("says", "saying").replace("wants", "wanting")
            return [self._reply("confirm", f"Did you mean that as your answer? Type 'yes' to have it graded, or "
                                           f"'no' if you were {what}.", understood.intent)]
        return self._handle(understood, text)

    def _handle(self, understood: Understood, text: str, record_request: bool = True) -> list[Message]:
        if understood.intent is Intent.answer:
            return self.answer(text)
        if understood.intent is Intent.ask:
            return self.ask(text, record_request=record_request)
        if understood.intent is Intent.clarify:
            return self.act(Command.clarify, understood.term, said=text if record_request else None,
                            options=understood.options)
        return self.act(understood.intent, "", said=text if record_request else None)

    def act(self, command: Command, text: str = "", *, said: str | None = None,
            options: tuple[str, ...] = (), turn_id: int | None = None) -> list[Message]:
        """A request on the open question; `said` is what the candidate typed (a button's words if None).

        `turn_id`: the question the button was pressed for; a press for a question that has closed since
        (Skip pressed while an answer was being graded) does nothing."""
        if self._stale(turn_id):
            return [Message("system", "notice", "That button was for a question that has closed since; nothing was "
                                                "done. Use the buttons under the open question.")]
        turn = self.current
        if command is Command.ask:
            return self.ask(said or text)
        if self.finished or turn is None:
            return [Message("system", "notice", "There is no open question.")]
        if command is Command.answer:
            return self.answer(text)
        if said != "":
            self._say(said or SAID.get(command, command.value), "request", command)
        if command is Command.repeat:
            return [self._question_message(turn)]
        if command is Command.hint:
            return [self._hint(turn)]
        if command is Command.clarify:
            return [self._clarify(turn, text, options)]
        if command is Command.rephrase:
            return [self._rephrase(turn)]
        if command is Command.meta:
            return [self._meta(turn, said or text)]
        if command is Command.later:
            return self._defer(turn)
        if command is Command.end:
            self._close(turn, "ended")
            return self._finish()
        outcome = "skipped" if command is Command.skip else "gave_up"
        return self._give_up(turn, outcome)

    def answer(self, text: str) -> list[Message]:
        turn = self.current
        if turn is None:
            return [Message("system", "notice", "There is no open question.")]
        if not (text or "").strip():
            return [Message("system", "notice", "Your answer is empty. Type an answer, or 'skip', 'hint' or 'I don't know'.")]
        stored = safe_text(text)[:MAX_ANSWER_STORED].replace("\x00", "")
        # Saved before grading: if grading crashes or the process dies, the answer is still there.
        self._update_turn(turn, answer_text=stored, outcome="answered", answered_at=utcnow())
        return self._grade_and_continue(turn, stored)

    def _stale(self, turn_id: int | None) -> bool:
        return turn_id is not None and (self.current is None or self.current.id != turn_id)

    # -- writes: each passes the version it last saw, so a second tab cannot overwrite this one ------
    def _update_turn(self, turn: TurnRow, **values) -> None:
        self.version = self.deps.store.update_turn(turn.id, expect=self.version, **values)
        for key, value in values.items():
            setattr(turn, key, value)

    def _add_turn(self, turn: TurnRow) -> None:
        self.version = self.deps.store.add_turn(turn, expect=self.version)
        self.turns.append(turn)

    # -- steps ------------------------------------------------------------------------------------
    def _record(self, turn: TurnRow) -> Record:
        return self.deps.corpus.get(turn.record_id)

    def _rubric(self, turn: TurnRow) -> Rubric:
        rubric = rubric_for_record(self._record(turn), self.deps.index)
        focus = json.loads(turn.focus_json) if turn.focus_json else []
        if focus:
            # A probe is graded against the missed point alone (and its misconceptions, when authored).
            reference = rubric.references[0]
            authored = rubric.authored.focused(focus) if rubric.authored is not None else None
            rubric = Rubric(turn.question, [RubricReference(reference.text, focus, reference.source)], rubric.record_id,
                            authored=authored)
        return rubric

    def _grade_and_continue(self, turn: TurnRow, text: str) -> list[Message]:
        try:
            grade = self.deps.grader.grade(self._rubric(turn), text)
        except Exception:  # the answer is saved; say so instead of crashing the interview
            log.exception("grading failed for session %s turn %s", self.id, turn.seq)
            return [Message("system", "notice", "Grading failed; your answer is saved. Try again or type 'skip'.")]
        self._store_grade(turn, grade, "graded")
        messages = []
        if grade.backend_note:
            messages.append(Message("system", "notice", grade.backend_note))
        followup = self._next_followup(turn, grade)
        messages.append(self._feedback(turn, grade, held=followup is not None))
        if followup is not None:
            return messages + [self._ask(followup.record, "followup", chain_of(turn), followup)]
        return messages + self._after_turn(turn)

    def _store_grade(self, turn: TurnRow, grade: Grade, outcome: str) -> None:
        values = dict(grade_json=grade.model_dump_json(), score=grade.score, backend=grade.backend,
                      outcome=outcome, graded_at=utcnow(), answered_at=turn.answered_at or utcnow())
        self._update_turn(turn, **values)
        if grade.score is None:
            return  # ungraded (not English, nothing to grade against): it says nothing about mastery or level
        if not turn.focus_json:
            record_review(self.deps.store, turn.record_id, turn.topic, grade.score)
        if turn.role == "main" and self.config.difficulty == "adaptive":
            self.level = next_level(self.level, grade.score)

    def _give_up(self, turn: TurnRow, outcome: str) -> list[Message]:
        rubric = self._rubric(turn)
        reference = rubric.references[0] if rubric.references else None
        grade = Grade(score=0.0, verdict=Verdict.no_answer, backend="none",
                      model_answer=reference.text if reference else "",
                      reference_source=reference.source if reference else None,
                      feedback="Skipped." if outcome == "skipped" else "No problem: here is the model answer.")
        self._store_grade(turn, grade, outcome)
        messages = []
        if outcome == "gave_up" and grade.model_answer:
            messages.append(Message("interviewer", "reveal", grade.model_answer, grade=grade, data={"seq": turn.seq}))
        return messages + self._after_turn(turn)

    def _plan_for_job(self) -> str:
        """Topics and questions from the skills the job description names (the closest questions' topics
        when it names none); returns the notice that says what was chosen and why."""
        job = skills_for_job(self.config.job_description or "")
        if not job.topics:
            self.topics = topics_from_job_description(self.config.job_description or "", self.deps.index)
            return "Topics from the job description: " + ", ".join(self.topics)
        self.topics = list(job.topics)
        self._job_focus = self.planner.focus_for_job(job, self.deps.index)
        return "Topics from the job description: " + "; ".join(
            f"{topic} (for {', '.join(job.skills[topic][:3])})" for topic in job.topics)

    def _next_followup(self, turn: TurnRow, grade: Grade) -> FollowUp | None:
        if not self.config.followups:
            return None
        parent_seq = chain_of(turn)
        done = sum(t.role == "followup" and t.parent_seq == parent_seq and t.outcome != "deferred" for t in self.turns)
        if done >= self.config.followups:
            return None
        asked = Asked(ids=frozenset(self.asked | self.recent_ids()),
                      questions=tuple(dict.fromkeys(t.question for t in self.turns)), topics=tuple(self.topics))
        return choose_followup(self._record(turn), grade, self.deps.index, asked, self._targeted)

    def _after_turn(self, turn: TurnRow | None) -> list[Message]:
        """After a closed turn with no follow-up to ask: the held feedback, then the next question."""
        messages = self._reveal_held(turn)
        waiting = self.waiting()
        if self.main_count + len(waiting) >= self.config.questions:
            if waiting:  # the questions left for later come back at the end, in the order they were left
                return messages + [Message("interviewer", "notice", "Back to a question you left for later."),
                                   self._ask_again(waiting[0])]
            return messages + self._finish()
        return messages + self._ask_next_main()

    def recent_ids(self) -> set[str]:
        """Questions asked to this candidate in recent other sessions (read once per session)."""
        if self._recent is None:
            self._recent = set()
            for row, _ in self.deps.store.list_sessions(limit=RECENT_SESSIONS + 1):
                if row.id != self.id:
                    self._recent.update(t.record_id for t in self.deps.store.turns(row.id))
        return self._recent

    def _ask_again(self, deferred: TurnRow) -> Message:
        turn = TurnRow(
            session_id=self.id, seq=len(self.turns) + 1, record_id=deferred.record_id, question=deferred.question,
            topic=deferred.topic, difficulty=deferred.difficulty, role=deferred.role, parent_seq=deferred.parent_seq,
            lead_in=deferred.lead_in, focus_json=deferred.focus_json, outcome="pending", asked_at=utcnow(),
        )
        self._add_turn(turn)
        return self._question_message(turn)

    def _ask_next_main(self) -> list[Message]:
        prefer = []
        if self.config.mode == "practice":
            prefer = practice_queue(self.deps.store)
        record = self.planner.pick(topics=self.topics, level=self.level, asked=self.asked,
                                   position=self.main_count, seed=self.config.seed or 0, prefer=prefer,
                                   avoid=self.recent_ids(), focus=self._job_focus)
        if record is None:
            return [Message("system", "notice", "No more questions match these settings.")] + self._finish()
        return [self._ask(record, "main", None, None)]

    def _phrased(self, followup: FollowUp) -> str | None:
        """With an LLM grader, the LLM words a probe or challenge from the same evidence (checked); else None."""
        if not self.turns:
            return None
        last = self.turns[-1]
        return phrase(self.deps.grader, followup, last.question, last.answer_text or "", self.deps.index)

    def _ask(self, record: Record, role: str, parent_seq: int | None, followup: FollowUp | None) -> Message:
        focus = followup.focus_points if followup else []
        self._targeted.update(focus or ([followup.target_point] if followup and followup.target_point else []))
        phrased = self._phrased(followup) if followup else None
        turn = TurnRow(
            session_id=self.id, seq=len(self.turns) + 1, record_id=record.id,
            question=phrased or (followup.question if followup else record.question), topic=record.topic,
            difficulty=record.difficulty.value, role=role, parent_seq=parent_seq,
            lead_in=(followup.lead_in if followup and not phrased else None),
            focus_json=json.dumps(focus) if focus else None,
            outcome="pending", asked_at=utcnow(),
        )
        self._add_turn(turn)
        return self._question_message(turn)

    def _question_message(self, turn: TurnRow) -> Message:
        text = f"{turn.lead_in} {turn.question}" if turn.lead_in else turn.question
        kind = "followup" if turn.role == "followup" else "question"
        number = sum(t.role == "main" and (t.outcome != "deferred" or t is turn) for t in self.turns[: turn.seq])
        return Message("interviewer", kind, text, data={
            "seq": turn.seq, "number": number, "of": self.config.questions, "topic": turn.topic,
            "difficulty": turn.difficulty, "record_id": turn.record_id,
        })

    def _hint(self, turn: TurnRow) -> Message:
        """Hints in steps about the first key point: its concept, a nearer nudge, then the offer of the answer."""
        rubric = self._rubric(turn)
        if rubric.authored is not None:  # the interviewer's own two steps toward the first core claim
            text = authored_hint(rubric.authored.core_claims[0].hints, turn.hints)
            self._update_turn(turn, hints=turn.hints + 1)
            return self._reply("hint", text, Command.hint, data={"step": turn.hints})
        points = rubric.references[0].key_points if rubric.references else []
        if not points:
            return self._reply("hint", "I have no hint for this one: answer as best you can, or say 'show answer'.",
                               Command.hint)
        text = stepped_hint(points[0], turn.question, turn.hints, word_rarity(self.deps.corpus))
        self._update_turn(turn, hints=turn.hints + 1)
        return self._reply("hint", text, Command.hint, data={"step": turn.hints})

    def _close(self, turn: TurnRow, outcome: str) -> None:
        self._update_turn(turn, outcome=outcome)

    def _finish(self) -> list[Message]:
        self.finished = True
        report = self.report()
        self.version = self.deps.store.finish_session(self.id, report.overall, expect=self.version)
        return [self._report_message(report)]

    def _report_message(self, report: Report | None = None) -> Message:
        report = report or self.report()
        overall = f"{report.overall:.1f}/10" if report.overall is not None else "no graded answers"
        return Message("interviewer", "report", f"Interview complete. Overall: {overall}.", report=report)
