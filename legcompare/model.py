"""The domain model: immutable values for catalogue, encodings, scores and findings. No I/O."""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: object) -> Any:
        """Only for type checkers: Value's subclasses are dataclasses."""
        return lambda cls: cls


KIDNAPPING_ICCS = "020221"  # the ICCS code of kidnapping, the core of the common definition


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Value:
    """The base of legcompare's immutable values: each subclass is a frozen dataclass (declared
    like one, with `dataclasses.field` where needed) whose `==`, hash and repr are these, over its
    fields exactly as dataclasses would generate them (`==` between instances of the same class
    over every field with `compare`; the hash over those with `hash`, or `compare` when `hash` is
    unset; the repr over those with `repr`).

    Two things keep the import cheap, which every command pays: these three methods are written
    once here instead of being generated for each class, and a class is made a dataclass only
    when its first instance is made (or unpickled, or compared). Dataclasses
    compiles each method it generates (`__init__`, and `__setattr__` and `__delattr__` for a
    frozen class), and a command uses few of the sixty-odd classes: generating them all took
    most of the 16 ms it took to import this module (Python 3.11).
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.__init__ = _init_on_first_use  # type: ignore[assignment,method-assign]

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle, (self.__class__, self.__dict__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _layout(self.__class__)[0]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _layout(self.__class__)[1]))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _layout(self.__class__)[2])
        return f"{self.__class__.__qualname__}({shown})"


def _init_on_first_use(self: Value, *args: Any, **kwargs: Any) -> None:
    """A Value class's `__init__` until its first instance: make the class a frozen dataclass,
    then initialise the instance with the `__init__` that made it."""
    cls = made(self.__class__)
    cls.__init__(self, *args, **kwargs)  # type: ignore[misc]


def _unpickle(cls: type, state: dict[str, Any]) -> Any:
    """A Value from a pickle (as a worker process sends one), its class made first."""
    value: Any = object.__new__(made(cls))
    value.__dict__.update(state)
    return value


def made(cls: type) -> type:
    """A Value class, made a frozen dataclass if it was not yet (see `Value`)."""
    if "__dataclass_fields__" not in cls.__dict__:
        for base in reversed(cls.__mro__[1:-1]):  # a base's fields come first
            if issubclass(base, Value) and base is not Value:
                made(base)
        if cls.__dict__.get("__init__") is _init_on_first_use:
            del cls.__init__  # type: ignore[misc]
        dataclass(frozen=True, eq=False, repr=False)(cls)
    return cls


_Layout = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type) -> _Layout:
    """A Value class's fields compared, hashed and shown (dataclasses' rules), worked out once."""
    found = _LAYOUTS.get(cls)
    if found is None:
        every: Any = fields(made(cls))
        found = _LAYOUTS[cls] = (
            tuple(f.name for f in every if f.compare),
            tuple(f.name for f in every if (f.compare if f.hash is None else f.hash)),
            tuple(f.name for f in every if f.repr),
        )
    return found


class Status(str, enum.Enum):
    """How a jurisdiction's law answers one element's question."""

    PRESENT = "present"
    PARTIAL = "partial"
    ABSENT = "absent"
    UNCLEAR = "unclear"
    NOT_APPLICABLE = "not_applicable"

    @property
    def credit(self) -> float | None:
        """Credit towards a score; None leaves the denominator (not applicable)."""
        return _CREDIT[self]

    @property
    def symbol(self) -> str:
        """The glyph every view shows beside the status's word (never instead of it)."""
        return _SYMBOL[self]


_CREDIT: dict[Status, float | None] = {
    Status.PRESENT: 1.0,
    Status.PARTIAL: 0.5,
    Status.ABSENT: 0.0,
    Status.UNCLEAR: 0.0,
    Status.NOT_APPLICABLE: None,
}
_SYMBOL = {
    Status.PRESENT: "●",
    Status.PARTIAL: "◐",
    Status.ABSENT: "○",
    Status.UNCLEAR: "?",
    Status.NOT_APPLICABLE: "–",
}
# The statuses that rest on the law's words (a provision and a quote), and those that must
# explain themselves in a note.
EVIDENCE = frozenset({Status.PRESENT, Status.PARTIAL})
NEEDS_NOTE = frozenset({Status.PARTIAL, Status.ABSENT, Status.NOT_APPLICABLE})


