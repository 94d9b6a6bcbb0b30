"""Weighting files: a YAML mapping of element ids to weights, checked with file:line messages."""

from __future__ import annotations

import difflib

from legcompare.errors import InputError
from legcompare.model import Catalogue

MAX_WEIGHT = 1_000_000  # far above any sensible weight, far below where sums overflow to NaN


def load_weights(path: str, catalogue: Catalogue) -> dict[str, float]:
    """A weighting profile from a YAML file mapping element ids to weights (0 or more).

    Elements the file does not name keep their catalogue weight.
    """
    from legcompare.load import load_document

    doc = load_document(path)
    if doc.findings:
        raise InputError(f"{path}: cannot read the weights file", tuple(doc.findings))
    if not isinstance(doc.data, dict):
        raise InputError(f"{path}: a weights file maps element ids to numbers")
    weights = {e.id: e.weight for e in catalogue.elements}
    problems = []
    for key, value in doc.data.items():
        line, column = doc.mark((key,), key=True) or (None, None)
        where = f"{path}:{line}:{column}"
        if key not in weights:
            hint = difflib.get_close_matches(str(key), list(weights), n=1)
            problems.append(
                f"{where}: unknown element '{key}'"
                + (f" (did you mean '{hint[0]}'?)" if hint else "")
            )
        elif (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 <= value <= MAX_WEIGHT  # also refuses NaN and infinity
        ):
            problems.append(f"{where}: weight of '{key}' must be a number from 0 to {MAX_WEIGHT:,}")
        else:
            weights[key] = float(value)
    if problems:
        raise InputError("invalid weights file:\n" + "\n".join(problems))
    return weights


# --- building model objects from validated data -------------------------------------------
