"""Which question to ask next: topic mix, level, no repeats, answered records first."""
from __future__ import annotations

import random
from collections import Counter

from mockinterview.corpus.keypoints import split_sentences
from mockinterview.corpus.schema import Difficulty, Record
from mockinterview.corpus.store import Corpus

LEVELS = ("easy", "medium", "hard")
# References with these flags make weak rubrics: such records are asked only when nothing else fits.
_WEAK_RUBRIC = {"short_reference", "reference_unusable", "math_lost", "missing_figure", "unanswered"}
JOB_TOPICS = 4


def next_level(level: str, score: float) -> str:
    """Adaptive difficulty: a strong answer moves up a level, a weak one down."""
    position = LEVELS.index(level)
    if score >= 8.0:
        position = min(position + 1, len(LEVELS) - 1)
    elif score < 4.0:
        position = max(position - 1, 0)
    return LEVELS[position]


def topics_from_job_description(text: str, index, limit: int = JOB_TOPICS) -> list[str]:
    """The corpus topics a job ad talks about most: each sentence votes for its closest questions' topics."""
    votes: Counter = Counter()
    sentences = [s for s in split_sentences(" ".join(text.split())) if len(s.split()) >= 3][:40]
    for sentence in sentences:
        for rank, hit in enumerate(index.search(sentence, k=5)):
            votes[hit.record.topic] += 1.0 / (rank + 1)
    return [topic for topic, _ in votes.most_common(limit)]


class QuestionPlanner:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def focus_for_job(self, job, index, per_topic: int = 12) -> dict[str, set[str]]:
        """Topic -> the questions closest to the skills the job names for it (from `skills_for_job`)."""
        from mockinterview.index.search_types import SearchFilters

        focus = {}
        for topic, skills in job.skills.items():
            hits = index.search(", ".join(skills), k=per_topic, filters=SearchFilters(topics=(topic,), answered_only=True))
            focus[topic] = {hit.record.id for hit in hits}
        return focus

    def pick(self, *, topics: list[str], level: str, asked: set[str], position: int, seed: int,
             prefer: list[str] = (), avoid: set[str] = frozenset(),
             focus: dict[str, set[str]] | None = None) -> Record | None:
        """A main question: due reviews first (practice mode), then the topic in turn at this level.

        `avoid`: questions asked in the candidate's recent sessions; a due review may repeat one, nothing
        else does while another question fits. Constraints relax in order (level, then topic, then rubric
        quality, then recent questions) so an interview never stalls while the corpus has unasked questions.
        `focus`: per topic, the questions that test what a job asks for; tried first within their topic.
        """
        for record_id in prefer:
            record = self.corpus.get(record_id)
            if record and record.id not in asked and record.answered:
                return record
        topic = topics[position % len(topics)] if topics else None
        rng = random.Random(f"{seed}:{position}")
        # The topic matters more than a question not seen recently; the level and rubric quality matter least.
        attempts = [(want_topic, want_level, allow_weak, skip)
                    for want_topic in (topic, None) for skip in (asked | avoid, asked)
                    for want_level, allow_weak in ((level, False), (None, False), (None, True))]
        wanted = (focus or {}).get(topic)
        if wanted:  # the job's own skills first, at any level; then the usual relaxation
            attempts = [(topic, None, False, asked | avoid, wanted)] + [a + (None,) for a in attempts]
        else:
            attempts = [a + (None,) for a in attempts]
        for want_topic, want_level, allow_weak, skip, within in attempts:
            pool = [
                r for r in self.corpus.records
                if r.id not in skip
                and (within is None or r.id in within)
                and (want_topic is None or r.topic == want_topic)
                and (want_level is None or r.difficulty == Difficulty(want_level))
                and (allow_weak or not (_WEAK_RUBRIC & set(r.flags)))
                and r.kind.value != "behavioural"
            ]
            if pool:
                return rng.choice(sorted(pool, key=lambda r: r.id))
        return None
