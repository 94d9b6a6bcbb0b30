"""The commands: each parses its options, calls the library, renders, and sets the exit code."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from legcompare.app import (
    AsOfOpt,
    Color,
    ColorOpt,
    DataOpt,
    FindingsFormatOpt,
    FormatOpt,
    LegalSystemOpt,
    MinCompletenessOpt,
    OutputOpt,
    RegionOpt,
    WeightsOpt,
    app,
    corpus_version_shown,
    data_dir,
    emit,
    exit_if_skipped,
    iter_with_progress,
    load_corpus,
    output_format,
    weights_for,
    write_atomic,
)
from legcompare.errors import UsageError
from legcompare.limits import BOUNDS, MIN_COMPLETENESS

Codes = Annotated[
    list[str], typer.Argument(metavar="REF...", help="Corpus codes (ITA, US-NY) or YAML files.")
]
Ref = Annotated[
    str,
    typer.Argument(metavar="REF", help="A corpus code (ITA, US-NY), a YAML file, or - (stdin)."),
]
Bound = Enum("Bound", {name: name for name in BOUNDS}, type=str)  # type: ignore[misc]
LOW = Bound("low")


@app.command()
def elements(
    core: Annotated[bool, typer.Option("--core", help="Only the ten core elements.")] = False,
    category: Annotated[
        str | None, typer.Option(metavar="CATEGORY", help="Only this category.")
    ] = None,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """The element catalogue: the common definition every encoding answers.

    Example: legcompare elements --core
    """
    from legcompare.model import ElementListing

    corpus = data_dir(data)
    catalogue = corpus.catalogue
    chosen = tuple(
        e
        for e in catalogue.elements
        if (e.core or not core) and (category is None or e.category == category)
    )
    if category is not None and not chosen:
        known = ", ".join(sorted({e.category for e in catalogue.elements}))
        raise UsageError(f"no category {category!r}; choose from {known}")
    emit(ElementListing(chosen, catalogue.version), fmt, output, color, corpus)


@app.command("list")
def list_(
    region: RegionOpt = None,
    legal_system: LegalSystemOpt = None,
    as_of: AsOfOpt = None,
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """The jurisdictions in the corpus, with scores, as_of and confidence.

    Each score is a range: low counts an unclear answer as nothing, high as present.

    Example: legcompare list --region Americas --format markdown

    Example: legcompare list --as-of 2012-01-01
    """
    from legcompare.model import Listing
    from legcompare.scoring import Scorer

    corpus = data_dir(data)
    jurisdictions, skipped = load_corpus(corpus, region, as_of, legal_system=legal_system)
    scorer = Scorer(corpus.catalogue, min_completeness=min_completeness)
    rows = tuple((j, scorer(j)) for j in jurisdictions)
    listing = Listing(rows, corpus_version=corpus_version_shown(corpus, fmt, output))
    emit(listing, fmt, output, color, corpus)
    exit_if_skipped(skipped)


@app.command()
def show(
    ref: Ref,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """One encoding, readable: provisions, and each element with its evidence.

    Example: legcompare show ITA
    """
    from legcompare.model import Encoding
    from legcompare.scoring import score

    corpus = data_dir(data)
    jurisdiction = corpus.load(ref)
    emit(Encoding(jurisdiction, score(jurisdiction, corpus.catalogue)), fmt, output, color, corpus)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Files or folders to check (default: the whole corpus); - is stdin.",
            readable=False,  # an unreadable file is a finding of its own, not a usage error
        ),
    ] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="List every rule a finding can name, and exit.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too: exit 1 on any finding.")
    ] = False,
    data: DataOpt = None,
    fmt: FindingsFormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Check encodings against the schema and the rules; report every problem in every file.

    Exit 0 when clean, 1 when any file has an error (with --strict: any error or warning),
    2 on a usage error. In CI, --format github annotates the files in a pull request and
    --format sarif (or -o FILE.sarif) writes SARIF 2.1.0 for code scanning.

    Example: legcompare validate countries/ITA.yaml my-bill.yaml

    Example: legcompare validate --strict --format github countries/
    """
    from legcompare.model import FileResult, ValidationReport
    from legcompare.registry import listed

    if rules:
        for info in listed("load", "schema", "rule"):
            typer.echo(info.line())
        return
    corpus = data_dir(data)
    files = _expand(paths) if paths else [str(p) for p in corpus.encoding_paths()]
    checked = iter_with_progress(corpus.iter_checked(files), len(files))
    report = ValidationReport(tuple(FileResult(c.path, c.findings) for c in checked))
    emit(report, fmt, output, color, corpus)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


