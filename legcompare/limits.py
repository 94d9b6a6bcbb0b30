"""Limits and defaults that modules need without importing the parser or the model: the
loader's limits (the cache checks a file's size without the YAML parser), and the scoring
defaults the command line shows in its options (`--help` without the model)."""

MAX_BYTES = 2 * 1024 * 1024  # a file or stdin
MAX_DEPTH = 64  # levels of nesting
MAX_NODES = 200_000  # values after alias expansion

BOUNDS = ("low", "high")  # which end of a score's range sorts or counts
MIN_COMPLETENESS = 70.0  # percent: below it a score is marked incomplete and trends leave it out
