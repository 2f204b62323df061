"""Train the entailment judge: a LoRA adapter and a 3-way head over the packaged MiniLM.

    mockinterview train judge [--base-steps N] [--rubric-steps N] [--output DIR]

Two stages, fixed seeds, one thread, under an hour on 2 CPU cores:
1. general entailment: a balanced sample of SNLI train (../shared/data/nli, CC BY-SA 4.0) and the
   SemEval-2013 train answers with their 5-way labels (correct -> entails, contradictory ->
   contradicts, the rest -> neutral; CC BY-SA 3.0);
2. the interview's own distinctions: pairs made from the authored rubric (corpus/rubric/): each
   claim with its paraphrases and accepted alternatives (entails), with its misconceptions and their
   paraphrases (contradicts), with the question, its rephrasing and the other claims of the record
   (neutral), and each misconception the same way round; plus a replay sample of stage 1 so the general
   skill is kept. The questions of the interview-answer dev set are left out of the rubric pairs, so
   those questions measure a judge that never saw them.
Never on the request path: the product only loads what this writes.
"""
from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SEED = 13
BATCH = 32
LEARNING_RATE = 1e-3
LORA = {"r": 16, "lora_alpha": 32, "lora_dropout": 0.1, "target_modules": ["query", "key", "value", "dense"]}
MAX_TOKENS = 96  # training pairs are short; inference allows 128 for whole answers
ENTAILS, CONTRADICTS, NEUTRAL = 0, 1, 2
SEMEVAL_LABELS = {"correct": ENTAILS, "contradictory": CONTRADICTS}
SNLI_LABELS = {"entailment": ENTAILS, "contradiction": CONTRADICTS, "neutral": NEUTRAL}


@dataclass(frozen=True)
class JudgePair:
    premise: str  # what the candidate said
    hypothesis: str  # the claim checked against it
    label: int
    origin: str
    question_id: str = ""


def default_nli_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared" / "data" / "nli"


def snli_pairs(path: Path, limit: int | None, rng: random.Random) -> list[JudgePair]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [JudgePair(r["premise"], r["hypothesis"], SNLI_LABELS[r["label"]], "snli") for r in rows
             if r.get("label") in SNLI_LABELS]
    rng.shuffle(pairs)
    return pairs[:limit] if limit else pairs


def semeval_pairs(data_dir: Path | None = None) -> list[JudgePair]:
    """Student answer -> the best reference, by the 5-way label (train splits only)."""
    from .asag import load_dataset

    pairs = []
    for name in ("semeval2013_scientsbank", "semeval2013_beetle"):
        for item in load_dataset(name, data_dir):
            if item.split != "train" or not item.references or not item.answer.strip():
                continue
            label = SEMEVAL_LABELS.get(item.label, NEUTRAL)
            pairs.append(JudgePair(item.answer, item.references[0], label, name, item.question_key))
    return pairs


