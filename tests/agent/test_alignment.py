"""The score's features: word pieces grouped into words, word alignment, new-word recall, calibration units."""
from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from mockinterview.agent.grading.alignment import content_rows, new_word_recall, word_alignment
from mockinterview.agent.grading.calibration import FEATURES, Calibration
from mockinterview.index.embedder import HashingEmbedder
from mockinterview.index.word_vectors import WordVectors, whole_words, words_by_encoding


def test_word_pieces_are_grouped_into_their_words():
    pieces = ["l", "##1", "regular", "##isation", "makes", "sparse", ",", "models"]
    assert whole_words(pieces) == ["l1", "l1", "regularisation", "regularisation", "makes", "sparse", ",", "models"]
    assert whole_words([]) == []


def test_only_content_words_are_aligned():
    _, [words] = HashingEmbedder().encode_words(["The weights of the model are sparse"])
    assert len(content_rows(words)) == 3  # weights, model, sparse; not "the", "of", "are"


def test_alignment_is_recall_from_the_reference_and_precision_from_the_answer():
    _, (reference, half, extra) = HashingEmbedder().encode_words([
        "lasso regularization produces sparse weights",
        "lasso regularization",  # says half of the reference, nothing else
        "lasso regularization produces sparse weights quickly tomorrow morning",  # all of it, and more
    ])
    recall, precision = word_alignment(reference, half)
    assert recall == pytest.approx(0.4, abs=1e-6) and precision == pytest.approx(1.0, abs=1e-6)
    recall, precision = word_alignment(reference, extra)
    assert recall == pytest.approx(1.0, abs=1e-6) and precision < 0.8


def test_an_answer_without_content_words_aligns_with_nothing():
    _, (reference, answer) = HashingEmbedder().encode_words(["sparse weights", "it is what it is"])
    assert word_alignment(reference, answer) == (0.0, 0.0)
    empty = WordVectors.join([], 384)
    assert word_alignment(reference, empty) == (0.0, 0.0)


def test_new_word_recall_ignores_the_questions_words_and_tolerates_a_misspelling():
    question = "What do the parameters of a model do?"
    reference = "The parameters are learned weights that map inputs to outputs."
    # "parameter" is the question's word: repeating it earns nothing.
    assert new_word_recall(reference, {"parameter"}, question) == 0.0
    # learned, weight, map, input, output (content words drop a plural s): "learnd" is one slip from "learned".
    assert new_word_recall(reference, {"learnd", "weight", "input"}, question) == pytest.approx(3 / 5)
    assert new_word_recall(reference, {"lrnd", "weight", "input"}, question) == pytest.approx(2 / 5)
    # A reference that only repeats the question still has words to cover.
    assert new_word_recall("model parameters", {"model"}, question) == pytest.approx(0.5)


def test_an_embedder_without_word_vectors_gets_each_word_embedded_alone():
    embedder = HashingEmbedder()
    sentences, [words] = words_by_encoding(embedder.encode, ["Sparse weights, sparse model"])
    assert words.words == ("sparse", "weights", "sparse", "model")
    assert np.allclose(words.vectors[0], embedder.encode(["sparse"])[0])
    assert np.allclose(sentences[0], embedder.encode(["Sparse weights, sparse model"])[0])


def test_the_real_model_gives_word_vectors_in_the_same_pass_as_sentence_vectors(module_real_services):
    embedder = module_real_services.embedder
    texts = ["L1 regularisation makes models sparse.", "Dropout"]
    sentences, words = embedder.encode_words(texts)
    assert np.allclose(sentences, embedder.encode(texts), atol=1e-4)
    assert "l1" in words[0].words and "regularisation" in words[0].words
    assert np.allclose(np.linalg.norm(words[0].vectors, axis=1), 1.0, atol=1e-4)
    # "Dropout" shares a padded batch with the longer text: only its own pieces come back.
    assert 1 <= len(words[1].words) == len(words[1].vectors) <= 3 and "dropout" in words[1].words


def test_the_score_weighs_features_in_units_of_their_spread():
    calibration = Calibration(feature_weights={"cosine": 1.0, "word_recall": 1.0},
                              feature_spreads={"cosine": 0.2, "word_recall": 0.1}, scale=1.0, intercept=0.0)
    assert calibration.blend({"cosine": 0.4, "word_recall": 0.1}) == pytest.approx((2.0 + 1.0) / 2)
    assert set(Calibration().feature_weights) == set(FEATURES)
    with pytest.raises(ValidationError):
        Calibration(feature_weights={"judge": 1.0})
    with pytest.raises(ValidationError):
        Calibration(feature_spreads={"cosine": -1.0})


def test_reference_words_are_embedded_once_across_rubrics_and_answers(embedded, monkeypatch):
    from mockinterview.agent.grading.rubric import rubric_for_text

    encoded: list[str] = []
    original = embedded.index.encode_words
    monkeypatch.setattr(embedded.index, "encode_words", lambda texts: encoded.extend(texts) or original(texts))
    reference = "Dropout zeroes random activations during training. It reduces co-adaptation of units."
    first = embedded.grade(rubric_for_text("What does dropout do?", reference), "Dropout drops random units.")
    assert "Dropout zeroes random activations during training." in encoded
    encoded.clear()
    # A new rubric object for the same question (as every interview turn builds): only the answer is embedded.
    second = embedded.grade(rubric_for_text("What does dropout do?", reference), "It drops units at random.")
    assert encoded == ["It drops units at random."]
    assert first.score is not None and second.score is not None
