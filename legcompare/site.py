"""The static website of a corpus (`legcompare site DIR`): the coverage heatmap with filters, a
page per jurisdiction (and per earlier version of its law), a page per element, a compare page,
the trends and a search over names, citations and quotes.

Pages are made with the templates, status colours, symbols and words of the HTML reports
(`render.html`, `templates/`), so the site and `matrix --format html` cannot disagree. The site
is self-contained: no page loads anything from elsewhere (the sources are plain links), and it
works from file:// as from any static host. The same corpus gives the same bytes: no
timestamps, every list in a fixed order.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from legcompare import __version__
from legcompare.compare import matrix
from legcompare.errors import UsageError
from legcompare.files import write_atomic
from legcompare.model import Answer, Catalogue, History, Jurisdiction, Score, Status
from legcompare.render.html import environment, trends_chart
from legcompare.scoring import MIN_COMPLETENESS, Scorer
from legcompare.timeline import by_date, history, trends

MARKER = ".legcompare-site"  # the files the last build wrote, so a rebuild removes stale ones
ASSETS = ("filter.js", "compare.js", "search.js")


@dataclass(frozen=True)
class Law:
    """One version of a jurisdiction's law as the site shows it."""

    key: str  # "ITA", or "DEU.2012-12-05" for an earlier version: its page is j/<key>.html
    jurisdiction: Jurisdiction
    score: Score
    current: bool

    @property
    def label(self) -> str:
        """How the compare page names it: the code, with its date when it is an earlier version."""
        j = self.jurisdiction
        if self.current or j.as_of is None:
            return j.code
        return f"{j.code}@{j.as_of.isoformat()}"


def law_key(jurisdiction: Jurisdiction, *, current: bool) -> str:
    """The key (and page name) of a version: the code, or code.date for an earlier version."""
    if current:
        return jurisdiction.code
    stamp = jurisdiction.as_of.isoformat() if jurisdiction.as_of else "undated"
    return f"{jurisdiction.code}.{stamp}"


def build_site(
    versions: Iterable[Jurisdiction],
    catalogue: Catalogue,
    *,
    current: Collection[str],
    min_completeness: float = MIN_COMPLETENESS,
) -> dict[str, str]:
    """Every file of the site by its path relative to the site's folder, in a fixed order.

    `versions` are the corpus's encodings, current and earlier; `current` holds the paths of the
    current ones (the others are earlier versions of a law).
    """
    everything = list(versions)
    present = [j for j in everything if j.path in current]
    table = matrix(present, catalogue, min_completeness=min_completeness)
    scorer = Scorer(catalogue, min_completeness=min_completeness)
    laws = [Law(row.jurisdiction.code, row.jurisdiction, row.score, True) for row in table.rows]
    earlier = [
        Law(law_key(j, current=False), j, scorer(j), False)
        for j in sorted(
            (j for j in everything if j.path not in current),
            key=lambda j: (j.code, j.as_of or date.min, j.path or ""),
        )
    ]
    keyed = _unique([*laws, *earlier])
    laws = [x for x in keyed.values() if x.current]
    earlier = [x for x in keyed.values() if not x.current]
    timelines = _timelines(everything, current, catalogue, min_completeness)
    by_code: dict[str, list[Law]] = {}
    for law in sorted(keyed.values(), key=_oldest_first):
        by_code.setdefault(law.jurisdiction.code, []).append(law)

    env = environment()
    env.globals.update(
        version=__version__,
        catalogue=catalogue,
        site_title="Kidnapping laws compared",
        in_site={law.key for law in keyed.values()},
        keys={law.jurisdiction.path: law.key for law in keyed.values()},
        cited=cited,
        source_language=source_language,
        pinned=pinned,
    )

    def page(template: str, root: str = "", **context: Any) -> str:
        return str(env.get_template(f"site/{template}").render(root=root, **context))

    trend = trends(everything, catalogue, min_completeness=min_completeness)
    pages: dict[str, str] = {
        "assets/style.css": page("style.css.j2"),
        **{f"assets/{name}": env.loader.get_source(env, f"site/{name}")[0] for name in ASSETS},
        "assets/search-index.js": _search_index(laws, catalogue),
        "index.html": page("index.html.j2", table=table, laws=laws, section="index"),
        "elements.html": page(
            "elements.html.j2", laws=laws, counts=_counts(laws, catalogue), section="elements"
        ),
        "compare.html": page(
            "compare.html.j2",
            laws=[*laws, *earlier],
            data=_script_json(_compare_data([*laws, *earlier], catalogue, env)),
            section="compare",
        ),
        "trends.html": page(
            "trends.html.j2", result=trend, chart=trends_chart(trend), section="trends"
        ),
        "search.html": page("search.html.j2", section="search"),
    }
    for law in keyed.values():
        code = law.jurisdiction.code
        pages[f"j/{law.key}.html"] = page(
            "jurisdiction.html.j2",
            root="../",
            law=law,
            partner=_partner(law, by_code.get(code, []), laws),
            history=timelines.get(code),
        )
    for element in catalogue.elements:
        pages[f"e/{element.id}.html"] = page(
            "element.html.j2", root="../", element=element, groups=_groups(laws, element.id)
        )
    return dict(sorted(pages.items()))