def iso_day(value: object) -> date | None:
    """A YYYY-MM-DD text as a date; None for anything else (a wrong type, an impossible day)."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class Severity(str, enum.Enum):
    """Severity of a validation finding."""

    ERROR = "error"
    WARNING = "warning"


class Category(Value):
    """A group of elements (definition, means, purpose, ...)."""

    id: str
    label: str
    description: str = ""


class Element(Value):
    """One minimum element of the common definition."""

    id: str
    label: str
    question: str
    category: str
    core: bool
    weight: float
    contested: bool = False
    basis: tuple[str, ...] = ()
    guidance: dict[str, str] = field(default_factory=dict, hash=False)
    drafting_note: str | None = None


class Catalogue(Value):
    """The element catalogue: the common definition every encoding is answered against."""

    version: str
    elements: tuple[Element, ...]
    categories: tuple[Category, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self.elements)

    def get(self, element_id: str) -> Element:
        """The element with this id; KeyError when there is none."""
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    @property
    def core(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if e.core)


class Source(Value):
    """A text the encoding was read from."""

    id: str
    title: str
    url: str | None = None
    language: str | None = None
    retrieved: date | None = None
    version: str | None = None
    complete: bool = False
    library: str | None = None
    sha256: str | None = None
    note: str | None = None


class Aggravated(Value):
    """The highest penalty an offence's aggravated forms reach, and when."""

    when: str
    max_years: float | None = None
    life: bool = False
    death: bool = False

    @property
    def ceiling(self) -> float | None:
        return float("inf") if self.life or self.death else self.max_years

    def label(self) -> str:
        """The ceiling alone: 'life', 'death', '30 years'."""
        if self.death or self.life:
            return "death" if self.death else "life"
        return f"{_years(self.max_years)} years" if self.max_years is not None else "not recorded"


class Penalty(Value):
    """A penalty range in years of imprisonment, or life / death, with its aggravated ceiling."""

    min_years: float | None = None
    max_years: float | None = None
    life: bool = False
    death: bool = False
    aggravated: Aggravated | None = None
    note: str | None = None

    @property
    def top(self) -> float | None:
        """The highest penalty the offence can carry, its aggravated forms included."""
        raised = self.aggravated.ceiling if self.aggravated else None
        if raised is None or (self.ceiling is not None and self.ceiling >= raised):
            return self.ceiling
        return raised

    @property
    def ceiling(self) -> float | None:
        """The maximum as a number of years; life and death count as infinity."""
        if self.life or self.death:
            return float("inf")
        return self.max_years

    def describe(self) -> str:
        """A short human reading: '25-30 years', 'life', '20 years-life', 'not recorded'."""
        top = "death" if self.death else "life" if self.life else None
        numbers = [_years(v) for v in (self.min_years, self.max_years) if v is not None]
        if top:
            base = f"{numbers[0]} years-{top}" if numbers else top
        else:
            base = "-".join(numbers) + " years" if numbers else "not recorded"
        return f"{base}, aggravated {self.aggravated.label()}" if self.aggravated else base


def penalty_from_data(value: object) -> Penalty | None:
    """A penalty from an encoding's `penalty` mapping, read defensively (the rules see it before
    the schema has passed): values of the wrong type are left out."""
    if not isinstance(value, dict) or not value:
        return None
    get = value.get  # positional arguments: a corpus of 10,000 files has 100,000 penalties
    raised, note = get("aggravated"), get("note")
    return Penalty(
        _finite(get("min_years")),
        _finite(get("max_years")),
        get("life") is True,
        get("death") is True,
        Aggravated(
            str(raised.get("when", "")),
            _finite(raised.get("max_years")),
            raised.get("life") is True,
            raised.get("death") is True,
        )
        if isinstance(raised, dict) and raised
        else None,
        note if isinstance(note, str) else None,
    )


def _finite(value: object) -> float | None:
    if value.__class__ is float:  # the common case first: 100,000 penalties in a large corpus
        return value if math.isfinite(value) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def format_ceiling(value: float | None) -> str:
    """A maximum penalty for people to read: '20 years', 'life or death', 'not recorded'."""
    if value is None:
        return "not recorded"
    return "life or death" if math.isinf(value) else f"{_years(value)} years"


