"""Place a question in the shared topic taxonomy, and estimate kind and difficulty.

Rules, not a model: each topic has weighted cue phrases; the question counts most, the source's own
section heading next, the opening of the answer least. The strongest cue also names the subtopic.
"""
from __future__ import annotations

import re

from .schema import Difficulty, Kind

# Cue phrases per topic, strongest first within each list (the first match names the subtopic).
TOPIC_CUES: dict[str, tuple[str, ...]] = {
    "python": (
        "python", "list comprehension", "decorator", "generator", "lambda", "dictionar", "tuple",
        "gil", "garbage collect", "memory management", "class", "inheritance", "object-oriented", "oop",
        "exception", "iterator", "*args", "kwargs", "mutable", "deep copy", "shallow copy", "pickle",
        "multithreading", "multiprocessing", "string manipulation", "loop", "function", "module", "pep",
        "virtual environment", "pip", "jupyter", "notebook", "ide",
    ),
    "numpy-pandas": (
        "numpy", "pandas", "dataframe", "ndarray", "array", "broadcasting", "vectoriz", "groupby",
        "merge", "pivot", "series", "iloc", "loc", "reshape", "dtype",
    ),
    "statistics-probability": (
        "p-value", "hypothesis test", "a/b test", "confidence interval", "bayes", "probability",
        "distribution", "central limit", "variance", "standard deviation", "expected value", "sampling",
        "statistic", "correlation", "covariance", "likelihood", "t-test", "chi-square", "normal distribution",
        "mean", "median", "skew", "outlier", "entropy", "independent events", "dependent events",
        "conditional", "random variable",
    ),
    "linear-algebra": (
        "eigen", "matrix", "matrices", "vector", "singular value", "svd", "determinant", "dot product",
        "linear algebra", "rank", "orthogonal", "norm", "inverse", "calculus", "derivative", "gradient of",
        "jacobian", "hessian", "convex",
    ),
    "ml-fundamentals": (
        "overfitting", "underfitting", "bias-variance", "bias variance", "regularization", "cross-validation",
        "cross validation", "gradient descent", "learning rate", "supervised", "loss function", "cost function",
        "generalization", "hyperparameter", "train", "validation set", "test set", "feature selection",
        "curse of dimensionality", "no free lunch", "inductive bias", "data leakage",
        "l1", "l2", "lasso", "ridge", "optimization", "optimizer",
    ),
    "classical-models": (
        "linear regression", "logistic regression", "support vector", "svm", "kernel", "decision tree",
        "naive bayes", "k-nearest", "knn", "regression", "classification", "classifier", "perceptron",
        "multicollinearity", "polynomial", "gini", "information gain", "pruning",
    ),
    "ensembles": (
        "random forest", "gradient boosting", "xgboost", "lightgbm", "catboost", "adaboost", "boosting",
        "bagging", "ensemble", "stacking", "voting",
    ),
    "unsupervised": (
        "k-means", "kmeans", "clustering", "cluster", "dbscan", "hierarchical", "pca", "principal component",
        "dimensionality reduction", "t-sne", "tsne", "umap", "anomaly detection", "gaussian mixture",
        "unsupervised", "autoencoder", "association rule",
    ),
    "deep-learning": (
        "neural network", "backpropagation", "activation function", "relu", "sigmoid", "softmax", "dropout",
        "batch norm", "batch normalization", "cnn", "convolution", "rnn", "lstm", "gru", "vanishing gradient",
        "exploding gradient", "keras", "tensorflow", "pytorch", "epoch", "deep learning", "layer", "neuron",
        "weight initialization", "transfer learning", "gan", "residual", "pooling", "adam",
    ),
    "nlp-transformers": (
        "transformer", "attention", "self-attention", "bert", "tokeniz", "word embedding", "word2vec",
        "embedding", "nlp", "natural language", "text classification", "sentiment", "tf-idf", "tfidf",
        "n-gram", "seq2seq", "positional encoding", "named entity",
    ),
    "llm-genai": (
        "large language model", "llm", "gpt", "prompt", "rag", "retrieval-augmented", "retrieval augmented",
        "fine-tun", "lora", "hallucinat", "agent", "agentic", "generative ai", "genai", "diffusion",
        "chatgpt", "in-context", "rlhf", "vector database", "langchain", "tool calling",
    ),
    "evaluation-metrics": (
        "precision", "recall", "f1", "roc", "auc", "confusion matrix", "accuracy", "metric", "mse", "rmse",
        "mae", "r-squared", "r2", "log loss", "evaluation", "evaluate", "calibration", "bleu", "perplexity",
    ),
    "data-prep": (
        "missing value", "missing data", "imputation", "impute", "feature engineering", "feature scaling",
        "normalization", "standardization", "one-hot", "encoding", "categorical", "imbalanced", "imbalance",
        "smote", "oversampling", "undersampling", "data cleaning", "preprocess", "feature extraction",
        "data augmentation", "tf.data", "pipeline", "binning", "duplicates",
    ),
    "mlops-production": (
        "deploy", "production", "monitoring", "drift", "mlops", "serving", "docker", "kubernetes",
        "model registry", "ci/cd", "versioning", "latency", "a/b", "retrain", "feature store", "mlflow",
        "inference", "scalab", "online learning",
    ),
    "system-design": (
        "design a", "design an", "system design", "architecture", "recommendation system", "recommender",
        "search engine", "fraud detection", "ranking system", "end-to-end", "case study", "how would you build",
        "ad click", "feed",
    ),
    "coding": (
        "implement", "from scratch", "write a function", "write a program", "write code", "coding",
        "algorithm", "time complexity", "leetcode", "given an integer", "given an array", "combinations of",
    ),
    "visualization": ("matplotlib", "seaborn", "plot", "chart", "histogram", "visualiz", "subplot", "axis"),
    "career": ("tell me about yourself", "resume", "career", "salary", "star method", "behavioral"),
}

