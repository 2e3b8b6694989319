"""Rules about criminal history, earlier diversion and the victim."""

from __future__ import annotations

from ..clocks import add_months
from ..policy import Policy
from ..screening import (
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


class CriminalHistory(Rule):
    name, clause = "history", "history.max_previous_convictions / max_recent_convictions"

    def applies(self, policy: Policy) -> bool:
        rules = policy.history
        return (
            rules.max_previous_convictions is not None or rules.max_recent_convictions is not None
        )

    def check(self, ctx: Context) -> RuleResult:
        dates = ctx.facts.history.conviction_dates
        rules = ctx.policy.history
        if dates is None:
            return self.unknown(
                "What are the dates of the person's previous convictions (from the PNC)?",
                "Previous convictions are not recorded.",
            )
        problems = []
        if (
            rules.max_previous_convictions is not None
            and len(dates) > rules.max_previous_convictions
        ):
            problems.append(
                f"{len(dates)} previous convictions (limit {rules.max_previous_convictions})"
            )
        if rules.recent_conviction_years is not None and rules.max_recent_convictions is not None:
            since = add_months(ctx.facts.decision_date, -12 * rules.recent_conviction_years)
            recent = [d for d in dates if d > since]
            if len(recent) > rules.max_recent_convictions:
                problems.append(
                    f"{len(recent)} convictions in the last "
                    f"{rules.recent_conviction_years} years (limit "
                    f"{rules.max_recent_convictions})"
                )
        if problems:
            return self.result(
                "over_limit",
                RuleStatus.FAIL,
                "Criminal history over the limit: " + "; ".join(problems) + ".",
                "Your previous convictions are beyond what this scheme allows.",
            )
        return self.passed(f"{len(dates)} previous convictions, within the limits.")


class PreviousDiversion(Rule):
    name, clause = "previous_diversion", "history.previous_diversion_excludes"

    def applies(self, policy: Policy) -> bool:
        return policy.history.previous_diversion_excludes

    def check(self, ctx: Context) -> RuleResult:
        before = ctx.facts.history.previous_diversion
        if before is None:
            return self.unknown(
                "Has the person been through the scheme before?",
                "Earlier participation is not recorded.",
            )
        if before:
            return self.result(
                "excluded",
                RuleStatus.FAIL,
                "The person has been diverted before.",
                "The scheme can only be offered once.",
            )
        return self.passed("Not diverted before.")


class VictimViews(Rule):
    name, clause = "victim", "victim.views_required / victim.opposition_excludes"

    def applies(self, policy: Policy) -> bool:
        return policy.victim.views_required or policy.victim.opposition_excludes

    def check(self, ctx: Context) -> RuleResult:
        victim = ctx.facts.victim
        rules = ctx.policy.victim
        if victim.has_victim is None:
            return self.unknown(
                "Is there an identifiable victim?", "Whether there is a victim is not recorded."
            )
        if not victim.has_victim:
            return self.result(
                "no_victim", RuleStatus.NOT_APPLICABLE, "No identifiable victim.", ""
            )
        if rules.opposition_excludes and victim.opposes_diversion:
            return self.result(
                "opposed",
                RuleStatus.FAIL,
                "The victim opposes diversion.",
                "The victim's wishes have been taken into account and the scheme cannot be "
                "offered in this case.",
            )
        if rules.views_required and not victim.views_recorded:
            return self.unknown(
                "Has the victim been asked for their views, and what are they?",
                "The victim's views have not been recorded.",
            )
        if rules.opposition_excludes and victim.opposes_diversion is None:
            return self.unknown(
                "Does the victim oppose diversion?",
                "Whether the victim opposes diversion is not recorded.",
            )
        return self.passed("Victim's views recorded and considered.")
