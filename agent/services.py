"""The one place where the concrete pieces are built and wired, shared by the CLI, the app and tests."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from mockinterview.corpus.store import Corpus, load_corpus
from mockinterview.index.embedder import Embedder, SentenceTransformerEmbedder

from .settings import Settings


@dataclass
class Services:
    """Lazily built collaborators: nothing heavy happens until a piece is first used."""

    settings: Settings = field(default_factory=Settings)
    embedder_override: Embedder | None = None

    @cached_property
    def corpus(self) -> Corpus:
        return load_corpus(self.settings.corpus_path)

    @cached_property
    def embedder(self) -> Embedder:
        return self.embedder_override or SentenceTransformerEmbedder(self.settings.embedding_model)
