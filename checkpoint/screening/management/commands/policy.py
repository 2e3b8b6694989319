"""`checkpoint policy list|validate|diff|replay`: work with the versioned scheme policies."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils import timezone
from rich.progress import track

from checkpoint.audit.actions import AuditAction
from checkpoint.audit.services import audit_record
from checkpoint.domain.clocks import uk_date
from checkpoint.domain.errors import DomainError
from checkpoint.domain.offences import OffenceFamily
from checkpoint.domain.policy import Policy
from checkpoint.domain.screening import OffenceFacts, Outcome
from checkpoint.offences.catalogue import DEFAULT_CATALOGUE, catalogue_facts
from checkpoint.offences.models import Offence
from checkpoint.offences.selectors import offence_facts
from checkpoint.policies.diff import describe_changes
from checkpoint.policies.loader import LoadedPolicy, PolicyInvalid, load_policy
from checkpoint.policies.replay import (
    ReplayReport,
    StoredDecision,
    replay_decisions,
    stored_statuses,
)
from checkpoint.screening.management.commands.screen import policy_from_reference
from checkpoint.screening.models import ScreeningDecision


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _long(day: date | None, none: str = "no end date") -> str:
    return f"{day.day} {day:%B %Y}" if day is not None else none


@dataclass
class FileCheck:
    """What validation found in one policy file."""

    path: Path
    loaded: LoadedPolicy | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def catalogue_problems(policy: Policy, catalogue: dict[str, OffenceFacts]) -> list[str]:
    """Return offence codes the policy names that the catalogue does not hold."""
    offences = policy.offences
    problems = []
    for key, codes in (
        ("offences.codes_in", offences.codes_in),
        ("offences.codes_out", offences.codes_out),
    ):
        problems += [
            f"{key}: '{code}' is not in the offence catalogue (check the spelling)"
            for code in codes
            if code not in catalogue
        ]
    for index, term in enumerate(offences.specific_terms):
        if term.code is not None and term.code not in catalogue:
            problems.append(
                f"offences.specific_terms[{index}].code: '{term.code}' is not in the offence "
                "catalogue (check the spelling)"
            )
    return problems


def dead_terms(policy: Policy) -> list[str]:
    """Return specific terms for families the policy does not take, which can never apply."""
    families = set(policy.offences.families_in)
    if policy.drug_supply.allowed:
        families.add(OffenceFamily.DRUG_SUPPLY)
    return [
        f"offences.specific_terms[{index}]: family '{term.family.value}' is not in "
        "offences.families_in, so these terms never come into play"
        for index, term in enumerate(policy.offences.specific_terms)
        if term.family is not None and term.family not in families
    ]


def overlaps(loaded: list[LoadedPolicy]) -> tuple[list[str], list[str]]:
    """Return (overlaps, gaps) between policies of the same scheme."""
    problems, notes = [], []
    by_scheme = sorted(
        loaded, key=lambda p: (p.policy.policy.scheme, p.policy.policy.effective_from)
    )
    for scheme, group in itertools.groupby(by_scheme, key=lambda p: p.policy.policy.scheme):
        policies = list(group)
        for a, b in itertools.combinations(policies, 2):
            first, second = a.policy.policy, b.policy.policy
            start = max(first.effective_from, second.effective_from)
            ends = [d for d in (first.effective_to, second.effective_to) if d is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                problems.append(
                    f"{a.path.name} and {b.path.name}: both '{scheme}' policies are in force "
                    f"from {_long(start)} to {_long(end)}; a decision date must select one"
                )
        for a, b in itertools.pairwise(policies):
            last = a.policy.policy.effective_to
            starts = b.policy.policy.effective_from
            if last is not None and last + timedelta(days=1) < starts:
                notes.append(
                    f"no '{scheme}' policy is in force from {_long(last + timedelta(days=1))} "
                    f"to {_long(starts - timedelta(days=1))} (between {a.name} and {b.name})"
                )
    return problems, notes


def check_files(
    paths: list[Path], catalogue: dict[str, OffenceFacts] | None
) -> tuple[list[FileCheck], list[str], list[str]]:
    """Validate each file, then the set: return per-file checks, set problems and set notes.

    With a catalogue, offence codes the policies name must be in it.
    """
    checks = []
    for path in paths:
        check = FileCheck(path)
        try:
            check.loaded = load_policy(path)
        except PolicyInvalid as error:
            check.problems = list(error.problems)
        except IsADirectoryError:
            check.problems = ["is a directory, not a policy file"]
        except DomainError as error:
            check.problems = [str(error)]
        if check.loaded is not None and catalogue is not None:
            check.problems += catalogue_problems(check.loaded.policy, catalogue)
            check.notes += dead_terms(check.loaded.policy)
        checks.append(check)
    valid = [c.loaded for c in checks if c.loaded is not None and not c.problems]
    set_problems, set_notes = overlaps(valid)
    return checks, set_problems, set_notes


@dataclass(frozen=True)
class Period:
    """The decision dates a replay looks at; either end may be open."""

    since: date | None
    until: date | None

    def __str__(self) -> str:
        if self.since and self.until:
            return f"made {_long(self.since)} to {_long(self.until)}"
        if self.since:
            return f"made on or after {_long(self.since)}"
        if self.until:
            return f"made on or before {_long(self.until)}"
        return "of any date"


def stored_decisions(period: Period) -> QuerySet[ScreeningDecision, Any]:
    """Return the stored decisions in the period, oldest first, as plain values."""
    rows = ScreeningDecision.objects.order_by("decided_at", "id")
    if period.since is not None:
        rows = rows.filter(decided_at__date__gte=period.since)
    if period.until is not None:
        rows = rows.filter(decided_at__date__lte=period.until)
    return rows.values(
        "id",
        "case__reference",
        "inputs",
        "results",
        "computed_outcome",
        "policy_name",
        "policy_version",
    )


def as_stored(row: dict[str, Any]) -> StoredDecision:
    """Turn a ScreeningDecision values row into the pure replay's input."""
    return StoredDecision(
        id=row["id"],
        case_reference=row["case__reference"],
        inputs=row["inputs"],
        computed_outcome=Outcome(row["computed_outcome"]),
        results=stored_statuses(row["results"] or []),
        policy_label=f"{row['policy_name']} v{row['policy_version']}",
    )


