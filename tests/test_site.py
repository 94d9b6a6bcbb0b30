"""The static site (`legcompare site`): its files checked as files. Every internal link resolves,
every page has a title, nothing is loaded from elsewhere, user strings are escaped, and the same
corpus gives the same bytes. tests/test_site_browser.py opens the pages in Chromium."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from typer.testing import CliRunner

from legcompare.corpus import DataDir
from legcompare.model import Status
from legcompare.render.html import STATUS_SYMBOLS, STATUS_WORDS
from legcompare.site import MARKER, build_site

from conftest import ROOT, XYZ, run, xyz_with_history

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """What the checks need from one HTML file: its title, ids, links and loaded resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.lang: str | None = None
        self.ids: set[str] = set()
        self.links: list[str] = []  # <a href>: followed only when the reader clicks
        self.loads: list[str] = []  # src, <link href>: fetched by the browser on its own
        self.scripts: list[str] = []  # the text of inline scripts
        self.lang_quotes: list[str | None] = []  # the lang of every <blockquote>
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href") is not None:
            self.links.append(str(a["href"]))
        elif a.get("href") is not None:  # <link>, <use>, <base>: loaded, not followed
            self.loads.append(str(a["href"]))
        for name in ("src", "srcset", "data", "poster", "action", "formaction"):
            if a.get(name) is not None and not (tag == "form" and name == "action"):
                self.loads.append(str(a[name]))
        if tag == "form" and a.get("action"):
            self.links.append(str(a["action"]))
        if tag == "blockquote":
            self.lang_quotes.append(a.get("lang"))
        if tag in ("title", "script"):
            self._in = tag
            if tag == "script" and a.get("src") is None:
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script" and self.scripts:
            self.scripts[-1] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the shipped corpus, built once through the command line."""
    folder = tmp_path_factory.mktemp("site") / "out"
    code, out, err = run(CliRunner(), "site", str(folder), "--data", str(ROOT))
    assert code == 0, out + err
    return folder


def html_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def compare_keys(folder: Path) -> set[str]:
    (data,) = parse(folder / "compare.html").scripts
    return set(json.loads(data)["laws"])


def test_the_site_has_every_page(site: Path, corpus: DataDir) -> None:
    codes = {p.stem for p in corpus.paths()}
    pages = {p.relative_to(site).as_posix() for p in html_files(site)}
    assert {f"j/{code}.html" for code in codes} <= pages
    assert {f"e/{e.id}.html" for e in corpus.catalogue.elements} <= pages
    assert {"index.html", "elements.html", "compare.html", "trends.html", "search.html"} <= pages
    earlier = {f"j/{p.parent.name}.{p.stem}.html" for p in corpus.history_paths()}
    assert earlier and earlier <= pages
    assert len(pages) == len(codes) + len(earlier) + len(corpus.catalogue.elements) + 5


def test_every_page_has_a_title_a_language_and_a_way_to_skip_to_its_content(site: Path) -> None:
    for path in html_files(site):
        page = parse(path)
        assert page.title.strip() and "·" in page.title, path
        assert page.lang == "en", path
        assert "#main" in page.links and "main" in page.ids, path


def test_every_internal_link_resolves(site: Path) -> None:
    keys = compare_keys(site)
    pages = {path: parse(path) for path in html_files(site)}
    checked = 0
    for path, page in pages.items():
        for link in page.links + page.loads:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme and not parts.netloc, f"{path}: {link}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{path}: {link} -> no such file"
            assert site.resolve() in target.parents, f"{path}: {link} leaves the site"
            if "=" in parts.fragment:  # the state of a script's page: compare.html#a=X&b=Y
                state = parse_qs(parts.fragment)
                assert target.name == "compare.html", f"{path}: {link}"
                assert {state["a"][0], state["b"][0]} <= keys, f"{path}: {link}"
            elif parts.fragment:
                ids = pages[target].ids if target in pages else set()
                assert parts.fragment in ids, f"{path}: {link} -> no #{parts.fragment}"
            checked += 1
    assert checked > 10_000


def test_the_links_the_scripts_write_resolve_too(site: Path) -> None:
    """The search results' links and the compare page's ready-made cells point at real pages
    and anchors, like the links of the pages themselves."""
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    links = [doc[2] for doc in json.loads(text[text.index("[") : -2])]
    (data,) = parse(site / "compare.html").scripts
    compare = json.loads(data)
    cells = [cell for law in compare["laws"].values() for _, cell in law["answers"].values()]
    heads = [law["head"] for law in compare["laws"].values()]
    for html in [*cells, *heads, *(th for _, th in compare["elements"])]:
        links += re.findall(r'href="([^"]+)"', html)
    ids: dict[Path, set[str]] = {}
    for link in links:
        parts = urlsplit(link)
        target = site / parts.path
        assert target.is_file(), link
        if parts.fragment:
            found = ids.setdefault(target, parse(target).ids)
            assert parts.fragment in found, link
    assert len(links) > 5_000


def test_the_link_checker_sees_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="b.html#nowhere">b</a><a href="c.html">c</a>')
    (tmp_path / "b.html").write_text('<p id="somewhere">b</p>')
    page = parse(tmp_path / "a.html")
    assert page.links == ["b.html#nowhere", "c.html"]
    assert "nowhere" not in parse(tmp_path / "b.html").ids
    assert not (tmp_path / "c.html").exists()


def test_nothing_is_loaded_from_elsewhere(site: Path) -> None:
    for path in html_files(site):
        page = parse(path)
        for url in page.loads:
            assert not re.match(r"^\s*(https?:)?//", url), f"{path} loads {url}"
        for script in page.scripts:
            assert "http" not in script.replace("http://www.w3.org", ""), path
    for path in (site / "assets").iterdir():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            assert "url(" not in text and "@import" not in text, path
        elif path.name != "search-index.js":  # the index holds the sources' words, not code
            assert not re.search(r"https?:|fetch\(|XMLHttpRequest|import\(", text), path


def test_sources_are_plain_links_pinned_where_read(site: Path, corpus: DataDir) -> None:
    law = corpus.load("DEU")
    page = (site / "j" / "DEU.html").read_text(encoding="utf-8")
    for source in law.sources:
        assert source.url is not None
        assert f'<a href="{source.url}" rel="noopener">' in page
        assert str(source.retrieved) in page
        commit = re.search(r"/([0-9a-f]{40})/", source.url)
        assert commit and f"pinned to commit {commit.group(1)[:10]}" in page


def test_quotes_carry_the_language_of_their_source(site: Path) -> None:
    page = parse(site / "j" / "DEU.html")
    assert page.lang_quotes.count("de") > 30  # quotes and provision texts in German
    text = (site / "j" / "DEU.html").read_text(encoding="utf-8")
    assert '<div class="tr" lang="en">' in text
    element = parse(site / "e" / "purpose_ransom_or_material_benefit.html")
    assert {"de", "es", "it"} <= set(element.lang_quotes)


def test_the_index_uses_the_reports_statuses_and_offers_the_filters(
    site: Path, corpus: DataDir
) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-region="([^"]*)" data-system="([^"]*)">', index)
    assert len(rows) == len(corpus.paths())
    for region, system in set(rows):
        assert f'<option value="{region}">' in index and f'<option value="{system}">' in index
    for status in Status:
        cell = f'class="s {status.value}'
        word = (
            f'{STATUS_SYMBOLS[status.value]}<span class="sr"> {STATUS_WORDS[status.value]}</span>'
        )
        assert status is Status.NOT_APPLICABLE or (cell in index and word in index)
    assert 'name="core"' in index and index.count(" noncore") > 26 * len(rows)
    style = (site / "assets" / "style.css").read_text(encoding="utf-8")
    shared = (ROOT / "legcompare" / "templates" / "status.css").read_text(encoding="utf-8")
    assert shared.strip() in style  # one home for the status colours
    assert "@page { size: A4 landscape" in style and "position: sticky" in style


def test_an_element_page_groups_every_law_by_status(site: Path, corpus: DataDir) -> None:
    page = (site / "e" / "purpose_ransom_or_material_benefit.html").read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r'class="\w+ count">[^:]+: (\d+)</a>', page)]
    assert len(counts) == len(Status) and sum(counts) == len(corpus.paths())
    assert "Drafting note" in page and "Guidance" in page
    assert page.count('<tr><th scope="row"><a href="../j/') == len(corpus.paths())


def test_a_law_with_history_shows_its_versions(site: Path) -> None:
    page = (site / "j" / "DEU.html").read_text(encoding="utf-8")
    assert 'id="versions"' in page and 'href="DEU.2012-12-05.html"' in page
    assert "compare.html#a=DEU&amp;b=DEU.2012-12-05" in page
    old = (site / "j" / "DEU.2012-12-05.html").read_text(encoding="utf-8")
    assert "An earlier version of this law." in old and 'href="DEU.html"' in old


def test_the_compare_data_holds_every_law_and_version(site: Path, corpus: DataDir) -> None:
    (data,) = parse(site / "compare.html").scripts
    laws = json.loads(data)["laws"]
    assert len(laws) == len(corpus.paths()) + len(corpus.history_paths())
    assert laws["DEU.2012-12-05"]["label"] == "DEU@2012-12-05"
    status, cell = laws["DEU"]["answers"]["purpose_ransom_or_material_benefit"]
    assert status == "present" and cell.startswith('<td class="present">● present')
    assert 'href="j/DEU.html#p-' in cell and 'lang="de"' in cell


def test_the_search_index_covers_names_citations_and_quotes(site: Path, corpus: DataDir) -> None:
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.LC_SEARCH = "
    assert text.startswith(prefix) and text.endswith(";\n")
    docs = json.loads(text[len(prefix) : -2])
    kinds = {kind for kind, *_ in docs}
    assert kinds == {"jurisdiction", "element", "provision", "answer"}
    law = corpus.load("ITA")
    quote = law.answer("purpose_ransom_or_material_benefit").quote
    assert quote and any(quote in doc[3] for doc in docs)
    assert ["jurisdiction", "Italy (ITA)", "j/ITA.html"] in [doc[:3] for doc in docs]


def test_user_strings_are_escaped_everywhere(tmp_path: Path, runner: CliRunner) -> None:
    data = xyz_with_history(tmp_path / "data")
    current = data / "countries" / "XYZ.yaml"
    hostile = (
        XYZ.replace("name: Testland", f"name: '{HOSTILE}'")
        .replace("title: Testland Penal Code", f"title: '{HOSTILE}'")
        .replace("note: Deceit is covered; enticement is not named.", f"note: '{HOSTILE}'")
        .replace("heading: Kidnapping", f"heading: '{HOSTILE}'")
    )
    assert hostile.count(HOSTILE) == 4
    current.write_text(hostile, encoding="utf-8")
    folder = tmp_path / "out"
    code, out, err = run(runner, "site", str(folder), "--data", str(data))
    assert code == 0, out + err
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img" not in text, path
    page = (folder / "j" / "XYZ.html").read_text(encoding="utf-8")
    assert page.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") >= 4
    compare = (folder / "compare.html").read_text(encoding="utf-8")
    (data,) = parse(folder / "compare.html").scripts
    assert "\\u0026lt;script\\u0026gt;alert" in data and "<" not in data  # HTML-, then JSON-escaped
    assert compare.count("</script") == 2  # the data's and compare.js's own
    index = (folder / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert '\\u003cscript\\u003ealert(\\"x\\")' in index


def test_the_same_corpus_gives_the_same_bytes(corpus: DataDir) -> None:
    versions, problems = corpus.load_all(history=True)
    assert not problems
    current = {str(p) for p in corpus.paths()}
    first = build_site(versions, corpus.catalogue, current=current)
    second = build_site(list(reversed(versions)), corpus.catalogue, current=current)
    assert first == second
    # Earlier versions of different laws with the same date keep their order too.
    (old,) = (v for v in versions if v.code == "DEU" and v.path not in current)
    twin = replace(old, code="AUT", path=old.path.replace("DEU", "AUT"))
    both = [*versions, twin]
    once = build_site(both, corpus.catalogue, current=current)
    assert once == build_site(list(reversed(both)), corpus.catalogue, current=current)


def test_a_rebuild_removes_what_the_corpus_no_longer_has(tmp_path: Path, runner: CliRunner) -> None:
    data = xyz_with_history(tmp_path / "data")
    folder = tmp_path / "out"
    assert run(runner, "site", str(folder), "--data", str(data))[0] == 0
    old = folder / "j" / "XYZ.2015-06-30.html"
    assert old.is_file() and "j/XYZ.2015-06-30.html" in (folder / MARKER).read_text()
    (data / "countries" / "history" / "XYZ" / "2015-06-30.yaml").unlink()
    code, out, err = run(runner, "site", str(folder), "--data", str(data))
    assert code == 0, out + err
    assert not old.exists() and (folder / "j" / "XYZ.html").is_file()
    assert "Versions over time" not in (folder / "j" / "XYZ.html").read_text(encoding="utf-8")


def test_a_forged_list_of_earlier_files_cannot_remove_anything_outside(
    tmp_path: Path, runner: CliRunner
) -> None:
    data = xyz_with_history(tmp_path / "data")
    folder = tmp_path / "out"
    folder.mkdir()
    outside = tmp_path / "keep.txt"
    outside.write_text("mine")
    (folder / MARKER).write_text(f"../keep.txt\n{outside}\n")
    assert run(runner, "site", str(folder), "--data", str(data))[0] == 0
    assert outside.read_text() == "mine"


def test_a_folder_with_other_files_is_refused(tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep")
    code, out, err = run(runner, "site", str(folder))
    assert code == 2, out + err
    assert "holds other files" in err and "--force" in err and "Traceback" not in err
    code, out, err = run(runner, "site", str(folder / "notes.txt"))
    assert code == 2 and "is not a folder" in err, err
    code, out, err = run(runner, "site", str(folder / "notes.txt" / "out"), "--data", str(ROOT))
    assert code == 2 and "cannot write the site into" in err and "Traceback" not in err, err
    code, out, err = run(runner, "site", str(folder), "--force", "--data", str(ROOT))
    assert code == 0, out + err
    assert (folder / "notes.txt").read_text() == "keep" and (folder / "index.html").is_file()


def test_an_invalid_file_is_reported_and_the_rest_published(
    tmp_path: Path, runner: CliRunner
) -> None:
    data = xyz_with_history(tmp_path / "data")
    (data / "countries" / "ABC.yaml").write_text("jurisdiction: {code: ABC}\n", encoding="utf-8")
    code, out, err = run(runner, "site", str(tmp_path / "out"), "--data", str(data))
    assert code == 1, out + err
    assert "ABC.yaml" in err and "skipped 1 invalid file" in err
    assert (tmp_path / "out" / "j" / "XYZ.html").is_file()
    assert not (tmp_path / "out" / "j" / "ABC.html").exists()


def test_site_help_has_an_example_and_the_readme_documents_it(runner: CliRunner) -> None:
    code, out, _ = run(runner, "site", "--help")
    assert code == 0, out
    assert "Example: legcompare site" in out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "legcompare site" in readme and "docs/site.png" in readme
    assert (ROOT / "docs" / "site.png").read_bytes().startswith(b"\x89PNG")
