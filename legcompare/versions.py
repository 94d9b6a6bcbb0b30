"""The versions an export names: the catalogue's, declared in `elements/elements.yaml`, and the
corpus's, derived here (its one home) from the encodings' contents, so that it changes exactly
when the data does and anyone can recompute it from a checkout."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from legcompare import __version__
from legcompare.limits import MAX_BYTES

if TYPE_CHECKING:
    from legcompare.corpus import DataDir

DIGEST_CHARS = 12  # hex digits of the fingerprint: 48 bits, ample for telling corpora apart


def corpus_version(countries: Path, paths: Iterable[Path]) -> str:
    """`<legcompare version>+<fingerprint>`, a Semantic Version with build metadata.

    The release part names the legcompare release the corpus ships with (the wheel carries it);
    the fingerprint pins the exact contents, so that a corpus edited after a release, or a
    corpus of one's own (`--data`), never passes for the release. It is the first 12 hex digits
    of the sha256 of, for every encoding file (current laws and their history, in path order),
    its path relative to `countries` (with `/`), a tab, the sha256 of its bytes with CRLF line
    ends read as LF (so a Windows checkout agrees), and a newline. A file that is not a regular
    file of at most the loader's size limit, or cannot be read, counts as `-` instead of a hash.
    """
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.relative_to(countries).as_posix()):
        data = _regular_file_bytes(path)
        content = "-" if data is None else hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()
        digest.update(f"{path.relative_to(countries).as_posix()}\t{content}\n".encode())
    return f"{__version__}+{digest.hexdigest()[:DIGEST_CHARS]}"


def _regular_file_bytes(path: Path) -> bytes | None:
    """A regular file's bytes, or None for anything the loader would not read either: a pipe
    that might never be written (opening it would wait), a link loop, an oversized file."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def versions(data: DataDir) -> dict[str, str]:
    """The corpus and catalogue versions of a data folder, as exports and JSON headers name
    them (`corpus_version`, `catalogue_version`)."""
    return {
        "corpus_version": corpus_version(data.countries, data.encoding_paths()),
        "catalogue_version": data.catalogue.version,
    }