def replay_lines(report: ReplayReport, label: str, period: Period) -> Iterator[str]:
    """Yield the human-readable replay report."""
    yield f"Replayed {report.examined} screening decision(s) {period} under {label}."
    yield (
        f"Unchanged: {report.unchanged} ({report.unchanged_with_other_reasons} of them "
        "for different reasons)"
    )
    yield f"Changed: {len(report.changed)}"
    for (old, new), count in report.transitions.items():
        yield f"  {old.label.lower()} → {new.label.lower()}: {count}"
    if report.not_replayed:
        yield f"Could not replay: {len(report.not_replayed)}"
    if report.changed:
        yield ""
        yield "Changed decisions:"
        for r in report.changed:
            d = r.decision
            yield (
                f"  #{d.id} {d.case_reference} (decided under {d.policy_label}): "
                f"{d.computed_outcome.label.lower()} → {r.outcome.label.lower()}; {r.why()}"
            )
    if report.not_replayed:
        yield ""
        yield "Could not replay:"
        for n in report.not_replayed:
            yield f"  #{n.decision.id} {n.decision.case_reference}: {n.problem}"


class Command(BaseCommand):
    """List, validate, compare and replay scheme policies."""

    help = "Work with scheme policies: list, validate, diff, replay."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the sub-commands."""
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="List the policies in the policy directory.")
        listing.add_argument("--json", action="store_true", help="Print JSON.")
        check = sub.add_parser(
            "validate", help="Check policy files; every problem names the file and field."
        )
        check.add_argument(
            "files",
            nargs="*",
            type=Path,
            help="Policy .toml files (default: every file in the policy directory).",
        )
        check.add_argument(
            "--catalogue",
            type=Path,
            default=DEFAULT_CATALOGUE,
            help="Offence catalogue CSV that named offence codes must be in.",
        )
        diff = sub.add_parser("diff", help="Describe the changes from policy A to policy B.")
        diff.add_argument("a", help="A policy name or a path to a .toml file.")
        diff.add_argument("b", help="A policy name or a path to a .toml file.")
        diff.add_argument("--json", action="store_true", help="Print the changes as JSON.")
        replay = sub.add_parser(
            "replay", help="Re-run stored decisions under a policy; report what would change."
        )
        replay.add_argument("--policy", required=True, help="A policy name or .toml path.")
        replay.add_argument("--since", type=_iso_date, help="First decision date (YYYY-MM-DD).")
        replay.add_argument("--until", type=_iso_date, help="Last decision date (YYYY-MM-DD).")
        replay.add_argument(
            "--catalogue",
            type=Path,
            help="Offence catalogue CSV (default: the catalogue in the database).",
        )
        replay.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        action = options["action"]
        try:
            if action == "list":
                self.list_policies(as_json=options["json"])
            elif action == "validate":
                self.validate(options["files"], options["catalogue"])
            elif action == "diff":
                self.diff(options["a"], options["b"], as_json=options["json"])
            else:
                self.replay(
                    options["policy"],
                    Period(options["since"], options["until"]),
                    options["catalogue"],
                    as_json=options["json"],
                )
        except DomainError as error:
            raise CommandError(str(error)) from None

    def list_policies(self, *, as_json: bool) -> None:
        """Print every policy in the directory with its dates and whether it is in force."""
        directory = Path(settings.CHECKPOINT_POLICY_DIR)
        today = uk_date(timezone.now())
        checks, _, _ = check_files(sorted(directory.glob("*.toml")), None)
        loaded = [c.loaded for c in checks if c.loaded is not None]
        broken = [c.path.name for c in checks if c.loaded is None]
        if as_json:
            rows = [
                {
                    "name": p.name,
                    "title": p.policy.policy.title,
                    "scheme": p.policy.policy.scheme,
                    "version": p.policy.policy.version,
                    "effective_from": p.policy.policy.effective_from.isoformat(),
                    "effective_to": (
                        p.policy.policy.effective_to.isoformat()
                        if p.policy.policy.effective_to
                        else None
                    ),
                    "in_force_today": p.policy.in_force_on(today),
                    "scheme_in_use": p.policy.policy.scheme == settings.CHECKPOINT_SCHEME,
                }
                for p in loaded
            ]
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(
                f"Policies in {directory} (this force's scheme: {settings.CHECKPOINT_SCHEME}; "
                f"today: {_long(today)})"
            )
            table: list[tuple[str, ...]] = [
                ("NAME", "SCHEME", "VERSION", "FROM", "UNTIL", "IN FORCE TODAY", "TITLE")
            ]
            for p in loaded:
                meta = p.policy.policy
                table.append(
                    (
                        meta.name,
                        meta.scheme,
                        str(meta.version),
                        meta.effective_from.isoformat(),
                        meta.effective_to.isoformat() if meta.effective_to else "-",
                        "yes" if p.policy.in_force_on(today) else "no",
                        meta.title,
                    )
                )
            widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
            for row in table:
                cells = (value.ljust(width) for value, width in zip(row, widths, strict=True))
                self.stdout.write("  ".join(cells).rstrip())
        if broken:
            raise CommandError(
                f"These policy files are invalid and were left out: {', '.join(broken)}. "
                "Run `checkpoint policy validate` to see why."
            )

    def validate(self, files: list[Path], catalogue_path: Path) -> None:
        """Check each file and the set; exit non-zero if anything is invalid."""
        paths = files or sorted(Path(settings.CHECKPOINT_POLICY_DIR).glob("*.toml"))
        if not paths:
            raise CommandError("There are no policy files to validate.")
        catalogue = catalogue_facts(catalogue_path)
        checks, set_problems, set_notes = check_files(paths, catalogue)
        for check in checks:
            if check.problems:
                self.stdout.write(f"INVALID  {check.path}")
                self.stdout.write("\n".join(f"  {check.path.name}: {p}" for p in check.problems))
            else:
                assert check.loaded is not None
                self.stdout.write(f"OK       {check.path} ({check.loaded.policy.label})")
            for note in check.notes:
                self.stdout.write(f"  note: {check.path.name}: {note}")
        for problem in set_problems:
            self.stdout.write(f"INVALID  {problem}")
        for note in set_notes:
            self.stdout.write(f"note: {note}")
        invalid = sum(1 for c in checks if c.problems)
        if invalid or set_problems:
            raise CommandError(
                f"{invalid} of {len(checks)} policy file(s) invalid"
                + (f"; {len(set_problems)} overlap(s) between policies" if set_problems else "")
                + "."
            )

    def diff(self, a: str, b: str, *, as_json: bool) -> None:
        """Print the changes from policy a to policy b in plain words."""
        first, second = policy_from_reference(a), policy_from_reference(b)
        changes = describe_changes(first.policy, second.policy)
        if as_json:
            self.stdout.write(json.dumps(changes, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"From {first.policy.label} to {second.policy.label}:")
        self.stdout.write("\n".join(f"- {c}" for c in changes))

    def replay(
        self, reference: str, period: Period, catalogue_path: Path | None, *, as_json: bool
    ) -> None:
        """Re-run stored decisions under a policy and report the outcomes that would change."""
        if period.since and period.until and period.since > period.until:
            raise CommandError(
                f"--since ({period.since}) is after --until ({period.until}), so no decision fits."
            )
        loaded = policy_from_reference(reference)
        catalogue = (
            catalogue_facts(catalogue_path)
            if catalogue_path is not None
            else offence_facts(Offence.objects.values_list("code", flat=True))
        )
        rows = stored_decisions(period)
        decisions: Iterable[StoredDecision] = (
            as_stored(row) for row in rows.iterator(chunk_size=1000)
        )
        if not as_json and sys.stderr.isatty():
            decisions = track(decisions, total=rows.count(), description="Replaying")
        report = replay_decisions(decisions, loaded.policy, catalogue)
        # Replay reads every stored decision's personal facts, so the reading is audited.
        audit_record(
            actor=None,
            action=AuditAction.CONSULTATION,
            verb="policy.replay",
            object_type="screening.replay",
            object_id=loaded.name,
            summary=(
                f"Replayed {report.examined} screening decision(s) {period} under "
                f"{loaded.policy.label}: {len(report.changed)} would change"
            ),
        )
        if as_json:
            self.stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
            return
        self.stdout.write("\n".join(replay_lines(report, loaded.policy.label, period)))