def cited(j: Jurisdiction, answer: Answer, page: str) -> tuple[list[str], list[str]]:
    """The citations an answer rests on and the links to those provisions on `page`."""
    found = [p for p in (j.provision(ref) for ref in answer.provisions) if p is not None]
    return [p.cite for p in found], [f"{page}#p-{p.id}" for p in found]


def pinned(url: str | None) -> str | None:
    """The commit a source's URL is pinned to (a 40-digit hash in its path), shortened."""
    found = re.search(r"/([0-9a-f]{40})(?:/|$)", url or "")
    return found.group(1)[:10] if found else None


def source_language(j: Jurisdiction, source_id: str) -> str | None:
    """The language of one of a jurisdiction's sources (None when it records none)."""
    return next((s.language for s in j.sources if s.id == source_id and s.language), None)


def _partner(law: Law, versions: list[Law], laws: list[Law]) -> Law | None:
    """What a law's page offers to compare it with: the newest other version of the same law,
    else the next law in the heatmap (the one before it, for the last)."""
    others = [v for v in versions if v.key != law.key]
    if others:
        return others[-1]
    rest = [x for x in laws if x.key != law.key]
    if not rest:
        return None
    keys = [x.key for x in laws]
    at = keys.index(law.key) if law.key in keys else 0
    return rest[min(at, len(rest) - 1)]


def _unique(laws: list[Law]) -> dict[str, Law]:
    """The laws by key; a key taken already (a bill with its law's code, two files of one date)
    gets a number."""
    out: dict[str, Law] = {}
    for law in laws:
        key, n = law.key, 1
        while key in out:
            n += 1
            key = f"{law.key}-{n}"
        out[key] = replace(law, key=key)
    return out


def _oldest_first(law: Law) -> tuple[date, bool]:
    return (law.jurisdiction.as_of or date.max, law.current)


def _timelines(
    versions: list[Jurisdiction],
    current: Collection[str],
    catalogue: Catalogue,
    min_completeness: float,
) -> dict[str, History]:
    """The history of every law that has an earlier version (and a current file)."""
    by_code: dict[str, list[Jurisdiction]] = {}
    for j in versions:
        by_code.setdefault(j.code, []).append(j)
    out = {}
    for code, group in sorted(by_code.items()):
        now = [j.path for j in group if j.path in current]
        if len(group) > 1 and now and len(by_date(group)) > 1:
            out[code] = history(group, catalogue, current=now[0], min_completeness=min_completeness)
    return out


