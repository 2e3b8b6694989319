"""`checkpoint screen FILE.json [--policy NAME|PATH]`: a dry run of the eligibility rules.

Nothing is read from or written to the database: the offence catalogue comes from its CSV
and the policy from its TOML file, so policy authors can test a draft on any machine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from pydantic import ValidationError

from checkpoint.domain.eligibility import screen
from checkpoint.domain.errors import DomainError
from checkpoint.domain.screening import (
    OffenceFacts,
    Outcome,
    RuleResult,
    RuleStatus,
    ScreeningInput,
    ScreeningResult,
)
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE, catalogue_facts
from checkpoint.policies.loader import LoadedPolicy, policy_in_force
from checkpoint.policies.loader import policy_from_reference as load_reference
from checkpoint.screening.services import result_rows


def policy_from_reference(reference: str, directory: Path | None = None) -> LoadedPolicy:
    """Return a policy by name from the force's policy directory, or from a .toml path."""
    return load_reference(reference, directory or Path(settings.CHECKPOINT_POLICY_DIR))


def _location(parts: Sequence[int | str]) -> str:
    """Write a pydantic error location as a JSON path: offences[0].committed_on."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the whole referral)"


def input_problems(error: ValidationError, prefix: str = "") -> list[str]:
    """Return one line per schema problem, naming the field path."""
    problems = []
    for issue in error.errors():
        detail = issue["msg"]
        if issue["type"] == "extra_forbidden":
            detail = "is not a field of the screening input (check the spelling)"
        elif issue["type"] == "missing":
            detail = "is required"
        problems.append(f"{prefix}{_location(issue['loc'])}: {detail}")
    return problems


def read_referrals(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """Return the referral objects in a file and whether the file held an array."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"There is no file {path}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    if isinstance(data, dict):
        return [data], False
    if isinstance(data, list) and data:
        return data, True
    if isinstance(data, list):
        raise CommandError(f"{path} holds an empty array, so there is nothing to screen.")
    raise CommandError(
        f"{path} must hold one screening input (a JSON object) or an array of them, "
        f"not {type(data).__name__}."
    )


@dataclass(frozen=True)
class DryRun:
    """One referral screened: its facts, the policy applied and what the rules found."""

    facts: ScreeningInput
    policy: LoadedPolicy
    result: ScreeningResult

    @property
    def in_force(self) -> bool:
        """Return whether the policy applied on the referral's decision date."""
        return self.policy.policy.in_force_on(self.facts.decision_date)


def screen_referrals(
    raw: list[dict[str, Any]],
    *,
    as_array: bool,
    policy: LoadedPolicy | None,
    catalogue: dict[str, OffenceFacts],
    source: str,
) -> list[DryRun]:
    """Validate and screen every referral, or raise CommandError listing every problem."""
    problems: list[str] = []
    runs: list[DryRun] = []
    for index, item in enumerate(raw):
        prefix = f"[{index}]." if as_array else ""
        if not isinstance(item, dict):
            problems.append(f"[{index}]: must be a JSON object, not {type(item).__name__}")
            continue
        try:
            facts = ScreeningInput.model_validate(item)
        except ValidationError as error:
            problems.extend(input_problems(error, prefix))
            continue
        try:
            chosen = policy or policy_in_force(
                settings.CHECKPOINT_SCHEME, facts.decision_date, settings.CHECKPOINT_POLICY_DIR
            )
            runs.append(DryRun(facts, chosen, screen(facts, chosen.policy, catalogue)))
        except DomainError as error:
            problems.append(f"[{index}]: {error}" if as_array else str(error))
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise CommandError(f"{source} cannot be screened:\n{listed}")
    return runs


