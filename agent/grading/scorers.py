"""The scorers a grade can come from, by name: one registry, so a setting or a flag can choose among
them and a wrong name says what the right ones are.

The embedded grader asks its scorers in order and the first that applies grades the answer:
- `claims`: the authored rubric, claim by claim, with the entailment judge (claims.py); applies to a
  corpus question that has an authored rubric, when the judge is loaded;
- `similarity`: closeness to the reference's key points (cosine and word alignment, calibration.py);
  applies to every answer with a reference, and is the only one for outside references.
"""
from __future__ import annotations

SCORERS: dict[str, str] = {
    "claims": "the authored rubric, claim by claim, with the entailment judge",
    "similarity": "closeness to the reference and its key points (cosine, word alignment)",
}
DEFAULT_ORDER = ("claims", "similarity")


class UnknownScorerError(ValueError):
    """A scorer name that is not registered; the message lists the valid ones."""


def scorer_order(names: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Validated scorer names, in the order they are asked ("claims,similarity" or a sequence)."""
    listed = [n.strip() for n in (names.split(",") if isinstance(names, str) else names) if n.strip()]
    unknown = [n for n in listed if n not in SCORERS]
    if unknown or not listed:
        valid = ", ".join(f"{name} ({what})" for name, what in SCORERS.items())
        raise UnknownScorerError(f"Unknown scorer {', '.join(map(repr, unknown)) or '(none given)'}; "
                                 f"valid names: {valid}.")
    return tuple(dict.fromkeys(listed))