def rubric_pairs(rubrics: Iterable, exclude: set[str], rng: random.Random) -> list[JudgePair]:
    """The distinctions each question turns on, from the authored rubric (see the module docstring)."""
    pairs: list[JudgePair] = []
    rubrics = [r for r in rubrics if r.id not in exclude]
    for rubric in rubrics:
        def add(premise: str, hypothesis: str, label: int, origin: str) -> None:
            pairs.append(JudgePair(premise, hypothesis, label, origin, rubric.id))

        claim_says = {c.id: [*c.paraphrases, *c.alternatives] for c in rubric.claims}
        mis_says = [(m, [m.text, m.paraphrase]) for m in rubric.misconceptions]
        for claim in rubric.claims:
            for text in claim_says[claim.id]:
                add(text, claim.text, ENTAILS, "rubric_paraphrase")
            for other in rubric.claims:
                if other.id != claim.id and claim_says[other.id]:
                    add(rng.choice(claim_says[other.id]), claim.text, NEUTRAL, "rubric_sibling")
            add(rubric.question, claim.text, NEUTRAL, "rubric_question")
            if rubric.rephrasing:
                add(rubric.rephrasing, claim.text, NEUTRAL, "rubric_question")
            # A claim said among other things is still said: two sentences, the claim in one of them.
            siblings = [t for o in rubric.claims if o.id != claim.id for t in claim_says[o.id][:1]]
            if siblings and claim.paraphrases:
                parts = [rng.choice(claim.paraphrases), rng.choice(siblings)]
                rng.shuffle(parts)
                add(" ".join(parts), claim.text, ENTAILS, "rubric_in_context")
        for misconception, says in mis_says:
            target = next((c for c in rubric.claims if c.id == misconception.contradicts), None)
            if target is None:
                continue
            for text in says:
                add(text, target.text, CONTRADICTS, "rubric_misconception")
                add(text, misconception.text, ENTAILS, "rubric_misconception_said")
            for text in claim_says[target.id][:1]:
                add(text, misconception.text, CONTRADICTS, "rubric_misconception_said")
            siblings = [t for o in rubric.claims if o.id != target.id for t in claim_says[o.id][:1]]
            if siblings:
                parts = [misconception.paraphrase, rng.choice(siblings)]
                rng.shuffle(parts)
                add(" ".join(parts), target.text, CONTRADICTS, "rubric_in_context")
            add(rubric.question, misconception.text, NEUTRAL, "rubric_question")
    # Claims of other questions on the same topic: on topic, but not this point.
    by_index = [c for r in rubrics for c in r.claims]
    for rubric in rubrics:
        for claim in rubric.claims[:2]:
            other = rng.choice(by_index)
            if other.text != claim.text and other.paraphrases and other not in rubric.claims:
                pairs.append(JudgePair(rng.choice(other.paraphrases), claim.text, NEUTRAL, "rubric_other", rubric.id))
    return pairs


