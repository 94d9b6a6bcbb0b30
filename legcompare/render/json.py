"""JSON output: the documented, stable contract (sorted keys; no colour, prose or timestamps)."""

from __future__ import annotations

import json

from legcompare.render import Options
from legcompare.render.data import to_data


def render(result: object, options: Options) -> str:
    return (
        json.dumps(to_data(result, options.catalogue), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )
