"""The evaluation report: one self-contained HTML page with its charts embedded as PNG.

Charts use matplotlib's Agg backend (no display). The page needs nothing else to open, so
it can be attached to a governance paper or published beside the transparency record.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from checkpoint.forecasting.schema import BANDS

STYLE = """
body{font-family:Arial,Helvetica,sans-serif;max-width:1100px;margin:2em auto;color:#0b0c0c;
line-height:1.4;padding:0 1em}
h1{font-size:2em}h2{border-bottom:2px solid #1d70b8;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #b1b4b6;padding:.3em .6em;
text-align:right}th{background:#f3f2f1}td:first-child,th:first-child{text-align:left}
.note{background:#fff7bf;padding:.6em 1em;border-left:5px solid #ffdd00}
.charts{display:flex;flex-wrap:wrap;gap:1em}.charts figure{margin:0}
figcaption{font-size:.9em;color:#505a5f}
"""


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(encoded: str, caption: str) -> str:
    return (
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,{encoded}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def reliability_chart(result: dict[str, Any], *, title: str) -> str:
    """Return a reliability diagram (forecast against observed) as base64 PNG."""
    figure, axis = plt.subplots(figsize=(4.2, 4.2))
    axis.plot([0, 1], [0, 1], linestyle="--", color="#505a5f", label="perfect calibration")
    for key, colour, label in (
        ("any", "#1d70b8", "any reoffence"),
        ("serious", "#d4351c", "serious"),
    ):
        block = result.get(key)
        if not block:
            continue
        bins = block["calibration"]
        axis.plot(
            [b["mean_predicted"] for b in bins],
            [b["observed"] for b in bins],
            marker="o",
            color=colour,
            label=f"{label} (ECE {block['ece']:.3f})",
        )
    axis.set_xlabel("forecast probability")
    axis.set_ylabel("observed rate")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    axis.set_title(title)
    axis.legend(loc="upper left", fontsize=8)
    return _png(figure)


def confusion_chart(result: dict[str, Any], *, title: str) -> str:
    """Return the 3x3 confusion matrix as a labelled heat map."""
    matrix = result["confusion"]
    figure, axis = plt.subplots(figsize=(4.2, 3.6))
    axis.imshow(matrix, cmap="Blues")
    labels = [b.value for b in BANDS]
    axis.set_xticks(range(3), labels)
    axis.set_yticks(range(3), ["none", "non-serious", "serious"])
    axis.set_xlabel("forecast band")
    axis.set_ylabel("true outcome")
    peak = max(max(row) for row in matrix) or 1
    for i in range(3):
        for j in range(3):
            colour = "white" if matrix[i][j] > peak / 2 else "#0b0c0c"
            axis.text(j, i, f"{matrix[i][j]:,}", ha="center", va="center", color=colour)
    axis.set_title(title)
    return _png(figure)


def group_chart(result: dict[str, Any], attribute: str, *, title: str) -> str:
    """Return false positive and false negative rates by group as grouped bars."""
    levels = result["groups"][attribute]
    names = list(levels)
    fpr = [levels[n]["fpr"] or 0 for n in names]
    fnr = [levels[n]["fnr"] or 0 for n in names]
    figure, axis = plt.subplots(figsize=(max(4.2, 0.9 * len(names) + 2), 3.4))
    positions = range(len(names))
    axis.bar(
        [p - 0.2 for p in positions], fpr, width=0.4, color="#1d70b8", label="false positive rate"
    )
    axis.bar(
        [p + 0.2 for p in positions], fnr, width=0.4, color="#f47738", label="false negative rate"
    )
    axis.set_xticks(list(positions), names, rotation=30, ha="right")
    axis.set_ylim(0, 1)
    axis.set_title(title)
    axis.legend(fontsize=8)
    return _png(figure)


def _table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def protocol_section(name: str, result: dict[str, Any]) -> str:
    """Return the HTML for one model's result under one protocol."""
    any_ = result["any"]
    serious = result["serious"] or {}
    errors = result["errors"]
    parts = [
        f"<h3>{html.escape(name)}: {html.escape(result['description'])}</h3>",
        _table(
            ["measure", "any reoffence", "serious reoffence"],
            [
                ["events", result["n"], serious.get("n")],
                ["observed rate", any_["base_rate"], serious.get("base_rate")],
                ["mean forecast", any_["mean_predicted"], serious.get("mean_predicted")],
                ["AUC", any_["auc"], serious.get("auc")],
                ["Brier score", any_["brier"], serious.get("brier")],
                ["expected calibration error", any_["ece"], serious.get("ece")],
            ],
        ),
        _table(
            ["band errors (HART's framing)", "rate"],
            [
                [
                    "dangerous: forecast low, truly serious (share of low forecasts)",
                    errors["dangerous_error_rate"],
                ],
                ["dangerous: truly serious people forecast low", errors["dangerous_miss_rate"]],
                [
                    "cautious: forecast high, truly none (share of high forecasts)",
                    errors["cautious_error_rate"],
                ],
                ["cautious: people with no reoffence forecast high", errors["cautious_over_rate"]],
                ["three-class Brier score", result["multiclass_brier"]],
                ["band accuracy", errors["accuracy"]],
            ],
        ),
    ]
    charts = [
        _figure(reliability_chart(result, title="Calibration"), "Reliability diagram"),
        _figure(confusion_chart(result, title="Outcome by band"), "Confusion matrix"),
    ]
    for attribute in result["groups"]:
        charts.append(
            _figure(
                group_chart(result, attribute, title=f"Error rates by {attribute}"),
                f"False positive and false negative rates by {attribute}",
            )
        )
    parts.append(f'<div class="charts">{"".join(charts)}</div>')
    fairness = result["fairness"]
    parts.append(f'<p class="note">{html.escape(fairness["criterion"])}</p>')
    rows = []
    for attribute, summary in fairness["by_attribute"].items():
        rows.append(
            [
                attribute,
                summary.get("equalised_odds_difference"),
                summary.get("fpr_difference"),
                summary.get("fnr_difference"),
                summary.get("demographic_parity_difference"),
                summary.get("largest_calibration_gap"),
                ", ".join(summary.get("small_groups", [])) or "-",
            ]
        )
    parts.append(
        _table(
            [
                "attribute",
                "equalised odds difference",
                "FPR gap",
                "FNR gap",
                "selection-rate gap",
                "largest calibration gap",
                "groups under 30 events",
            ],
            rows,
        )
    )
    for attribute, levels in result["groups"].items():
        parts.append(f"<h4>By {html.escape(attribute)}</h4>")
        parts.append(
            _table(
                [
                    "group",
                    "events",
                    "observed",
                    "mean forecast",
                    "ECE",
                    "FPR",
                    "FNR",
                    "selected",
                    "high",
                ],
                [
                    [
                        level,
                        r["n"],
                        r["base_rate"],
                        r["mean_predicted"],
                        r["ece"],
                        r["fpr"],
                        r["fnr"],
                        r["selection_rate"],
                        r["high_rate"],
                    ]
                    for level, r in levels.items()
                ],
            )
        )
    return "\n".join(parts)


def render_report(
    *,
    title: str,
    summary: list[tuple[str, Any]],
    evaluations: dict[str, dict[str, Any]],
    notes: Iterable[str] = (),
) -> str:
    """Return the whole report as one HTML page."""
    body = [f"<h1>{html.escape(title)}</h1>", _table(["item", "value"], summary)]
    for note in notes:
        body.append(f'<p class="note">{html.escape(note)}</p>')
    for name, result in evaluations.items():
        body.append(f"<h2>{html.escape(name)}</h2>")
        for protocol in ("temporal", "kfold"):
            block = result.get(protocol)
            if block:
                body.append(protocol_section(protocol.replace("kfold", "k-fold"), block))
            elif protocol == "temporal":
                body.append(
                    "<p>No temporal hold-out: the events do not span two years with enough "
                    "events in each.</p>"
                )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>"
    )
