"""The s127 limitation clock and the advisory forecast."""

from __future__ import annotations

from ..clocks import contract_end, limitation_check
from ..offences import ModeOfTrial
from ..screening import (
    Approval,
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


class LimitationClock(Rule):
    name, clause = "s127", "clocks.s127_breach_margin_days (Magistrates' Courts Act 1980 s127)"

    def check(self, ctx: Context) -> RuleResult:
        summary = [
            i.committed_on for i, f in ctx.offences if f.mode_of_trial is ModeOfTrial.SUMMARY_ONLY
        ]
        if not summary:
            return self.result(
                "not_summary_only",
                RuleStatus.NOT_APPLICABLE,
                "No summary-only offence, so no s127 time limit.",
                "",
            )
        clocks = ctx.policy.clocks
        day = ctx.facts.decision_date
        ends = contract_end(start=day, length_months=clocks.contract_months, today=day)
        check = limitation_check(
            mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
            offence_date=min(summary),
            today=day,
            contract_ends=ends,
            breach_margin_days=clocks.s127_breach_margin_days,
            warning_days=clocks.s127_warning_days,
        )
        assert check.last_date is not None and check.latest_needed is not None
        if check.at_risk:
            return self.result(
                "contract_would_pass_limit",
                RuleStatus.FAIL,
                f"Proceedings must start by {check.last_date:%d %B %Y} (s127). A "
                f"{clocks.contract_months}-month contract from today ends "
                f"{ends:%d %B %Y}, and handling a breach needs until "
                f"{check.latest_needed:%d %B %Y}, so a breach could not be prosecuted. "
                "Only a supervisor's override can allow it.",
                "There is not enough time left under the law to run the contract and still "
                "take the case to court if it were not kept.",
                overridable_by=Approval.S127_OVERRIDE,
            )
        return self.passed(
            f"Proceedings must start by {check.last_date:%d %B %Y}; the contract and breach "
            f"handling would finish by {check.latest_needed:%d %B %Y}."
        )


class RiskAdvisory(Rule):
    """Show the advisory forecast beside the rules; it never changes the outcome."""

    name, clause = "forecast", "risk.advisory_bands"

    def check(self, ctx: Context) -> RuleResult:
        forecast = ctx.facts.forecast
        wanted = ctx.policy.risk.advisory_bands
        bands = ", ".join(b.label.lower() for b in wanted)
        if forecast is None:
            if not wanted:
                return self.result("none", RuleStatus.NOT_APPLICABLE, "No forecast.", "")
            return self.result(
                "none",
                RuleStatus.ADVISORY,
                f"No forecast available. The policy looks for: {bands}.",
                "",
            )
        factors = "; ".join(forecast.factors[:3])
        because = f" Main factors: {factors}." if factors else ""
        if not wanted:
            return self.result(
                "given",
                RuleStatus.ADVISORY,
                f"Advisory forecast: {forecast.band.label.lower()}.{because} Weigh it with "
                "everything else; it does not decide.",
                "",
            )
        fits = forecast.band in wanted
        return self.result(
            "in_band" if fits else "outside_band",
            RuleStatus.ADVISORY,
            f"Advisory forecast: {forecast.band.label.lower()} "
            f"({'within' if fits else 'outside'} the policy's bands: {bands}).{because} "
            "Weigh it with everything else; it does not decide.",
            "",
        )
