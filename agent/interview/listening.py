"""The interviewer listening: requests about the open question, the candidate's own questions, and the
record of both (a request and its reply are stored as exchanges, so a resumed chat and an export show them).

A mixin of `InterviewSession`: it uses the session's deps, turns and state.
"""
from __future__ import annotations

import json
import logging
import weakref
from collections.abc import Callable, Iterator

from mockinterview.agent.grading.screening import safe_text
from mockinterview.agent.storage import ExchangeRow, TurnRow, utcnow

from .ask import CorpusAnswerer, stream_grounded
from .commands import Command
from .conversation import clarify_reply, meta_reply, rephrasings
from .intents import Intent, IntentClassifier, LLMIntentClassifier, Understood
from .messages import Message
from .probes import leaks

_CLASSIFIERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def offline_classifier(index) -> IntentClassifier:
    """One classifier per index (its examples are embedded once per process, and cached on disk)."""
    classifier = _CLASSIFIERS.get(index)
    if classifier is None:
        classifier = _CLASSIFIERS[index] = IntentClassifier.for_index(index)
    return classifier


MAX_STORED = 100_000
CLOSED = ("graded", "skipped", "gave_up")
log = logging.getLogger(__name__)


class ListeningMixin:
    def classifier(self):
        if self.deps.intents is None:
            offline = offline_classifier(self.deps.index)
            factory = getattr(self.deps.grader, "chat_model_factory", None)
            self.deps.intents = LLMIntentClassifier(factory, offline) if factory else offline
        return self.deps.intents

    def understand(self, text: str) -> Understood:
        """What the candidate meant by this message (cached for the same text: the terminal asks first)."""
        if self._understood and self._understood[0] == text:
            return self._understood[1]
        classifier = self.classifier()
        turn = self.current
        try:
            if isinstance(classifier, LLMIntentClassifier):
                understood = classifier.classify(text, question=turn.question if turn else "")
            else:
                understood = classifier.classify(text)
        except Exception:  # never lose an answer to a classifier failure
            log.exception("intent classification failed")
            understood = Understood(Intent.answer, 0.0, "default")
        self._understood = (text, understood)
        return understood

    def _exchange_messages(self, seq: int, *, after_close: bool) -> list[Message]:
        out = []
        for row in self.exchanges:
            if row.turn_seq == seq and bool(row.after_close) == after_close:
                data = json.loads(row.data_json) if row.data_json else {}
                out.append(Message(row.role, row.kind, row.text, data={**data, "intent": row.intent}))
        return out

    def ask(self, text: str, *, about_seq: int | None = None, record_request: bool = True) -> list[Message]:
        """The candidate's own question, answered from the corpus with sources; never graded.

        Asked about a closed question (the feedback card's "Ask about this", or "why?" just after feedback)
        it is read in that question's context. The open question's answer is never given away.
        """
        if not (text or "").strip():
            return [Message("system", "notice", "Type your question first.")]
        if record_request:
            self._say(text, "request", Intent.ask)
        closed = [t for t in self.turns if t.outcome in CLOSED]
        if about_seq is not None:
            closed = [t for t in closed if t.seq == about_seq] or closed
        context = closed[-1] if closed else None
        open_turn = self.current
        reply = CorpusAnswerer(self.deps.corpus, self.deps.index).answer(
            text,
            context=self._record(context) if context else None, context_question=context.question if context else "",
            open_record=self._record(open_turn) if open_turn else None,
            open_question=open_turn.question if open_turn else "",
        )
        message = self._reply("reply", reply.text, Intent.ask, data={"sources": reply.sources, "found": reply.found})
        factory = getattr(self.deps.grader, "chat_model_factory", None)
        if factory is not None and reply.found:
            message.stream = self._streamer(factory, text, reply, message)
        return [message]

    def _streamer(self, factory, question: str, reply, message: Message) -> Callable[[], Iterator[str]]:
        exchange_id = message.data.get("exchange_id")

        def stream() -> Iterator[str]:
            chunks = []
            for chunk in stream_grounded(factory(), question, reply.passages):
                chunks.append(chunk)
                yield chunk
            text = "".join(chunks).strip()
            if text:  # the streamed answer replaces the extractive one in the transcript
                sources = "\n".join(f"[{n}] \"{p.question}\", {p.location}" for n, p in enumerate(reply.passages, 1))
                message.text = f"{text}\n\n{sources}"
                message.stream = None
                self.deps.store.update_exchange(exchange_id, text=message.text)
                for row in self.exchanges:
                    if row.id == exchange_id:
                        row.text = message.text
        return stream

    def _exchange(self, role: str, kind: str, text: str, intent: Command | None, data: dict | None = None) -> ExchangeRow:
        open_turn = self.current
        anchor = open_turn or (self.turns[-1] if self.turns else None)
        row = ExchangeRow(session_id=self.id, turn_seq=anchor.seq if anchor else None, after_close=open_turn is None,
                          role=role, kind=kind, intent=intent.value if intent else None,
                          text=safe_text(text)[:MAX_STORED], data_json=json.dumps(data) if data else None,
                          created_at=utcnow())
        self.deps.store.add_exchange(row)
        self.exchanges.append(row)
        return row

    def _say(self, text: str, kind: str, intent: Command | None) -> None:
        self._exchange("candidate", kind, text, intent)

    def _reply(self, kind: str, text: str, intent: Command | None, data: dict | None = None) -> Message:
        row = self._exchange("interviewer", kind, text, intent, data)
        return Message("interviewer", kind, text, data={**(data or {}), "exchange_id": row.id})

    def _clarify(self, turn: TurnRow, term: str, options: tuple[str, ...] = ()) -> Message:
        text = clarify_reply(self.deps.index, self._record(turn), turn.question, term, options)
        if text is None:  # nothing in the corpus says it better: the question in other words
            return self._rephrase(turn, kind="clarification", intent=Command.clarify)
        return self._reply("clarification", text, Command.clarify)

    def _rephrase(self, turn: TurnRow, kind: str = "rephrase", intent: Command = Command.rephrase) -> Message:
        focus = json.loads(turn.focus_json) if turn.focus_json else []
        options = rephrasings(self._record(turn), turn.question, focus)
        # A follow-up's rewording must not say what the held feedback keeps back (another record's own
        # rephrasing can name the very point the follow-up probes).
        withheld = self._withheld_points(turn)
        options = [o for o in options if not any(leaks(o, point, asked) for point, asked in withheld)] or \
            [f"In other words: {turn.question.strip()}"]
        given = self._rephrased.get(turn.seq, 0)
        self._rephrased[turn.seq] = given + 1
        return self._reply(kind, options[given % len(options)], intent)

    def _withheld_points(self, turn: TurnRow) -> list[tuple[str, str]]:
        """(missed point, the question it was missed on) for the answers this follow-up builds on: what
        its held card keeps back."""
        from mockinterview.agent.grading.schema import Grade

        if turn.role != "followup" or turn.parent_seq is None:
            return []
        chain = [t for t in self.turns if t.seq < turn.seq and t.grade_json
                 and (t.seq == turn.parent_seq or t.parent_seq == turn.parent_seq)]
        return [(p.point, t.question) for t in chain for p in Grade.model_validate_json(t.grade_json).missed]

    def _meta(self, turn: TurnRow, text: str) -> Message:
        number = sum(t.role == "main" and t.outcome != "deferred" for t in self.turns if t.seq <= turn.seq)
        return self._reply("meta", meta_reply(text, self._record(turn), number, self.config.questions), Command.meta)

    def _defer(self, turn: TurnRow) -> list[Message]:
        others = [t for t in self.waiting() if t is not turn]
        if not others and self.main_count >= self.config.questions:  # nothing else is left to ask first
            return [self._reply("notice", "This is the last question left, so there is no later: answer it, ask "
                                          "for a hint, or say 'skip'.", Command.later)]
        self._close(turn, "deferred")
        reply = self._reply("notice", "Sure: we will come back to it at the end.", Command.later)
        return [reply] + self._after_turn(turn)
