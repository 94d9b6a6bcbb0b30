"""The app the commands register on, the options they share, and the plumbing they call:
finding the corpus, loading it, rendering a result to stdout or a file.

Exit codes: 0 success; 1 findings (validate found errors, check fell short, a corpus file was
skipped); 2 usage or input error. Errors are translated in one place (`_Group.invoke`). The
command modules import from here; none is imported until one of its commands is looked up (run,
helped or completed): `COMMANDS` says which module registers which command, so `--version` imports
no command module and builds no command.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from contextvars import ContextVar
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from legcompare import __version__
from legcompare.errors import LegcompareError, UsageError, did_you_mean
from legcompare.files import write_atomic
from legcompare.render import FINDINGS_FORMATS, FORMATS

# The app's own options that a command also takes after its name (`legcompare matrix --no-cache`
# works as `legcompare --no-cache matrix`): declared once, on `_main`, and copied onto every
# command.
GLOBAL_OPTIONS = ("debug", "no_cache")


# Each command's name and the module whose import registers it on `app`, in the order `--help`
# lists them: the one table of where a command lives (tests/test_command_tree.py imports every
# module and checks that what they register on `app` is exactly this).
COMMANDS = {
    "elements": "legcompare.commands",
    "list": "legcompare.commands",
    "show": "legcompare.commands",
    "validate": "legcompare.commands",
    "score": "legcompare.commands",
    "gaps": "legcompare.commands",
    "diff": "legcompare.commands",
    "matrix": "legcompare.commands",
    "check": "legcompare.commands",
    "init": "legcompare.commands",
    "cache": "legcompare.commands",
    "verify": "legcompare.evidence_commands",
    "agree": "legcompare.evidence_commands",
    "export": "legcompare.export_commands",
    "iccs": "legcompare.research_commands",
    "site": "legcompare.site_commands",
    "history": "legcompare.time_commands",
    "trends": "legcompare.time_commands",
}


class _Group(TyperGroup):
    """Runs a command and turns legcompare's exceptions into a message and an exit code; gives
    every command the app's global options too. Its commands are made when first looked up
    (click's lazily loaded subcommands): see `_Commands`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = [param for param in self.params if param.name in GLOBAL_OPTIONS]
        self.commands = _Commands(self.commands, shared)

    def list_commands(self, ctx: Any) -> list[str]:
        """Every command's name, in `COMMANDS` order, without making any."""
        return list(self.commands)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except LegcompareError as exc:
            _report_error(exc)
            raise typer.Exit(exc.exit_code) from exc
        except Exception as exc:
            if _from_typer(exc):
                raise
            if ctx.obj and ctx.obj.get("debug"):
                raise
            typer.echo(f"legcompare: internal error: {exc!r} (rerun with --debug)", err=True)
            raise typer.Exit(2) from exc


def _from_typer(exc: BaseException) -> bool:
    """Whether typer raised `exc` for typer to report: a usage error, `Exit`, `Abort`.

    Typer has no public base class for its usage errors in every version this project allows:
    before 0.26 they are click's `ClickException` family, from 0.26 a vendored copy in a private
    module. The module that defines the exception's class tells them apart without importing it.
    """
    if isinstance(exc, (typer.Exit, typer.Abort, typer.BadParameter)):
        return True
    return type(exc).__module__.partition(".")[0] in {"click", "typer"}


class _Commands(MutableMapping[str, Any]):
    """A group's commands by name, as click's `Group.commands` (which typer and click read: to
    run, list, complete, and suggest a name for a typo): every name of `COMMANDS`, each made
    only when it is first looked up, by importing its module and converting that one command.
    Every command, made here or given by typer (one already registered when the group was
    built), gets the app's global options."""

    def __init__(self, given: MutableMapping[str, Any], shared: list[Any]) -> None:
        self._shared = shared
        self._names: dict[str, None] = dict.fromkeys(COMMANDS)
        self._made: dict[str, Any] = {}
        for name, command in given.items():
            self[name] = command

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self[name] = _make(name)
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        command.params.extend(_after_command(param) for param in self._shared)
        self._names[name] = None
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        del self._names[name]
        self._made.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


def _make(name: str) -> Any:
    """The click command `name`: its module imported (which registers it on `app`), then that
    command alone converted, as typer converts a one-command app."""
    importlib.import_module(COMMANDS[name])
    for info in app.registered_commands:
        named = info.name or typer.main.get_command_name(getattr(info.callback, "__name__", ""))
        if named == name:
            alone = typer.Typer(
                add_completion=False,
                rich_markup_mode=app.rich_markup_mode,
                pretty_exceptions_short=app.pretty_exceptions_short,
            )
            alone.registered_commands.append(info)
            return typer.main.get_command(alone)
    raise LookupError(f"{COMMANDS[name]} registers no command {name!r}")


def _after_command(param: Any) -> Any:
    """A copy of one of the app's global options for a command: it takes no part in the command's
    arguments, and applies its value as the app's own option would."""
    import copy

    clone = copy.copy(param)
    clone.expose_value = False
    clone.callback = lambda ctx, _param, value: (
        apply_globals(ctx, **{param.name: value}) if value else None
    )
    return clone


def apply_globals(ctx: Any, *, debug: bool = False, no_cache: bool = False) -> None:
    """Apply --debug and --no-cache, given before or after the command, until it ends."""
    if ctx.obj is None:
        ctx.obj = {}
    if debug:
        ctx.obj["debug"] = True
    if no_cache:
        token = _USE_CACHE.set(False)
        ctx.call_on_close(lambda: _USE_CACHE.reset(token))


def _report_error(exc: LegcompareError) -> None:
    findings = getattr(exc, "findings", ())
    for finding in findings:
        typer.echo(finding.format(), err=True)
    typer.echo(f"legcompare: error: {exc}", err=True)


app = typer.Typer(
    cls=_Group,
    name="legcompare",
    help="Compare countries' kidnapping laws against the minimum elements of the crime.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


# The --format choices are the renderer registry's names; commands that report findings
# (validate, verify) also offer the CI formats of the findings registry.
Fmt = Enum("Fmt", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]
FindingsFmt = Enum(  # type: ignore[misc]
    "FindingsFmt", {name: name for name in FINDINGS_FORMATS}, type=str
)


DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help="Corpus folder (else $LEGCOMPARE_DATA, the checkout, or the packaged corpus).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Fmt | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: from the -o file's extension, else table).",
        show_default=False,
    ),
]
FindingsFormatOpt = Annotated[
    FindingsFmt | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format: github (workflow annotations) and sarif (SARIF 2.1.0) are for CI "
        "(default: from the -o file's extension, else table).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically; - is stdout) instead of stdout.",
        dir_okay=False,
        show_default=False,
    ),
]
ColorOpt = Annotated[
    Color, typer.Option("--color", help="Colour: auto honours NO_COLOR and FORCE_COLOR.")
]
WeightsOpt = Annotated[
    str,
    typer.Option(
        "--weights",
        "-w",
        metavar="PROFILE|FILE",
        help="Weighting: catalogue, equal, core, or a YAML file of element: weight.",
    ),
]