def _when(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def run_json(run: DryRun) -> dict[str, Any]:
    """Return one dry run as JSON-ready data; reasons have the same shape as stored records."""
    result, meta = run.result, run.policy.policy.policy
    return {
        "policy": result.policy_name,
        "version": result.policy_version,
        "policy_in_force_on_decision_date": run.in_force,
        "decision_date": run.facts.decision_date.isoformat(),
        "outcome": result.outcome.value,
        "reasons": result_rows(result),
        "questions": list(result.questions),
        "approvals_required": [a.value for a in result.approvals_required],
        "overridable": result.overridable,
        "s127_last_date": _when(result.limitation_last_date),
        "policy_effective_from": meta.effective_from.isoformat(),
        "policy_effective_to": _when(meta.effective_to),
    }


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _detail(result: RuleResult) -> list[str]:
    lines = [f"  {result.code}", f"    Officer: {result.officer}"]
    if result.person:
        lines.append(f"    Person:  {result.person}")
    lines.append(f"    Clause:  {result.clause}")
    if result.overridable_by is not None:
        lines.append(f"    Can be overridden by: {result.overridable_by.label.lower()}")
    return lines


def describe(run: DryRun) -> list[str]:
    """Return the human-readable report of one dry run."""
    result, loaded = run.result, run.policy
    meta = loaded.policy.policy
    day = run.facts.decision_date
    lines = [
        f"Outcome: {result.outcome.label}",
        f"Policy:  {loaded.policy.label} ({meta.title})",
        f"Decision date: {_long_date(day)}",
    ]
    if not run.in_force:
        until = _long_date(meta.effective_to) if meta.effective_to else "no end date"
        lines.append(
            f"Note: {loaded.policy.label} was not in force on {_long_date(day)} (it runs from "
            f"{_long_date(meta.effective_from)} to {until}); this is a what-if."
        )
    by_status: dict[RuleStatus, list[RuleResult]] = {s: [] for s in RuleStatus}
    for rule in result.results:
        by_status[rule.status].append(rule)
    for status, heading in (
        (RuleStatus.FAIL, "Fails"),
        (RuleStatus.NEEDS_INFORMATION, "Needs information"),
    ):
        if by_status[status]:
            lines.append(f"{heading} ({len(by_status[status])}):")
            for rule in by_status[status]:
                lines.extend(_detail(rule))
    if result.questions:
        lines.append("Questions that would settle it:")
        lines.extend(f"  {n}. {q}" for n, q in enumerate(result.questions, start=1))
    if result.approvals_required:
        lines.append("Approvals required before it takes effect:")
        lines.extend(f"  - {a.label}" for a in result.approvals_required)
    if result.overridable:
        settle = " once the questions above are answered" if result.questions else ""
        lines.append(
            "Overridable: every failure can be overridden by a supervisor; record 'eligible' "
            f"with a reason to ask for the override{settle}."
        )
    if by_status[RuleStatus.ADVISORY]:
        lines.append("Advisory (weigh it; it does not decide):")
        lines.extend(f"  - {r.code}: {r.officer}" for r in by_status[RuleStatus.ADVISORY])
    if result.limitation_last_date is not None:
        lines.append(
            "s127: proceedings for the summary-only offence must start by "
            f"{_long_date(result.limitation_last_date)}."
        )
    for status, heading in (
        (RuleStatus.PASS, "Passed"),
        (RuleStatus.NOT_APPLICABLE, "Not applicable"),
    ):
        if by_status[status]:
            codes = ", ".join(r.code for r in by_status[status])
            lines.append(f"{heading} ({len(by_status[status])}): {codes}")
    return lines


class Command(BaseCommand):
    """Screen referrals from a JSON file without touching the database."""

    help = (
        "Dry-run the eligibility rules on a screening input JSON file (one object, or an "
        "array of them). Touches no database."
    )
    # A dry run needs neither the database nor a checked project: it reads two files.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the file, the policy, the catalogue and the output format."""
        parser.add_argument("file", type=Path, help="A ScreeningInput JSON file.")
        parser.add_argument(
            "--policy",
            help="A policy name from the policy directory, or a path to a .toml policy file "
            "(a draft). Default: the scheme's policy in force on each decision date.",
        )
        parser.add_argument(
            "--catalogue",
            type=Path,
            default=DEFAULT_CATALOGUE,
            help="An offence catalogue CSV (default: the shipped catalogue).",
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Screen every referral in the file and print the results."""
        path: Path = options["file"]
        raw, as_array = read_referrals(path)
        try:
            policy = policy_from_reference(options["policy"]) if options["policy"] else None
            catalogue = catalogue_facts(options["catalogue"])
        except DomainError as error:
            raise CommandError(str(error)) from None
        runs = screen_referrals(
            raw, as_array=as_array, policy=policy, catalogue=catalogue, source=str(path)
        )
        if options["json"]:
            payload: Any = [run_json(r) for r in runs] if as_array else run_json(runs[0])
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        for index, run in enumerate(runs):
            if as_array:
                if index:
                    self.stdout.write("")
                self.stdout.write(f"Referral [{index}]")
            self.stdout.write("\n".join(describe(run)))
        if as_array:
            counts = {o: sum(r.result.outcome is o for r in runs) for o in Outcome}
            tally = ", ".join(f"{n} {o.label.lower()}" for o, n in counts.items() if n)
            self.stdout.write(f"\n{len(runs)} referrals: {tally}.")
