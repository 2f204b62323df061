"""The LangChain retriever over the corpus index."""
from __future__ import annotations

from langchain_core.documents import Document

from mockinterview.index.retriever import CorpusRetriever, excerpt
from mockinterview.index.search_types import SearchFilters


def test_retriever_returns_documents_with_the_agreed_metadata(tiny_index):
    retriever = CorpusRetriever(index=tiny_index, k=2)
    documents = retriever.invoke("difference between bagging and boosting")
    assert len(documents) == 2 and all(isinstance(d, Document) for d in documents)
    top = documents[0]
    assert top.page_content == (
        "What is the difference between bagging and boosting?\n\n"
        "Bagging trains models in parallel on bootstrap samples. Boosting trains models on errors."
    )
    assert set(top.metadata) == {"id", "topic", "difficulty", "kind", "score", "sources"}
    assert {k: v for k, v in top.metadata.items() if k != "score"} == {
        "id": "bagboost001",
        "topic": "ensembles",
        "difficulty": "medium",
        "kind": "concept",
        "sources": ["003_b0138fb680165b09.txt", "002_2c98143ddcf98bf0.txt"],
    }
    assert top.metadata["score"] == tiny_index.search("difference between bagging and boosting", k=1)[0].score


def test_retriever_applies_filters_and_exclusions(tiny_index):
    retriever = CorpusRetriever(
        index=tiny_index, k=5, filters=SearchFilters(answered_only=True), exclude_ids=("dropout0001",)
    )
    found = [d.metadata["id"] for d in retriever.invoke("training neural networks labels")]
    assert "unanswered1" not in found and "dropout0001" not in found and len(found) == 4


def test_unanswered_record_document_is_the_question_alone(tiny_index):
    filters = SearchFilters(topics=("ml-fundamentals",), difficulties=("medium",))
    retriever = CorpusRetriever(index=tiny_index, k=1, filters=filters)
    [document] = retriever.invoke("annotators label quality")
    assert document.page_content == "How would you estimate the quality of labels from many annotators?"


def test_excerpt_cuts_at_a_word_boundary():
    assert excerpt("one two three four", 9) == "one two..."
    assert excerpt("  short\n text ", 100) == "short text"
    assert excerpt("anything", 0) == ""


def test_services_wire_the_index_and_the_retriever(fast_services):
    from mockinterview.index.hybrid import CorpusIndex

    index = fast_services.index
    assert isinstance(index, CorpusIndex) and fast_services.index is index  # built once, then cached
    assert index.path.parent == fast_services.settings.cache_dir
    retriever = fast_services.retriever(k=3)
    assert isinstance(retriever, CorpusRetriever) and retriever.index is index
    assert len(retriever.invoke("what is overfitting")) == 3