def _years(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class Provision(Value):
    """A cited provision of a source (an article or section)."""

    id: str
    source: str
    cite: str
    heading: str | None = None
    iccs: str | None = None
    penalty: Penalty | None = None
    text: str | None = None
    note: str | None = None


class Answer(NamedTuple):
    """A jurisdiction's answer to one element.

    A named tuple rather than a frozen dataclass: a corpus of 10,000 encodings builds 360,000 of
    them, and a named tuple is made three times faster.
    """

    element: str
    status: Status
    provisions: tuple[str, ...] = ()
    quote: str | None = None
    translation: str | None = None
    note: str | None = None
    since: int | None = None
    searched: tuple[str, ...] = ()


class Jurisdiction(Value):
    """One encoding: a jurisdiction's law (or a bill) answered element by element."""

    code: str
    name: str
    region: str | None
    subregion: str | None
    legal_system: str | None
    kind: str
    as_of: date | None
    confidence: str
    sources: tuple[Source, ...]
    provisions: tuple[Provision, ...]
    answers: dict[str, Answer] = field(hash=False)
    parent: str | None = None
    amends: str | None = None
    notes: str | None = None
    path: str | None = None
    inherited: frozenset[str] = frozenset()  # elements a bill takes unchanged from its law

    def status_counts(self) -> dict[str, int]:
        """How many answers have each status (every status named, zeros included)."""
        counts = dict.fromkeys((s.value for s in Status), 0)
        for answer in self.answers.values():
            counts[answer.status.value] += 1
        return counts

    @property
    def unclear_share(self) -> float:
        """Percent of the answers that are `unclear` (0 for an encoding with no answers)."""
        total = len(self.answers)
        unclear = sum(a.status is Status.UNCLEAR for a in self.answers.values())
        return round(100 * unclear / total, 1) if total else 0.0

    def answer(self, element_id: str) -> Answer:
        """The answer for an element, `unclear` when the encoding does not give one."""
        return self.answers.get(element_id) or Answer(element_id, Status.UNCLEAR)

    def provision(self, provision_id: str) -> Provision | None:
        return self._provisions_by_id.get(provision_id)

    @cached_property
    def _provisions_by_id(self) -> dict[str, Provision]:
        found: dict[str, Provision] = {}
        for provision in self.provisions:
            found.setdefault(provision.id, provision)
        return found

    def cites(self, answer: Answer) -> list[str]:
        """The citations of the provisions an answer rests on (unknown ids skipped)."""
        by_id = self._provisions_by_id
        return [by_id[ref].cite for ref in answer.provisions if ref in by_id]

    def language(self, answer: Answer) -> str | None:
        """The language of an answer's quote: that of the source its first cited provision is
        read from (None when no source records one)."""
        sources = {s.id: s for s in self.sources}
        for ref in answer.provisions:
            provision = self._provisions_by_id.get(ref)
            source = sources.get(provision.source) if provision is not None else None
            if source is not None and source.language:
                return source.language
        return None

    @property
    def is_subnational(self) -> bool:
        return "-" in self.code

    def kidnapping_penalty(self) -> tuple[float | None, str]:
        """The highest base maximum among the kidnapping (ICCS 020221) provisions, with its
        citation and reading (life and death count as infinity)."""
        best: tuple[float | None, str] = (None, "no kidnapping provision with a penalty recorded")
        for provision in self.provisions:
            if provision.iccs != KIDNAPPING_ICCS or provision.penalty is None:
                continue
            ceiling = provision.penalty.ceiling
            if ceiling is not None and (best[0] is None or ceiling > best[0]):
                best = (ceiling, f"{provision.cite}: {provision.penalty.describe()}")
        return best

    def aggravated_ceiling(self) -> float | None:
        """The highest penalty the kidnapping provisions reach with their aggravations."""
        tops = [
            p.penalty.top
            for p in self.provisions
            if p.iccs == KIDNAPPING_ICCS and p.penalty is not None and p.penalty.top is not None
        ]
        return max(tops, default=None)


class Finding(Value):
    """One problem found in a file: where, which rule, how bad, what."""

    path: str
    line: int | None
    column: int | None
    rule: str
    message: str
    severity: Severity = Severity.ERROR
    pointer: str = ""

    def location(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def format(self) -> str:
        return f"{self.location()}: [{self.severity.value}] {self.message} ({self.rule})"


def has_errors(findings: Iterable[Finding]) -> bool:
    """Whether any finding is an error (warnings do not make a file invalid)."""
    return any(f.severity is Severity.ERROR for f in findings)


class ElementScore(NamedTuple):
    """One element's contribution to a score (a named tuple, like Answer, for speed)."""

    element: str
    weight: float
    status: Status
    credit: float | None
    contribution: float
    core: bool


class Score(Value):
    """Coverage scores of one jurisdiction (percentages 0-100).

    `definition` and `framework` are the low bounds (an unclear answer earns nothing);
    `definition_high` and `framework_high` the high bounds (every unclear answer present).
    The true score lies between them; `completeness` says how wide the range is, and
    `incomplete` marks a score whose completeness is below the threshold it was scored with.
    """

    code: str
    definition: float
    framework: float
    completeness: float
    iccs_mappable: bool
    profile: str
    definition_high: float
    framework_high: float
    incomplete: bool  # completeness below the threshold the scorer was given
    details: tuple[ElementScore, ...] = ()


class ElementDiff(Value):
    """One element as answered by two jurisdictions."""

    element: str
    a: Answer
    b: Answer
    a_cites: tuple[str, ...] = ()  # the citations of the provisions each answer rests on
    b_cites: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return self.a.status != self.b.status


class PenaltyComparison(Value):
    """The maximum penalties of two jurisdictions' kidnapping provisions."""

    a_ceiling: float | None
    b_ceiling: float | None
    a_label: str
    b_label: str
    a_aggravated: float | None = None
    b_aggravated: float | None = None


class Diff(Value):
    """Two jurisdictions compared element by element."""

    a: str
    b: str
    rows: tuple[ElementDiff, ...]
    penalty: PenaltyComparison
    counts: dict[str, int] = field(hash=False)


class PeerExample(Value):
    """How another jurisdiction worded an element it has."""

    code: str
    name: str
    status: Status
    cite: str
    quote: str | None
    translation: str | None


class Gap(Value):
    """An element a jurisdiction lacks or only partly covers."""

    element: Element
    answer: Answer
    peers: tuple[PeerExample, ...] = ()


class GapReport(Value):
    """Everything a jurisdiction lacks, most important first."""

    code: str
    name: str
    score: Score
    gaps: tuple[Gap, ...]


class FileResult(Value):
    """The findings of one validated file."""

    path: str
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)


class ValidationReport(Value):
    """The result of `validate` (or `verify`) over one or more files; `stages` names the
    registry stages whose ids its findings can carry (SARIF lists them as the tool's rules)."""

    files: tuple[FileResult, ...]
    stages: tuple[str, ...] = ("load", "schema", "rule")

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    @property
    def warnings(self) -> int:
        return sum(len(f.findings) - f.errors for f in self.files)


class ScoreReport(Value):
    """Scores of one or more jurisdictions, optionally with every element's contribution; with
    the jurisdictions scored (in the same order), the reports head each score with its law."""

    scores: tuple[Score, ...]
    explain: bool = False
    jurisdictions: tuple[Jurisdiction, ...] = ()

    @property
    def laws(self) -> tuple[tuple[Jurisdiction | None, Score], ...]:
        """Each score with its jurisdiction (None when the report was built without them)."""
        known = self.jurisdictions or (None,) * len(self.scores)
        return tuple(zip(known, self.scores, strict=True))


class Listing(Value):
    """The corpus as a table: each jurisdiction with its scores (and the corpus's version)."""

    rows: tuple[tuple[Jurisdiction, Score], ...]
    corpus_version: str | None = None


class ElementListing(Value):
    """A selection of the catalogue."""

    elements: tuple[Element, ...]
    version: str


class Encoding(Value):
    """One encoding shown in full (`show`), with its score."""

    jurisdiction: Jurisdiction
    score: Score


class AgreementRow(Value):
    """One element as two coders answered it."""

    element: str
    a: Status
    b: Status

    @property
    def agrees(self) -> bool:
        return self.a == self.b


class Agreement(Value):
    """Two codings of the same law compared: percent agreement and Cohen's kappa.

    `kappa` is over the five statuses; `kappa_covered` over covered (present or partial) vs
    absent, counting only elements both coders answered with one of those three statuses.
    A kappa is None where it is undefined (both coders used a single category throughout).
    """

    a: str
    b: str
    rows: tuple[AgreementRow, ...]
    percent: float
    kappa: float | None
    covered_n: int
    covered_percent: float | None
    kappa_covered: float | None

    @property
    def disagreements(self) -> tuple[AgreementRow, ...]:
        return tuple(r for r in self.rows if not r.agrees)


class VersionChange(Value):
    """One element whose answer changed from one version of a law to the next."""

    element: str
    before: Answer
    after: Answer
    before_cites: tuple[str, ...]
    after_cites: tuple[str, ...]

    @property
    def kind(self) -> str:
        """`status` when the answer's status moved; `provisions` when only its citations did."""
        return "status" if self.before.status != self.after.status else "provisions"


class LawVersion(Value):
    """One version of a jurisdiction's law, its score, and what changed since the one before."""

    as_of: date
    path: str | None
    current: bool
    score: Score
    changes: tuple[VersionChange, ...]  # empty for the oldest version


class History(Value):
    """A jurisdiction's law over time: every version, oldest first."""

    code: str
    name: str
    versions: tuple[LawVersion, ...]


class Spread(Value):
    """How scores are spread across jurisdictions: median, quartiles and extremes."""

    median: float
    q1: float
    q3: float
    low: float
    high: float
    median_high: float  # the median of the scores' high bounds (unclear counted as present)


class TrendYear(Value):
    """The corpus in one year: who counts, their scores, and how often each element is present."""

    year: int
    codes: tuple[str, ...]
    definition: Spread | None
    framework: Spread | None
    present: dict[str, float] = field(hash=False)  # element id -> percent of jurisdictions


class Trends(Value):
    """Coverage of the common definition year by year (method: `legcompare.timeline`)."""

    years: tuple[TrendYear, ...]
    element_ids: tuple[str, ...]
    region: str | None
    min_completeness: float
    left_out: tuple[tuple[int, str], ...]  # (year, code) below the completeness threshold


class MatrixRow(Value):
    """One jurisdiction's line in the matrix."""

    jurisdiction: Jurisdiction
    score: Score

    def status(self, element_id: str) -> Status:
        return self.jurisdiction.answer(element_id).status

    @property
    def max_penalty(self) -> float | None:
        """The base maximum of the kidnapping provisions."""
        return self.jurisdiction.kidnapping_penalty()[0]

    @property
    def aggravated_penalty(self) -> float | None:
        """The highest penalty with aggravations."""
        return self.jurisdiction.aggravated_ceiling()


class Matrix(Value):
    """All jurisdictions by all (or the core) elements, best covered first."""

    element_ids: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    corpus_version: str | None = None
    scoring: str | None = None  # the scorer's signature: what each row's details depend on


class Change(Value):
    """An element whose status a bill changes relative to the law in force."""

    element: str
    before: Status
    after: Status


class CheckResult(Value):
    """The drafter's gate: the bill's report, its changes against the law, and the verdict."""

    report: GapReport
    against: Score | None
    gains: tuple[Change, ...]
    losses: tuple[Change, ...]
    failures: tuple[str, ...]
    gates: tuple[str, ...] = ()  # what was required; with none, nothing could fail

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def verdict(self) -> str:
        """PASS, FAIL, or NO GATE when no requirement was set (so nothing was checked)."""
        if self.failures:
            return "FAIL"
        return "PASS" if self.gates else "NO GATE"


# --- research views: weighting sensitivity and the ICCS concordance -------------------------


class SensitivityRow(Value):
    """One jurisdiction's score and rank under each weighting profile (in the report's order)."""

    code: str
    name: str
    scores: tuple[float, ...]
    ranks: tuple[float, ...]  # 1 is the highest score; tied scores share their average rank

    @property
    def shifts(self) -> tuple[float, ...]:
        """Places gained under each profile against the first (positive: ranked higher)."""
        return tuple(self.ranks[0] - rank for rank in self.ranks)


class RankCorrelation(Value):
    """Spearman's rho between the rankings of two profiles (None when undefined)."""

    a: str
    b: str
    rho: float | None


class Sensitivity(Value):
    """How the ranking depends on the weights: ranks under each profile, the first the baseline.

    `measure` is the score ranked (framework, or definition for the core elements) and `bound`
    the end of its range (low: unclear counts nothing; high: unclear counts as present).
    """

    profiles: tuple[str, ...]
    measure: str
    bound: str
    rows: tuple[SensitivityRow, ...]
    correlations: tuple[RankCorrelation, ...]
    corpus_version: str | None = None


class IccsProvision(Value):
    """An offence provision and the ICCS code its encoding gives it (None: not coded)."""

    id: str
    cite: str
    heading: str | None
    iccs: str | None
    label: str | None  # the ICCS category's name, None for a code the tool does not know


class IccsExclusion(Value):
    """Whether the national offence takes in something ICCS 020221 leaves to another category,
    as far as the encoding's answers say: `verdict` is included, partly included, separate
    offence, not included, unclear or not recorded (the encodings hold no answer on it)."""

    key: str
    code: str
    label: str
    verdict: str
    element: str | None
    status: Status | None
    provisions: tuple[str, ...]
    note: str | None


class IccsRow(Value):
    """One jurisdiction in the ICCS concordance."""

    code: str
    name: str
    mappable: bool
    reasons: tuple[str, ...]  # why it does not map onto 020221 (empty when it does)
    provisions: tuple[IccsProvision, ...]
    exclusions: tuple[IccsExclusion, ...]


class IccsReport(Value):
    """Each jurisdiction's offence provisions mapped to ICCS, and what lies beyond 020221."""

    rows: tuple[IccsRow, ...]
    corpus_version: str | None = None
