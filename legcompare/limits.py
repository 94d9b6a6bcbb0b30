"""The loader's limits, apart from the loader, so that code that only checks a file's size
(the cache) does not import the YAML parser."""

MAX_BYTES = 2 * 1024 * 1024  # a file or stdin
MAX_DEPTH = 64  # levels of nesting
MAX_NODES = 200_000  # values after alias expansion
