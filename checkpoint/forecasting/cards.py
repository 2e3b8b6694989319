"""Transparency documents generated from the registry: model card, ATRS record, ALGO-CARE.

- The model card follows Mitchell et al. (2019), "Model Cards for Model Reporting".
- The Algorithmic Transparency Recording Standard record follows the UK standard's two
  tiers: a public summary (tier 1) and the technical detail (tier 2: owner and
  responsibility, description and rationale, decision-making process, tool specification,
  risks, mitigations and impact assessments).
- The ALGO-CARE page answers the eight headings of Oswald, Grace, Urwin and Barnes (2018),
  "Algorithmic risk assessment policing models: lessons from the Durham HART model and
  'Experimental' proportionality", Information & Communications Technology Law 27(2).

Each is built once as a document and rendered to Markdown or HTML, so the two never differ.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings

from checkpoint.forecasting.fairness import CRITERION, TOLERANCE
from checkpoint.forecasting.models import ModelVersion
from checkpoint.forecasting.schema import FIELDS_BY_NAME
from checkpoint.forecasting.vocabulary import ForecastPurpose, ModelKind, ModelStatus


class CardKind(StrEnum):
    """Which transparency document to produce."""

    MODEL_CARD = "model-card"
    ATRS = "atrs"
    ALGO_CARE = "algo-care"


class CardFormat(StrEnum):
    """How to render it."""

    MARKDOWN = "md"
    HTML = "html"


@dataclass
class Section:
    """A titled part of a document: paragraphs, bullet lists and tables, in order."""

    title: str
    blocks: list[tuple[Any, ...]] = field(default_factory=list)

    def p(self, text: str) -> Section:
        """Add a paragraph."""
        self.blocks.append(("p", text))
        return self

    def ul(self, items: list[str]) -> Section:
        """Add a bullet list."""
        self.blocks.append(("ul", items))
        return self

    def table(self, header: list[str], rows: list[list[Any]]) -> Section:
        """Add a table."""
        self.blocks.append(("table", header, rows))
        return self


@dataclass
class Document:
    """A transparency document."""

    title: str
    intro: str
    sections: list[Section]


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _who(user: Any) -> str:
    if user is None:
        return "the installation operator (command line)"
    return f"{user.display_name} ({user.username})"


def _when(instant: Any) -> str:
    return f"{instant:%d %B %Y %H:%M} UTC" if instant else "-"


def _headline(version: ModelVersion) -> dict[str, Any]:
    return dict(version.metrics.get("headline") or {})


def _evaluation(version: ModelVersion) -> dict[str, Any]:
    return dict(version.metrics.get("evaluation") or {})


def _feature_rows(version: ModelVersion) -> list[list[Any]]:
    return [
        [name, FIELDS_BY_NAME[name].description if name in FIELDS_BY_NAME else ""]
        for name in version.features
    ]


def _sensitive_text(version: ModelVersion) -> str:
    if not version.sensitive_features:
        audit = version.training_summary.get("audit_fields", [])
        held = f" The training data held {', '.join(audit)} for fairness measures." if audit else ""
        return (
            "No sensitive field is a feature: ethnicity and area (and any postcode) are never "
            "used to forecast unless an administrator enables them, and none was enabled." + held
        )
    return (
        f"SENSITIVE FEATURES ENABLED: {', '.join(version.sensitive_features)}, by "
        f"{_who(version.sensitive_enabled_by)}. Reason recorded: {version.sensitive_reason}"
    )


def _metric_rows(version: ModelVersion) -> list[list[Any]]:
    rows = []
    evaluation = _evaluation(version)
    for protocol in ("temporal", "kfold"):
        block = evaluation.get(protocol)
        if not block:
            continue
        rows.append(
            [
                block["description"],
                block["any"]["auc"],
                block["any"]["brier"],
                block["any"]["ece"],
                (block.get("serious") or {}).get("auc"),
                block["errors"]["dangerous_error_rate"],
                block["errors"]["cautious_error_rate"],
            ]
        )
    return rows


METRIC_HEADER = [
    "protocol",
    "AUC",
    "Brier",
    "ECE",
    "AUC (serious)",
    "dangerous error rate",
    "cautious error rate",
]


def _group_rows(version: ModelVersion) -> list[list[Any]]:
    evaluation = _evaluation(version)
    headline = evaluation.get(evaluation.get("headline") or "") or {}
    rows = []
    for attribute, levels in (headline.get("groups") or {}).items():
        for level, rates in levels.items():
            rows.append(
                [
                    attribute,
                    level,
                    rates["n"],
                    rates["base_rate"],
                    rates["mean_predicted"],
                    rates["fpr"],
                    rates["fnr"],
                    rates["selection_rate"],
                ]
            )
    return rows


def _fairness_rows(version: ModelVersion) -> list[list[Any]]:
    evaluation = _evaluation(version)
    headline = evaluation.get(evaluation.get("headline") or "") or {}
    by_attribute = (headline.get("fairness") or {}).get("by_attribute", {})
    return [
        [
            attribute,
            summary.get("equalised_odds_difference"),
            summary.get("largest_calibration_gap"),
            "yes" if summary.get("within_tolerance") else "no",
        ]
        for attribute, summary in by_attribute.items()
        if "equalised_odds_difference" in summary
    ]


def _costs(version: ModelVersion) -> dict[str, Any]:
    return dict(version.config.get("costs") or {})


def _status_line(version: ModelVersion) -> str:
    status = version.status_enum
    if status is ModelStatus.APPROVED:
        return (
            f"Approved and live since {_when(version.approved_at)} by "
            f"{_who(version.approved_by)}. Note: {version.approval_note}"
        )
    if status is ModelStatus.RETIRED:
        return (
            f"Retired {_when(version.retired_at)} by {_who(version.retired_by)}: "
            f"{version.retirement_note}"
        )
    return "Draft: not approved, so it makes no forecasts."


def _common_limitations(version: ModelVersion) -> list[str]:
    summary = version.training_summary
    notes = list(summary.get("notes", []))
    return [
        "The forecast is a statement about groups of similar people in the training data, "
        "not a finding about this person; it is advisory and never decides eligibility.",
        f"It forecasts proven reoffending within {summary.get('follow_up_months', '?')} months "
        "as recorded in the data; offending that is not detected is invisible to it, and "
        "differences in policing between groups flow into the data.",
        "Performance can drift as offending, policing and recording change; it must be "
        "re-evaluated on recent events before each re-approval.",
        *notes,
    ]


def model_card(version: ModelVersion) -> Document:
    """Return the model card for a version."""
    costs = _costs(version)
    config = version.config
    summary = version.training_summary
    outcomes = summary.get("outcomes", {})
    sections = [
        Section("Model details").table(
            ["item", "value"],
            [
                ["name", version.name],
                ["version", version.version],
                ["kind", version.kind_enum.label],
                ["purpose", ForecastPurpose(version.purpose).label],
                ["status", _status_line(version)],
                ["created", f"{_when(version.created_at)} by {_who(version.created_by)}"],
                ["artefact", f"{version.artefact_path} (skops)"],
                ["artefact SHA-256", version.artefact_sha256],
                ["training-data SHA-256", version.training_fingerprint],
                ["evaluation report", version.report_path or "-"],
            ],
        ),
        Section("Intended use").ul(
            [
                "An advisory forecast shown to the custody officer deciding whether an adult "
                "is eligible for a deferred-prosecution scheme, beside everything else they "
                "know. The officer decides; the forecast is recorded with the decision.",
                "Not for: sentencing, bail, charging decisions, people under 18, or any use "
                "outside the scheme it was approved for.",
            ]
        ),
        Section("Features")
        .p(_sensitive_text(version))
        .table(["field", "meaning"], _feature_rows(version)),
        Section("Training data").table(
            ["item", "value"],
            [
                ["source", version.training_source],
                ["description", summary.get("description") or "-"],
                ["events", version.training_rows],
                ["years", "-".join(str(y) for y in summary.get("years", [])) or "-"],
                ["follow-up window (months)", summary.get("follow_up_months")],
                [
                    "outcomes (none / non-serious / serious)",
                    f"{outcomes.get('none', 0):,} / {outcomes.get('non_serious', 0):,} / "
                    f"{outcomes.get('serious', 0):,}",
                ],
                ["serious-offence list", (summary.get("serious_list") or {}).get("source", "-")],
            ],
        ),
        Section("Configuration").table(
            ["setting", "value"],
            [
                ["dangerous-error cost (truly serious, forecast low)", costs.get("dangerous")],
                ["cautious-error cost (truly none, forecast high)", costs.get("cautious")],
                ["cost matrix (rows truth, columns band)", costs.get("matrix")],
                ["calibration", config.get("calibration")],
                [
                    "algorithm",
                    config.get("algorithm") if version.kind_enum is ModelKind.ENSEMBLE else "-",
                ],
                ["random seed", config.get("seed")],
            ],
        ),
        Section("Performance").table(METRIC_HEADER, _metric_rows(version)),
        Section("Fairness")
        .p(CRITERION)
        .table(
            ["attribute", "equalised odds difference", "largest calibration gap", "within 0.10"],
            _fairness_rows(version),
        )
        .table(
            ["attribute", "group", "events", "observed", "mean forecast", "FPR", "FNR", "selected"],
            _group_rows(version),
        ),
        Section("Limitations and caveats").ul(_common_limitations(version)),
    ]
    return Document(
        title=f"Model card: {version.version}",
        intro=f"{version.kind_enum.label}, {ForecastPurpose(version.purpose).label.lower()}.",
        sections=sections,
    )


def atrs_record(version: ModelVersion) -> Document:
    """Return the Algorithmic Transparency Recording Standard record for a version."""
    force = getattr(settings, "CHECKPOINT_FORCE_NAME", "the force")
    headline = _headline(version)
    summary = version.training_summary
    costs = _costs(version)
    tier1 = Section("Tier 1: public summary").table(
        ["item", "answer"],
        [
            ["Name", f"Checkpoint advisory reoffending forecast ({version.version})"],
            [
                "Description",
                "When an adult is detained for a low-level offence, custody officers decide "
                "whether to offer a deferred prosecution. This tool estimates the chance that "
                "someone like them, judged only by their age, sex, offending history and "
                "current offence, is proven to reoffend within "
                f"{summary.get('follow_up_months', 24)} months, and whether that reoffence "
                "is serious. It gives a low, moderate or high band with the main reasons in "
                "plain words. The officer makes the decision; the forecast is advice.",
            ],
            ["Organisation", force],
            ["Status", _status_line(version)],
            ["Contact", f"{force} data protection officer"],
        ],
    )
    tier2 = [
        Section("1. Owner and responsibility").ul(
            [
                f"Organisation: {force}. Senior responsible owner: to be named by the force.",
                f"Approved by: {_who(version.approved_by)}"
                if version.approved_at
                else "Not yet approved: the model makes no forecasts.",
                "Built with Checkpoint, open-source software (AGPL-3.0-or-later); the model "
                "and its data stay on the force's systems.",
            ]
        ),
        Section("2. Description and rationale").p(
            "Durham's HART forecast was criticised for postcode proxies and for being hard "
            "to see or challenge. This model is published in full (this record, its model "
            "card and evaluation report), uses no area or ethnicity features by default, "
            "explains each forecast, and is compared with the published OGRS3 scale and a "
            "logistic regression on the same data."
        ),
        Section("3. Decision-making process").ul(
            [
                "The forecast is shown to the custody officer as advisory with its reasons; "
                "the officer records their own decision and may disregard the forecast.",
                "No decision is made automatically. If no model is approved, no forecast is "
                "made and screening continues without one.",
                "Every forecast stores the model version, the inputs, an input hash, the "
                "probabilities and the reasons, and can be recomputed exactly on request.",
            ]
        ),
        Section("4. Tool specification").table(
            ["item", "detail"],
            [
                ["Model", version.kind_enum.label],
                ["Inputs", ", ".join(version.features)],
                ["Sensitive inputs", _sensitive_text(version)],
                ["Training data", f"{version.training_source}, {version.training_rows:,} events"],
                ["Training-data fingerprint (SHA-256)", version.training_fingerprint],
                ["Output", "Band (low / moderate / high), three probabilities, main factors"],
                [
                    "Error costs",
                    f"dangerous {costs.get('dangerous')}, cautious {costs.get('cautious')}",
                ],
                [
                    "AUC / Brier / ECE",
                    " / ".join(_fmt(headline.get(k)) for k in ("auc", "brier", "ece")),
                ],
                ["Evaluation", headline.get("protocol", "-")],
            ],
        ),
        Section("5. Risks, mitigations and impact assessments").ul(
            [
                "Bias: per-group error rates and calibration by sex, age band and, where "
                f"recorded, ethnicity and area are published; criterion: {CRITERION}",
                "Proxies: ethnicity and area are excluded unless an administrator enables "
                "them with a recorded reason; the model card shows any such decision.",
                "Automation bias: the band is labelled advisory on every screen and the "
                "officer's decision is recorded separately.",
                "Data protection: processing under the Data Protection Act 2018 Part 3; "
                "every forecast is logged (s62). The force must complete a DPIA and an "
                "equality impact assessment before approval.",
            ]
        ),
    ]
    return Document(
        title=f"Algorithmic Transparency Record: {version.version}",
        intro="Tier 1 is for the public; tier 2 gives the technical detail.",
        sections=[tier1, *tier2],
    )


def algo_care(version: ModelVersion) -> Document:
    """Return the ALGO-CARE page: how the eight headings are met for this version."""
    headline = _headline(version)
    summary = version.training_summary
    costs = _costs(version)
    fairness = _fairness_rows(version)
    years = "-".join(str(y) for y in summary.get("years", []))
    tolerance_text = (
        "; ".join(f"{row[0]}: {_fmt(row[1])}" for row in fairness) or "no groups to compare"
    )
    rows = [
        [
            "Advisory",
            "The forecast never decides. Screening shows it labelled 'advisory' with its "
            "reasons; the custody officer records the decision. Only an approved model "
            "forecasts; with none approved, no forecast is made.",
        ],
        [
            "Lawful",
            "Processing for law enforcement (DPA 2018 Part 3) with every forecast logged "
            "(s62). Inputs are limited to what the model uses. "
            + _sensitive_text(version)
            + " The force must record its DPIA and lawful basis before approval.",
        ],
        [
            "Granularity",
            f"Three bands over {summary.get('follow_up_months', 24)} months from "
            f"{version.training_rows:,} events ({years}); "
            f"inputs: {', '.join(version.features)}. Calibration is reported so a probability "
            "means what it says; the band comes from a published cost matrix "
            f"(dangerous {costs.get('dangerous')}, cautious {costs.get('cautious')}).",
        ],
        [
            "Ownership",
            "The force owns the model, data and artefacts; the code is open source. The "
            f"artefact (SHA-256 {version.artefact_sha256[:16]}...) is versioned and "
            f"governed: {_status_line(version)}",
        ],
        [
            "Challengeable",
            "Each forecast keeps its inputs, input hash, model version, probabilities and "
            "plain-English factors, and can be recomputed exactly, so a person or their "
            "lawyer can see and contest it. Every approval, retirement and rollback is "
            "in the audit log.",
        ],
        [
            "Accuracy",
            f"Evaluation ({headline.get('protocol', '-')}): AUC {_fmt(headline.get('auc'))}, "
            f"Brier {_fmt(headline.get('brier'))}, ECE {_fmt(headline.get('ece'))}; dangerous "
            f"error rate {_fmt(headline.get('dangerous_error_rate'))}, cautious error rate "
            f"{_fmt(headline.get('cautious_error_rate'))}. Compared with OGRS3 and a logistic "
            "regression on the same data (docs/benchmarks.md, section forecast).",
        ],
        [
            "Responsible",
            f"Fairness criterion named and measured: {CRITERION} Equalised odds difference "
            f"(tolerance {TOLERANCE:.2f}): {tolerance_text}.",
        ],
        [
            "Explainable",
            "Each forecast lists its main factors in plain words (e.g. '7 previous "
            "convictions raise the forecast'), measured against a typical person in the "
            "training data. The model card, this page and the ATRS record are generated "
            "from the registry.",
        ],
    ]
    return Document(
        title=f"ALGO-CARE: {version.version}",
        intro=(
            "Oswald et al. (2018) proposed ALGO-CARE as a checklist for police use of "
            "algorithms. This page shows how each heading is met for this model version."
        ),
        sections=[Section("The eight headings").table(["heading", "how it is met"], rows)],
    )


BUILDERS = {
    CardKind.MODEL_CARD: model_card,
    CardKind.ATRS: atrs_record,
    CardKind.ALGO_CARE: algo_care,
}


def to_markdown(document: Document) -> str:
    """Render a document as Markdown."""
    lines = [f"# {document.title}", "", document.intro, ""]
    for section in document.sections:
        lines += [f"## {section.title}", ""]
        for block in section.blocks:
            if block[0] == "p":
                lines += [block[1], ""]
            elif block[0] == "ul":
                lines += [f"- {item}" for item in block[1]] + [""]
            else:
                header, rows = block[1], block[2]
                lines.append("| " + " | ".join(header) + " |")
                lines.append("| " + " | ".join("---" for _ in header) + " |")
                for row in rows:
                    cells = [_fmt(c).replace("|", "\\|").replace("\n", " ") for c in row]
                    lines.append("| " + " | ".join(cells) + " |")
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


HTML_STYLE = (
    "body{font-family:Arial,Helvetica,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;"
    "color:#0b0c0c;line-height:1.45}h2{border-bottom:2px solid #1d70b8}table{border-collapse:"
    "collapse;margin:1em 0}td,th{border:1px solid #b1b4b6;padding:.35em .6em;vertical-align:top;"
    "text-align:left}th{background:#f3f2f1}"
)


def to_html(document: Document) -> str:
    """Render a document as one self-contained HTML page."""
    out = [
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{html.escape(document.title)}</title><style>{HTML_STYLE}</style></head><body>",
        f"<h1>{html.escape(document.title)}</h1><p>{html.escape(document.intro)}</p>",
    ]
    for section in document.sections:
        out.append(f"<h2>{html.escape(section.title)}</h2>")
        for block in section.blocks:
            if block[0] == "p":
                out.append(f"<p>{html.escape(block[1])}</p>")
            elif block[0] == "ul":
                items = "".join(f"<li>{html.escape(i)}</li>" for i in block[1])
                out.append(f"<ul>{items}</ul>")
            else:
                head = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in block[1])
                body = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(_fmt(c))}</td>" for c in row) + "</tr>"
                    for row in block[2]
                )
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out)


def render_card(version: ModelVersion, kind: CardKind, fmt: CardFormat) -> str:
    """Return one transparency document for a version in the chosen format."""
    document = BUILDERS[kind](version)
    return to_markdown(document) if fmt is CardFormat.MARKDOWN else to_html(document)
