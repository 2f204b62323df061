"""The one place where the concrete pieces are built and wired, shared by the CLI, the app and tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from mockinterview.corpus.store import Corpus, load_corpus
from mockinterview.index.embedder import Embedder, SentenceTransformerEmbedder
from mockinterview.index.hybrid import CorpusIndex

from .grading.embedded import EmbeddedGrader
from .settings import Settings


@dataclass
class Services:
    """Lazily built collaborators: nothing heavy happens until a piece is first used."""

    settings: Settings = field(default_factory=Settings)
    embedder_override: Embedder | None = None
    claim_judge_override: object | None = None  # an entailment judge for tests (anything with `judge(pairs)`)
    progress: bool = False  # show a progress bar while the index is built

    @cached_property
    def corpus(self) -> Corpus:
        return load_corpus(self.settings.corpus_path)

    @cached_property
    def embedder(self) -> Embedder:
        if self.embedder_override is not None:
            return self.embedder_override
        from .threads import limit_torch_threads

        limit_torch_threads(self.settings.torch_threads)
        return SentenceTransformerEmbedder(self.settings.embedding_model)

    @cached_property
    def index(self) -> CorpusIndex:
        return CorpusIndex.open(self.corpus, self.embedder, self.settings.cache_dir, progress=self.progress)

    def retriever(self, **options):
        from mockinterview.index.retriever import CorpusRetriever

        return CorpusRetriever(index=self.index, **options)

    @cached_property
    def judge(self):
        """The trained pair model over the packaged MiniLM; the fast hashing embedder of tests gets the
        cosine judge instead (same interface, no model to load)."""
        from .grading.judges import CosineJudge, PairModelJudge

        if not isinstance(self.embedder, SentenceTransformerEmbedder):
            return CosineJudge(self.index.encode)
        from mockinterview.index.embedder import packaged_model_path

        from .grading.pair_model import PairModel

        return PairModelJudge(PairModel(packaged_model_path()))

    @cached_property
    def claim_judge(self):
        """The entailment judge that grades against the authored rubric; None for the hashing embedder
        of tests (they then grade by similarity) unless a test passes its own."""
        if self.claim_judge_override is not None:
            return self.claim_judge_override
        if not isinstance(self.embedder, SentenceTransformerEmbedder):
            return None
        from mockinterview.index.embedder import packaged_model_path

        from .grading.entailment import EntailmentJudge

        return EntailmentJudge(packaged_model_path())

    @cached_property
    def embedded_grader(self) -> EmbeddedGrader:
        vocabulary = getattr(self.embedder, "vocabulary", lambda: frozenset())()
        return EmbeddedGrader(self.index, judge=self.judge, vocabulary=vocabulary, claim_judge=self.claim_judge,
                              scorers=self.settings.scorers)

    @cached_property
    def store(self):
        from .storage import Store

        return Store(self.settings.database_url)

    def store_for(self, owner: str | None):
        """The database as one user sees it (their sessions, history and mastery only); None: the local user."""
        return self.store if owner is None else self.store.as_user(owner)

    def interview_deps(self, backend: str | None = None, owner: str | None = None):
        from .interview.session import InterviewDeps

        return InterviewDeps(corpus=self.corpus, index=self.index, grader=self.gated(self.grader(backend)),
                             store=self.store_for(owner))

    @cached_property
    def grading_slots(self):
        """One semaphore per process: the interviews of every candidate it serves share it."""
        import os
        import threading

        return threading.BoundedSemaphore(self.settings.grading_slots or os.cpu_count() or 1)

    def gated(self, grader):
        from .threads import GradingGate

        return GradingGate(grader, self.grading_slots)

    @cached_property
    def llm_grader(self):
        """One per process: it learns once which structured-output method the endpoint accepts."""
        from .grading.llm import LLMGrader

        return LLMGrader.from_settings(self.settings, self.embedded_grader)

    @cached_property
    def transcriber(self):
        """Speech to text (the `voice` extra); nothing loads until the first recording."""
        from .voice.transcribe import Transcriber

        return Transcriber()

    @cached_property
    def speaker(self):
        """Text to speech (the `voice` extra), its audio cached beside the index."""
        from .voice.speak import Speaker

        return Speaker(self.settings.cache_dir)

    def grader(self, backend: str | None = None):
        """The grading backend by name: "embedded" (default, offline) or "llm" (needs an endpoint)."""
        backend = backend or self.settings.grader
        if backend == "embedded":
            return self.embedded_grader
        if backend == "llm":
            return self.llm_grader
        raise ValueError(f"Unknown grading backend {backend!r}; choose embedded or llm.")
