"""Reading training CSVs: mappings, and validation errors that name the line, field and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from checkpoint.forecasting.examples import Example, example_frame
from checkpoint.forecasting.importer import RowProblem, TrainingDataInvalid, read_training_csv
from checkpoint.forecasting.mapping import MappingInvalid, load_mapping, parse_mapping
from checkpoint.forecasting.schema import Outcome
from checkpoint.forecasting.serious import default_serious_list, serious_list_from_toml

HEADER = "person_id,event_date,age,sex,current_offence,prior_convictions,prior_charges,outcome\n"


def write(tmp_path: Path, text: str, name: str = "events.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_canonical_file_reads_without_a_mapping(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "P1,2020-03-01,31,male,theft,2,3,none\n"
        + "P2,2021-05-09,22.5,FEMALE,,0,0,serious\n",
    )
    training = read_training_csv(path)
    assert training.y.tolist() == [0, 2]
    assert training.frame.loc[1, "current_offence"] == "other"
    assert training.frame.loc[1, "sex"] == "female"
    assert training.years == [2020, 2021]
    assert len(training.fingerprint) == 64


def test_every_problem_is_reported_with_line_field_and_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "P1,2020-13-01,31,male,theft,2,3,none\n"  # line 2: bad date
        + "P2,2020-01-01,abc,man,thief,-1,0,maybe\n"  # line 3: four problems and more
        + "P3,2020-01-01,40,male,theft,5,2,none\n"  # line 4: convictions over charges
        + ",2020-01-01,40,male,theft,0,0,\n",  # line 5: empty person and outcome
    )
    with pytest.raises(TrainingDataInvalid) as caught:
        read_training_csv(path)
    problems = {(p.line, p.field) for p in caught.value.problems}
    assert {
        (2, "event_date"),
        (3, "age"),
        (3, "sex"),
        (3, "current_offence"),
        (3, "prior_convictions"),
        (3, "outcome"),
        (4, "prior_convictions"),
        (5, "person_id"),
        (5, "outcome"),
    } <= problems
    text = str(caught.value)
    assert "line 2, event_date: '2020-13-01' is not a date written YYYY-MM-DD" in text
    assert "line 3, sex: 'man' is not one of female, male, not_known" in text
    assert "line 4, prior_convictions: 5 is more than prior_charges" in text
    assert "nothing was used" in text


def test_missing_required_columns_are_reported_on_the_header_line(tmp_path: Path) -> None:
    path = write(tmp_path, "person_id,age\nP1,30\n")
    with pytest.raises(TrainingDataInvalid) as caught:
        read_training_csv(path)
    assert RowProblem(
        1, "event_date", "is required but the data (after mapping) have no column"
    ) in (caught.value.problems)
    assert any(p.field == "outcome" and p.line == 1 for p in caught.value.problems)


def test_the_serious_list_decides_the_class_of_a_reoffence(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "person_id,event_date,age,sex,reoffence_code,reoffence_family\n"
        "P1,2020-01-01,30,male,,\n"
        "P2,2020-01-01,30,male,THEFT-FROM-SHOP,\n"
        "P3,2020-01-01,30,male,ROBBERY-PERSONAL,\n"
        "P4,2020-01-01,30,male,,sexual\n",
    )
    assert read_training_csv(path).y.tolist() == [0, 1, 2, 2]
    custom = write(
        tmp_path,
        '[serious]\nfamilies = ["theft"]\ncodes = []\nnot_serious_codes = ["ROBBERY-PERSONAL"]\n',
        "serious.toml",
    )
    serious = serious_list_from_toml(custom)
    assert read_training_csv(path, serious=serious).y.tolist() == [0, 2, 1, 1]
    assert serious.fingerprint != default_serious_list().fingerprint


def test_a_mapping_renames_translates_scales_and_derives(tmp_path: Path) -> None:
    mapping = parse_mapping(
        """
        [mapping]
        name = "force-x"
        follow_up_months = 12
        [columns]
        person_id = "ref"
        event_date = "arrested"
        age = "age_m"
        sex = "gender"
        prior_convictions = "convs"
        ethnicity = "eth"
        [scale.age]
        divide_by = 12
        [values.sex]
        M = "male"
        F = "female"
        [derive.current_offence]
        cases = [{ column = "ho", equals = ["46", "49"], value = "theft" }]
        default = "other"
        [outcome]
        event_column = "rearrested"
        event_values = ["Y"]
        time_column = "days"
        window = 365
        reoffence_is = "serious"
        """
    )
    path = write(
        tmp_path,
        "ref,arrested,age_m,gender,convs,eth,ho,rearrested,days\n"
        "A,2020-01-01,360,M,1,W,46,Y,100\n"
        "B,2020-02-01,300,F,0,B,8,Y,400\n"
        "C,2020-03-01,480,M,3,A,49,N,\n",
    )
    training = read_training_csv(path, mapping=mapping)
    frame = training.frame
    assert frame["age"].tolist() == [30, 25, 40]
    assert frame["sex"].tolist() == ["male", "female", "male"]
    assert frame["current_offence"].tolist() == ["theft", "other", "theft"]
    # B was rearrested after the 365-day window, so counts as no reoffence.
    assert training.y.tolist() == [Outcome.SERIOUS.position, 0, 0]
    assert training.follow_up_months == 12 and training.mapping == "force-x"
    assert "ethnicity" in training.audit_fields


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[mapping]\n", "needs a name"),
        ('[mapping]\nname="x"\n[columns]\nshoe_size = "s"\n', "not a field"),
        ('[mapping]\nname="x"\n[columns]\nage="a"\n[constants]\nage="3"\n', "more than one way"),
        ('[mapping]\nname="x"\n[scale.age]\ndivide_by = 0\n', "divide by zero"),
        ('[mapping]\nname="x"\n[outcome]\nevent_column="a"\n', "event_values"),
        (
            '[mapping]\nname="x"\n[outcome]\nevent_column="a"\nevent_values=[1]\nwindow=5\n',
            "time_column",
        ),
        ('[mapping]\nname="x"\n[derive.age]\nfoo=1\n', "needs cases"),
        ("[mapping\n", "not valid TOML"),
        ('[mapping]\nname="x"\n[extras]\n', "unknown section"),
    ],
)
def test_a_bad_mapping_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(MappingInvalid, match=message):
        parse_mapping(text)


def test_a_mapping_naming_absent_columns_lists_them(tmp_path: Path) -> None:
    path = write(tmp_path, "id,age\n1,30\n")
    with pytest.raises(MappingInvalid, match="no column"):
        read_training_csv(path, mapping=load_mapping(Path("rossi")))


@pytest.mark.parametrize("example", list(Example))
def test_the_shipped_mappings_read_the_real_data(tmp_path: Path, example: Example) -> None:
    path = tmp_path / f"{example}.csv"
    example_frame(example).head(200).to_csv(path, index=False)
    training = read_training_csv(path, mapping=load_mapping(Path(example.value)))
    assert len(training.frame) == 200
    assert set(training.y) <= {0, 1}
    assert "ethnicity" in training.audit_fields
    if example is Example.RECID:
        assert training.frame["age"].between(15, 80).all()
        assert training.years == [1977, 1978]
        assert set(training.frame["current_offence"]) <= {"assault", "theft", "other"}
