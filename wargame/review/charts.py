"""Charts of indicators and scores over time: sparklines for the terminal and
Markdown, hand-written SVG for the HTML report (no scripts, no libraries)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

BLOCKS = "▁▂▃▄▅▆▇█"

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F7F00", "#000000")
"""Okabe-Ito colours, which colour-blind readers can tell apart."""


def resample(values: Sequence[float], width: int) -> list[float]:
    """At most `width` values: the last value of each of `width` equal buckets."""
    if width <= 0 or len(values) <= width:
        return list(values)
    n = len(values)
    return [values[min(n - 1, (k + 1) * n // width - 1)] for k in range(width)]


def sparkline(values: Sequence[float], lo: float | None = None, hi: float | None = None, width: int = 0) -> str:
    """`▁▃▅█`-style line of the values, scaled between `lo` and `hi`
    (default: their own minimum and maximum)."""
    vals = resample(values, width)
    if not vals:
        return ""
    lo = min(vals) if lo is None else lo
    hi = max(vals) if hi is None else hi
    if hi <= lo:
        return BLOCKS[len(BLOCKS) // 2] * len(vals)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[max(0, min(top, round((v - lo) / (hi - lo) * top)))] for v in vals)


def _fmt(v: float) -> str:
    return f"{v:g}" if abs(v) < 1e6 else f"{v:.3g}"


def svg_chart(
    title: str,
    series: Mapping[str, Sequence[tuple[float, float]]],
    y_range: tuple[float, float] | None = None,
    markers: Sequence[tuple[float, str]] = (),
    width: int = 420,
    height: int = 180,
    x_label: str = "round",
) -> str:
    """A line chart as inline SVG: one line per series of (x, y) points,
    a legend, and labelled vertical markers (phase changes)."""
    points = [p for pts in series.values() for p in pts]
    if not points:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img"><text x="4" y="24">{escape(title)}: no data</text></svg>'
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1 = min(xs), max(xs)
    if x1 == x0:
        x1 = x0 + 1
    y0, y1 = y_range if y_range is not None else nice_range(min(ys), max(ys))
    if y1 <= y0:
        y0, y1 = y0 - 1, y1 + 1
    legend_rows = (len(series) + 2) // 3
    left, right, top, bottom = 44, 10, 22, 30 + 14 * legend_rows
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - (min(max(y, y0), y1) - y0) / (y1 - y0) * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="14" font-size="12" font-weight="bold">{escape(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#999"/>',
    ]
    for k in range(5):
        yv = y0 + (y1 - y0) * k / 4
        y = sy(yv)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + pw}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" fill="#555">{_fmt(round(yv, 1))}</text>')
    ticks = _ticks(x0, x1)
    for xv in ticks:
        x = sx(xv)
        out.append(f'<text x="{x:.1f}" y="{top + ph + 12}" text-anchor="middle" fill="#555">{_fmt(xv)}</text>')
    out.append(
        f'<text x="{left + pw / 2:.1f}" y="{top + ph + 24}" text-anchor="middle" fill="#555">{escape(x_label)}</text>'
    )
    for xv, label in markers:
        x = sx(xv)
        out.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#888" stroke-dasharray="3,3">'
            f"<title>{escape(label)}</title></line>"
        )
    for k, (name, pts) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        if not pts:
            continue
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in pts)
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        if len(pts) <= 40:
            for x, y in pts:
                out.append(
                    f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="2.2" fill="{colour}">'
                    f"<title>{escape(name)}: {_fmt(y)} at {escape(x_label)} {_fmt(x)}</title></circle>"
                )
        lx = left + (k % 3) * (pw // 3)
        ly = top + ph + 38 + (k // 3) * 14
        out.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="3" fill="{colour}"/>')
        out.append(f'<text x="{lx + 14}" y="{ly - 4}">{escape(name)} ({_fmt(pts[-1][1])})</text>')
    out.append("</svg>")
    return "\n".join(out)


def nice_range(lo: float, hi: float, steps: int = 4) -> tuple[float, float]:
    """A range around [lo, hi] whose `steps` equal parts are round numbers."""
    if hi <= lo:
        return lo - 1, hi + 1
    raw = (hi - lo) / steps
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    while True:
        a, b = math.floor(lo / step) * step, math.ceil(hi / step) * step
        if (b - a) / step <= steps:
            return a, a + steps * step
        step = next(m * mag for m in (1, 2, 2.5, 5, 10, 20, 25, 50, 100) if m * mag > step)


def _ticks(x0: float, x1: float, most: int = 12) -> list[float]:
    span = x1 - x0
    step = 1.0
    while span / step > most:
        step *= 2 if str(int(step))[0] in "15" else 2.5
    first = int(x0 // step) * step
    ticks = []
    x = first
    while x <= x1 + 1e-9:
        if x >= x0:
            ticks.append(round(x, 6))
        x += step
    return ticks