# Weight of a cue found in each field: the question names its topic most reliably.
_FIELD_WEIGHT = {"question": 3.0, "section": 2.0, "answer": 0.5}
_ANSWER_CHARS = 400


def _cue_pattern(cue: str) -> re.Pattern[str]:
    # Cues match at a word start; an open end lets "regulariz" catch "regularization".
    escaped = re.escape(cue)
    end = r"\b" if cue[-1].isalnum() and len(cue) <= 4 else ""
    return re.compile(rf"(?<![a-z0-9]){escaped}{end}")


_PATTERNS = {topic: [(_cue_pattern(c), c) for c in cues] for topic, cues in TOPIC_CUES.items()}


def classify_topic(question: str, section: str | None, answer: str | None) -> tuple[str, str | None]:
    """The best topic and the cue that decided it (used as subtopic)."""
    fields = {
        "question": question.lower(),
        "section": (section or "").lower(),
        "answer": (answer or "")[:_ANSWER_CHARS].lower(),
    }
    scores: dict[str, float] = {}
    best_cue: dict[str, tuple[float, str]] = {}
    for topic, patterns in _PATTERNS.items():
        total = 0.0
        for rank, (pattern, cue) in enumerate(patterns):
            # Earlier cues in a list are more specific to the topic: weigh them a little more.
            specificity = 1.0 + 0.5 * (rank < 5)
            for field, text in fields.items():
                if text and pattern.search(text):
                    gain = _FIELD_WEIGHT[field] * specificity * (1 + len(cue) / 20)
                    total += gain
                    if field != "answer" and gain > best_cue.get(topic, (0.0, ""))[0]:
                        best_cue[topic] = (gain, cue)
        if total:
            scores[topic] = total
    if not scores:
        return "ml-fundamentals", None
    topic = max(scores, key=lambda t: (scores[t], -list(TOPIC_CUES).index(t)))
    cue = best_cue.get(topic, (0.0, None))[1]
    return topic, (cue.strip(" -*").replace(" ", "-") if cue else None)


_CODING = re.compile(
    r"\b(implement|write (?:a|an|the)? ?(?:python )?(?:function|program|code|class|script)|code (?:a|an)\b|"
    r"from scratch|coding (?:interview|task|exercise))",
    re.IGNORECASE,
)
_DESIGN = re.compile(
    r"\b(design (?:a|an|the)\b|system design|architect|how would you (?:build|design|deploy|scale|set up)|"
    r"end-to-end (?:system|pipeline)|case study)",
    re.IGNORECASE,
)
_BEHAVIOURAL = re.compile(
    r"\b(tell me about (?:yourself|a time)|describe a (?:time|situation)|conflict with|your (?:greatest )?"
    r"(?:weakness|strength)|why do you want)",
    re.IGNORECASE,
)


def classify_kind(question: str) -> Kind:
    if _BEHAVIOURAL.search(question):
        return Kind.behavioural
    if _CODING.search(question):
        return Kind.coding
    if _DESIGN.search(question):
        return Kind.design
    return Kind.concept


_HARD_CUES = re.compile(
    r"\b(derive|prove|proof|trade-?offs?|at scale|distributed|design|optimi[sz]e .* (?:memory|latency)|"
    r"why does .* (?:converge|work)|mathematically|complexity|from scratch|production)\b",
    re.IGNORECASE,
)
_EASY_CUES = re.compile(r"^(what (?:is|are)|define|name|list|what does .* stand for)\b", re.IGNORECASE)


def estimate_difficulty(question: str, kind: Kind, answer: str | None) -> Difficulty:
    """A guess for sources that give no level: definitions are easy, design and derivations hard."""
    words = len((answer or "").split())
    if kind in (Kind.design, Kind.coding) or _HARD_CUES.search(question):
        return Difficulty.hard
    if _EASY_CUES.search(question.strip()) and words < 250:
        return Difficulty.easy
    return Difficulty.medium