def _expand(paths: list[Path]) -> list[str]:
    """Folders become the YAML files in them; files (and -) are kept, missing ones reported."""
    from legcompare.corpus import YAML_SUFFIXES

    out: list[str] = []
    for path in paths:
        if path.is_dir():
            found = [str(p) for p in sorted(path.iterdir()) if p.name.endswith(YAML_SUFFIXES)]
            if not found:
                raise UsageError(f"{path} holds no .yaml or .yml files")
            out.extend(found)
        else:
            out.append(str(path))
    return out


@app.command("score")
def score_(
    refs: Codes,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show every element's weight and credit.")
    ] = False,
    weights: WeightsOpt = "catalogue",
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Coverage scores: definition (core), framework (all), completeness, ICCS mappability.

    Each score is a range: low counts an unclear answer as nothing, high as present.

    Example: legcompare score ITA COL --explain
    """
    from legcompare.model import ScoreReport
    from legcompare.scoring import score

    corpus = data_dir(data)
    chosen, profile = weights_for(corpus, weights)
    laws = tuple(corpus.load(ref) for ref in refs)
    scores = tuple(
        score(
            j, corpus.catalogue, weights=chosen, profile=profile, min_completeness=min_completeness
        )
        for j in laws
    )
    report = ScoreReport(scores, explain=explain, jurisdictions=laws)
    emit(report, fmt, output, color, corpus)


@app.command()
def gaps(
    ref: Ref,
    peers: Annotated[
        int, typer.Option("--peers", "-p", min=0, metavar="N", help="Peer examples per gap.")
    ] = 2,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Draw peer examples from the law in force on this date.",
            show_default=False,
        ),
    ] = None,
    weights: WeightsOpt = "catalogue",
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """What a jurisdiction lacks, most important first, with how peers worded it.

    Example: legcompare gaps COL --peers 3 --format markdown -o gaps-COL.md
    """
    from legcompare.gaps import gaps as find_gaps

    corpus = data_dir(data)
    chosen, profile = weights_for(corpus, weights)
    target = corpus.load(ref)
    others, skipped = load_corpus(corpus, as_of=as_of) if peers else ([], 0)
    report = find_gaps(
        target, corpus.catalogue, peers=others, peer_limit=peers, weights=chosen, profile=profile
    )
    emit(report, fmt, output, color, corpus)
    exit_if_skipped(skipped)


@app.command()
def diff(
    a: Annotated[str, typer.Argument(metavar="A", help="The first law: a code, a file or -.")],
    b: Annotated[str, typer.Argument(metavar="B", help="The second law: a code, a file or -.")],
    all_: Annotated[
        bool, typer.Option("--all", help="Show every element, not only the differences.")
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Element by element, where A and B differ, with evidence side by side and penalties.

    Example: legcompare diff ITA COL
    """
    from legcompare.compare import diff as compare

    corpus = data_dir(data)
    result = compare(corpus.load(a), corpus.load(b), corpus.catalogue)
    emit(result, fmt, output, color, corpus, wide=all_)