def _counts(laws: list[Law], catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """For every element, how many laws answer it with each status."""
    return {
        e.id: {
            s.value: sum(law.jurisdiction.answer(e.id).status is s for law in laws) for s in Status
        }
        for e in catalogue.elements
    }


def _groups(laws: list[Law], element_id: str) -> list[tuple[str, list[Law]]]:
    """The laws by how they answer an element, in the order of the statuses, each by name."""
    ordered = sorted(laws, key=lambda law: (law.jurisdiction.name, law.key))
    return [
        (status.value, [x for x in ordered if x.jurisdiction.answer(element_id).status is status])
        for status in Status
    ]


def _compare_data(laws: list[Law], catalogue: Catalogue, env: Any) -> dict[str, Any]:
    """What the compare page's script needs: every law's answers as ready-made, escaped table
    cells (the macro the reports use), the elements, and each status's credit."""
    parts = env.get_template("site/parts.html.j2").module
    cell = env.get_template("macros.html.j2").module.answer_cell
    data: dict[str, Any] = {}
    for law in laws:
        j = law.jurisdiction
        answers = {}
        for element in catalogue.elements:
            answer = j.answer(element.id)
            cites, hrefs = cited(j, answer, f"j/{law.key}.html")
            html = cell(answer, cites, lang=j.language(answer), hrefs=hrefs)
            answers[element.id] = [answer.status.value, str(html)]
        data[law.key] = {
            "label": law.label,
            "head": str(parts.compare_head(law)),
            "answers": answers,
        }
    return {
        "credit": {s.value: s.credit for s in Status},
        "elements": [[e.id, str(parts.element_th(e))] for e in catalogue.elements],
        "laws": data,
    }


def _search_index(laws: list[Law], catalogue: Catalogue) -> str:
    """The search index: one entry per jurisdiction, element, provision and answer with words
    (kind, title, link, text), in a script that works from file:// (no fetch needed)."""
    docs: list[list[str]] = [
        ["element", e.label, f"e/{e.id}.html", f"{e.id} {e.question}"] for e in catalogue.elements
    ]
    labels = {e.id: e.label for e in catalogue.elements}
    for law in sorted(laws, key=lambda x: x.key):
        j, page = law.jurisdiction, f"j/{law.key}.html"
        who = f"{j.name} ({j.code})"
        place = [j.region, j.subregion, (j.legal_system or "").replace("_", " ")]
        docs.append(["jurisdiction", who, page, " ".join(p for p in place if p)])
        for p in j.provisions:
            docs.append(["provision", f"{who}: {p.cite}", f"{page}#p-{p.id}", p.heading or ""])
        for element_id, answer in sorted(j.answers.items()):
            words = [*j.cites(answer), answer.quote, answer.translation, answer.note]
            text = " · ".join(dict.fromkeys(w for w in words if w))
            if answer.quote or answer.note:
                title = f"{who}: {labels.get(element_id, element_id)}"
                docs.append(["answer", title, f"{page}#e-{element_id}", text])
    return f"window.LC_SEARCH = {_json(docs)};\n"


def _json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` survive as such."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_json(value: object) -> Any:
    from markupsafe import Markup

    return Markup(_json(value))  # escaped for a script element by _json


def check_folder(folder: Path, *, force: bool = False) -> None:
    """Refuse a folder the site must not be written into: a file, or a folder holding other
    files than an earlier build of the site (unless `force`)."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    ours = (folder / MARKER).is_file()
    if folder.is_dir() and not force and not ours and any(folder.iterdir()):
        raise UsageError(
            f"{folder} holds other files than a site legcompare built; "
            "choose an empty folder or use --force"
        )


def write_site(folder: Path, pages: Mapping[str, str], *, force: bool = False) -> None:
    """Write the site's files into `folder`, and remove the files an earlier build wrote there
    that this one no longer has (a jurisdiction removed from the corpus)."""
    check_folder(folder, force=force)
    before = _built_before(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, text)
    for name in sorted(before - set(pages)):
        (folder / name).unlink(missing_ok=True)
    write_atomic(folder / MARKER, "".join(f"{name}\n" for name in pages))


def _built_before(folder: Path) -> set[str]:
    """The files an earlier build listed, those that lie inside the folder only."""
    try:
        listed = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    safe = (PurePosixPath(n) for n in listed if n)
    return {str(p) for p in safe if not p.is_absolute() and ".." not in p.parts}
