"""A small SVG line chart, written here so that reports need no library and no network.

Values are percentages (0-100) by year; a series may have gaps (None), where its line breaks.
Every label is escaped; the SVG has a title and a description for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 16, 30
# Colour-blind-safe (Okabe-Ito) and distinguished by dash pattern too, so print in grey works.
STYLES = (("#0072B2", ""), ("#D55E00", "6 3"), ("#009E73", "2 3"), ("#CC79A7", "8 3 2 3"))


def line_chart(
    title: str, years: Sequence[int], series: Sequence[tuple[str, Sequence[float | None]]]
) -> str:
    """An SVG chart of each series (label, one value per year) on a 0-100 scale."""
    if not years:
        return ""
    first, last = years[0], years[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (plot_w * (year - first) / (last - first) if last > first else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / 100)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        '<g font-size="11" font-family="system-ui, sans-serif" fill="#333">',
    ]
    for tick in range(0, 101, 25):
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    for year in _year_ticks(first, last):
        out.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{year}</text>'
        )
    for index, (label, values) in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        for run in _runs(years, values):
            points = " ".join(f"{x(year):.1f},{y(value):.1f}" for year, value in run)
            out.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>'
            )
        key_y = TOP + 14 + 18 * index
        out.append(
            f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 36}" y1="{key_y - 4}" '
            f'y2="{key_y - 4}" stroke="{colour}" stroke-width="2"{dashes}/>'
            f'<text x="{WIDTH - RIGHT + 42}" y="{key_y}">{escape(label)}</text>'
        )
    out += ["</g>", "</svg>"]
    return "\n".join(out)


def _runs(years: Sequence[int], values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The stretches of consecutive years that have a value (a line breaks at a gap)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year, value in zip(years, values, strict=True):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((year, value))
    return [run for run in runs if run]


def _year_ticks(first: int, last: int) -> list[int]:
    """Year labels that do not crowd: at most about ten, on round years."""
    span = last - first
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 10), 100)
    start = first + (-first % step)
    ticks = list(range(start, last + 1, step))
    return ticks or [first]
