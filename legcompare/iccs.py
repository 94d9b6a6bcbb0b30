"""The ICCS concordance: each jurisdiction's offence provisions with the ICCS codes their
encodings give them, whether the law maps onto ICCS 020221 (and why not), and what the national
offence takes in that ICCS 020221 excludes, as far as the encoding's answers say. Pure functions.

Nothing here is a legal judgement of its own: codes come from the provisions' `iccs` fields,
mappability from the scoring model's rule, and each exclusion from one element's answer read
through that element's guidance in the catalogue. Where no element records a matter, the verdict
is "not recorded", never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from legcompare.model import (
    EVIDENCE,
    IccsExclusion,
    IccsProvision,
    IccsReport,
    IccsRow,
    Jurisdiction,
    Status,
    Value,
)
from legcompare.scoring import iccs_shortfalls

KIDNAPPING = "020221"

# The ICCS (v1.0, 2015) categories the encodings use or that ICCS 020221 excludes, with their
# names as ELEMENTS.md quotes them ("Where the elements come from"). A code not listed here is
# shown without a name rather than with a guessed one.
ICCS_LABELS = {
    "02021": "Abduction of a minor",
    "020221": "Kidnapping",
    "020222": "Illegal restraint",
    "020223": "Hijacking",
    "0204": "Trafficking in persons",
    "020291": "Illegal adoption",
}

INCLUDED, PARTLY, SEPARATE, NOT_INCLUDED = (
    "included",
    "partly included",
    "separate offence",
    "not included",
)
UNCLEAR, NOT_RECORDED, NOT_APPLICABLE = "unclear", "not recorded", "not applicable"
VERDICTS = (INCLUDED, PARTLY, SEPARATE, NOT_INCLUDED, UNCLEAR, NOT_RECORDED, NOT_APPLICABLE)
# The verdicts every element shares for an answer that does not cover the matter.
_COMMON = {
    Status.UNCLEAR: UNCLEAR,
    Status.NOT_APPLICABLE: NOT_APPLICABLE,
    Status.ABSENT: NOT_INCLUDED,
}

Verdict = tuple[str, tuple[str, ...]]  # the verdict, and the provisions it rests on


class Exclusion(Value):
    """One thing ICCS 020221 leaves to another category, and how an encoding's answers tell
    whether the national offence takes it in (None: no element records it)."""

    key: str
    code: str
    label: str
    element: str | None
    judge: Callable[[Jurisdiction], Verdict] | None = None


def _by_status(element: str, verdicts: dict[Status, str]) -> Callable[[Jurisdiction], Verdict]:
    """A verdict read from one answer's status, with the provisions it cites as evidence."""

    def judge(j: Jurisdiction) -> Verdict:
        answer = j.answer(element)
        return verdicts[answer.status], answer.provisions

    return judge


def _hostage_taking(j: Jurisdiction) -> Verdict:
    """Hostage taking is inside the kidnapping offence when the provisions the hostage-taking
    answer cites include one of the kidnapping offence's (coded 020221, or cited for
    kidnapping_specific_offence); otherwise it is an offence of its own."""
    answer = j.answer("hostage_taking_offence")
    if answer.status not in EVIDENCE:
        return _COMMON[answer.status], answer.provisions
    kidnapping = set(j.answer("kidnapping_specific_offence").provisions)
    kidnapping |= {p.id for p in j.provisions if p.iccs == KIDNAPPING}
    shared = tuple(p for p in answer.provisions if p in kidnapping)
    if not shared:
        return SEPARATE, answer.provisions
    return (INCLUDED if answer.status is Status.PRESENT else PARTLY), shared


# What ICCS 020221 excludes (ELEMENTS.md): abduction of a minor (02021), trafficking in persons
# (0204), illegal adoption (020291) and illegal restraint (020222: hostage taking, false
# imprisonment, and deprivation of liberty where the person is not moved). Each verdict follows
# the element's guidance: child_abduction_distinguished absent means "dealt with only under the
# general kidnapping or detention offence"; movement_not_required present means "complete on
# detention alone", which ICCS counts as illegal restraint, not kidnapping.
EXCLUSIONS = (
    Exclusion(
        "abduction_of_a_minor",
        "02021",
        "abduction of a minor (by a parent too)",
        "child_abduction_distinguished",
        _by_status(
            "child_abduction_distinguished",
            {**_COMMON, Status.PRESENT: SEPARATE, Status.PARTIAL: PARTLY, Status.ABSENT: INCLUDED},
        ),
    ),
    Exclusion(
        "detention_without_movement",
        "020222",
        "deprivation of liberty where the person is not moved",
        "movement_not_required",
        _by_status(
            "movement_not_required",
            {**_COMMON, Status.PRESENT: INCLUDED, Status.PARTIAL: PARTLY},
        ),
    ),
    Exclusion(
        "hostage_taking",
        "020222",
        "hostage taking",
        "hostage_taking_offence",
        _hostage_taking,
    ),
    Exclusion("trafficking_in_persons", "0204", "trafficking in persons", None),
    Exclusion("illegal_adoption", "020291", "illegal adoption", None),
)


def concordance(jurisdictions: Sequence[Jurisdiction]) -> IccsReport:
    """The ICCS concordance of some jurisdictions, in the order given."""
    return IccsReport(tuple(iccs_row(j) for j in jurisdictions))


def iccs_row(j: Jurisdiction) -> IccsRow:
    """One jurisdiction: its coded provisions (and the kidnapping offence's uncoded ones, shown
    with no code), mappability with its reasons, and every exclusion's verdict."""
    cited = set(j.answer("kidnapping_specific_offence").provisions)
    provisions = tuple(
        IccsProvision(p.id, p.cite, p.heading, p.iccs, ICCS_LABELS.get(p.iccs or ""))
        for p in j.provisions
        if p.iccs or p.id in cited
    )
    reasons = tuple(iccs_shortfalls(j))
    return IccsRow(j.code, j.name, not reasons, reasons, provisions, _exclusions(j))


def _exclusions(j: Jurisdiction) -> tuple[IccsExclusion, ...]:
    out = []
    for x in EXCLUSIONS:
        if x.judge is None or x.element is None:
            out.append(IccsExclusion(x.key, x.code, x.label, NOT_RECORDED, None, None, (), None))
            continue
        verdict, evidence = x.judge(j)
        answer = j.answer(x.element)
        out.append(
            IccsExclusion(
                x.key, x.code, x.label, verdict, x.element, answer.status, evidence, answer.note
            )
        )
    return tuple(out)
