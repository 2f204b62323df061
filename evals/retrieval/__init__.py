"""Retrieval quality eval: hand-written paraphrased queries and the runner that scores them."""
