"""Every id a finding can carry, declared once with its stage, severity and what it checks.

The loader, the schema translation, the named rules and `verify`'s checks declare their ids here
(directly with `declare`, or through the `rule` and `check` decorators built on it). A finding's
severity comes from its declaration, `validate --rules` and `verify --checks` list this registry,
and the tests walk it, so an id cannot be used without being documented.
"""

from __future__ import annotations

from legcompare.model import Severity, Value

STAGES = ("load", "schema", "rule", "verify")


class RuleInfo(Value):
    """One finding id: where it is checked, how bad it is, and what it asks of a file."""

    id: str
    stage: str
    severity: Severity
    description: str

    def line(self) -> str:
        """The listing line of `validate --rules` and `verify --checks`."""
        return f"{self.id:26} {self.severity.value:8} {self.description}"


REGISTRY: dict[str, RuleInfo] = {}


def declare(
    rule_id: str, stage: str, description: str | None, *, severity: Severity = Severity.ERROR
) -> str:
    """Register a finding id (once) and return it, for use as the module's constant."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; choose from {', '.join(STAGES)}")
    if rule_id in REGISTRY:
        raise ValueError(f"finding id {rule_id!r} is declared twice")
    text = " ".join((description or "").split())
    if not text:
        raise ValueError(f"finding id {rule_id!r} needs a description")
    REGISTRY[rule_id] = RuleInfo(rule_id, stage, severity, text)
    return rule_id


def listed(*stages: str) -> list[RuleInfo]:
    """The declared ids of some stages, in stage order and then in declaration order."""
    _load_all()
    return [info for stage in stages for info in REGISTRY.values() if info.stage == stage]


def _load_all() -> None:
    """Import every module that declares ids, so that the registry is complete."""
    import legcompare.load
    import legcompare.rules
    import legcompare.validate
    import legcompare.verify  # noqa: F401