@app.command()
def matrix(
    region: RegionOpt = None,
    legal_system: LegalSystemOpt = None,
    core: Annotated[bool, typer.Option("--core", help="Only the ten core elements.")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="CSV: one row per jurisdiction instead of tidy rows.")
    ] = False,
    sort: Annotated[
        Bound, typer.Option("--sort", help="Sort by the low or the high end of each score.")
    ] = LOW,
    as_of: AsOfOpt = None,
    min_completeness: MinCompletenessOpt = MIN_COMPLETENESS,
    weights: WeightsOpt = "catalogue",
    sensitivity: Annotated[
        bool,
        typer.Option(
            "--sensitivity",
            help="Instead of the matrix: the ranks under the catalogue, equal and core weights "
            "(and a --weights FILE), each jurisdiction's shift, and Spearman's rho.",
        ),
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Every jurisdiction by every element, sorted by score (low end of its range by default).

    With --sensitivity: how much the ranking depends on the weights. Each jurisdiction's rank
    under each profile (1 is the best score; ties share their average rank), the places it
    gains against the catalogue's weights, and Spearman's rho between every two rankings.

    Example: legcompare matrix --format html -o matrix.html

    Example: legcompare matrix --sort high --as-of 2015-12-31

    Example: legcompare matrix --sensitivity --weights my-weights.yaml --format csv
    """
    from legcompare.compare import matrix as build

    if sensitivity and wide:
        raise UsageError("--wide does not apply to --sensitivity (its CSV is tidy)")
    corpus = data_dir(data)
    chosen, profile = weights_for(corpus, weights)
    jurisdictions, skipped = load_corpus(corpus, region, as_of, legal_system=legal_system)
    if sensitivity:
        result = _sensitivity(corpus, jurisdictions, (profile, chosen), core, sort.value)
    else:
        result = build(
            jurisdictions,
            corpus.catalogue,
            core_only=core,
            weights=chosen,
            profile=profile,
            bound=sort.value,
            min_completeness=min_completeness,
        )
    version = corpus_version_shown(corpus, fmt, output)
    emit(replace(result, corpus_version=version), fmt, output, color, corpus, wide=wide)
    exit_if_skipped(skipped)


def _sensitivity(
    corpus: Any,
    jurisdictions: list[Any],
    extra: tuple[str, dict[str, float] | None],
    core: bool,
    bound: str,
) -> Any:
    """The sensitivity report over the named profiles and the --weights file, if one was given."""
    from legcompare.scoring import PROFILES
    from legcompare.sensitivity import sensitivity

    profiles: list[tuple[str, dict[str, float] | None]] = [(name, None) for name in PROFILES]
    if extra[0] not in PROFILES:
        profiles.append(extra)
    return sensitivity(jurisdictions, corpus.catalogue, profiles, core_only=core, bound=bound)


@app.command()
def check(
    bills: Annotated[
        list[str],
        typer.Argument(
            metavar="BILL...",
            help="The bill: a YAML encoding (or a corpus code); several are checked in turn.",
        ),
    ],
    against: Annotated[
        str | None,
        typer.Option("--against", "-a", metavar="REF", help="The law in force to compare with."),
    ] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", min=0, max=100, metavar="SCORE", help="Fail below this framework score."
        ),
    ] = None,
    require_core: Annotated[
        bool, typer.Option("--require-core", help="Fail unless all ten core elements are present.")
    ] = False,
    fail_on_loss: Annotated[
        bool,
        typer.Option(
            "--fail-on-loss", help="Fail when any element is weaker than in the law in force."
        ),
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """A drafter's gate: the verdict first, then the bill's scores and gaps; exit 1 with the
    reason when it falls short of a gate (--min-score, --require-core, --fail-on-loss).

    The law in force is --against, or else the code the bill `amends`. Without any gate the
    report says NO GATE: nothing was checked, and a CI job should set one. Several bills (as a
    pre-commit hook passes them) are checked in turn, each reported as a table; exit 1 when any
    falls short.

    Example: legcompare check examples/COL-bill.yaml --min-score 80 --fail-on-loss

    Example: legcompare check bills/*.yaml --fail-on-loss
    """
    from legcompare.gaps import check_bill

    if len(bills) > 1 and (output is not None or output_format(fmt, None) != "table"):
        raise UsageError("several bills are reported as tables; for --format or -o give one bill")
    corpus = data_dir(data)
    # Every bill and law is read before any report, so that a bad one stops the run at once.
    pairs = [(bill, corpus.load(bill)) for bill in bills]
    laws = [_law_in_force(corpus, path, draft, against, fail_on_loss) for path, draft in pairs]
    peers, skipped = load_corpus(corpus)
    failed = False
    for (path, draft), law in zip(pairs, laws, strict=True):
        result = check_bill(
            draft,
            corpus.catalogue,
            against=law,
            min_score=min_score,
            require_core=require_core,
            fail_on_loss=fail_on_loss,
            peers=peers,
            peer_limit=1,
        )
        where = f"{path}: " if len(bills) > 1 else ""
        if where:
            typer.echo(f"==> {path} <==")
        emit(result, fmt, output, color, corpus)
        if not result.gates:
            typer.echo(
                f"check: {where}no gate set (--min-score, --require-core, --fail-on-loss): "
                "nothing was checked",
                err=True,
            )
        if not result.passed:
            typer.echo(f"check failed: {where}{'; '.join(result.failures)}", err=True)
            failed = True
    if failed:
        raise typer.Exit(1)
    exit_if_skipped(skipped)


def _law_in_force(
    corpus: Any, path: str, draft: Any, against: str | None, fail_on_loss: bool
) -> Any:
    """The law a bill is compared with: --against, else the code it amends (or none)."""
    law_ref = against or draft.amends
    if fail_on_loss and law_ref is None:
        raise UsageError(
            f"{path}: --fail-on-loss needs the law in force: give --against CODE or "
            "`amends:` in the bill"
        )
    return corpus.load(law_ref) if law_ref else None


@app.command()
def init(
    code: Annotated[
        str,
        typer.Argument(metavar="CODE", help="ISO 3166-1 alpha-3 code (or ISO 3166-2, US-NY)."),
    ],
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", metavar="NAME", help="The jurisdiction's English name."),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="CODE", help="Start from a corpus encoding (a copy to edit)."
        ),
    ] = None,
    region: RegionOpt = None,
    legal_system: Annotated[
        str | None,
        typer.Option(metavar="SYSTEM", help="civil_law, common_law, mixed, islamic_law, ..."),
    ] = None,
    output: OutputOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    data: DataOpt = None,
) -> None:
    """Start a new encoding: every element unclear, with its question as a comment.

    Writes ./CODE.yaml in the current folder (or the -o path), never into the tool's own data,
    and never replaces a file without --force. A law's file is named by its code, so -o must
    end in CODE.yaml; --from CODE starts from a corpus encoding instead of a blank one.

    Example: legcompare init PER --name Peru --region Americas --legal-system civil_law

    Example: legcompare init COL --from COL -o drafts/COL.yaml
    """
    from legcompare.scaffold import scaffold

    corpus = data_dir(data)
    code = code.upper()
    target = output or Path(f"{code}.yaml")
    if target.name.rsplit(".", 1)[0] != code or target.suffix not in {".yaml", ".yml"}:
        raise UsageError(
            f"{target}: a law's file is named by its code, so it must be {code}.yaml "
            "(the code-matches-file rule); choose a folder with -o DIR/" + f"{code}.yaml"
        )
    if _inside(target, Path(__file__).parent):
        raise UsageError(f"{target} is inside legcompare's own files; write it elsewhere")
    if target.exists() and not force:
        raise UsageError(f"{target} exists; choose another path with -o, or --force to replace it")
    if from_ is not None:
        text = Path(corpus.resolve(from_)).read_text(encoding="utf-8")
        if corpus.load(from_).code != code:
            raise UsageError(f"--from {from_} holds another jurisdiction than {code}")
    else:
        if name is None:
            raise UsageError("--name is required (or start from a corpus file with --from CODE)")
        text = scaffold(
            code, name, corpus.catalogue, corpus.schema, region=region, legal_system=legal_system
        )
        known = [p.stem for p in corpus.paths()]
        if code in known:
            typer.echo(
                f"note: {code} is already in the corpus; `legcompare init {code} --from {code}` "
                "starts from its encoding",
                err=True,
            )
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from exc
    typer.echo(f"wrote {target}", err=True)


@app.command("cache")
def cache_(
    clear: Annotated[bool, typer.Option("--clear", help="Delete every cached result.")] = False,
) -> None:
    """Where checked encodings are cached and how much is there; --clear deletes them.

    The cache only saves time: deleting it loses nothing, the files are checked again.

    Example: legcompare cache --clear
    """
    from legcompare import cache

    root = data_dir(None).cache_root
    if root is None:
        typer.echo("the cache is off (--no-cache or LEGCOMPARE_NO_CACHE)")
    elif clear:
        typer.echo(f"removed {cache.clear(root):,} cached result(s) from {root}")
    else:
        entries, size = cache.usage(root)
        typer.echo(f"{root}: {entries:,} cached result(s), {size / 1_000_000:,.1f} MB")


def _inside(path: Path, folder: Path) -> bool:
    """Whether `path` lies in `folder` (both resolved, so links and '..' cannot hide it)."""
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