def _batches(pairs: list[JudgePair], steps: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches in random order, repeated or cut to `steps` batches."""
    ranked = sorted(range(len(pairs)), key=lambda i: len(pairs[i].premise) + len(pairs[i].hypothesis) + rng.random())
    buckets = [ranked[i:i + BATCH] for i in range(0, len(ranked), BATCH)]
    order: list[list[int]] = []
    while len(order) < steps:
        shuffled = buckets[:]
        rng.shuffle(shuffled)
        order += shuffled
    return order[:steps]


def _load(base_model_path: Path, init: Path | None):
    import torch
    from peft import LoraConfig, PeftModel, get_peft_model
    from safetensors.torch import load_file
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(str(base_model_path))
    base = AutoModel.from_pretrained(str(base_model_path))
    width = base.config.hidden_size
    head = torch.nn.Linear(3 * width, 3)
    if init is None:
        encoder = get_peft_model(base, LoraConfig(**LORA))
    else:
        encoder = PeftModel.from_pretrained(base, str(init / "adapter"), is_trainable=True)
        head.load_state_dict(load_file(str(init / "head.safetensors")))
    return tokenizer, encoder, head


def _logits(tokenizer, encoder, head, premises, hypotheses, max_tokens):
    from mockinterview.agent.grading.pair_model import pooled_features

    batch = tokenizer(premises, hypotheses, truncation="only_first", max_length=max_tokens, padding=True,
                      return_tensors="pt")
    hidden = encoder(**batch).last_hidden_state
    return head(pooled_features(hidden, batch["attention_mask"], batch["token_type_ids"]))


def train(pairs: list[JudgePair], base_model_path: Path, output: Path, *, steps: int, init: Path | None = None,
          log: Callable[[str], None] = print) -> dict:
    import numpy as np
    import torch
    from .train_pair_model import save_trained

    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(1)  # two threads spin-wait on a shared 2-core machine; one is faster there
    tokenizer, encoder, head = _load(base_model_path, init)
    parameters = [p for p in encoder.parameters() if p.requires_grad] + list(head.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.01)
    order = _batches(pairs, steps, rng)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=len(order),
                                                   pct_start=0.1)
    encoder.train()
    started = time.perf_counter()
    for step, chunk in enumerate(order):
        logits = _logits(tokenizer, encoder, head, [pairs[i].premise or "-" for i in chunk],
                         [pairs[i].hypothesis for i in chunk], MAX_TOKENS)
        loss = torch.nn.functional.cross_entropy(logits, torch.tensor([pairs[i].label for i in chunk]))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0 or step == len(order) - 1:
            log(f"step {step + 1}/{len(order)} loss {loss.item():.3f} ({time.perf_counter() - started:.0f} s)")

    sha256 = save_trained(encoder, head, output)
    origins: dict[str, int] = {}
    for pair in pairs:
        origins[pair.origin] = origins.get(pair.origin, 0) + 1
    return {
        "sha256": sha256,
        "seed": SEED, "steps": steps, "batch": BATCH, "learning_rate": LEARNING_RATE, "lora": LORA,
        "max_tokens": MAX_TOKENS, "training_pairs": origins, "training_seconds": round(time.perf_counter() - started),
        "temperature": 1.0, "labels": ["entails", "contradicts", "neutral"],
    }


def evaluate(judge, pairs: list[JudgePair]) -> dict:
    """Accuracy and per-class F1 of a judge (anything with `judge(pairs) -> (n, 3)`) on labelled pairs."""
    import numpy as np

    if not pairs:
        return {"pairs": 0}
    probabilities = judge.judge([(p.premise, p.hypothesis) for p in pairs])
    predicted = probabilities.argmax(axis=1)
    gold = np.array([p.label for p in pairs])
    report = {"pairs": len(pairs), "accuracy": round(float((predicted == gold).mean()), 3)}
    for label, name in enumerate(("entails", "contradicts", "neutral")):
        tp = float(((predicted == label) & (gold == label)).sum())
        precision = tp / max(1.0, float((predicted == label).sum()))
        recall = tp / max(1.0, float((gold == label).sum()))
        report[f"f1_{name}"] = round(2 * precision * recall / max(1e-9, precision + recall), 3)
    return report


def dev_question_ids() -> set[str]:
    """The interview-answer dev set's questions (tune and held-out): never in the rubric pairs."""
    from .interview_set import dev_questions

    return set(dev_questions())


def base_pairs(rng: random.Random, snli_limit: int) -> list[JudgePair]:
    return snli_pairs(default_nli_dir() / "snli_train_100k.jsonl", snli_limit, rng) + semeval_pairs()


def run(output: Path, *, base_steps: int, rubric_steps: int, base_from: Path | None = None,
        snli_limit: int = 24_000, log: Callable[[str], None] = print) -> dict:
    """Both stages (or stage 2 only, from a stage-1 folder), then SNLI-test and held-out figures."""
    from mockinterview.corpus.rubrics import load_rubrics
    from mockinterview.index.embedder import packaged_model_path

    base_model = packaged_model_path()
    rng = random.Random(SEED)
    general = base_pairs(rng, snli_limit)
    stage_one = base_from or Path(tempfile.mkdtemp(prefix="judge-stage1-"))
    if base_from is None:
        log(f"Stage 1: {len(general)} general pairs, {base_steps} steps -> {stage_one}")
        write_metadata(stage_one, train(general, base_model, stage_one, steps=base_steps, log=log))
    first = json.loads((stage_one / "metadata.json").read_text(encoding="utf-8"))
    held_out = dev_question_ids()
    rubrics = list(load_rubrics().values())
    own = rubric_pairs(rubrics, held_out, rng)
    replay = rng.sample(general, min(len(general), len(own) // 2))
    log(f"Stage 2: {len(own)} rubric pairs (questions of the dev set left out) + {len(replay)} replayed, "
        f"{rubric_steps} steps -> {output}")
    second = train(own + replay, base_model, output, steps=rubric_steps, init=stage_one, log=log)
    second["stage_one"] = {k: first[k] for k in ("steps", "training_pairs", "training_seconds")}
    second["held_out_questions"] = sorted(held_out)
    write_metadata(output, second)  # the judge checks its files against these sums before it loads
    second["evaluation"] = measure(output, rubrics, held_out)
    write_metadata(output, second)
    return second


def write_metadata(folder: Path, metadata: dict) -> None:
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def measure(model_dir: Path, rubrics: list, held_out: set[str]) -> dict:
    """SNLI test accuracy and per-class F1, and the same on rubric pairs of the held-out questions."""
    from mockinterview.agent.grading.entailment import EntailmentJudge
    from mockinterview.index.embedder import packaged_model_path

    judge = EntailmentJudge(packaged_model_path(), model_dir)
    test = snli_pairs(default_nli_dir() / "snli_test.jsonl", 2000, random.Random(SEED))
    unseen = rubric_pairs([r for r in rubrics if r.id in held_out], set(), random.Random(SEED))
    return {"snli_test_2000": evaluate(judge, test), "rubric_pairs_held_out_questions": evaluate(judge, unseen)}
