"""The site in a real browser: Debian's Chromium, headless, driven over the DevTools protocol
through a pipe (no driver library, no network). Each page is opened from file://; the test
collects uncaught exceptions, console errors and warnings, failed loads and every request that
leaves file://, checks the content the page shows (after its scripts ran), and saves a
screenshot in the test's temporary folder.

`make browser` (run by `make test`) installs Chromium when it is missing and it can (as root,
with apt-get). Without it the test skips, unless LEGCOMPARE_BROWSER=required (set by .ci/run),
when it fails.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import ROOT, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe", "--window-size=1280,900", "--hide-scrollbars",
)  # fmt: skip
TIMEOUT = 30.0  # seconds for any one answer of the browser
ALL = "[...document.querySelectorAll"  # completed by the checks: ALL + "('sel')].map(...)"

pytestmark = pytest.mark.slow


@dataclass
class Visit:
    """What happened while a page loaded."""

    url: str
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


class Browser:
    """Chromium over the DevTools protocol on fds 3 (commands in) and 4 (answers out), messages
    separated by NUL bytes."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def wire() -> None:
            # In the child, before exec: the pipes become fds 3 and 4 (copied out of the way
            # first, in case either already is 3 or 4); fds 3 and 4 are kept by `pass_fds`.
            ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
            self.session = attached["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network"):
                self.call(f"{domain}.enable", session=self.session)
        except BaseException:
            self.close()
            raise

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._write, json.dumps(message).encode() + b"\0")

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return dict(json.loads(message))

    def call(self, method: str, params: Any = None, session: str | None = None) -> Any:
        """Send a command and wait for its answer (events that arrive meanwhile are kept)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, event: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._receive(deadline))

    def open(self, url: str) -> Visit:
        """Load a page and report its problems: exceptions, console errors and warnings, log
        entries of level error or warning (a failed load), and every request not to file://."""
        for address in ("about:blank", url):  # a fresh load, even when only the fragment differs
            self.events.clear()
            self.call("Page.navigate", {"url": address}, self.session)
            self.wait_for("Page.loadEventFired")
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        visit = Visit(url)
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                text = details.get("exception", {}).get("description") or details.get("text")
                visit.problems.append(f"exception: {text}")
            elif method == "Runtime.consoleAPICalled" and params["type"] in (
                "error",
                "warning",
                "assert",
            ):
                args = " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                visit.problems.append(f"console.{params['type']}: {args}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                entry = params["entry"]
                visit.problems.append(f"log: {entry['text']} {entry.get('url', '')}".strip())
            elif method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
        return visit

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, key: str, code: str, key_code: int) -> None:
        """One key pressed and released, as the keyboard sends it."""
        for kind in ("keyDown", "keyUp"):
            self.call(
                "Input.dispatchKeyEvent",
                {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code},
                self.session,
            )

    def screenshot(self, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", {"format": "png"}, self.session)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if CHROMIUM is None:
        reason = (
            "chromium is not installed; `make browser` installs Debian's package "
            "(apt-get install chromium, as root)"
        )
        if os.environ.get("LEGCOMPARE_BROWSER") == "required":
            pytest.fail(f"LEGCOMPARE_BROWSER=required, but {reason}")
        pytest.skip(reason)
    chromium = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser-site") / "out"
    code, out, err = run(CliRunner(), "site", str(folder), "--data", str(ROOT))
    assert code == 0, out + err
    return folder


# Every element that shows text, its colour against the background it is drawn on (the first
# ancestor with one), as WCAG computes contrast; the ones below 4.5:1 are returned.
LOW_CONTRAST = """
(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ground = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0) { return c.slice(0, 3); }
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll("body *")) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !el.getClientRects().length || el.closest(".sr, svg")) { continue; }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(ground(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) { low.push(el.tagName + "." + el.className + ": " + ratio.toFixed(2)); }
  }
  return low;
})()
"""


def clean(visit: Visit) -> None:
    """No problem reported, and every request stayed on file://."""
    assert visit.problems == [], visit.url
    away = [url for url in visit.requests if not url.startswith("file://")]
    assert away == [], visit.url
    assert visit.requests, "no request was seen: the check would see nothing"


def test_the_checker_sees_errors_failed_loads_and_outside_requests(
    browser: Browser, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>broken</title>'
        '<link rel="stylesheet" href="https://example.invalid/x.css">'
        '<script src="missing.js"></script></head><body>'
        '<p style="color: #999999">faint</p><p style="background: #136f37">dark on green</p>'
        "<script>console.error('said so'); undefinedFunction();</script></body></html>",
        encoding="utf-8",
    )
    visit = browser.open(broken.as_uri())
    found = " | ".join(visit.problems)
    assert "said so" in found and "undefinedFunction" in found, found
    assert "missing.js" in found or "ERR_FILE_NOT_FOUND" in found, found
    assert "https://example.invalid/x.css" in visit.requests
    assert browser.evaluate(LOW_CONTRAST) == ["P.: 2.85", "P.: 3.36"]


def test_the_index_filters_by_region_and_core_elements(
    browser: Browser, site: Path, tmp_path: Path
) -> None:
    visit = browser.open((site / "index.html").as_uri())
    clean(visit)
    assert browser.evaluate("document.title").startswith("Kidnapping law coverage")
    rows = browser.evaluate("document.querySelectorAll('#heat tbody tr').length")
    assert rows > 50
    assert browser.evaluate("document.getElementById('filters').hidden") is False
    assert browser.evaluate("document.getElementById('shown').textContent") == (
        f"{rows} of {rows} jurisdictions shown"
    )
    assert browser.evaluate(LOW_CONTRAST) == []
    browser.screenshot(tmp_path / "index.png")
    clean(browser.open((site / "index.html").as_uri() + "#region=Europe&core=1"))
    visible = f"{ALL}('#heat tbody tr')].filter(r => !r.hidden)"
    shown = browser.evaluate(f"{visible}.map(r => r.dataset.region)")
    assert shown and set(shown) == {"Europe"} and len(shown) < rows
    columns = browser.evaluate(f"{ALL}('#heat thead th')].filter(th => th.offsetWidth).length")
    assert columns == 4 + 10  # jurisdiction, scores, completeness, the ten core elements
    browser.screenshot(tmp_path / "index-europe-core.png")
    assert (tmp_path / "index.png").read_bytes().startswith(b"\x89PNG")


def test_the_index_prints_in_landscape_without_the_controls(
    browser: Browser, site: Path, tmp_path: Path
) -> None:
    clean(browser.open((site / "index.html").as_uri()))
    pdf = browser.call("Page.printToPDF", {"preferCSSPageSize": True}, browser.session)
    data = base64.b64decode(pdf["data"])
    (tmp_path / "index.pdf").write_bytes(data)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(float(w) > float(h) for w, h in boxes)  # A4 landscape: 842 x 595
    browser.call("Emulation.setEmulatedMedia", {"media": "print"}, browser.session)
    try:
        style = "(s) => getComputedStyle(document.querySelector(s))"
        assert browser.evaluate(f"({style})('header.site').display") == "none"
        assert browser.evaluate(f"({style})('#filters').display") == "none"
        assert browser.evaluate(f"({style})('#heat thead th').position") == "static"
    finally:
        browser.call("Emulation.setEmulatedMedia", {"media": ""}, browser.session)


def test_a_jurisdiction_page_shows_its_evidence(
    browser: Browser, site: Path, tmp_path: Path
) -> None:
    clean(browser.open((site / "j" / "DEU.html").as_uri()))
    assert browser.evaluate("document.querySelector('h1').textContent") == "Germany (DEU)"
    answers = browser.evaluate("document.querySelectorAll('tr[id^=\"e-\"]').length")
    assert answers == 36
    assert browser.evaluate("document.querySelectorAll('blockquote[lang=\"de\"]').length") > 30
    assert browser.evaluate("!!document.getElementById('versions')")
    assert browser.evaluate(LOW_CONTRAST) == []
    browser.screenshot(tmp_path / "DEU.png")


def test_an_element_page_groups_the_laws(browser: Browser, site: Path, tmp_path: Path) -> None:
    clean(browser.open((site / "e" / "purpose_ransom_or_material_benefit.html").as_uri()))
    text = browser.evaluate("document.querySelector('main').innerText")
    assert "Drafting note" in text and "Italy (ITA)" in text
    assert "ingiusto profitto" in text  # the Italian wording, as quoted
    assert browser.evaluate(LOW_CONTRAST) == []
    browser.screenshot(tmp_path / "element.png")


def test_the_compare_page_draws_the_diff(browser: Browser, site: Path, tmp_path: Path) -> None:
    clean(browser.open((site / "compare.html").as_uri() + "#a=DEU.2012-12-05&b=DEU&all=1"))
    assert browser.evaluate("document.getElementById('pick').hidden") is False
    heads = browser.evaluate(f"{ALL}('#result thead th')].map(t => t.textContent)")
    assert heads == ["element", "DEU@2012-12-05", "DEU"]
    assert browser.evaluate("document.querySelectorAll('#result tbody tr').length") == 36
    assert "elements the same" in browser.evaluate("document.querySelector('.counts').textContent")
    assert browser.evaluate(LOW_CONTRAST) == []
    browser.screenshot(tmp_path / "compare-versions.png")
    clean(browser.open((site / "compare.html").as_uri() + "#a=ITA&b=COL"))
    rows = browser.evaluate("document.querySelectorAll('#result tbody tr').length")
    assert 0 < rows < 36  # only the differences
    assert browser.evaluate("document.title").startswith("ITA compared with COL")
    browser.screenshot(tmp_path / "compare.png")


def test_search_finds_a_quote_by_words_without_accents(browser: Browser, site: Path) -> None:
    clean(browser.open((site / "search.html").as_uri() + "?q=LIBERACION+ventaja"))
    found = browser.evaluate(f"{ALL}('#results a')].map(a => a.getAttribute('href'))")
    assert found and all(href.startswith("j/") for href in found)
    clean(browser.open((site / "search.html").as_uri() + "?q=zzqqxx"))
    status = browser.evaluate("document.getElementById('search-status').textContent")
    assert status.startswith("Nothing found"), status


def test_the_keyboard_reaches_the_content_first(browser: Browser, site: Path) -> None:
    clean(browser.open((site / "j" / "ITA.html").as_uri()))
    browser.press("Tab", "Tab", 9)
    assert browser.evaluate("document.activeElement.textContent") == "Skip to content"
    browser.press("Enter", "Enter", 13)
    assert browser.evaluate("document.activeElement.id") == "main"
    browser.press("Tab", "Tab", 9)
    focused = browser.evaluate("document.activeElement.closest('main') !== null")
    assert focused, "Tab after skipping should land inside the content"
