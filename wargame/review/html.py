"""The class report as one self-contained HTML page: inline CSS, inline SVG
charts, no scripts, nothing fetched. Open it in any browser or print it."""

from __future__ import annotations

from html import escape

from wargame.review import debrief
from wargame.review.charts import svg_chart
from wargame.review.report import (
    MOVED,
    agreement_rows,
    baseline_lines,
    facts,
    indicator_rows,
    inject_rows,
    phase_markers,
    rule_rows,
    seal,
    vote_rows,
)
from wargame.review.reportdata import ReportData
from wargame.review.words import in_words

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1100px;
       color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { border-bottom: 2px solid #ddd; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; vertical-align: top; text-align: left; }
th { background: #f0f0f0; } tr:nth-child(even) td { background: #fafafa; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
.seal { background: #eef6ee; border: 1px solid #7a7; padding: .6em 1em; font-size: .9em; word-break: break-all; }
.branch { background: #eef2fa; border: 1px solid #79c; padding: .6em 1em; }
.branch.bad { background: #fdecea; border-color: #c33; font-weight: bold; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr)); gap: .8em; }
.accept { color: #1a7f37; font-weight: bold; } .reject { color: #b42318; font-weight: bold; }
.rule { border-left: 4px solid #0072B2; padding: .2em .8em; margin: .6em 0; }
.rule.crossed { border-color: #b42318; }
.src { color: #555; font-size: .9em; } code { font-size: .95em; }
.round { margin: .8em 0; } .round h3 { margin: .2em 0; font-size: 1.05em; }
.round ul { margin: .2em 0; } .round li.t-private { color: #6a1b9a; } .round li.t-signed { font-weight: bold; }
.round li.t-rule { color: #0b4f8a; } .round li.t-crossed, .round li.t-voided { color: #b42318; }
.round li.t-inject, .round li.t-facilitator { color: #8a4b00; }
.round li.t-phase { font-weight: bold; color: #333; } .more { color: #555; font-size: .9em; }
@media print { .charts { grid-template-columns: 1fr 1fr; } }
"""


def _table(head: list[str], rows: list[list[str]]) -> str:
    """A table; cells are already-escaped HTML."""
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _ids(pairs: list[tuple[str, str]]) -> str:
    return "<br>".join(f"<code>{escape(k)}</code> {escape(t)}" for k, t in pairs)


def html(data: ReportData) -> str:
    sc = data.scenario
    title = f"After-action review: {sc.title}"
    body: list[str] = [f"<h1>{escape(title)}</h1>"]
    body.append('<dl class="facts">')
    for key, value in facts(data):
        if key != "Branch":
            body.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
    body.append("</dl>")
    if data.parent is not None:
        cls = "branch" if data.parent.ok else "branch bad"
        body.append(f'<p class="{cls}">What-if branch: {escape(data.parent.message)}</p>')
    body.append(f'<p class="seal"><strong>Seal.</strong> {escape(seal(data))}</p>')
    body.append(debrief.html_section(debrief.debrief_of(data)))

    body.append("<h2>Agreements</h2>")
    body.append(_table(["Phase", "State", "Round", "Terms"], [[escape(c) for c in r] for r in agreement_rows(data)]))

    body.append("<h2>Scores</h2>")
    rows = []
    for seat, s in data.outcome.scores.items():
        parts = "<br>".join(
            f"{escape(p)} <strong>{v:+g}</strong>: {escape(in_words(sc, why))}" for p, v, why in s.parts
        )
        rows.append([escape(sc.seat(seat).name), f"<strong>{s.total:g}</strong>", parts])
    body.append(_table(["Seat", "Score", "What makes it up"], rows))
    series = {sc.seat(seat).name: [(float(st.round), st.total) for st in steps] for seat, steps in data.history.items()}
    body.append('<div class="charts">')
    body.append(
        svg_chart("Score against the brief (0-100)", series, (0, 100), phase_markers(data), width=640, height=250)
    )
    body.append("</div>")
    moves = []
    for seat, steps in data.history.items():
        for st in steps[1:]:
            if abs(st.change) >= MOVED and st.movers:
                moves.append([escape(seat), str(st.round), f"{st.change:+g}", escape("; ".join(st.movers))])
    if moves:
        body.append(f"<h3>What moved the scores (changes of {MOVED:g} point or more)</h3>")
        body.append(_table(["Seat", "Round", "Change", "Why"], moves))
    body.append("<h3>Against the bots</h3><ul>")
    body += [f"<li>{escape(s)}</li>" for s in baseline_lines(data)]
    body.append("</ul>")

    body.append("<h2>Indicators over time</h2>")
    body.append('<div class="charts">')
    markers = phase_markers(data)
    for r in indicator_rows(data):
        body.append(svg_chart(r["name"], {r["name"]: r["points"]}, r["range"], markers))
    body.append("</div>")
    body.append(
        '<p class="src">Dashed lines: phase changes. Values at the start (round 0) and at each round\'s end.</p>'
    )

    body.append("<h2>Votes</h2>")
    vrows = []
    for v in vote_rows(data):
        vrows.append(
            [
                str(v["round"]),
                escape(v["phase"]),
                escape(v["seat"]),
                f'<span class="{v["response"]}">{escape(v["response"])}</span>',
                _ids(v["reasons"]),
                _ids(v["crossed"]),
                escape(v["why"]),
            ]
        )
    body.append(_table(["Round", "Phase", "Seat", "Vote", "Reasons", "Red lines crossed", "Why"], vrows))

    body.append("<h2>Rules that fired</h2>")
    for r in rule_rows(data):
        cls = "rule crossed" if r["outcome"] == "crossed" else "rule"
        tag = "CROSSED " if r["outcome"] == "crossed" else ""
        who = f" ({escape(r['seat'])})" if r["seat"] else ""
        body.append(
            f'<div class="{cls}"><strong>Round {r["round"]}: {tag}<code>{escape(r["rule"])}</code>{who}: '
            f"{escape(r['title'])}</strong><br>{escape(r['explanation'])}"
        )
        if r["effects"]:
            body.append(f"<br><em>Effects:</em> {escape(r['effects'])}")
        body.append(f'<br><span class="src">Sources: {_ids(r["sources"])}</span></div>')
    if not rule_rows(data):
        body.append("<p>No rule fired.</p>")

    body.append("<h2>Injects and facilitator notes</h2>")
    inj = inject_rows(data)
    if inj:
        body.append(
            _table(
                ["Round", "What", "Text", "Sources"],
                [[str(r["round"]), escape(r["what"]), escape(r["text"]), _ids(r["sources"])] for r in inj],
            )
        )
    else:
        body.append("<p>None.</p>")

    body.append("<h2>Timeline</h2>")
    for rnd, phase, items in debrief.anchored_blocks(data):
        if not items and rnd == 0:
            continue
        head = "Setup" if rnd == 0 else f"Round {rnd}: {phase} talks"
        body.append(f'<div class="round"><h3>{escape(head)}</h3><ul>')
        for index, tag, text, more in items:
            extra = "".join(f'<br><span class="more">{escape(m)}</span>' for m in more)
            body.append(f'<li id="ev-{index}" class="t-{escape(tag)}">{escape(text)}{extra}</li>')
        body.append("</ul></div>")

    body.append("<h2>Sources</h2><ul>")
    body += [f"<li><code>{escape(k)}</code> {escape(t)}</li>" for k, t in sc.sources.items()]
    body.append("</ul>")
    body.append(f'<p class="seal">Seal: <code>{escape(data.loaded.head)}</code></p>')
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{CSS}{debrief.css()}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
