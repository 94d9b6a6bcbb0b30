"""Writing files safely: the one place that replaces a file (the -o output, cache entries)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, text: str | Iterable[str], *, private: bool = False) -> None:
    """Write text (or its pieces, in order) to path via a temporary file and a rename: a failed
    write keeps the old file.

    The file gets the mode of the file it replaces, or else the mode a new file would get under
    the umask (0644 under the usual 022), like `open`; `private` keeps it to its owner (0600),
    for the cache.
    """
    import tempfile  # with `random`, ~0.7 ms that a command printing to stdout never needs

    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines((text,) if isinstance(text, str) else text)
            if not private:
                os.chmod(handle.fileno(), _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits `path` has, or those a new file gets under the current umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
