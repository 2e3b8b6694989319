"""Contract rules without a database: catalogue schema, validation, completion, the clock."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from checkpoint.domain.clocks import Pause
from checkpoint.domain.contracts import (
    Catalogue,
    Category,
    Choice,
    ContractClock,
    Entry,
    EvidenceKind,
    Period,
    RuleKind,
    VariationKind,
    composition_problems,
    evaluate,
    format_amount,
    propose,
    render_wording,
    shape_of,
    vary_clock,
)
from checkpoint.domain.errors import DomainError
from checkpoint.domain.needs import Pathway
from checkpoint.domain.policy import Casework

SHIPPED = Path(__file__).resolve().parents[2] / "contracts" / "data" / "checkpoint-conditions.toml"
TODAY = date(2026, 11, 25)
PERIOD = Period(TODAY, date(2027, 3, 25))
CASEWORK = Casework()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.model_validate(tomllib.loads(SHIPPED.read_text(encoding="utf-8")))


def durham(**extra: Choice) -> list[Choice]:
    """A full Durham-shaped contract: five conditions."""
    return [
        Choice("no_reoffending"),
        Choice("apology_letter", due_on=date(2026, 12, 20)),
        Choice(
            "drug_treatment",
            {"service": "Recovery Service", "sessions": "6"},
            due_on=date(2027, 2, 28),
        ),
        Choice("debt_advice", {"service": "Citizens Advice"}, due_on=date(2027, 1, 31)),
        Choice("unpaid_work", {"hours": "24"}, due_on=date(2027, 3, 1)),
        *extra.values(),
    ]


def messages(proposal: Any) -> list[str]:
    return [p.message for p in proposal.problems]


# The catalogue ------------------------------------------------------------------------


def test_the_shipped_catalogue_is_valid_and_covers_every_category(catalogue) -> None:
    assert catalogue.label == "checkpoint-conditions v1"
    assert {c.category for c in catalogue.conditions} == set(Category)
    assert {c.completion.kind for c in catalogue.conditions} == set(RuleKind)
    pathways = {c.pathway for c in catalogue.conditions if c.category is Category.PATHWAY}
    assert pathways == set(Pathway)


def test_every_shipped_wording_renders(catalogue) -> None:
    for spec in catalogue.conditions:
        values = {p.name: p.default or (1 if p.type == "integer" else "X") for p in spec.parameters}
        due = None if not spec.due_required else date(2027, 1, 5)
        text = render_wording(spec, values, due)
        assert "{" not in text and text.endswith("."), spec.code


def spec_data(**patch: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "code": "unpaid_work",
        "title": "Unpaid work",
        "category": "community",
        "wording": "You will do {hours} hours by {due}.",
        "parameters": [{"name": "hours", "label": "Hours", "type": "integer", "minimum": 1}],
        "completion": {"kind": "hours_logged", "target": "hours"},
    }
    return {**base, **patch}


def catalogue_data(*specs: dict[str, Any]) -> dict[str, Any]:
    mandatory = {
        "code": "no_reoffending",
        "title": "Do not reoffend",
        "category": "no_reoffending",
        "due_required": False,
        "wording": "You will not commit any crime.",
        "completion": {"kind": "no_new_offence"},
    }
    return {
        "catalogue": {"name": "test", "title": "Test", "version": 1},
        "conditions": [mandatory, *specs],
    }


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"wording": "You will do {hourz} hours."}, "not parameters: hourz"),
        ({"category": "pathway"}, "must name the pathway"),
        ({"completion": {"kind": "hours_logged", "target": "days"}}, "integer parameter"),
        ({"completion": {"kind": "no_new_offence"}}, "no_reoffending condition only"),
        ({"parameters": [{"name": "due", "label": "x", "type": "text"}]}, "reserved"),
        (
            {"parameters": [{"name": "hours", "label": "H", "type": "text", "minimum": 1}]},
            "integer parameters only",
        ),
        (
            {"parameters": [{"name": "hours", "label": "H", "type": "choice"}]},
            "needs options",
        ),
        (
            {"parameters": [{"name": "hours", "label": "H", "type": "integer", "required": False}]},
            "optional parameters without a default",
        ),
    ],
)
def test_catalogue_mistakes_are_refused(patch: dict[str, Any], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        Catalogue.model_validate(catalogue_data(spec_data(**patch)))


def test_a_catalogue_needs_the_mandatory_condition_and_unique_codes() -> None:
    data = catalogue_data(spec_data(), spec_data())
    with pytest.raises(ValidationError, match="unique: unpaid_work"):
        Catalogue.model_validate(data)
    data = catalogue_data(spec_data())
    data["conditions"] = data["conditions"][1:]
    with pytest.raises(ValidationError, match="mandatory no_reoffending"):
        Catalogue.model_validate(data)
    with pytest.raises(ValidationError, match="Extra inputs"):
        Catalogue.model_validate(catalogue_data(spec_data(colour="red")))


# Building and validating a contract -----------------------------------------------------


def test_a_durham_contract_is_valid_and_worded_plainly(catalogue) -> None:
    proposal = propose(catalogue, durham(), casework=CASEWORK, period=PERIOD)
    assert proposal.ok, messages(proposal)
    by_code = {t.code: t for t in proposal.terms}
    assert by_code["unpaid_work"].wording.startswith(
        "You will do 24 hours of unpaid work in the community by 1 March 2027."
    )
    assert by_code["unpaid_work"].hours == 24 and by_code["unpaid_work"].target == 24
    # A parameter left blank takes the catalogue's default.
    assert by_code["debt_advice"].parameters == {"service": "Citizens Advice", "sessions": 2}
    assert by_code["no_reoffending"].due_on is None


def test_every_problem_is_reported_at_once(catalogue) -> None:
    choices = [
        Choice("apology_letter", due_on=date(2027, 6, 1)),
        Choice("reparation", {"what": "Pay for the window"}, due_on=date(2027, 1, 1)),
        Choice("drug_treatment", {"service": "A"}, due_on=date(2027, 1, 1)),
        Choice("alcohol_treatment", {"service": "B"}, due_on=date(2027, 1, 1)),
        Choice("housing_advice", {"service": "C"}, due_on=date(2027, 1, 1)),
        Choice("unpaid_work", {"hours": "40"}, due_on=date(2027, 1, 1)),
        Choice("gps_tag", {"days": "0"}),
        Choice("juggling"),
    ]
    proposal = propose(catalogue, choices, casework=CASEWORK, period=PERIOD)
    found = messages(proposal)
    assert not proposal.ok
    expected = [
        "'juggling' is not a condition in checkpoint-conditions v1",
        "For 'Wear a GPS tag', the days to wear the tag must be between 1 and 120",
        "Enter the date 'Wear a GPS tag' is due",
        "'Letter of apology' is due on 1 June 2027, after the contract would end on 25 March 2027",
        "Every contract must include the condition not to reoffend",
        "A contract can have at most 5 conditions; this one has 7",
        "A contract can have at most 2 pathway interventions; this one has 3",
        "A contract can have at most 1 victim and restorative condition; this one has 2",
        "Community work must be between 18 and 36 hours; this contract asks for 40",
    ]
    for message in expected:
        assert message in found, (message, found)
    assert len(found) == len(expected)
    hours = next(p for p in proposal.problems if "Community work" in p.message)
    assert (hours.code, hours.field) == ("unpaid_work", "hours")


def test_parameter_and_due_date_problems_name_their_field(catalogue) -> None:
    choices = [
        Choice("no_reoffending", due_on=TODAY),
        Choice("drug_treatment", {"sessions": "many", "colour": "red"}, due_on=TODAY),
    ]
    proposal = propose(catalogue, choices, casework=CASEWORK, period=PERIOD)
    fields = {(p.code, p.field) for p in proposal.problems}
    assert fields == {
        ("no_reoffending", "due"),
        ("drug_treatment", "service"),
        ("drug_treatment", "sessions"),
        ("drug_treatment", "colour"),
    }
    assert "whole number" in " ".join(messages(proposal))


def test_due_dates_must_fall_within_the_contract(catalogue) -> None:
    early = Choice("apology_letter", due_on=TODAY - timedelta(days=1))
    proposal = propose(
        catalogue, [Choice("no_reoffending"), early], casework=CASEWORK, period=PERIOD
    )
    assert messages(proposal) == [
        "'Letter of apology' is due on 24 November 2026, before 25 November 2026"
    ]
    on_the_last_day = Choice("apology_letter", due_on=PERIOD.end)
    assert propose(
        catalogue, [Choice("no_reoffending"), on_the_last_day], casework=CASEWORK, period=PERIOD
    ).ok


def test_the_policy_sets_the_limits(catalogue) -> None:
    strict = Casework(
        max_conditions=3,
        max_pathway_interventions=1,
        community_hours_min=20,
        community_hours_max=30,
    )
    proposal = propose(catalogue, durham(), casework=strict, period=PERIOD)
    assert set(messages(proposal)) == {
        "A contract can have at most 3 conditions; this one has 5",
        "A contract can have at most 1 pathway interventions; this one has 2",
    }
    hours_only = [Choice("no_reoffending"), Choice("unpaid_work", {"hours": 18}, due_on=TODAY)]
    assert messages(propose(catalogue, hours_only, casework=strict, period=PERIOD)) == [
        "Community work must be between 20 and 30 hours; this contract asks for 18"
    ]


def test_a_condition_chosen_twice_and_two_no_reoffending(catalogue) -> None:
    terms = propose(catalogue, durham(), casework=CASEWORK, period=PERIOD).terms
    doubled = [shape_of(t) for t in terms] + [shape_of(terms[0]), shape_of(terms[1])]
    found = [p.message for p in composition_problems(doubled, casework=CASEWORK)]
    assert "The condition not to reoffend can appear only once" in found
    assert "'Letter of apology' is chosen more than once" in found


def test_only_no_reoffending_is_mandatory(catalogue) -> None:
    assert propose(catalogue, [Choice("no_reoffending")], casework=CASEWORK, period=PERIOD).ok


# Completion ------------------------------------------------------------------------------

START = date(2026, 12, 1)
END = date(2027, 4, 1)


def status(rule: RuleKind, target: int, entries: list[Entry], **kw: Any) -> Any:
    args = {"due_on": date(2027, 2, 1), "today": date(2027, 1, 15), "started_on": START}
    args.update(kw)
    return evaluate(rule=rule, target=target, entries=entries, ends_on=END, **args)


def test_hours_are_met_on_the_day_the_total_reaches_the_target() -> None:
    logs = [
        Entry(date(2026, 12, 10), Decimal("6")),
        Entry(date(2026, 12, 17), Decimal("7.5")),
        Entry(date(2027, 1, 7), Decimal("6")),
    ]
    result = status(RuleKind.HOURS_LOGGED, 18, logs)
    assert result.met and result.met_on == date(2027, 1, 7)
    assert result.progress == "19.5 of 18 hours"
    partial = status(RuleKind.HOURS_LOGGED, 24, logs)
    assert not partial.met and partial.progress == "19.5 of 24 hours" and not partial.overdue
    late = status(RuleKind.HOURS_LOGGED, 24, logs, today=date(2027, 2, 2))
    assert late.overdue


def test_evidence_before_the_start_or_after_the_end_does_not_count() -> None:
    logs = [Entry(date(2026, 11, 30), Decimal(10)), Entry(date(2027, 4, 2), Decimal(10))]
    assert status(RuleKind.HOURS_LOGGED, 18, logs).progress == "0 of 18 hours"


def test_sessions_evidence_and_days() -> None:
    one = [Entry(date(2026, 12, 5))]
    assert status(RuleKind.SESSIONS_ATTENDED, 1, one).progress == "1 of 1 session"
    assert status(RuleKind.SESSIONS_ATTENDED, 4, one).progress == "1 of 4 sessions"
    letter = status(RuleKind.EVIDENCE_RECORDED, 1, one)
    assert letter.met and letter.progress == "Recorded on 5 December 2026"
    assert status(RuleKind.EVIDENCE_RECORDED, 1, []).progress == "Not yet recorded"
    assert status(RuleKind.EVIDENCE_RECORDED, 2, one).progress == "1 of 2 recorded"
    tag = status(RuleKind.DAYS_COMPLETED, 28, [Entry(date(2027, 1, 1), Decimal(28))])
    assert tag.met and tag.progress == "28 of 28 days"


def test_not_reoffending_is_met_only_when_the_contract_ends() -> None:
    during = status(RuleKind.NO_NEW_OFFENCE, 1, [], due_on=None)
    assert not during.met and during.progress == "No new offence so far"
    ended = status(RuleKind.NO_NEW_OFFENCE, 1, [], due_on=None, today=END)
    assert ended.met and ended.met_on == END
    broken = status(RuleKind.NO_NEW_OFFENCE, 1, [Entry(date(2027, 1, 3))], today=END)
    assert broken.broken and not broken.met and not broken.overdue
    assert broken.progress == "New offence committed on 3 January 2027"
    # An offence committed after the contract ended is not a breach of it.
    after = status(RuleKind.NO_NEW_OFFENCE, 1, [Entry(date(2027, 5, 1))], today=date(2027, 6, 1))
    assert after.met


def test_nothing_is_met_before_signing() -> None:
    result = status(RuleKind.HOURS_LOGGED, 18, [Entry(START, Decimal(18))], started_on=None)
    assert not result.met and result.progress == "Not started"


def test_a_condition_without_its_own_due_date_is_overdue_after_the_contract_ends() -> None:
    assert status(RuleKind.SESSIONS_ATTENDED, 2, [], due_on=None, today=date(2027, 4, 2)).overdue


def test_evidence_kinds_each_rule_accepts() -> None:
    assert RuleKind.SESSIONS_ATTENDED.accepts == {
        EvidenceKind.SESSION_ATTENDED,
        EvidenceKind.SESSION_MISSED,
    }
    assert RuleKind.SESSIONS_ATTENDED.counts is EvidenceKind.SESSION_ATTENDED
    assert RuleKind.HOURS_LOGGED.accepts == frozenset() and RuleKind.HOURS_LOGGED.counts is None


def test_format_amount() -> None:
    assert [format_amount(Decimal(x)) for x in ("12", "12.50", "0.25")] == ["12", "12.5", "0.25"]


# Variations and the clock ------------------------------------------------------------------

CLOCK = ContractClock(start=date(2026, 12, 1), length_months=4)


def test_pauses_and_extensions_move_the_end() -> None:
    assert CLOCK.ends_on(today=TODAY) == date(2027, 4, 1)
    paused = vary_clock(CLOCK, VariationKind.PAUSE, on=date(2027, 1, 10), today=date(2027, 1, 20))
    # An open pause keeps moving the end until the contract restarts.
    assert paused.ends_on(today=date(2027, 1, 20)) == date(2027, 4, 11)
    assert paused.ends_on(today=date(2027, 1, 30)) == date(2027, 4, 21)
    resumed = vary_clock(
        paused, VariationKind.RESUME, on=date(2027, 1, 24), today=date(2027, 1, 30)
    )
    assert resumed.pauses == (Pause(date(2027, 1, 10), date(2027, 1, 24)),)
    assert resumed.ends_on(today=date(2027, 3, 1)) == date(2027, 4, 15)
    extended = vary_clock(resumed, VariationKind.EXTEND, days=14, today=date(2027, 3, 1))
    assert extended.extension_days == 14
    assert extended.ends_on(today=date(2027, 3, 1)) == date(2027, 4, 29)
    assert vary_clock(CLOCK, VariationKind.ADD, today=TODAY) == CLOCK


@pytest.mark.parametrize(
    ("clock", "kind", "kwargs", "problem"),
    [
        (CLOCK, VariationKind.RESUME, {"on": date(2027, 1, 1)}, "not paused"),
        (CLOCK, VariationKind.PAUSE, {"on": date(2027, 2, 1)}, "in the future"),
        (CLOCK, VariationKind.PAUSE, {"on": date(2026, 11, 30)}, "before the contract started"),
        (CLOCK, VariationKind.PAUSE, {}, "Give the date"),
        (CLOCK, VariationKind.EXTEND, {"days": 0}, "between 1 and 180"),
        (CLOCK, VariationKind.EXTEND, {}, "how many days"),
        (
            ContractClock(CLOCK.start, 4, (Pause(date(2027, 1, 2)),)),
            VariationKind.PAUSE,
            {"on": date(2027, 1, 5)},
            "already paused",
        ),
        (
            ContractClock(CLOCK.start, 4, (Pause(date(2027, 1, 2)),)),
            VariationKind.RESUME,
            {"on": date(2027, 1, 1)},
            "before the pause began",
        ),
        (
            ContractClock(CLOCK.start, 4, (Pause(date(2027, 1, 2), date(2027, 1, 9)),)),
            VariationKind.PAUSE,
            {"on": date(2027, 1, 5)},
            "before the last one ended",
        ),
    ],
)
def test_impossible_clock_changes_are_refused(
    clock: ContractClock, kind: VariationKind, kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(DomainError, match=problem):
        vary_clock(clock, kind, today=date(2027, 1, 20), **kwargs)


def test_a_finished_contract_cannot_be_paused() -> None:
    with pytest.raises(DomainError, match="already ended"):
        CLOCK.paused(on=date(2027, 4, 5), today=date(2027, 4, 10))


def test_variation_kinds_say_what_they_change() -> None:
    assert {k for k in VariationKind if k.makes_version} == {
        VariationKind.ADD,
        VariationKind.REMOVE,
        VariationKind.EXTEND,
    }
    assert {k for k in VariationKind if k.moves_clock} == {
        VariationKind.EXTEND,
        VariationKind.PAUSE,
        VariationKind.RESUME,
    }
