"""Low-level drug supply by vulnerable or coerced people (Checkpoint from late 2017)."""

from __future__ import annotations

from ..offences import OffenceFamily
from ..screening import (
    Approval,
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


class DrugSupplyConditions(Rule):
    name, clause = "drug_supply", "drug_supply"

    def check(self, ctx: Context) -> RuleResult:
        supply = [f.title for _, f in ctx.offences if f.family is OffenceFamily.DRUG_SUPPLY]
        if not supply:
            return self.result("none", RuleStatus.NOT_APPLICABLE, "No supply offence.", "")
        rules = ctx.policy.drug_supply
        if not rules.allowed:
            # The offence-scope rule already refuses supply; nothing more to say here.
            return self.result(
                "not_allowed",
                RuleStatus.NOT_APPLICABLE,
                "This policy does not allow supply offences.",
                "",
            )
        given = ctx.facts.drug_supply
        if given is None:
            return self.unknown(
                "For the supply offence: is the person vulnerable, coerced or exploited, "
                "selling to fund their own use, or splitting a deal? Which drug class?",
                "The drug supply indicators are not recorded.",
            )
        problems, questions = [], []
        if not set(given.indicators) & set(rules.indicators):
            allowed = ", ".join(i.label for i in rules.indicators)
            problems.append(f"none of the qualifying circumstances applies ({allowed})")
        if given.drug_class is None:
            questions.append("Which class of drug was supplied (A, B or C)?")
        elif given.drug_class not in rules.classes:
            problems.append(f"class {given.drug_class.value} is not covered")
        if given.county_lines_link is None:
            questions.append("Is there a link to a county lines operation?")
        elif given.county_lines_link and rules.county_lines_requires_nrm_referral:
            if given.nrm_referral is None:
                questions.append("Has the person been referred to the National Referral Mechanism?")
            elif not given.nrm_referral:
                problems.append("a county lines link needs a National Referral Mechanism referral")
        if problems:
            return self.result(
                "not_met",
                RuleStatus.FAIL,
                "Supply offence not suitable: " + "; ".join(problems) + ".",
                "The circumstances of the supply offence are outside what the scheme accepts.",
            )
        if questions:
            return self.result(
                "not_known",
                RuleStatus.NEEDS_INFORMATION,
                "Drug supply details are incomplete.",
                "We need a little more information before we can decide.",
                questions=tuple(questions),
            )
        return self.result(
            "met",
            RuleStatus.PASS,
            f"Supply offence with qualifying circumstances ({', '.join(supply)}).",
            "",
            approval=Approval.DRUG_SUPPLY if rules.supervisor_approval else None,
        )
