"""Grading eval: a hand-labelled answer set, the eval runner and the calibration fit."""
