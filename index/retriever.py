"""The corpus index as a LangChain retriever: how the agent's LangChain side asks for questions."""
from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import Field

from mockinterview.corpus.schema import Record

from .hybrid import CorpusIndex, Hit
from .search_types import Mode, SearchFilters

EXCERPT_CHARS = 600


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a model answer, cut at a word boundary."""
    text = " ".join(text.split())
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "..."


def hit_document(hit: Hit, excerpt_chars: int = EXCERPT_CHARS) -> Document:
    record: Record = hit.record
    answer = excerpt(record.model_answer, excerpt_chars) if record.answered else ""
    content = f"{record.question}\n\n{answer}" if answer else record.question
    return Document(
        page_content=content,
        metadata={
            "id": record.id,
            "topic": record.topic,
            "difficulty": record.difficulty.value,
            "kind": record.kind.value,
            "score": hit.score,
            "sources": list(record.sources),
        },
    )


class CorpusRetriever(BaseRetriever):
    """Returns one Document per matching corpus record: the question, then an excerpt of its answer."""

    index: CorpusIndex
    k: int = Field(default=5, ge=1)
    filters: SearchFilters | None = None
    exclude_ids: tuple[str, ...] = ()
    mode: Mode = "hybrid"
    excerpt_chars: int = Field(default=EXCERPT_CHARS, ge=0)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.index.search(query, k=self.k, filters=self.filters, exclude_ids=self.exclude_ids, mode=self.mode)
        return [hit_document(hit, self.excerpt_chars) for hit in hits]
