"""Gap reports (what a jurisdiction lacks, how peers worded it) and the drafter's bill check."""

from __future__ import annotations

from collections.abc import Sequence

from legcompare.model import (
    Catalogue,
    Change,
    CheckResult,
    Element,
    Gap,
    GapReport,
    Jurisdiction,
    PeerExample,
    Status,
)
from legcompare.scoring import score

_STRENGTH = {Status.PRESENT: 2, Status.PARTIAL: 1}


def importance(element: Element) -> tuple[int, float, str]:
    """Sort key: core before framework, then heavier first, then id for a stable order."""
    return (0 if element.core else 1, -element.weight, element.id)


def peers_for(
    element: Element, code: str, peers: Sequence[Jurisdiction], limit: int
) -> tuple[PeerExample, ...]:
    """Up to `limit` other jurisdictions that have the element, present before partial."""
    having = [j for j in peers if j.code != code and j.answer(element.id).status in _STRENGTH]
    having.sort(key=lambda j: (-_STRENGTH[j.answer(element.id).status], j.code))
    examples = []
    for peer in having[:limit]:
        answer = peer.answer(element.id)
        cites = peer.cites(answer)
        examples.append(
            PeerExample(
                code=peer.code,
                name=peer.name,
                status=answer.status,
                cite="; ".join(cites) or "(no provision cited)",
                quote=answer.quote,
                translation=answer.translation,
            )
        )
    return tuple(examples)


def gaps(
    jurisdiction: Jurisdiction,
    catalogue: Catalogue,
    *,
    peers: Sequence[Jurisdiction] = (),
    peer_limit: int = 2,
    weights: dict[str, float] | None = None,
    profile: str = "catalogue",
) -> GapReport:
    """Every element not present (not-applicable ones aside), most important first."""
    missing = sorted(
        (
            e
            for e in catalogue.elements
            if jurisdiction.answer(e.id).status not in {Status.PRESENT, Status.NOT_APPLICABLE}
        ),
        key=importance,
    )
    return GapReport(
        code=jurisdiction.code,
        name=jurisdiction.name,
        score=score(jurisdiction, catalogue, weights=weights, profile=profile),
        gaps=tuple(
            Gap(e, jurisdiction.answer(e.id), peers_for(e, jurisdiction.code, peers, peer_limit))
            for e in missing
        ),
    )


def check_bill(
    bill: Jurisdiction,
    catalogue: Catalogue,
    *,
    against: Jurisdiction | None = None,
    min_score: float | None = None,
    require_core: bool = False,
    fail_on_loss: bool = False,
    peers: Sequence[Jurisdiction] = (),
    peer_limit: int = 1,
) -> CheckResult:
    """Gaps of a bill, what it adds or loses over the law in force, and whether it passes."""
    report = gaps(bill, catalogue, peers=peers, peer_limit=peer_limit)
    changes = _changes(against, bill, catalogue) if against else []
    gains = tuple(c for c in changes if _credit(c.after) > _credit(c.before))
    losses = tuple(c for c in changes if _credit(c.after) < _credit(c.before))
    if fail_on_loss and against is None:
        raise ValueError("fail_on_loss needs the law in force (against)")
    failures, gates = [], []
    if min_score is not None:
        gates.append(f"framework score at least {min_score:g}")
        if report.score.framework < min_score:
            failures.append(f"framework score {report.score.framework:g} is below {min_score:g}")
    if require_core:
        gates.append("every core element present")
        lacking = [e.id for e in catalogue.core if bill.answer(e.id).status is not Status.PRESENT]
        if lacking:
            failures.append(f"core elements not present: {', '.join(lacking)}")
    if fail_on_loss and against is not None:
        gates.append(f"no element weaker than in {against.code}")
        if losses:
            weaker = ", ".join(f"{c.element} ({c.before.value} to {c.after.value})" for c in losses)
            failures.append(f"weaker than the law in force: {weaker}")
    return CheckResult(
        report=report,
        against=score(against, catalogue) if against else None,
        gains=gains,
        losses=losses,
        failures=tuple(failures),
        gates=tuple(gates),
    )


def _credit(status: Status) -> float:
    return status.credit or 0.0


def _changes(law: Jurisdiction, bill: Jurisdiction, catalogue: Catalogue) -> list[Change]:
    """Elements whose status differs between the law in force and the bill."""
    return [
        Change(e.id, law.answer(e.id).status, bill.answer(e.id).status)
        for e in catalogue.elements
        if law.answer(e.id).status != bill.answer(e.id).status
    ]