RegionOpt = Annotated[
    str | None,
    typer.Option("--region", "-r", metavar="REGION", help="Only this UN M49 region."),
]
LegalSystemOpt = Annotated[
    str | None,
    typer.Option(
        "--legal-system",
        metavar="SYSTEM",
        help="Only this legal system, as the schema names them (civil_law, common_law, ...).",
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Use each jurisdiction's law in force on this date (its history) instead of today's.",
        show_default=False,
    ),
]
MinCompletenessOpt = Annotated[
    float,
    typer.Option(
        "--min-completeness",
        min=0,
        max=100,
        metavar="PERCENT",
        help="Mark scores whose completeness is below this (trends leave them out).",
    ),
]


# Whether this run may use the cache (--no-cache clears it until the command ends); read by
# `_data_dir`, which commands call without a context of their own.
_USE_CACHE: ContextVar[bool] = ContextVar("legcompare_use_cache", default=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"legcompare {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the cache of checked files (or LEGCOMPARE_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Compare countries' kidnapping laws against the minimum elements of the crime.

    Start with `legcompare list`, then `legcompare gaps COL` or `legcompare matrix`.
    --debug and --no-cache may also follow the command: `legcompare matrix --no-cache`.
    """
    ctx.obj = {"debug": False}
    apply_globals(ctx, debug=debug, no_cache=no_cache)


# --- shared plumbing ------------------------------------------------------------------------


UNBOUNDED = 100_000  # columns: a pipe or a file has no width, so tables never cut a cell


def _console(color: Color, file: Any = None) -> Any:
    """The console a table is printed on. A terminal gets its own width; a pipe or a file (`-o`)
    gets an unbounded one, so that `legcompare list | grep Argentina` finds the full name and
    no id or URL is split."""
    from rich.console import Console

    target = file if file is not None else sys.stdout
    width = None if _is_terminal(target) else UNBOUNDED
    if color is Color.always:  # the flag wins over NO_COLOR, as the README says
        return Console(file=file, force_terminal=True, no_color=False, width=width)
    if color is Color.never or file is not None:
        return Console(file=file, no_color=True, color_system=None, width=width)
    return Console(file=file, width=width)


def _plain(color: Color, file: Any = None) -> bool:
    """Whether `_console(color, file)` prints with neither colour nor a width limit, in UTF-8
    (rich draws with ASCII in other encodings)."""
    target = file if file is not None else sys.stdout
    encoding = (getattr(target, "encoding", None) or "utf-8").lower()
    uncoloured = color is Color.never or (file is not None and color is not Color.always)
    return uncoloured and not _is_terminal(target) and encoding.startswith("utf")


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# The format an -o file's extension asks for when --format is not given.
EXTENSIONS = {
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
}


def output_format(fmt: Any, output: Path | None) -> str:
    """--format when given, else the format the -o file's extension names, else table."""
    if fmt is not None:
        return str(fmt.value)
    if output is not None:
        return EXTENSIONS.get(output.suffix.casefold(), "table")
    return "table"


def emit(
    result: object,
    fmt: Any,
    output: Path | None,
    color: Color,
    corpus: Any,
    *,
    wide: bool = False,
) -> None:
    """Render a result and send it to stdout or -o FILE (- is stdout)."""
    import io

    from legcompare.render import Options, render

    if output is not None and str(output) == "-":
        output = None
    chosen = output_format(fmt, output)
    cache = corpus.cache
    buffer = io.StringIO()
    target = buffer if output is not None else None
    options = Options(corpus.catalogue, wide=wide, plain=_plain(color, target), memo=cache)
    rendered = render(result, chosen, options, pieces=True)
    if isinstance(rendered, str | Iterator):
        text: str | Iterator[str] = rendered
    else:
        console = _console(color, target)
        console.print(rendered)
        if output is None:
            return
        text = buffer.getvalue()
    if output is None:
        sys.stdout.writelines(text if isinstance(text, Iterator) else (text,))
    else:
        try:
            write_atomic(output, text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
        typer.echo(f"wrote {output}", err=True)
    if cache is not None:
        cache.flush()  # what the renderer kept for the next run


def corpus_version_shown(corpus: Any, fmt: Any, output: Path | None) -> str | None:
    """The corpus version, for a result whose JSON names it at the top; None for the other
    formats, which do not show it (working it out reads every encoding file once more)."""
    if output is not None and str(output) == "-":
        output = None
    if output_format(fmt, output) != "json":
        return None
    from legcompare.versions import versions

    return versions(corpus)["corpus_version"]


def data_dir(option: str | None) -> Any:
    from legcompare.corpus import locate

    return locate(option, cache=_USE_CACHE.get())


def weights_for(data: Any, spec: str) -> tuple[dict[str, float] | None, str]:
    from legcompare.scoring import PROFILES

    if spec in PROFILES:
        return None, spec
    from legcompare.weights import load_weights

    path = Path(spec)
    if not path.exists():
        if path.suffix or len(path.parts) > 1:
            raise UsageError(f"--weights: no such file: {spec}")
        raise UsageError(
            f"--weights: unknown profile {spec!r}; choose from {', '.join(PROFILES)} or give a "
            f"YAML file{did_you_mean(spec, PROFILES)}"
        )
    return load_weights(spec, data.catalogue), f"file:{path.name}"


def schema_value(data: Any, key: str, value: str | None) -> str | None:
    """The schema's own spelling of a --region or --legal-system value (any case); one the schema
    does not name is a usage error with a did-you-mean, not an empty result."""
    if value is None:
        return None
    from legcompare.schema import schema_choices

    choices = schema_choices(data.schema, key)
    for choice in choices:
        if choice.casefold() == value.casefold():
            return choice
    what = key.replace("_", " ")
    raise UsageError(
        f"--{key.replace('_', '-')}: unknown {what} {value!r}; choose from {', '.join(choices)}"
        + did_you_mean(value, choices)
    )


def check_region(data: Any, region: str | None) -> None:
    """A --region the schema does not name is a usage error, not an empty result."""
    schema_value(data, "region", region)


def load_corpus(
    data: Any,
    region: str | None = None,
    as_of: str | None = None,
    *,
    history: bool = False,
    legal_system: str | None = None,
) -> tuple[list[Any], int]:
    """All valid jurisdictions (their law in force on `as_of` when given, or every version with
    `history`; of one region or legal system when given), and how many files failed (reported
    on stderr)."""
    check_region(data, region)
    system = schema_value(data, "legal_system", legal_system)
    day = parse_day(as_of, "--as-of") if as_of else None
    loaded, problems = data.load_all(
        region=region, progress=iter_with_progress, as_of=day, history=history
    )
    jurisdictions = [j for j in loaded if system is None or j.legal_system == system]
    for finding in problems:
        typer.echo(finding.format(), err=True)
    skipped = len({f.path for f in problems})
    if skipped:
        typer.echo(
            f"legcompare: skipped {skipped} invalid file(s); run `legcompare validate`", err=True
        )
    return jurisdictions, skipped


def parse_day(text: str, option: str) -> Any:
    from legcompare.model import iso_day

    day = iso_day(text)
    if day is None:
        raise UsageError(f"{option} {text!r}: the date must be YYYY-MM-DD")
    return day


PROGRESS_MIN = 500  # files: fewer load in about a second, too fast for a progress bar


def iter_with_progress(stream: Iterator[Any], total: int, *, terminal: Any = None) -> Iterator[Any]:
    """The items of `stream`, with a progress bar on stderr (or `terminal`) while a large corpus
    loads, when that is a terminal."""
    terminal = terminal or sys.stderr
    if total < PROGRESS_MIN or not terminal.isatty():
        yield from stream
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=terminal), transient=True) as bar:
        task = bar.add_task("checking encodings", total=total)
        for item in stream:
            bar.advance(task)
            yield item


def exit_if_skipped(skipped: int) -> None:
    """Exit 1 after the output when some corpus files could not be used."""
    if skipped:
        raise typer.Exit(1)
