"""Facts with one home in the model: dates, penalties, status glyphs, and the schema's choices."""

from __future__ import annotations

import dataclasses
import math
from datetime import date
from typing import Any

import pytest

from legcompare.compare import matrix
from legcompare.model import (
    Answer,
    Element,
    Jurisdiction,
    Status,
    format_ceiling,
    iso_day,
    penalty_from_data,
)
from legcompare.render import Options, render
from legcompare.scaffold import scaffold, schema_choices

from conftest import tiny_catalogue


@pytest.mark.parametrize(
    ("text", "day"),
    [("2024-02-29", date(2024, 2, 29)), ("2023-02-29", None), ("soon", None), (20240101, None)],
)
def test_iso_day(text: object, day: date | None) -> None:
    assert iso_day(text) == day


def test_penalty_from_data_reads_defensively() -> None:
    penalty = penalty_from_data(
        {"min_years": 5, "max_years": "15", "aggravated": {"life": True, "when": "death"}}
    )
    assert penalty is not None
    assert (penalty.min_years, penalty.max_years, penalty.ceiling) == (5.0, None, None)
    assert penalty.top == math.inf and penalty.aggravated is not None
    assert penalty_from_data({"life": True}).ceiling == math.inf  # type: ignore[union-attr]
    assert penalty_from_data(None) is None and penalty_from_data({}) is None
    assert penalty_from_data({"max_years": 10**400}).max_years is None  # type: ignore[union-attr]
    assert [format_ceiling(v) for v in (None, math.inf, 20.0, 7.5)] == [
        "not recorded",
        "life or death",
        "20 years",
        "7.5 years",
    ]


def _fields(value: object) -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(value)}  # type: ignore[arg-type]


def _as_dataclasses_would(value: object) -> Any:
    """The same value as a class `@dataclass(frozen=True)` generates every method of."""
    cls = type(value)
    spec = [
        (f.name, Any, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
        for f in _fields(value).values()
    ]
    twin = dataclasses.make_dataclass(cls.__qualname__, spec, frozen=True)
    return twin(**{f.name: getattr(value, f.name) for f in dataclasses.fields(twin)})


def test_model_values_are_immutable_and_compare_every_field() -> None:
    law = Jurisdiction(
        "ITA", "Italy", "Europe", None, "civil_law", "law", date(2024, 1, 1), "high", (), (),
        {"a": Answer("a", Status.PRESENT)},
    )  # fmt: skip
    element = Element("a", "A", "Is it?", "core", True, 2.0, guidance={"present": "yes"})
    for value, other in (
        (law, dataclasses.replace(law, answers={"a": Answer("a", Status.ABSENT)})),
        (law, dataclasses.replace(law, inherited=frozenset({"a"}))),
        (element, dataclasses.replace(element, guidance={"present": "no"})),
        (element, dataclasses.replace(element, weight=1.0)),
    ):
        twin = _as_dataclasses_would(value)
        assert value == dataclasses.replace(value) and value != other
        assert repr(value) == repr(twin) and hash(value) == hash(twin)
        assert (value == other) == (twin == _as_dataclasses_would(other))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, next(iter(_fields(value))), "COL")
    assert law != element and law.provision("x") is None  # a cached property still works


def test_every_view_uses_the_status_glyphs_of_the_model() -> None:
    from legcompare.render.html import STATUS_SYMBOLS
    from legcompare.render.text import status_text

    assert len({s.symbol for s in Status}) == len(Status)
    for status in Status:
        assert STATUS_SYMBOLS[status.value] == status.symbol
        assert status_text(status).plain == f"{status.symbol} {status.value}"
    html = render(matrix([], tiny_catalogue()), "html", Options(tiny_catalogue()))
    assert all(s.symbol in html for s in Status)  # the legend


def test_init_takes_its_choices_from_the_schema() -> None:
    schema = {
        "properties": {
            "jurisdiction": {
                "properties": {
                    "region": {"enum": ["Antarctica", "Europe"]},
                    "legal_system": {"enum": ["civil_law", None]},
                }
            }
        }
    }
    assert schema_choices(schema, "region") == ("Antarctica", "Europe")
    assert schema_choices(schema, "legal_system") == ("civil_law",)
    text = scaffold("ATA", "Antarctica", tiny_catalogue(), schema, region="antarctica")
    assert "  region: Antarctica  # Antarctica | Europe" in text
    with pytest.raises(Exception, match="not one of Antarctica, Europe"):
        scaffold("ATA", "Antarctica", tiny_catalogue(), schema, region="Asia")


def _run(code: str) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_value_class_becomes_a_frozen_dataclass_when_first_used() -> None:
    """Importing the model makes no dataclass (that cost every command ~10 ms); the first
    instance makes its class one, and an instance unpickled in a fresh process works as any."""
    import pickle

    from legcompare.model import Diff, ElementDiff

    row = ElementDiff("a", Answer("a", Status.PRESENT), Answer("a", Status.ABSENT), True)
    sent = pickle.dumps(row)
    out = _run(
        "import dataclasses, pickle, legcompare.model as m\n"
        "print('Diff' in [c.__name__ for c in m.Value.__subclasses__()])\n"
        "print(any('__dataclass_fields__' in c.__dict__ for c in m.Value.__subclasses__()))\n"
        f"row = pickle.loads({sent!r})\n"
        "print(dataclasses.is_dataclass(row), dataclasses.replace(row) == row, repr(row))\n"
        "print(m.Score.__init__.__qualname__)\n"
        "m.Category('c', 'C')\n"
        "print(m.Category.__init__.__qualname__, dataclasses.fields(m.Category)[0].name)\n"
    )
    assert out.splitlines() == [
        "True",
        "False",
        f"True True {row!r}",
        "_init_on_first_use",
        "Category.__init__ id",
    ]
    assert Diff("A", "B", (row,), {}, None) == Diff("A", "B", (row,), {}, None)


def test_every_value_class_is_a_frozen_dataclass_with_the_shared_methods() -> None:
    import importlib
    import pkgutil

    import legcompare
    from legcompare.model import Value, made

    for module in pkgutil.walk_packages(legcompare.__path__, "legcompare."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    classes: list[type] = []
    pending = list(Value.__subclasses__())
    while pending:
        cls = pending.pop()
        classes.append(cls)
        pending.extend(cls.__subclasses__())
    assert len(classes) > 40
    for cls in classes:
        made(cls)
        params = cls.__dict__["__dataclass_params__"]
        assert params.frozen and not params.eq and not params.repr, cls
        assert (cls.__eq__, cls.__hash__, cls.__repr__) == (
            Value.__eq__,
            Value.__hash__,
            Value.__repr__,
        ), cls
