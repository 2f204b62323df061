"""The speaking coach's figures, from words with times (no model)."""
from __future__ import annotations

from mockinterview.agent.voice.coach import advice, count_fillers, speaking_figures
from mockinterview.agent.voice.transcribe import Word


def words_at(text: str, start: float = 0.0, step: float = 0.5, gaps: dict[int, float] | None = None) -> list[Word]:
    """One word every `step` seconds, each 0.3 s long; `gaps` adds silence before the word at an index."""
    words, time = [], start
    for index, token in enumerate(text.split()):
        time += (gaps or {}).get(index, 0.0)
        words.append(Word(token, time, time + 0.3, 0.9))
        time += step
    return words


def test_pace_counts_content_words_over_the_speaking_span():
    words = words_at(" ".join(["word"] * 61), start=1.0, step=0.5)  # 61 words, first start 1.0, last end 31.3
    figures = speaking_figures(words, seconds=33.0)
    assert figures.words == 61
    assert figures.speaking_seconds == 30.3
    assert figures.wpm == round(61 / (30.3 / 60), 1)
    assert figures.filler_count == 0 and figures.long_pauses == 0


def test_fillers_are_named_and_counted_and_left_out_of_the_pace():
    words = words_at("Um, so bagging, like, averages models. Uh, you know, it reduces variance, I mean mostly.")
    fillers = count_fillers(words)
    assert fillers == {"um": 1, "like": 1, "uh": 1, "you know": 1, "i mean": 1}
    figures = speaking_figures(words, seconds=10.0)
    assert figures.filler_count == 5
    content = len(words) - 5 - 2  # two fillers are two words each
    assert figures.wpm == round(content / (figures.speaking_seconds / 60), 1)


def test_like_as_a_verb_is_not_a_filler():
    assert count_fillers(words_at("Models like random forests average trees")) == {}


def test_long_pauses_are_silences_of_two_seconds_or_more():
    words = words_at("one two three four five", gaps={2: 2.5, 4: 1.0})
    figures = speaking_figures(words, seconds=8.0)
    # Gaps between words are 0.2 s, plus the added silences: 2.7 s (counted) and 1.2 s (not).
    assert figures.long_pauses == 1
    assert figures.longest_pause == 2.7


def test_advice_states_each_figure_against_its_target():
    fast = speaking_figures(words_at(" ".join(["word"] * 100), step=0.25), seconds=26.0)
    lines = advice(fast)
    assert lines[0].startswith(f"Pace {fast.wpm:.0f} words/min, above the 120-160 target")
    assert lines[1] == "No filler words."
    assert lines[2] == "No pauses of 2 s or more."
    assert lines[3] == "Length 26 s: short; a main answer usually takes 30-180 s."
    halting = speaking_figures(words_at("um so uh the answer is um bagging", step=1.0, gaps={3: 3.0}), seconds=60.0)
    lines = advice(halting)
    assert lines[0].startswith("Pace") and "below the 120-160 target" in lines[0]
    assert lines[1].startswith("Filler words: “um” ×2, “uh” ×1")
    assert "above the target of at most 3/min" in lines[1]
    assert lines[2].startswith("1 pause(s) of 2 s or more (longest 3.7 s)")
    assert lines[3] == "Length 60 s: within 30-180 s."


def test_no_words_gives_zero_figures_not_an_error():
    figures = speaking_figures([], seconds=5.0)
    assert (figures.words, figures.wpm, figures.fillers_per_minute, figures.long_pauses) == (0, 0.0, 0.0, 0)
