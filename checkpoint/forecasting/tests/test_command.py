"""`checkpoint forecast`: train and evaluate any CSV through a mapping file, then govern it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from checkpoint.forecasting.models import ModelVersion
from checkpoint.forecasting.synth import synth_frame

MAPPING = """
[mapping]
name = "force-export"
description = "A force's own export with its own column names."
follow_up_months = 24

[columns]
person_id = "Nominal"
event_date = "Arrest date"
age = "Age (months)"
sex = "Gender"
current_offence = "Offence group"
prior_arrests = "Arrests"
prior_convictions = "Convictions"
prior_sanctions = "Sanctions"
age_at_first_offence = "First sanction age"
reoffence_code = "Reoffence"
ethnicity = "Ethnic group"

[scale.age]
divide_by = 12

[values.sex]
M = "male"
F = "female"
U = "not_known"
"""


@pytest.fixture
def export(tmp_path: Path) -> tuple[Path, Path]:
    """Write a CSV that does not use the canonical names, and its mapping file."""
    frame, _ = synth_frame(700, seed=11)
    own = frame.rename(
        columns={
            "person_id": "Nominal",
            "event_date": "Arrest date",
            "sex": "Gender",
            "current_offence": "Offence group",
            "prior_arrests": "Arrests",
            "prior_convictions": "Convictions",
            "prior_sanctions": "Sanctions",
            "age_at_first_offence": "First sanction age",
            "reoffence_code": "Reoffence",
            "ethnicity": "Ethnic group",
        }
    )
    own["Age (months)"] = own.pop("age") * 12
    own["Gender"] = own["Gender"].map({"male": "M", "female": "F", "not_known": "U"})
    own = own[[c for c in own.columns if not c.startswith(("prior_", "arrests_", "sanctions_"))]]
    data = tmp_path / "export.csv"
    own.to_csv(data, index=False)
    mapping = tmp_path / "export.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return data, mapping


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("forecast", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


@pytest.mark.django_db
def test_evaluate_any_csv_through_a_mapping_ends_with_json(
    export: tuple[Path, Path], tmp_path: Path
) -> None:
    data, mapping = export
    report = tmp_path / "report.html"
    output = run(
        "evaluate",
        "--data", str(data),
        "--mapping", str(mapping),
        "--kind", "logistic",
        "--folds", "3",
        "--report", str(report),
        "--json",
    )  # fmt: skip
    result = last_json(output)
    assert result["rows"] == 700 and result["mapping"] == "force-export"
    figures = result["models"]["logistic"]
    assert figures["protocol"] == "temporal"
    assert 0.5 < figures["auc"] <= 1 and 0 < figures["brier"] < 0.3 and 0 <= figures["ece"] < 0.2
    assert set(figures["group_error_rates"]) == {"sex", "age_band", "ethnicity"}
    assert {"fpr", "fnr", "n"} <= set(figures["group_error_rates"]["sex"]["male"])
    assert "AUC" in output and "equalised odds difference" in output
    page = report.read_text(encoding="utf-8")
    assert "data:image/png;base64," in page and "k-fold" in page


@pytest.mark.django_db
def test_train_approve_and_card_from_the_command_line(
    export: tuple[Path, Path], tmp_path: Path, model_dir: Path, force
) -> None:
    data, mapping = export
    result = last_json(
        run("train", "--data", str(data), "--mapping", str(mapping), "--kind", "ogrs3", "--json")
    )
    version = ModelVersion.objects.get(version=result["version"])
    assert result["rows"] == 700 and result["auc"] == version.metrics["headline"]["auc"]
    assert "ethnicity" not in version.features
    with pytest.raises(CommandError, match="administrator"):
        run("approve", version.version, "--note", "x", "--as", "analyst")
    assert "live model" in run("approve", version.version, "--note", "Board", "--as", "admin")
    assert version.version in run("list")
    card = tmp_path / "algo-care.html"
    run("card", version.version, "--kind", "algo-care", "--format", "html", "--out", str(card))
    assert "Challengeable" in card.read_text(encoding="utf-8")
    assert "Tier 1" in run("card", version.version, "--kind", "atrs")
    assert "is retired" in run("retire", version.version, "--note", "Done", "--as", "admin")


@pytest.mark.django_db
def test_bad_data_fails_with_the_problems_listed(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("person_id,event_date,age,sex,outcome\nP1,2020-01-01,old,male,none\n")
    with pytest.raises(CommandError, match="line 2, age: 'old' is not a number"):
        run("evaluate", "--data", str(data), "--json")


def test_synth_and_fetch_example_write_csv(tmp_path: Path) -> None:
    out = tmp_path / "synth.csv"
    assert "Wrote 300 synthetic custody events" in run(
        "synth", "--rows", "300", "--seed", "2", "--out", str(out)
    )
    assert out.read_text().startswith("person_id,event_date,age,sex")
    rossi = tmp_path / "rossi.csv"
    assert "432 rows" in run("fetch-example", "rossi", "--out", str(rossi))
