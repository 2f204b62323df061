"""What a job description asks for: skills found in its text, the topics they belong to, and the
questions that test them.

Skills are phrases (the taxonomy's own topic cues plus the words job ads use: "PyTorch", "A/B tests",
"learning-to-rank", "dashboards"), matched by rules, not a model, so the result can be read and
explained ("chosen for: transformers, attention, BERT"). Cues too generic for a job ad ("train",
"model", "function") are left out. A topic is chosen by how many distinct skills name it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from mockinterview.corpus.taxonomy import TOPIC_CUES

# Words job ads use for each topic, beyond the taxonomy's cues (which are written for questions).
JOB_SKILLS: dict[str, tuple[str, ...]] = {
    "deep-learning": ("pytorch", "jax", "neural networks", "deep neural", "cnns", "convolutional", "backbone",
                      "segmentation", "two-tower", "optimizers", "training dynamics", "gradients"),
    "nlp-transformers": ("transformers", "bert", "text classification", "semantic search", "language understanding",
                         "query understanding", "hugging face", "tokenization", "embeddings"),
    "llm-genai": ("large language models", "llms", "retrieval-augmented generation", "prompts", "prompt engineering",
                  "hallucinations", "assistants", "tool calling", "vector database"),
    "statistics-probability": ("a/b tests", "experiments", "experimental design", "hypothesis tests", "p-values",
                               "confidence intervals", "power analysis", "sample size", "statistics", "statistical",
                               "distributions", "descriptive statistics", "uncertainty"),
    "ensembles": ("gradient-boosted", "gradient boosted", "tree ensembles", "random forests", "lightgbm", "xgboost"),
    "classical-models": ("logistic regression", "linear regression", "decision trees", "k-nearest neighbours",
                         "classical methods", "classical classifiers", "scikit-learn"),
    "evaluation-metrics": ("precision", "recall", "roc auc", "ndcg", "map", "iou", "confusion matrix", "offline metrics",
                           "right metrics", "false positives", "thresholds"),
    "numpy-pandas": ("pandas", "numpy", "dataframes", "data wrangling"),
    "visualization": ("dashboards", "charts", "tableau", "looker", "visualizations", "storytelling"),
    "data-prep": ("missing values", "imputing", "duplicates", "cleaning", "messy", "feature engineering",
                  "engineer features", "class imbalance", "imbalanced", "resampling", "data augmentation",
                  "labelling", "scaling", "encoding categorical", "noisy text"),
    "mlops-production": ("docker", "kubernetes", "mlflow", "ci/cd", "monitoring", "drift", "feature store",
                         "model registry", "deploying", "deploy", "production", "serving", "retraining", "quantisation",
                         "edge devices", "latency", "batch scoring", "reproducible"),
    "unsupervised": ("clustering", "k-means", "pca", "t-sne", "umap", "anomalies", "segment", "matrix factorization",
                     "gaussian mixtures", "dimensionality"),
    "linear-algebra": ("linear algebra", "eigenvalues", "svd", "matrix calculus", "matrices", "dot products", "hessians"),
    "ml-fundamentals": ("overfitting", "underfitting", "regularization", "bias-variance", "cross-validation",
                        "generalization", "learning rate", "sgd", "supervised learning", "hyperparameters"),
    "python": ("python", "list comprehensions", "generators", "exceptions", "classes", "clean, tested python"),
    "system-design": ("ranking", "learning-to-rank", "recommendation system", "recommender", "candidate generation",
                      "architectures", "large-scale", "scalable", "search ranking", "system design"),
}
# Taxonomy cues that any job ad uses in passing ("train models", "a function of the team").
_TOO_GENERIC = {"train", "class", "function", "loop", "module", "evaluation", "evaluate", "metric", "layer", "series",
                "mean", "regression", "classification", "classifier", "ide", "notebook", "pip", "feed", "design a",
                "design an", "end-to-end", "accuracy", "pipeline", "kernel", "embedding", "agent", "encoding", "merge",
                "array", "rank", "norm", "inverse", "vector", "sampling", "variance", "loc", "r2", "mse", "mae",
                "entropy", "conditional", "a/b", "inference", "scalab", "statistic", "implement", "algorithm",
                "coding", "plot", "axis", "lambda", "tuple", "gil", "pep", "oop", "exception", "inheritance",
                "decorator", "generator", "iterator", "mutable", "distribution", "probability", "attention"}
MAX_TOPICS = 5
MIN_SKILLS = 2  # in a long ad, one passing mention does not make a topic
SHORT_AD = 3  # an ad whose best topic has this many skills or fewer is short


@dataclass(frozen=True)
class JobSkills:
    topics: tuple[str, ...]  # the chosen topics, most skills first
    skills: dict[str, tuple[str, ...]]  # topic -> the skills found for it, in order of appearance


def _pattern(phrase: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])")


_SKILL_PATTERNS = [
    (topic, phrase, _pattern(phrase))
    for topic in JOB_SKILLS.keys() | TOPIC_CUES.keys()
    for phrase in dict.fromkeys(JOB_SKILLS.get(topic, ()) + TOPIC_CUES.get(topic, ()))
    if phrase not in _TOO_GENERIC and len(phrase) > 2
]


def extract_skills(text: str) -> dict[str, tuple[str, ...]]:
    """Topic -> the distinct skills the text names for it, in the order they first appear."""
    lowered = " ".join(text.lower().split())
    found: dict[str, list[tuple[int, str]]] = {}
    for topic, phrase, pattern in _SKILL_PATTERNS:
        match = pattern.search(lowered)
        if match:
            found.setdefault(topic, []).append((match.start(), phrase))
    return {topic: tuple(p for _, p in sorted(hits)) for topic, hits in found.items()}


def skills_for_job(text: str, limit: int = MAX_TOPICS) -> JobSkills:
    """The topics the job needs most, by distinct skills; ties go to the topic named first."""
    skills = extract_skills(text)
    if not skills:
        return JobSkills((), {})
    first_seen = {topic: min(text.lower().find(p) for p in phrases) for topic, phrases in skills.items()}
    ranked = sorted(skills, key=lambda t: (-len(skills[t]), first_seen[t]))
    # A short ad names each skill once: there one mention is enough; in a long one, one is in passing.
    least = 1 if len(skills[ranked[0]]) <= SHORT_AD else MIN_SKILLS
    chosen = tuple(t for t in ranked if len(skills[t]) >= least)[:limit]
    return JobSkills(chosen, {t: skills[t] for t in chosen})
